//! A worksheet's cells, read as calamine's `XlsxCellReader` reads them.

use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType};

use super::scan::*;
use super::*;

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

impl<'b> CellReader<'b> {
    /// Reads up to `<sheetData>`, taking the `<dimension>` on the way.
    pub(super) fn new(book: &'b Book, xml: &'b [u8]) -> Result<CellReader<'b>, Declined> {
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
        let mut value = DataRef::Empty;
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
            value: crate::read::value_of_ref(value),
            formula,
        })
    }

    /// calamine's `read_value` and `read_v`: the value calamine's reader
    /// would give, as calamine's own type.
    fn value(
        &mut self,
        name: &str,
        empty: bool,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<DataRef<'b>, Declined> {
        match name {
            "is" if empty => Ok(DataRef::String(String::new())),
            "is" => Ok(DataRef::String(scan_string(&mut self.scan, "is")?)),
            "v" => {
                let text = if empty {
                    std::borrow::Cow::Borrowed("")
                } else {
                    self.scan.text_to_end("v")?
                };
                match kind {
                    Some("inlineStr") | Some("is") => Ok(DataRef::Empty),
                    // An empty `<v>` gives no value before the type is looked at.
                    Some("n") | Some("s") | Some("b") | Some("e") | None if text.is_empty() => {
                        Ok(DataRef::Empty)
                    }
                    Some("n") | Some("s") | Some("b") | Some("e") | None => {
                        if matches!(text, std::borrow::Cow::Owned(_)) {
                            // calamine reads these from the raw text, before references.
                            return Err(Declined);
                        }
                        self.plain_value(&text, style, kind)
                    }
                    Some("str") => Ok(DataRef::String(no_excel_escape(text.into_owned())?)),
                    Some("d") => Ok(DataRef::DateTimeIso(text.into_owned())),
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
    ) -> Result<DataRef<'b>, Declined> {
        match kind {
            Some("s") => {
                if v.is_empty() {
                    return Ok(DataRef::Empty);
                }
                let s = self.book.strings.get(index(v)?).ok_or(Declined)?;
                Ok(DataRef::SharedString(s))
            }
            Some("b") => {
                let b = v.trim();
                if b.is_empty() {
                    Ok(DataRef::Empty)
                } else if b == "0" || b.eq_ignore_ascii_case("false") {
                    Ok(DataRef::Bool(false))
                } else if b == "1" || b.eq_ignore_ascii_case("true") {
                    Ok(DataRef::Bool(true))
                } else {
                    Err(Declined)
                }
            }
            Some("e") => Ok(DataRef::Error(v.parse().map_err(|_| Declined)?)),
            _ => {
                if v.is_empty() {
                    return Ok(DataRef::Empty);
                }
                let n = plain_decimal(v)?;
                let format = match style {
                    Some(s) => self.book.formats.get(index(s)?).copied(),
                    None => Some(CellFormat::Other),
                };
                let date = |kind| DataRef::DateTime(ExcelDateTime::new(n, kind, self.book.is_1904));
                Ok(match format {
                    Some(CellFormat::DateTime) => date(ExcelDateTimeType::DateTime),
                    Some(CellFormat::TimeDelta) => date(ExcelDateTimeType::TimeDelta),
                    _ => DataRef::Float(n),
                })
            }
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
