//! The words a portfolio's layout is recognised by — header words, summary
//! words, organisation and date labels — loaded from `templates/words.toml`
//! (embedded), so adding a spelling needs no code.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::text::fold;

const WORDS_TOML: &str = include_str!("../templates/words.toml");

/// Header words per column role (folded).
#[derive(Debug, Deserialize)]
pub struct HeaderWords {
    /// As-Is score.
    pub as_is: Vec<String>,
    /// To-Be score.
    pub to_be: Vec<String>,
    /// Assignment.
    pub assignment: Vec<String>,
    /// Recommendation level.
    pub level: Vec<String>,
    /// Responsible team (a party column).
    pub team: Vec<String>,
    /// Contractor.
    pub contractor: Vec<String>,
    /// A whole header naming the ID column.
    pub id_exact: Vec<String>,
    /// Endings of an ID column's header.
    pub id_suffix: Vec<String>,
    /// Description.
    pub description: Vec<String>,
    /// Category.
    pub category: Vec<String>,
    /// Score words with no role of their own.
    pub score: Vec<String>,
    /// Service (name) column.
    pub service: Vec<String>,
    /// A whole header naming the service column.
    pub service_exact: Vec<String>,
    /// Words that stop a header from naming a score column.
    pub not_score: Vec<String>,
}

/// Words of rows that are not services.
#[derive(Debug, Deserialize)]
pub struct RowWords {
    /// Summary words (`合計`, `total` …).
    pub summary: Vec<String>,
}

/// Labels of cells above the table.
#[derive(Debug, Deserialize)]
pub struct LabelWords {
    /// Organisation labels.
    pub organisation: Vec<String>,
    /// Title words.
    pub title: Vec<String>,
    /// Assessment-date labels.
    pub date: Vec<String>,
}

/// Every layout word, folded.
#[derive(Debug, Deserialize)]
pub struct Words {
    /// Header words.
    pub header: HeaderWords,
    /// Row words.
    pub rows: RowWords,
    /// Label words.
    pub labels: LabelWords,
}

/// The layout words embedded in the binary, folded for matching.
///
/// ```
/// let w = x1060::words::words();
/// assert!(w.header.as_is.iter().any(|x| x == "as-is"));
/// assert!(w.rows.summary.iter().any(|x| x == "合計"));
/// ```
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w: Words = toml::from_str(WORDS_TOML).expect("templates/words.toml is valid");
        let h = &mut w.header;
        for list in [
            &mut h.as_is,
            &mut h.to_be,
            &mut h.assignment,
            &mut h.level,
            &mut h.team,
            &mut h.contractor,
            &mut h.description,
            &mut h.category,
            &mut h.score,
            &mut h.service,
            &mut h.service_exact,
            &mut h.not_score,
            &mut h.id_exact,
            &mut w.rows.summary,
            &mut w.labels.organisation,
            &mut w.labels.title,
            &mut w.labels.date,
        ] {
            for word in list.iter_mut() {
                *word = fold(word);
            }
        }
        // Suffixes keep their leading space (" id"): lower-case only.
        for word in &mut h.id_suffix {
            *word = word.to_lowercase();
        }
        w
    })
}
