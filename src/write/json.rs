//! The portfolio as structured data: the JSON document of `x1060 export` /
//! `x1060 import`, and the flat CSV view of `x1060 export --format csv`.
//!
//! # The JSON document (`schema_version` 1)
//!
//! ```json
//! {
//!   "schema": "x1060-portfolio",
//!   "schema_version": 1,
//!   "organisation": "A社",
//!   "sheet": "サービスポートフォリオ",
//!   "columns": ["id", "name", "description", "level", "assignment",
//!               "team", "contractor", "as_is", "to_be"],
//!   "extra_columns": ["備考", "期限"],
//!   "services": [
//!     {
//!       "id": "A-1",
//!       "name": "リスクマネジメント",
//!       "description": "…",
//!       "level": "ベーシック",
//!       "assignment": "インソース",
//!       "team": "SOC部",
//!       "as_is": 2,
//!       "to_be": 4,
//!       "extra": ["証跡あり", {"date": "2025-04-01"}]
//!     }
//!   ]
//! }
//! ```
//!
//! - `schema` is always `"x1060-portfolio"`; `schema_version` is 1. A later
//!   version that changes the meaning of a field gets a new number.
//! - `organisation`: the organisation's name, or `null`.
//! - `sheet`: the portfolio sheet's name.
//! - `columns`: the input columns the portfolio has, in sheet order, as
//!   `id`, `name`, `description`, `level`, `assignment`, `team`,
//!   `contractor`, `party` (one column naming team and/or contractor),
//!   `as_is`, `to_be`.
//! - `extra_columns`: the headers of the organisation's own columns, in
//!   sheet order (kept, never dropped).
//! - `services`: one object per service row, in sheet order. `id` is the
//!   canonical service ID written in the row (`A-1`, `J-3` for an own
//!   service) or `null`; `name` the name as written (an ID in the same cell
//!   split off) or `null`. Every other member is a cell *as written* —
//!   invalid values included, nothing normalised: `null` (empty), a
//!   boolean, a number, a string, or `{"date": "2025-04-01"}` /
//!   `{"date": "2025-04-01T09:30:00"}` for a date cell. `description`,
//!   `team`, `contractor`, `party` and `extra` are left out when empty;
//!   `extra` lines up with `extra_columns`.
//!
//! No cell references, no timestamps, no computed values: the document is
//! the portfolio, so `json → xlsx → json` gives the same bytes. The output
//! is pretty-printed (two spaces) with a trailing newline, members in the
//! order above.
//!
//! A workbook of several portfolios gives the version 2 document and a CSV
//! with a `portfolio` column: see [`several`].
//!
//! # The CSV view
//!
//! One row per service: `id, category, name, description, level,
//! assignment, team, contractor, party, as_is, to_be` as written, then the
//! parsed values `level_parsed, assignment_parsed, as_is_parsed,
//! to_be_parsed, gap` (canonical English words, `N/A`, `invalid`, or blank),
//! then the extra columns under their own headers. Every cell goes through
//! `SafeCsv` (`write/csv_out.rs`), so no cell can start a formula.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Assignment, Lang, Level};
use crate::model::{Field, Parse, Parsed, Portfolio, Service, Value};
use crate::text::{Score, fold, split_id};
use crate::write::csv_out::SafeCsv;

pub mod several;

/// The `schema` member of the document.
pub const SCHEMA: &str = "x1060-portfolio";
/// The `schema_version` this x1060 writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct DocumentOut<'a> {
    schema: &'static str,
    schema_version: u32,
    organisation: &'a Option<String>,
    sheet: &'a str,
    columns: &'a [Field],
    extra_columns: &'a [String],
    services: &'a [Service],
}

impl<'a> DocumentOut<'a> {
    /// The version-1 document of one portfolio.
    fn of(p: &'a Portfolio) -> DocumentOut<'a> {
        DocumentOut {
            schema: SCHEMA,
            schema_version: SCHEMA_VERSION,
            organisation: &p.organisation,
            sheet: &p.sheet,
            columns: &p.fields,
            extra_columns: &p.extra_columns,
            services: &p.services,
        }
    }
}

#[derive(Deserialize)]
struct DocumentIn {
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    sheet: String,
    columns: Vec<Field>,
    #[serde(default)]
    extra_columns: Vec<String>,
    services: Vec<Service>,
}

/// The JSON document of a portfolio: pretty-printed, trailing newline.
///
/// ```
/// use x1060::model::{Field, Portfolio, Service, Value};
/// let p = Portfolio {
///     sheet: "Portfolio".into(),
///     fields: vec![Field::Id, Field::Level],
///     services: vec![Service { id: Some("A-1".into()), level: Value::Text("Basic".into()), ..Default::default() }],
///     ..Default::default()
/// };
/// let json = x1060::write::json::to_json(&p);
/// assert!(json.starts_with("{\n  \"schema\": \"x1060-portfolio\",\n  \"schema_version\": 1,"));
/// assert!(json.ends_with("}\n"));
/// assert_eq!(x1060::write::json::from_json(&json).unwrap().services, p.services);
/// ```
pub fn to_json(p: &Portfolio) -> String {
    let doc = DocumentOut::of(p);
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Why a JSON document was refused, and where (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for JsonError {}

/// A step of a path into a JSON document, for locating an error.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The 1-based line and column of the value at `path` in `text` (or of the
/// deepest part of the path that exists).
fn locate(text: &str, path: &[Step]) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut at = 0;
    let skip_ws = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    // Skips one JSON value starting at i (strings, nesting).
    fn skip_value(bytes: &[u8], i: &mut usize) {
        let mut depth = 0i32;
        let mut in_str = false;
        while *i < bytes.len() {
            let b = bytes[*i];
            if in_str {
                if b == b'\\' {
                    *i += 1;
                } else if b == b'"' {
                    in_str = false;
                    if depth == 0 {
                        *i += 1;
                        return;
                    }
                }
            } else {
                match b {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth <= 0 {
                            *i += 1;
                            return;
                        }
                    }
                    b',' if depth == 0 => return,
                    _ => {}
                }
            }
            *i += 1;
        }
    }
    fn read_string(bytes: &[u8], i: &mut usize) -> String {
        let start = *i + 1;
        *i += 1;
        while *i < bytes.len() && bytes[*i] != b'"' {
            if bytes[*i] == b'\\' {
                *i += 1;
            }
            *i += 1;
        }
        let s = String::from_utf8_lossy(&bytes[start..(*i).min(bytes.len())]).into_owned();
        *i += 1;
        s
    }
    skip_ws(&mut i);
    'path: for step in path {
        skip_ws(&mut i);
        match step {
            Step::Key(key) => {
                if bytes.get(i) != Some(&b'{') {
                    break;
                }
                i += 1;
                loop {
                    skip_ws(&mut i);
                    if bytes.get(i) != Some(&b'"') {
                        break 'path;
                    }
                    let k = read_string(bytes, &mut i);
                    skip_ws(&mut i);
                    if bytes.get(i) == Some(&b':') {
                        i += 1;
                    }
                    skip_ws(&mut i);
                    if k == *key {
                        at = i;
                        continue 'path;
                    }
                    skip_value(bytes, &mut i);
                    skip_ws(&mut i);
                    if bytes.get(i) == Some(&b',') {
                        i += 1;
                    } else {
                        break 'path;
                    }
                }
            }
            Step::Index(n) => {
                if bytes.get(i) != Some(&b'[') {
                    break;
                }
                i += 1;
                for _ in 0..*n {
                    skip_ws(&mut i);
                    skip_value(bytes, &mut i);
                    skip_ws(&mut i);
                    if bytes.get(i) == Some(&b',') {
                        i += 1;
                    } else {
                        break 'path;
                    }
                }
                skip_ws(&mut i);
                at = i;
            }
        }
    }
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn error_at(text: &str, path: &[Step], message: String) -> JsonError {
    let (line, column) = locate(text, path);
    JsonError {
        line,
        column,
        message,
    }
}

fn serde_error(e: &serde_json::Error, what_to_do: &str) -> JsonError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    JsonError {
        line: e.line().max(1),
        column: e.column().max(1),
        message: format!("{message}; {what_to_do}"),
    }
}

/// Reads a JSON document (see the module documentation) into a portfolio.
///
/// Refuses, with the line and column: text that is not JSON, a document
/// whose `schema` is not `x1060-portfolio`, a newer `schema_version`, a
/// member of the wrong type, a service value for a column that `columns`
/// does not list, more `extra` values than `extra_columns`, an `id` that is
/// not a canonical service ID, and a `{"date": …}` that is not ISO 8601.
///
/// ```
/// let err = x1060::write::json::from_json("{\"schema\": \"other\"}").unwrap_err();
/// assert_eq!((err.line, err.column), (1, 12));
/// assert!(err.message.contains("x1060-portfolio"));
/// ```
pub fn from_json(text: &str) -> Result<Portfolio, JsonError> {
    let raw: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        serde_error(
            &e,
            "the file is not valid JSON; export it again with `x1060 export`",
        )
    })?;
    let Some(obj) = raw.as_object() else {
        return Err(error_at(
            text,
            &[],
            format!("the document is not a JSON object; expected {{\"schema\": \"{SCHEMA}\", …}}"),
        ));
    };
    match obj.get("schema") {
        Some(serde_json::Value::String(s)) if s == SCHEMA => {}
        Some(other) => {
            return Err(error_at(
                text,
                &[Step::Key("schema")],
                format!(
                    "not an x1060 portfolio document (schema is {other}, expected \"{SCHEMA}\"); give a file written by `x1060 export`"
                ),
            ));
        }
        None => {
            return Err(error_at(
                text,
                &[],
                format!(
                    "no \"schema\" member: not an x1060 portfolio document (expected \"schema\": \"{SCHEMA}\"); give a file written by `x1060 export`"
                ),
            ));
        }
    }
    match obj
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v == u64::from(SCHEMA_VERSION) => {}
        Some(v) if v == u64::from(several::SCHEMA_VERSION_SEVERAL) => {
            return Err(error_at(
                text,
                &[Step::Key("schema_version")],
                "the document holds several portfolios (schema_version 2); read it with `x1060 import` (write::json::several::from_json_all)".into(),
            ));
        }
        Some(v) if v > u64::from(several::SCHEMA_VERSION_SEVERAL) => {
            return Err(error_at(
                text,
                &[Step::Key("schema_version")],
                format!(
                    "schema_version {v} is newer than this x1060 reads ({}); update x1060",
                    several::SCHEMA_VERSION_SEVERAL
                ),
            ));
        }
        _ => {
            return Err(error_at(
                text,
                &[Step::Key("schema_version")],
                format!("\"schema_version\" must be {SCHEMA_VERSION}"),
            ));
        }
    }
    let mut doc: DocumentIn = serde_json::from_str(text)
        .map_err(|e| serde_error(&e, "fix the member, or export the file again"))?;
    exact_floats(text, &mut doc);
    validate(text, doc)
}

/// Marks a number carried as a string through serde_json (see [`exact_floats`]).
const FLOAT_MARK: &str = "\\u0001x1060-float:";

/// serde_json (without its `float_roundtrip` feature) may read a 17-digit
/// number one unit in the last place off, which would break the round
/// trip. So the services are read a second time with every non-integer
/// number token carried as a marked string, and parsed here by Rust's
/// exact parser.
fn exact_floats(text: &str, doc: &mut DocumentIn) {
    if text.contains("x1060-float:") {
        return;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 64);
    let (mut i, mut copied, mut any) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = &text[start..i];
                let integer = token.bytes().filter(u8::is_ascii_digit).count() <= 15
                    && !token.contains(['.', 'e', 'E']);
                if !integer {
                    out.push_str(&text[copied..start]);
                    out.push('"');
                    out.push_str(FLOAT_MARK);
                    out.push_str(token);
                    out.push('"');
                    copied = i;
                    any = true;
                }
            }
            _ => i += 1,
        }
    }
    if !any {
        return;
    }
    out.push_str(&text[copied..]);
    let Ok(marked) = serde_json::from_str::<DocumentIn>(&out) else {
        return;
    };
    let mark = "\u{1}x1060-float:";
    let fix = |v: &mut Value| {
        if let Value::Text(t) = v
            && let Some(n) = t.strip_prefix(mark).and_then(|n| n.parse::<f64>().ok())
        {
            *v = Value::Number(n);
        }
    };
    let mut services = marked.services;
    for s in &mut services {
        for v in [
            &mut s.description,
            &mut s.level,
            &mut s.assignment,
            &mut s.team,
            &mut s.contractor,
            &mut s.party,
            &mut s.as_is,
            &mut s.to_be,
        ] {
            fix(v);
        }
        s.extra.iter_mut().for_each(fix);
    }
    if services.len() == doc.services.len() {
        doc.services = services;
    }
}

fn validate(text: &str, doc: DocumentIn) -> Result<Portfolio, JsonError> {
    let columns = &doc.columns;
    let at_columns = |message: String| error_at(text, &[Step::Key("columns")], message);
    for (i, f) in columns.iter().enumerate() {
        if columns[..i].contains(f) {
            return Err(at_columns(format!(
                "\"columns\" lists {} twice",
                serde_json::to_string(f).unwrap_or_default()
            )));
        }
    }
    if !columns.contains(&Field::Id) && !columns.contains(&Field::Name) {
        return Err(at_columns(
            "\"columns\" must list \"id\" or \"name\" (a portfolio needs its services' IDs or names)".into(),
        ));
    }
    if columns.contains(&Field::Team) && !columns.contains(&Field::Contractor) {
        return Err(at_columns(
            "\"columns\" lists \"team\" without \"contractor\"; a lone party column is \"party\""
                .into(),
        ));
    }
    if columns.contains(&Field::Party)
        && (columns.contains(&Field::Team) || columns.contains(&Field::Contractor))
    {
        return Err(at_columns(
            "\"columns\" lists \"party\" with \"team\" or \"contractor\"; use either one party column or the two".into(),
        ));
    }
    let mut services = doc.services;
    let width = doc.extra_columns.len();
    for (i, s) in services.iter_mut().enumerate() {
        let at = |key: &'static str, message: String| {
            error_at(
                text,
                &[Step::Key("services"), Step::Index(i), Step::Key(key)],
                message,
            )
        };
        if let Some(id) = &s.id {
            let canonical = split_id(id)
                .filter(|p| p.rest.is_empty())
                .map(|p| p.id.clone());
            if canonical.as_deref() != Some(id.as_str()) {
                return Err(at(
                    "id",
                    format!(
                        "\"id\" {id:?} is not a canonical service ID ({}); write it as a letter, a dash and a number",
                        canonical.as_deref().unwrap_or("A-1")
                    ),
                ));
            }
        }
        let values: [(&'static str, Field, &Value); 8] = [
            ("description", Field::Description, &s.description),
            ("level", Field::Level, &s.level),
            ("assignment", Field::Assignment, &s.assignment),
            ("team", Field::Team, &s.team),
            ("contractor", Field::Contractor, &s.contractor),
            ("party", Field::Party, &s.party),
            ("as_is", Field::AsIs, &s.as_is),
            ("to_be", Field::ToBe, &s.to_be),
        ];
        for (key, field, v) in values {
            if !v.is_empty() && !columns.contains(&field) {
                return Err(at(
                    key,
                    format!(
                        "a \"{key}\" value, but \"columns\" does not list \"{key}\"; add it to \"columns\" or remove the value"
                    ),
                ));
            }
            check_date(v).map_err(|m| at(key, m))?;
        }
        if s.extra.len() > width {
            return Err(at(
                "extra",
                format!(
                    "{} \"extra\" values but \"extra_columns\" names {width}; add the headers to \"extra_columns\"",
                    s.extra.len()
                ),
            ));
        }
        for v in &s.extra {
            check_date(v).map_err(|m| at("extra", m))?;
        }
        if !s.extra.is_empty() || width > 0 {
            s.extra.resize(width, Value::Empty);
        }
    }
    Ok(Portfolio {
        organisation: doc.organisation,
        sheet: doc.sheet,
        fields: doc.columns,
        extra_columns: doc.extra_columns,
        services,
        layout: None,
        ..Default::default()
    })
}

fn check_date(v: &Value) -> Result<(), String> {
    match v {
        Value::Date(d) if crate::write::template::iso_to_excel_serial(d).is_none() => Err(format!(
            "{{\"date\": {d:?}}} is not an ISO 8601 date from 1900 on (2025-04-01 or 2025-04-01T09:30:00)"
        )),
        _ => Ok(()),
    }
}

/// The language a portfolio is written in, judged by its level and
/// assignment words (and names); `None` when nothing tells.
///
/// ```
/// use x1060::catalogue::Lang;
/// use x1060::model::{Portfolio, Service, Value};
/// let mut p = Portfolio::default();
/// p.services.push(Service { level: Value::Text("ベーシック".into()), ..Default::default() });
/// assert_eq!(x1060::write::json::guess_lang(&p), Some(Lang::Ja));
/// ```
pub fn guess_lang(p: &Portfolio) -> Option<Lang> {
    let (mut ja, mut en) = (0u32, 0u32);
    let words: Vec<(String, String)> = Level::ALL
        .iter()
        .map(|l| (l.word(Lang::Ja), l.word(Lang::En)))
        .chain(
            Assignment::ALL
                .iter()
                .map(|a| (a.word(Lang::Ja), a.word(Lang::En))),
        )
        .map(|(j, e)| (fold(j), fold(e)))
        .collect();
    for s in &p.services {
        for v in [&s.level, &s.assignment] {
            let t = v.folded();
            let t = fold(&crate::text::split_bracket(&t).0);
            if words.iter().any(|(j, _)| *j == t) {
                ja += 1;
            } else if words.iter().any(|(_, e)| *e == t) {
                en += 1;
            }
        }
        if let Some(n) = &s.name {
            if n.chars()
                .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF))
            {
                ja += 1;
            } else if n.is_ascii() && !n.is_empty() {
                en += 1;
            }
        }
    }
    match ja.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Ja),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

/// The CSV header row of [`to_csv`].
pub const CSV_COLUMNS: [&str; 16] = [
    "id",
    "category",
    "name",
    "description",
    "level",
    "assignment",
    "team",
    "contractor",
    "party",
    "as_is",
    "to_be",
    "level_parsed",
    "assignment_parsed",
    "as_is_parsed",
    "to_be_parsed",
    "gap",
];

fn parsed_word<T: Copy>(p: &Parse<T>, word: impl Fn(T) -> &'static str) -> String {
    match p {
        Parse::Missing => String::new(),
        Parse::Invalid(_) => "invalid".into(),
        Parse::Value(v) => word(*v).to_string(),
    }
}

fn parsed_score(s: Score) -> String {
    match s {
        Score::Missing => String::new(),
        Score::NotApplicable => "N/A".into(),
        Score::Value(v) => v.to_string(),
        Score::Invalid => "invalid".into(),
    }
}

/// The flat CSV view of a portfolio (columns in [`CSV_COLUMNS`], then the
/// extra columns by header), formula-injection safe.
///
/// ```
/// use x1060::model::{Field, Portfolio, Service, Value};
/// let p = Portfolio {
///     fields: vec![Field::Id, Field::Level, Field::AsIs, Field::ToBe],
///     extra_columns: vec!["memo".into()],
///     services: vec![Service {
///         id: Some("A-1".into()),
///         level: Value::Text("basic".into()),
///         as_is: Value::Number(2.0),
///         to_be: Value::Text("4点".into()),
///         extra: vec![Value::Text("=1+1".into())],
///         ..Default::default()
///     }],
///     ..Default::default()
/// };
/// let csv = String::from_utf8(x1060::write::json::to_csv(&p, &p.parse()).unwrap()).unwrap();
/// assert!(csv.lines().nth(1).unwrap().ends_with(",Basic,,2,4,2,'=1+1"));
/// ```
pub fn to_csv(p: &Portfolio, parsed: &[Parsed]) -> crate::write::Result<Vec<u8>> {
    let mut w = SafeCsv::new(Vec::new());
    w.row(
        CSV_COLUMNS
            .iter()
            .map(|s| s.to_string())
            .chain(p.extra_columns.iter().cloned()),
    )?;
    for (s, q) in p.services.iter().zip(parsed) {
        let mut row = csv_cells(s, q);
        row.extend(
            (0..p.extra_columns.len())
                .map(|i| s.extra.get(i).map(Value::display).unwrap_or_default()),
        );
        w.row(row)?;
    }
    w.finish()
}

/// One service's cells of the CSV view, in [`CSV_COLUMNS`] order.
fn csv_cells(s: &Service, q: &Parsed) -> Vec<String> {
    vec![
        q.id.clone().unwrap_or_default(),
        q.category.map(String::from).unwrap_or_default(),
        s.name.clone().unwrap_or_default(),
        s.description.display(),
        s.level.display(),
        s.assignment.display(),
        s.team.display(),
        s.contractor.display(),
        s.party.display(),
        s.as_is.display(),
        s.to_be.display(),
        parsed_word(&q.level, Level::as_str),
        parsed_word(&q.assignment, Assignment::as_str),
        parsed_score(q.as_is),
        parsed_score(q.to_be),
        q.gap().map(|g| g.to_string()).unwrap_or_default(),
    ]
}
