//! Text normalisation: how a cell's text is compared (RULES.md → Vocabulary).
//!
//! Everything here is for *matching* only. The original text is always kept
//! in the model for display and for the round trip.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Unicode NFKC, invisible format characters (category Cf) removed, trimmed,
/// inner white space collapsed to one space, lower case.
///
/// Full-width digits and letters and half-width katakana all fold to one form.
///
/// ```
/// assert_eq!(x1060::text::fold("  ＡＢＣ\n ３点 "), "abc 3点");
/// assert_eq!(x1060::text::fold("ｲﾝｿｰｽ"), "インソース");
/// assert_eq!(x1060::text::fold("ベーシック\u{200B}"), "ベーシック");
/// ```
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII alone: only white space and case to do.
        let mut out = String::with_capacity(s.len());
        for word in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
        return out;
    }
    // The same texts (service names, level and assignment words, headers)
    // recur in every file of a batch, and NFKC plus case folding costs ~10×
    // a hash look-up: remember the folded form per thread.
    thread_local! {
        static FOLDED: TextCache<Box<str>> = TextCache::default();
    }
    String::from(&*remembered(&FOLDED, s, || {
        fold_uncached(s).into_boxed_str()
    }))
}

/// Entries one generation of a per-thread text cache holds ([`TextCache`]):
/// small enough that a batch of 10,000 files holds little more than one of
/// 100 (peak RSS flat), large enough for the texts that do recur (service
/// names, level and assignment words, headers: a few hundred). Two
/// generations of 2,048 gained 0.5 % of the instructions on the bench corpus
/// and cost peak memory that a long batch grows into.
pub(crate) const CACHE_ENTRIES: usize = 1_024;

/// Answers worked out from a cell's text alone (its folded form, whether it
/// names a service …), remembered per thread in two generations: when the
/// newer holds [`CACHE_ENTRIES`] texts, the older is dropped and the newer
/// takes its place. A text that recurs (a service name, in every file) is
/// found in one generation or the other and moves to the newer, so it is
/// not worked out again; a text seen once (a note, a party's name) ages
/// out. Memory is bounded at twice [`CACHE_ENTRIES`] texts of at most
/// [`CACHE_TEXT_BYTES`] bytes.
pub(crate) struct TextCache<V>(std::cell::RefCell<Generations<V>>);

impl<V> Default for TextCache<V> {
    fn default() -> Self {
        TextCache(std::cell::RefCell::new(Generations {
            newer: FxMap::default(),
            older: FxMap::default(),
        }))
    }
}

/// The two generations of a [`TextCache`].
pub(crate) struct Generations<V> {
    newer: FxMap<Box<str>, V>,
    older: FxMap<Box<str>, V>,
}

impl<V> Generations<V> {
    fn insert(&mut self, key: Box<str>, v: V) {
        if self.newer.len() >= CACHE_ENTRIES {
            self.older = std::mem::take(&mut self.newer);
            self.newer.reserve(CACHE_ENTRIES);
        }
        self.newer.insert(key, v);
    }
}

/// The answer for `text`, from the thread's `cache` or else from `compute`
/// (remembered unless the text is longer than [`CACHE_TEXT_BYTES`]).
pub(crate) fn remembered<V: Clone + 'static>(
    cache: &'static std::thread::LocalKey<TextCache<V>>,
    text: &str,
    compute: impl FnOnce() -> V,
) -> V {
    if text.len() > CACHE_TEXT_BYTES {
        return compute();
    }
    let hit = cache.with(|c| {
        let mut g = c.0.borrow_mut();
        if let Some(v) = g.newer.get(text) {
            return Some(v.clone());
        }
        let (key, v) = g.older.remove_entry(text)?;
        let answer = v.clone();
        g.insert(key, v);
        Some(answer)
    });
    if let Some(v) = hit {
        return v;
    }
    let answer = compute();
    cache.with(|c| c.0.borrow_mut().insert(text.into(), answer.clone()));
    answer
}

/// Longest text a per-thread cache keeps: longer texts (notes, descriptions,
/// organisation names) seldom recur and would only fill the caches.
pub(crate) const CACHE_TEXT_BYTES: usize = 64;

fn fold_uncached(s: &str) -> String {
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

/// A hash map with foldhash's fast fixed-seed hasher, for the per-thread
/// caches keyed by cell text: SipHash's protection against crafted keys
/// buys nothing there (the caches are bounded and cleared when full) and
/// costs several times the look-up.
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// NFKC of `s`, borrowing when `s` is ASCII (the common case in English sheets).
///
/// ```
/// assert_eq!(x1060::text::nfkc("Ａ－１"), "A-1");
/// ```
///
/// Invisible format characters (Unicode category Cf: zero-width space and
/// joiners, BOM, soft hyphen, bidi marks) are removed too: RULES.md compares
/// every cell without them.
///
/// ```
/// assert_eq!(x1060::text::nfkc("A\u{200B}-1\u{FEFF}"), "A-1");
/// ```
pub fn nfkc(s: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    // Most cells (ASCII, kana, kanji) are NFKC already: skip the copy. The
    // range test is cheaper than the table look-up of is_nfkc_quick.
    if s.chars().all(is_stable_char) {
        return Cow::Borrowed(s);
    }
    let has_cf = s.chars().any(is_format_char);
    if !has_cf && is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else if has_cf {
        Cow::Owned(s.chars().filter(|&c| !is_format_char(c)).nfkc().collect())
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// True for an invisible format character (Unicode general category Cf).
///
/// ```
/// assert!(x1060::text::is_format_char('\u{200B}'));
/// assert!(x1060::text::is_format_char('\u{FEFF}'));
/// assert!(!x1060::text::is_format_char('a'));
/// ```
pub fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// A value for a message: invisible format characters shown as `\u{200B}`,
/// so a value that "looks right" but fails shows why.
///
/// ```
/// assert_eq!(x1060::text::escape_invisible("ベーシック\u{200B}"), "ベーシック\\u{200B}");
/// assert_eq!(x1060::text::escape_invisible("plain"), "plain");
/// ```
pub fn escape_invisible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_format_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_format_char(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters NFKC leaves alone whatever surrounds them: ASCII, hiragana,
/// katakana (not the half-width forms), the long-vowel mark and `・`, CJK
/// ideographs and the ideographic comma and full stop.
fn is_stable_char(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x7F | 0x3001..=0x3002 | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FB..=0x30FC
        | 0x4E00..=0x9FFF)
}

/// The key two service names are compared by: NFKC, invisible characters
/// removed, case ignored, `&` read as `and`, `CSC` and `CDC/CSC` read as
/// `CDC`, every white space and `・` removed.
///
/// ```
/// use x1060::text::name_key;
/// assert_eq!(name_key("CDC システム運用"), name_key("CDCシステム運用"));
/// assert_eq!(name_key("CSCシステム運用"), name_key("CDC/CSC システム運用"));
/// assert_eq!(name_key("Alerting & warning"), name_key("alerting and  warning"));
/// ```
pub fn name_key(s: &str) -> String {
    squeeze(&cdc_word(&nfkc(s).to_lowercase().replace('&', "and")))
}

/// Removes every white space and `・`.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .collect()
}

/// Reads `csc`, `cdc/csc` and `csc/cdc` (a whole word, white space around the
/// slash allowed) as `cdc` in a lower-case text.
fn cdc_word(s: &str) -> Cow<'_, str> {
    if !s.contains("csc") {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_lowercase);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !letter(i - 1);
        if word_start && let Some(len) = cdc_pair_len(&s[i..]).filter(|&n| !letter(i + n)) {
            out.push_str("cdc");
            i += len;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    Cow::Owned(out)
}

/// Byte length of `cdc / csc`, `csc / cdc` or `csc` at the start of `s`.
fn cdc_pair_len(s: &str) -> Option<usize> {
    for (first, second) in [("cdc", "csc"), ("csc", "cdc")] {
        if let Some(rest) = s.strip_prefix(first) {
            let r = rest.trim_start();
            if let Some(r) = r.strip_prefix('/') {
                let r = r.trim_start();
                if let Some(r) = r.strip_prefix(second) {
                    return Some(s.len() - r.len());
                }
            }
        }
    }
    s.starts_with("csc").then_some(3)
}

/// The parts of a bilingual name cell: split at `/`, a line break, or a
/// bracketed second part (`リスクマネジメント (Risk management)`). Empty when
/// the cell has one part only. Works on a lower-case NFKC text in which
/// `CDC/CSC` has already been read as one word.
pub fn bilingual_parts(t: &str) -> Vec<&str> {
    let parts: Vec<&str> = t
        .split(|c: char| c == '/' || is_line_break(c))
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.len() >= 2 {
        return parts;
    }
    let t = t.trim();
    if let Some(i) = t.find(['(', '[', '【'])
        && i > 0
        && t.ends_with([')', ']', '】'])
    {
        let open = t[i..].chars().next().map_or(1, char::len_utf8);
        let close = t.len() - t.chars().last().map_or(0, char::len_utf8);
        if i + open <= close {
            let (a, b) = (t[..i].trim(), t[i + open..close].trim());
            if !a.is_empty() && !b.is_empty() {
                return vec![a, b];
            }
        }
    }
    Vec::new()
}

/// The comparison key of a name cell and of each of its bilingual parts.
pub fn name_keys(s: &str) -> (String, Vec<String>) {
    let t = nfkc(s).to_lowercase().replace('&', "and");
    let t = cdc_word(&t);
    let parts = bilingual_parts(&t).into_iter().map(squeeze).collect();
    (squeeze(&t), parts)
}

/// Levenshtein distance between two strings (in characters), or `limit + 1`
/// when it is larger than `limit`.
///
/// ```
/// assert_eq!(x1060::text::edit_distance("kitten", "sitting", 5), 3);
/// assert_eq!(x1060::text::edit_distance("abc", "xyzxyz", 2), 3);
/// ```
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1)
                .min(cur[j] + 1)
                .min(prev[j] + usize::from(ca != cb));
        }
        if cur.iter().min().is_some_and(|&m| m > limit) {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
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
/// assert_eq!(split_id("a\u{2060}-1\u{AD}0").unwrap().id, "A-10");
/// ```
pub fn split_id(text: &str) -> Option<IdPrefix<'_>> {
    // Most IDs are plain ASCII (`A-1`, `a01`): read those bytes directly and
    // leave full-width letters, other dashes and invisible characters to
    // the general reading (every text cell of a sheet is asked).
    let (letter, number, end) = match ascii_id(text) {
        AsciiId::Found {
            letter,
            number,
            end,
        } => (letter, number, end),
        AsciiId::NotAnId => return None,
        AsciiId::Unsure => general_id(text)?,
    };
    Some(IdPrefix {
        id: canonical_id(letter, number),
        rest: rest_after_id(&text[end..]),
    })
}

/// What the ASCII reading of an ID makes of a cell's first characters.
enum AsciiId {
    /// An ID: its letter, its number and the byte offset after its digits.
    Found {
        letter: char,
        number: u32,
        end: usize,
    },
    /// Certainly not an ID.
    NotAnId,
    /// A character outside ASCII comes before the ID's end: ask [`general_id`].
    Unsure,
}

/// Reads `letter [white space] [-] [white space] digits` in ASCII.
fn ascii_id(text: &str) -> AsciiId {
    let b = text.as_bytes();
    // char::is_whitespace within ASCII: tab to carriage return, and space.
    let is_space = |c: u8| matches!(c, 9..=13 | b' ');
    let skip_spaces = |mut i: usize| {
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        i
    };
    let mut i = skip_spaces(0);
    let Some(&first) = b.get(i) else {
        return AsciiId::NotAnId;
    };
    if !first.is_ascii() {
        return AsciiId::Unsure;
    }
    if !first.is_ascii_alphabetic() {
        return AsciiId::NotAnId;
    }
    i = skip_spaces(i + 1);
    if b.get(i) == Some(&b'-') {
        i = skip_spaces(i + 1);
    }
    let (mut number, mut significant, mut digits) = (0u32, 0, 0);
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        digits += 1;
        if number > 0 || c != b'0' {
            significant += 1;
        }
        number = number.saturating_mul(10) + u32::from(c - b'0');
        i += 1;
    }
    if b.get(i).is_some_and(|c| !c.is_ascii()) {
        // A full-width digit or an invisible character may continue it.
        return AsciiId::Unsure;
    }
    if digits == 0 || significant > 3 {
        return AsciiId::NotAnId;
    }
    AsciiId::Found {
        letter: char::from(first),
        number,
        end: i,
    }
}

/// The ID's letter, number and the byte offset after its digits in `text`,
/// read character by character: full-width forms, every dash RULES.md
/// accepts, and invisible format characters anywhere.
fn general_id(text: &str) -> Option<(char, u32, usize)> {
    // Invisible format characters (`a\u{2060}-02`) are passed over wherever they sit.
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || is_format_char(c));
    let offset = text.len() - t.len();
    let mut chars = t
        .char_indices()
        .filter(|&(_, c)| !is_format_char(c))
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
    Some((letter, number, offset + end))
}

/// `A-1` from the letter and the number (at most three significant digits).
fn canonical_id(letter: char, number: u32) -> String {
    let mut id = String::with_capacity(5);
    id.push(letter.to_ascii_uppercase());
    id.push('-');
    let mut digits = [0u8; 10];
    let mut n = number;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    id.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
    id
}

/// The name after an ID's digits: white space, invisible characters and one
/// separator (`.` `:` `,` `)` `、`, full-width too) passed over, trimmed.
fn rest_after_id(rest: &str) -> &str {
    let skip = |s: &'_ str| -> usize {
        s.len()
            - s.trim_start_matches(|c: char| c.is_whitespace() || is_format_char(c))
                .len()
    };
    let mut rest = &rest[skip(rest)..];
    if let Some(c) = rest.chars().next()
        && (matches!(ascii_of(c), '.' | ':' | ',' | ')') || c == '、')
    {
        rest = &rest[c.len_utf8()..];
        rest = &rest[skip(rest)..];
    }
    rest.trim_end()
}

/// The ASCII character a full-width letter, digit or punctuation mark stands
/// for (`Ａ` → `A`, `１` → `1`, `．` → `.`); other characters unchanged.
fn ascii_of(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
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

pub(crate) fn is_line_break(c: char) -> bool {
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
            // The brackets may be several bytes long (`【】`): slice at char boundaries.
            let open = t[i..].chars().next().map_or(1, char::len_utf8);
            let close = t.len() - t.chars().last().map_or(0, char::len_utf8);
            if i + open > close {
                return (t.to_string(), String::new());
            }
            (
                t[..i].trim().to_string(),
                t[i + open..close].trim().to_string(),
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

#[cfg(test)]
mod split_id_tests {
    use super::*;
    use proptest::prelude::*;

    /// [`split_id`] by the general reading alone, as it was before the ASCII
    /// fast path.
    fn general(text: &str) -> Option<(String, &str)> {
        general_id(text).map(|(l, n, end)| (canonical_id(l, n), rest_after_id(&text[end..])))
    }

    proptest! {
        /// The ASCII fast path and the general reading agree on every text.
        #[test]
        fn the_ascii_path_agrees_with_the_general_one(
            parts in proptest::collection::vec(prop_oneof![
                Just("A"), Just("a"), Just("i"), Just("Z"), Just("Ａ"), Just("-"), Just("－"),
                Just("ー"), Just(" "), Just("\t"), Just("\u{3000}"), Just("\u{200B}"), Just("\u{AD}"),
                Just("0"), Just("1"), Just("2"), Just("9"), Just("１"), Just("."), Just("、"),
                Just(")"), Just("リスク"), Just("Risk"), Just(":"),
            ], 0..8)
        ) {
            let text: String = parts.concat();
            let fast = split_id(&text).map(|p| (p.id, p.rest));
            prop_assert_eq!(fast, general(&text), "{:?}", text);
        }
    }

    #[test]
    fn canonical_ids() {
        assert_eq!(canonical_id('a', 1), "A-1");
        assert_eq!(canonical_id('I', 13), "I-13");
        assert_eq!(canonical_id('b', 0), "B-0");
        assert_eq!(canonical_id('c', 999), "C-999");
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        static LENGTHS: TextCache<usize> = TextCache::default();
    }

    #[test]
    fn a_recurring_text_is_worked_out_once_however_many_others_pass() {
        let computed = Cell::new(0);
        let len = |t: &str| {
            remembered(&LENGTHS, t, || {
                computed.set(computed.get() + 1);
                t.len()
            })
        };
        assert_eq!(len("リスクマネジメント"), 27);
        for i in 0..10 * CACHE_ENTRIES {
            // A new text every time, and the recurring one every 100.
            len(&format!("note {i}"));
            if i % 100 == 0 {
                assert_eq!(len("リスクマネジメント"), 27);
            }
        }
        assert_eq!(computed.get(), 1 + 10 * CACHE_ENTRIES);
        LENGTHS.with(|c| {
            let g = c.0.borrow();
            assert!(g.newer.len() + g.older.len() <= 2 * CACHE_ENTRIES);
        });
    }

    #[test]
    fn long_texts_are_never_kept() {
        let long = "x".repeat(CACHE_TEXT_BYTES + 1);
        let computed = Cell::new(0);
        for _ in 0..3 {
            remembered(&LENGTHS, &long, || {
                computed.set(computed.get() + 1);
                0
            });
        }
        assert_eq!(computed.get(), 3);
    }
}
