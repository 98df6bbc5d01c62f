//! Rewriting the XML of a saved workbook: formula cells without a stored
//! result, or with an empty-string one (what some writers leave).

use std::io::{Cursor, Read, Write};

/// Rewrites an xlsx so the formula cells named in `cells` (on `sheet_file`)
/// carry no stored result: their `<v>` element and result type are removed.
pub fn strip_results(bytes: &[u8], sheet_file: &str, cells: &[String]) -> Vec<u8> {
    rewrite_sheet(bytes, sheet_file, |xml| {
        cells.iter().fold(xml, |x, c| strip_cell(&x, c))
    })
}

/// Rewrites one XML entry of an xlsx.
pub fn rewrite_sheet(
    bytes: &[u8],
    sheet_file: &str,
    edit: impl FnOnce(String) -> String,
) -> Vec<u8> {
    let mut edit = Some(edit);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("an entry");
        let name = file.name().expect("an entry name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("an entry's data");
        if name == sheet_file {
            let xml = String::from_utf8(data).expect("UTF-8 XML");
            let edit = edit.take().expect("one sheet entry");
            data = edit(xml).into_bytes();
        }
        out.start_file(name, options).expect("a new entry");
        out.write_all(&data).expect("entry data");
    }
    out.finish().expect("the zip is finished").into_inner()
}

/// The `(start, end)` byte range of a cell's `<c …>…</c>` element.
pub fn cell_span(xml: &str, cell: &str) -> (usize, usize) {
    let open = format!("<c r=\"{cell}\"");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no cell {cell} in the sheet XML"));
    let end = start + xml[start..].find("</c>").expect("a closed cell") + "</c>".len();
    (start, end)
}

/// Rewrites a formula cell so its stored result is the empty string.
pub fn empty_string_cell(xml: &str, cell: &str) -> String {
    let (start, end) = cell_span(xml, cell);
    let c = &xml[start..end];
    let f0 = c.find("<f>").expect("a formula");
    let f1 = c.find("</f>").expect("a formula") + "</f>".len();
    format!(
        "{}<c r=\"{cell}\" t=\"str\">{}<v></v></c>{}",
        &xml[..start],
        &c[f0..f1],
        &xml[end..]
    )
}

pub fn strip_cell(xml: &str, cell: &str) -> String {
    let (start, end) = cell_span(xml, cell);
    let mut c = xml[start..end].to_string();
    assert!(c.contains("<f>"), "{cell} holds no formula: {c}");
    if let (Some(v0), Some(v1)) = (c.find("<v>"), c.find("</v>")) {
        c.replace_range(v0..v1 + "</v>".len(), "");
    }
    for t in [" t=\"str\"", " t=\"b\"", " t=\"e\""] {
        c = c.replace(t, "");
    }
    format!("{}{}{}", &xml[..start], c, &xml[end..])
}
