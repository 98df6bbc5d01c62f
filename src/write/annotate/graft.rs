//! Grafting what `rust_xlsxwriter` wrote into the user's package: its cell
//! formats appended to the original styles (the original fonts, fills,
//! borders and formats stay in place and in order), and its cells rewritten
//! to use them, with shared strings made inline (the original shared
//! string table is left as it is).

use std::collections::HashMap;

use crate::read::package::spans;

/// A styles part that could not be extended (an unusual layout, such as a
/// namespace prefix on the elements).
#[derive(Debug)]
pub(super) struct Unsupported(pub String);

/// The original styles with the scratch workbook's appended: the new part
/// and where each scratch cell format and differential format went.
pub(super) struct Merged {
    /// The new `xl/styles.xml`.
    pub xml: Vec<u8>,
    /// Scratch `cellXfs` index → index in the merged part.
    pub xf: Vec<usize>,
    /// Where each wanted extra differential format (`dxfs`) is.
    pub dxf: Vec<usize>,
}

/// The raw children of the first element `local`.
fn items<'a>(xml: &'a str, local: &str) -> Vec<&'a str> {
    let Some((a, b)) = spans(xml.as_bytes(), local).into_iter().next() else {
        return Vec::new();
    };
    let section = &xml[a..b];
    // The children are the elements directly inside: spans of their own name.
    let inner_start = section.find('>').map_or(0, |i| i + 1);
    if section[..inner_start].ends_with("/>") {
        return Vec::new();
    }
    let inner = &section[inner_start..section.rfind("</").unwrap_or(section.len())];
    let child = match local {
        "numFmts" => "numFmt",
        "fonts" => "font",
        "fills" => "fill",
        "borders" => "border",
        "cellXfs" => "xf",
        "dxfs" => "dxf",
        _ => return Vec::new(),
    };
    spans(inner.as_bytes(), child)
        .into_iter()
        .map(|(x, y)| &inner[x..y])
        .collect()
}

/// Sets (or replaces) an attribute on the first start tag of `el`.
pub(super) fn set_attr(el: &str, key: &str, value: &str) -> String {
    let end = el.find(['>']).unwrap_or(el.len());
    let tag_end = if el[..end].ends_with('/') {
        end - 1
    } else {
        end
    };
    let head = &el[..tag_end];
    let pat = format!(" {key}=\"");
    if let Some(at) = head.find(&pat) {
        let vstart = at + pat.len();
        let vend = vstart + head[vstart..].find('"').unwrap_or(0);
        format!("{}{value}{}", &el[..vstart], &el[vend..])
    } else {
        format!("{} {key}=\"{value}\"{}", head, &el[tag_end..])
    }
}

/// Appends `new` children to the section `local` of `xml` (creating it
/// before the first of `before` when absent) and sets its count.
fn append(
    xml: &mut String,
    local: &str,
    new: &[String],
    total: usize,
    before: &[&str],
) -> Result<(), Unsupported> {
    if new.is_empty() {
        return Ok(());
    }
    let joined = new.concat();
    match spans(xml.as_bytes(), local).into_iter().next() {
        Some((a, b)) => {
            let section = xml[a..b].to_string();
            let open_end = section.find('>').ok_or_else(|| Unsupported(local.into()))?;
            let rebuilt = if section[..open_end].ends_with('/') {
                let open = set_attr(
                    &format!("{}>", &section[..open_end - 1]),
                    "count",
                    &total.to_string(),
                );
                format!("{open}{joined}</{local}>")
            } else {
                let close = section
                    .rfind("</")
                    .ok_or_else(|| Unsupported(local.into()))?;
                let open = set_attr(&section[..=open_end], "count", &total.to_string());
                format!(
                    "{open}{}{joined}{}",
                    &section[open_end + 1..close],
                    &section[close..]
                )
            };
            xml.replace_range(a..b, &rebuilt);
        }
        None => {
            let at = before
                .iter()
                .filter_map(|t| xml.find(&format!("<{t}")))
                .min()
                .or_else(|| xml.rfind("</styleSheet>"))
                .ok_or_else(|| Unsupported("styleSheet".into()))?;
            xml.insert_str(
                at,
                &format!("<{local} count=\"{total}\">{joined}</{local}>"),
            );
        }
    }
    Ok(())
}

/// The numeric value of an attribute of a tag.
fn num(tag: &str, key: &str) -> Option<usize> {
    // A plain scan of the start tag (this runs once per cell).
    let open = &tag[..tag.find('>').map_or(tag.len(), |i| i + 1)];
    let pat = format!(" {key}=\"");
    let at = open.find(&pat)? + pat.len();
    open[at..].split('"').next()?.parse().ok()
}

/// Where each new item goes: an identical item already there (the
/// original's, or one an earlier run appended) is reused, any other is
/// appended. Returns the index of each and the items to append.
fn place(existing: &[&str], new: &[String]) -> (Vec<usize>, Vec<String>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, e) in existing.iter().enumerate() {
        index.entry(e).or_insert(i);
    }
    let mut appended: Vec<String> = Vec::new();
    let map = new
        .iter()
        .map(|n| {
            if let Some(&i) = index.get(n.as_str()) {
                return i;
            }
            if let Some(j) = appended.iter().position(|a| a == n) {
                return existing.len() + j;
            }
            appended.push(n.clone());
            existing.len() + appended.len() - 1
        })
        .collect();
    (map, appended)
}

/// Appends the scratch styles to the original's, reusing identical ones,
/// so annotating an annotated workbook adds nothing more.
///
/// `extra_dxfs` are differential formats wanted besides the scratch's;
/// [`Merged::dxf`] says where each went.
pub(super) fn merge_styles(
    original: &[u8],
    scratch: &[u8],
    extra_dxfs: &[String],
) -> Result<Merged, Unsupported> {
    let mut xml =
        String::from_utf8(original.to_vec()).map_err(|_| Unsupported("styles encoding".into()))?;
    if !xml.contains("<styleSheet") {
        return Err(Unsupported(
            "the styles part uses a namespace prefix".into(),
        ));
    }
    let sc = String::from_utf8_lossy(scratch).into_owned();
    let owned =
        |x: &str, l: &str| -> Vec<String> { items(x, l).iter().map(|s| s.to_string()).collect() };
    let (o_fonts, o_fills, o_borders, o_xfs, o_dxfs, o_fmts) = (
        owned(&xml, "fonts"),
        owned(&xml, "fills"),
        owned(&xml, "borders"),
        owned(&xml, "cellXfs"),
        owned(&xml, "dxfs"),
        owned(&xml, "numFmts"),
    );
    // Custom number formats: by format code; new IDs above every ID in use.
    let code = |f: &str| {
        f.split("formatCode=\"")
            .nth(1)
            .and_then(|c| c.split('"').next())
            .map(str::to_string)
    };
    let mut used_max = o_fmts
        .iter()
        .filter_map(|f| num(f, "numFmtId"))
        .max()
        .unwrap_or(163)
        .max(163);
    let mut fmt_map: HashMap<usize, usize> = HashMap::new();
    let mut new_fmts = Vec::new();
    for f in items(&sc, "numFmts") {
        let Some(id) = num(f, "numFmtId") else {
            continue;
        };
        let known = o_fmts
            .iter()
            .chain(&new_fmts)
            .find(|o| code(o) == code(f))
            .and_then(|o| num(o, "numFmtId"));
        let new_id = known.unwrap_or_else(|| {
            used_max += 1;
            new_fmts.push(set_attr(f, "numFmtId", &used_max.to_string()));
            used_max
        });
        fmt_map.insert(id, new_id);
    }
    let (font_map, new_fonts) = place(&refs(&o_fonts), &owned(&sc, "fonts"));
    let (fill_map, new_fills) = place(&refs(&o_fills), &owned(&sc, "fills"));
    let (border_map, new_borders) = place(&refs(&o_borders), &owned(&sc, "borders"));
    let mut wanted_dxfs = owned(&sc, "dxfs");
    let first_extra = wanted_dxfs.len();
    wanted_dxfs.extend(extra_dxfs.iter().cloned());
    let (dxf_map, new_dxfs) = place(&refs(&o_dxfs), &wanted_dxfs);
    let mut sc_xfs = Vec::new();
    for x in items(&sc, "cellXfs") {
        let mut x = x.to_string();
        for (key, map) in [
            ("fontId", &font_map),
            ("fillId", &fill_map),
            ("borderId", &border_map),
        ] {
            if let Some(v) = num(&x, key) {
                x = set_attr(&x, key, &map.get(v).copied().unwrap_or(0).to_string());
            }
        }
        if let Some(v) = num(&x, "numFmtId") {
            x = set_attr(
                &x,
                "numFmtId",
                &fmt_map.get(&v).copied().unwrap_or(v).to_string(),
            );
        }
        sc_xfs.push(set_attr(&x, "xfId", "0"));
    }
    let (xf_map, new_xfs) = place(&refs(&o_xfs), &sc_xfs);
    append(
        &mut xml,
        "numFmts",
        &new_fmts,
        o_fmts.len() + new_fmts.len(),
        &["fonts"],
    )?;
    append(
        &mut xml,
        "fonts",
        &new_fonts,
        o_fonts.len() + new_fonts.len(),
        &["fills"],
    )?;
    append(
        &mut xml,
        "fills",
        &new_fills,
        o_fills.len() + new_fills.len(),
        &["borders"],
    )?;
    append(
        &mut xml,
        "borders",
        &new_borders,
        o_borders.len() + new_borders.len(),
        &["cellStyleXfs", "cellXfs"],
    )?;
    append(
        &mut xml,
        "cellXfs",
        &new_xfs,
        o_xfs.len() + new_xfs.len(),
        &["cellStyles", "dxfs"],
    )?;
    append(
        &mut xml,
        "dxfs",
        &new_dxfs,
        o_dxfs.len() + new_dxfs.len(),
        &["tableStyles", "colors", "extLst"],
    )?;
    Ok(Merged {
        xml: xml.into_bytes(),
        xf: xf_map,
        dxf: dxf_map[first_extra..].to_vec(),
    })
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The shared strings of a scratch workbook, as the inner XML of each `<si>`.
pub(super) fn shared_strings(sst: Option<&[u8]>) -> Vec<String> {
    let Some(sst) = sst else { return Vec::new() };
    let s = String::from_utf8_lossy(sst);
    spans(sst, "si")
        .into_iter()
        .map(|(a, b)| {
            let el = &s[a..b];
            let open = el.find('>').map_or(0, |i| i + 1);
            el[open..el.len().saturating_sub(5)].to_string()
        })
        .collect()
}

/// Rewrites scratch sheet XML for the merged package: every `s="N"` (cells
/// and rows) and `style="N"` (columns) through the xf map, every shared
/// string made inline.
pub(super) fn rewrite_cells(xml: &str, xf: &[usize], sst: &[String]) -> String {
    let mut out = String::with_capacity(xml.len() + xml.len() / 4);
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        let name_end = tag[1..].find([' ', '>', '/']).map_or(tag.len(), |i| i + 1);
        let name = &tag[1..name_end];
        match name {
            "c" | "row" | "col" => {
                let key = if name == "col" { "style" } else { "s" };
                let mut t = tag.to_string();
                if let Some(v) = num(&t, key) {
                    t = set_attr(&t, key, &xf.get(v).copied().unwrap_or(0).to_string());
                }
                if name == "c" && t.contains(" t=\"s\"") && !t.ends_with("/>") {
                    // <c … t="s"><v>N</v></c> → <c … t="inlineStr"><is>…</is></c>
                    let body_end = rest.find("</c>").unwrap_or(rest.len());
                    let body = &rest[end..body_end];
                    let idx: usize = body
                        .trim_start_matches("<v>")
                        .trim_end_matches("</v>")
                        .parse()
                        .unwrap_or(usize::MAX);
                    let inner = sst.get(idx).map_or("<t></t>", String::as_str);
                    out.push_str(&t.replace(" t=\"s\"", " t=\"inlineStr\""));
                    out.push_str("<is>");
                    out.push_str(inner);
                    out.push_str("</is>");
                    rest = &rest[body_end..];
                    continue;
                }
                out.push_str(&t);
                // An empty text result (rust_xlsxwriter would store 0).
                let marker = format!("<v>{}</v>", super::live::EMPTY_RESULT);
                if name == "c"
                    && rest[end..]
                        .find("</c>")
                        .is_some_and(|e| rest[end..end + e].ends_with(&marker))
                {
                    let e = end + rest[end..].find("</c>").unwrap_or(0);
                    out.push_str(&rest[end..e - marker.len()]);
                    out.push_str("<v></v>");
                    rest = &rest[e..];
                    continue;
                }
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_styles_and_keeps_the_originals_in_order() {
        let original = r#"<styleSheet><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill/><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf fontId="0"/><xf fontId="0" numFmtId="14"/></cellXfs></styleSheet>"#;
        let scratch = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0%"/></numFmts><fonts count="2"><font/><font><b/></font></fonts><fills count="2"><fill/><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="1" fillId="1" borderId="0" xfId="0"/></cellXfs><dxfs count="0"/></styleSheet>"#;
        let m = merge_styles(original.as_bytes(), scratch.as_bytes(), &[]).unwrap();
        let xml = String::from_utf8(m.xml).unwrap();
        assert!(
            xml.starts_with(r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164""#),
            "{xml}"
        );
        assert!(
            xml.contains(
                r#"<fonts count="3"><font><sz val="11"/></font><font/><font><b/></font></fonts>"#
            ),
            "{xml}"
        );
        assert!(
            xml.contains(
                r#"<xf fontId="0"/><xf fontId="0" numFmtId="14"/><xf numFmtId="0" fontId="1""#
            ),
            "{xml}"
        );
        // Identical fills and borders are reused, not appended.
        assert!(xml.contains(r#"<fills count="2">"#), "{xml}");
        assert!(xml.contains(r#"<borders count="1">"#), "{xml}");
        assert!(
            xml.contains(r#"<xf numFmtId="164" fontId="2" fillId="0" borderId="0" xfId="0"/>"#),
            "{xml}"
        );
        assert_eq!(m.xf, vec![2, 3]);
        // Merging the same scratch again appends nothing.
        let again = merge_styles(&xml.clone().into_bytes(), scratch.as_bytes(), &[]).unwrap();
        assert_eq!(String::from_utf8(again.xml).unwrap(), xml);
        assert_eq!(again.xf, vec![2, 3]);
    }

    #[test]
    fn makes_strings_inline_and_maps_styles() {
        let sst = shared_strings(Some(
            br#"<sst><si><t>a&amp;b</t></si><si><t>x</t></si></sst>"#,
        ));
        let out = rewrite_cells(
            r#"<row r="1" s="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="0"><v>3</v></c></row>"#,
            &[7, 9],
            &sst,
        );
        assert_eq!(
            out,
            r#"<row r="1" s="9"><c r="A1" s="9" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="B1" s="7"><v>3</v></c></row>"#
        );
    }
}
