//! The added figure columns as live formulas over the user's own cells.
//!
//! Level, assignment and the two scores read the user's cell each time the
//! workbook recalculates: a value in the vocabulary of RULES.md (the words
//! a drop-down list offers, a number 1–5, N/A) is read as the rules read it.
//! A value only this tool understands (`3点`, `ベーシック（必須）`,
//! `インソース（SOC）`) is pinned: the formula compares the cell with the
//! text it held when annotated and keeps the value parsed then until the
//! user changes the cell — `=IF(H12="3点",3,<live reading of H12>)` — and
//! the cell's note says so ([`pinned_note`]). The self-check reads these
//! columns, so a changed score moves every figure and chart.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::Added;
use super::rebuild::{Kind, Region, Styles};
use crate::catalogue::{Assignment, Lang, Level, vocabulary};
use crate::model::{Field, Parse, Parsed, Service, SheetLayout, Value, cell_name};
use crate::text::Score;

/// Where the added columns and the user's columns are.
pub(super) struct Columns<'a> {
    /// The table's layout.
    pub layout: &'a SheetLayout,
    /// The first added column.
    pub first_added: u32,
    /// The language of the canonical words.
    pub lang: Lang,
    /// The stored result of a formula giving an empty text: `""`, or
    /// [`EMPTY_RESULT`] where the result is fixed up afterwards
    /// (`rust_xlsxwriter` stores an empty result as the number 0).
    pub empty: &'static str,
}

/// A stored result the graft turns into an empty text result.
pub(super) const EMPTY_RESULT: &str = "x1060:empty";

impl Columns<'_> {
    fn col(&self, a: Added) -> u32 {
        self.first_added + Added::ALL.iter().position(|&x| x == a).unwrap_or(0) as u32
    }
}

/// A formula string literal, quotes doubled.
fn lit(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// An inline array of string literals: `{"a","b"}`.
fn array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.into_iter().map(lit).collect();
    format!("{{{}}}", v.join(","))
}

/// Workbook names holding the vocabulary the live readings look up, as
/// inline arrays (one copy per workbook instead of one per cell): name and
/// formula (`={"a","b"}`). All start with `x1060.`, so a re-run replaces them.
pub(super) fn names(lang: Lang) -> Vec<(String, String)> {
    let voc = vocabulary();
    let mut levels: Vec<(&str, Level)> = voc.level_spellings().collect();
    levels.sort();
    let mut assigns: Vec<(&str, Assignment)> = voc.assignment_spellings().collect();
    assigns.sort();
    let mut blanks: Vec<&str> = voc.placeholders.iter().map(String::as_str).collect();
    blanks.sort();
    let mut na: Vec<&str> = voc.not_applicable.iter().map(String::as_str).collect();
    na.sort();
    vec![
        (BLANK.into(), array(blanks)),
        (NA.into(), array(na)),
        (LEVEL_KEYS.into(), array(levels.iter().map(|l| l.0))),
        (
            LEVEL_WORDS.into(),
            array(levels.iter().map(|l| l.1.word(lang))),
        ),
        (ASSIGN_KEYS.into(), array(assigns.iter().map(|a| a.0))),
        (
            ASSIGN_WORDS.into(),
            array(assigns.iter().map(|a| a.1.word(lang))),
        ),
    ]
}

/// The prefix of every workbook name annotate adds.
pub(super) const NAME_PREFIX: &str = "x1060.";
const BLANK: &str = "x1060.blank";
const NA: &str = "x1060.na";
const LEVEL_KEYS: &str = "x1060.level_keys";
const LEVEL_WORDS: &str = "x1060.level_words";
const ASSIGN_KEYS: &str = "x1060.assign_keys";
const ASSIGN_WORDS: &str = "x1060.assign_words";

/// The live reading of a word cell: its text (an assignment's up to a
/// bracket, where the party is), trimmed, looked up among the spellings (the names `keys` and `words`);
/// a blank or placeholder stays blank, anything else reads `?` (counted
/// nowhere).
fn word_reading(cell: &str, keys: &str, words: &str, party: bool) -> String {
    let text = format!("SUBSTITUTE({cell},\"（\",\"(\")");
    let head = if party {
        format!("TRIM(LEFT({text},FIND(\"(\",{text}&\"(\")-1))")
    } else {
        format!("TRIM({cell})")
    };
    format!(
        "IFERROR(IF(ISNUMBER(MATCH(TRIM({cell}),{BLANK},0)),\"\",INDEX({words},1,MATCH({head},{keys},0))),IF(TRIM({cell})=\"\",\"\",\"?\"))"
    )
}

/// The live reading of a score cell: a whole number 1–5, N/A, blank, or `?`.
fn score_reading(cell: &str) -> String {
    let ok = |e: &str| format!("IF(AND({e}>=1,{e}<=5,{e}=INT({e})),{e},\"?\")");
    let value = format!("VALUE(TRIM({cell}))");
    format!(
        "IFERROR(IF(ISNUMBER({cell}),{},IF(TRIM({cell})=\"\",\"\",IF(ISNUMBER(MATCH(TRIM({cell}),{BLANK},0)),\"\",IF(ISNUMBER(MATCH(TRIM({cell}),{NA},0)),\"N/A\",IFERROR({},\"?\"))))),\"?\")",
        ok(cell),
        ok(&value),
    )
}

/// True when the live reading of this text gives what the rules parsed:
/// the text, trimmed and lower-cased (Excel compares text ignoring case),
/// is one of the folded spellings.
fn plain_word(text: &str, party: bool, known: impl Fn(&str) -> bool) -> bool {
    let t = text.trim().to_lowercase();
    let head = if party {
        t.split(['(', '（']).next().unwrap_or("").trim()
    } else {
        t.as_str()
    };
    known(head)
}

/// The text of a cell the live reading cannot parse the way the rules did,
/// so the formula pins it; `None` when the cell reads live as it is.
fn pin_text(v: &Value, plain: impl Fn(&str) -> bool) -> Option<&str> {
    match v {
        Value::Text(t) if !plain(t) => Some(t.as_str()),
        _ => None,
    }
}

/// The sentence a pinned cell's note carries.
pub(super) fn pinned_note(value: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "x1060 はこのセルを「{value}」と読みました。セルを書き換えるまで、集計はこの値を使います。"
        ),
        Lang::En => format!(
            "x1060 read this cell as \"{value}\"; the figures use that value until you change the cell."
        ),
    }
}

/// The cells pinned on one row, with the value each was read as.
pub(super) fn pinned(
    service: &Service,
    parsed: &Parsed,
    layout: &SheetLayout,
    row: u32,
    lang: Lang,
) -> Vec<((u32, u32), String)> {
    let voc = vocabulary();
    let mut out = Vec::new();
    let mut see = |field: Field, v: &Value, shown: Option<String>, plain: &dyn Fn(&str) -> bool| {
        if let (Some(c), Some(shown)) = (layout.column(field), shown)
            && pin_text(v, plain).is_some()
        {
            out.push(((row, c), shown));
        }
    };
    see(
        Field::Level,
        &service.level,
        parsed.level.value().map(|l| l.word(lang).to_string()),
        &|t| plain_word(t, false, |h| voc.level(h).is_some()),
    );
    see(
        Field::Assignment,
        &service.assignment,
        parsed.assignment.value().map(|a| a.word(lang).to_string()),
        &|t| plain_word(t, true, |h| voc.assignment(h).is_some()),
    );
    for (field, v, s) in [
        (Field::AsIs, &service.as_is, parsed.as_is),
        (Field::ToBe, &service.to_be, parsed.to_be),
    ] {
        let shown = match s {
            Score::Value(n) => Some(n.to_string()),
            Score::NotApplicable => Some("N/A".to_string()),
            _ => None,
        };
        see(field, v, shown, &plain_score);
    }
    out
}

/// A score text the live reading parses as the rules do.
fn plain_score(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    t.parse::<u8>().is_ok_and(|n| (1..=5).contains(&n)) || vocabulary().not_applicable.contains(&t)
}

/// Writes the figure columns of one service row: category (a constant),
/// level, assignment, party, As-Is, To-Be, gap (formulas with cached
/// results) and the priority rank.
pub(super) fn write_figures(
    ws: &mut Worksheet,
    cols: &Columns,
    row: u32,
    service: &Service,
    parsed: &Parsed,
    rank: Option<u32>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let lang = cols.lang;
    let Some(letter) = parsed.category.filter(|_| parsed.id.is_some()) else {
        return Ok(());
    };
    let at = |a: Added| cols.col(a) as u16;
    let plain = styles.get(Kind::Plain, None, Region::Body);
    let center = styles.get(Kind::Center, None, Region::Body);
    ws.write_string_with_format(row, at(Added::Category), letter.to_string(), center)?;
    let voc = vocabulary();
    let user = |f: Field| cols.layout.column(f).map(|c| cell_name(row, c));
    let word_cell = |ws: &mut Worksheet,
                     a: Added,
                     field: Field,
                     v: &Value,
                     parsed: Option<&str>,
                     invalid: bool|
     -> Result<(), XlsxError> {
        let Some(cell) = user(field) else {
            return Ok(());
        };
        let level = field == Field::Level;
        let mut f = if level {
            word_reading(&cell, LEVEL_KEYS, LEVEL_WORDS, false)
        } else {
            word_reading(&cell, ASSIGN_KEYS, ASSIGN_WORDS, true)
        };
        let known = |h: &str| {
            if level {
                voc.level(h).is_some()
            } else {
                voc.assignment(h).is_some()
            }
        };
        // A value the rules read (or refused) differently from the live
        // reading keeps the rules' reading until the cell changes.
        let pin = match (v, parsed) {
            (Value::Text(t), None) if invalid => Some((t.as_str(), "?")),
            (_, Some(p)) => pin_text(v, |t| plain_word(t, !level, known)).map(|t| (t, p)),
            _ => None,
        };
        if let Some((t, p)) = pin {
            f = format!("IF({cell}={},{},{f})", lit(t), lit(p));
        }
        let cached = parsed.unwrap_or(if invalid { "?" } else { cols.empty });
        ws.write_formula_with_format(
            row,
            at(a),
            Formula::new(format!("={f}")).set_result(cached),
            plain,
        )?;
        Ok(())
    };
    let lw = parsed.level.value().map(|l| l.word(lang));
    word_cell(
        ws,
        Added::Level,
        Field::Level,
        &service.level,
        lw,
        matches!(parsed.level, Parse::Invalid(_)),
    )?;
    let aw = parsed.assignment.value().map(|a| a.word(lang));
    word_cell(
        ws,
        Added::Assignment,
        Field::Assignment,
        &service.assignment,
        aw,
        matches!(parsed.assignment, Parse::Invalid(_)),
    )?;
    let party = parsed.parties.joined();
    if !party.is_empty() {
        ws.write_string_with_format(
            row,
            at(Added::Party),
            party,
            styles.get(Kind::Wrap, None, Region::Body),
        )?;
    }
    for (a, field, v, score) in [
        (Added::AsIs, Field::AsIs, &service.as_is, parsed.as_is),
        (Added::ToBe, Field::ToBe, &service.to_be, parsed.to_be),
    ] {
        let Some(cell) = user(field) else { continue };
        let shown = match score {
            Score::Value(n) => Some(n.to_string()),
            Score::NotApplicable => Some(lit("N/A")),
            _ => None,
        };
        let mut f = score_reading(&cell);
        let pin = match (v, &shown) {
            (Value::Text(t), None) if score == Score::Invalid => Some((t.as_str(), lit("?"))),
            (_, Some(s)) => pin_text(v, plain_score).map(|t| (t, s.clone())),
            _ => None,
        };
        if let Some((t, s)) = pin {
            f = format!("IF({cell}={},{s},{f})", lit(t));
        }
        let formula = Formula::new(format!("={f}"));
        match score {
            Score::Value(n) => {
                ws.write_formula_with_format(row, at(a), formula.set_result(n.to_string()), center)?
            }
            Score::NotApplicable => {
                ws.write_formula_with_format(row, at(a), formula.set_result("N/A"), center)?
            }
            Score::Missing => {
                ws.write_formula_with_format(row, at(a), formula.set_result(cols.empty), center)?
            }
            Score::Invalid => {
                ws.write_formula_with_format(row, at(a), formula.set_result("?"), center)?
            }
        };
    }
    // RULES.md: a gap counts for a scored service (not Unnecessary, both
    // scores numbers); otherwise the cell is blank.
    let (a, t, l) = (
        cell_name(row, cols.col(Added::AsIs)),
        cell_name(row, cols.col(Added::ToBe)),
        cell_name(row, cols.col(Added::Level)),
    );
    let unnecessary = lit(Level::Unnecessary.word(lang));
    let formula = format!("=IF(AND(ISNUMBER({a}),ISNUMBER({t}),{l}<>{unnecessary}),{t}-{a},\"\")");
    let scored = parsed.level.value() != Some(Level::Unnecessary);
    let cached = parsed
        .gap()
        .filter(|_| scored)
        .map_or(cols.empty.to_string(), |g| g.to_string());
    ws.write_formula_with_format(
        row,
        at(Added::Gap),
        Formula::new(formula).set_result(cached),
        center,
    )?;
    if let Some(r) = rank {
        ws.write_number_with_format(row, at(Added::Priority), r as f64, center)?;
    }
    Ok(())
}
