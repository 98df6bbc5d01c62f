//! The portfolio model (stage 2 of read → model → rules → analysis → write).
//!
//! A [`Portfolio`] keeps every value *as written* — invalid ones included, with
//! the cell each came from — so the rules can report them and the round trip
//! through JSON loses nothing. The parsed view ([`Parsed`]) is computed from
//! it, once, and shared by the rules and the analysis.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalogue::{Assignment, Level, vocabulary};
use crate::text::{self, Score, fold, split_bracket};
use crate::vocabulary::{self, split_parties};

/// A cell value as read, kept for display and for the round trip.
///
/// In JSON: `null`, a boolean, a number, a string, or `{"date": "2025-04-01"}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// An empty cell.
    #[default]
    Empty,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text, exactly as written.
    Text(String),
    /// A date or time, ISO 8601.
    Date(String),
}

impl Value {
    /// True for an empty cell or an empty text.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.is_empty(),
            _ => false,
        }
    }

    /// The value as a person reads it: text as written, `3` for 3.0.
    ///
    /// ```
    /// use x1060::model::Value;
    /// assert_eq!(Value::Number(3.0).display(), "3");
    /// assert_eq!(Value::Number(2.5).display(), "2.5");
    /// assert_eq!(Value::Empty.display(), "");
    /// ```
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Number(n) => format_number(*n),
            Value::Text(t) | Value::Date(t) => t.clone(),
        }
    }

    /// The value as a message quotes it: as displayed, with any invisible
    /// format character shown as `\u{200B}` (RULES.md → Vocabulary), so a
    /// value that looks right but fails shows why.
    ///
    /// ```
    /// use x1060::model::Value;
    /// assert_eq!(Value::Text("ベーシック\u{200B}".into()).quoted(), "ベーシック\\u{200B}");
    /// assert_eq!(Value::Number(3.0).quoted(), "3");
    /// ```
    pub fn quoted(&self) -> String {
        text::escape_invisible(&self.display()).into_owned()
    }

    /// The value folded for matching (see [`text::fold`]).
    pub fn folded(&self) -> String {
        match self {
            Value::Text(t) => fold(t),
            Value::Empty => String::new(),
            other => fold(&other.display()),
        }
    }

    /// The text, when the value is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Formats a number the shortest way that reads back the same (`3`, not `3.0`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Empty => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
                s.serialize_i64(*n as i64)
            }
            Value::Number(n) => s.serialize_f64(*n),
            Value::Text(t) => s.serialize_str(t),
            Value::Date(d) => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("date", d)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Null,
            Bool(bool),
            Number(f64),
            Text(String),
            Date { date: String },
        }
        Ok(match Option::<Raw>::deserialize(d)? {
            None | Some(Raw::Null) => Value::Empty,
            Some(Raw::Bool(b)) => Value::Bool(b),
            Some(Raw::Number(n)) => Value::Number(n),
            Some(Raw::Text(t)) => Value::Text(t),
            Some(Raw::Date { date }) => Value::Date(date),
        })
    }
}

/// The input columns a portfolio may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Service ID (`A-1`).
    Id,
    /// Service name (or ID and name in one cell).
    Name,
    /// A short description of the service.
    Description,
    /// Recommendation level.
    Level,
    /// Service assignment.
    Assignment,
    /// The responsible team (a column of its own).
    Team,
    /// The contractor (a column of its own).
    Contractor,
    /// One column naming the party, whatever the assignment.
    Party,
    /// As-Is score.
    AsIs,
    /// To-Be score.
    ToBe,
}

impl Field {
    /// What the field is called in messages.
    pub fn label(self, lang: crate::catalogue::Lang) -> &'static str {
        use crate::catalogue::Lang::*;
        match (self, lang) {
            (Field::Id, _) => "ID",
            (Field::Name, Ja) => "サービス名",
            (Field::Name, En) => "service name",
            (Field::Description, Ja) => "サービスの解説",
            (Field::Description, En) => "description",
            (Field::Level, Ja) => "推奨レベル",
            (Field::Level, En) => "recommendation level",
            (Field::Assignment, Ja) => "サービス割り当て",
            (Field::Assignment, En) => "assignment",
            (Field::Team, Ja) => "担当",
            (Field::Team, En) => "team",
            (Field::Contractor, Ja) => "委託先",
            (Field::Contractor, En) => "contractor",
            (Field::Party, Ja) => "担当/委託先",
            (Field::Party, En) => "team / contractor",
            (Field::AsIs, Ja) => "現状 (As-Is)",
            (Field::AsIs, En) => "As-Is score",
            (Field::ToBe, Ja) => "あるべき姿 (To-Be)",
            (Field::ToBe, En) => "To-Be score",
        }
    }
}

/// Where a service row was read: the 0-based sheet row, and the cells that
/// held a formula with no stored result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowOrigin {
    /// 0-based row on the portfolio sheet.
    pub row: u32,
    /// The fields whose cell holds a formula with no stored result (X008).
    pub uncached: Vec<Field>,
    /// Which sheet of the portfolio the row is on: 0 for [`Portfolio::sheet`],
    /// `i` for `Portfolio::parts[i - 1]`.
    pub part: usize,
    /// The text a cell displays where it differs from its value (0.6 under
    /// `0%` → `60%`), for the cells a finding quotes; see
    /// [`Service::as_shown`] and `read::display`.
    pub shown: Vec<(Field, String)>,
}

/// One service row, every value as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// The canonical ID written in the row (`A-1`), `None` when the row has none.
    pub id: Option<String>,
    /// The name as written (an ID in the same cell split off).
    pub name: Option<String>,
    /// The description cell, when the sheet has one.
    #[serde(default, skip_serializing_if = "Value::is_empty")]
    pub description: Value,
    /// The recommendation level cell.
    pub level: Value,
    /// The assignment cell (with the party in brackets, if written so).
    pub assignment: Value,
    /// The team column.
    #[serde(default, skip_serializing_if = "Value::is_empty")]
    pub team: Value,
    /// The contractor column.
    #[serde(default, skip_serializing_if = "Value::is_empty")]
    pub contractor: Value,
    /// The single party column.
    #[serde(default, skip_serializing_if = "Value::is_empty")]
    pub party: Value,
    /// The As-Is score cell.
    pub as_is: Value,
    /// The To-Be score cell.
    pub to_be: Value,
    /// The organisation's extra columns, aligned with [`Portfolio::extra_columns`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Value>,
    /// Where the row was read (not part of the JSON).
    #[serde(skip)]
    pub origin: Option<RowOrigin>,
}

/// A portfolio as read from a workbook or from JSON.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Portfolio {
    /// The organisation's name, when the workbook says it.
    pub organisation: Option<String>,
    /// The portfolio sheet's name.
    pub sheet: String,
    /// The input columns present, in sheet order.
    pub fields: Vec<Field>,
    /// Header texts of the organisation's own columns, in sheet order.
    pub extra_columns: Vec<String>,
    /// The services, in sheet order.
    pub services: Vec<Service>,
    /// Where the table sits on the sheet (`None` for a portfolio read from JSON).
    pub layout: Option<SheetLayout>,
    /// Further sheets of a portfolio split over several sheets (one sheet per
    /// category, or the list in two halves): their names and layouts. A row's
    /// [`RowOrigin::part`] says which it was read from (0 = [`Portfolio::sheet`]).
    pub parts: Vec<(String, SheetLayout)>,
    /// Several As-Is / To-Be pairs side by side (review cycles): which was
    /// read and which were kept as extra columns (X009).
    pub score_pairs: Option<ScorePairs>,
    /// The assessment date the workbook states (ISO 8601 `2025-04-01`), if any.
    pub assessment_date: Option<String>,
}

/// Several As-Is / To-Be pairs on one sheet (RULES.md → X009).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScorePairs {
    /// The headers of the pair read (`2024年度 現状 / 2024年度 あるべき姿`).
    pub read: String,
    /// The headers of the pairs kept as extra columns.
    pub kept: Vec<String>,
    /// The sheet the pairs are on.
    pub sheet: String,
    /// 0-based (row, column) of the As-Is header of the pair read.
    pub at: (u32, u32),
}

/// Where a finding about a service's field sits: sheet, and 0-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// The sheet's name.
    pub sheet: &'a str,
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl Place<'_> {
    /// `F12`.
    pub fn cell(&self) -> String {
        cell_name(self.row, self.col)
    }
}

/// Where the portfolio table sits on its sheet (0-based).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetLayout {
    /// First header row.
    pub header_row: u32,
    /// Header rows, caption rows included.
    pub header_rows: u32,
    /// The column of each field.
    pub columns: Vec<(Field, u32)>,
    /// The columns of [`Portfolio::extra_columns`].
    pub extra: Vec<u32>,
    /// Columns an earlier `x1060 annotate` added (replaced, never read).
    pub ours: Vec<u32>,
}

impl SheetLayout {
    /// The column of a field, if the sheet has it.
    pub fn column(&self, field: Field) -> Option<u32> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, c)| c)
    }
}

impl Portfolio {
    /// True when the portfolio has a column for this field.
    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }

    /// The sheet and layout a row was read from.
    pub fn sheet_of(&self, service: &Service) -> Option<(&str, &SheetLayout)> {
        let part = service.origin.as_ref()?.part;
        if part == 0 {
            Some((self.sheet.as_str(), self.layout.as_ref()?))
        } else {
            self.parts
                .get(part - 1)
                .map(|(name, layout)| (name.as_str(), layout))
        }
    }

    /// Where a field of a service row sits: its cell, or the row's ID/name
    /// cell when the field has no column.
    pub fn place(&self, service: &Service, field: Field) -> Option<Place<'_>> {
        let (sheet, layout) = self.sheet_of(service)?;
        let row = service.origin.as_ref()?.row;
        let col = layout
            .column(field)
            .or_else(|| layout.column(Field::Id))
            .or_else(|| layout.column(Field::Name))?;
        Some(Place { sheet, row, col })
    }

    /// A1-style reference of a field's cell in a service row (`F12`),
    /// or the row's ID/name cell when the field has no column.
    pub fn cell_ref(&self, service: &Service, field: Field) -> Option<String> {
        self.place(service, field).map(|p| p.cell())
    }

    /// Parses every service once, for the rules and the analysis.
    ///
    /// A near-miss name (RULES.md → Names) is read as its service unless
    /// another row holds that service (by ID or exact name, above or below) or
    /// an earlier near-miss took it: then it is [`NearMiss::Taken`].
    pub fn parse(&self) -> Vec<Parsed> {
        let mut parsed: Vec<Parsed> = self.services.iter().map(|s| Parsed::of(self, s)).collect();
        if parsed.iter().all(|p| p.near_miss.is_none()) {
            return parsed;
        }
        let held: std::collections::HashSet<String> = parsed
            .iter()
            .filter(|p| p.near_miss.is_none())
            .filter_map(|p| p.id.clone())
            .collect();
        let mut taken = std::collections::HashSet::new();
        for p in &mut parsed {
            let Some(NearMiss::ReadAs(id)) = p.near_miss.clone() else {
                continue;
            };
            if held.contains(&id) || !taken.insert(id.clone()) {
                p.near_miss = Some(NearMiss::Taken(id));
                p.id = None;
                p.category = None;
            }
        }
        parsed
    }
}

/// `A1`-style name of a 0-based cell.
///
/// ```
/// assert_eq!(x1060::model::cell_name(11, 5), "F12");
/// assert_eq!(x1060::model::cell_name(0, 27), "AB1");
/// ```
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// `A`-style name of a 0-based column.
pub fn column_name(col: u32) -> String {
    let mut s = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        s.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A parsed level or assignment cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parse<T> {
    /// Blank, a placeholder, or a formula with no stored result.
    Missing,
    /// A value outside the vocabulary (the folded text).
    Invalid(String),
    /// A known value.
    Value(T),
}

impl<T: Copy> Parse<T> {
    /// The value, when it is a known one.
    pub fn value(&self) -> Option<T> {
        match self {
            Parse::Value(v) => Some(*v),
            _ => None,
        }
    }
}

/// The parties a service names, wherever they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parties {
    /// From a team column.
    pub team: Vec<String>,
    /// From a contractor column.
    pub contractor: Vec<String>,
    /// From a single party column or the assignment cell's brackets.
    pub other: Vec<String>,
}

impl Parties {
    /// How many parties are named in all.
    pub fn count(&self) -> usize {
        self.team.len() + self.contractor.len() + self.other.len()
    }

    /// Every party, joined for display (`SOC部 / A社`).
    pub fn joined(&self) -> String {
        self.team
            .iter()
            .chain(&self.contractor)
            .chain(&self.other)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// A service's values, parsed against the vocabulary of RULES.md.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The ID the service counts under: the row's ID, or the one its name gives.
    pub id: Option<String>,
    /// The category letter the service counts in (`None`: no usable ID).
    pub category: Option<char>,
    /// Recommendation level.
    pub level: Parse<Level>,
    /// Assignment type.
    pub assignment: Parse<Assignment>,
    /// Named parties.
    pub parties: Parties,
    /// As-Is score.
    pub as_is: Score,
    /// To-Be score.
    pub to_be: Score,
    /// The row has no ID and its name is no X.1060 spelling but lies within a
    /// small edit distance of one service's name (RULES.md → Names, X010).
    pub near_miss: Option<NearMiss>,
}

/// A name with no ID read as the nearest X.1060 name (RULES.md → X010).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NearMiss {
    /// Read as this service (X010 warning); [`Parsed::id`] is set to it.
    ReadAs(String),
    /// Nearest to this service, which another row already holds (X007 error);
    /// [`Parsed::id`] stays `None`.
    Taken(String),
}

impl Parsed {
    /// Parses one service of a portfolio.
    pub fn of(portfolio: &Portfolio, s: &Service) -> Parsed {
        let uncached = |f: Field| s.origin.as_ref().is_some_and(|o| o.uncached.contains(&f));
        let mut near_miss = None;
        let id = s.id.clone().or_else(|| {
            let name = s.name.as_deref()?;
            let cat = crate::catalogue::catalogue();
            if let Some(d) = cat.service_by_name(name) {
                return Some(d.id.clone());
            }
            let near = cat.near_miss(name)?;
            near_miss = Some(NearMiss::ReadAs(near.id.clone()));
            Some(near.id.clone())
        });
        let category = id.as_deref().and_then(|i| i.chars().next());
        let level = if uncached(Field::Level) {
            Parse::Missing
        } else {
            parse_level(&s.level)
        };
        let (assignment, inline) = if uncached(Field::Assignment) {
            (Parse::Missing, Vec::new())
        } else {
            parse_assignment(&s.assignment)
        };
        let one_each = portfolio.has(Field::Team) && portfolio.has(Field::Contractor);
        let mut other = inline;
        other.extend(party_cell(&s.party, one_each));
        let parties = Parties {
            team: party_cell(&s.team, one_each),
            contractor: party_cell(&s.contractor, one_each),
            other,
        };
        let score = |v: &Value, f: Field| {
            if uncached(f) {
                Score::Missing
            } else {
                parse_score(v)
            }
        };
        Parsed {
            id,
            category,
            level,
            assignment,
            parties,
            as_is: score(&s.as_is, Field::AsIs),
            to_be: score(&s.to_be, Field::ToBe),
            near_miss,
        }
    }

    /// True when the level is Basic, Standard, Advanced or Optional.
    pub fn is_selected(&self) -> bool {
        self.level.value().is_some_and(Level::is_selected)
    }

    /// To-Be − As-Is, when both are numbers.
    pub fn gap(&self) -> Option<i32> {
        Some(self.to_be.value()? as i32 - self.as_is.value()? as i32)
    }
}

/// The parties of a team, contractor or party cell: the trimmed text as one
/// party when the sheet has a column for each side (`one_each`), else the
/// cell split at the party separators.
fn party_cell(v: &Value, one_each: bool) -> Vec<String> {
    if matches!(v, Value::Empty) {
        return Vec::new();
    }
    let text = v.as_written();
    if !one_each {
        return split_parties(&text);
    }
    match text.trim() {
        "" => Vec::new(),
        t => vec![t.to_string()],
    }
}

impl Value {
    /// [`Value::display`], borrowing the text of a text or date cell.
    fn as_written(&self) -> Cow<'_, str> {
        match self {
            Value::Text(t) | Value::Date(t) => Cow::Borrowed(t),
            other => Cow::Owned(other.display()),
        }
    }
}

/// Parses a recommendation level cell against the vocabulary.
fn parse_level(v: &Value) -> Parse<Level> {
    match v {
        // The five levels in a few spellings recur in every row of every file.
        Value::Text(t) => text::remembered(&LEVELS, t, || parse_word(v, |t| vocabulary().level(t))),
        _ => parse_word(v, |t| vocabulary().level(t)),
    }
}

fn parse_word<T>(v: &Value, lookup: impl Fn(&str) -> Option<T>) -> Parse<T> {
    let t = v.folded();
    if vocabulary::is_placeholder(&t) {
        return Parse::Missing;
    }
    match lookup(&t) {
        Some(x) => Parse::Value(x),
        None => Parse::Invalid(t),
    }
}

thread_local! {
    static LEVELS: text::TextCache<Parse<Level>> = Default::default();
    static ASSIGNMENTS: text::TextCache<(Parse<Assignment>, Vec<String>)> = Default::default();
    static SCORES: text::TextCache<Score> = Default::default();
}

/// Parses an assignment cell: its type and the party written in brackets.
///
/// ```
/// use x1060::model::{parse_assignment, Parse, Value};
/// use x1060::catalogue::Assignment;
/// let (a, p) = parse_assignment(&Value::Text("併用（CSIRT／A社）".into()));
/// assert_eq!(a, Parse::Value(Assignment::Combination));
/// assert_eq!(p, vec!["CSIRT", "A社"]);
/// ```
pub fn parse_assignment(v: &Value) -> (Parse<Assignment>, Vec<String>) {
    match v {
        Value::Empty => (Parse::Missing, Vec::new()),
        // Ten or so spellings recur in every row of every file.
        Value::Text(text) => text::remembered(&ASSIGNMENTS, text, || parse_assignment_uncached(v)),
        _ => parse_assignment_uncached(v),
    }
}

fn parse_assignment_uncached(v: &Value) -> (Parse<Assignment>, Vec<String>) {
    let t = v.folded();
    if vocabulary::is_placeholder(&t) {
        return (Parse::Missing, Vec::new());
    }
    let (word, party) = split_bracket(&v.as_written());
    match vocabulary().assignment(&fold(&word)) {
        Some(a) => (Parse::Value(a), split_parties(&party)),
        None => (Parse::Invalid(t), Vec::new()),
    }
}

/// Parses a score cell (RULES.md: an integer 1–5, or N/A).
///
/// ```
/// use x1060::model::{parse_score, Value};
/// use x1060::text::Score;
/// assert_eq!(parse_score(&Value::Number(3.0)), Score::Value(3));
/// assert_eq!(parse_score(&Value::Text("３".into())), Score::Value(3));
/// assert_eq!(parse_score(&Value::Bool(true)), Score::Invalid);
/// ```
pub fn parse_score(v: &Value) -> Score {
    match v {
        Value::Empty => Score::Missing,
        Value::Number(n) => text::parse_score_number(*n),
        Value::Bool(_) | Value::Date(_) => Score::Invalid,
        Value::Text(t) => text::remembered(&SCORES, t, || vocabulary::parse_score_text(&fold(t))),
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(crate::catalogue::Lang::En))
    }
}

impl Service {
    /// The cell of a field, as read (the ID and name, kept as texts of
    /// their own, give an empty value).
    pub fn value(&self, field: Field) -> &Value {
        static EMPTY: Value = Value::Empty;
        match field {
            Field::Level => &self.level,
            Field::Assignment => &self.assignment,
            Field::AsIs => &self.as_is,
            Field::ToBe => &self.to_be,
            Field::Description => &self.description,
            Field::Team => &self.team,
            Field::Contractor => &self.contractor,
            Field::Party => &self.party,
            Field::Id | Field::Name => &EMPTY,
        }
    }

    /// A field's value as a message quotes it: the text its cell displays
    /// when the reader recorded one (0.6 under `0%` → `60%`), else the value.
    ///
    /// ```
    /// use x1060::model::{Field, RowOrigin, Service, Value};
    /// let mut s = Service { as_is: Value::Number(0.6), ..Service::default() };
    /// assert_eq!(s.as_shown(Field::AsIs).display(), "0.6");
    /// s.origin = Some(RowOrigin { shown: vec![(Field::AsIs, "60%".into())], ..RowOrigin::default() });
    /// assert_eq!(s.as_shown(Field::AsIs).display(), "60%");
    /// ```
    pub fn as_shown(&self, field: Field) -> Cow<'_, Value> {
        let shown = self
            .origin
            .as_ref()
            .and_then(|o| o.shown.iter().find(|(f, _)| *f == field));
        match shown {
            Some((_, text)) => Cow::Owned(Value::Text(text.clone())),
            None => Cow::Borrowed(self.value(field)),
        }
    }
}
