//! A diff of workbooks holding several portfolios (WORKBOOKS.md → Several
//! portfolio sheets): one comparison per portfolio name, each said to be
//! about its portfolio, and one line for a portfolio found on one side only.
//! With one portfolio on each side `x1060 diff` writes the one-portfolio
//! forms of [`super`] instead, unchanged.

use std::io::Write;

use crate::write::Result;
use rust_xlsxwriter::Workbook;
use serde_json::{Value as Json, json};

use super::xlsx::{add_sheets, base_names};
use super::{Inputs, to_json, write_text};
use crate::analysis::diff::Diff;
use crate::catalogue::Lang;
use crate::write::report::{Sheet, Styles, xlsx_error};

/// Version of the `x1060-diff` document holding several portfolios (each
/// element of its `portfolios` is a version [`super::SCHEMA_VERSION`]
/// document).
pub const SCHEMA_VERSION_SEVERAL: u32 = 3;

/// One part of a diff of workbooks with several portfolios.
#[derive(Debug, Clone)]
pub enum Part {
    /// Portfolios named alike on both sides, compared.
    Compared {
        /// The portfolio's name (its first sheet's name).
        name: String,
        /// The older side as `file#sheet`.
        old: String,
        /// The newer side as `file#sheet`.
        new: String,
        /// The comparison.
        diff: Box<Diff>,
    },
    /// A portfolio on one side only: not compared.
    Alone {
        /// The portfolio's name.
        name: String,
        /// True when it is in the older workbook, false in the newer.
        in_old: bool,
        /// It as `file#sheet`.
        path: String,
    },
}

impl Part {
    fn name(&self) -> &str {
        match self {
            Part::Compared { name, .. } | Part::Alone { name, .. } => name,
        }
    }
}

/// The line that says a portfolio was found on one side only.
pub fn alone_line(name: &str, in_old: bool, path: &str, lang: Lang) -> String {
    match (lang, in_old) {
        (Lang::En, true) => format!(
            "portfolio '{name}': only in old ({path}); the new workbook has no portfolio of that name, not compared"
        ),
        (Lang::En, false) => format!(
            "portfolio '{name}': only in new ({path}); the old workbook has no portfolio of that name, not compared"
        ),
        (Lang::Ja, true) => format!(
            "ポートフォリオ「{name}」: 前回のみ（{path}）。今回に同じ名前のポートフォリオがないため比較していません"
        ),
        (Lang::Ja, false) => format!(
            "ポートフォリオ「{name}」: 今回のみ（{path}）。前回に同じ名前のポートフォリオがないため比較していません"
        ),
    }
}

/// A portfolio's heading line.
pub fn heading(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("=== Portfolio '{name}' ==="),
        Lang::Ja => format!("=== ポートフォリオ「{name}」 ==="),
    }
}

/// Writes the parts as text: a line naming the two workbooks, then per
/// portfolio its heading and its comparison (the one-portfolio text), or
/// its one line when it is on one side only.
pub fn write_text_all(
    out: &mut impl Write,
    parts: &[Part],
    files: Inputs,
    lang: Lang,
) -> Result<()> {
    let n = parts
        .iter()
        .filter(|p| matches!(p, Part::Compared { .. }))
        .count();
    match lang {
        Lang::En => writeln!(
            out,
            "{} → {}: several portfolios, compared by name ({n} compared, {} on one side only)",
            files.old,
            files.new,
            parts.len() - n
        )?,
        Lang::Ja => writeln!(
            out,
            "{} → {}: 複数のポートフォリオを名前で対応づけて比較します（比較 {n} 件、片方のみ {} 件）",
            files.old,
            files.new,
            parts.len() - n
        )?,
    }
    for p in parts {
        writeln!(out)?;
        match p {
            Part::Compared {
                name,
                old,
                new,
                diff,
            } => {
                writeln!(out, "{}", heading(name, lang))?;
                write_text(out, diff, Inputs { old, new }, lang)?;
            }
            Part::Alone { name, in_old, path } => {
                writeln!(out, "{}", alone_line(name, *in_old, path, lang))?
            }
        }
    }
    Ok(())
}

/// The parts as one `x1060-diff` document of version
/// [`SCHEMA_VERSION_SEVERAL`]: `portfolios` holds one one-portfolio document
/// per compared portfolio as `{"name": …, "diff": …}`; `not_compared` the
/// portfolios on one side only.
pub fn to_json_all(parts: &[Part], files: Inputs) -> Json {
    let mut compared = Vec::new();
    let mut alone = Vec::new();
    for p in parts {
        match p {
            Part::Compared {
                name,
                old,
                new,
                diff,
            } => {
                let doc = json!({ "name": name, "diff": to_json(diff, Inputs { old, new }) });
                compared.push(doc);
            }
            Part::Alone { name, in_old, path } => alone.push(json!({
                "name": name,
                "only_in": if *in_old { "old" } else { "new" },
                "path": path,
            })),
        }
    }
    json!({
        "schema": "x1060-diff",
        "schema_version": SCHEMA_VERSION_SEVERAL,
        "tool_version": env!("CARGO_PKG_VERSION"),
        "old": files.old,
        "new": files.new,
        "portfolios": compared,
        "not_compared": alone,
    })
}

/// A sheet name for one portfolio's part: `base portfolio`, cut to Excel's
/// 31 characters and rid of the characters Excel refuses; when that name is
/// taken (two long names cut alike), `base n` with the part's number.
///
/// ```
/// use x1060::write::diff::multi::part_sheet_name;
/// let mut taken = Vec::new();
/// assert_eq!(part_sheet_name("概要", "A社", 1, &mut taken), "概要 A社");
/// assert_eq!(part_sheet_name("Summary", "a/b", 2, &mut taken), "Summary a_b");
/// assert_eq!(part_sheet_name("概要", "A社", 3, &mut taken), "概要 3");
/// ```
pub fn part_sheet_name(base: &str, portfolio: &str, n: usize, taken: &mut Vec<String>) -> String {
    let clean: String = portfolio
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let mut name: String = format!("{base} {clean}").chars().take(31).collect();
    name = name.trim_end_matches(['\'', ' ']).to_string();
    if taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        name = format!("{base} {n}");
    }
    taken.push(name.clone());
    name
}

/// The parts as one workbook: a first sheet listing the portfolios (compared,
/// or on one side only), then the four sheets of each comparison, named
/// after its portfolio.
pub fn to_xlsx_all(parts: &[Part], files: Inputs, lang: Lang) -> Result<Vec<u8>> {
    let st = Styles::new(lang);
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(lang.pick("X.1060 評価サイクル比較", "X.1060 review cycle comparison"))
            .set_comment(format!("x1060 {}", env!("CARGO_PKG_VERSION"))),
    );
    let list_name = lang.pick("ポートフォリオ", "Portfolios");
    let mut taken = vec![list_name.to_string()];
    let heads = [
        lang.pick("ポートフォリオ", "Portfolio"),
        lang.pick("比較", "Compared"),
        lang.pick("前回", "Old"),
        lang.pick("今回", "New"),
        lang.pick("変更のあったサービス", "Changed services"),
        lang.pick("シート", "Sheets"),
    ];
    let mut sheets: Vec<(usize, [String; 4])> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if matches!(p, Part::Compared { .. }) {
            let names = base_names(lang).map(|b| part_sheet_name(b, p.name(), i + 1, &mut taken));
            sheets.push((i, names));
        }
    }
    {
        let mut sh = Sheet::new(
            wb.add_worksheet(),
            &st,
            list_name,
            &format!(
                "{} {} → {}",
                lang.pick("ポートフォリオごとの比較:", "Comparison per portfolio:"),
                files.old,
                files.new
            ),
            lang.pick(
                "同じ名前のポートフォリオ（シート）どうしを比べます。片方にしかないポートフォリオは比較していません。",
                "Portfolios (sheets) of the same name are compared; a portfolio on one side only is not compared.",
            ),
            &heads,
            4,
        )?;
        for (i, p) in parts.iter().enumerate() {
            let r = sh.next_row();
            sh.text(r, 0, p.name())?;
            match p {
                Part::Compared { old, new, diff, .. } => {
                    sh.text(r, 1, lang.pick("比較", "compared"))?;
                    sh.text(r, 2, old)?;
                    sh.text(r, 3, new)?;
                    sh.int(r, 4, Some(diff.services.len() as f64))?;
                    if let Some((_, names)) = sheets.iter().find(|(j, _)| *j == i) {
                        sh.text(r, 5, &names.join(lang.pick("、", ", ")))?;
                    }
                }
                Part::Alone { in_old, path, .. } => {
                    let (what, col) = if *in_old {
                        (
                            lang.pick("前回のみ（比較なし）", "old only (not compared)"),
                            2,
                        )
                    } else {
                        (
                            lang.pick("今回のみ（比較なし）", "new only (not compared)"),
                            3,
                        )
                    };
                    sh.text(r, 1, what)?;
                    sh.text(r, col, path)?;
                }
            }
        }
        sh.finish(1)?;
    }
    for (i, names) in &sheets {
        if let Part::Compared { old, new, diff, .. } = &parts[*i] {
            let names = [
                names[0].as_str(),
                names[1].as_str(),
                names[2].as_str(),
                names[3].as_str(),
            ];
            add_sheets(&mut wb, &st, diff, Inputs { old, new }, lang, names)?;
        }
    }
    wb.save_to_buffer().map_err(xlsx_error)
}
