//! Cell texts read with the vocabulary of RULES.md (`templates/vocabulary.toml`,
//! loaded by [`crate::catalogue::vocabulary`]): the placeholders that mean
//! blank, text scores and the N/A spellings, party cells, summary rows.
//! [`crate::text`] only normalises; the words live here and in the data.

use crate::catalogue::vocabulary;
use crate::text::{Score, is_line_break};

/// True when a folded cell text is one of the placeholders that mean "blank"
/// in level, assignment and score cells (`-`, `なし`, `none` …).
///
/// ```
/// assert!(x1060::vocabulary::is_placeholder("該当なし"));
/// assert!(x1060::vocabulary::is_placeholder(""));
/// assert!(!x1060::vocabulary::is_placeholder("3"));
/// ```
pub fn is_placeholder(folded: &str) -> bool {
    folded.is_empty() || vocabulary().placeholders.contains(folded)
}

/// Parses a folded text score: `3`, `3.0`, `+3`, `3点`, `3 pts`; N/A spellings.
///
/// ```
/// use x1060::text::Score;
/// use x1060::vocabulary::parse_score_text;
/// assert_eq!(parse_score_text("+3 点"), Score::Value(3));
/// assert_eq!(parse_score_text("3.0"), Score::Value(3));
/// assert_eq!(parse_score_text("n/a"), Score::NotApplicable);
/// assert_eq!(parse_score_text("3.5"), Score::Invalid);
/// assert_eq!(parse_score_text("-"), Score::Missing);
/// ```
pub fn parse_score_text(folded: &str) -> Score {
    if is_placeholder(folded) {
        return Score::Missing;
    }
    let vocab = vocabulary();
    if vocab.not_applicable.contains(folded) {
        return Score::NotApplicable;
    }
    let mut t = folded.strip_prefix('+').unwrap_or(folded).trim_start();
    for suffix in &vocab.score_suffixes {
        if let Some(stripped) = t.strip_suffix(suffix.as_str()) {
            t = stripped.trim_end();
            break;
        }
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(int) || !(frac.is_empty() || frac.bytes().all(|b| b == b'0')) {
        return Score::Invalid;
    }
    if t.ends_with('.') {
        return Score::Invalid;
    }
    match int.trim_start_matches('0').parse::<u32>() {
        Ok(v @ 1..=5) => Score::Value(v as u8),
        _ => Score::Invalid,
    }
}

/// Splits a party cell into its parties: at line breaks and at
/// `/ ／ , ， 、 ; ； & ＆ + ＋`. `・` is part of a name.
///
/// Returns the parties as written (trimmed), dropping empty pieces.
///
/// ```
/// assert_eq!(x1060::vocabulary::split_parties("CSIRT／A社"), vec!["CSIRT", "A社"]);
/// assert_eq!(x1060::vocabulary::split_parties("セキュリティ・リスク管理室"), vec!["セキュリティ・リスク管理室"]);
/// assert_eq!(x1060::vocabulary::split_parties("SOC\nZ-MSSP"), vec!["SOC", "Z-MSSP"]);
/// ```
pub fn split_parties(s: &str) -> Vec<String> {
    let separators = &vocabulary().party_separators;
    s.split(|c: char| is_line_break(c) || separators.contains(&c))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when a folded ID/name cell begins with a summary word
/// (`合計`, `平均スコア`, `Total` …): the row is a summary, not a service.
///
/// An English word must end there (`Totalisation` is not a summary row).
///
/// ```
/// assert!(x1060::vocabulary::is_summary("平均スコア"));
/// assert!(x1060::vocabulary::is_summary("total"));
/// assert!(!x1060::vocabulary::is_summary("totally new service"));
/// ```
pub fn is_summary(folded: &str) -> bool {
    vocabulary()
        .summary_words
        .iter()
        .any(|w| match folded.strip_prefix(w.as_str()) {
            None => false,
            Some(rest) if w.is_ascii() => !rest.starts_with(|c: char| c.is_alphabetic()),
            Some(_) => true,
        })
}
