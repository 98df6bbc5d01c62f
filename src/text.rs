//! Text normalisation: how a cell's text is compared (RULES.md → Vocabulary).
//!
//! Everything here is for *matching* only. The original text is always kept
//! in the model for display and for the round trip.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Unicode NFKC, trimmed, inner white space collapsed to one space, lower case.
///
/// Full-width digits and letters and half-width katakana all fold to one form.
///
/// ```
/// assert_eq!(x1060::text::fold("  ＡＢＣ\n ３点 "), "abc 3点");
/// assert_eq!(x1060::text::fold("ｲﾝｿｰｽ"), "インソース");
/// ```
pub fn fold(s: &str) -> String {
    let nfkc = nfkc(s);
    let mut out = String::with_capacity(nfkc.len());
    for word in nfkc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// NFKC of `s`, borrowing when `s` is ASCII (the common case in English sheets).
///
/// ```
/// assert_eq!(x1060::text::nfkc("Ａ－１"), "A-1");
/// ```
pub fn nfkc(s: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    // Most cells (ASCII, kana, kanji) are NFKC already: skip the copy. The
    // range test is cheaper than the table look-up of is_nfkc_quick.
    if s.chars().all(is_stable_char) || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Characters NFKC leaves alone whatever surrounds them: ASCII, hiragana,
/// katakana (not the half-width forms), the long-vowel mark and `・`, CJK
/// ideographs and the ideographic comma and full stop.
fn is_stable_char(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x7F | 0x3001..=0x3002 | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FB..=0x30FC
        | 0x4E00..=0x9FFF)
}

/// The key two service names are compared by: NFKC, case ignored, `&` read as
/// `and`, every white space and `・` removed.
///
/// ```
/// use x1060::text::name_key;
/// assert_eq!(name_key("CDC システム運用"), name_key("CDCシステム運用"));
/// assert_eq!(name_key("Alerting & warning"), name_key("alerting and  warning"));
/// ```
pub fn name_key(s: &str) -> String {
    let folded = nfkc(s).to_lowercase().replace('&', "and");
    folded
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .collect()
}

/// True for the characters RULES.md accepts between a service ID's letter and number.
///
/// Both the original and the NFKC form of each dash are accepted.
fn is_id_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '－' | '‐' | '‑' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ'
    )
}

/// A service ID split from the front of a folded cell text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPrefix<'a> {
    /// The canonical ID, e.g. `A-1`.
    pub id: String,
    /// What follows the ID (the name, when ID and name share a cell), trimmed.
    pub rest: &'a str,
}

/// Splits a service ID (`A-1`, `A1`, `a-01`, `Ａ－１` …) from the front of a
/// cell text, with the name that may follow it (`A-1. Risk management`).
///
/// Works on the text as written: `rest` is a slice of the input, so a name
/// keeps its original spelling. Full-width letters, digits and dashes count.
///
/// ```
/// use x1060::text::split_id;
/// let p = split_id("A-1. Risk management").unwrap();
/// assert_eq!((p.id.as_str(), p.rest), ("A-1", "Risk management"));
/// assert_eq!(split_id("a-01").unwrap().id, "A-1");
/// assert_eq!(split_id("Ａ－１２　ＳＯＣ").unwrap().rest, "ＳＯＣ");
/// assert!(split_id("A CDCの戦略マネジメント").is_none());
/// ```
pub fn split_id(text: &str) -> Option<IdPrefix<'_>> {
    let t = text.trim_start();
    let mut chars = t
        .char_indices()
        .map(|(i, c)| (i, c, ascii_of(c)))
        .peekable();
    let (_, _, letter) = chars.next()?;
    if !letter.is_ascii_alphabetic() {
        return None;
    }
    while chars.next_if(|&(_, c, _)| c.is_whitespace()).is_some() {}
    if chars
        .next_if(|&(_, c, a)| is_id_dash(c) || is_id_dash(a))
        .is_some()
    {
        while chars.next_if(|&(_, c, _)| c.is_whitespace()).is_some() {}
    }
    let mut number: u32 = 0;
    let mut significant = 0;
    let mut digits = 0;
    let mut end = None;
    while let Some(&(i, c, a)) = chars.peek() {
        if !a.is_ascii_digit() {
            break;
        }
        digits += 1;
        if number > 0 || a != '0' {
            significant += 1;
        }
        number = number.saturating_mul(10) + (a as u32 - '0' as u32);
        end = Some(i + c.len_utf8());
        chars.next();
    }
    let end = end?;
    if digits == 0 || significant > 3 {
        return None;
    }
    let mut rest = t[end..].trim_start();
    if let Some(c) = rest.chars().next()
        && (matches!(ascii_of(c), '.' | ':' | ',' | ')') || c == '、')
    {
        rest = rest[c.len_utf8()..].trim_start();
    }
    Some(IdPrefix {
        id: format!("{}-{}", letter.to_ascii_uppercase(), number),
        rest: rest.trim_end(),
    })
}

/// The ASCII character a full-width letter, digit or punctuation mark stands
/// for (`Ａ` → `A`, `１` → `1`, `．` → `.`); other characters unchanged.
fn ascii_of(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
}

/// True when a folded cell text is one of the placeholders that mean "blank"
/// in level, assignment and score cells (`-`, `なし`, `none` …).
///
/// ```
/// assert!(x1060::text::is_placeholder("該当なし"));
/// assert!(x1060::text::is_placeholder(""));
/// assert!(!x1060::text::is_placeholder("3"));
/// ```
pub fn is_placeholder(folded: &str) -> bool {
    folded.is_empty() || crate::catalogue::vocabulary().placeholders.contains(folded)
}

/// A parsed score cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// Blank, or a placeholder.
    Missing,
    /// Not applicable: the organisation decided not to implement it.
    NotApplicable,
    /// A score 1–5.
    Value(u8),
    /// Anything else (`3.5`, `0`, `6`, `高`, a date …).
    Invalid,
}

impl Score {
    /// The score as a number, when it is one.
    pub fn value(self) -> Option<u8> {
        match self {
            Score::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Parses a folded text score: `3`, `3.0`, `+3`, `3点`, `3 pts`; N/A spellings.
///
/// ```
/// use x1060::text::{parse_score_text, Score};
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
    let vocab = crate::catalogue::vocabulary();
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

/// Parses a numeric cell as a score: an integer 1–5 (`3.0` is 3).
///
/// ```
/// use x1060::text::{parse_score_number, Score};
/// assert_eq!(parse_score_number(4.0), Score::Value(4));
/// assert_eq!(parse_score_number(3.5), Score::Invalid);
/// assert_eq!(parse_score_number(0.0), Score::Invalid);
/// ```
pub fn parse_score_number(v: f64) -> Score {
    if v.fract() == 0.0 && (1.0..=5.0).contains(&v) {
        Score::Value(v as u8)
    } else {
        Score::Invalid
    }
}

/// Splits a party cell into its parties: at line breaks and at
/// `/ ／ , ， 、 ; ； & ＆ + ＋`. `・` is part of a name.
///
/// Returns the parties as written (trimmed), dropping empty pieces.
///
/// ```
/// assert_eq!(x1060::text::split_parties("CSIRT／A社"), vec!["CSIRT", "A社"]);
/// assert_eq!(x1060::text::split_parties("セキュリティ・リスク管理室"), vec!["セキュリティ・リスク管理室"]);
/// assert_eq!(x1060::text::split_parties("SOC\nZ-MSSP"), vec!["SOC", "Z-MSSP"]);
/// ```
pub fn split_parties(s: &str) -> Vec<String> {
    let separators = &crate::catalogue::vocabulary().party_separators;
    s.split(|c: char| is_line_break(c) || separators.contains(&c))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\r' | '\n' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// An assignment cell split into its type word and the party in brackets:
/// `インソース(SOC部)`, `Outsourcing (Z-MSSP)`, `併用（CSIRT／A社）`.
///
/// Returns `(word, party)`; the party is `""` when there are no brackets.
/// Both are NFKC-normalised and trimmed, not folded.
///
/// ```
/// let (w, p) = x1060::text::split_bracket("併用（CSIRT／A社）");
/// assert_eq!((w.as_str(), p.as_str()), ("併用", "CSIRT/A社"));
/// ```
pub fn split_bracket(s: &str) -> (String, String) {
    let t = nfkc(s);
    let t = t.trim();
    let open = t.find(['(', '[', '【']);
    let close_ok = t.ends_with([')', ']', '】']);
    match open {
        Some(i) if close_ok && i > 0 => {
            let close = t.len() - t.chars().last().map_or(0, char::len_utf8);
            (
                t[..i].trim().to_string(),
                t[i + 1..close].trim().to_string(),
            )
        }
        _ => (t.to_string(), String::new()),
    }
}

/// Display width of a text in a monospace grid: East Asian wide characters
/// count double. Used to size spreadsheet columns.
///
/// ```
/// assert_eq!(x1060::text::display_width("AB"), 2);
/// assert_eq!(x1060::text::display_width("リスク"), 6);
/// ```
pub fn display_width(s: &str) -> usize {
    s.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// True when a folded ID/name cell begins with a summary word
/// (`合計`, `平均スコア`, `Total` …): the row is a summary, not a service.
///
/// An English word must end there (`Totalisation` is not a summary row).
///
/// ```
/// assert!(x1060::text::is_summary("平均スコア"));
/// assert!(x1060::text::is_summary("total"));
/// assert!(!x1060::text::is_summary("totally new service"));
/// ```
pub fn is_summary(folded: &str) -> bool {
    if !folded.starts_with(['合', '小', '平', 't', 's', 'a']) {
        return false;
    }
    crate::catalogue::vocabulary()
        .summary_words
        .iter()
        .any(|w| match folded.strip_prefix(w.as_str()) {
            None => false,
            Some(rest) if w.is_ascii() => !rest.starts_with(|c: char| c.is_alphanumeric()),
            Some(_) => true,
        })
}
