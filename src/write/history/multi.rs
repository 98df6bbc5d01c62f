//! A history of workbooks holding several portfolios (WORKBOOKS.md →
//! Several portfolio sheets): one series per portfolio name across the
//! cycles, each said to be about its portfolio, and one line for a
//! portfolio found in one cycle only. With one portfolio per workbook
//! `x1060 history` writes the one-portfolio forms of [`super`] unchanged.

use std::io::Write;

use crate::write::Result;
use rust_xlsxwriter::Workbook;
use serde_json::{Value as Json, json};

use super::{add_sheets, to_json, write_text};
use crate::analysis::history::History;
use crate::catalogue::Lang;
use crate::write::diff::multi::{heading, part_sheet_name};
use crate::write::html::history::{history_body, page_title};
use crate::write::html::{esc, page};
use crate::write::report::{Sheet, Styles, xlsx_error};

/// Version of the `x1060-history` document holding several portfolios (each
/// element of its `portfolios` is a version [`super::SCHEMA_VERSION`]
/// document).
pub const SCHEMA_VERSION_SEVERAL: u32 = 2;

/// One portfolio name's series over the cycles.
#[derive(Debug, Clone)]
pub enum Series {
    /// Found in two or more cycles: its history (cycles named `file#sheet`).
    Followed {
        /// The portfolio's name (its first sheet's name).
        name: String,
        /// Its history.
        history: Box<History>,
    },
    /// Found in one cycle only: no history.
    Single {
        /// The portfolio's name.
        name: String,
        /// It as `file#sheet`.
        path: String,
    },
}

impl Series {
    fn name(&self) -> &str {
        match self {
            Series::Followed { name, .. } | Series::Single { name, .. } => name,
        }
    }
}

/// The line that says a portfolio is in one cycle only.
pub fn single_line(name: &str, path: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "portfolio '{name}': in one cycle only ({path}); no other workbook has a portfolio of that name, no history"
        ),
        Lang::Ja => format!(
            "ポートフォリオ「{name}」: 1つのサイクルのみ（{path}）。他のワークブックに同じ名前のポートフォリオがないため推移はありません"
        ),
    }
}

fn intro(series: &[Series], lang: Lang) -> String {
    let n = series
        .iter()
        .filter(|s| matches!(s, Series::Followed { .. }))
        .count();
    let k = series.len() - n;
    match lang {
        Lang::En => format!(
            "several portfolios, followed by name over the cycles ({n} followed, {k} in one cycle only)"
        ),
        Lang::Ja => format!(
            "複数のポートフォリオを名前で対応づけて推移を示します（推移 {n} 件、1サイクルのみ {k} 件）"
        ),
    }
}

/// Writes the series as text: a first line, then per portfolio its heading
/// and its history (the one-portfolio text), or its one line.
pub fn write_text_all(out: &mut impl Write, series: &[Series], lang: Lang) -> Result<()> {
    writeln!(out, "{}", intro(series, lang))?;
    for s in series {
        writeln!(out)?;
        match s {
            Series::Followed { name, history } => {
                writeln!(out, "{}", heading(name, lang))?;
                write_text(out, history, lang)?;
            }
            Series::Single { name, path } => writeln!(out, "{}", single_line(name, path, lang))?,
        }
    }
    Ok(())
}

/// The series as one `x1060-history` document of version
/// [`SCHEMA_VERSION_SEVERAL`]: `portfolios` holds one one-portfolio document
/// per followed portfolio as `{"name": …, "history": …}`; `single` the
/// portfolios found in one cycle only.
pub fn to_json_all(series: &[Series]) -> Json {
    let mut followed = Vec::new();
    let mut single = Vec::new();
    for s in series {
        match s {
            Series::Followed { name, history } => {
                let doc = json!({ "name": name, "history": to_json(history) });
                followed.push(doc);
            }
            Series::Single { name, path } => single.push(json!({
                "name": name,
                "path": path,
            })),
        }
    }
    json!({
        "schema": "x1060-history",
        "schema_version": SCHEMA_VERSION_SEVERAL,
        "tool_version": env!("CARGO_PKG_VERSION"),
        "portfolios": followed,
        "single": single,
    })
}

/// The series as one workbook: a first sheet listing the portfolios, then
/// the two sheets (trend, changes) of each followed portfolio, named after
/// it.
pub fn to_xlsx_all(series: &[Series], lang: Lang) -> Result<Vec<u8>> {
    let st = Styles::new(lang);
    let mut wb = Workbook::new();
    let list_name = lang.pick("ポートフォリオ", "Portfolios");
    let mut taken = vec![list_name.to_string()];
    let mut sheets: Vec<(usize, [String; 2])> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        if matches!(s, Series::Followed { .. }) {
            let names = [lang.pick("推移", "Trend"), lang.pick("変更", "Changes")]
                .map(|b| part_sheet_name(b, s.name(), i + 1, &mut taken));
            sheets.push((i, names));
        }
    }
    let heads = [
        lang.pick("ポートフォリオ", "Portfolio"),
        lang.pick("サイクル数", "Cycles"),
        lang.pick("ワークブック", "Workbooks"),
        lang.pick("シート", "Sheets"),
    ];
    {
        let mut sh = Sheet::new(
            wb.add_worksheet(),
            &st,
            list_name,
            lang.pick("ポートフォリオごとの推移", "History per portfolio"),
            &intro(series, lang),
            &heads,
            1,
        )?;
        for (i, s) in series.iter().enumerate() {
            let r = sh.next_row();
            sh.text(r, 0, s.name())?;
            match s {
                Series::Followed { history, .. } => {
                    sh.int(r, 1, Some(history.cycles.len() as f64))?;
                    let labels: Vec<&str> =
                        history.cycles.iter().map(|c| c.label.as_str()).collect();
                    sh.text(r, 2, &labels.join(lang.pick("、", ", ")))?;
                    if let Some((_, names)) = sheets.iter().find(|(j, _)| *j == i) {
                        sh.text(r, 3, &names.join(lang.pick("、", ", ")))?;
                    }
                }
                Series::Single { path, .. } => {
                    sh.int(r, 1, Some(1.0))?;
                    sh.text(r, 2, path)?;
                    sh.text(r, 3, lang.pick("（推移なし）", "(no history)"))?;
                }
            }
        }
        sh.finish(1)?;
    }
    for (i, names) in &sheets {
        if let Series::Followed { history, .. } = &series[*i] {
            add_sheets(
                &mut wb,
                &st,
                history,
                lang,
                [names[0].as_str(), names[1].as_str()],
            )?;
        }
    }
    wb.save_to_buffer().map_err(xlsx_error)
}

/// The series as one HTML page: per followed portfolio its history under a
/// heading naming the portfolio; a portfolio in one cycle only in one line.
pub fn to_html_all(series: &[Series], lang: Lang) -> String {
    let title = page_title(lang);
    let mut b = String::new();
    b.push_str(&format!(
        "<section class=\"first\"><h1>{}</h1><p class=\"meta\">{}</p>",
        esc(title),
        esc(&intro(series, lang))
    ));
    for s in series {
        if let Series::Single { name, path } = s {
            b.push_str(&format!(
                "<p class=\"note\">{}</p>",
                esc(&single_line(name, path, lang))
            ));
        }
    }
    b.push_str("</section>\n");
    for s in series {
        if let Series::Followed { name, history } = s {
            let t = match lang {
                Lang::En => format!("Portfolio '{name}'"),
                Lang::Ja => format!("ポートフォリオ「{name}」"),
            };
            b.push_str(&history_body(history, lang, &t));
        }
    }
    page(lang, title, &b)
}
