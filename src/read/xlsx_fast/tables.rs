//! The workbook-wide tables a worksheet's cells refer to: shared strings
//! and the number format of each cell style.

use super::scan::*;
use super::*;

/// The shared-string table (calamine's `read_shared_strings`), read with
/// the worksheet scanner.
pub(super) fn shared_strings(xml: &[u8]) -> Result<Vec<String>, Declined> {
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
pub(super) fn cell_formats(xml: &[u8]) -> Result<Vec<CellFormat>, Declined> {
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
