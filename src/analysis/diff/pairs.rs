//! Pairing the portfolios of two workbooks (WORKBOOKS.md → Several portfolio
//! sheets): a workbook holding several overlapping portfolio sheets (two
//! organisations, several CDCs) is compared portfolio by portfolio, each
//! joined to the portfolio of the same name (its first sheet's name) in the
//! other workbook. A portfolio found on one side only is kept as such, so a
//! renderer can say so rather than drop it.

/// One entry of a pairing, in the order the portfolios were found.
#[derive(Debug, Clone, PartialEq)]
pub enum Paired<T> {
    /// A portfolio named alike on both sides.
    Both {
        /// The portfolio's name.
        name: String,
        /// The older side's portfolio.
        old: T,
        /// The newer side's portfolio.
        new: T,
    },
    /// A portfolio of the older workbook only.
    OldOnly {
        /// The portfolio's name.
        name: String,
        /// The portfolio.
        old: T,
    },
    /// A portfolio of the newer workbook only.
    NewOnly {
        /// The portfolio's name.
        name: String,
        /// The portfolio.
        new: T,
    },
}

impl<T> Paired<T> {
    /// The portfolio's name.
    pub fn name(&self) -> &str {
        match self {
            Paired::Both { name, .. }
            | Paired::OldOnly { name, .. }
            | Paired::NewOnly { name, .. } => name,
        }
    }
}

/// Pairs two sides' `(name, portfolio)` lists by name: the older side's
/// order first (each with its namesake, or alone), then the newer side's
/// portfolios that have no namesake. Of two portfolios with one name on a
/// side, the first is paired and the second stands alone.
///
/// ```
/// use x1060::analysis::diff::pairs::{Paired, pair};
/// let p = pair(
///     vec![("A".to_string(), 1), ("B".to_string(), 2)],
///     vec![("C".to_string(), 30), ("A".to_string(), 10)],
/// );
/// assert_eq!(p, vec![
///     Paired::Both { name: "A".into(), old: 1, new: 10 },
///     Paired::OldOnly { name: "B".into(), old: 2 },
///     Paired::NewOnly { name: "C".into(), new: 30 },
/// ]);
/// ```
pub fn pair<T>(old: Vec<(String, T)>, new: Vec<(String, T)>) -> Vec<Paired<T>> {
    let mut new: Vec<Option<(String, T)>> = new.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for (name, o) in old {
        let hit = new
            .iter()
            .position(|n| n.as_ref().is_some_and(|(m, _)| *m == name));
        match hit.and_then(|i| new[i].take()) {
            Some((_, n)) => out.push(Paired::Both {
                name,
                old: o,
                new: n,
            }),
            None => out.push(Paired::OldOnly { name, old: o }),
        }
    }
    out.extend(
        new.into_iter()
            .flatten()
            .map(|(name, n)| Paired::NewOnly { name, new: n }),
    );
    out
}

/// Groups the portfolios of several workbooks (given in cycle order) by
/// name: one series per name, in the order the names first appear, each
/// holding `(workbook index, portfolio)` in workbook order. Of two
/// portfolios with one name in a workbook, only the first joins the series.
///
/// ```
/// use x1060::analysis::diff::pairs::series;
/// let s = series(vec![
///     vec![("A".to_string(), 1), ("B".to_string(), 2)],
///     vec![("B".to_string(), 20), ("A".to_string(), 10)],
/// ]);
/// assert_eq!(s, vec![
///     ("A".to_string(), vec![(0, 1), (1, 10)]),
///     ("B".to_string(), vec![(0, 2), (1, 20)]),
/// ]);
/// ```
pub fn series<T>(books: Vec<Vec<(String, T)>>) -> Vec<(String, Vec<(usize, T)>)> {
    let mut out: Vec<(String, Vec<(usize, T)>)> = Vec::new();
    for (i, book) in books.into_iter().enumerate() {
        for (name, p) in book {
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, list)) if list.last().is_some_and(|(j, _)| *j == i) => {}
                Some((_, list)) => list.push((i, p)),
                None => out.push((name, vec![(i, p)])),
            }
        }
    }
    out
}
