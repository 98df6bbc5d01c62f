//! Values quoted as the cell displays them (RULES.md → Fine points): a cell
//! formatted as 60 % holding 0.6 is quoted `60%`, a `0.0` cell holding 3 is
//! `3.0`, a date cell `2023/3/15`.
//!
//! The reader keeps the package it parsed ([`Source`], shared, never copied:
//! an `.xlsx`'s styles through calamine, an `.xls`'s BIFF FORMAT and XF
//! records, an `.ods`'s stored text);
//! [`quote_as_displayed`] looks at the number formats a second time only for
//! the cells a finding will quote — a number or date in a level, assignment
//! or score cell that does not read as one — and records each one's
//! displayed text in the row's [`RowOrigin::shown`](crate::model::RowOrigin).
//! A clean workbook never pays for that second read. The rest of the
//! pipeline sees only the displayed text ([`crate::model::Service::as_shown`]), never a style.
//!
//! [`render`] is a small renderer of Excel number formats: sections, `0 # ?`
//! placeholders, decimals, thousands, scaling commas, `%`, literals, `@`,
//! colours and locale tags, and dates and times (`yyyy/m/d`, `yyyy-mm-dd`,
//! `yyyy"年"m"月"d"日"`, the Japanese eras `ggge`, weekdays `aaa`). What it
//! does not know (fractions, exponents, conditions, `[DBNum]` numerals) is
//! `None`: the value is then quoted as before.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Reader, Xlsx};

use crate::catalogue::vocabulary;
use crate::model::{Field, Parse, Portfolio, Value, format_number, parse_assignment, parse_score};
use crate::read::Workbook;
use crate::text::Score;
use crate::vocabulary::is_placeholder;

/// The package bytes a reader parsed, shared between the parser and the
/// [`Workbook`] so a second look costs no copy.
#[derive(Clone)]
pub struct Shared(pub Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Where the cells' displayed texts can be read again.
#[derive(Clone)]
pub enum Source {
    /// An `.xlsx` / `.xlsm` as a stored zip: the number format codes are
    /// read through calamine's `worksheet_style`.
    Xlsx(Shared),
    /// An `.ods` as a stored zip: `content.xml` holds each cell's displayed
    /// text in its `<text:p>`.
    Ods(Shared),
    /// An `.xls` as read: the BIFF records name each cell's format.
    Xls(Shared),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, bytes) = match self {
            Source::Xlsx(s) => ("xlsx", s.0.len()),
            Source::Ods(s) => ("ods", s.0.len()),
            Source::Xls(s) => ("xls", s.0.len()),
        };
        write!(f, "Source::{kind}({bytes} bytes)")
    }
}

thread_local! {
    static SECOND_READS: Cell<usize> = const { Cell::new(0) };
}

/// How many second reads of a sheet's formats this thread has made: the
/// cost [`quote_as_displayed`] pays, which a clean workbook must never pay
/// (the tests assert it).
pub fn second_reads() -> usize {
    SECOND_READS.with(Cell::get)
}

/// The value fields a finding quotes (C002, P002, S001, S002).
const QUOTED: [Field; 4] = [Field::Level, Field::Assignment, Field::AsIs, Field::ToBe];

/// Records, for each number or date a finding will quote, the text its cell
/// displays. Reads the formats only when there is such a cell.
pub fn quote_as_displayed(wb: &Workbook, p: &mut Portfolio) {
    let wanted = quoted_cells(p);
    if wanted.is_empty() {
        return;
    }
    let Some(source) = &wb.display else { return };
    let mut by_sheet: HashMap<&str, Vec<Quoted<'_>>> = HashMap::new();
    for w in &wanted {
        let value = p.services[w.service].value(w.field);
        by_sheet
            .entry(w.sheet.as_str())
            .or_default()
            .push((w.at, value));
    }
    let mut shown: HashMap<(&str, (u32, u32)), String> = HashMap::new();
    for (sheet, cells) in by_sheet {
        SECOND_READS.with(|n| n.set(n.get() + 1));
        for (at, text) in source.displayed(sheet, &cells) {
            shown.insert((sheet, at), text);
        }
    }
    let mut found: Vec<(usize, Field, String)> = Vec::new();
    for w in &wanted {
        let Some(text) = shown.get(&(w.sheet.as_str(), w.at)) else {
            continue;
        };
        let value = p.services[w.service].value(w.field);
        if *text != value.display() {
            found.push((w.service, w.field, text.clone()));
        }
    }
    for (i, field, text) in found {
        if let Some(o) = p.services[i].origin.as_mut() {
            o.shown.push((field, text));
        }
    }
}

/// A cell (0-based row and column) and the value read from it.
type Quoted<'a> = ((u32, u32), &'a Value);

/// A cell whose displayed text a finding needs.
struct Wanted {
    service: usize,
    field: Field,
    sheet: String,
    at: (u32, u32),
}

/// The number and date cells a finding will quote: a level or assignment
/// that is not a known word, a score that is not 1–5 or N/A — decided as
/// the model parses them ([`parse_score`], [`parse_assignment`], the level
/// vocabulary), and cheaply: a clean row's whole-number scores cost one
/// comparison each.
fn quoted_cells(p: &Portfolio) -> Vec<Wanted> {
    let mut out = Vec::new();
    for (i, s) in p.services.iter().enumerate() {
        for f in QUOTED {
            let v = s.value(f);
            if !matches!(v, Value::Number(_) | Value::Date(_)) {
                continue;
            }
            let invalid = match f {
                Field::AsIs | Field::ToBe => parse_score(v) == Score::Invalid,
                Field::Assignment => matches!(parse_assignment(v).0, Parse::Invalid(_)),
                _ => {
                    let t = v.folded();
                    !is_placeholder(&t) && vocabulary().level(&t).is_none()
                }
            };
            if let Some(place) = p.place(s, f).filter(|_| invalid) {
                out.push(Wanted {
                    service: i,
                    field: f,
                    sheet: place.sheet.to_string(),
                    at: (place.row, place.col),
                });
            }
        }
    }
    out
}

impl Source {
    /// The displayed texts of some cells of a sheet, given with their
    /// values (cells whose text cannot be told are left out).
    fn displayed(&self, sheet: &str, cells: &[Quoted<'_>]) -> Vec<((u32, u32), String)> {
        let at: Vec<(u32, u32)> = cells.iter().map(|c| c.0).collect();
        let value_at = |pos: (u32, u32)| cells.iter().find(|c| c.0 == pos).map(|c| c.1);
        let rendered = |pos: (u32, u32), code: &str, id: Option<u32>| {
            render(value_at(pos)?, format_code(code, id)).map(|t| (pos, t))
        };
        match self {
            Source::Xlsx(bytes) => xlsx_formats(bytes, sheet, &at)
                .into_iter()
                .filter_map(|(pos, code, id)| rendered(pos, &code, id))
                .collect(),
            Source::Xls(bytes) => xls::formats(bytes, sheet, &at)
                .into_iter()
                .filter_map(|(pos, code, id)| rendered(pos, &code, Some(u32::from(id))))
                .collect(),
            Source::Ods(bytes) => ods::displayed(bytes, sheet, &at),
        }
    }
}

/// The format code and id of some cells of an `.xlsx` sheet, through
/// calamine's `worksheet_style` (a second parse of the sheet).
fn xlsx_formats(
    bytes: &Shared,
    sheet: &str,
    cells: &[(u32, u32)],
) -> Vec<((u32, u32), String, Option<u32>)> {
    let Ok(mut xlsx) = Xlsx::new(Cursor::new(bytes.clone())) else {
        return Vec::new();
    };
    let Ok(styles) = xlsx.worksheet_style(sheet) else {
        return Vec::new();
    };
    cells
        .iter()
        .filter_map(|&at| {
            let nf = styles.get(at)?.number_format.as_ref()?;
            Some((at, nf.format_code.clone(), nf.format_id))
        })
        .collect()
}

/// The format code to render: calamine names the built-in codes it knows;
/// the ones it does not (the Japanese dates) and the short date, which
/// Excel shows in the reader's locale, are the Japanese locale's.
fn format_code(code: &str, id: Option<u32>) -> &str {
    let ja = match id {
        Some(14) => "yyyy/m/d",
        Some(22) => "yyyy/m/d h:mm",
        Some(27 | 36 | 50 | 57) => "[$-411]ge.m.d",
        Some(28 | 29 | 51 | 54 | 58) => "[$-411]ggge\"年\"m\"月\"d\"日\"",
        Some(30) => "m/d/yy",
        Some(31) => "yyyy\"年\"m\"月\"d\"日\"",
        Some(32) => "h\"時\"mm\"分\"",
        Some(33) => "h\"時\"mm\"分\"ss\"秒\"",
        Some(34 | 52 | 55) => "yyyy\"年\"m\"月\"",
        Some(35 | 53 | 56) => "m\"月\"d\"日\"",
        _ => return code,
    };
    // A custom format may reuse a built-in id: keep what the file says then.
    if code.eq_ignore_ascii_case("general") || id == Some(14) || id == Some(22) {
        ja
    } else {
        code
    }
}

// ---------------------------------------------------------------------------
// The number-format renderer.

/// A value rendered under an Excel number format code, as Excel shows it;
/// `None` for a format this renderer does not know (the caller then quotes
/// the value as it is) and for `General`.
///
/// ```
/// use x1060::model::Value;
/// use x1060::read::display::render;
/// assert_eq!(render(&Value::Number(0.6), "0%").as_deref(), Some("60%"));
/// assert_eq!(render(&Value::Number(45000.0), "yyyy/m/d").as_deref(), Some("2023/3/15"));
/// assert_eq!(render(&Value::Number(0.5), "# ?/?"), None);
/// ```
pub fn render(value: &Value, code: &str) -> Option<String> {
    let x = match value {
        Value::Number(n) => *n,
        Value::Date(iso) => date::serial_of_iso(iso)?,
        _ => return None,
    };
    if !x.is_finite() || code.trim().eq_ignore_ascii_case("general") {
        return None;
    }
    let sections = split_sections(code);
    let (section, signed) = match (sections.len(), x) {
        (1, _) => (sections[0], x < 0.0),
        (_, x) if x < 0.0 => (sections[1], false),
        (n, x) if x == 0.0 && n >= 3 => (sections[2], false),
        _ => (sections[0], false),
    };
    let toks = tokens(section)?;
    let text = if toks
        .iter()
        .any(|t| matches!(t, Tok::Date(..) | Tok::AmPm(_)))
    {
        date::date_text(&toks, x)?
    } else {
        number_text(&toks, x.abs())?
    };
    Some(if signed { format!("-{text}") } else { text })
}

/// Splits a format code at the `;` outside quotes and brackets.
fn split_sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut bracket, mut escaped) = (0, false, false, false);
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

/// One piece of a format section.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Text shown as written.
    Lit(String),
    /// A digit placeholder: `0`, `#` or `?`.
    Digit(char),
    /// The decimal point.
    Point,
    /// A thousands separator, or a scaling comma.
    Comma,
    /// `%`: the value times 100.
    Percent,
    /// `General` inside a section.
    General,
    /// `@`: the text itself.
    At,
    /// A date or time part: the letter and how many times it is written.
    Date(char, usize),
    /// `AM/PM` (true) or `A/P` (false).
    AmPm(bool),
}

/// The tokens of one section; `None` for what the renderer does not know.
fn tokens(section: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = section.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(7).collect();
        let lower = rest.to_lowercase();
        match c {
            '"' => {
                let end = chars[i + 1..].iter().position(|&c| c == '"')? + i + 1;
                out.push(Tok::Lit(chars[i + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
            '\\' => {
                out.push(Tok::Lit(chars.get(i + 1)?.to_string()));
                i += 2;
                continue;
            }
            // `_x` leaves the width of x blank; `*x` fills the cell with x.
            '_' => {
                out.push(Tok::Lit(" ".into()));
                i += 2;
                continue;
            }
            '*' => {
                i += 2;
                continue;
            }
            '[' => {
                let end = chars[i + 1..].iter().position(|&c| c == ']')? + i + 1;
                let inner: String = chars[i + 1..end].iter().collect();
                out.extend(bracket(&inner)?);
                i = end + 1;
                continue;
            }
            '0' | '#' | '?' => out.push(Tok::Digit(c)),
            '.' => out.push(Tok::Point),
            ',' => out.push(Tok::Comma),
            '%' => out.push(Tok::Percent),
            '@' => out.push(Tok::At),
            // Exponents and fractions are not rendered.
            'E' | 'e' if matches!(chars.get(i + 1), Some('+' | '-')) => return None,
            '/' if out.iter().any(|t| matches!(t, Tok::Digit(_))) => return None,
            _ if lower.starts_with("general") => {
                out.push(Tok::General);
                i += 7;
                continue;
            }
            _ if lower.starts_with("am/pm") => {
                out.push(Tok::AmPm(true));
                i += 5;
                continue;
            }
            _ if lower.starts_with("a/p") => {
                out.push(Tok::AmPm(false));
                i += 3;
                continue;
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'g' | 'G' | 'e' | 'E'
            | 'a' => {
                let letter = c.to_ascii_lowercase();
                let n = chars[i..]
                    .iter()
                    .take_while(|k| k.to_ascii_lowercase() == letter)
                    .count();
                // A lone `a` is no date part: shown as written.
                if letter == 'a' && n < 3 {
                    out.push(Tok::Lit(c.to_string()));
                    i += 1;
                    continue;
                }
                out.push(Tok::Date(letter, n));
                i += n;
                continue;
            }
            // Buddhist years, Hijri, and other letters Excel would reject.
            'b' | 'B' => return None,
            _ => out.push(Tok::Lit(c.to_string())),
        }
        i += 1;
    }
    Some(out)
}

/// What a `[…]` in a format means: a colour or locale tag (nothing), a
/// currency (its symbol); `None` for conditions, elapsed time and numerals.
fn bracket(inner: &str) -> Option<Vec<Tok>> {
    if let Some(currency) = inner.strip_prefix('$') {
        let symbol = currency.split('-').next().unwrap_or("");
        return Some(if symbol.is_empty() {
            vec![]
        } else {
            vec![Tok::Lit(symbol.to_string())]
        });
    }
    const COLOURS: [&str; 8] = [
        "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow",
    ];
    let lower = inner.to_ascii_lowercase();
    (COLOURS.contains(&lower.as_str()) || lower.starts_with("color")).then(Vec::new)
}

/// A number under a number section (no date part), `x` not negative.
fn number_text(toks: &[Tok], x: f64) -> Option<String> {
    // A number in a text (`@`) cell shows as under General.
    if toks.iter().any(|t| matches!(t, Tok::General | Tok::At)) {
        let general = format_number(x);
        return Some(
            toks.iter()
                .map(|t| match t {
                    Tok::General | Tok::At => general.as_str(),
                    Tok::Lit(l) => l.as_str(),
                    _ => "",
                })
                .collect(),
        );
    }
    let point = toks.iter().position(|t| *t == Tok::Point);
    let is_digit = |t: &Tok| matches!(t, Tok::Digit(_));
    let int_end = point.unwrap_or(toks.len());
    let int_places: Vec<usize> = (0..int_end).filter(|&i| is_digit(&toks[i])).collect();
    let frac_places: Vec<usize> = (int_end..toks.len())
        .filter(|&i| is_digit(&toks[i]))
        .collect();
    if int_places.is_empty() && frac_places.is_empty() {
        // Literals only (`"-"` for zero): shown as written.
        return Some(literals(toks));
    }
    let last_int = int_places.last().copied();
    let first_int = int_places.first().copied();
    // A comma between integer placeholders groups thousands; commas right
    // after the last one divide by 1000 each.
    let grouping = (0..int_end).any(|i| {
        toks[i] == Tok::Comma && first_int.is_some_and(|f| f < i) && last_int.is_some_and(|l| l > i)
    });
    let scaling = last_int.map_or(0, |l| {
        toks[l + 1..int_end]
            .iter()
            .take_while(|t| **t == Tok::Comma)
            .count()
    });
    let literal_inside = match (first_int, last_int) {
        (Some(f), Some(l)) => toks[f..l].iter().any(|t| matches!(t, Tok::Lit(_))),
        _ => false,
    };
    if grouping && literal_inside {
        return None;
    }
    let percents = toks.iter().filter(|t| **t == Tok::Percent).count() as i32;
    let shift = 2 * percents - 3 * scaling as i32;
    let (int_digits, frac_digits) = decimal(x, shift, frac_places.len())?;

    // Integer slots, filled from the right; the leftmost takes any extra digits.
    let digits: Vec<char> = int_digits.chars().collect();
    let mut slots = vec![String::new(); int_places.len()];
    for (k, &at) in int_places.iter().enumerate().rev() {
        let from_right = int_places.len() - 1 - k;
        slots[k] = match digits.len().checked_sub(from_right + 1) {
            Some(d) => digits[d].to_string(),
            None => match toks[at] {
                Tok::Digit('0') => "0".into(),
                Tok::Digit('?') => " ".into(),
                _ => String::new(),
            },
        };
    }
    if let Some(first) = slots.first_mut() {
        let extra = digits.len().saturating_sub(int_places.len());
        let head: String = digits[..extra].iter().collect();
        first.insert_str(0, &head);
    }
    if grouping {
        let all: String = slots.concat();
        slots.iter_mut().for_each(String::clear);
        slots[0] = group_thousands(&all);
    }
    // Fraction digits, with trailing zeros of `#` dropped and of `?` blanked.
    let frac: Vec<char> = frac_digits.chars().collect();
    let mut frac_out: Vec<String> = frac.iter().map(char::to_string).collect();
    for k in (0..frac.len()).rev() {
        match (toks[frac_places[k]].clone(), frac[k]) {
            (Tok::Digit('#'), '0') => frac_out[k].clear(),
            (Tok::Digit('?'), '0') => frac_out[k] = " ".into(),
            _ => break,
        }
    }
    let mut out = String::new();
    let (mut int_k, mut frac_k) = (0, 0);
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Digit(_) if i < int_end => {
                out.push_str(&slots[int_k]);
                int_k += 1;
            }
            Tok::Digit(_) => {
                out.push_str(&frac_out[frac_k]);
                frac_k += 1;
            }
            Tok::Point => out.push('.'),
            Tok::Percent => out.push('%'),
            Tok::Lit(l) => out.push_str(l),
            _ => {}
        }
    }
    Some(out)
}

/// The literal pieces of a section, joined.
fn literals(toks: &[Tok]) -> String {
    toks.iter()
        .filter_map(|t| match t {
            Tok::Lit(l) => Some(l.as_str()),
            Tok::Percent => Some("%"),
            _ => None,
        })
        .collect()
}

/// `1234567` → `1,234,567`.
fn group_thousands(digits: &str) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let left = chars.len() - i;
        if i > 0 && left.is_multiple_of(3) && chars[i - 1] != ' ' {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

/// `x × 10^shift` rounded half away from zero to `places` decimals, as its
/// integer digits (no leading zeros; empty for zero) and its `places`
/// fraction digits. Works on the 15 significant digits Excel keeps, so
/// 0.125 is 0.125, not the binary 0.12499….
fn decimal(x: f64, shift: i32, places: usize) -> Option<(String, String)> {
    let sci = format!("{:.14e}", x);
    let (mantissa, exp) = sci.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let mut d: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // d[0].d[1]… × 10^exp: `point` digits stand before the decimal point.
    let mut point = if x == 0.0 { 1 } else { exp + 1 + shift };
    if x == 0.0 {
        d = vec![0];
    }
    let keep = point + places as i32;
    if keep < 0 {
        d = vec![0];
        point = 1;
    } else {
        let keep = keep as usize;
        if keep < d.len() {
            let up = d[keep] >= 5;
            d.truncate(keep);
            if up {
                let mut k = keep;
                loop {
                    if k == 0 {
                        d.insert(0, 1);
                        point += 1;
                        break;
                    }
                    k -= 1;
                    if d[k] == 9 {
                        d[k] = 0;
                    } else {
                        d[k] += 1;
                        break;
                    }
                }
            }
        }
    }
    if point > 400 {
        return None;
    }
    let digit = |k: i32| -> char {
        if k < 0 {
            '0'
        } else {
            d.get(k as usize).map_or('0', |v| (b'0' + v) as char)
        }
    };
    let int: String = (0..point.max(0)).map(digit).collect();
    let int = int.trim_start_matches('0').to_string();
    let frac: String = (point..point + places as i32).map(digit).collect();
    Some((int, frac))
}

mod date;
mod ods;
#[cfg(test)]
mod tests;
mod xls;
