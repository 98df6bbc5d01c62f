//! The merged areas of `.xlsx` sheets, read straight from the sheet XML of
//! the sheets that have any (calamine would parse every sheet a second time).

use std::collections::HashMap;

use super::{Merge, contains, guard};

/// Which sheets' merged areas to read: calamine finds them by parsing a
/// sheet's XML a second time, so only sheets that have any are asked.
pub(super) enum MergeSheets {
    /// Ask calamine for every sheet's merged areas.
    All,
    /// The merged areas of the sheets that have any, read from their XML.
    Named(HashMap<String, Vec<Merge>>),
}

/// The names of the sheets whose XML holds a merged area, found by byte
/// search (the workbook's sheet list and relationships map names to parts);
/// every sheet when the mapping cannot be read.
pub(super) fn merged_sheets(entries: &guard::Entries) -> MergeSheets {
    let merged: Vec<&str> = entries
        .0
        .iter()
        .filter(|(name, body)| name.starts_with("xl/worksheets/") && contains(body, b"<mergeCell "))
        .map(|(name, _)| name.as_str())
        .collect();
    if merged.is_empty() {
        return MergeSheets::Named(HashMap::new());
    }
    let (Some(book), Some(rels)) = (
        entries.get("xl/workbook.xml"),
        entries.get("xl/_rels/workbook.xml.rels"),
    ) else {
        return MergeSheets::All;
    };
    let (book, rels) = (String::from_utf8_lossy(book), String::from_utf8_lossy(rels));
    let targets: HashMap<String, String> = tags(&rels, "<Relationship ")
        .filter_map(|t| {
            let target = xml_attr(t, "Target")?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((xml_attr(t, "Id")?, path))
        })
        .collect();
    let mut names = HashMap::new();
    for t in tags(&book, "<sheet ") {
        let (Some(name), Some(id)) = (xml_attr(t, "name"), xml_attr(t, ":id")) else {
            return MergeSheets::All;
        };
        match targets.get(&id) {
            Some(path) if merged.contains(&path.as_str()) => {
                let Some(xml) = entries.get(path) else {
                    return MergeSheets::All;
                };
                // Only the tail from the first merged area on is decoded: the
                // cells before it are most of the part, and `<` starts a
                // character, so the slice is whole UTF-8.
                let from = memchr::memmem::find(xml, b"<mergeCell ").unwrap_or(xml.len());
                let xml = String::from_utf8_lossy(&xml[from..]);
                let areas: Option<Vec<Merge>> = tags(&xml, "<mergeCell ")
                    .map(|t| xml_attr(t, "ref").and_then(|r| merge_ref(&r)))
                    .collect();
                let Some(areas) = areas else {
                    return MergeSheets::All;
                };
                names.insert(name, areas);
            }
            Some(_) => {}
            None => return MergeSheets::All,
        }
    }
    MergeSheets::Named(names)
}

/// A merged area from its `A1:C2` reference (a single cell `A1` too).
fn merge_ref(r: &str) -> Option<Merge> {
    let cell = |c: &str| -> Option<(u32, u32)> {
        let letters = c.bytes().take_while(u8::is_ascii_alphabetic).count();
        if letters == 0 || letters > 3 {
            return None;
        }
        let col = c[..letters].bytes().fold(0u32, |n, b| {
            n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
        });
        let row: u32 = c[letters..].parse().ok()?;
        Some((row.checked_sub(1)?, col - 1))
    };
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let ((r0, c0), (r1, c1)) = (cell(a)?, cell(b)?);
    Some(Merge {
        first_row: r0.min(r1),
        first_col: c0.min(c1),
        last_row: r0.max(r1),
        last_col: c0.max(c1),
    })
}

/// The text of each tag starting with `open` (up to its `>`).
fn tags<'a>(xml: &'a str, open: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.match_indices(open)
        .filter_map(move |(i, _)| xml[i..].find('>').map(|end| &xml[i..i + end]))
}

/// An attribute's value in a tag's text (`name="…"`; a key starting with `:`
/// matches any prefix, as `r:id`), XML entities decoded.
fn xml_attr(tag: &str, key: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let eq = rest.find("=\"")?;
        let before = rest[..eq].trim_end();
        let name = before.rsplit([' ', '\t', '\n', '\r']).next().unwrap_or("");
        let value_start = eq + 2;
        let value_end = value_start + rest[value_start..].find('"')?;
        let matches = if key.starts_with(':') {
            name.ends_with(key)
        } else {
            name == key
        };
        if matches {
            let v = &rest[value_start..value_end];
            return Some(
                v.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
        }
        rest = &rest[value_end + 1..];
    }
}
