//! The parts of an `.xlsx` / `.xlsm` package, as `annotate` edits them.
//!
//! The reader ([`super::read_bytes`]) turns a workbook into values; this
//! module keeps the package itself: every part's bytes, inflated within the
//! [`Limits`], in archive order, with the few look-ups an in-place edit
//! needs (which part is which sheet, a part's relationships, attributes of
//! elements). The writer (`crate::write::annotate`) changes only the parts
//! it must and copies every other one byte for byte.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::ReadErrorKind;
use super::guard::{Limits, inflate};

/// Relationship type of a worksheet (transitional and strict namespaces end alike).
pub const REL_WORKSHEET: &str = "/worksheet";
/// Relationship type of a comments part.
pub const REL_COMMENTS: &str = "/comments";
/// Relationship type of a legacy (VML) drawing.
pub const REL_VML: &str = "/vmlDrawing";

/// An opened package: its parts by name, in archive order.
#[derive(Debug, Clone)]
pub struct Package {
    /// Part names (no leading `/`) and their inflated bytes.
    pub parts: Vec<(String, Vec<u8>)>,
}

/// One worksheet of the workbook part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRef {
    /// The sheet's name.
    pub name: String,
    /// Its part (`xl/worksheets/sheet1.xml`).
    pub part: String,
    /// The relationship ID in `xl/_rels/workbook.xml.rels`.
    pub rid: String,
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rel {
    /// `rId1` …
    pub id: String,
    /// The full type URI.
    pub kind: String,
    /// The target as written.
    pub target: String,
    /// The target resolved to a part name (empty for external targets).
    pub part: String,
}

impl Package {
    /// Opens a package held in memory, within the limits.
    ///
    /// ```
    /// let bytes = std::fs::read("samples/sample-en.xlsx").unwrap();
    /// let p = x1060::read::package::Package::open(&bytes, &Default::default()).unwrap();
    /// assert!(p.get("xl/workbook.xml").is_some());
    /// ```
    pub fn open(bytes: &[u8], limits: &Limits) -> Result<Package, ReadErrorKind> {
        Ok(Package {
            parts: inflate(bytes, limits)?.0,
        })
    }

    /// The bytes of a part.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }

    /// The worksheets in workbook order (chart sheets left out).
    pub fn sheets(&self) -> Vec<SheetRef> {
        let Some(wb) = self.get("xl/workbook.xml") else {
            return Vec::new();
        };
        let rels = self.rels("xl/workbook.xml");
        elements(wb, "sheet")
            .into_iter()
            .filter_map(|a| {
                let rid = a.get("r:id").or_else(|| a.get("id"))?.clone();
                let rel = rels.iter().find(|r| r.id == rid)?;
                rel.kind.ends_with(REL_WORKSHEET).then(|| SheetRef {
                    name: a.get("name").cloned().unwrap_or_default(),
                    part: rel.part.clone(),
                    rid,
                })
            })
            .collect()
    }

    /// The relationships of a part (none when it has no `.rels`).
    pub fn rels(&self, part: &str) -> Vec<Rel> {
        let Some(xml) = self.get(&rels_part(part)) else {
            return Vec::new();
        };
        elements(xml, "Relationship")
            .into_iter()
            .map(|a| {
                let target = a.get("Target").cloned().unwrap_or_default();
                let external = a.get("TargetMode").is_some_and(|m| m == "External");
                Rel {
                    id: a.get("Id").cloned().unwrap_or_default(),
                    kind: a.get("Type").cloned().unwrap_or_default(),
                    part: if external {
                        String::new()
                    } else {
                        resolve(part, &target)
                    },
                    target,
                }
            })
            .collect()
    }
}

/// The `.rels` part of a part: `xl/worksheets/_rels/sheet1.xml.rels`.
///
/// ```
/// use x1060::read::package::rels_part;
/// assert_eq!(rels_part("xl/worksheets/sheet1.xml"), "xl/worksheets/_rels/sheet1.xml.rels");
/// ```
pub fn rels_part(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target resolved against the part that names it.
///
/// ```
/// use x1060::read::package::resolve;
/// assert_eq!(resolve("xl/worksheets/sheet1.xml", "../comments1.xml"), "xl/comments1.xml");
/// assert_eq!(resolve("xl/workbook.xml", "/xl/worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml");
/// ```
pub fn resolve(from: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut dir: Vec<&str> = from.split('/').collect();
    dir.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                dir.pop();
            }
            "." | "" => {}
            s => dir.push(s),
        }
    }
    dir.join("/")
}

/// The attributes of every element with this local name, in document order
/// (keys as written, `r:id` included; values unescaped).
pub fn elements(xml: &[u8], local: &str) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == local => {
                out.push(attributes(&e));
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The attributes of one start tag, unescaped.
pub fn attributes(e: &BytesStart<'_>) -> HashMap<String, String> {
    let mut attrs = e.attributes();
    attrs
        .with_checks(false)
        .flatten()
        .map(|a| (a.key.as_ref().to_string(), unescaped(&a)))
        .collect()
}

/// One attribute of a start tag (`key` as written, prefix included),
/// unescaped.
pub fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| unescaped(&a))
}

/// An attribute's value with its entities resolved (as written when they
/// do not resolve).
fn unescaped(a: &quick_xml::events::attributes::Attribute<'_>) -> String {
    quick_xml::escape::unescape(&a.value)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| a.value.to_string())
}

/// Byte spans of the elements with this local name (start of the start tag
/// to the end of the end tag, or of the empty tag), outermost only.
pub fn spans(xml: &[u8], local: &str) -> Vec<(usize, usize)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == local => {
                if depth == 0 {
                    start = before;
                }
                depth += 1;
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == local && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, reader.buffer_position() as usize));
                }
            }
            Ok(Event::Empty(e)) if depth == 0 && e.local_name().as_ref() == local => {
                out.push((before, reader.buffer_position() as usize));
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// A 0-based (row, column) of an A1 reference (`$` allowed).
///
/// ```
/// assert_eq!(x1060::read::package::parse_cell("$B$3"), Some((2, 1)));
/// ```
pub fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col = 0u32;
    for ch in letters.chars() {
        if !ch.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// A range `A1:B5` (or one cell) as 0-based (first row, first col, last row, last col).
///
/// ```
/// assert_eq!(x1060::read::package::parse_range("B2:A5"), Some((1, 0, 4, 1)));
/// ```
pub fn parse_range(s: &str) -> Option<(u32, u32, u32, u32)> {
    let (a, b) = s.split_once(':').unwrap_or((s, s));
    let (r0, c0) = parse_cell(a)?;
    let (r1, c1) = parse_cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spans() {
        let xml =
            b"<s><fonts count=\"9\"><font><b/></font><font/></fonts><cellXfs><xf/></cellXfs></s>";
        let sp = spans(xml, "font");
        assert_eq!(sp.len(), 2);
        assert_eq!(&xml[sp[0].0..sp[0].1], b"<font><b/></font>");
        assert_eq!(&xml[sp[1].0..sp[1].1], b"<font/>");
    }
}
