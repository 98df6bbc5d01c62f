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
}

/// One cell as the fast path read it.
pub struct Cell {
    /// Zero-based row and column.
    pub pos: (u32, u32),
    /// The value, converted as `value_of_ref` converts calamine's.
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
        let mut sheets = Vec::new();
        for (name, rid) in sheet_list(part("xl/workbook.xml")?)? {
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

/// Attributes as written (`key="value" ...`), scanned as calamine's
/// `RawAttrIter` scans them.
fn raw_attr_list(raw: &str) -> Result<Vec<(&str, &str)>, Declined> {
    RawAttrs { raw, pos: 0 }.collect()
}

/// calamine's `RawAttrIter`: `(key, value)` pairs, undecoded.
struct RawAttrs<'a> {
    raw: &'a str,
    pos: usize,
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Result<(&'a str, &'a str), Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        let (raw, bytes) = (self.raw, self.raw.as_bytes());
        let mut pos = self.pos;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        // Whatever goes wrong, the scan stops after it.
        self.pos = bytes.len();
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= bytes.len() {
            return Some(Err(Declined));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Some(Err(Declined)),
        };
        pos += 1;
        let start = pos;
        while pos < bytes.len() && bytes[pos] != quote {
            pos += 1;
        }
        self.pos = (pos + 1).min(bytes.len());
        Some(Ok((key, &raw[start..pos])))
    }
}

/// `a == b` for the short keys of attributes, without a call to `memcmp`.
fn same_ascii(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
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

/// `A1` → (0, 0); `Declined` for anything calamine would refuse.
fn row_column(r: &str) -> Result<(u32, u32), Declined> {
    let (row, col) = row_and_column(r)?;
    Ok((row, col.ok_or(Declined)?))
}

/// calamine's `get_row_and_optional_column`, refusing overflow too.
fn row_and_column(r: &str) -> Result<(u32, Option<u32>), Declined> {
    let bytes = r.as_bytes();
    let mut i = 0;
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let digit = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a',
            b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            _ => return Err(Declined),
        };
        col = col
            .checked_mul(26)
            .and_then(|c| c.checked_add(u32::from(digit) + 1))
            .ok_or(Declined)?;
        i += 1;
    }
    while i < bytes.len() {
        let c = bytes[i];
        if !c.is_ascii_digit() {
            return Err(Declined);
        }
        row = row
            .checked_mul(10)
            .and_then(|r| r.checked_add(u32::from(c - b'0')))
            .ok_or(Declined)?;
        i += 1;
    }
    Ok((row.checked_sub(1).ok_or(Declined)?, col.checked_sub(1)))
}

/// The last column of a `<dimension ref>`.
fn dimension_last_col(r: &str) -> Result<u32, Declined> {
    let parts = r
        .split(':')
        .map(row_column)
        .collect::<Result<Vec<_>, _>>()?;
    match parts.as_slice() {
        [one] => Ok(one.1),
        [first, last] if last.0 >= first.0 && last.1 >= first.1 => Ok(last.1),
        _ => Err(Declined),
    }
}

/// An index as calamine's `atoi_simd` reads it; only plain digits without
/// a leading zero are taken.
fn index(s: &str) -> Result<usize, Declined> {
    let digits = !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits || (s.len() > 1 && s.starts_with('0')) {
        return Err(Declined);
    }
    s.parse().map_err(|_| Declined)
}

/// Text with an Excel `_xHHHH_` escape is left to calamine.
fn no_excel_escape(s: String) -> Result<String, Declined> {
    if memchr::memchr_iter(b'_', s.as_bytes()).any(|i| s.as_bytes().get(i + 1) == Some(&b'x')) {
        Err(Declined)
    } else {
        Ok(s)
    }
}

/// The shared-string table (calamine's `read_shared_strings`), read with
/// the worksheet scanner.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, Declined> {
    let mut scan = Scanner::past_declaration(xml)?;
    loop {
        match scan.tag()? {
            // An empty `<sst/>` is left to calamine.
            Tag::Start {
                name: "sst", empty, ..
            } if !empty => break,
            Tag::Start { name: "sst", .. } => return Err(Declined),
            _ => {}
        }
    }
    let mut strings = Vec::new();
    loop {
        match scan.tag()? {
            Tag::Start {
                name: "si", empty, ..
            } => strings.push(match empty {
                true => String::new(),
                false => scan_string(&mut scan, "si")?,
            }),
            Tag::End("sst") => return Ok(strings),
            _ => {}
        }
    }
}

/// The number format class of each cell style (`<cellXfs>`), as calamine's
/// `read_styles` records it. Read with the worksheet scanner: a styles part
/// is mostly empty elements, each of which cost `quick_xml` an allocation.
fn cell_formats(xml: &[u8]) -> Result<Vec<CellFormat>, Declined> {
    let mut scan = Scanner::past_declaration(xml)?;
    let mut custom: Vec<(&str, String)> = Vec::new();
    let mut formats = Vec::new();
    // Where the scan is: outside both lists, in `<numFmts>`, in `<cellXfs>`.
    let mut inside = "";
    loop {
        let Some(tag) = scan.tag_or_end()? else {
            return Ok(formats);
        };
        match (inside, tag) {
            ("", Tag::Start { name, empty, .. })
                if !empty && (name == "numFmts" || name == "cellXfs") =>
            {
                inside = name;
            }
            (
                "numFmts",
                Tag::Start {
                    name: "numFmt",
                    attrs,
                    ..
                },
            ) => {
                if let [Some(id), Some(code)] = pick(attrs, ["numFmtId", "formatCode"])? {
                    let code = unescape(code).map_err(|_| Declined)?.into_owned();
                    custom.retain(|(i, _)| *i != id);
                    custom.push((id, code));
                }
            }
            (
                "cellXfs",
                Tag::Start {
                    name: "xf", attrs, ..
                },
            ) => {
                formats.push(match pick(attrs, ["numFmtId"])? {
                    [None] => CellFormat::Other,
                    [Some(id)] => match custom.iter().find(|(i, _)| *i == id) {
                        Some((_, code)) => custom_format(code),
                        None => builtin_format(id),
                    },
                });
            }
            (list, Tag::End(name)) if !list.is_empty() && name == list => inside = "",
            _ => {}
        }
    }
}

// `custom_format` and `builtin_format` are calamine's
// `detect_custom_number_format` and `builtin_format_by_id` (MIT, Copyright
// 2016-2026 Johann Tuffe), copied because calamine keeps them private: a
// number is a date exactly when calamine would make it one.

/// Whether a custom number format shows a date, a duration or neither.
fn custom_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

/// Whether a built-in number format (by its ID as written) is a date.
fn builtin_format(id: &str) -> CellFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            CellFormat::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
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

/// The sheets of the workbook part: name (decoded) and relationship ID.
fn sheet_list(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut r = xml_reader(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().ok()? {
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
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// calamine's `XlsxCellReader` over a borrowed worksheet.
///
/// A small scanner reads the part: up to `<sheetData>` for the
/// `<dimension>`, then the few elements cells are made of (`row`, `c`, `v`,
/// `f`, `is`, `r`, `t`, `rPh`), declining on anything else XML allows there:
/// comments, CDATA, processing instructions, prefixed names, character
/// references, carriage returns. A general XML reader spent more on each
/// event than the rest of `check` on the whole cell.
pub struct CellReader<'b> {
    scan: Scanner<'b>,
    book: &'b Book,
    last_col: u32,
    row: u32,
    col: u32,
}

/// A tag as the scanner read it.
enum Tag<'b> {
    /// `<name attrs>` or, with `empty`, `<name attrs/>`.
    Start {
        name: &'b str,
        attrs: &'b str,
        empty: bool,
    },
    /// `</name>`.
    End(&'b str),
}

/// A position in a worksheet's text.
struct Scanner<'b> {
    s: &'b str,
    pos: usize,
}

impl<'b> Scanner<'b> {
    /// A scanner of a whole part, past its byte order mark and its XML
    /// declaration.
    fn past_declaration(xml: &'b [u8]) -> Result<Scanner<'b>, Declined> {
        let s = std::str::from_utf8(xml).map_err(|_| Declined)?;
        let s = s.strip_prefix('\u{feff}').unwrap_or(s);
        let pos = match s.trim_start().strip_prefix("<?xml") {
            Some(rest) => s.len() - rest.len() + rest.find("?>").ok_or(Declined)? + 2,
            None => 0,
        };
        Ok(Scanner { s, pos })
    }

    /// The text up to the next tag (`Declined` at the end of the part).
    fn text(&mut self) -> Result<&'b str, Declined> {
        let rest = &self.s.as_bytes()[self.pos..];
        // Between the tags of a sheet there is mostly no text at all.
        if rest.first() == Some(&b'<') {
            return Ok("");
        }
        let n = memchr::memchr(b'<', rest).ok_or(Declined)?;
        let text = &self.s[self.pos..self.pos + n];
        self.pos += n;
        Ok(text)
    }

    /// The next tag, the text before it skipped (it must hold no reference:
    /// an unknown one would make calamine's reader fail).
    fn tag(&mut self) -> Result<Tag<'b>, Declined> {
        if self.text()?.contains('&') {
            return Err(Declined);
        }
        self.tag_here()
    }

    /// [`Scanner::tag`], or `None` at the end of the part.
    fn tag_or_end(&mut self) -> Result<Option<Tag<'b>>, Declined> {
        if memchr::memchr(b'<', &self.s.as_bytes()[self.pos..]).is_none() {
            return Ok(None);
        }
        self.tag().map(Some)
    }

    /// The tag at the current position (a `<`).
    fn tag_here(&mut self) -> Result<Tag<'b>, Declined> {
        // Tags are short: plain byte loops cost less here than `memchr`'s
        // set-up, and every delimiter looked for is ASCII.
        let b = self.s.as_bytes();
        let start = self.pos + 1;
        match b.get(start) {
            Some(b'/') => {
                let mut i = start + 1;
                while i < b.len() && b[i] != b'>' {
                    i += 1;
                }
                if i >= b.len() {
                    return Err(Declined);
                }
                let name = self.s[start + 1..i].trim_ascii_end();
                self.pos = i + 1;
                Ok(Tag::End(plain_name(name)?))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let mut i = start;
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
                    i += 1;
                }
                let name_end = i;
                // The first `>` outside quotes ends the tag.
                let mut quote = 0u8;
                while i < b.len() {
                    let c = b[i];
                    if quote != 0 {
                        if c == quote {
                            quote = 0;
                        }
                    } else if c == b'>' {
                        break;
                    } else if c == b'"' || c == b'\'' {
                        quote = c;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return Err(Declined);
                }
                self.pos = i + 1;
                let empty = b[i - 1] == b'/' && i > name_end;
                let attrs_end = if empty { i - 1 } else { i };
                Ok(Tag::Start {
                    name: plain_name(&self.s[start..name_end])?,
                    attrs: &self.s[name_end..attrs_end],
                    empty,
                })
            }
            // Comments, CDATA, declarations, processing instructions.
            _ => Err(Declined),
        }
    }

    /// The text of an element up to its end tag `</name>`, references
    /// resolved; `Declined` if another tag comes first.
    fn text_to_end(&mut self, name: &str) -> Result<std::borrow::Cow<'b, str>, Declined> {
        let raw = self.text()?;
        match self.tag_here()? {
            Tag::End(n) if n == name => text_content(raw),
            _ => Err(Declined),
        }
    }
}

/// A tag name without a namespace prefix (prefixed ones are declined).
fn plain_name(name: &str) -> Result<&str, Declined> {
    if name.is_empty() || name.bytes().any(|c| c == b':' || c.is_ascii_whitespace()) {
        return Err(Declined);
    }
    Ok(name)
}

/// Text content with the five predefined references resolved. Carriage
/// returns (which XML turns into line feeds) and character references are
/// declined.
fn text_content(raw: &str) -> Result<std::borrow::Cow<'_, str>, Declined> {
    if raw.contains('\r') {
        return Err(Declined);
    }
    if !raw.contains('&') {
        return Ok(std::borrow::Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or(Declined)? + at;
        out.push_str(resolve_xml_entity(&rest[at + 1..end]).ok_or(Declined)?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(std::borrow::Cow::Owned(out))
}

/// The values of these attributes of a scanned tag, each `None` when
/// absent; `Declined` when one is written twice or an attribute is
/// malformed.
fn pick<'a, const N: usize>(
    attrs: &'a str,
    keys: [&str; N],
) -> Result<[Option<&'a str>; N], Declined> {
    let mut found = [None; N];
    for item in (RawAttrs { raw: attrs, pos: 0 }) {
        let (k, v) = item?;
        if let Some(i) = keys.iter().position(|key| same_ascii(key, k))
            && found[i].replace(v).is_some()
        {
            return Err(Declined);
        }
    }
    Ok(found)
}

impl<'b> CellReader<'b> {
    /// Reads up to `<sheetData>`, taking the `<dimension>` on the way.
    fn new(book: &'b Book, xml: &'b [u8]) -> Result<CellReader<'b>, Declined> {
        let mut scan = Scanner::past_declaration(xml)?;
        let mut last_col = 0;
        loop {
            match scan.tag()? {
                Tag::Start {
                    name: "dimension",
                    attrs,
                    ..
                } => {
                    let [r] = pick(attrs, ["ref"])?;
                    last_col = dimension_last_col(r.ok_or(Declined)?)?;
                }
                // `<sheetData/>` is left to calamine.
                Tag::Start {
                    name: "sheetData",
                    empty,
                    ..
                } => match empty {
                    true => return Err(Declined),
                    false => break,
                },
                _ => {}
            }
        }
        Ok(CellReader {
            scan,
            book,
            last_col,
            row: 0,
            col: 0,
        })
    }

    /// The last column the `<dimension>` names (0 without one).
    pub fn last_col(&self) -> u32 {
        self.last_col
    }

    /// The next cell in document order; `None` at `</sheetData>`.
    pub fn next_cell(&mut self) -> Result<Option<Cell>, Declined> {
        loop {
            match self.scan.tag()? {
                Tag::Start {
                    name: "row",
                    attrs,
                    empty,
                } => {
                    if let [Some(r)] = pick(attrs, ["r"])? {
                        self.row = row_and_column(r)?.0;
                    }
                    if empty {
                        self.end_row()?;
                    }
                }
                Tag::End("row") => self.end_row()?,
                Tag::Start {
                    name: "c",
                    attrs,
                    empty,
                } => return self.cell(attrs, empty).map(Some),
                Tag::End("sheetData") => return Ok(None),
                _ => {}
            }
        }
    }

    fn end_row(&mut self) -> Result<(), Declined> {
        self.row = self.row.checked_add(1).ok_or(Declined)?;
        self.col = 0;
        Ok(())
    }

    fn cell(&mut self, attrs: &str, empty: bool) -> Result<Cell, Declined> {
        let [r, s, t] = pick(attrs, ["r", "s", "t"])?;
        let pos = match r {
            Some(r) => {
                let pos = row_column(r)?;
                self.col = pos.1;
                pos
            }
            None => (self.row, self.col),
        };
        let mut value = Value::Empty;
        let mut formula = false;
        // `<c/>` has no children; otherwise read them up to `</c>`.
        if !empty {
            loop {
                match self.scan.tag()? {
                    Tag::Start {
                        name: "f",
                        attrs,
                        empty,
                    } => {
                        check_formula(&mut self.scan, attrs, empty)?;
                        formula = true;
                    }
                    Tag::Start { name, empty, .. } => value = self.value(name, empty, s, t)?,
                    Tag::End("c") => break,
                    Tag::End(_) => {}
                }
            }
        }
        self.col = self.col.checked_add(1).ok_or(Declined)?;
        Ok(Cell {
            pos,
            value,
            formula,
        })
    }

    /// calamine's `read_value` and `read_v`, converted to our [`Value`].
    fn value(
        &mut self,
        name: &str,
        empty: bool,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<Value, Declined> {
        match name {
            "is" if empty => Ok(Value::Text(String::new())),
            "is" => Ok(Value::Text(scan_string(&mut self.scan, "is")?)),
            "v" => {
                let text = if empty {
                    std::borrow::Cow::Borrowed("")
                } else {
                    self.scan.text_to_end("v")?
                };
                match kind {
                    Some("inlineStr") | Some("is") => Ok(Value::Empty),
                    // An empty `<v>` gives no value before the type is looked at.
                    Some("n") | Some("s") | Some("b") | Some("e") | None if text.is_empty() => {
                        Ok(Value::Empty)
                    }
                    Some("n") | Some("s") | Some("b") | Some("e") | None => {
                        if matches!(text, std::borrow::Cow::Owned(_)) {
                            // calamine reads these from the raw text, before references.
                            return Err(Declined);
                        }
                        self.plain_value(&text, style, kind)
                    }
                    Some("str") => Ok(Value::Text(no_excel_escape(text.into_owned())?)),
                    Some("d") => Ok(Value::Date(text.into_owned())),
                    Some(_) => Err(Declined),
                }
            }
            _ => Err(Declined),
        }
    }

    /// The ASCII value types (`n`, `s`, `b`, `e`, none).
    fn plain_value(
        &self,
        v: &str,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<Value, Declined> {
        match kind {
            Some("s") => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                let s = self.book.strings.get(index(v)?).ok_or(Declined)?;
                Ok(Value::Text(s.clone()))
            }
            Some("b") => {
                let b = v.trim();
                if b.is_empty() {
                    Ok(Value::Empty)
                } else if b == "0" || b.eq_ignore_ascii_case("false") {
                    Ok(Value::Bool(false))
                } else if b == "1" || b.eq_ignore_ascii_case("true") {
                    Ok(Value::Bool(true))
                } else {
                    Err(Declined)
                }
            }
            Some("e") => {
                let e: calamine::CellErrorType = v.parse().map_err(|_| Declined)?;
                Ok(Value::Text(e.to_string()))
            }
            _ => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                let n = plain_decimal(v)?;
                let format = match style {
                    Some(s) => self.book.formats.get(index(s)?).copied(),
                    None => Some(CellFormat::Other),
                };
                Ok(match format {
                    Some(CellFormat::DateTime) => Value::Date(super::excel_serial_to_iso(n)),
                    _ => Value::Number(n),
                })
            }
        }
    }
}

/// A string item (`<si>`, `<is>`): its `<t>` texts joined, phonetic runs
/// (`<rPh>`) left out, each text trimmed unless `xml:space="preserve"` —
/// calamine's `read_string_with_bufs`.
fn scan_string(scan: &mut Scanner<'_>, closing: &str) -> Result<String, Declined> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        match scan.tag()? {
            Tag::Start { name: "r", .. } if rich.is_none() => rich = Some(String::new()),
            Tag::Start {
                name: "rPh", empty, ..
            } => phonetic = !empty,
            Tag::End(name) if name == closing => return Ok(rich.unwrap_or_default()),
            Tag::End("rPh") => phonetic = false,
            Tag::Start {
                name: "t",
                attrs,
                empty,
            } if !phonetic => {
                let preserve = pick(attrs, ["xml:space"])? == [Some("preserve")];
                let text = if empty {
                    std::borrow::Cow::Borrowed("")
                } else {
                    scan.text_to_end("t")?
                };
                let text = if preserve {
                    text.into_owned()
                } else {
                    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
                        .to_string()
                };
                let text = no_excel_escape(text)?;
                match &mut rich {
                    Some(s) => s.push_str(&text),
                    None => rich = Some(text),
                }
            }
            _ => {}
        }
    }
}

/// A number written as plain decimal digits (sign, point and exponent
/// allowed), the one syntax on which Rust's parser and calamine's agree by
/// construction; anything else is left to calamine.
fn plain_decimal(v: &str) -> Result<f64, Declined> {
    let b = v.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        fraction = digits(&mut i);
    }
    if whole == 0 && fraction == 0 {
        return Err(Declined);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return Err(Declined);
        }
    }
    if i != b.len() {
        return Err(Declined);
    }
    v.parse().map_err(|_| Declined)
}

/// Reads a `<f>` to its end as calamine does (its text is not kept), and
/// declines on the shared-formula attributes calamine would refuse.
fn check_formula(scan: &mut Scanner<'_>, attrs: &str, empty: bool) -> Result<(), Declined> {
    if !empty {
        scan.text_to_end("f")?;
    }
    let [t, si, range] = pick(attrs, ["t", "si", "ref"])?;
    if t == Some("shared") {
        index(si.ok_or(Declined)?)?;
        if let Some(range) = range {
            dimension_last_col(range)?;
        }
    }
    Ok(())
}
