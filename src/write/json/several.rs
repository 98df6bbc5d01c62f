//! The JSON document and CSV view of a workbook holding several portfolios
//! (WORKBOOKS.md → Several portfolio sheets: overlapping sheets, one
//! portfolio each).
//!
//! # The JSON document of several portfolios (`schema_version` 2)
//!
//! ```json
//! {
//!   "schema": "x1060-portfolio",
//!   "schema_version": 2,
//!   "portfolios": [
//!     { "schema": "x1060-portfolio", "schema_version": 1, "sheet": "A社", … },
//!     { "schema": "x1060-portfolio", "schema_version": 1, "sheet": "B社", … }
//!   ]
//! }
//! ```
//!
//! Version 2 is written only for a workbook of two or more portfolios; a
//! workbook of one portfolio gives the version 1 document, unchanged.
//! `portfolios` holds one version 1 document per portfolio, in sheet order;
//! each is named by its `sheet` (the portfolio's first sheet).
//!
//! # The CSV view of several portfolios
//!
//! One flat table: the column `portfolio` (the portfolio's sheet) first,
//! then the columns of the one-portfolio view; the extra columns of every
//! portfolio, each header once, in the order first met.

use serde::Serialize;

use super::{DocumentOut, JsonError, SCHEMA, Step, error_at, from_json};
use crate::model::{Parsed, Portfolio};
use crate::write::csv_out::SafeCsv;

/// The `schema_version` of the document holding several portfolios.
pub const SCHEMA_VERSION_SEVERAL: u32 = 2;

#[derive(Serialize)]
struct SeveralOut<'a> {
    schema: &'static str,
    schema_version: u32,
    portfolios: Vec<DocumentOut<'a>>,
}

/// The JSON document of several portfolios (version 2; see the module
/// documentation): pretty-printed, trailing newline.
///
/// ```
/// use x1060::model::{Field, Portfolio};
/// use x1060::write::json::several::{from_json_all, to_json_several};
/// let one = |sheet: &str| Portfolio {
///     sheet: sheet.into(),
///     fields: vec![Field::Id],
///     ..Default::default()
/// };
/// let (a, b) = (one("A社"), one("B社"));
/// let json = to_json_several(&[&a, &b]);
/// assert!(json.starts_with("{\n  \"schema\": \"x1060-portfolio\",\n  \"schema_version\": 2,"));
/// let back = from_json_all(&json).unwrap();
/// assert_eq!(back.iter().map(|p| p.sheet.as_str()).collect::<Vec<_>>(), ["A社", "B社"]);
/// ```
pub fn to_json_several(ps: &[&Portfolio]) -> String {
    let doc = SeveralOut {
        schema: SCHEMA,
        schema_version: SCHEMA_VERSION_SEVERAL,
        portfolios: ps.iter().map(|p| DocumentOut::of(p)).collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Reads a document of either version: version 1 gives its one portfolio,
/// version 2 every portfolio it holds (each checked as a version 1
/// document; a fault inside one is reported at that portfolio's place in
/// the file, naming it).
pub fn from_json_all(text: &str) -> Result<Vec<Portfolio>, JsonError> {
    let raw: Option<serde_json::Value> = serde_json::from_str(text).ok();
    let several = raw.as_ref().and_then(|r| {
        let o = r.as_object()?;
        let is = o.get("schema")?.as_str()? == SCHEMA
            && o.get("schema_version")?.as_u64()? == u64::from(SCHEMA_VERSION_SEVERAL);
        is.then_some(o)
    });
    let Some(obj) = several else {
        return from_json(text).map(|p| vec![p]);
    };
    let Some(list) = obj.get("portfolios").and_then(|p| p.as_array()) else {
        return Err(error_at(
            text,
            &[Step::Key("schema_version")],
            "a schema_version 2 document needs a \"portfolios\" list; export the file again with `x1060 export`".into(),
        ));
    };
    if list.is_empty() {
        return Err(error_at(
            text,
            &[Step::Key("portfolios")],
            "\"portfolios\" is empty: there is no portfolio to write".into(),
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, one)| {
            let inner = serde_json::to_string_pretty(one).unwrap_or_default();
            from_json(&inner).map_err(|e| {
                let at = error_at(
                    text,
                    &[Step::Key("portfolios"), Step::Index(i)],
                    String::new(),
                );
                let sheet = one.get("sheet").and_then(|s| s.as_str()).unwrap_or("");
                JsonError {
                    message: format!("portfolio {} ('{sheet}'): {}", i + 1, e.message),
                    ..at
                }
            })
        })
        .collect()
}

/// The flat CSV view of several portfolios: a first column `portfolio`
/// naming each row's portfolio, then [`super::CSV_COLUMNS`], then the extra
/// columns of all portfolios by header.
pub fn to_csv_several(ps: &[(&Portfolio, &[Parsed])]) -> crate::write::Result<Vec<u8>> {
    let mut extras: Vec<String> = Vec::new();
    for (p, _) in ps {
        for h in &p.extra_columns {
            if !extras.contains(h) {
                extras.push(h.clone());
            }
        }
    }
    let mut w = SafeCsv::new(Vec::new());
    w.row(
        std::iter::once("portfolio".to_string())
            .chain(super::CSV_COLUMNS.iter().map(|s| s.to_string()))
            .chain(extras.iter().cloned()),
    )?;
    for (p, parsed) in ps {
        for (s, q) in p.services.iter().zip(parsed.iter()) {
            let mut row = vec![p.sheet.clone()];
            row.extend(super::csv_cells(s, q));
            row.extend(extras.iter().map(|h| {
                p.extra_columns
                    .iter()
                    .position(|x| x == h)
                    .and_then(|i| s.extra.get(i))
                    .map(crate::model::Value::display)
                    .unwrap_or_default()
            }));
            w.row(row)?;
        }
    }
    w.finish()
}
