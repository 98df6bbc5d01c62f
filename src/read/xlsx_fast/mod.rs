//! The cells of plain `.xlsx` worksheets, read in place.
//!
//! calamine's cell reader pulls each worksheet through a buffered XML reader
//! over a zip entry; every event is copied into a buffer and checked before
//! calamine looks at it, and that cost more than everything else `check`
//! does with a file. The parts are already inflated in memory (the zip guard
//! did it), so this module reads a worksheet straight from its bytes with a
//! small scanner that knows the few elements cells are made of, and gives
//! the values calamine's `XlsxCellReader` would give, event for event.
//!
//! It is a fast path, not a second reader. calamine still opens the
//! workbook (`Xlsx::new`: the sheet list, and every error a broken package
//! gives) before this module is asked, and the module *declines* — calamine
//! then reads the sheet — on anything it does not reproduce exactly:
//! formula texts (`annotate`), comments, CDATA and processing instructions,
//! namespace prefixes, character references and carriage returns in text,
//! Excel's `_xHHHH_` escapes, number texts other than plain decimals,
//! unknown cell types, a shared-string index out of range, malformed tags,
//! package parts whose names differ only in case. `tests/reader_fast_path.rs`
//! holds the two readers to the same sheets on every `.xlsx` in the
//! repository, on hand-written sheets of every cell kind (and of every kind
//! declined) and on generated ones.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::{resolve_xml_entity, unescape};
use quick_xml::events::{BytesStart, Event};

use super::display::Shared;
use crate::model::Value;

mod cells;
mod scan;
mod tables;

pub use cells::CellReader;
use scan::raw_attr_list;
use tables::{cell_formats, shared_strings};

/// The fast path did not read the sheet: calamine reads it instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declined;

/// What calamine calls a cell format: whether a number is a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The workbook-wide parts a worksheet's cells refer to, and where each
/// worksheet lies in the stored zip.
pub struct Book {
    bytes: Shared,
    /// Worksheet name → its bytes in `bytes`.
    sheets: Vec<(String, Range<usize>)>,
    strings: Vec<String>,
    formats: Vec<CellFormat>,
    /// The workbook counts its dates from 1904 (`workbookPr date1904`).
    is_1904: bool,
}

/// One cell as the fast path read it.
pub struct Cell {
    /// Zero-based row and column.
    pub pos: (u32, u32),
    /// The value calamine's reader would give, converted by the reader's
    /// one conversion (`value_of_ref`).
    pub value: Value,
    /// True when the cell holds a formula (its text is not kept).
    pub formula: bool,
}

impl Book {
    /// The book of a stored zip, or `None` when its package is laid out in a
    /// way the fast path does not follow (calamine then reads every sheet).
    pub fn of(parts: &[(String, Range<usize>)], bytes: Shared) -> Option<Book> {
        let parts = PartNames::of(parts)?;
        let part = |name: &str| parts.get(name).map(|r| &bytes.as_ref()[r]);
        if office_document(part("_rels/.rels")?)? != "xl/workbook.xml" {
            return None;
        }
        let rels = relationships(part("xl/_rels/workbook.xml.rels")?)?;
        let (listed, is_1904) = sheet_list(part("xl/workbook.xml")?)?;
        let mut sheets = Vec::new();
        for (name, rid) in listed {
            let (target, kind) = rels
                .iter()
                .find(|(id, ..)| *id == rid)
                .map(|(_, t, k)| (t, k))?;
            if kind.rsplit('/').next() != Some("worksheet") {
                continue;
            }
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            sheets.push((name, parts.get(&path)?));
        }
        let strings = match part("xl/sharedStrings.xml") {
            Some(xml) => shared_strings(xml).ok()?,
            None => Vec::new(),
        };
        let formats = match part("xl/styles.xml") {
            Some(xml) => cell_formats(xml).ok()?,
            None => Vec::new(),
        };
        Some(Book {
            bytes,
            sheets,
            strings,
            formats,
            is_1904,
        })
    }

    /// The bytes of the worksheet with this name, if the book has it.
    pub fn sheet(&self, name: &str) -> Option<&[u8]> {
        self.sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| &self.bytes.as_ref()[r.clone()])
    }

    /// A reader of a worksheet's cells (from [`Book::sheet`]), past its
    /// `<dimension>`.
    pub fn cells<'b>(&'b self, xml: &'b [u8]) -> Result<CellReader<'b>, Declined> {
        CellReader::new(self, xml)
    }
}

/// Part names as calamine looks them up: case ignored.
struct PartNames<'a>(Vec<(String, &'a Range<usize>)>);

impl<'a> PartNames<'a> {
    /// `None` when two parts share a name but for case, or a name holds a
    /// backslash (calamine would pick one of them by rules not worth
    /// copying).
    fn of(parts: &'a [(String, Range<usize>)]) -> Option<PartNames<'a>> {
        if parts.iter().any(|(n, _)| n.contains('\\')) {
            return None;
        }
        let mut names: Vec<(String, &Range<usize>)> = parts
            .iter()
            .map(|(n, r)| (n.to_ascii_lowercase(), r))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        if names.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        Some(PartNames(names))
    }

    fn get(&self, name: &str) -> Option<Range<usize>> {
        let key = name.to_ascii_lowercase();
        self.0
            .binary_search_by(|(n, _)| n.as_str().cmp(&key))
            .ok()
            .map(|i| self.0[i].1.clone())
    }
}

// The package parts are parsed here, not with `read::package` (which
// `annotate` uses): calamine resolves a sheet's target as written (no entity
// decoding, no `..`) under `xl/`, and the fast path must find exactly the
// part calamine would.

/// A reader configured as calamine configures its own.
fn xml_reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(xml);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    r
}

/// The attributes of a start tag as calamine's raw attribute scan sees them
/// (undecoded), or `Declined` on a malformed one.
fn raw_attrs<'a>(e: &'a BytesStart<'_>) -> Result<Vec<(&'a str, &'a str)>, Declined> {
    raw_attr_list(e.attributes_raw())
}

/// The one attribute with this exact key; `Declined` when it is written
/// twice (calamine's scans differ on which one counts).
fn raw_attr<'a>(attrs: &[(&str, &'a str)], key: &str) -> Result<Option<&'a str>, Declined> {
    let mut found = attrs.iter().filter(|(k, _)| *k == key);
    let first = found.next().map(|(_, v)| *v);
    if found.next().is_some() {
        return Err(Declined);
    }
    Ok(first)
}

fn local_is(e: &BytesStart<'_>, name: &str) -> bool {
    e.local_name().as_ref() == name
}

/// The `officeDocument` target of the package relationships, made absolute.
fn office_document(xml: &[u8]) -> Option<String> {
    let mut r = xml_reader(xml);
    let mut target = None;
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if local_is(&e, "Relationship") => {
                let attrs = raw_attrs(&e).ok()?;
                let kind = raw_attr(&attrs, "Type").ok()?;
                if kind.is_some_and(|t| t.ends_with("/relationships/officeDocument"))
                    && let Some(t) = raw_attr(&attrs, "Target").ok()?
                {
                    target = Some(unescape(t).ok()?.into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let target = target?;
    Some(target.strip_prefix('/').unwrap_or(&target).to_string())
}

/// The workbook's relationships: ID, target as written, type.
fn relationships(xml: &[u8]) -> Option<Vec<(String, String, String)>> {
    let mut r = xml_reader(xml);
    let mut out: Vec<(String, String, String)> = Vec::new();
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if local_is(&e, "Relationship") => {
                let attrs = raw_attrs(&e).ok()?;
                if let Some(id) = raw_attr(&attrs, "Id").ok()? {
                    let target = raw_attr(&attrs, "Target").ok()?.unwrap_or_default();
                    let kind = raw_attr(&attrs, "Type").ok()?.unwrap_or_default();
                    out.retain(|(i, ..)| i != id);
                    out.push((id.to_string(), target.to_string(), kind.to_string()));
                }
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// The sheets of the workbook part (name, decoded, and relationship ID),
/// and whether its dates count from 1904.
fn sheet_list(xml: &[u8]) -> Option<(Vec<(String, String)>, bool)> {
    let mut r = xml_reader(xml);
    let mut out = Vec::new();
    let mut is_1904 = false;
    loop {
        match r.read_event().ok()? {
            // `<x15:workbookPr>` in an extension shares the local name and
            // never carries the attribute (calamine reads it the same way).
            Event::Start(e) if local_is(&e, "workbookPr") => {
                if let Some(v) = raw_attr(&raw_attrs(&e).ok()?, "date1904").ok()? {
                    is_1904 = v == "1" || v == "true";
                }
            }
            Event::Start(e) if local_is(&e, "sheet") => {
                let attrs = raw_attrs(&e).ok()?;
                let mut name = None;
                let mut rid = None;
                for (k, v) in attrs {
                    match k {
                        "name" => name = Some(unescape(v).ok()?.into_owned()),
                        k if k == "id" || k.ends_with(":id") => rid = Some(v.to_string()),
                        _ => {}
                    }
                }
                out.push((name.unwrap_or_default(), rid.unwrap_or_default()));
            }
            Event::Eof => return Some((out, is_1904)),
            _ => {}
        }
    }
}
