//! NIST OSCAL 1.1.2 documents: the X.1060 catalogue as an OSCAL `catalog`
//! ([`catalog`]) and one checked portfolio as OSCAL `assessment-results`
//! ([`results`]). Identifiers and digests are in [`ids`]; the JT-X1060
//! Annex A texts the catalogue quotes are in [`annex`].
//!
//! Both documents are built as `serde_json` values in a fixed order and are
//! deterministic: the same input gives the same bytes.

pub mod annex;
pub mod catalog;
pub mod ids;
pub mod results;

use serde_json::{Value as Json, json};

/// The OSCAL version the documents are written against.
pub const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of x1060's own property names (`phase`, `as-is` …), so no
/// OSCAL consumer mistakes them for names of the OSCAL namespace. It is an
/// identifier, not a page to visit.
pub const NS: &str = "https://x1060.example/ns/oscal";

/// The tool and its version, as the documents name it (`x1060 0.1.0`).
pub fn tool() -> String {
    format!("x1060 {}", env!("CARGO_PKG_VERSION"))
}

/// An x1060 property (`{"name", "ns", "value"}`), or `None` when the value
/// is blank: OSCAL values are non-empty strings with no surrounding spaces.
pub fn prop(name: &str, value: &str) -> Option<Json> {
    let value = one_line(value);
    (!value.is_empty()).then(|| json!({ "name": name, "ns": NS, "value": value }))
}

/// A cell's text as an OSCAL string: line breaks become spaces (OSCAL's
/// string pattern `^\S(.*\S)?$` admits no line break) and the ends are trimmed.
///
/// ```
/// use x1060::write::oscal::one_line;
/// assert_eq!(one_line(" インソース\r\n(SOC部) "), "インソース (SOC部)");
/// ```
pub fn one_line(s: &str) -> String {
    s.replace("\r\n", " ")
        .replace(['\n', '\r'], " ")
        .trim()
        .to_string()
}

/// An OSCAL-namespace property (`label`, `sort-id`), not qualified by [`NS`].
pub fn oscal_prop(name: &str, value: &str) -> Json {
    json!({ "name": name, "value": value })
}

/// Serialises a document the way every x1060 JSON output is written:
/// two-space indentation, keys in insertion order, a final newline.
pub fn to_bytes(doc: &Json) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}
