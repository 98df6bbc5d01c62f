//! Header recognition: what a header cell says its column is, and which one-
//! or two-row header (with caption rows under it) sits above the table.
//! The words come from `templates/words.toml` ([`super::words`]).

use crate::model::Value;
use crate::read::Grid;
use crate::text::fold;
use crate::words::words;

/// How far above the first service a header is looked for.
const HEADER_SCAN: u32 = 40;
/// Header text that marks a column added by `x1060 annotate`.
pub const OURS_PREFIX: &str = "x1060:";

/// What a header cell says its column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Service ID.
    Id,
    /// Service (name).
    Service,
    /// Description.
    Description,
    /// Category.
    Category,
    /// Recommendation level.
    Level,
    /// Assignment.
    Assign,
    /// A party (team) column.
    Party,
    /// A contractor column.
    Contractor,
    /// As-Is score.
    AsIs,
    /// To-Be score.
    ToBe,
    /// A column an earlier `x1060 annotate` added.
    Ours,
}

/// The roles that make a portfolio.
pub const CORE: [Kind; 5] = [
    Kind::Service,
    Kind::Level,
    Kind::Assign,
    Kind::AsIs,
    Kind::ToBe,
];

/// Classifies one (folded, possibly two-row) header text.
///
/// A score word inside a longer header that also names a remark, a team or
/// a date (`現状の課題`, `Current owner`, `目標時期`) does not make a score
/// column.
pub fn classify(t: &str) -> Option<Kind> {
    if t.is_empty() {
        return None;
    }
    // Every text above a table is tried against every header word list; the
    // same texts recur in every file of a batch, so remember the answer per
    // thread (bounded).
    thread_local! {
        static CACHE: crate::text::TextCache<Option<Kind>> = Default::default();
    }
    crate::text::remembered(&CACHE, t, || classify_uncached(t))
}

fn classify_uncached(t: &str) -> Option<Kind> {
    if t.starts_with(OURS_PREFIX) {
        return Some(Kind::Ours);
    }
    let w = &words().header;
    let has = |list: &[String]| list.iter().any(|x| t.contains(x.as_str()));
    let scoreable = !has(&w.not_score);
    if scoreable && has(&w.as_is) {
        return Some(Kind::AsIs);
    }
    if scoreable && has(&w.to_be) {
        return Some(Kind::ToBe);
    }
    if has(&w.assignment) {
        return Some(Kind::Assign);
    }
    if has(&w.level) {
        return Some(Kind::Level);
    }
    let team = has(&w.team);
    let contractor = has(&w.contractor);
    if contractor && !team {
        return Some(Kind::Contractor);
    }
    if team {
        return Some(Kind::Party);
    }
    if w.id_exact.iter().any(|x| x == t) || w.id_suffix.iter().any(|x| t.ends_with(x.as_str())) {
        return Some(Kind::Id);
    }
    if has(&w.description) {
        return Some(Kind::Description);
    }
    if has(&w.category) {
        return Some(Kind::Category);
    }
    if has(&w.score) || !scoreable {
        return None;
    }
    if has(&w.service) || w.service_exact.iter().any(|x| x == t) {
        return Some(Kind::Service);
    }
    None
}

/// A row of bracketed captions: `(サービス名)` `（ウェイト）` `(実施場所)` `(スコア)`.
pub fn is_caption(texts: &[String]) -> bool {
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
/// A kind may name several columns (two As-Is columns of two review cycles).
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
        if let Some(kind) = classify(&joined) {
            cols.push((c as u32, kind));
        }
    }
    cols
}

/// A table header: where it is and what its cells say.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// First header row (0-based).
    pub row: u32,
    /// Header rows, caption rows included (0: no header found).
    pub span: u32,
    /// Column → kind, in column order; a kind may repeat.
    pub cols: Vec<(u32, Kind)>,
}

impl Header {
    /// The columns of one kind, left to right.
    pub fn all(&self, k: Kind) -> Vec<u32> {
        self.cols
            .iter()
            .filter(|&&(_, kind)| kind == k)
            .map(|&(c, _)| c)
            .collect()
    }

    /// The first column of a kind.
    pub fn first(&self, k: Kind) -> Option<u32> {
        self.cols
            .iter()
            .find(|&&(_, kind)| kind == k)
            .map(|&(c, _)| c)
    }

    /// How many distinct core roles the header names.
    pub fn core(&self) -> usize {
        CORE.iter().filter(|k| self.first(**k).is_some()).count()
    }
}

/// The best header above the first service row.
pub fn find_header(grid: &Grid, first: u32) -> Header {
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
            let mut kinds: Vec<Kind> = cols
                .iter()
                .map(|&(_, k)| k)
                .filter(|&k| k != Kind::Ours)
                .collect();
            kinds.sort_by_key(|k| *k as u8);
            kinds.dedup();
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
pub fn table_header(grid: &Grid, starts: &[u32]) -> Header {
    let mut fallback = None;
    for &first in starts {
        let h = find_header(grid, first);
        if h.core() >= 2 {
            return h;
        }
        fallback.get_or_insert(h);
    }
    fallback.unwrap_or_default()
}

/// A column's header as written, its rows joined by a space.
pub fn header_text(grid: &Grid, header: &Header, col: u32) -> String {
    let plain = header.span.min(2);
    (header.row..header.row + plain)
        .map(|r| grid.get(r, col).display())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
