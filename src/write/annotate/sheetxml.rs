//! Editing one worksheet part in place: the cells of an earlier run's
//! columns out, the new added cells in (each row's cells stay in column
//! order), column widths, the dimension, conditional formats marking the
//! flagged cells, and the legacy drawing that shows notes. Every other byte
//! of the part is kept.

use std::collections::{BTreeMap, HashSet};

use quick_xml::events::Event;

use super::graft::set_attr;
use crate::model::column_name;
use crate::read::package::{attributes, parse_cell, parse_range, spans};

/// The formula that marks a conditional format as one `annotate` added
/// (always true; a re-run finds and replaces these).
pub(super) const CF_MARK: &str = "\"x1060\"&lt;&gt;\"\"";

/// What to change in a worksheet part.
pub(super) struct SheetEdit<'a> {
    /// Columns whose cells an earlier run added (removed).
    pub drop_cols: &'a HashSet<u32>,
    /// New cells by 0-based row, each row's `<c>` elements in column order.
    pub cells: &'a BTreeMap<u32, String>,
    /// New `<col>` elements.
    pub cols: &'a [String],
    /// The added columns, first and last (0-based).
    pub added: (u32, u32),
    /// Conditional formats to add: (sqref, dxf index).
    pub marks: &'a [(String, usize)],
    /// A relationship ID of a VML drawing to reference, when the sheet has none.
    pub legacy_rid: Option<&'a str>,
}

/// The largest 0-based column holding a cell (or an empty styled cell),
/// leaving out `drop_cols`; `None` for an empty sheet.
pub(super) fn last_column(xml: &[u8], drop_cols: &HashSet<u32>) -> Option<u32> {
    // A plain scan for `<c … r="…"` (this runs over every cell of the sheet).
    let s = std::str::from_utf8(xml).ok()?;
    let mut last = None;
    let mut rest = s;
    while let Some(at) = rest.find("<c ") {
        rest = &rest[at + 3..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let r = tag
            .split(" r=\"")
            .nth(1)
            .or_else(|| tag.strip_prefix("r=\""))
            .and_then(|v| v.split('"').next());
        if let Some((_, c)) = r.and_then(parse_cell)
            && !drop_cols.contains(&c)
        {
            last = Some(last.map_or(c, |l: u32| l.max(c)));
        }
    }
    last
}

/// The 0-based row of a `<row>` start tag.
fn row_number(tag: &str) -> Option<u32> {
    let mut r = quick_xml::Reader::from_str(tag);
    if let Ok(Event::Start(e) | Event::Empty(e)) = r.read_event() {
        return attributes(&e).get("r")?.parse::<u32>().ok()?.checked_sub(1);
    }
    None
}

/// The rows of `sheetData`, with our cells in and an earlier run's out.
fn patch_rows(data: &str, edit: &SheetEdit) -> String {
    let mut out = String::with_capacity(data.len() + 64 * edit.cells.len());
    let mut pending = edit.cells.iter().peekable();
    let open_end = data.find('>').map_or(0, |i| i + 1);
    let self_closed = data[..open_end].ends_with("/>");
    if self_closed {
        out.push_str(&data[..open_end - 2]);
        out.push('>');
    } else {
        out.push_str(&data[..open_end]);
    }
    let inner = if self_closed {
        ""
    } else {
        &data[open_end..data.len() - "</sheetData>".len()]
    };
    let row_spans = spans(inner.as_bytes(), "row");
    let mut at = 0usize;
    for (a, b) in row_spans {
        out.push_str(&inner[at..a]);
        at = b;
        let row = &inner[a..b];
        let tag_end = row.find('>').map_or(row.len(), |i| i + 1);
        let Some(r) = row_number(&row[..tag_end]) else {
            out.push_str(row);
            continue;
        };
        while let Some(&(&pr, cells)) = pending.peek() {
            if pr >= r {
                break;
            }
            out.push_str(&format!("<row r=\"{}\">{cells}</row>", pr + 1));
            pending.next();
        }
        let ours = pending
            .next_if(|(pr, _)| **pr == r)
            .map(|(_, c)| c.as_str());
        let empty = row[..tag_end].ends_with("/>");
        let mut tag = row[..tag_end].to_string();
        let mut body = if empty {
            String::new()
        } else {
            row[tag_end..row.len() - "</row>".len()].to_string()
        };
        if !edit.drop_cols.is_empty() {
            body = drop_cells(&body, edit.drop_cols);
        }
        if ours.is_none() && body.len() == row.len().saturating_sub(tag_end + 6) && !empty {
            out.push_str(row);
            continue;
        }
        if let Some(c) = ours {
            body.push_str(c);
            // `spans` is an optional hint; a stale one is worse than none.
            if let Some(s) = tag.find(" spans=\"") {
                let e = s + 8 + tag[s + 8..].find('"').unwrap_or(0) + 1;
                tag.replace_range(s..e, "");
            }
        }
        if empty && body.is_empty() {
            out.push_str(&tag);
        } else {
            let open = if empty {
                format!("{}>", tag[..tag.len() - 2].trim_end())
            } else {
                tag
            };
            out.push_str(&format!("{open}{body}</row>"));
        }
    }
    out.push_str(&inner[at..]);
    for (pr, cells) in pending {
        out.push_str(&format!("<row r=\"{}\">{cells}</row>", pr + 1));
    }
    out.push_str("</sheetData>");
    out
}

/// A row's cells without those in `drop`.
fn drop_cells(body: &str, drop: &HashSet<u32>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (a, b) in spans(body.as_bytes(), "c") {
        let cell = &body[a..b];
        let tag_end = cell.find('>').map_or(cell.len(), |i| i + 1);
        let mut r = quick_xml::Reader::from_str(&cell[..tag_end]);
        let col = match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => attributes(&e)
                .get("r")
                .and_then(|x| parse_cell(x))
                .map(|p| p.1),
            _ => None,
        };
        out.push_str(&body[at..a]);
        if !col.is_some_and(|c| drop.contains(&c)) {
            out.push_str(cell);
        }
        at = b;
    }
    out.push_str(&body[at..]);
    out
}

/// `<cols>` with ranges clipped out of the added columns (and an earlier
/// run's), and ours appended in column order.
fn patch_cols(xml: &mut String, edit: &SheetEdit) {
    let (first, last) = edit.added;
    let clear = |c: u32| (first..=last).contains(&c) || edit.drop_cols.contains(&c);
    let ours = edit.cols.concat();
    let Some((a, b)) = spans(xml.as_bytes(), "cols").into_iter().next() else {
        if ours.is_empty() {
            return;
        }
        let at = xml.find("<sheetData").unwrap_or(xml.len());
        xml.insert_str(at, &format!("<cols>{ours}</cols>"));
        return;
    };
    let section = xml[a..b].to_string();
    let mut kept = Vec::new();
    for (x, y) in spans(section.as_bytes(), "col") {
        let el = &section[x..y];
        let mut r = quick_xml::Reader::from_str(el);
        let attrs = match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => attributes(&e),
            _ => continue,
        };
        let (Some(min), Some(max)) = (
            attrs.get("min").and_then(|v| v.parse::<u32>().ok()),
            attrs.get("max").and_then(|v| v.parse::<u32>().ok()),
        ) else {
            kept.push((0, el.to_string()));
            continue;
        };
        // 1-based min..=max; split around the cleared columns.
        let mut run: Option<u32> = None;
        for c in min..=max.min(min + 16_384) {
            let keep = !clear(c - 1);
            match (keep, run) {
                (true, None) => run = Some(c),
                (false, Some(s)) => {
                    kept.push((
                        s,
                        set_attr(
                            &set_attr(el, "min", &s.to_string()),
                            "max",
                            &(c - 1).to_string(),
                        ),
                    ));
                    run = None;
                }
                _ => {}
            }
            // A range to the sheet's end past the cleared columns: keep the rest whole.
            if c > last + 1 && keep && run.is_some() {
                break;
            }
        }
        if let Some(s) = run {
            kept.push((
                s,
                set_attr(
                    &set_attr(el, "min", &s.to_string()),
                    "max",
                    &max.to_string(),
                ),
            ));
        }
    }
    for c in edit.cols {
        let min = c
            .split("min=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        kept.push((min, c.clone()));
    }
    kept.sort_by_key(|k| k.0);
    let body: String = kept.into_iter().map(|k| k.1).collect();
    let open_end = section.find('>').map_or(0, |i| i + 1);
    xml.replace_range(a..b, &format!("{}{body}</cols>", &section[..open_end]));
}

/// Inserts `text` before the first of these elements (one pass), else
/// before `</worksheet>`.
fn insert_before(xml: &mut String, before: &[&str], text: &str) {
    let mut reader = quick_xml::Reader::from_str(xml.as_str());
    let mut at = None;
    loop {
        let pos = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if before.contains(&e.local_name().as_ref()) => {
                at = Some(pos);
                break;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let at = at
        .or_else(|| xml.rfind("</worksheet>"))
        .unwrap_or(xml.len());
    xml.insert_str(at, text);
}

/// What follows `conditionalFormatting` in a worksheet (ECMA-376 order).
const AFTER_CF: [&str; 21] = [
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
];

/// Applies the edit to a worksheet part. The part is cut in three: what
/// precedes `sheetData` (dimension, columns), `sheetData`, and what
/// follows (conditional formats, drawings …), so each piece is parsed once.
pub(super) fn patch_sheet(xml: &[u8], edit: &SheetEdit) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(xml).ok()?;
    let start = s.find("<sheetData")?;
    let end = match s[start..].find("</sheetData>") {
        Some(e) => start + e + "</sheetData>".len(),
        None => start + s[start..].find("/>")? + 2,
    };
    let mut head = s[..start].to_string();
    let data = patch_rows(&s[start..end], edit);
    let mut tail = s[end..].to_string();
    // An earlier run's conditional formats.
    for (a, b) in spans(tail.as_bytes(), "conditionalFormatting")
        .into_iter()
        .rev()
    {
        if tail[a..b].contains(CF_MARK) {
            tail.replace_range(a..b, "");
        }
    }
    patch_cols(&mut head, edit);
    if let Some((a, b)) = spans(head.as_bytes(), "dimension").into_iter().next() {
        let el = head[a..b].to_string();
        let r = el
            .split("ref=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or("A1");
        let (r0, c0, r1, c1) = parse_range(r).unwrap_or((0, 0, 0, 0));
        let last_row = edit.cells.keys().next_back().copied().unwrap_or(0).max(r1);
        let range = format!(
            "{}{}:{}{}",
            column_name(c0),
            r0 + 1,
            column_name(c1.max(edit.added.1)),
            last_row + 1
        );
        head.replace_range(a..b, &set_attr(&el, "ref", &range));
    }
    if !edit.marks.is_empty() {
        let max_priority = tail
            .split("priority=\"")
            .skip(1)
            .filter_map(|v| v.split('"').next()?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let cf: String = edit
            .marks
            .iter()
            .enumerate()
            .map(|(i, (sqref, dxf))| {
                format!(
                    "<conditionalFormatting sqref=\"{sqref}\"><cfRule type=\"expression\" dxfId=\"{dxf}\" priority=\"{}\"><formula>{CF_MARK}</formula></cfRule></conditionalFormatting>",
                    max_priority + 1 + i as u32
                )
            })
            .collect();
        insert_before(&mut tail, &AFTER_CF, &cf);
    }
    if let Some(rid) = edit.legacy_rid {
        let el = format!(
            "<legacyDrawing xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"{rid}\"/>"
        );
        insert_before(
            &mut tail,
            &[
                "legacyDrawingHF",
                "drawingHF",
                "picture",
                "oleObjects",
                "controls",
                "webPublishItems",
                "tableParts",
                "extLst",
            ],
            &el,
        );
    }
    Some(format!("{head}{data}{tail}").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit<'a>(
        drop: &'a HashSet<u32>,
        cells: &'a BTreeMap<u32, String>,
        cols: &'a [String],
    ) -> SheetEdit<'a> {
        SheetEdit {
            drop_cols: drop,
            cells,
            cols,
            added: (3, 4),
            marks: &[],
            legacy_rid: None,
        }
    }

    #[test]
    fn adds_cells_in_order_and_drops_an_earlier_runs() {
        let xml = br#"<worksheet><dimension ref="A1:B3"/><cols><col min="1" max="16384" width="9" customWidth="1"/></cols><sheetData><row r="1" spans="1:2"><c r="A1"><v>1</v></c><c r="E1"><v>9</v></c></row><row r="3"><c r="B3"/></row></sheetData><pageMargins/></worksheet>"#;
        let drop: HashSet<u32> = [4].into();
        let cells: BTreeMap<u32, String> = [
            (0, "<c r=\"D1\"/>".to_string()),
            (1, "<c r=\"D2\"/>".to_string()),
            (5, "<c r=\"D6\"/>".to_string()),
        ]
        .into();
        let cols = vec!["<col min=\"4\" max=\"5\" width=\"12\" customWidth=\"1\"/>".to_string()];
        let out =
            String::from_utf8(patch_sheet(xml, &edit(&drop, &cells, &cols)).unwrap()).unwrap();
        assert!(out.contains(r#"<row r="1"><c r="A1"><v>1</v></c><c r="D1"/></row><row r="2"><c r="D2"/></row><row r="3"><c r="B3"/></row><row r="6"><c r="D6"/></row></sheetData>"#), "{out}");
        assert!(out.contains(r#"<col min="1" max="3" width="9" customWidth="1"/><col min="4" max="5" width="12" customWidth="1"/><col min="6" max="16384" width="9" customWidth="1"/>"#), "{out}");
        assert!(out.contains(r#"<dimension ref="A1:E6"/>"#), "{out}");
    }
}
