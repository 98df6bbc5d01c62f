//! Finding the portfolio(s) in a workbook with no help from the user: which
//! sheets, which header row(s), which column is which (WORKBOOKS.md → What
//! arrives).
//!
//! A sheet holds a portfolio when it has a service column (at least three
//! X.1060 service IDs or names) *and* at least two of the level, assignment,
//! As-Is and To-Be columns. Hidden sheets count only when no visible one
//! holds a portfolio. Several portfolio sheets that share no service are one
//! portfolio (its parts); overlapping ones are a portfolio each.

use std::collections::HashSet;

use crate::catalogue::catalogue;
use crate::model::{Field, Portfolio, ScorePairs, Service, SheetLayout, Value, parse_score};
use crate::read::header::{Header, Kind, header_text, table_header};
use crate::read::rows::{find_date, find_organisation, read_services};
use crate::read::{Grid, Sheet, Workbook};
use crate::text::{Score, fold, split_id};

pub use crate::read::header::OURS_PREFIX;

/// A column holds a portfolio when at least this many cells name X.1060
/// services (RULES.md → Fine points).
const MIN_SERVICES: u32 = 3;
/// Name prefix of the sheets `x1060 annotate` adds (replaced on a re-run, never read).
pub const OURS_SHEET_PREFIX: &str = "x1060 ";

/// No sheet holds a portfolio: the X001 finding, with the sheets considered
/// and why none was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoPortfolio {
    /// What was looked for and where, in English.
    pub en: String,
    /// The same in Japanese.
    pub ja: String,
}

/// What the content says about a sheet: its service column(s).
struct Content {
    /// The first few rows naming a service: candidates for the table's first row.
    starts: Vec<u32>,
    id_col: Option<u32>,
    name_col: Option<u32>,
}

/// A column role told by its values, and the test of one value.
type ValueTest<'a> = (Field, &'a dyn Fn(&str) -> bool);

/// Whether a cell names an X.1060 service, by ID (`A-1`, `A-1 Risk
/// management`) or by name: `Some(true)` when it carries a name, `Some(false)`
/// for an ID alone. Which service is not needed here (nor worth an
/// allocation per text cell).
fn service_cell(text: &str) -> Option<bool> {
    // The same texts (service names, level words) recur in every file of a
    // batch: remember the answer per thread, within a bounded cache.
    thread_local! {
        static CACHE: crate::text::TextCache<Option<bool>> = Default::default();
    }
    crate::text::remembered(&CACHE, text, || service_cell_uncached(text))
}

fn service_cell_uncached(text: &str) -> Option<bool> {
    if let Some(p) = split_id(text) {
        return catalogue().service(&p.id).map(|_| !p.rest.is_empty());
    }
    catalogue().service_by_name(text).map(|_| true)
}

/// How many cells of one column name a service (by ID alone, or with a
/// name), and the first rows that do.
#[derive(Default, Clone)]
struct ColumnTally {
    ids: u32,
    named: u32,
    first_rows: Vec<u32>,
}

impl ColumnTally {
    fn total(&self) -> u32 {
        self.ids + self.named
    }
}

/// The sheet's longest column of services, when it holds at least `least`.
fn scan_content(grid: &Grid, least: u32) -> Option<Content> {
    // Indexed by column: a sheet is a few dozen columns wide, and a vector
    // costs less than hashing the column of every matching cell.
    let mut tally: Vec<ColumnTally> = Vec::new();
    for r in 0..grid.height() {
        for (c, v) in grid.row(r).iter().enumerate() {
            let Value::Text(t) = v else { continue };
            if t.len() > 200 {
                continue;
            }
            if let Some(has_name) = service_cell(t) {
                if tally.len() <= c {
                    tally.resize(c + 1, ColumnTally::default());
                }
                let col = &mut tally[c];
                *(if has_name {
                    &mut col.named
                } else {
                    &mut col.ids
                }) += 1;
                if col.first_rows.len() < 4 {
                    col.first_rows.push(r);
                }
            }
        }
    }
    // The first column of the largest total (`max_by_key` keeps the last
    // maximum, hence the reversed column).
    let top = (0..tally.len())
        .filter(|&c| tally[c].total() > 0)
        .max_by_key(|&c| (tally[c].total(), std::cmp::Reverse(c)))?;
    if tally[top].total() < least {
        return None;
    }
    let least = least.clamp(1, MIN_SERVICES);
    let best_of = |count: fn(&ColumnTally) -> u32, skip: Option<u32>| {
        (0..tally.len())
            .filter(|&c| count(&tally[c]) >= least && Some(c as u32) != skip)
            .max_by_key(|&c| (count(&tally[c]), std::cmp::Reverse(c)))
            .map(|c| c as u32)
    };
    let id_col = best_of(|t| t.ids, None);
    let name_col = best_of(|t| t.named, id_col);
    let mut starts: Vec<u32> = [id_col, name_col, Some(top as u32)]
        .into_iter()
        .flatten()
        .flat_map(|c| tally[c as usize].first_rows.iter().copied())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    Some(Content {
        starts,
        id_col,
        name_col,
    })
}

/// One sheet read as a portfolio table.
struct Table<'a> {
    sheet: &'a Sheet,
    header: Header,
    layout: SheetLayout,
    extra_headers: Vec<String>,
    pairs: Option<ScorePairs>,
    services: Vec<Service>,
}

impl Table<'_> {
    /// How many of level, assignment, As-Is and To-Be the table has.
    fn value_roles(&self) -> usize {
        [Field::Level, Field::Assignment, Field::AsIs, Field::ToBe]
            .iter()
            .filter(|&&f| self.layout.column(f).is_some())
            .count()
    }

    /// The X.1060 services its rows name.
    fn ids(&self) -> HashSet<String> {
        self.services
            .iter()
            .filter_map(|s| {
                s.id.clone().or_else(|| {
                    let n = s.name.as_deref()?;
                    catalogue().service_by_name(n).map(|d| d.id.clone())
                })
            })
            .collect()
    }
}

/// Finds the portfolio in a workbook: the first of [`find_portfolios`].
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
    find_portfolios(wb, sheet).map(|mut all| all.swap_remove(0))
}

/// Finds every portfolio in a workbook (never an empty list): on the named
/// sheet, or on every sheet with a service column and at least two portfolio
/// columns. Sheets sharing no service form one portfolio (in sheet order);
/// overlapping sheets are a portfolio each.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolios};
/// let wb = read_workbook("group.xlsx".as_ref(), &Default::default())?;
/// for p in find_portfolios(&wb, None).unwrap_or_default() {
///     println!("{}: {} services", p.sheet, p.services.len());
/// }
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn find_portfolios(wb: &Workbook, sheet: Option<&str>) -> Result<Vec<Portfolio>, NoPortfolio> {
    let names = || {
        wb.sheets
            .iter()
            .map(|s| format!("'{}'", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = sheet {
        let Some(s) = wb.sheets.iter().find(|s| s.name == name) else {
            return Err(NoPortfolio {
                en: format!("no sheet is named '{name}'; the sheets are {}", names()),
                ja: format!(
                    "'{name}' という名前のシートがありません。シート: {}",
                    names()
                ),
            });
        };
        return match scan_content(&s.grid, MIN_SERVICES) {
            Some(content) => Ok(vec![assemble(wb, vec![read_table(s, &content)])]),
            None => Err(NoPortfolio {
                en: format!(
                    "sheet '{name}' holds no column of at least {MIN_SERVICES} X.1060 service IDs (A-1 … I-7) or service names"
                ),
                ja: format!(
                    "シート '{name}' に X.1060 のサービス ID (A-1 … I-7) またはサービス名が {MIN_SERVICES} 件以上並ぶ列がありません"
                ),
            }),
        };
    }
    // Sheets an earlier `x1060 annotate` added list service IDs too: never the portfolio.
    let sheets: Vec<&Sheet> = wb
        .sheets
        .iter()
        .filter(|s| !s.name.starts_with(OURS_SHEET_PREFIX))
        .collect();
    let mut notes: Vec<Note> = Vec::new();
    let mut found: Vec<Option<Table>> = Vec::new();
    for s in &sheets {
        let t = scan_content(&s.grid, MIN_SERVICES).map(|c| read_table(s, &c));
        notes.push(match &t {
            None => Note::NoServices,
            Some(t) if t.value_roles() < 2 => {
                Note::TooFewColumns(t.services.len(), t.value_roles())
            }
            Some(_) => Note::Portfolio,
        });
        found.push(t.filter(|t| t.value_roles() >= 2));
    }
    if found.iter().all(Option::is_none) {
        return Err(no_portfolio(&sheets, &notes));
    }
    // Once one sheet holds a portfolio, a further sheet may list fewer services
    // (one sheet per category: H has two).
    for (i, s) in sheets.iter().enumerate() {
        if found[i].is_none()
            && let Some(t) = scan_content(&s.grid, 1)
                .map(|c| read_table(s, &c))
                .filter(|t| t.value_roles() >= 2 && !t.services.is_empty())
        {
            found[i] = Some(t);
        }
    }
    let any_visible = found.iter().flatten().any(|t| t.sheet.visible);
    let tables: Vec<Table> = found
        .into_iter()
        .flatten()
        .filter(|t| t.sheet.visible || !any_visible)
        .collect();
    if tables.len() == 1 || tables_are_disjoint(&tables) {
        Ok(vec![assemble(wb, tables)])
    } else {
        Ok(tables.into_iter().map(|t| assemble(wb, vec![t])).collect())
    }
}

/// True when no two tables name the same service: one portfolio split
/// over sheets, not several portfolios.
fn tables_are_disjoint(tables: &[Table]) -> bool {
    let ids: Vec<HashSet<String>> = tables.iter().map(Table::ids).collect();
    ids.iter()
        .enumerate()
        .all(|(i, a)| ids[i + 1..].iter().all(|b| a.is_disjoint(b)))
}

/// Why a sheet was or was not taken (for X001).
enum Note {
    NoServices,
    TooFewColumns(usize, usize),
    Portfolio,
}

fn no_portfolio(sheets: &[&Sheet], notes: &[Note]) -> NoPortfolio {
    let mut en = Vec::new();
    let mut ja = Vec::new();
    for (s, note) in sheets.iter().zip(notes) {
        let hidden = if s.visible { "" } else { " (hidden)" };
        let hidden_ja = if s.visible { "" } else { " (非表示)" };
        match note {
            Note::NoServices => {
                en.push(format!("'{}'{hidden} (no service column)", s.name));
                ja.push(format!("'{}'{hidden_ja} (サービスの列なし)", s.name));
            }
            Note::TooFewColumns(n, roles) => {
                en.push(format!(
                    "'{}'{hidden} (a list of {n} services but {roles} of the level, assignment, As-Is and To-Be columns)",
                    s.name
                ));
                ja.push(format!(
                    "'{}'{hidden_ja} ({n} 件のサービス一覧はあるが、推奨レベル・サービス割り当て・現状・あるべき姿の列は {roles} 列のみ)",
                    s.name
                ));
            }
            Note::Portfolio => {}
        }
    }
    NoPortfolio {
        en: format!(
            "no sheet holds a portfolio: looked on {} for a column of at least {MIN_SERVICES} X.1060 service IDs (A-1 … I-7) or service names beside at least two of the level, assignment, As-Is and To-Be columns",
            en.join("; ")
        ),
        ja: format!(
            "ポートフォリオのあるシートがありません: {} で、X.1060 のサービス ID (A-1 … I-7) またはサービス名が {MIN_SERVICES} 件以上並ぶ列と、推奨レベル・サービス割り当て・現状・あるべき姿のうち 2 列以上を探しました",
            ja.join("、")
        ),
    }
}

/// Reads one sheet's table: header, column roles (by header and values), rows.
fn read_table<'a>(sheet: &'a Sheet, content: &Content) -> Table<'a> {
    let grid = &sheet.grid;
    let header = table_header(grid, &content.starts);
    let body = header.row + header.span;
    let id_col = content.id_col.or_else(|| {
        header
            .first(Kind::Id)
            .filter(|&c| column_has_ids(grid, c, body))
    });
    let name_col = header
        .first(Kind::Service)
        .filter(|&c| Some(c) != id_col)
        .or(content.name_col.filter(|&c| Some(c) != id_col));
    let mut columns: Vec<(Field, u32)> = Vec::new();
    columns.extend(id_col.map(|c| (Field::Id, c)));
    columns.extend(name_col.map(|c| (Field::Name, c)));
    for (kind, field) in [
        (Kind::Description, Field::Description),
        (Kind::Level, Field::Level),
        (Kind::Assign, Field::Assignment),
    ] {
        if let Some(c) = header.first(kind) {
            columns.push((field, c));
        }
    }
    let pairs = score_columns(grid, &header, body, &mut columns);
    match (header.first(Kind::Party), header.first(Kind::Contractor)) {
        (Some(t), Some(c)) => {
            columns.push((Field::Team, t));
            columns.push((Field::Contractor, c));
        }
        (Some(p), None) => columns.push((Field::Party, p)),
        (None, Some(c)) => columns.push((Field::Contractor, c)),
        (None, None) => {}
    }
    content_fallback(grid, body, &mut columns, id_col, name_col);
    columns.retain(|&(f, c)| {
        matches!(f, Field::Id | Field::Name) || (Some(c) != id_col && Some(c) != name_col)
    });
    columns.sort_by_key(|&(_, c)| c);

    let ours = header.all(Kind::Ours);
    // A category column holding only category labels (`A`, `A CDCの戦略マネジメント`)
    // says nothing the IDs do not: it is not an extra column. One holding
    // anything else is the organisation's own and is kept.
    let category = header
        .first(Kind::Category)
        .filter(|&c| only_category_labels(grid, c, body));
    let known =
        |c: u32| columns.iter().any(|&(_, k)| k == c) || ours.contains(&c) || category == Some(c);
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
    let extra_headers = extra
        .iter()
        .map(|&c| header_text(grid, &header, c))
        .collect();
    let layout = SheetLayout {
        header_row: header.row,
        header_rows: header.span,
        columns,
        extra,
        ours,
    };
    let pairs = pairs.map(|mut p| {
        p.sheet = sheet.name.clone();
        p
    });
    let services = read_services(sheet, &layout, body, 0);
    Table {
        sheet,
        header,
        layout,
        extra_headers,
        pairs,
        services,
    }
}

/// Chooses the As-Is and To-Be columns among those the header names: only
/// columns holding scores count; several pairs side by side (review cycles)
/// give the latest-dated pair, else the rightmost (RULES.md → X009).
fn score_columns(
    grid: &Grid,
    header: &Header,
    body: u32,
    columns: &mut Vec<(Field, u32)>,
) -> Option<ScorePairs> {
    let (mut as_is, mut to_be) = (header.all(Kind::AsIs), header.all(Kind::ToBe));
    // Of several candidates only those holding scores count; a lone header
    // is trusted (its words already exclude 現状の課題, Current owner, 目標時期).
    if as_is.len() > 1 || to_be.len() > 1 {
        as_is.retain(|&c| holds_scores(grid, c, body));
        to_be.retain(|&c| holds_scores(grid, c, body));
    }
    if as_is.len() >= 2 && to_be.len() >= 2 {
        let pairs: Vec<(u32, u32)> = as_is.iter().copied().zip(to_be.iter().copied()).collect();
        let read = *pairs.iter().max_by_key(|&&(a, b)| {
            let date = [a, b]
                .iter()
                .filter_map(|&c| header_date(grid, header, c))
                .max()
                .unwrap_or((0, 0, 0));
            (date, a.max(b))
        })?;
        columns.push((Field::AsIs, read.0));
        columns.push((Field::ToBe, read.1));
        let name = |(a, b): (u32, u32)| {
            format!(
                "{} / {}",
                header_text(grid, header, a),
                header_text(grid, header, b)
            )
        };
        return Some(ScorePairs {
            read: name(read),
            kept: pairs
                .iter()
                .filter(|&&p| p != read)
                .map(|&p| name(p))
                .collect(),
            sheet: String::new(),
            at: (header.row, read.0),
        });
    }
    let a = match (as_is.first(), to_be.first()) {
        (Some(_), Some(&t)) => as_is.iter().copied().min_by_key(|&c| c.abs_diff(t)),
        (a, _) => a.copied(),
    };
    let t = match a {
        Some(a) => to_be.iter().copied().min_by_key(|&c| c.abs_diff(a)),
        None => to_be.first().copied(),
    };
    columns.extend(a.map(|c| (Field::AsIs, c)));
    columns.extend(t.map(|c| (Field::ToBe, c)));
    None
}

/// True when at least half of a column's filled cells are scores (1–5,
/// N/A): a column of names or remarks is never a score column.
fn holds_scores(grid: &Grid, col: u32, body: u32) -> bool {
    let (mut ok, mut filled) = (0u32, 0u32);
    for r in body..grid.height().min(body + 400) {
        match parse_score(grid.get(r, col)) {
            Score::Missing => {}
            Score::Invalid => filled += 1,
            Score::Value(_) | Score::NotApplicable => {
                ok += 1;
                filled += 1;
            }
        }
    }
    ok * 2 >= filled
}

/// The latest (year, month, day) a column's header cells carry.
fn header_date(grid: &Grid, header: &Header, col: u32) -> Option<(u32, u32, u32)> {
    (header.row..header.row + header.span.max(1))
        .filter_map(|r| match grid.get(r, col) {
            Value::Date(d) => date_in(d),
            Value::Text(t) => date_in(t),
            _ => None,
        })
        .max()
}

/// The latest 19xx/20xx year (with the month and day that follow it) in a text.
fn date_in(t: &str) -> Option<(u32, u32, u32)> {
    let t = crate::text::nfkc(t);
    let nums: Vec<(usize, u32)> = {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut start = 0;
        for (i, c) in t.char_indices().chain([(t.len(), ' ')]) {
            if c.is_ascii_digit() {
                if cur.is_empty() {
                    start = i;
                }
                cur.push(c);
            } else if !cur.is_empty() {
                out.push((start, cur.parse().unwrap_or(0)));
                cur.clear();
            }
        }
        out
    };
    let mut best = None;
    for (i, &(_, n)) in nums.iter().enumerate() {
        if !(1900..2100).contains(&n) {
            continue;
        }
        let m = nums
            .get(i + 1)
            .map_or(0, |&(_, m)| if m <= 12 { m } else { 0 });
        let d = nums
            .get(i + 2)
            .map_or(0, |&(_, d)| if m > 0 && d <= 31 { d } else { 0 });
        best = best.max(Some((n, m, d)));
    }
    best
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
    let tests: [ValueTest; 2] = [
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

/// True when every filled cell of a column below the header is a category label.
fn only_category_labels(grid: &Grid, col: u32, body: u32) -> bool {
    (body..grid.height()).all(|r| match grid.get(r, col) {
        Value::Empty => true,
        Value::Text(t) => {
            let t = t.trim();
            // A lone letter: the category of an own service (`J`) too.
            t.is_empty()
                || (t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic()))
                || crate::read::rows::category_label(t).is_some()
        }
        _ => false,
    })
}

/// True when a header-named ID column really holds service IDs.
fn column_has_ids(grid: &Grid, col: u32, body: u32) -> bool {
    (body..grid.height())
        .filter(|&r| grid.get(r, col).as_text().and_then(split_id).is_some())
        .count()
        >= MIN_SERVICES as usize
}

/// One portfolio from one or more tables (the parts of a split portfolio,
/// in sheet order). Own columns of the parts are merged by header text.
fn assemble(wb: &Workbook, mut tables: Vec<Table>) -> Portfolio {
    // The services are moved out of the tables, not cloned.
    let mut taken: Vec<Vec<Service>> = tables
        .iter_mut()
        .map(|t| std::mem::take(&mut t.services))
        .collect();
    let first = &tables[0];
    let mut extra_columns: Vec<String> = first.extra_headers.clone();
    let mut services = Vec::new();
    let mut parts = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let map: Vec<usize> = t
            .extra_headers
            .iter()
            .enumerate()
            .map(|(k, h)| {
                if i == 0 {
                    return k;
                }
                extra_columns
                    .iter()
                    .position(|x| x == h)
                    .unwrap_or_else(|| {
                        extra_columns.push(h.clone());
                        extra_columns.len() - 1
                    })
            })
            .collect();
        for mut s in std::mem::take(&mut taken[i]) {
            if let Some(o) = s.origin.as_mut() {
                o.part = i;
            }
            // The first table's extra columns are the portfolio's, in order.
            if i > 0 {
                let mut extra = vec![Value::Empty; extra_columns.len()];
                for (k, v) in s.extra.drain(..).enumerate() {
                    extra[map[k]] = v;
                }
                s.extra = extra;
            }
            services.push(s);
        }
        if i > 0 {
            parts.push((t.sheet.name.clone(), t.layout.clone()));
        }
    }
    for s in &mut services {
        s.extra.resize(extra_columns.len(), Value::Empty);
    }
    Portfolio {
        organisation: find_organisation(wb, first.sheet, first.header.row),
        sheet: first.sheet.name.clone(),
        fields: first.layout.columns.iter().map(|&(f, _)| f).collect(),
        extra_columns,
        services,
        layout: Some(first.layout.clone()),
        parts,
        score_pairs: tables.iter().find_map(|t| t.pairs.clone()),
        assessment_date: find_date(first.sheet, first.header.row),
    }
}
