//! The number formats of `.xls` cells, which calamine does not expose: the
//! BIFF8 records are walked once more (FORMAT and XF in the globals, the
//! wanted cells' XF index in the sheet), through the compound-file reader
//! of the `.xls` guard.

use std::collections::{HashMap, HashSet};

use super::Shared;
use crate::read::guard::{le16, le32};
use crate::read::xls_guard::{biff_records, cfb_workbook_stream, sheet_name};

/// The format code and its id of some cells of a sheet.
pub(super) fn formats(
    bytes: &Shared,
    sheet: &str,
    cells: &[(u32, u32)],
) -> Vec<((u32, u32), String, u16)> {
    match cfb_workbook_stream(bytes.as_ref()) {
        Ok(Some(stream)) => biff_formats(&stream, sheet, cells),
        _ => Vec::new(),
    }
}

/// The built-in format codes (ECMA-376 §18.8.30); ids it leaves to the
/// locale are `General` here ([`super::format_code`] names the Japanese ones).
fn builtin(id: u16) -> &'static str {
    match id {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => "General",
    }
}

/// The text of a FORMAT record (an XLUnicodeString after the id).
fn format_text(data: &[u8]) -> Option<String> {
    let cch = le16(data, 2)? as usize;
    let flags = *data.get(4)?;
    let body = data.get(5..)?;
    if flags & 1 == 1 {
        let units: Vec<u16> = body
            .get(..2 * cch)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(body.get(..cch)?.iter().map(|&c| c as char).collect())
    }
}

/// The walk itself, on the `Workbook` stream.
fn biff_formats(
    stream: &[u8],
    sheet: &str,
    cells: &[(u32, u32)],
) -> Vec<((u32, u32), String, u16)> {
    let mut custom: HashMap<u16, String> = HashMap::new();
    let mut xfs: Vec<u16> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, data) in biff_records(stream) {
        match typ {
            0x002F => return Vec::new(), // FilePass: encrypted
            0x041E => {
                if let (Some(id), Some(text)) = (le16(data, 0), format_text(data)) {
                    custom.insert(id, text);
                }
            }
            0x00E0 => xfs.push(le16(data, 2).unwrap_or(0)),
            0x0085 if data.len() >= 8 => {
                let pos = le32(data, 0).unwrap_or(0) as usize;
                sheets.push((pos, sheet_name(&data[6..], sheets.len())));
            }
            0x000A => break,
            _ => {}
        }
    }
    let Some(body) = sheets
        .iter()
        .find(|(_, name)| name == sheet)
        .and_then(|(pos, _)| stream.get(*pos..))
    else {
        return Vec::new();
    };
    let wanted: HashSet<(u32, u32)> = cells.iter().copied().collect();
    let mut found: Vec<((u32, u32), u16)> = Vec::new();
    let mut depth = 0usize;
    for (typ, data) in biff_records(body) {
        let cell = |at: usize| -> Option<((u32, u32), u16)> {
            let pos = (u32::from(le16(data, 0)?), u32::from(le16(data, at)?));
            Some((pos, le16(data, at + 2)?))
        };
        match typ {
            0x0809 => depth += 1,
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            // NUMBER, RK, FORMULA, LABELSST, LABEL, BOOLERR, BLANK.
            0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 | 0x0201 if depth == 1 => {
                found.extend(cell(2).filter(|(pos, _)| wanted.contains(pos)));
            }
            // MULRK: row, first column, then (XF, RK) pairs of 6 bytes.
            0x00BD if depth == 1 => {
                let (Some(row), Some(first)) = (le16(data, 0), le16(data, 2)) else {
                    continue;
                };
                let pairs = data.len().saturating_sub(6) / 6;
                for i in 0..pairs {
                    let pos = (u32::from(row), u32::from(first) + i as u32);
                    if let (true, Some(xf)) = (wanted.contains(&pos), le16(data, 4 + 6 * i)) {
                        found.push((pos, xf));
                    }
                }
            }
            _ => {}
        }
    }
    found
        .into_iter()
        .filter_map(|(pos, xf)| {
            let id = *xfs.get(xf as usize)?;
            let code = custom
                .get(&id)
                .cloned()
                .unwrap_or_else(|| builtin(id).into());
            Some((pos, code, id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn finds_the_format_of_a_number_an_rk_and_a_mulrk_cell() {
        let sheet_name = b"P";
        let mut globals = record(0x0809, &[0; 16]);
        // FORMAT 164 = "0.0%" (compressed), XF 0 → General, XF 1 → 9 (0%), XF 2 → 164.
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend(4u16.to_le_bytes());
        fmt.push(0);
        fmt.extend(b"0.0%");
        globals.extend(record(0x041E, &fmt));
        for id in [0u16, 9, 164] {
            let mut xf = vec![0, 0];
            xf.extend(id.to_le_bytes());
            xf.extend([0; 16]);
            globals.extend(record(0x00E0, &xf));
        }
        let bound_len = 4 + 4 + 2 + 2 + sheet_name.len() + 4; // BOUNDSHEET record
        let eof_len = 4;
        let pos = (globals.len() + bound_len + eof_len) as u32;
        let mut bound = pos.to_le_bytes().to_vec();
        bound.extend([0, 0, sheet_name.len() as u8, 0]);
        bound.extend(sheet_name);
        bound.extend([0; 4]);
        globals.extend(record(0x0085, &bound));
        globals.extend(record(0x000A, &[]));
        assert_eq!(globals.len() as u32, pos);
        let mut stream = globals;
        stream.extend(record(0x0809, &[0; 16]));
        // NUMBER at (3, 4) with XF 1.
        let mut number = vec![3, 0, 4, 0, 1, 0];
        number.extend(0.6f64.to_le_bytes());
        stream.extend(record(0x0203, &number));
        // MULRK on row 5 from column 2: XF 2, XF 1.
        let mulrk = [5, 0, 2, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3, 0];
        stream.extend(record(0x00BD, &mulrk));
        stream.extend(record(0x000A, &[]));
        let got = biff_formats(&stream, "P", &[(3, 4), (5, 2), (5, 3), (9, 9)]);
        assert_eq!(
            got,
            vec![
                ((3, 4), "0%".to_string(), 9),
                ((5, 2), "0.0%".to_string(), 164),
                ((5, 3), "0%".to_string(), 9),
            ]
        );
        assert!(biff_formats(&stream, "Other", &[(3, 4)]).is_empty());
    }
}
