//! The `.xls` guard: works out, from an Excel 97–2003 file's compound
//! document and BIFF records, the cells calamine would build, and refuses
//! before it builds them (split from [`super::guard`]).

use super::ReadErrorKind;
use super::guard::{Limits, le16, le32, le64};

/// The most cells an `.xls` sheet can have (65,536 rows × 256 columns); a
/// DIMENSIONS record declaring more is crafted.
const XLS_SHEET_CELLS: u64 = 65_536 * 256;

/// Refuses an `.xls` that would make calamine build more than
/// [`Limits::max_cells`] cells, or allocate for a used range no `.xls` can
/// have, or loop over a sector chain without end.
///
/// calamine reads every sheet of an `.xls` when it opens it, each into a
/// range dense from the first cell to the last (one cell at `A1` and one at
/// `IV65536` make 16.7 million cells, a gigabyte), after reserving room for
/// the used range the sheet's DIMENSIONS record declares. This reads the
/// compound file's `Workbook` stream the way calamine does and counts, from
/// the cell records, what calamine would build.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), ReadErrorKind> {
    let stream = cfb_workbook_stream(bytes)?;
    let Some(stream) = stream else {
        return Ok(()); // no Workbook stream: calamine says so
    };
    check_biff(&stream, limits)
}

fn damaged_xls(what: &str) -> ReadErrorKind {
    ReadErrorKind::Corrupt(format!("the .xls container is damaged: {what}"))
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAXREGSECT: u32 = 0xFFFF_FFFA;

/// Sectors of a compound file, as calamine addresses them: sector `id` is
/// the `size` bytes after the header (`(id + 1) * size`), cut at the end of
/// the data; ids past `maxid` are an error.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    maxid: u64,
}

impl Sectors<'_> {
    fn get(&self, id: u32) -> Result<&[u8], ReadErrorKind> {
        if u64::from(id) > self.maxid {
            return Err(damaged_xls("a sector lies past the end of the file"));
        }
        let start = (id as usize).saturating_mul(self.size).min(self.data.len());
        let end = start.saturating_add(self.size).min(self.data.len());
        Ok(&self.data[start..end])
    }

    /// The bytes of the chain from `id`, at most `len`: what calamine's
    /// `get_chain` returns, except that a chain longer than the file is a
    /// loop (calamine would follow it until memory runs out) and is refused.
    fn chain(&self, mut id: u32, fat: &[u32], len: u64) -> Result<Vec<u8>, ReadErrorKind> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid + 2 {
                return Err(damaged_xls("a sector chain loops"));
            }
            let sector = self.get(id)?;
            let room = len.saturating_sub(out.len() as u64);
            out.extend_from_slice(&sector[..sector.len().min(room as usize)]);
            if out.len() as u64 >= len {
                break;
            }
            id = *fat
                .get(id as usize)
                .ok_or_else(|| damaged_xls("a sector chain leaves the allocation table"))?;
        }
        Ok(out)
    }
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The `Workbook` (or BIFF5 `Book`) stream of a compound file, read as
/// calamine reads it; `None` when there is none.
pub(super) fn cfb_workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, ReadErrorKind> {
    if bytes.len() < 512 {
        return Ok(None);
    }
    let h = &bytes[..512];
    let version = le16(h, 26).unwrap_or(0);
    let size = match le16(h, 30) {
        Some(9) => 512usize,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    if le16(h, 32) != Some(6) || bytes.len() < size {
        return Ok(None);
    }
    let data = &bytes[size..];
    let maxid = (bytes.len() / size) as u64;
    let sectors = Sectors { data, size, maxid };
    let field = |at| le32(h, at).unwrap_or(0);
    let (dir_start, minifat_start, minifat_len, mut difat_id) =
        (field(48), field(60), field(64) as u64, field(68));

    let mut difat: Vec<u32> = u32s(&h[76..512]).collect();
    let mut hops = 0u64;
    while difat_id < MAXREGSECT {
        hops += 1;
        if hops > maxid + 1 {
            return Err(damaged_xls("the sector allocation chain loops"));
        }
        difat.extend(u32s(sectors.get(difat_id)?));
        difat_id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < 0xFFFF_FFFC) {
        fat.extend(u32s(sectors.get(id)?));
    }

    let dirs = sectors.chain(dir_start, &fat, u64::MAX)?;
    let dirs: Vec<(String, u32, u64)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let name: Vec<u16> = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|&c| c != 0)
                .collect();
            let len = if size == 512 {
                u64::from(le32(d, 120).unwrap_or(0))
            } else {
                le64(d, 120).unwrap_or(0)
            };
            (
                String::from_utf16_lossy(&name),
                le32(d, 116).unwrap_or(0),
                len,
            )
        })
        .collect();
    let Some(root) = dirs.first() else {
        return Ok(None);
    };
    let (mini_fat, ministream) = if minifat_len > 0 {
        let ministream = sectors.chain(root.1, &fat, root.2)?;
        let minifat =
            sectors.chain(minifat_start, &fat, minifat_len.saturating_mul(size as u64))?;
        (u32s(&minifat).collect::<Vec<_>>(), ministream)
    } else {
        (Vec::new(), Vec::new())
    };
    let _ = version;
    let find = |name: &str| dirs.iter().find(|d| d.0.eq_ignore_ascii_case(name));
    let Some(entry) = find("Workbook").or_else(|| find("Book")) else {
        return Ok(None);
    };
    let stream = if entry.2 < 4096 {
        let mini = Sectors {
            data: &ministream,
            size: 64,
            maxid: maxid.saturating_mul(8),
        };
        mini.chain(entry.1, &mini_fat, entry.2)?
    } else {
        sectors.chain(entry.1, &fat, entry.2)?
    };
    Ok(Some(stream))
}

/// BIFF records of a stream: type and data (CONTINUE records are skipped,
/// as they hold no cell position); stops at the first record cut short.
pub(super) fn biff_records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = le16(s, 0)?;
        let len = le16(s, 2)? as usize;
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        Some((typ, data))
    })
    .filter(|(t, _)| *t != 0x003C)
}

/// A bounding box of cell positions.
#[derive(Default, Clone, Copy)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, c0, r1, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }

    fn describe(&self) -> String {
        self.0.map_or_else(String::new, |(r0, c0, r1, c1)| {
            format!(
                "{}:{}",
                crate::model::cell_name(r0, c0),
                crate::model::cell_name(r1, c1)
            )
        })
    }
}

/// Counts what calamine builds from the BIFF records: for each sheet, the
/// range of its values and the range of its formulas, dense.
fn check_biff(stream: &[u8], limits: &Limits) -> Result<(), ReadErrorKind> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, data) in biff_records(stream) {
        match typ {
            // FilePass: calamine reports the password.
            0x002F => return Ok(()),
            // BoundSheet8: stream position and name.
            0x0085 if data.len() >= 8 => {
                let pos = le32(data, 0).unwrap_or(0) as usize;
                sheets.push((pos, sheet_name(&data[6..], sheets.len())));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        let (mut values, mut formulas) = (Bounds::default(), Bounds::default());
        let mut formula_pos = None;
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (typ, data) in biff_records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |i: usize| le16(data, i).map(u32::from);
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: calamine reserves room for the range it declares.
                0x0200 => {
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (at(0), at(2), at(4), at(6)),
                        14 | 16 => (le32(data, 0), le32(data, 4), at(8), at(10)),
                        _ => continue,
                    };
                    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = (rf, rl, cf, cl) else {
                        continue;
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    let ((r0, c0), (r1, c1)) = if rl >= 1 && cl >= 1 {
                        ((rf, cf), (rl - 1, cl - 1))
                    } else {
                        ((rf, cf), (rf, cf))
                    };
                    let rows = u64::from(r1.wrapping_sub(r0).wrapping_add(1));
                    let cols = u64::from(c1.wrapping_sub(c0).wrapping_add(1));
                    if rows.saturating_mul(cols) > XLS_SHEET_CELLS {
                        return Err(ReadErrorKind::Corrupt(format!(
                            "sheet '{name}' of the .xls declares a used range of {rows} rows × {cols} columns, more than an .xls sheet can hold: a crafted or damaged file"
                        )));
                    }
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let (Some(r), Some(c)) = (at(0), at(2)) {
                        values.add(r, c);
                    }
                }
                // MulRk: one row, a run of columns.
                0x00BD if data.len() >= 6 => {
                    let (Some(r), Some(c0), Some(c1)) = (at(0), at(2), at(data.len() - 2)) else {
                        continue;
                    };
                    if c1 >= c0 {
                        values.add(r, c0);
                        values.add(r, c1);
                    }
                }
                // Formula: its cached value and its text.
                0x0006 => {
                    if let (Some(r), Some(c)) = (at(0), at(2)) {
                        formula_pos = Some((r, c));
                        values.add(r, c);
                        formulas.add(r, c);
                    }
                }
                // String (a formula's text result), at the formula's cell.
                0x0207 => {
                    let (r, c) = formula_pos.unwrap_or((0, 0));
                    values.add(r, c);
                }
                _ => {}
            }
        }
        let cells = values.cells().saturating_add(formulas.cells());
        total = total.saturating_add(cells);
        if total > limits.max_cells {
            return Err(ReadErrorKind::too_large(format!(
                "sheet '{name}' of the .xls spans {} ({} cells; an .xls is read whole, limit {} cells): delete any stray far-away cell, or save the workbook as .xlsx",
                values.describe(),
                values.cells(),
                limits.max_cells
            )));
        }
    }
    Ok(())
}

/// The name in a BoundSheet8 record (a ShortXLUnicodeString), or "sheet N".
pub(super) fn sheet_name(b: &[u8], index: usize) -> String {
    let fallback = || format!("sheet {}", index + 1);
    let Some(&cch) = b.first() else {
        return fallback();
    };
    let cch = cch as usize;
    let name = match b.get(1) {
        Some(flags) if flags & 1 == 1 => b.get(2..2 + 2 * cch).map(|s| {
            let units: Vec<u16> = s
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }),
        Some(_) => b
            .get(2..2 + cch)
            .map(|s| s.iter().map(|&c| c as char).collect()),
        None => None,
    };
    name.filter(|n| !n.is_empty()).unwrap_or_else(fallback)
}
