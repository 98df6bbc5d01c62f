//! The sheets `annotate` adds besides the self-check: the priorities and
//! the findings, written with `rust_xlsxwriter` (the package path grafts
//! them into the original workbook, see [`super::graft`]).

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Url, Worksheet, XlsxError};

use super::rebuild::{Kind, Region, Styles};
use crate::analysis::Evaluated;
use crate::catalogue::{Lang, catalogue};
use crate::model::{Field, SheetLayout, cell_name};
use crate::rules::Severity;

fn link_to(sheet: &str, cell: &str) -> Url {
    Url::new(format!("internal:'{}'!{cell}", sheet.replace('\'', "''")))
}

/// The service's name as written, or the catalogue's.
fn service_name(ev: &Evaluated, index: usize, lang: Lang) -> String {
    let s = &ev.portfolio.services[index];
    s.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            ev.parsed[index]
                .id
                .as_deref()
                .and_then(|id| catalogue().service(id))
                .map(|d| d.name(lang).to_string())
                .unwrap_or_default()
        })
}

/// The title rows of an added sheet; returns the table's header row.
/// The subtitle wraps over the table's width (`columns`: widths in characters).
fn title(
    ws: &mut Worksheet,
    styles: &Styles,
    text: &str,
    sub: &str,
    columns: &[(&str, f64)],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(0, 0, text, &styles.title)?;
    ws.set_row_height(0, 24)?;
    let width: f64 = columns.iter().map(|c| c.1).sum();
    let lines = (crate::text::display_width(sub) as f64 / width.max(20.0))
        .ceil()
        .max(1.0);
    let last = columns.len().saturating_sub(1) as u16;
    ws.merge_range(1, 0, 1, last, sub, &styles.subtitle.clone().set_text_wrap())?;
    ws.set_row_height(1, 16.0 * lines + 4.0)?;
    Ok(3)
}

/// A table's header row and column widths, then the rows, then the
/// table itself (a filter, banded rows in Excel) and the print setup.
fn table(
    ws: &mut Worksheet,
    styles: &Styles,
    row0: u32,
    columns: &[(&str, f64)],
    last_row: u32,
    style: TableStyle,
) -> Result<(), XlsxError> {
    let header = styles.get(Kind::Plain, None, Region::Header);
    let cols: Vec<TableColumn> = columns
        .iter()
        .map(|(h, _)| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(header.clone())
        })
        .collect();
    for (i, (_, w)) in columns.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let t = Table::new().set_columns(&cols).set_style(style);
    ws.add_table(
        row0,
        0,
        last_row.max(row0 + 1),
        (columns.len() - 1) as u16,
        &t,
    )?;
    ws.set_row_height(row0, 30)?;
    ws.set_freeze_panes(row0 + 1, 0)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(row0, row0)?;
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// The `x1060 優先度` / `x1060 Priorities` sheet: services with a positive
/// gap in RULES.md priority order.
pub(super) fn write_priorities(
    ws: &mut Worksheet,
    ev: &Evaluated,
    layout: &SheetLayout,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let org = ev.portfolio.organisation.as_deref().unwrap_or("");
    let head = lang.pick("改善の優先度", "Improvement priorities");
    let text = if org.is_empty() {
        head.to_string()
    } else {
        format!("{head} — {org}")
    };
    let sub = lang.pick(
        "あるべき姿が現状を上回るサービス。推奨レベル (ベーシック → スタンダード → アドバンスド → オプション)、ギャップの大きい順、カテゴリー A → G → B → D → その他、ID の順。ID をクリックするとポートフォリオの行へ移動します。",
        "Services whose To-Be is above their As-Is: by level (Basic, Standard, Advanced, Optional), larger gap first, then categories A, G, B, D and the rest, then ID. Click an ID to go to its row.",
    );
    let sub = format!("{sub} {}", crate::analysis::cycle_note(lang));
    let columns = [
        (lang.pick("順位", "Rank"), 7.0),
        ("ID", 8.0),
        (lang.pick("サービス名", "Service"), 40.0),
        (lang.pick("推奨レベル", "Level"), 14.0),
        (lang.pick("現状", "As-Is"), 8.0),
        (lang.pick("あるべき姿", "To-Be"), 10.0),
        (lang.pick("ギャップ", "Gap"), 9.0),
        (lang.pick("割り当て", "Assignment"), 14.0),
        (lang.pick("担当/委託先", "Team / contractor"), 36.0),
        (lang.pick("短期 / 長期", "Cycle"), 10.0),
        (lang.pick("長期とした理由", "Why long"), 24.0),
    ];
    let row0 = title(ws, styles, &text, &sub, &columns)?;
    let plain = styles.get(Kind::Plain, None, Region::Body);
    let center = styles.get(Kind::Center, None, Region::Body);
    let id_col = layout
        .column(Field::Id)
        .or_else(|| layout.column(Field::Name));
    let mut row = row0;
    for pr in &ev.figures.priorities {
        row += 1;
        let parsed = &ev.parsed[pr.index];
        ws.write_number_with_format(row, 0, pr.rank as f64, center)?;
        let service = &ev.portfolio.services[pr.index];
        let origin = service.origin.as_ref();
        // The row's own sheet and its ID column (a split portfolio has several).
        let place = ev.portfolio.sheet_of(service).and_then(|(sheet, l)| {
            let c = l.column(Field::Id).or_else(|| l.column(Field::Name));
            Some((sheet, c.or(id_col)?))
        });
        match (origin, place) {
            (Some(o), Some((sheet, c))) => {
                let url = link_to(sheet, &cell_name(o.row, c)).set_text(&pr.service);
                ws.write_url_with_format(row, 1, url, &styles.link)?;
            }
            _ => {
                ws.write_string_with_format(row, 1, &pr.service, plain)?;
            }
        }
        ws.write_string_with_format(row, 2, service_name(ev, pr.index, lang), plain)?;
        let level = pr.level.map_or("", |l| l.word(lang));
        ws.write_string_with_format(row, 3, level, plain)?;
        ws.write_number_with_format(row, 4, pr.as_is as f64, center)?;
        ws.write_number_with_format(row, 5, pr.to_be as f64, center)?;
        ws.write_number_with_format(row, 6, pr.gap as f64, center)?;
        let assignment = parsed.assignment.value().map_or("", |a| a.word(lang));
        ws.write_string_with_format(row, 7, assignment, plain)?;
        ws.write_string_with_format(row, 8, parsed.parties.joined(), plain)?;
        ws.write_string_with_format(row, 9, pr.cycle.word(lang), center)?;
        let why = pr.long_reason.map_or("", |r| r.words(lang));
        ws.write_string_with_format(row, 10, why, plain)?;
    }
    if ev.figures.priorities.is_empty() {
        let none = lang.pick(
            "あるべき姿が現状を上回るサービスはありません。",
            "No service has a To-Be above its As-Is.",
        );
        ws.write_string_with_format(row0 + 1, 2, none, plain)?;
        row += 1;
    }
    table(ws, styles, row0, &columns, row, TableStyle::Light9)
}

/// The `x1060 指摘` / `x1060 Findings` sheet: one row per finding, as a
/// filterable table.
pub(super) fn write_findings(
    ws: &mut Worksheet,
    ev: &Evaluated,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let count = |s| ev.findings.iter().filter(|f| f.severity == s).count();
    let org = ev.portfolio.organisation.as_deref().unwrap_or("");
    let head = lang.pick("指摘一覧", "Findings");
    let text = if org.is_empty() {
        head.to_string()
    } else {
        format!("{head} — {org}")
    };
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let sub = match lang {
        Lang::Ja => format!(
            "エラー {e} 件、警告 {w} 件、情報 {i} 件。セルをクリックするとその場所へ移動します。ルールの説明: x1060 rules ルールID"
        ),
        Lang::En => format!(
            "{e} error(s), {w} warning(s), {i} info(s). Click a cell reference to go there. A rule explained: x1060 rules RULE"
        ),
    };
    let columns = [
        (lang.pick("ルール", "Rule"), 8.0),
        (lang.pick("重大度", "Severity"), 10.0),
        (lang.pick("シート", "Sheet"), 22.0),
        (lang.pick("セル", "Cell"), 8.0),
        (lang.pick("サービス", "Service"), 10.0),
        (lang.pick("内容", "Message"), 90.0),
        (lang.pick("出典", "Source"), 16.0),
    ];
    let row0 = title(ws, styles, &text, &sub, &columns)?;
    let plain = styles.get(Kind::Plain, None, Region::Body);
    let center = styles.get(Kind::Center, None, Region::Body);
    let mut row = row0;
    for f in &ev.findings {
        row += 1;
        ws.write_string_with_format(row, 0, f.rule, center)?;
        let sev = styles.get(Kind::Center, Some(f.severity), Region::Body);
        ws.write_string_with_format(row, 1, f.severity.label(lang), sev)?;
        ws.write_string_with_format(row, 2, f.sheet.as_deref().unwrap_or(""), plain)?;
        match (&f.sheet, &f.cell) {
            (Some(s), Some(c)) => {
                // A row range (`3:3`, a missing column) links to its first cell.
                let target = match c.split_once(':') {
                    Some((r, _)) => format!("A{r}"),
                    None => c.clone(),
                };
                ws.write_url_with_format(row, 3, link_to(s, &target).set_text(c), &styles.link)?;
            }
            (_, c) => {
                ws.write_string_with_format(row, 3, c.as_deref().unwrap_or(""), center)?;
            }
        }
        ws.write_string_with_format(row, 4, f.service.as_deref().unwrap_or(""), center)?;
        ws.write_string_with_format(row, 5, f.message(lang), plain)?;
        ws.write_string_with_format(row, 6, f.source_in(lang), plain)?;
    }
    if ev.findings.is_empty() {
        let none = lang.pick("指摘はありません。", "No findings.");
        ws.write_string_with_format(row0 + 1, 5, none, plain)?;
        row += 1;
    }
    table(ws, styles, row0, &columns, row, TableStyle::Light9)
}
