//! Workbook builders for the integration tests: real `.xlsx` files written
//! with rust_xlsxwriter into a temporary folder.
//!
//! [`Book::ja`] / [`Book::en`] give a clean, complete 64-service portfolio
//! that `check` passes with zero findings; the fluent methods change one
//! row's cells, remove, duplicate or insert rows, drop a column, move the
//! parties into a column of their own, and add summary or category rows.
//! [`Book::cell`] says where a row's cell lands (`F12`), so a test can
//! assert the cell a finding names.
//!
//! ```ignore
//! mod support;
//! use support::{Book, Col};
//! let book = Book::ja().scores("A-3", 4, 2);
//! let checked = book.check(); // saved to a tempdir, read by the library
//! assert_eq!(checked.of("S005")[0].cell.as_deref(), Some("F6"));
//! assert_eq!(book.cell("A-3", Col::ToBe), "F6");
//! let (code, stdout, _) = checked.saved.run(&["check", "--strict"]);
//! assert_eq!(code, 1);
//! ```
#![allow(dead_code)]
// `as_is` / `to_be` are the score columns, not conversions.
#![allow(clippy::wrong_self_convention)]

mod run;
mod xml;
pub use run::*;
pub use xml::*;

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Formula, Workbook};
use x1060::analysis::check_file;
use x1060::catalogue::catalogue;
use x1060::read::ReadOptions;

/// The language of the headers, names and words of a generated portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Japanese headers, names and vocabulary.
    Ja,
    /// English headers, names and vocabulary.
    En,
}

/// Where a row's parties are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parties {
    /// In brackets in the assignment cell: `インソース(SOC部)`.
    Inline,
    /// One party column (担当/委託先), split at separators.
    PartyColumn,
    /// A team column and a contractor column, one party each.
    TeamContractor,
}

/// A column of the generated table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Col {
    /// Service ID.
    Id,
    /// Service name.
    Name,
    /// Recommendation level.
    Level,
    /// Assignment.
    Assignment,
    /// Single party column.
    Party,
    /// Team column.
    Team,
    /// Contractor column.
    Contractor,
    /// As-Is score.
    AsIs,
    /// To-Be score.
    ToBe,
}

impl Col {
    /// The header text of the column.
    pub fn header(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Col::Id, Lang::Ja) => "No.",
            (Col::Id, Lang::En) => "ID",
            (Col::Name, Lang::Ja) => "サービス名",
            (Col::Name, Lang::En) => "Service",
            (Col::Level, Lang::Ja) => "推奨レベル",
            (Col::Level, Lang::En) => "Recommendation level",
            (Col::Assignment, Lang::Ja) => "サービス割り当て",
            (Col::Assignment, Lang::En) => "Assignment",
            (Col::Party, Lang::Ja) => "担当/委託先",
            (Col::Party, Lang::En) => "Team / contractor",
            (Col::Team, Lang::Ja) => "担当",
            (Col::Team, Lang::En) => "Team",
            (Col::Contractor, Lang::Ja) => "委託先",
            (Col::Contractor, Lang::En) => "Contractor",
            (Col::AsIs, Lang::Ja) => "現状 (As-Is)",
            (Col::AsIs, Lang::En) => "As-Is",
            (Col::ToBe, Lang::Ja) => "あるべき姿 (To-Be)",
            (Col::ToBe, Lang::En) => "To-Be",
        }
    }
}

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing written.
    Blank,
    /// A string cell.
    Text(String),
    /// A number cell.
    Number(f64),
    /// A date (an Excel serial number with a date format), as Excel makes
    /// of `3/5` typed into a cell.
    Date(f64),
    /// A number (`value`) shown under an Excel number `format` (`0%`, `yyyy/m/d`).
    #[allow(missing_docs)]
    Formatted { value: f64, format: String },
    /// A formula; `cached` is its stored result, `None` for no stored value
    /// at all (the `<v>` element is stripped from the file).
    Formula {
        /// The formula, with or without the leading `=`.
        formula: String,
        /// The stored result.
        cached: Option<String>,
    },
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Cell {
        Cell::Number(n)
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

/// A number under a number format: `formatted(0.6, "0%")` shows `60%`.
pub fn formatted(value: f64, format: &str) -> Cell {
    Cell::Formatted {
        value,
        format: format.to_string(),
    }
}

/// A blank cell.
pub fn blank() -> Cell {
    Cell::Blank
}

/// A formula with no stored result (X008).
pub fn formula(f: &str) -> Cell {
    Cell::Formula {
        formula: f.to_string(),
        cached: None,
    }
}

/// A formula whose stored result is the empty string (`t="str"`,
/// `<v></v>`), as Excel writes `=IF(A1="","",A1)`.
pub fn formula_empty_string(f: &str) -> Cell {
    Cell::Formula {
        formula: f.to_string(),
        cached: Some(String::new()),
    }
}

/// A formula with a stored result.
pub fn formula_cached(f: &str, result: &str) -> Cell {
    Cell::Formula {
        formula: f.to_string(),
        cached: Some(result.to_string()),
    }
}

/// One row of the table. `key` is how tests refer to it (the service ID it
/// was made with), whatever its ID cell says later.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The handle tests use.
    pub key: String,
    /// The cells by column (a missing entry is blank).
    pub cells: BTreeMap<Col, Cell>,
}

impl Row {
    /// An empty row with this key.
    pub fn new(key: &str) -> Row {
        Row {
            key: key.to_string(),
            cells: BTreeMap::new(),
        }
    }

    /// A complete service row: ID, name, level, assignment (with its party
    /// inline), As-Is and To-Be.
    pub fn service(
        id: &str,
        name: &str,
        level: &str,
        assignment: &str,
        as_is: impl Into<Cell>,
        to_be: impl Into<Cell>,
    ) -> Row {
        Row::new(id)
            .with(Col::Id, id)
            .with(Col::Name, name)
            .with(Col::Level, level)
            .with(Col::Assignment, assignment)
            .with(Col::AsIs, as_is)
            .with(Col::ToBe, to_be)
    }

    /// This row with one cell set.
    pub fn with(mut self, col: Col, cell: impl Into<Cell>) -> Row {
        self.cells.insert(col, cell.into());
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Insourcing,
    Outsourcing,
    Combination,
    Unassigned,
}

/// A portfolio workbook to write.
#[derive(Debug, Clone)]
pub struct Book {
    /// Header / vocabulary language.
    pub lang: Lang,
    /// Where the parties are written.
    pub parties: Parties,
    /// Columns, in sheet order.
    pub columns: Vec<Col>,
    /// Rows under the header, in sheet order.
    pub rows: Vec<Row>,
    /// The portfolio sheet's name.
    pub sheet: String,
    /// Sheets written before the portfolio: name and rows of text.
    pub before: Vec<(String, Vec<Vec<String>>)>,
    /// Custom document properties (name, text), in `docProps/custom.xml`.
    pub properties: Vec<(String, String)>,
    /// Cells written from column A on the row between the title and the
    /// header (`評価日`, `2025/3/1`): texts, numbers and formatted numbers.
    pub above: Vec<Cell>,
}

/// Rows above the header: a title row and a blank row.
const TITLE_ROWS: u32 = 2;

impl Book {
    /// The clean portfolio with Japanese headers, names and words, parties inline.
    pub fn ja() -> Book {
        Book::clean(Lang::Ja, Parties::Inline)
    }

    /// The clean portfolio with English headers, names and words, parties inline.
    pub fn en() -> Book {
        Book::clean(Lang::En, Parties::Inline)
    }

    /// A clean, complete 64-service portfolio: zero findings.
    ///
    /// Within each category the levels cycle Basic, Standard, Advanced,
    /// Optional (so every category has a Basic service); the assignments
    /// cycle Insourcing, Outsourcing, Combination, Unassigned over the whole
    /// list, with Insourcing in place of Unassigned (a selected service that
    /// is Unassigned gets P006 or P008); As-Is is 1–3 and To-Be is As-Is + 1
    /// or + 2. No service is Unnecessary.
    pub fn clean(lang: Lang, parties: Parties) -> Book {
        let mut columns = vec![Col::Id, Col::Name, Col::Level, Col::Assignment];
        match parties {
            Parties::Inline => {}
            Parties::PartyColumn => columns.push(Col::Party),
            Parties::TeamContractor => columns.extend([Col::Team, Col::Contractor]),
        }
        columns.extend([Col::AsIs, Col::ToBe]);
        let (team, contractor) = match lang {
            Lang::Ja => ("SOC部", "A社"),
            Lang::En => ("SOC", "Z-MSSP"),
        };
        let mut rows = Vec::new();
        let mut in_category = 0usize;
        let mut category = ' ';
        for (i, def) in catalogue().services.iter().enumerate() {
            let letter = def.id.chars().next().unwrap();
            if letter != category {
                category = letter;
                in_category = 0;
            }
            let level_ix = in_category % 4;
            in_category += 1;
            let level = level_word(
                ["basic", "standard", "advanced", "optional"][level_ix],
                lang,
            );
            let mut kind = match i % 4 {
                0 => Kind::Insourcing,
                1 => Kind::Outsourcing,
                2 => Kind::Combination,
                _ => Kind::Unassigned,
            };
            // RULES.md v2: a selected service that is Unassigned is P006 / P008,
            // so a clean portfolio has none.
            if kind == Kind::Unassigned {
                kind = Kind::Insourcing;
            }
            let as_is = if kind == Kind::Unassigned {
                1
            } else {
                1 + (i % 3) as i32
            };
            let to_be = as_is + 1 + (i % 2) as i32;
            let name = match lang {
                Lang::Ja => def.name_ja.as_str(),
                Lang::En => def.name_en.as_str(),
            };
            let word = assignment_word(kind, lang);
            let both = match lang {
                Lang::Ja => format!("{team}／{contractor}"),
                Lang::En => format!("{team} / {contractor}"),
            };
            let inline_party = match kind {
                Kind::Insourcing => team.to_string(),
                Kind::Outsourcing => contractor.to_string(),
                Kind::Combination => both.clone(),
                Kind::Unassigned => String::new(),
            };
            let mut row = Row::new(&def.id)
                .with(Col::Id, def.id.as_str())
                .with(Col::Name, name)
                .with(Col::Level, level)
                .with(Col::AsIs, as_is)
                .with(Col::ToBe, to_be);
            match parties {
                Parties::Inline => {
                    let cell = if inline_party.is_empty() {
                        word.to_string()
                    } else if lang == Lang::Ja {
                        format!("{word}({inline_party})")
                    } else {
                        format!("{word} ({inline_party})")
                    };
                    row = row.with(Col::Assignment, cell);
                }
                Parties::PartyColumn => {
                    row = row.with(Col::Assignment, word);
                    if !inline_party.is_empty() {
                        row = row.with(Col::Party, inline_party);
                    }
                }
                Parties::TeamContractor => {
                    row = row.with(Col::Assignment, word);
                    if matches!(kind, Kind::Insourcing | Kind::Combination) {
                        row = row.with(Col::Team, team);
                    }
                    if matches!(kind, Kind::Outsourcing | Kind::Combination) {
                        row = row.with(Col::Contractor, contractor);
                    }
                }
            }
            rows.push(row);
        }
        Book {
            lang,
            parties,
            columns,
            rows,
            sheet: match lang {
                Lang::Ja => "ポートフォリオ".into(),
                Lang::En => "Portfolio".into(),
            },
            before: Vec::new(),
            properties: Vec::new(),
            above: Vec::new(),
        }
    }

    /// The same portfolio with one party column (担当/委託先) instead of
    /// brackets. Only before any other change.
    pub fn party_column(self) -> Book {
        Book::clean(self.lang, Parties::PartyColumn)
    }

    /// The same portfolio with a team and a contractor column. Only before
    /// any other change.
    pub fn team_contractor(self) -> Book {
        Book::clean(self.lang, Parties::TeamContractor)
    }

    fn index(&self, key: &str) -> usize {
        self.rows
            .iter()
            .position(|r| r.key == key)
            .unwrap_or_else(|| panic!("no row with key {key}"))
    }

    /// The row made for `key`.
    pub fn row(&self, key: &str) -> &Row {
        &self.rows[self.index(key)]
    }

    /// Sets one cell of a row (a number, a text, [`blank`], [`formula`] …).
    pub fn set(mut self, key: &str, col: Col, cell: impl Into<Cell>) -> Book {
        let i = self.index(key);
        self.rows[i].cells.insert(col, cell.into());
        self
    }

    /// Sets the ID cell.
    pub fn id(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Id, v)
    }

    /// Sets the name cell.
    pub fn name(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Name, v)
    }

    /// Sets the level cell.
    pub fn level(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Level, v)
    }

    /// Sets the assignment cell.
    pub fn assignment(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Assignment, v)
    }

    /// Sets the party column cell.
    pub fn party(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Party, v)
    }

    /// Sets the team column cell.
    pub fn team(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Team, v)
    }

    /// Sets the contractor column cell.
    pub fn contractor(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::Contractor, v)
    }

    /// Sets the As-Is cell.
    pub fn as_is(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::AsIs, v)
    }

    /// Sets the To-Be cell.
    pub fn to_be(self, key: &str, v: impl Into<Cell>) -> Book {
        self.set(key, Col::ToBe, v)
    }

    /// Sets both scores.
    pub fn scores(self, key: &str, as_is: impl Into<Cell>, to_be: impl Into<Cell>) -> Book {
        self.as_is(key, as_is).to_be(key, to_be)
    }

    /// Marks a row Unnecessary the quiet way: level 不要 / Unnecessary,
    /// no assignment (any assignment, Unassigned included, is P007), both
    /// scores N/A (no finding of its own).
    pub fn unnecessary(self, key: &str) -> Book {
        let lang = self.lang;
        let book = self
            .level(key, level_word("unnecessary", lang))
            .assignment(key, blank())
            .scores(key, "N/A", "N/A");
        book.clear_parties(key)
    }

    /// Clears the party, team and contractor cells of a row.
    pub fn clear_parties(mut self, key: &str) -> Book {
        let i = self.index(key);
        for c in [Col::Party, Col::Team, Col::Contractor] {
            self.rows[i].cells.remove(&c);
        }
        self
    }

    /// Removes a row.
    pub fn remove(mut self, key: &str) -> Book {
        let i = self.index(key);
        self.rows.remove(i);
        self
    }

    /// Removes every row whose key starts with `prefix` (`"D-"`: category D).
    pub fn remove_all(mut self, prefix: &str) -> Book {
        self.rows.retain(|r| !r.key.starts_with(prefix));
        self
    }

    /// Keeps only the rows with these keys.
    pub fn keep(mut self, keys: &[&str]) -> Book {
        self.rows.retain(|r| keys.contains(&r.key.as_str()));
        self
    }

    /// The keys of the rows, in sheet order.
    pub fn keys(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.key.clone()).collect()
    }

    /// Copies a row right under itself; the copy's key is `"{key}#2"`.
    pub fn duplicate(mut self, key: &str) -> Book {
        let i = self.index(key);
        let mut copy = self.rows[i].clone();
        copy.key = format!("{key}#2");
        self.rows.insert(i + 1, copy);
        self
    }

    /// Inserts a row right under the row `key`.
    pub fn insert_after(mut self, key: &str, row: Row) -> Book {
        let i = self.index(key);
        self.rows.insert(i + 1, row);
        self
    }

    /// Appends a row under the table.
    pub fn push(mut self, row: Row) -> Book {
        self.rows.push(row);
        self
    }

    /// Appends a summary row (`合計`, `平均スコア`, `Total` …) holding
    /// numbers that would be invalid scores if it were read as a service.
    pub fn summary(self, label: &str) -> Book {
        let key = format!("#summary {label}");
        self.push(
            Row::new(&key)
                .with(Col::Id, label)
                .with(Col::Level, "高")
                .with(Col::AsIs, 123.5)
                .with(Col::ToBe, 200),
        )
    }

    /// Inserts a category row (`A CDCの戦略マネジメント`) above each
    /// category's first service.
    pub fn category_rows(mut self) -> Book {
        let mut out = Vec::new();
        let mut seen = ' ';
        for row in self.rows.drain(..) {
            let letter = row.key.chars().next().unwrap_or(' ');
            if letter != seen && catalogue().category(letter).is_some() {
                seen = letter;
                let c = catalogue().category(letter).unwrap();
                let name = match self.lang {
                    Lang::Ja => &c.name_ja,
                    Lang::En => &c.name_en,
                };
                out.push(
                    Row::new(&format!("#category {letter}"))
                        .with(Col::Id, format!("{letter} {name}")),
                );
            }
            out.push(row);
        }
        self.rows = out;
        self
    }

    /// Drops a column from the sheet (its cells are not written).
    pub fn without(mut self, col: Col) -> Book {
        self.columns.retain(|&c| c != col);
        self
    }

    /// Adds a sheet of text rows in front of the portfolio (a cover letter).
    pub fn sheet_before(mut self, name: &str, rows: &[&[&str]]) -> Book {
        self.before.push((
            name.to_string(),
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        ));
        self
    }

    /// The 0-based sheet row of the row `key`.
    pub fn sheet_row(&self, key: &str) -> u32 {
        TITLE_ROWS + 1 + self.index(key) as u32
    }

    /// The header row, 1-based as in `3:3`.
    pub fn header_row(&self) -> u32 {
        TITLE_ROWS + 1
    }

    /// The A1 name of a row's cell (`F12`).
    pub fn cell(&self, key: &str, col: Col) -> String {
        let c = self
            .columns
            .iter()
            .position(|&x| x == col)
            .unwrap_or_else(|| panic!("no column {col:?}"));
        x1060::model::cell_name(self.sheet_row(key), c as u32)
    }

    /// Writes texts on the row above the header, from column A.
    pub fn above(mut self, cells: Vec<Cell>) -> Book {
        self.above = cells;
        self
    }

    /// Adds a custom document property (text).
    pub fn property(mut self, name: &str, value: &str) -> Book {
        self.properties.push((name.to_string(), value.to_string()));
        self
    }

    /// Writes the workbook into a new temporary folder.
    pub fn save(&self) -> Saved {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("portfolio.xlsx");
        self.write(&path);
        Saved { dir, path }
    }

    /// Writes the workbook to `path`.
    pub fn write(&self, path: &Path) {
        let mut wb = Workbook::new();
        if !self.properties.is_empty() {
            let props = self
                .properties
                .iter()
                .fold(rust_xlsxwriter::DocProperties::new(), |p, (n, v)| {
                    p.set_custom_property(n.as_str(), v.as_str())
                });
            wb.set_properties(&props);
        }
        for (name, rows) in &self.before {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            for (r, line) in rows.iter().enumerate() {
                for (c, t) in line.iter().enumerate() {
                    ws.write_string(r as u32, c as u16, t).unwrap();
                }
            }
        }
        let sheet_file = format!("xl/worksheets/sheet{}.xml", self.before.len() + 1);
        let mut uncached: Vec<String> = Vec::new();
        let mut empty_string: Vec<String> = Vec::new();
        let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        {
            let ws = wb.add_worksheet();
            ws.set_name(&self.sheet).unwrap();
            let title = match self.lang {
                Lang::Ja => "CDC サービスポートフォリオ",
                Lang::En => "CDC service portfolio",
            };
            ws.write_string(0, 0, title).unwrap();
            for (c, cell) in self.above.iter().enumerate() {
                let (r, c) = (TITLE_ROWS - 1, c as u16);
                match cell {
                    Cell::Text(t) => ws.write_string(r, c, t).map(drop).unwrap(),
                    Cell::Number(n) => ws.write_number(r, c, *n).map(drop).unwrap(),
                    Cell::Formatted { value, format } => {
                        let f = rust_xlsxwriter::Format::new().set_num_format(format);
                        ws.write_number_with_format(r, c, *value, &f).unwrap();
                    }
                    _ => {}
                }
            }
            let header = TITLE_ROWS;
            for (c, col) in self.columns.iter().enumerate() {
                ws.write_string(header, c as u16, col.header(self.lang))
                    .unwrap();
            }
            for (i, row) in self.rows.iter().enumerate() {
                let r = header + 1 + i as u32;
                for (c, col) in self.columns.iter().enumerate() {
                    let c = c as u16;
                    match row.cells.get(col).unwrap_or(&Cell::Blank) {
                        Cell::Blank => {}
                        Cell::Text(t) => {
                            ws.write_string(r, c, t).unwrap();
                        }
                        Cell::Number(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        Cell::Formatted { value, format } => {
                            let f = rust_xlsxwriter::Format::new().set_num_format(format);
                            ws.write_number_with_format(r, c, *value, &f).unwrap();
                        }
                        Cell::Date(serial) => {
                            ws.write_number_with_format(r, c, *serial, &date_format)
                                .unwrap();
                        }
                        Cell::Formula { formula, cached } => {
                            let mut f = Formula::new(formula);
                            let name = x1060::model::cell_name(r, c as u32);
                            match cached {
                                Some(v) if v.is_empty() => empty_string.push(name),
                                Some(v) => f = f.set_result(v),
                                None => uncached.push(name),
                            }
                            ws.write_formula(r, c, f).unwrap();
                        }
                    }
                }
            }
        }
        let bytes = wb
            .save_to_buffer()
            .expect("rust_xlsxwriter writes the workbook");
        let bytes = if uncached.is_empty() && empty_string.is_empty() {
            bytes
        } else {
            rewrite_sheet(&bytes, &sheet_file, |xml| {
                let xml = uncached.iter().fold(xml, |x, c| strip_cell(&x, c));
                empty_string
                    .iter()
                    .fold(xml, |x, c| empty_string_cell(&x, c))
            })
        };
        std::fs::write(path, bytes).expect("the workbook is written");
    }

    /// Saves and checks the workbook through the library.
    pub fn check(&self) -> Checked {
        let saved = self.save();
        let result = check_file(&saved.path, &ReadOptions::default(), None);
        Checked { saved, result }
    }
}

/// A workbook with only a cover letter sheet: no portfolio (X001).
pub fn cover_letter_only(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("表紙").unwrap();
    let lines = [
        "サービスポートフォリオ提出のご案内",
        "株式会社サンプル 情報セキュリティ部 御中",
        "ポートフォリオは別途お送りします。",
        "Please find our CDC portfolio attached separately.",
    ];
    for (r, t) in lines.iter().enumerate() {
        ws.write_string(r as u32, 0, *t).unwrap();
    }
    wb.save(path).unwrap();
}

/// The level word of a language (`basic` → ベーシック / Basic).
pub fn level_word(canonical: &str, lang: Lang) -> &'static str {
    match (canonical, lang) {
        ("basic", Lang::Ja) => "ベーシック",
        ("standard", Lang::Ja) => "スタンダード",
        ("advanced", Lang::Ja) => "アドバンスド",
        ("optional", Lang::Ja) => "オプション",
        ("unnecessary", Lang::Ja) => "不要",
        ("basic", Lang::En) => "Basic",
        ("standard", Lang::En) => "Standard",
        ("advanced", Lang::En) => "Advanced",
        ("optional", Lang::En) => "Optional",
        ("unnecessary", Lang::En) => "Unnecessary",
        _ => panic!("no level {canonical}"),
    }
}

fn assignment_word(kind: Kind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Kind::Insourcing, Lang::Ja) => "インソース",
        (Kind::Outsourcing, Lang::Ja) => "アウトソース",
        (Kind::Combination, Lang::Ja) => "併用",
        (Kind::Unassigned, Lang::Ja) => "未割り当て",
        (Kind::Insourcing, Lang::En) => "Insourcing",
        (Kind::Outsourcing, Lang::En) => "Outsourcing",
        (Kind::Combination, Lang::En) => "Combination",
        (Kind::Unassigned, Lang::En) => "Unassigned",
    }
}
