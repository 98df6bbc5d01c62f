//! Notes on the portfolio sheet, in the user's own comments part.
//!
//! A cell that already has a comment keeps its text and gains ours below
//! it, starting with a line `x1060:` ([`MARK`]); a cell without one gets a
//! new comment by the author `x1060`. A re-run removes everything from the
//! mark on (and a comment that held only ours), then adds the new notes.
//! Each comment needs a shape in the sheet's VML drawing, which is edited
//! the same way.

use std::collections::BTreeMap;

use crate::model::cell_name;
use crate::read::package::{parse_cell, spans};

/// The first line of what annotate adds to a comment.
pub(super) const MARK: &str = "x1060:";

/// XML text escaping.
pub(super) fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// The run that carries our note, in a small bold-less font.
fn run(text: &str, font: &str) -> String {
    format!(
        "<r><rPr><sz val=\"9\"/><rFont val=\"{}\"/></rPr><t xml:space=\"preserve\">{}</t></r>",
        esc(font),
        esc(text)
    )
}

/// A comment's `<text>` with our earlier runs removed; `None` when nothing
/// of the user's is left.
fn strip_ours(text_el: &str) -> Option<String> {
    let open_end = text_el.find('>').map_or(0, |i| i + 1);
    let close = text_el.rfind("</text>").unwrap_or(text_el.len());
    let inner = &text_el[open_end..close];
    let mut cut = None;
    for (a, b) in spans(inner.as_bytes(), "r") {
        let r = &inner[a..b];
        let t = r
            .split("<t")
            .nth(1)
            .and_then(|x| x.split_once('>'))
            .map_or("", |x| x.1);
        if t.trim_start_matches(['\n', '\r']).starts_with(MARK) {
            cut = Some(a);
            break;
        }
    }
    let kept = cut.map_or(inner, |a| &inner[..a]);
    let has_text = kept
        .split("<t")
        .skip(1)
        .filter_map(|x| x.split_once('>'))
        .any(|(head, rest)| !head.ends_with('/') && !rest.starts_with("</t>"));
    has_text.then(|| format!("{}{kept}{}", &text_el[..open_end], &text_el[close..]))
}

/// The edited comments part and VML drawing.
pub(super) struct Edited {
    /// The comments part.
    pub comments: Vec<u8>,
    /// The VML drawing.
    pub vml: Vec<u8>,
}

/// A new comments part.
pub(super) fn empty_comments() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors></authors><commentList></commentList></comments>".into()
}

/// A new VML drawing; `idmap` is unique among the workbook's drawings.
pub(super) fn empty_vml(idmap: u32) -> String {
    format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{idmap}\"/></o:shapelayout>{SHAPETYPE}</xml>"
    )
}

const SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

/// The VML shape of a note at (row, col), hidden until hovered.
fn shape(id: u32, row: u32, col: u32, lines: u32) -> String {
    let h = (lines + 1).min(30);
    format!(
        "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:260pt;height:{}pt;z-index:{id};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>",
        h * 12,
        col + 1,
        row,
        col + 4,
        row + h
    )
}

/// The (row, col) of a VML shape, from its ClientData.
fn shape_cell(el: &str) -> Option<(u32, u32)> {
    let get = |tag: &str| -> Option<u32> {
        el.split(&format!("<x:{tag}>"))
            .nth(1)?
            .split('<')
            .next()?
            .trim()
            .parse()
            .ok()
    };
    Some((get("Row")?, get("Column")?))
}

/// Edits a comments part and its VML drawing: our notes (by cell, text)
/// in, an earlier run's out.
pub(super) fn edit(
    comments: &str,
    vml: &str,
    notes: &BTreeMap<(u32, u32), String>,
    font: &str,
) -> Edited {
    let mut c = comments.to_string();
    // Our author.
    let authors: Vec<String> = spans(c.as_bytes(), "author")
        .into_iter()
        .map(|(a, b)| {
            let el = &c[a..b];
            el[el.find('>').map_or(0, |i| i + 1)..el.rfind('<').unwrap_or(el.len())].to_string()
        })
        .collect();
    let author_id = match authors.iter().position(|a| a == "x1060") {
        Some(i) => i,
        None => {
            let at = c.find("</authors>").unwrap_or(0);
            if at > 0 {
                c.insert_str(at, "<author>x1060</author>");
            } else if let Some(a) = c.find("<authors/>") {
                c.replace_range(a..a + 10, "<authors><author>x1060</author></authors>");
            }
            authors.len()
        }
    };
    let mut removed: Vec<(u32, u32)> = Vec::new();
    let mut present: Vec<(u32, u32)> = Vec::new();
    let list: Vec<(usize, usize)> = spans(c.as_bytes(), "comment");
    for &(a, b) in list.iter().rev() {
        let el = c[a..b].to_string();
        let Some(cell) = el
            .split("ref=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(parse_cell)
        else {
            continue;
        };
        let Some((ta, tb)) = spans(el.as_bytes(), "text").into_iter().next() else {
            continue;
        };
        let stripped = strip_ours(&el[ta..tb]);
        let new_text = match (stripped, notes.get(&cell)) {
            (Some(t), Some(n)) => {
                let close = t.rfind("</text>").unwrap_or(t.len());
                Some(format!(
                    "{}{}{}",
                    &t[..close],
                    run(&format!("\n{MARK}\n{n}"), font),
                    &t[close..]
                ))
            }
            (Some(t), None) => Some(t),
            (None, Some(n)) => Some(format!(
                "<text>{}</text>",
                run(&format!("{MARK}\n{n}"), font)
            )),
            (None, None) => None,
        };
        match new_text {
            Some(t) => {
                let mut el2 = el.clone();
                el2.replace_range(ta..tb, &t);
                c.replace_range(a..b, &el2);
                present.push(cell);
            }
            None => {
                c.replace_range(a..b, "");
                removed.push(cell);
            }
        }
    }
    let mut added = Vec::new();
    let mut new_comments = String::new();
    for (&cell, n) in notes {
        if present.contains(&cell) {
            continue;
        }
        new_comments.push_str(&format!(
            "<comment ref=\"{}\" authorId=\"{author_id}\"><text>{}</text></comment>",
            cell_name(cell.0, cell.1),
            run(&format!("{MARK}\n{n}"), font)
        ));
        added.push((cell, n.lines().count() as u32 + 1));
    }
    if let Some(at) = c.find("</commentList>") {
        c.insert_str(at, &new_comments);
    } else if let Some(at) = c.find("<commentList/>") {
        c.replace_range(
            at..at + 14,
            &format!("<commentList>{new_comments}</commentList>"),
        );
    }
    // The VML: shapes of removed comments out, shapes of new ones in.
    let mut v = vml.to_string();
    for (a, b) in spans(v.as_bytes(), "shape").into_iter().rev() {
        if shape_cell(&v[a..b]).is_some_and(|p| removed.contains(&p)) {
            v.replace_range(a..b, "");
        }
    }
    if !v.contains("_x0000_t202")
        && let Some(at) = v.rfind("</xml>")
    {
        v.insert_str(at, SHAPETYPE);
    }
    let idmap: u32 = v
        .split("data=\"")
        .nth(1)
        .and_then(|x| x.split([',', '"']).next())
        .and_then(|x| x.parse().ok())
        .unwrap_or(1);
    let next = v
        .split("_x0000_s")
        .skip(1)
        .filter_map(|x| x.split('"').next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(idmap * 1024)
        .max(idmap * 1024)
        + 1;
    let mut shapes = String::new();
    for (i, ((r, col), lines)) in added.into_iter().enumerate() {
        shapes.push_str(&shape(next + i as u32, r, col, lines));
    }
    if let Some(at) = v.rfind("</xml>") {
        v.insert_str(at, &shapes);
    }
    Edited {
        comments: c.into_bytes(),
        vml: v.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_users_comment_and_replaces_ours() {
        let comments = r#"<comments><authors><author>Hanako</author></authors><commentList><comment ref="B2" authorId="0"><text><t>check with CISO</t></text></comment></commentList></comments>"#;
        let vml = empty_vml(1);
        let notes: BTreeMap<(u32, u32), String> = [
            ((1, 1), "S001 error: bad".to_string()),
            ((4, 2), "C001".to_string()),
        ]
        .into();
        let once = edit(comments, &vml, &notes, "Calibri");
        let c1 = String::from_utf8(once.comments).unwrap();
        assert!(c1.contains("<t>check with CISO</t><r>"), "{c1}");
        assert!(c1.contains("x1060:\nS001 error: bad"), "{c1}");
        assert!(c1.contains(r#"<comment ref="C5" authorId="1">"#), "{c1}");
        let v1 = String::from_utf8(once.vml).unwrap();
        assert_eq!(v1.matches("<v:shape ").count(), 1, "{v1}");
        // Again with no notes: the user's comment is back as it was, ours gone.
        let twice = edit(&c1, &v1, &BTreeMap::new(), "Calibri");
        let c2 = String::from_utf8(twice.comments).unwrap();
        assert!(
            c2.contains(
                r#"<comment ref="B2" authorId="0"><text><t>check with CISO</t></text></comment>"#
            ),
            "{c2}"
        );
        assert!(!c2.contains("C5") && !c2.contains("S001"), "{c2}");
        assert_eq!(
            String::from_utf8(twice.vml)
                .unwrap()
                .matches("<v:shape ")
                .count(),
            0
        );
    }
}
