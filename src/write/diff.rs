//! Rendering a [`Diff`] between two review cycles: readable text, the
//! `x1060-diff` JSON document, or a workbook with a summary sheet and a sheet
//! per section (§11.2 catalogue, §11.3 profile, §11.4 portfolio).

use std::io::Write;

use crate::write::Result;
use serde_json::{Value as Json, json};

use crate::analysis::diff::{
    Change, ChangeKind, Diff, Direction, GroupDelta, Section, ServiceChange, Shown, Side, Snapshot,
};
use crate::catalogue::{Lang, catalogue, vocabulary};
use crate::text::{display_width, fold};

pub mod multi;
mod xlsx;

/// Version of the `x1060-diff` JSON document (2: `to_be_changed` split
/// into `to_be_raised` / `to_be_lowered` / `to_be_changed`, `target_cut`,
/// `services`, `assessment_date`).
pub const SCHEMA_VERSION: u32 = 2;

/// The two inputs, as named on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The older portfolio's path.
    pub old: &'a str,
    /// The newer portfolio's path.
    pub new: &'a str,
}

/// A section's title in a language (§11.2–§11.4).
pub fn section_title(s: Section, lang: Lang) -> &'static str {
    match s {
        Section::Catalogue => lang.pick("サービスカタログ", "Service catalogue"),
        Section::Profile => lang.pick("サービスプロファイル", "Service profile"),
        Section::Portfolio => lang.pick("サービスポートフォリオ", "Service portfolio"),
    }
}

/// The section of JT-X1060 a section follows, in the language's form
/// (`§11.2` in English, `11.2節` in Japanese).
pub fn section_source(s: Section, lang: Lang) -> String {
    let n = s.source().trim_start_matches('§');
    match lang {
        Lang::Ja => format!("{n}節"),
        Lang::En => format!("§{n}"),
    }
}

/// A kind of change in words (never its machine key).
pub fn kind_label(k: ChangeKind, lang: Lang) -> &'static str {
    use ChangeKind::*;
    match k {
        ServiceAdded => lang.pick("サービス追加", "service added"),
        ServiceRemoved => lang.pick("サービス削除", "service removed"),
        LevelChanged => lang.pick("推奨レベル変更", "level changed"),
        ToUnnecessary => lang.pick("不要に変更", "moved to Unnecessary"),
        FromUnnecessary => lang.pick("不要から復帰", "moved from Unnecessary"),
        AssignmentChanged => lang.pick("サービス割り当て変更", "assignment changed"),
        UnassignedResolved => lang.pick("未割り当て解消", "Unassigned resolved"),
        UnassignedIntroduced => lang.pick("未割り当て発生", "became Unassigned"),
        PartyChanged => lang.pick("担当・委託先変更", "team / contractor changed"),
        AsIsUp => lang.pick("現状スコア向上", "As-Is up"),
        AsIsDown => lang.pick("現状スコア低下", "As-Is down"),
        AsIsChanged => lang.pick("現状スコア変更", "As-Is changed"),
        ToBeRaised => lang.pick("あるべき姿引き上げ", "To-Be raised"),
        ToBeLowered => lang.pick("あるべき姿引き下げ", "To-Be lowered"),
        ToBeChanged => lang.pick("あるべき姿変更", "To-Be changed"),
        GapClosed => lang.pick("ギャップ解消", "gap closed"),
        TargetCut => lang.pick(
            "あるべき姿の引き下げでギャップ消滅（解消ではない）",
            "gap gone by a lowered To-Be (not closed)",
        ),
        GapOpened => lang.pick("ギャップ発生", "gap opened"),
    }
}

/// A direction in words.
pub fn direction_label(d: Direction, lang: Lang) -> &'static str {
    match d {
        Direction::Regression => lang.pick("後退", "regression"),
        Direction::Progress => lang.pick("前進", "progress"),
        Direction::Other => lang.pick("その他の変更", "other change"),
    }
}

/// The service's name in a language: the X.1060 name for a catalogue
/// service, else the name as written.
fn service_name(c: &Change, lang: Lang) -> String {
    match catalogue().service(&c.service) {
        Some(d) => d.name(lang).to_string(),
        None => c.name.clone().unwrap_or_default(),
    }
}

/// A change's value for people: canonical words in the language, `(blank)`
/// for nothing.
fn show(kind: ChangeKind, v: &Option<String>, lang: Lang) -> String {
    use ChangeKind::*;
    let Some(v) = v else {
        return lang.pick("(空欄)", "(blank)").to_string();
    };
    let f = fold(v);
    match kind {
        ServiceAdded | ServiceRemoved | LevelChanged | ToUnnecessary | FromUnnecessary => {
            match vocabulary().level(&f) {
                Some(l) if l.as_str() == v => l.word(lang).to_string(),
                _ => v.clone(),
            }
        }
        AssignmentChanged | UnassignedResolved | UnassignedIntroduced => {
            match vocabulary().assignment(&f) {
                Some(a) if a.as_str() == v => a.word(lang).to_string(),
                _ => v.clone(),
            }
        }
        _ => v.clone(),
    }
}

fn fmt_mean(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.2}"))
}

fn fmt_pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{:.1}%", x * 100.0))
}

/// A change of a mean, or of a percentage in percentage points (ポイント).
fn fmt_delta(v: Option<f64>, pct: bool, lang: Lang) -> String {
    match v {
        None => String::new(),
        Some(x) if pct => format!(" ({:+.1} {})", x * 100.0, lang.pick("ポイント", "pt")),
        Some(x) => format!(" ({x:+.2})"),
    }
}

/// Cuts a text to a display width, ending it with `…` when cut.
fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn group_name(g: &GroupDelta, lang: Lang) -> String {
    match g.group.as_str() {
        "overall" => lang.pick("全体", "overall").to_string(),
        "own" => lang.pick("独自サービス", "own services").to_string(),
        letter => {
            let c = letter.chars().next().and_then(|l| catalogue().category(l));
            match c {
                Some(c) => format!("{letter} {}", c.name(lang)),
                None => letter.to_string(),
            }
        }
    }
}

fn side_line(label: &str, path: &str, s: &Side, lang: Lang) -> String {
    let org = s.organisation.as_deref().unwrap_or("-");
    let date = s.assessment_date.as_deref().unwrap_or("-");
    match lang {
        Lang::En => format!(
            "{label}: {path} (organisation: {org}; assessed: {date}; sheet '{}'; {} service rows)",
            s.sheet, s.services
        ),
        Lang::Ja => format!(
            "{label}: {path}（組織: {org}、評価日: {date}、シート「{}」、サービス {} 行）",
            s.sheet, s.services
        ),
    }
}

/// Writes the comparison as readable text: the two inputs, one section per
/// evaluation (§11.2–§11.4) with one line per change, and the figures per
/// category, old → new.
pub fn write_text(out: &mut impl Write, d: &Diff, inputs: Inputs, lang: Lang) -> Result<()> {
    writeln!(
        out,
        "{}",
        side_line(lang.pick("前回", "old"), inputs.old, &d.old, lang)
    )?;
    writeln!(
        out,
        "{}",
        side_line(lang.pick("今回", "new"), inputs.new, &d.new, lang)
    )?;
    if d.old.organisation.is_some()
        && d.new.organisation.is_some()
        && d.old.organisation != d.new.organisation
    {
        writeln!(
            out,
            "{}",
            lang.pick(
                "注意: 組織名が異なります。同じ組織の2つの評価サイクルを比較してください。",
                "note: the organisation names differ; diff compares two review cycles of one organisation"
            )
        )?;
    }
    for (label, s) in [
        (lang.pick("前回", "old"), &d.old),
        (lang.pick("今回", "new"), &d.new),
    ] {
        if s.unmatched_rows > 0 {
            match lang {
                Lang::En => writeln!(
                    out,
                    "note: {label}: {} rows without a usable service ID were left out",
                    s.unmatched_rows
                )?,
                Lang::Ja => writeln!(
                    out,
                    "注意: {label}: サービスIDのない {} 行は比較から除外しました",
                    s.unmatched_rows
                )?,
            }
        }
        if !s.duplicate_ids.is_empty() {
            match lang {
                Lang::En => writeln!(
                    out,
                    "note: {label}: IDs on more than one row (the first row counts): {}",
                    s.duplicate_ids.join(", ")
                )?,
                Lang::Ja => writeln!(
                    out,
                    "注意: {label}: 複数行にあるID（最初の行で比較）: {}",
                    s.duplicate_ids.join(", ")
                )?,
            }
        }
    }
    for section in Section::ALL {
        let changes: Vec<&Change> = d.section(section).collect();
        writeln!(out)?;
        let count = match (lang, changes.len()) {
            (Lang::En, 0) => "no changes".to_string(),
            (Lang::En, 1) => "1 change".to_string(),
            (Lang::En, n) => format!("{n} changes"),
            (Lang::Ja, 0) => "変更なし".to_string(),
            (Lang::Ja, n) => format!("{n} 件の変更"),
        };
        writeln!(
            out,
            "{} ({}): {count}",
            section_title(section, lang),
            section_source(section, lang)
        )?;
        let names: Vec<String> = changes
            .iter()
            .map(|c| truncate(&service_name(c, lang), 36))
            .collect();
        let width = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
        for (c, name) in changes.iter().zip(&names) {
            writeln!(
                out,
                "  {} {} {}: {} → {}",
                pad(&c.service, 5),
                pad(name, width),
                kind_label(c.kind, lang),
                show(c.kind, &c.old, lang),
                show(c.kind, &c.new, lang)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "カテゴリー別の数値（前回 → 今回）",
            "Figures per category (old → new)"
        )
    )?;
    let names: Vec<String> = d
        .summary
        .iter()
        .map(|g| truncate(&group_name(g, lang), 32))
        .collect();
    let width = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
    let heads = [
        lang.pick("現状平均", "mean As-Is"),
        lang.pick("あるべき姿平均", "mean To-Be"),
        lang.pick("達成率", "achievement"),
        lang.pick("ベーシック未達", "Basic below To-Be"),
    ];
    writeln!(
        out,
        "  {} {} {} {} {}",
        pad("", width),
        pad(heads[0], 24),
        pad(heads[1], 24),
        pad(heads[2], 29),
        heads[3]
    )?;
    for (g, name) in d.summary.iter().zip(&names) {
        let pair = |a: &Snapshot, b: &Snapshot| {
            (
                format!(
                    "{} → {}{}",
                    fmt_mean(a.mean_as_is),
                    fmt_mean(b.mean_as_is),
                    fmt_delta(g.change.mean_as_is, false, lang)
                ),
                format!(
                    "{} → {}{}",
                    fmt_mean(a.mean_to_be),
                    fmt_mean(b.mean_to_be),
                    fmt_delta(g.change.mean_to_be, false, lang)
                ),
                format!(
                    "{} → {}{}",
                    fmt_pct(a.achievement),
                    fmt_pct(b.achievement),
                    fmt_delta(g.change.achievement, true, lang)
                ),
            )
        };
        let (asis, tobe, ach) = pair(&g.old, &g.new);
        writeln!(
            out,
            "  {} {} {} {} {} → {}",
            pad(name, width),
            pad(&asis, 24),
            pad(&tobe, 24),
            pad(&ach, 29),
            g.old.basic_below_target,
            g.new.basic_below_target
        )?;
    }
    Ok(())
}

fn side_json(path: &str, s: &Side) -> Json {
    json!({
        "path": path,
        "organisation": s.organisation,
        "sheet": s.sheet,
        "assessment_date": s.assessment_date,
        "services": s.services,
        "unmatched_rows": s.unmatched_rows,
        "duplicate_ids": s.duplicate_ids,
    })
}

/// The comparison as the `x1060-diff` JSON document (schema in the README).
pub fn to_json(d: &Diff, inputs: Inputs) -> Json {
    let counts: serde_json::Map<String, Json> = ChangeKind::ALL
        .iter()
        .map(|k| (k.key().to_string(), json!(d.count(*k))))
        .collect();
    let mut doc = json!({
        "schema": "x1060-diff",
        "schema_version": SCHEMA_VERSION,
        "tool_version": env!("CARGO_PKG_VERSION"),
        "old": side_json(inputs.old, &d.old),
        "new": side_json(inputs.new, &d.new),
        "counts": counts,
    });
    for s in Section::ALL {
        doc[s.key()] = serde_json::to_value(d.section(s).collect::<Vec<_>>()).unwrap_or_default();
    }
    doc["services"] = serde_json::to_value(&d.services).unwrap_or_default();
    doc["summary"] = serde_json::to_value(&d.summary).unwrap_or_default();
    doc
}

pub use xlsx::{SHEETS, to_xlsx};

/// A level as stored in a [`State`](crate::analysis::diff::State) (canonical English word), in words of
/// the language; an invalid value as written; `-` for blank.
pub fn level_shown(v: Option<&str>, lang: Lang) -> String {
    match v {
        None => "-".into(),
        Some(v) => match vocabulary().level(&fold(v)) {
            Some(l) if l.as_str() == v => l.word(lang).to_string(),
            _ => v.to_string(),
        },
    }
}

/// An assignment as stored in a [`State`](crate::analysis::diff::State), in words of the language.
pub fn assignment_shown(v: Option<&str>, lang: Lang) -> String {
    match v {
        None => "-".into(),
        Some(v) => match vocabulary().assignment(&fold(v)) {
            Some(a) if a.as_str() == v => a.word(lang).to_string(),
            _ => v.to_string(),
        },
    }
}

/// A score as shown: the number, `適用外` / `N/A`, an invalid value as
/// written, `-` for blank.
pub fn score_shown(v: Option<&Shown>, lang: Lang) -> String {
    match v {
        None => "-".into(),
        Some(Shown::Score(n)) => n.to_string(),
        Some(Shown::Text(t)) if t == "N/A" => lang.pick("適用外", "N/A").to_string(),
        Some(Shown::Text(t)) => t.clone(),
    }
}

/// The kinds of change of a service in words, joined.
pub fn kinds_shown(sc: &ServiceChange, lang: Lang) -> String {
    sc.kinds
        .iter()
        .map(|k| kind_label(*k, lang))
        .collect::<Vec<_>>()
        .join(lang.pick("、", "; "))
}

/// The service's name in a language: the X.1060 name, else as written.
pub fn name_shown(id: &str, name: Option<&str>, lang: Lang) -> String {
    match catalogue().service(id) {
        Some(d) => d.name(lang).to_string(),
        None => name.unwrap_or_default().to_string(),
    }
}
