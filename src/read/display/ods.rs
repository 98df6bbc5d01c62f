//! The displayed text of `.ods` cells: OpenDocument stores it with the value
//! (`<table:table-cell office:value-type="percentage" office:value="0.6">
//! <text:p>60%</text:p>`), so no format needs rendering — `content.xml` is
//! walked once more, for the wanted cells of one sheet.

use std::collections::HashSet;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use crate::read::package::attribute;

use super::Shared;

/// The `<text:p>` texts of some cells of a sheet (several paragraphs joined
/// by a line break).
pub(super) fn displayed(
    bytes: &Shared,
    sheet: &str,
    cells: &[(u32, u32)],
) -> Vec<((u32, u32), String)> {
    let Some(content) = content_xml(bytes) else {
        return Vec::new();
    };
    cell_texts(&content, sheet, cells)
}

fn content_xml(bytes: &Shared) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).ok()?;
    let mut file = zip.by_name("content.xml").ok()?;
    let mut out = Vec::with_capacity(file.size() as usize);
    file.read_to_end(&mut out).ok()?;
    Some(out)
}

fn repeat(e: &BytesStart<'_>, key: &str) -> u32 {
    attribute(e, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Walks the sheet's rows and cells (repeats counted) and collects the
/// paragraphs of the wanted cells.
fn cell_texts(xml: &[u8], sheet: &str, cells: &[(u32, u32)]) -> Vec<((u32, u32), String)> {
    let wanted: HashSet<(u32, u32)> = cells.iter().copied().collect();
    let last_row = cells.iter().map(|c| c.0).max().unwrap_or(0);
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let (mut in_sheet, mut row, mut col) = (false, 0u32, 0u32);
    // The cell being collected, its paragraphs, and whether inside a <text:p>.
    let mut current: Option<((u32, u32), Vec<String>)> = None;
    let mut in_p = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                in_sheet = attribute(&e, "table:name").as_deref() == Some(sheet);
                row = 0;
            }
            Event::End(e) if e.name().as_ref() == "table:table" && in_sheet => break,
            _ if !in_sheet => {}
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                col = 0;
                // A repeated row is a run of the same (usually empty) row.
                if repeat(&e, "table:number-rows-repeated") > 1 {
                    row += repeat(&e, "table:number-rows-repeated") - 1;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row += 1;
                if row > last_row {
                    break;
                }
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row += repeat(&e, "table:number-rows-repeated");
            }
            Event::Start(e) if is_cell(&e) => {
                let n = repeat(&e, "table:number-columns-repeated");
                if n == 1 && wanted.contains(&(row, col)) {
                    current = Some(((row, col), Vec::new()));
                }
                col += n;
            }
            Event::Empty(e) if is_cell(&e) => {
                col += repeat(&e, "table:number-columns-repeated");
            }
            Event::End(e) if is_cell_end(e.name().as_ref()) => {
                if let Some((at, paragraphs)) = current.take() {
                    out.push((at, paragraphs.join("\n")));
                }
            }
            Event::Start(e) if e.name().as_ref() == "text:p" && current.is_some() => {
                in_p = true;
                if let Some((_, p)) = current.as_mut() {
                    p.push(String::new());
                }
            }
            Event::End(e) if e.name().as_ref() == "text:p" => in_p = false,
            Event::Empty(e) if in_p && e.name().as_ref() == "text:s" => {
                let n = repeat(&e, "text:c") as usize;
                push_text(&mut current, &" ".repeat(n.min(1000)));
            }
            Event::Empty(e) if in_p && e.name().as_ref() == "text:tab" => {
                push_text(&mut current, "\t");
            }
            Event::Text(t) if in_p => push_text(&mut current, &t.xml10_content()),
            Event::GeneralRef(r) if in_p => {
                let c = match r.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = c {
                    push_text(&mut current, &c.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    is_cell_end(e.name().as_ref())
}

fn is_cell_end(name: &str) -> bool {
    name == "table:table-cell" || name == "table:covered-table-cell"
}

fn push_text(current: &mut Option<((u32, u32), Vec<String>)>, text: &str) {
    if let Some((_, p)) = current.as_mut()
        && let Some(last) = p.last_mut()
    {
        last.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_paragraph_of_a_cell_past_repeats() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="Other"><table:table-row><table:table-cell><text:p>no</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="P">
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>
<table:table-cell office:value-type="percentage" office:value="0.6"><text:p>60%</text:p></table:table-cell>
<table:table-cell><text:p>a<text:s text:c="2"/>&amp;b</text:p><text:p>c</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let got = cell_texts(xml, "P", &[(2, 3), (2, 4), (0, 0)]);
        assert_eq!(
            got,
            vec![
                ((2, 3), "60%".to_string()),
                ((2, 4), "a  &b\nc".to_string())
            ]
        );
    }
}
