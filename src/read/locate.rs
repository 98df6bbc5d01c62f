//! Finding the portfolio in a workbook with no help from the user: which
//! sheet, which header row(s), which column is which, which rows are services.
//!
//! The portfolio sheet is the one with the longest column of X.1060 service
//! IDs or names. Its header is the best one- or two-row header above the first
//! service (a caption row under it, `(サービス名)` `(スコア)`, belongs to it).
//! Columns are recognised by their header words, Japanese or English.

use std::collections::HashMap;

use crate::catalogue::catalogue;
use crate::model::{Field, Portfolio, RowOrigin, Service, SheetLayout, Value};
use crate::read::{Grid, Sheet, Workbook};
use crate::text::{fold, is_placeholder, is_summary, split_id};

/// A column holds a portfolio when at least this many cells name X.1060
/// services (RULES.md → Fine points).
const MIN_SERVICES: u32 = 3;
/// How far above the first service a header is looked for.
const HEADER_SCAN: u32 = 40;
/// Header text that marks a column added by `x1060 annotate`.
pub const OURS_PREFIX: &str = "x1060:";
/// Name prefix of the sheets `x1060 annotate` adds (replaced on a re-run, never read).
pub const OURS_SHEET_PREFIX: &str = "x1060 ";

/// No sheet holds a portfolio: the X001 finding, with what was looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoPortfolio {
    /// What was looked for and where, in English.
    pub en: String,
    /// The same in Japanese.
    pub ja: String,
}

/// What a header cell says its column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Id,
    Service,
    Description,
    Category,
    Level,
    Assign,
    Party,
    Contractor,
    AsIs,
    ToBe,
    Ours,
}

const CORE: [Kind; 5] = [
    Kind::Service,
    Kind::Level,
    Kind::Assign,
    Kind::AsIs,
    Kind::ToBe,
];

/// Classifies one (folded, possibly two-row) header text.
fn classify(t: &str) -> Option<Kind> {
    if t.is_empty() {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if t.starts_with(OURS_PREFIX) {
        return Some(Kind::Ours);
    }
    if has(&[
        "現状",
        "現在",
        "今の",
        "現時点",
        "as-is",
        "as is",
        "asis",
        "current",
    ]) {
        return Some(Kind::AsIs);
    }
    if has(&[
        "あるべき",
        "目標",
        "理想",
        "目指す",
        "将来",
        "to-be",
        "to be",
        "tobe",
        "target",
        "future",
    ]) {
        return Some(Kind::ToBe);
    }
    if has(&[
        "割り当て",
        "割当",
        "どこでやる",
        "実施形態",
        "提供形態",
        "ソーシング",
        "assignment",
        "sourcing",
    ]) {
        return Some(Kind::Assign);
    }
    if has(&[
        "レベル",
        "ウェイト",
        "推奨",
        "recommendation",
        "level",
        "weight",
    ]) {
        return Some(Kind::Level);
    }
    let team = has(&[
        "担当",
        "実施場所",
        "実施者",
        "実施主体",
        "責任者",
        "主管",
        "team",
        "assignee",
        "部署",
        "owner",
        "responsible",
    ]);
    let contractor = has(&["委託先", "contractor", "outsourcer", "vendor", "委託業者"]);
    if contractor && !team {
        return Some(Kind::Contractor);
    }
    if team {
        return Some(Kind::Party);
    }
    let id_words = [
        "id",
        "no",
        "no.",
        "#",
        "番号",
        "サービスid",
        "service id",
        "サービス番号",
        "service no",
        "service no.",
        "ref",
        "ref.",
    ];
    if id_words.contains(&t) || t.ends_with(" id") || t.ends_with("番号") {
        return Some(Kind::Id);
    }
    if has(&["解説", "説明", "description", "概要", "内容"]) {
        return Some(Kind::Description);
    }
    if has(&["カテゴリ", "category", "分類", "区分", "領域"]) {
        return Some(Kind::Category);
    }
    if has(&["スコア", "score"]) {
        return None;
    }
    if has(&["サービス", "service"]) || t == "name" || t == "名称" {
        return Some(Kind::Service);
    }
    None
}

/// A row of bracketed captions: `(サービス名)` `（ウェイト）` `(実施場所)` `(スコア)`.
fn is_caption(texts: &[String]) -> bool {
    let mut any = false;
    for t in texts.iter().filter(|t| !t.is_empty()) {
        if !(t.starts_with('(') && t.ends_with(')')) {
            return false;
        }
        any = true;
    }
    any
}

/// Column → kind for one candidate header (one or two rows of folded texts).
fn header_of(rows: &[&Vec<String>]) -> Vec<(u32, Kind)> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut cols: Vec<(u32, Kind)> = Vec::new();
    for c in 0..width {
        let joined = rows
            .iter()
            .filter_map(|r| r.get(c))
            .filter(|t| !t.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(kind) = classify(&joined)
            && (kind == Kind::Ours || !cols.iter().any(|&(_, k)| k == kind))
        {
            cols.push((c as u32, kind));
        }
    }
    cols
}

struct Header {
    row: u32,
    span: u32,
    cols: Vec<(u32, Kind)>,
}

/// The best header above the first service row.
fn find_header(grid: &Grid, first: u32) -> Header {
    let lo = first.saturating_sub(HEADER_SCAN);
    let texts: Vec<Vec<String>> = (lo..first)
        .map(|r| {
            grid.row(r)
                .iter()
                .map(|v| match v {
                    Value::Text(t) => fold(t),
                    _ => String::new(),
                })
                .collect()
        })
        .collect();
    let at = |r: u32| &texts[(r - lo) as usize];
    let mut best: Option<((usize, usize, i32, u32), Header)> = None;
    for r in lo..first {
        if at(r).iter().all(String::is_empty) || is_caption(at(r)) {
            continue;
        }
        for span in 1..=2u32 {
            if r + span > first {
                continue;
            }
            let rows: Vec<&Vec<String>> = (r..r + span).map(at).collect();
            let cols = header_of(&rows);
            let kinds: Vec<Kind> = cols
                .iter()
                .map(|&(_, k)| k)
                .filter(|&k| k != Kind::Ours)
                .collect();
            if kinds.is_empty() {
                continue;
            }
            let core = kinds.iter().filter(|k| CORE.contains(k)).count()
                + usize::from(kinds.contains(&Kind::Id) && !kinds.contains(&Kind::Service));
            let key = (core, kinds.len(), -(span as i32), r);
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, Header { row: r, span, cols }));
            }
        }
    }
    match best {
        None => Header {
            row: first,
            span: 0,
            cols: Vec::new(),
        },
        Some((_, mut h)) => {
            while h.row + h.span < first && is_caption(at(h.row + h.span)) {
                h.span += 1;
            }
            h
        }
    }
}

/// The header of the table: above the first service row that has a header
/// naming at least two portfolio columns. A stray mention of a service above
/// the table (a title naming `A-1〜I-7`) is passed over.
fn table_header(grid: &Grid, starts: &[u32]) -> Header {
    let core = |h: &Header| h.cols.iter().filter(|(_, k)| CORE.contains(k)).count();
    let mut fallback = None;
    for &first in starts {
        let h = find_header(grid, first);
        if core(&h) >= 2 {
            return h;
        }
        fallback.get_or_insert(h);
    }
    fallback.unwrap_or(Header {
        row: 0,
        span: 0,
        cols: Vec::new(),
    })
}

/// What the content says about a sheet: its service column(s).
struct Content {
    count: u32,
    /// The first few rows naming a service: candidates for the table's first row.
    starts: Vec<u32>,
    id_col: Option<u32>,
    name_col: Option<u32>,
}

/// The X.1060 service a cell names: by ID (`A-1`, `A-1 Risk management`) or
/// by name. Returns the ID and whether the cell carries a name.
fn service_cell(text: &str) -> Option<(String, bool)> {
    // The same texts (service names, level words) recur in every file of a
    // batch: remember the answer per thread, within a bounded cache.
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<Box<str>, Option<(String, bool)>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(text).cloned()) {
        return hit;
    }
    let answer = service_cell_uncached(text);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 65_536 {
            c.clear();
        }
        c.insert(text.into(), answer.clone());
    });
    answer
}

fn service_cell_uncached(text: &str) -> Option<(String, bool)> {
    if let Some(p) = split_id(text) {
        return catalogue()
            .service(&p.id)
            .map(|_| (p.id.clone(), !p.rest.is_empty()));
    }
    catalogue()
        .service_by_name(text)
        .map(|s| (s.id.clone(), true))
}

fn scan_content(grid: &Grid) -> Option<Content> {
    let mut ids: HashMap<u32, u32> = HashMap::new();
    let mut named: HashMap<u32, u32> = HashMap::new();
    let mut rows: HashMap<u32, Vec<u32>> = HashMap::new();
    for r in 0..grid.height() {
        for (c, v) in grid.row(r).iter().enumerate() {
            let Value::Text(t) = v else { continue };
            if t.len() > 200 {
                continue;
            }
            if let Some((_, has_name)) = service_cell(t) {
                let c = c as u32;
                *(if has_name { &mut named } else { &mut ids })
                    .entry(c)
                    .or_default() += 1;
                rows.entry(c).or_default().push(r);
            }
        }
    }
    let total = |c: &u32| ids.get(c).unwrap_or(&0) + named.get(c).unwrap_or(&0);
    let top = rows
        .keys()
        .copied()
        .max_by_key(|c| (total(c), std::cmp::Reverse(*c)))?;
    let count = total(&top);
    if count < MIN_SERVICES {
        return None;
    }
    let best_of = |m: &HashMap<u32, u32>, skip: Option<u32>| {
        m.iter()
            .filter(|&(&c, &n)| n >= MIN_SERVICES && Some(c) != skip)
            .max_by_key(|&(&c, &n)| (n, std::cmp::Reverse(c)))
            .map(|(&c, _)| c)
    };
    let id_col = best_of(&ids, None);
    let name_col = best_of(&named, id_col);
    let mut starts: Vec<u32> = [id_col, name_col, Some(top)]
        .into_iter()
        .flatten()
        .flat_map(|c| rows[&c].iter().copied().take(4))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    Some(Content {
        count,
        starts,
        id_col,
        name_col,
    })
}

/// Finds the portfolio in a workbook: on the named sheet, or on the sheet
/// with the longest column of service IDs or names.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio};
/// let wb = read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
/// match find_portfolio(&wb, None) {
///     Ok(p) => println!("{} services on {}", p.services.len(), p.sheet),
///     Err(none) => println!("X001: {}", none.en),
/// }
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn find_portfolio(wb: &Workbook, sheet: Option<&str>) -> Result<Portfolio, NoPortfolio> {
    let names = || {
        wb.sheets
            .iter()
            .map(|s| format!("'{}'", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let candidates: Vec<(usize, &Sheet)> = match sheet {
        Some(name) => {
            let found: Vec<_> = wb
                .sheets
                .iter()
                .enumerate()
                .filter(|(_, s)| s.name == name)
                .collect();
            if found.is_empty() {
                return Err(NoPortfolio {
                    en: format!(
                        "no sheet is named '{name}' (--sheet); the sheets are {}",
                        names()
                    ),
                    ja: format!(
                        "'{name}' という名前のシートがありません (--sheet)。シート: {}",
                        names()
                    ),
                });
            }
            found
        }
        // Sheets an earlier `x1060 annotate` added list service IDs too: never the portfolio.
        None => wb
            .sheets
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.name.starts_with(OURS_SHEET_PREFIX))
            .collect(),
    };
    let mut best: Option<((u32, bool, std::cmp::Reverse<usize>), &Sheet, Content)> = None;
    for (i, s) in candidates {
        if let Some(content) = scan_content(&s.grid) {
            let key = (content.count, s.visible, std::cmp::Reverse(i));
            if best.as_ref().is_none_or(|(k, _, _)| key > *k) {
                best = Some((key, s, content));
            }
        }
    }
    let Some((_, sheet, content)) = best else {
        return Err(NoPortfolio {
            en: format!(
                "no sheet holds a portfolio: looked on {} for a column of at least {MIN_SERVICES} X.1060 service IDs (A-1 … I-7) or service names",
                names()
            ),
            ja: format!(
                "ポートフォリオのあるシートがありません: {} で X.1060 のサービス ID (A-1 … I-7) またはサービス名が {MIN_SERVICES} 件以上並ぶ列を探しました",
                names()
            ),
        });
    };
    Ok(build(wb, sheet, &content))
}

fn build(wb: &Workbook, sheet: &Sheet, content: &Content) -> Portfolio {
    let grid = &sheet.grid;
    let header = table_header(grid, &content.starts);
    let col_of = |k: Kind| {
        header
            .cols
            .iter()
            .find(|&&(_, kind)| kind == k)
            .map(|&(c, _)| c)
    };

    let id_col = content
        .id_col
        .or_else(|| col_of(Kind::Id).filter(|&c| column_has_ids(grid, c, &header)));
    let name_col = col_of(Kind::Service)
        .filter(|&c| Some(c) != id_col)
        .or(content.name_col.filter(|&c| Some(c) != id_col));
    let mut columns: Vec<(Field, u32)> = Vec::new();
    if let Some(c) = id_col {
        columns.push((Field::Id, c));
    }
    if let Some(c) = name_col {
        columns.push((Field::Name, c));
    }
    let simple = [
        (Kind::Description, Field::Description),
        (Kind::Level, Field::Level),
        (Kind::Assign, Field::Assignment),
        (Kind::AsIs, Field::AsIs),
        (Kind::ToBe, Field::ToBe),
    ];
    for (kind, field) in simple {
        if let Some(c) = col_of(kind) {
            columns.push((field, c));
        }
    }
    match (col_of(Kind::Party), col_of(Kind::Contractor)) {
        (Some(t), Some(c)) => {
            columns.push((Field::Team, t));
            columns.push((Field::Contractor, c));
        }
        (Some(p), None) => columns.push((Field::Party, p)),
        (None, Some(c)) => columns.push((Field::Contractor, c)),
        (None, None) => {}
    }
    let body = header.row + header.span;
    content_fallback(grid, body, &mut columns, id_col, name_col);
    columns.retain(|&(f, c)| {
        matches!(f, Field::Id | Field::Name) || (Some(c) != id_col && Some(c) != name_col)
    });
    columns.sort_by_key(|&(_, c)| c);

    let ours: Vec<u32> = header
        .cols
        .iter()
        .filter(|&&(_, k)| k == Kind::Ours)
        .map(|&(c, _)| c)
        .collect();
    let known = |c: u32| {
        columns.iter().any(|&(_, k)| k == c)
            || ours.contains(&c)
            || col_of(Kind::Category) == Some(c)
    };
    let width = (header.row..grid.height().max(header.row))
        .map(|r| grid.row(r).len() as u32)
        .max()
        .unwrap_or(0);
    let extra: Vec<u32> = (0..width)
        .filter(|&c| !known(c))
        .filter(|&c| {
            !header_text(grid, &header, c).is_empty()
                || (body..grid.height()).any(|r| !grid.get(r, c).is_empty())
        })
        .collect();

    let mut layout = SheetLayout {
        header_row: header.row,
        header_rows: header.span.max(1),
        columns,
        extra,
        ours,
    };
    if header.span == 0 {
        layout.header_rows = 0;
    }
    let services = read_services(sheet, &layout, body);
    Portfolio {
        organisation: find_organisation(wb, sheet, header.row),
        sheet: sheet.name.clone(),
        fields: layout.columns.iter().map(|&(f, _)| f).collect(),
        extra_columns: layout
            .extra
            .iter()
            .map(|&c| header_text(grid, &header, c))
            .collect(),
        services,
        layout: Some(layout),
        ..Default::default()
    }
}

/// Finds the level and assignment columns by their content when no header
/// names them: the column where most cells are level words (or assignment
/// words, a party in brackets allowed). A column already taken as a party
/// column may be re-read this way (`実施場所` over `インソース(SOC部)`).
fn content_fallback(
    grid: &Grid,
    body: u32,
    columns: &mut Vec<(Field, u32)>,
    id_col: Option<u32>,
    name_col: Option<u32>,
) {
    let vocab = crate::catalogue::vocabulary();
    let is_level = |t: &str| vocab.level(&fold(t)).is_some();
    let is_assignment = |t: &str| {
        vocab
            .assignment(&fold(&crate::text::split_bracket(t).0))
            .is_some()
    };
    let tests: [(Field, &dyn Fn(&str) -> bool); 2] = [
        (Field::Level, &is_level),
        (Field::Assignment, &is_assignment),
    ];
    let width = (body..grid.height())
        .map(|r| grid.row(r).len() as u32)
        .max()
        .unwrap_or(0);
    for (field, test) in tests {
        if columns.iter().any(|&(f, _)| f == field) {
            continue;
        }
        let free = |c: u32| {
            Some(c) != id_col
                && Some(c) != name_col
                && !columns.iter().any(|&(f, k)| k == c && f != Field::Party)
        };
        let best = (0..width)
            .filter(|&c| free(c))
            .map(|c| {
                let (mut hits, mut filled) = (0u32, 0u32);
                for r in body..grid.height() {
                    if let Some(t) = grid.get(r, c).as_text() {
                        filled += 1;
                        hits += u32::from(test(t));
                    }
                }
                (c, hits, filled)
            })
            .filter(|&(_, hits, filled)| hits >= MIN_SERVICES && hits * 2 >= filled)
            .max_by_key(|&(c, hits, _)| (hits, std::cmp::Reverse(c)));
        if let Some((c, _, _)) = best {
            columns.retain(|&(_, k)| k != c);
            columns.push((field, c));
        }
    }
}

/// True when a header-named ID column really holds service IDs.
fn column_has_ids(grid: &Grid, col: u32, header: &Header) -> bool {
    (header.row + header.span..grid.height())
        .filter(|&r| grid.get(r, col).as_text().and_then(split_id).is_some())
        .count()
        >= MIN_SERVICES as usize
}

/// A column's header as written, its rows joined by a space.
fn header_text(grid: &Grid, header: &Header, col: u32) -> String {
    let plain = header.span.min(2);
    (header.row..header.row + plain)
        .map(|r| grid.get(r, col).display())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_services(sheet: &Sheet, layout: &SheetLayout, body: u32) -> Vec<Service> {
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
        let id_cell = id_col.map(|c| grid.get(r, c).display()).unwrap_or_default();
        let name_cell = name_col
            .map(|c| grid.get(r, c).display())
            .unwrap_or_default();
        if might_be_summary(&id_cell) && is_summary(&fold(&id_cell))
            || might_be_summary(&name_cell) && is_summary(&fold(&name_cell))
        {
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
                part: 0,
            }),
        });
    }
    out
}

/// Cheap pre-test before folding a cell for [`is_summary`]: the first
/// character could start a summary word (`合計`, `小計`, `平均`, `Total`,
/// `Subtotal`, `Average`, in any width or case).
fn might_be_summary(cell: &str) -> bool {
    cell.trim_start().chars().next().is_some_and(|c| {
        matches!(
            c,
            '合' | '小'
                | '平'
                | 'T'
                | 't'
                | 'S'
                | 's'
                | 'A'
                | 'a'
                | 'Ｔ'
                | 'ｔ'
                | 'Ｓ'
                | 'ｓ'
                | 'Ａ'
                | 'ａ'
        )
    })
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Labels that introduce the organisation's name in a cell beside them.
const ORG_LABELS: [&str; 10] = [
    "組織名",
    "組織",
    "会社名",
    "団体名",
    "企業名",
    "部署名",
    "organisation",
    "organization",
    "company",
    "org",
];
/// Words of a title row, which is not the organisation's name.
const TITLE_WORDS: [&str; 18] = [
    "ポートフォリオ",
    "portfolio",
    "サービス",
    "service",
    "x.1060",
    "x1060",
    "cdc",
    "一覧",
    "シート",
    "sheet",
    "自己",
    "self",
    "評価",
    "assessment",
    "template",
    "テンプレート",
    "作成",
    "date",
];

/// The organisation's name: a labelled cell (`組織名: …`) above the header
/// or on a sheet in front, else the first line above the header that is not
/// a title.
fn find_organisation(wb: &Workbook, sheet: &Sheet, header_row: u32) -> Option<String> {
    let labelled = |s: &Sheet, rows: u32| {
        for r in 0..rows.min(s.grid.height()) {
            let row = s.grid.row(r);
            for (c, v) in row.iter().enumerate() {
                let Some(t) = v.as_text() else { continue };
                let f = fold(t);
                let (label, inline) = match f.split_once([':', '：']) {
                    Some((l, rest)) => (l.trim().to_string(), rest.trim().to_string()),
                    None => (f.clone(), String::new()),
                };
                if !ORG_LABELS.contains(&label.as_str()) {
                    continue;
                }
                if !inline.is_empty() {
                    let orig = t.split_once([':', '：']).map_or("", |(_, r)| r).trim();
                    return non_empty(orig);
                }
                if let Some(next) = row[c + 1..].iter().find(|v| !v.is_empty()) {
                    return non_empty(&next.display());
                }
            }
        }
        None
    };
    if let Some(org) = labelled(sheet, header_row) {
        return Some(org);
    }
    for s in wb.sheets.iter().filter(|s| s.name != sheet.name) {
        if let Some(org) = labelled(s, 30) {
            return Some(org);
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
            || TITLE_WORDS.iter().any(|w| f.contains(w))
            || ORG_LABELS.contains(&label)
        {
            continue;
        }
        return non_empty(texts[0]);
    }
    None
}
