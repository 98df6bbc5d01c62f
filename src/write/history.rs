//! Rendering a [`History`]: readable text, the `x1060-history` JSON
//! document and a workbook (the page is [`crate::write::html::history`]).
//! In every form the changes of a step come regressions first.

use std::io::Write;

use crate::write::Result;
use rust_xlsxwriter::{Chart, ChartType, Workbook};
use serde_json::{Value as Json, json};

use crate::analysis::diff::{ServiceChange, State};
use crate::analysis::history::{History, Order, Step};
use crate::catalogue::{Lang, catalogue};
use crate::write::diff::{assignment_shown, kinds_shown, level_shown, name_shown, score_shown};
use crate::write::report::{Sheet, Styles, xlsx_error};

pub mod multi;

/// Version of the `x1060-history` JSON document.
pub const SCHEMA_VERSION: u32 = 1;

/// How a cycle is named: its assessment date, else `#n`.
pub fn cycle_name(h: &History, i: usize) -> String {
    h.cycles[i]
        .assessment_date
        .clone()
        .unwrap_or_else(|| format!("#{}", i + 1))
}

/// A group key (`A`, `own`, `overall`) in words.
pub fn group_name(key: &str, lang: Lang) -> String {
    match key {
        "overall" => lang.pick("全体", "overall").to_string(),
        "own" => lang.pick("独自サービス", "own services").to_string(),
        letter => match letter.chars().next().and_then(|l| catalogue().category(l)) {
            Some(c) => format!("{letter} {}", c.name(lang)),
            None => letter.to_string(),
        },
    }
}

fn pair(old: &Option<State>, new: &Option<State>, f: impl Fn(Option<&State>) -> String) -> String {
    let (a, b) = (f(old.as_ref()), f(new.as_ref()));
    if a == b { a } else { format!("{a} → {b}") }
}

/// One changed service as text cells: ID, name, changes, As-Is, To-Be,
/// level and assignment (each `old → new` when it changed).
pub fn service_row_cells(sc: &ServiceChange, lang: Lang) -> [String; 7] {
    [
        sc.service.clone(),
        name_shown(&sc.service, sc.name.as_deref(), lang),
        kinds_shown(sc, lang),
        pair(&sc.old, &sc.new, |s| {
            score_shown(s.and_then(|s| s.as_is.as_ref()), lang)
        }),
        pair(&sc.old, &sc.new, |s| {
            score_shown(s.and_then(|s| s.to_be.as_ref()), lang)
        }),
        pair(&sc.old, &sc.new, |s| {
            level_shown(s.and_then(|s| s.level.as_deref()), lang)
        }),
        pair(&sc.old, &sc.new, |s| {
            assignment_shown(s.and_then(|s| s.assignment.as_deref()), lang)
        }),
    ]
}

fn fmt_mean(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.2}"))
}

fn section_titles(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("後退", "Regressions"),
        lang.pick("前進", "Progress"),
        lang.pick("その他の変更", "Other changes"),
    ]
}

fn lists(s: &Step) -> [&Vec<ServiceChange>; 3] {
    [&s.regressions, &s.progress, &s.other]
}

/// Writes the history as text: the cycles, the trend (mean As-Is per
/// cycle, per category and overall), then each step, regressions first.
pub fn write_text(out: &mut impl Write, h: &History, lang: Lang) -> Result<()> {
    writeln!(
        out,
        "{}",
        match h.order {
            Order::AssessmentDate =>
                lang.pick("サイクル（評価日の順）", "Cycles (by assessment date)"),
            Order::AsGiven => lang.pick(
                "サイクル（評価日のないサイクルがあるため、指定した順）",
                "Cycles (as given: some cycle states no assessment date)"
            ),
        }
    )?;
    for (i, c) in h.cycles.iter().enumerate() {
        writeln!(
            out,
            "  {}. {} — {} — {}",
            i + 1,
            c.assessment_date.as_deref().unwrap_or("-"),
            c.label,
            c.organisation.as_deref().unwrap_or("-")
        )?;
    }
    if h.organisations_differ {
        writeln!(
            out,
            "{}",
            lang.pick(
                "注意: サイクルごとに組織名が異なります。",
                "note: the cycles name different organisations"
            )
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "推移（現状平均 / あるべき姿平均）",
            "Trend (mean As-Is / mean To-Be)"
        )
    )?;
    for t in &h.trend {
        let points: Vec<String> = t
            .points
            .iter()
            .map(|p| format!("{}/{}", fmt_mean(p.mean_as_is), fmt_mean(p.mean_to_be)))
            .collect();
        writeln!(
            out,
            "  {}: {}",
            group_name(&t.group, lang),
            points.join(" → ")
        )?;
    }
    for s in &h.steps {
        writeln!(out)?;
        writeln!(out, "{} → {}", cycle_name(h, s.from), cycle_name(h, s.to))?;
        for (title, list) in section_titles(lang).iter().zip(lists(s)) {
            writeln!(out, "  {title} ({})", list.len())?;
            for sc in list {
                let c = service_row_cells(sc, lang);
                writeln!(
                    out,
                    "    {} {}: {} ({} {}; {} {})",
                    c[0],
                    c[1],
                    c[2],
                    lang.pick("現状", "As-Is"),
                    c[3],
                    lang.pick("あるべき姿", "To-Be"),
                    c[4]
                )?;
            }
        }
    }
    Ok(())
}

/// The history as the `x1060-history` JSON document.
pub fn to_json(h: &History) -> Json {
    let steps: Vec<Json> = h
        .steps
        .iter()
        .map(|s| {
            json!({
                "from": s.from,
                "to": s.to,
                "regressions": s.regressions,
                "progress": s.progress,
                "other": s.other,
                "summary": s.diff.summary,
            })
        })
        .collect();
    json!({
        "schema": "x1060-history",
        "schema_version": SCHEMA_VERSION,
        "tool_version": env!("CARGO_PKG_VERSION"),
        "order": h.order,
        "organisations_differ": h.organisations_differ,
        "cycles": h.cycles,
        "trend": h.trend,
        "steps": steps,
    })
}

/// The history as a workbook: 推移 (the trend per group and cycle, with a
/// line chart of the overall means) and 変更 (one row per changed service
/// and step, regressions first).
pub fn to_xlsx(h: &History, lang: Lang) -> Result<Vec<u8>> {
    let st = Styles::new(lang);
    let mut wb = Workbook::new();
    add_sheets(
        &mut wb,
        &st,
        h,
        lang,
        [lang.pick("推移", "Trend"), lang.pick("変更", "Changes")],
    )?;
    wb.save_to_buffer().map_err(xlsx_error)
}

/// Adds the two sheets of one history (trend with its chart, changes) to a
/// workbook under the names given (a history of several portfolios names
/// them per portfolio).
pub(crate) fn add_sheets(
    wb: &mut Workbook,
    st: &Styles,
    h: &History,
    lang: Lang,
    sheets: [&str; 2],
) -> Result<()> {
    let e = xlsx_error;
    let names: Vec<String> = (0..h.cycles.len()).map(|i| cycle_name(h, i)).collect();

    // Trend.
    let mut heads: Vec<String> = vec![lang.pick("カテゴリー", "Category").to_string()];
    for n in &names {
        heads.push(format!("{} {n}", lang.pick("現状平均", "Mean As-Is")));
    }
    for n in &names {
        heads.push(format!("{} {n}", lang.pick("あるべき姿平均", "Mean To-Be")));
    }
    let ws = wb.add_worksheet();

    let mut sh = Sheet::new(
        ws,
        st,
        sheets[0],
        lang.pick("評価サイクルの推移", "Review cycles: trend"),
        lang.pick(
            "カテゴリーごとのスコアの平均（不要のサービスと適用外を除く）をサイクルの順に並べています。",
            "Mean scores per category (Unnecessary services and N/A left out), cycle by cycle.",
        ),
        &heads,
        1,
    )?;
    let nc = names.len() as u16;
    for t in &h.trend {
        let r = sh.next_row();
        sh.text(r, 0, &group_name(&t.group, lang))?;
        for (i, p) in t.points.iter().enumerate() {
            sh.mean(r, 1 + i as u16, p.mean_as_is)?;
            sh.mean(r, 1 + nc + i as u16, p.mean_to_be)?;
        }
    }
    let last = sh.last_row();
    let header = sh.header_row();
    sh.finish(1)?;
    let sheet_name = sheets[0].to_string();
    let mut chart = Chart::new(ChartType::Line);
    for (k, off) in [
        (lang.pick("現状平均", "Mean As-Is"), 1u16),
        (lang.pick("あるべき姿平均", "Mean To-Be"), 1 + nc),
    ] {
        chart
            .add_series()
            .set_name(k)
            .set_categories((sheet_name.as_str(), header, 1, header, nc))
            .set_values((sheet_name.as_str(), last, off, last, off + nc - 1));
    }
    chart
        .title()
        .set_name(lang.pick("全体の推移", "Overall trend"));
    chart.y_axis().set_min(0).set_max(5);
    if nc > 0 {
        wb.worksheet_from_name(sheets[0])
            .map_err(e)?
            .insert_chart(last + 2, 0, &chart)
            .map_err(e)?;
    }

    // Changes.
    let ws = wb.add_worksheet();
    let heads = [
        lang.pick("前回", "From"),
        lang.pick("今回", "To"),
        lang.pick("区分", "Kind"),
        "ID",
        lang.pick("サービス", "Service"),
        lang.pick("変更", "Changes"),
        lang.pick("現状", "As-Is"),
        lang.pick("あるべき姿", "To-Be"),
        lang.pick("推奨レベル", "Level"),
        lang.pick("サービス割り当て", "Assignment"),
    ];
    let mut sh = Sheet::new(
        ws,
        st,
        sheets[1],
        lang.pick("サイクルごとの変更（後退が先）", "Changes per step (regressions first)"),
        lang.pick(
            "後退: 現状の低下、あるべき姿の引き下げ、未割り当てや不要への変更、サービスの削除。前進: 現状の向上、ギャップ解消など。",
            "Regression: As-Is fell, a target lowered, a service became Unassigned or Unnecessary, or was removed. Progress: As-Is rose, a gap closed, and so on.",
        ),
        &heads,
        4,
    )?;
    for s in &h.steps {
        for (title, list) in section_titles(lang).iter().zip(lists(s)) {
            for sc in list {
                let r = sh.next_row();
                sh.text(r, 0, &cycle_name(h, s.from))?;
                sh.text(r, 1, &cycle_name(h, s.to))?;
                sh.text(r, 2, title)?;
                for (i, c) in service_row_cells(sc, lang).iter().enumerate() {
                    sh.text(r, 3 + i as u16, c)?;
                }
            }
        }
    }
    sh.finish(1)
}
