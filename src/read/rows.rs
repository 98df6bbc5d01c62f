//! Which rows of a portfolio table are services (RULES.md → Not services):
//! summary rows (合計, Total … also through a merged label), category rows
//! (`A CDCの戦略マネジメント`, whatever their other cells hold), blank and
//! note rows are skipped; and what stands above the table (organisation,
//! assessment date).

use crate::catalogue::catalogue;
use crate::model::{Field, RowOrigin, Service, SheetLayout, Value};
use crate::read::{Merge, Sheet, Workbook};
use crate::text::{fold, name_key, split_id};
use crate::vocabulary::{is_placeholder, is_summary};
use crate::words::words;

/// Reads the service rows of one sheet below its header.
pub fn read_services(sheet: &Sheet, layout: &SheetLayout, body: u32, part: usize) -> Vec<Service> {
    let grid = &sheet.grid;
    let col = |f: Field| layout.column(f);
    let (id_col, name_col) = (col(Field::Id), col(Field::Name));
    let value_fields = [Field::Level, Field::Assignment, Field::AsIs, Field::ToBe];
    let party_fields = [Field::Team, Field::Contractor, Field::Party];
    let get = |r: u32, f: Field| col(f).map_or(Value::Empty, |c| grid.get(r, c).clone());
    let mut out = Vec::new();
    for r in body..grid.height() {
        if grid.row(r).is_empty() {
            continue;
        }
        // Text cells are borrowed, not copied (most rows are text).
        let cell_text = |c: Option<u32>| match c.map(|c| grid.get(r, c)) {
            Some(Value::Text(t)) => std::borrow::Cow::Borrowed(t.as_str()),
            Some(v) => std::borrow::Cow::Owned(v.display()),
            None => std::borrow::Cow::Borrowed(""),
        };
        let id_cell = cell_text(id_col);
        let name_cell = cell_text(name_col);
        if summary_cell(&id_cell) || summary_cell(&name_cell) {
            continue;
        }
        let (mut id, mut name) = (None, non_empty(name_cell.trim()));
        let split = if id_col.is_some() {
            &id_cell
        } else {
            &name_cell
        };
        if let Some(p) = split_id(split) {
            id = Some(p.id.clone());
            if id_col.is_none() || name.is_none() {
                name = non_empty(p.rest);
            }
        } else if id_col.is_some() && name_col.is_none() {
            name = non_empty(id_cell.trim());
        }
        if id.is_none() {
            if id_cell.trim().is_empty() && name_cell.trim().is_empty() {
                if merged_summary(sheet, r, [id_col, name_col]) {
                    continue;
                }
            } else if [&id_cell, &name_cell]
                .iter()
                .filter(|t| !t.trim().is_empty())
                .all(|t| category_label(t).is_some())
            {
                continue;
            }
        }
        // A name cell that repeats the row's own ID (`A-3 ポリシーの企画立案`) is split
        // from it; a name that merely starts like an ID ("E2E monitoring") is kept.
        if let (Some(id), Some(n)) = (&id, &name)
            && let Some(p) = split_id(n).filter(|p| &p.id == id && !p.rest.is_empty())
        {
            name = non_empty(p.rest);
        }
        if id.is_none() {
            let has_data = value_fields
                .iter()
                .any(|&f| !is_placeholder(&get(r, f).folded()))
                || party_fields.iter().any(|&f| !get(r, f).is_empty())
                || value_fields
                    .iter()
                    .filter_map(|&f| col(f))
                    .any(|c| sheet.uncached.contains(&(r, c)));
            if !has_data {
                continue;
            }
        }
        let uncached = value_fields
            .iter()
            .copied()
            .filter(|&f| col(f).is_some_and(|c| sheet.uncached.contains(&(r, c))))
            .collect();
        out.push(Service {
            id,
            name,
            description: get(r, Field::Description),
            level: get(r, Field::Level),
            assignment: get(r, Field::Assignment),
            team: get(r, Field::Team),
            contractor: get(r, Field::Contractor),
            party: get(r, Field::Party),
            as_is: get(r, Field::AsIs),
            to_be: get(r, Field::ToBe),
            extra: layout
                .extra
                .iter()
                .map(|&c| grid.get(r, c).clone())
                .collect(),
            origin: Some(RowOrigin {
                row: r,
                uncached,
                part,
                shown: Vec::new(),
            }),
        });
    }
    out
}

/// True when an ID/name cell begins with a summary word. Folds only cells
/// whose first character could start one.
fn summary_cell(cell: &str) -> bool {
    let Some(first) = cell.trim_start().chars().next() else {
        return false;
    };
    if first.is_ascii_digit() || (first.is_ascii_alphabetic() && cell.len() < 3) {
        return false;
    }
    if cannot_start_summary(cell) {
        return false;
    }
    // Every row's ID and name cell is asked, the same texts in every file of
    // a batch: remember the answer per thread (bounded).
    thread_local! {
        static CACHE: crate::text::TextCache<bool> = Default::default();
    }
    crate::text::remembered(&CACHE, cell, || is_summary(&fold(cell)))
}

/// True when a cell's first characters rule out every summary word without
/// folding it (NFKC and case folding cost ~40× this test, and almost every
/// ID and name cell is asked): an ASCII word that is not a summary word
/// (`A-1`, `Risk`), or a kanji or kana that starts none (`リスク`). Anything
/// else (full-width letters, a letter followed by an invisible character)
/// is left to the full test.
fn cannot_start_summary(cell: &str) -> bool {
    let t = cell.trim_start_matches(|c: char| c.is_whitespace() || crate::text::is_format_char(c));
    let Some(first) = t.chars().next() else {
        return false;
    };
    let starts = summary_starts();
    if first.is_ascii_alphabetic() {
        let run = t.bytes().take_while(u8::is_ascii_alphabetic).count();
        if t[run..].chars().next().is_some_and(|c| !c.is_ascii()) {
            return false;
        }
        let word = &t[..run];
        return !starts
            .ascii_words
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word));
    }
    // Kanji (U+4E00–U+9FFF) and kana (U+3041–U+30FF) are unchanged by NFKC
    // and case folding as a first character, so they can be compared as written.
    let stable = matches!(first as u32, 0x3041..=0x30FF | 0x4E00..=0x9FFF);
    stable && !starts.first_chars.contains(&first)
}

/// What the summary words start with, worked out once.
struct SummaryStarts {
    /// The first character of every (folded) summary word.
    first_chars: Vec<char>,
    /// The leading ASCII letters of every summary word (`total`, `mean`).
    ascii_words: Vec<String>,
}

fn summary_starts() -> &'static SummaryStarts {
    static STARTS: std::sync::OnceLock<SummaryStarts> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        let words = &crate::catalogue::vocabulary().summary_words;
        SummaryStarts {
            first_chars: words.iter().filter_map(|w| w.chars().next()).collect(),
            ascii_words: words
                .iter()
                .map(|w| {
                    w.chars()
                        .take_while(char::is_ascii_alphabetic)
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .collect(),
        }
    })
}

/// True when a merged area covering the row's ID or name cell starts with a
/// summary label (`合計` merged over the category, ID and name cells).
fn merged_summary(sheet: &Sheet, row: u32, cols: [Option<u32>; 2]) -> bool {
    sheet.merges.iter().any(|m: &Merge| {
        (m.first_row..=m.last_row).contains(&row)
            && cols
                .iter()
                .flatten()
                .any(|c| (m.first_col..=m.last_col).contains(c))
            && summary_cell(&sheet.grid.get(m.first_row, m.first_col).display())
    })
}

/// The category letter when a cell is a category label: `A`, `A.`,
/// `CDCの戦略マネジメント`, `A CDCの戦略マネジメント`,
/// `A. Strategic management of CDC`.
///
/// ```
/// use x1060::read::rows::category_label;
/// assert_eq!(category_label("A CDCの戦略マネジメント"), Some('A'));
/// assert_eq!(category_label("b."), Some('B'));
/// assert_eq!(category_label("D. Incident response"), Some('D'));
/// assert_eq!(category_label("A-1 リスクマネジメント"), None);
/// assert_eq!(category_label("B インシデント対応"), None);
/// ```
pub fn category_label(cell: &str) -> Option<char> {
    let t = fold(cell);
    let mut chars = t.chars();
    let first = chars.next()?.to_ascii_uppercase();
    let is_letter = ('A'..='I').contains(&first);
    let rest = chars.as_str();
    if is_letter && matches!(rest, "" | ".") {
        return Some(first);
    }
    let by_name = |s: &str| category_keys().get(&name_key(s)).copied();
    if let Some(l) = by_name(&t) {
        return Some(l);
    }
    if !is_letter {
        return None;
    }
    let sep = rest.trim_start();
    let after = sep
        .strip_prefix(['.', ':', '、', ')', '-'])
        .unwrap_or(if sep.len() < rest.len() { sep } else { "" })
        .trim_start();
    (!after.is_empty() && by_name(after) == Some(first)).then_some(first)
}

/// Category name keys (Japanese and English) → letter, built once.
fn category_keys() -> &'static std::collections::HashMap<String, char> {
    static KEYS: std::sync::OnceLock<std::collections::HashMap<String, char>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        catalogue()
            .categories
            .iter()
            .flat_map(|c| {
                [
                    (name_key(&c.name_ja), c.letter()),
                    (name_key(&c.name_en), c.letter()),
                ]
            })
            .collect()
    })
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A labelled value above the table: a cell whose folded text is one of
/// `labels` followed by `:` and the value, or the label alone with the value
/// in the next filled cell to its right.
fn labelled<'a>(sheet: &'a Sheet, rows: u32, labels: &[String]) -> Option<&'a Value> {
    for r in 0..rows.min(sheet.grid.height()) {
        let row = sheet.grid.row(r);
        for (c, v) in row.iter().enumerate() {
            let Some(t) = v.as_text() else { continue };
            if t.len() > 80 {
                continue;
            }
            let f = fold(t);
            let label = f
                .split_once([':', '：'])
                .map_or(f.as_str(), |(l, _)| l)
                .trim();
            if !labels.iter().any(|l| l == label) {
                continue;
            }
            if f.split_once([':', '：'])
                .is_some_and(|(_, rest)| !rest.trim().is_empty())
            {
                return Some(v);
            }
            if let Some(next) = row[c + 1..].iter().find(|v| !v.is_empty()) {
                return Some(next);
            }
        }
    }
    None
}

/// The text after a `label:` in a cell, or the whole value.
fn after_label(v: &Value) -> String {
    match v {
        Value::Text(t) => match t.split_once([':', '：']) {
            Some((_, rest)) if !rest.trim().is_empty() => rest.trim().to_string(),
            _ => t.trim().to_string(),
        },
        other => other.display(),
    }
}

/// The organisation's name: a labelled cell (`組織名: …`) above the header
/// or on a sheet in front, else the first line above the header that is not
/// a title.
pub fn find_organisation(wb: &Workbook, sheet: &Sheet, header_row: u32) -> Option<String> {
    let w = &words().labels;
    if let Some(v) = labelled(sheet, header_row, &w.organisation) {
        return non_empty(&after_label(v));
    }
    for s in wb.sheets.iter().filter(|s| s.name != sheet.name) {
        if let Some(v) = labelled(s, 30, &w.organisation) {
            return non_empty(&after_label(v));
        }
    }
    for r in 0..header_row {
        let texts: Vec<&str> = sheet
            .grid
            .row(r)
            .iter()
            .filter_map(Value::as_text)
            .collect();
        if texts.len() != 1 {
            continue;
        }
        let f = fold(texts[0]);
        let label = f.trim_end_matches([':', '：']);
        if f.chars().count() > 60
            || w.title.iter().any(|x| f.contains(x.as_str()))
            || w.organisation.iter().any(|x| x == label)
        {
            continue;
        }
        return non_empty(texts[0]);
    }
    None
}

/// The assessment date the sheet states above its table (評価日, 作成日,
/// Assessment date …), as ISO 8601 when it can be read as a date.
pub fn find_date(sheet: &Sheet, header_row: u32) -> Option<String> {
    let v = labelled(sheet, header_row, &words().labels.date)?;
    match v {
        Value::Date(d) => Some(d.get(..10).unwrap_or(d).to_string()),
        Value::Number(n) if (20_000.0..80_000.0).contains(n) => {
            Some(crate::read::excel_serial_to_iso(n.floor()))
        }
        other => iso_of_text(&after_label(other)),
    }
}

/// `2025/4/1`, `2025-04-01`, `2025年4月1日`, `2025-04-01T00:00:00Z` →
/// `2025-04-01` (a date cell's text, or a document property's value).
pub(crate) fn iso_of_text(t: &str) -> Option<String> {
    let t = crate::text::nfkc(t);
    let nums: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse().unwrap_or(0))
        .collect();
    match nums[..] {
        [y, m, d]
            if (1900..2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) =>
        {
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_quick_test_rules_out_ids_and_names_and_never_a_summary() {
        for cell in [
            "A-1",
            "a1",
            "Risk management",
            "リスクマネジメント",
            "戦略",
            "Totally new",
        ] {
            assert!(cannot_start_summary(cell), "{cell}");
        }
        for cell in [
            "合計",
            "平均スコア",
            "Total",
            "TOTAL:",
            "Averages",
            "ｔｏｔａｌ",
            "To\u{200B}tal",
            " \u{FEFF}Mean",
        ] {
            assert!(!cannot_start_summary(cell), "{cell}");
            assert!(summary_cell(cell), "{cell}");
        }
    }

    proptest! {
        /// Whatever the quick test rules out, the full test (fold, then the
        /// summary words) rules out too.
        #[test]
        fn the_quick_test_agrees_with_the_full_one(
            parts in proptest::collection::vec(prop_oneof![
                Just("合計"), Just("小計"), Just("平均"), Just("総計"), Just("Total"), Just("total"),
                Just("ＴＯＴＡＬ"), Just("Sub"), Just("subtotal"), Just("Mean"), Just("mean"),
                Just("Averages"), Just("A-1"), Just("リスク"), Just("ｶﾞ"), Just("㈱"), Just("ly"),
                Just(" "), Just("\u{3000}"), Just("\u{200B}"), Just("\u{FEFF}"), Just(":"),
                Just("2"), Just("ｔ"), Just("a"), Just("の"), Just("\u{3099}"),
            ], 1..5)
        ) {
            let cell: String = parts.concat();
            if cannot_start_summary(&cell) {
                prop_assert!(!is_summary(&fold(&cell)), "{cell:?}");
            }
        }
    }
}
