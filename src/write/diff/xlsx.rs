//! The diff workbook: 概要 (the two cycles, their dates, counts), カテゴリー別
//! (figures per category, old and new in columns of their own, numbers as
//! numbers), 変更 (one row per changed service, the two cycles side by
//! side, regressions first) and 変更の種類 (how many of each kind).

use crate::write::Result;
use rust_xlsxwriter::{ConditionalFormat3ColorScale, ConditionalFormatType, Workbook};

use super::{
    Inputs, assignment_shown, direction_label, group_name, kind_label, kinds_shown, level_shown,
    name_shown, section_source, section_title,
};
use crate::analysis::diff::{ChangeKind, Diff, Direction, ServiceChange, Shown, State};
use crate::catalogue::Lang;
use crate::write::report::{Sheet, Styles, xlsx_error};

/// The sheet names of the diff workbook, in Japanese and English.
pub const SHEETS: [[&str; 4]; 2] = [
    ["概要", "カテゴリー別", "変更", "変更の種類"],
    ["Summary", "Categories", "Changes", "Kinds"],
];

fn sheet_names(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Ja => SHEETS[0],
        Lang::En => SHEETS[1],
    }
}

/// Changed services, regressions first, then progress, then the rest.
fn ordered(d: &Diff) -> Vec<&ServiceChange> {
    let mut v: Vec<&ServiceChange> = d.services.iter().collect();
    v.sort_by_key(|s| s.direction());
    v
}

/// The comparison as a workbook (see the module docs).
pub fn to_xlsx(d: &Diff, inputs: Inputs, lang: Lang) -> Result<Vec<u8>> {
    let st = Styles::new(lang);
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(lang.pick("X.1060 評価サイクル比較", "X.1060 review cycle comparison"))
            .set_comment(format!("x1060 {}", env!("CARGO_PKG_VERSION"))),
    );
    add_sheets(&mut wb, &st, d, inputs, lang, sheet_names(lang))?;
    wb.save_to_buffer().map_err(xlsx_error)
}

/// Adds the four sheets of one comparison to a workbook, under the names
/// given (a workbook of several portfolios names them per portfolio).
pub(super) fn add_sheets(
    wb: &mut Workbook,
    st: &Styles,
    d: &Diff,
    inputs: Inputs,
    lang: Lang,
    names: [&str; 4],
) -> Result<()> {
    summary(wb, st, names[0], d, inputs, lang)?;
    categories(wb, st, names[1], d, lang)?;
    services(wb, st, names[2], d, lang)?;
    kinds(wb, st, names[3], d, lang)
}

/// The sheet names of the diff workbook in a language.
pub(super) fn base_names(lang: Lang) -> [&'static str; 4] {
    sheet_names(lang)
}

fn summary(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    d: &Diff,
    inputs: Inputs,
    lang: Lang,
) -> Result<()> {
    let heads = [
        lang.pick("項目", "Item"),
        lang.pick("前回", "Old"),
        lang.pick("今回", "New"),
    ];
    let mut sh = Sheet::new(
        wb.add_worksheet(),
        st,
        name,
        lang.pick(
            "X.1060 評価サイクル比較（11節）",
            "X.1060 review cycle comparison (§11)",
        ),
        lang.pick(
            "同じ組織の2つの評価サイクルを比べます。後退（現状の低下、あるべき姿の引き下げ、未割り当てや不要への変更）を先に確認してください。",
            "Two review cycles of one organisation. Look at the regressions first (As-Is fell, a target lowered, a service became Unassigned or Unnecessary).",
        ),
        &heads,
        3,
    )?;
    let none = "-".to_string();
    let text_rows = [
        (
            lang.pick("ファイル", "File"),
            inputs.old.to_string(),
            inputs.new.to_string(),
        ),
        (
            lang.pick("組織", "Organisation"),
            d.old.organisation.clone().unwrap_or(none.clone()),
            d.new.organisation.clone().unwrap_or(none.clone()),
        ),
        (
            lang.pick("シート", "Sheet"),
            d.old.sheet.clone(),
            d.new.sheet.clone(),
        ),
        (
            lang.pick("評価日", "Assessment date"),
            d.old.assessment_date.clone().unwrap_or(none.clone()),
            d.new.assessment_date.clone().unwrap_or(none),
        ),
    ];
    for (label, a, b) in text_rows {
        let r = sh.next_row();
        sh.text(r, 0, label)?;
        sh.text(r, 1, &a)?;
        sh.text(r, 2, &b)?;
    }
    let r = sh.next_row();
    sh.text(r, 0, lang.pick("サービス行", "Service rows"))?;
    sh.int(r, 1, Some(d.old.services as f64))?;
    sh.int(r, 2, Some(d.new.services as f64))?;
    for dir in [Direction::Regression, Direction::Progress, Direction::Other] {
        let n = d.services.iter().filter(|s| s.direction() == dir).count();
        let r = sh.next_row();
        sh.text(
            r,
            0,
            &format!(
                "{}{}",
                direction_label(dir, lang),
                lang.pick("のあったサービス", ": services")
            ),
        )?;
        sh.int(r, 2, Some(n as f64))?;
    }
    sh.finish(1)
}

fn categories(wb: &mut Workbook, st: &Styles, name: &str, d: &Diff, lang: Lang) -> Result<()> {
    let heads = [
        lang.pick("カテゴリー", "Category"),
        lang.pick("現状平均 前回", "Mean As-Is old"),
        lang.pick("現状平均 今回", "Mean As-Is new"),
        lang.pick("現状平均 差", "Mean As-Is change"),
        lang.pick("あるべき姿平均 前回", "Mean To-Be old"),
        lang.pick("あるべき姿平均 今回", "Mean To-Be new"),
        lang.pick("あるべき姿平均 差", "Mean To-Be change"),
        lang.pick("達成率 前回", "Achievement old"),
        lang.pick("達成率 今回", "Achievement new"),
        lang.pick("達成率 差", "Achievement change"),
        lang.pick("ベーシック未達 前回", "Basic below To-Be old"),
        lang.pick("ベーシック未達 今回", "Basic below To-Be new"),
        lang.pick("選択サービス 前回", "Selected old"),
        lang.pick("選択サービス 今回", "Selected new"),
    ];
    let mut sh = Sheet::new(
        wb.add_worksheet(),
        st,
        name,
        lang.pick(
            "カテゴリー別の数値（前回・今回）",
            "Figures per category (old and new)",
        ),
        lang.pick(
            "スコアの平均は不要のサービスと適用外を除きます。達成率 = Σ現状 / Σあるべき姿（本ツール独自の指標）。差 = 今回 − 前回。",
            "Means leave out Unnecessary services and N/A. Achievement = ΣAs-Is / ΣTo-Be (this tool's own figure). Change = new − old.",
        ),
        &heads,
        1,
    )?;
    let first = sh.last_row() + 1;
    for g in &d.summary {
        let r = sh.next_row();
        sh.text(r, 0, &group_name(g, lang))?;
        sh.mean(r, 1, g.old.mean_as_is)?;
        sh.mean(r, 2, g.new.mean_as_is)?;
        sh.delta(r, 3, g.change.mean_as_is)?;
        sh.mean(r, 4, g.old.mean_to_be)?;
        sh.mean(r, 5, g.new.mean_to_be)?;
        sh.delta(r, 6, g.change.mean_to_be)?;
        sh.pct(r, 7, g.old.achievement)?;
        sh.pct(r, 8, g.new.achievement)?;
        sh.delta_pct(r, 9, g.change.achievement)?;
        sh.int(r, 10, Some(g.old.basic_below_target as f64))?;
        sh.int(r, 11, Some(g.new.basic_below_target as f64))?;
        sh.int(r, 12, Some(g.old.selected as f64))?;
        sh.int(r, 13, Some(g.new.selected as f64))?;
    }
    let last = sh.last_row();
    for (col, span) in [(3u16, 2.0), (6, 2.0), (9, 0.5)] {
        let cf = ConditionalFormat3ColorScale::new()
            .set_minimum(ConditionalFormatType::Number, -span)
            .set_midpoint(ConditionalFormatType::Number, 0)
            .set_maximum(ConditionalFormatType::Number, span)
            .set_minimum_color("F8696B")
            .set_midpoint_color("FFFFFF")
            .set_maximum_color("63BE7B");
        sh.ws()
            .add_conditional_format(first, col, last, col, &cf)
            .map_err(xlsx_error)?;
    }
    sh.finish(1)
}

fn score(sh: &mut Sheet, r: u32, c: u16, v: Option<&Shown>, lang: Lang) -> Result<()> {
    match v {
        Some(Shown::Score(n)) => sh.int(r, c, Some(*n as f64)),
        Some(Shown::Text(t)) if t == "N/A" => sh.text(r, c, lang.pick("適用外", "N/A")),
        Some(Shown::Text(t)) => sh.text(r, c, t),
        None => Ok(()),
    }
}

fn services(wb: &mut Workbook, st: &Styles, name: &str, d: &Diff, lang: Lang) -> Result<()> {
    let heads = [
        "ID",
        lang.pick("サービス名", "Service"),
        lang.pick("区分", "Kind"),
        lang.pick("変更内容", "Changes"),
        lang.pick("推奨レベル 前回", "Level old"),
        lang.pick("推奨レベル 今回", "Level new"),
        lang.pick("サービス割り当て 前回", "Assignment old"),
        lang.pick("サービス割り当て 今回", "Assignment new"),
        lang.pick("担当・委託先 前回", "Parties old"),
        lang.pick("担当・委託先 今回", "Parties new"),
        lang.pick("現状 前回", "As-Is old"),
        lang.pick("現状 今回", "As-Is new"),
        lang.pick("あるべき姿 前回", "To-Be old"),
        lang.pick("あるべき姿 今回", "To-Be new"),
        lang.pick("ギャップ 前回", "Gap old"),
        lang.pick("ギャップ 今回", "Gap new"),
    ];
    let mut sh = Sheet::new(
        wb.add_worksheet(),
        st,
        name,
        lang.pick(
            "サービスごとの変更（後退が先）",
            "Changes per service (regressions first)",
        ),
        lang.pick(
            "1行に1サービス。前回と今回の値を並べています。空欄はその回に行がないか値が空欄。",
            "One row per service, the old and new values side by side. Blank: no row or a blank value in that cycle.",
        ),
        &heads,
        10,
    )?;
    for (c, w) in [
        (1u16, 26.0),
        (3, 36.0),
        (6, 18.0),
        (7, 18.0),
        (8, 22.0),
        (9, 22.0),
    ] {
        sh.cap(c, w);
    }
    for s in ordered(d) {
        let r = sh.next_row();
        sh.text(r, 0, &s.service)?;
        sh.text(r, 1, &name_shown(&s.service, s.name.as_deref(), lang))?;
        sh.text(r, 2, direction_label(s.direction(), lang))?;
        sh.text(r, 3, &kinds_shown(s, lang))?;
        for (i, st) in [&s.old, &s.new].into_iter().enumerate() {
            let c = i as u16;
            let Some(st) = st.as_ref() else { continue };
            state_cells(&mut sh, r, c, st, lang)?;
        }
    }
    sh.finish(2)
}

fn state_cells(sh: &mut Sheet, r: u32, c: u16, s: &State, lang: Lang) -> Result<()> {
    if s.level.is_some() {
        sh.text(r, 4 + c, &level_shown(s.level.as_deref(), lang))?;
    }
    if s.assignment.is_some() {
        sh.text(r, 6 + c, &assignment_shown(s.assignment.as_deref(), lang))?;
    }
    if let Some(p) = &s.parties {
        sh.text(r, 8 + c, p)?;
    }
    score(sh, r, 10 + c, s.as_is.as_ref(), lang)?;
    score(sh, r, 12 + c, s.to_be.as_ref(), lang)?;
    sh.int(r, 14 + c, s.gap.map(f64::from))
}

fn kinds(wb: &mut Workbook, st: &Styles, name: &str, d: &Diff, lang: Lang) -> Result<()> {
    let heads = [
        lang.pick("変更の種類", "Change"),
        lang.pick("評価", "Evaluation"),
        lang.pick("区分", "Kind"),
        lang.pick("件数", "Count"),
    ];
    let mut sh = Sheet::new(
        wb.add_worksheet(),
        st,
        name,
        lang.pick("変更の種類ごとの件数", "Changes by kind"),
        lang.pick(
            "「あるべき姿の引き下げでギャップ消滅」は目標を下げただけで、ギャップ解消ではありません。",
            "\"Gap gone by a lowered To-Be\" only lowered the target: it is not a closed gap.",
        ),
        &heads,
        3,
    )?;
    for k in ChangeKind::ALL {
        let r = sh.next_row();
        sh.text(r, 0, kind_label(k, lang))?;
        sh.text(
            r,
            1,
            &format!(
                "{} {}",
                section_title(k.section(), lang),
                section_source(k.section(), lang)
            ),
        )?;
        sh.text(r, 2, direction_label(k.direction(), lang))?;
        sh.int(r, 3, Some(d.count(k) as f64))?;
    }
    sh.finish(1)
}
