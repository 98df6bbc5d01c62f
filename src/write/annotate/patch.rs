//! The in-place edit of an `.xlsx` / `.xlsm` package.
//!
//! What annotate adds is first written with `rust_xlsxwriter` into a
//! scratch workbook (the added cells at their place on a sheet named like
//! the portfolio sheet, then the added sheets with their charts and
//! tables); then that scratch workbook is grafted into the user's package:
//!
//! - parts annotate does not touch are copied byte for byte (the
//!   compressed bytes themselves: `raw_copy_file`);
//! - `xl/styles.xml` gains the scratch formats after the original ones;
//! - each portfolio sheet gains its added cells, column widths, marks on
//!   flagged cells and notes (its comments and VML drawing parts);
//! - `xl/workbook.xml`, its rels and `[Content_Types].xml` gain the added
//!   sheets (and a print area for a portfolio that had none);
//! - what an earlier run added is removed first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Write};

use rust_xlsxwriter::Workbook as XlsxBook;

use super::graft::{merge_styles, rewrite_cells, set_attr, shared_strings};
use super::rebuild::{Plan, Styles, notes, part_of};
use super::sheets::{write_findings, write_priorities};
use super::sheetxml::{SheetEdit, last_column, patch_sheet};
use super::{AnnotateError, SHEET_MARK, added_sheet_names, comments, is_ours, live};
use crate::analysis::Evaluated;
use crate::catalogue::Lang;
use crate::model::column_name;
use crate::read::package::{Package, REL_COMMENTS, REL_VML, Rel, SheetRef, rels_part, spans};
use crate::read::{Limits, Workbook};
use crate::rules::Severity;
use crate::write::selfcheck::write_selfcheck_over;

const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT_SHEET: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

/// Parts being written: changed ones replace the original's, new ones are
/// appended, removed ones left out.
#[derive(Default)]
struct Changes {
    changed: HashMap<String, Vec<u8>>,
    added: Vec<(String, Vec<u8>)>,
    removed: HashSet<String>,
    content_types: Vec<(String, &'static str)>,
}

impl Changes {
    fn exists(&self, pkg: &Package, name: &str) -> bool {
        (pkg.get(name).is_some() && !self.removed.contains(name))
            || self.added.iter().any(|(n, _)| n == name)
    }

    /// An unused part name `{stem}{n}.{ext}`.
    fn fresh(&self, pkg: &Package, stem: &str, ext: &str) -> String {
        (1..)
            .map(|n| format!("{stem}{n}.{ext}"))
            .find(|p| !self.exists(pkg, p))
            .unwrap_or_default()
    }

    fn current<'a>(&'a self, pkg: &'a Package, name: &str) -> Option<&'a [u8]> {
        if self.removed.contains(name) {
            return None;
        }
        self.changed
            .get(name)
            .map(Vec::as_slice)
            .or_else(|| {
                self.added
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, b)| b.as_slice())
            })
            .or_else(|| pkg.get(name))
    }

    fn set(&mut self, pkg: &Package, name: &str, bytes: Vec<u8>) {
        if pkg.get(name).is_some() {
            // A part an earlier run added may come back under its old name.
            self.removed.remove(name);
            self.changed.insert(name.to_string(), bytes);
        } else if let Some(e) = self.added.iter_mut().find(|(n, _)| n == name) {
            e.1 = bytes;
        } else {
            self.added.push((name.to_string(), bytes));
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn unsupported(why: &str) -> AnnotateError {
    AnnotateError::Write(format!("cannot edit this workbook in place: {why}"))
}

/// A relationship target of `to`, relative to the folder of `from`.
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Adds a relationship to a part's rels (creating it); returns its ID.
fn add_rel(ch: &mut Changes, pkg: &Package, part: &str, kind: &str, target_part: &str) -> String {
    let rp = rels_part(part);
    let mut xml = ch.current(pkg, &rp).map(text).unwrap_or_else(|| {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".into()
    });
    let used: HashSet<String> = crate::read::package::elements(xml.as_bytes(), "Relationship")
        .into_iter()
        .filter_map(|a| a.get("Id").cloned())
        .collect();
    let id = (1..)
        .map(|n| format!("rId{n}"))
        .find(|i| !used.contains(i))
        .unwrap_or_default();
    let el = format!(
        "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>",
        relative(part, target_part)
    );
    if let Some(at) = xml.rfind("</Relationships>") {
        xml.insert_str(at, &el);
    }
    ch.set(pkg, &rp, xml.into_bytes());
    id
}

/// Removes a part, its rels and (recursively) the parts they point to.
fn remove_tree(ch: &mut Changes, pkg: &Package, part: &str) {
    if !ch.removed.insert(part.to_string()) {
        return;
    }
    for r in pkg.rels(part) {
        if !r.part.is_empty() && !r.kind.ends_with("/hyperlink") {
            remove_tree(ch, pkg, &r.part);
        }
    }
    ch.removed.insert(rels_part(part));
}

/// Edits the package; see the module documentation.
pub(super) fn annotate_package(
    book: &Workbook,
    portfolios: &[Evaluated],
    lang: Lang,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<u8>, AnnotateError> {
    let pkg = Package::open(bytes, limits).map_err(|e| AnnotateError::Write(e.describe()))?;
    let sheets = pkg.sheets();
    let mut wb = pkg
        .get("xl/workbook.xml")
        .map(text)
        .ok_or_else(|| unsupported("no xl/workbook.xml"))?;
    if !wb.contains("<workbook") {
        return Err(unsupported("the workbook part uses a namespace prefix"));
    }
    let names = spans(wb.as_bytes(), "definedName");
    let local_of = |el: &str| {
        el.split("localSheetId=\"")
            .nth(1)
            .and_then(|v| v.split('"').next()?.parse::<usize>().ok())
    };
    let marked: HashSet<usize> = names
        .iter()
        .map(|&(a, b)| &wb[a..b])
        .filter(|el| el.contains(&format!("name=\"{SHEET_MARK}\"")))
        .filter_map(local_of)
        .collect();
    let old: HashSet<usize> = sheets
        .iter()
        .enumerate()
        .filter(|(i, s)| is_ours(&s.name) || marked.contains(i))
        .map(|(i, _)| i)
        .collect();
    if let Some(s) = book
        .sheets
        .iter()
        .find(|s| s.truncated && !is_ours(&s.name))
    {
        return Err(AnnotateError::Truncated(s.name.clone()));
    }

    // 1. The scratch workbook: added cells, then the added sheets.
    let styles = Styles::new(lang);
    let mut scratch = XlsxBook::new();
    scratch.set_zip_compression_level(1);
    // One plan per sheet of each portfolio (a split portfolio has several),
    // with the index of its portfolio.
    let mut plans = Vec::new();
    let mut owners = Vec::new();
    for (k, ev) in portfolios.iter().enumerate() {
        for part in 0..=ev.portfolio.parts.len() {
            let (name, layout) = part_of(&ev.portfolio, part).ok_or(AnnotateError::NoLayout)?;
            let sref = sheets
                .iter()
                .find(|s| s.name == name)
                .ok_or_else(|| unsupported("the portfolio sheet has no worksheet part"))?;
            let sheet = book
                .sheets
                .iter()
                .find(|s| s.name == name)
                .ok_or(AnnotateError::NoLayout)?;
            let mut plan = Plan::new(sheet, ev, layout, lang, part);
            plan.empty = live::EMPTY_RESULT;
            let xml = pkg
                .get(&sref.part)
                .ok_or_else(|| unsupported("a worksheet part is missing"))?;
            if let Some(last) = last_column(xml, &plan.skip_cols) {
                plan.start = plan.start.max(last + 1);
            }
            let ws = scratch.add_worksheet();
            ws.set_name(&sref.name)?;
            let rows = plan.write_added(ws, ev, &styles)?;
            plans.push((sref.clone(), plan, rows, sheet));
            owners.push(k);
        }
    }
    let taken: HashSet<&str> = sheets
        .iter()
        .enumerate()
        .filter(|(i, _)| !old.contains(i))
        .map(|(_, s)| s.name.as_str())
        .collect();
    let mut added_names = Vec::new();
    for (k, ev) in portfolios.iter().enumerate() {
        let mut names = added_sheet_names(lang, k);
        if taken.contains(names[0].as_str()) {
            names[0] = format!("{} (x1060)", names[0]);
        }
        let srcs: Vec<_> = plans
            .iter()
            .zip(&owners)
            .filter(|(_, o)| **o == k)
            .map(|((sref, plan, (first, last), _), _)| plan.source(&sref.name, *first, *last))
            .collect();
        write_selfcheck_over(&mut scratch, &names[0], &srcs, &ev.figures)?;
        let layout = ev
            .portfolio
            .layout
            .as_ref()
            .ok_or(AnnotateError::NoLayout)?;
        let ws = scratch.add_worksheet();
        ws.set_name(&names[1])?;
        write_priorities(ws, ev, layout, &styles, lang)?;
        let ws = scratch.add_worksheet();
        ws.set_name(&names[2])?;
        write_findings(ws, ev, &styles, lang)?;
        added_names.extend(names);
    }
    let scratch_bytes = scratch.save_to_buffer()?;
    let sc = Package::open(&scratch_bytes, &Limits::default())
        .map_err(|e| AnnotateError::Write(e.describe()))?;
    let sc_sheets = sc.sheets();

    // 2. Styles.
    let mut ch = Changes::default();
    let marks_dxf: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .map(crate::write::style::severity_fill)
        .iter()
        .map(|c| format!("<dxf><fill><patternFill patternType=\"solid\"><bgColor rgb=\"FF{c:06X}\"/></patternFill></fill></dxf>"))
        .collect();
    let merged = merge_styles(
        pkg.get("xl/styles.xml")
            .ok_or_else(|| unsupported("no xl/styles.xml"))?,
        sc.get("xl/styles.xml").unwrap_or_default(),
        &marks_dxf,
    )
    .map_err(|e| unsupported(&e.0))?;
    ch.set(&pkg, "xl/styles.xml", merged.xml.clone());
    let sst = shared_strings(sc.get("xl/sharedStrings.xml"));

    // 3. Remove what an earlier run added.
    let mut wb_rels = text(pkg.get("xl/_rels/workbook.xml.rels").unwrap_or_default());
    for &i in &old {
        let s = &sheets[i];
        remove_tree(&mut ch, &pkg, &s.part);
        remove_el(&mut wb, "sheet", &format!("\"{}\"", s.rid));
        remove_el(&mut wb_rels, "Relationship", &format!("Id=\"{}\"", s.rid));
    }
    for (a, b) in spans(wb.as_bytes(), "definedName").into_iter().rev() {
        if wb[a..b].contains(&format!("name=\"{}", live::NAME_PREFIX)) {
            wb.replace_range(a..b, "");
        }
    }
    renumber_names(&mut wb, &old, sheets.len());
    if !old.is_empty() || plans.iter().any(|p| !p.1.skip_cols.is_empty()) {
        // The calc chain may name cells removed; Excel rebuilds it.
        if let Some(r) = pkg
            .rels("xl/workbook.xml")
            .into_iter()
            .find(|r| r.kind.ends_with("/calcChain"))
        {
            ch.removed.insert(r.part.clone());
            remove_el(&mut wb_rels, "Relationship", &format!("Id=\"{}\"", r.id));
        }
    }

    // 4. The portfolio sheets.
    let kept_index = |i: usize| i - old.iter().filter(|&&o| o < i).count();
    // Print areas first: a re-run keeps them where the first run put them.
    let mut areas = String::new();
    let mut new_names: String = live::names(lang)
        .into_iter()
        .map(|(n, f)| {
            format!(
                "<definedName name=\"{n}\" hidden=\"1\">{}</definedName>",
                comments::esc(&f)
            )
        })
        .collect();
    for (k, (sref, plan, _, sheet)) in plans.iter().enumerate() {
        let sc_xml = text(sc.get(&sc_sheets[k].part).unwrap_or_default());
        let cells = scratch_cells(&sc_xml, &merged.xf, &sst, plan.start);
        let cols_part = sc_xml
            .find("<cols>")
            .and_then(|a| Some(&sc_xml[a..a + sc_xml[a..].find("</cols>")?]))
            .unwrap_or("");
        let cols: Vec<String> = spans(cols_part.as_bytes(), "col")
            .into_iter()
            .map(|(a, b)| rewrite_cells(&cols_part[a..b], &merged.xf, &sst))
            .collect();
        let mut marks: Vec<(String, usize)> = Vec::new();
        for (n, sev) in [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .enumerate()
        {
            let mut cells: Vec<(u32, u32)> = plan
                .marks
                .iter()
                .filter(|(_, fs)| fs.iter().map(|f| f.severity).max() == Some(sev))
                .map(|(&p, _)| p)
                .collect();
            cells.sort_unstable();
            let refs: Vec<String> = cells
                .iter()
                .map(|&(r, c)| crate::model::cell_name(r, c))
                .collect();
            if !refs.is_empty() {
                marks.push((refs.join(" "), merged.dxf[n]));
            }
        }
        let ev = &portfolios[owners[k]];
        let mut all_notes = notes(&plan.marks, lang);
        let (_, layout) = part_of(&ev.portfolio, plan.part).ok_or(AnnotateError::NoLayout)?;
        for (s, parsed) in ev.portfolio.services.iter().zip(&ev.parsed) {
            let Some(o) = s.origin.as_ref().filter(|o| o.part == plan.part) else {
                continue;
            };
            for (cell, value) in live::pinned(s, parsed, layout, o.row, lang) {
                let e = all_notes.entry(cell).or_default();
                if !e.is_empty() {
                    e.push('\n');
                }
                e.push_str(&live::pinned_note(&value, lang));
            }
        }
        let legacy_rid = notes_parts(&mut ch, &pkg, sref, &all_notes, lang)?;
        let edit = SheetEdit {
            drop_cols: &plan.skip_cols,
            cells: &cells,
            cols: &cols,
            added: (plan.start, plan.start + super::Added::ALL.len() as u32 - 1),
            marks: &marks,
            legacy_rid: legacy_rid.as_deref(),
        };
        let xml = patch_sheet(pkg.get(&sref.part).unwrap_or_default(), &edit)
            .ok_or_else(|| unsupported("a worksheet part has no sheetData"))?;
        ch.set(&pkg, &sref.part, xml);
        // Print area: the original's, else the used range before our columns.
        let i = sheets.iter().position(|s| s.name == sref.name).unwrap_or(0);
        let has_area = spans(wb.as_bytes(), "definedName").iter().any(|&(a, b)| {
            let el = &wb[a..b];
            el.contains("name=\"_xlnm.Print_Area\"") && local_of(el) == Some(kept_index(i))
        });
        if !has_area && plan.start > 0 {
            areas.push_str(&format!(
                "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"{}\">{}!$A$1:${}${}</definedName>",
                kept_index(i),
                comments::esc(&quote(&sref.name)),
                column_name(plan.start - 1),
                sheet.grid.height().max(1)
            ));
        }
    }

    // 5. The added sheets.
    let kept_count = sheets.len() - old.len();
    let mut sheet_id = crate::read::package::elements(wb.as_bytes(), "sheet")
        .iter()
        .filter_map(|a| a.get("sheetId")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut sheet_els = String::new();
    let sc_names = text(sc.get("xl/workbook.xml").unwrap_or_default());
    for (j, sref) in sc_sheets.iter().enumerate().skip(plans.len()) {
        let new_index = kept_count + j - plans.len();
        let part = ch.fresh(&pkg, "xl/worksheets/sheet", "xml");
        let xml = rewrite_cells(
            &text(sc.get(&sref.part).unwrap_or_default()),
            &merged.xf,
            &sst,
        );
        ch.set(&pkg, &part, xml.into_bytes());
        ch.content_types.push((part.clone(), CT_SHEET));
        copy_rels(&mut ch, &pkg, &sc, &sref.part, &part);
        sheet_id += 1;
        let rid = {
            let used: HashSet<String> =
                crate::read::package::elements(wb_rels.as_bytes(), "Relationship")
                    .into_iter()
                    .filter_map(|a| a.get("Id").cloned())
                    .collect();
            (1..)
                .map(|n| format!("rId{n}"))
                .find(|i| !used.contains(i))
                .unwrap_or_default()
        };
        wb_rels.insert_str(
            wb_rels.rfind("</Relationships>").unwrap_or(wb_rels.len()),
            &format!(
                "<Relationship Id=\"{rid}\" Type=\"{NS_REL}/worksheet\" Target=\"{}\"/>",
                relative("xl/workbook.xml", &part)
            ),
        );
        sheet_els.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{sheet_id}\" r:id=\"{rid}\"/>",
            comments::esc(&sref.name)
        ));
        new_names.push_str(&format!(
            "<definedName name=\"{SHEET_MARK}\" localSheetId=\"{new_index}\" hidden=\"1\">{}!$A$1</definedName>",
            comments::esc(&quote(&sref.name))
        ));
        // The scratch workbook's own names for this sheet (print titles).
        for (a, b) in spans(sc_names.as_bytes(), "definedName") {
            let el = &sc_names[a..b];
            if local_of(el) == Some(j) {
                new_names.push_str(&set_attr(el, "localSheetId", &new_index.to_string()));
            }
        }
    }
    let _ = added_names;
    let new_names = format!("{areas}{new_names}");
    if !wb.contains("xmlns:r=\"") {
        wb = wb.replacen("<workbook ", &format!("<workbook xmlns:r=\"{NS_REL}\" "), 1);
    }
    let at = wb
        .find("</sheets>")
        .ok_or_else(|| unsupported("no sheets in the workbook part"))?;
    wb.insert_str(at, &sheet_els);
    if let Some(at) = wb.find("</definedNames>") {
        wb.insert_str(at, &new_names);
    } else if !new_names.is_empty() {
        let at = wb.find("</sheets>").map_or(0, |i| i + "</sheets>".len());
        wb.insert_str(at, &format!("<definedNames>{new_names}</definedNames>"));
    }
    ch.set(&pkg, "xl/workbook.xml", wb.into_bytes());
    ch.set(&pkg, "xl/_rels/workbook.xml.rels", wb_rels.into_bytes());
    content_types(&mut ch, &pkg, &sc);
    write_zip(bytes, &ch).map_err(|e| AnnotateError::Write(e.to_string()))
}

/// A sheet name quoted for a formula.
fn quote(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// Removes the first element `local` whose text contains `needle`.
fn remove_el(xml: &mut String, local: &str, needle: &str) {
    if let Some((a, b)) = spans(xml.as_bytes(), local)
        .into_iter()
        .find(|&(a, b)| xml[a..b].contains(needle))
    {
        xml.replace_range(a..b, "");
    }
}

/// Drops the sheet-local names of removed sheets and renumbers the others.
fn renumber_names(wb: &mut String, removed: &HashSet<usize>, count: usize) {
    if removed.is_empty() {
        return;
    }
    let map: HashMap<usize, usize> = (0..count)
        .filter(|i| !removed.contains(i))
        .enumerate()
        .map(|(new, old)| (old, new))
        .collect();
    for (a, b) in spans(wb.as_bytes(), "definedName").into_iter().rev() {
        let el = wb[a..b].to_string();
        let Some(local) = el
            .split("localSheetId=\"")
            .nth(1)
            .and_then(|v| v.split('"').next()?.parse::<usize>().ok())
        else {
            continue;
        };
        match map.get(&local) {
            Some(&n) => wb.replace_range(a..b, &set_attr(&el, "localSheetId", &n.to_string())),
            None => wb.replace_range(a..b, ""),
        }
    }
}

/// The `<c>` elements of each row of a scratch sheet, from column `start` on.
fn scratch_cells(xml: &str, xf: &[usize], sst: &[String], start: u32) -> BTreeMap<u32, String> {
    let mut out = BTreeMap::new();
    for (a, b) in spans(xml.as_bytes(), "row") {
        let row = &xml[a..b];
        let Some(r) = row
            .split("r=\"")
            .nth(1)
            .and_then(|v| v.split('"').next()?.parse::<u32>().ok())
        else {
            continue;
        };
        let mut cells = String::new();
        for (x, y) in spans(row.as_bytes(), "c") {
            let c = &row[x..y];
            let col = c
                .split("r=\"")
                .nth(1)
                .and_then(|v| crate::read::package::parse_cell(v.split('"').next()?))
                .map(|p| p.1);
            if col.is_some_and(|col| col >= start) {
                cells.push_str(&rewrite_cells(c, xf, sst));
            }
        }
        if !cells.is_empty() {
            out.insert(r - 1, cells);
        }
    }
    out
}

/// The comments and VML parts of a portfolio sheet with our notes; returns
/// the relationship ID of a new VML drawing the sheet must reference.
fn notes_parts(
    ch: &mut Changes,
    pkg: &Package,
    sref: &SheetRef,
    notes: &BTreeMap<(u32, u32), String>,
    lang: Lang,
) -> Result<Option<String>, AnnotateError> {
    let rels: Vec<Rel> = pkg.rels(&sref.part);
    let existing = rels.iter().find(|r| r.kind.ends_with(REL_COMMENTS));
    let vml = rels.iter().find(|r| r.kind.ends_with(REL_VML));
    if existing.is_none() && notes.is_empty() {
        return Ok(None);
    }
    let font = crate::write::style::font_name(lang);
    let (c_part, v_part, new_rid) = match (existing, vml) {
        (Some(c), Some(v)) => (c.part.clone(), v.part.clone(), None),
        (None, None) => {
            let c = ch.fresh(pkg, "xl/comments", "xml");
            ch.set(pkg, &c, comments::empty_comments().into_bytes());
            ch.content_types.push((c.clone(), CT_COMMENTS));
            let v = ch.fresh(pkg, "xl/drawings/vmlDrawing", "vml");
            let idmap = pkg
                .parts
                .iter()
                .filter(|(n, _)| n.ends_with(".vml"))
                .filter_map(|(_, b)| {
                    text(b)
                        .split("data=\"")
                        .nth(1)?
                        .split([',', '"'])
                        .next()?
                        .parse::<u32>()
                        .ok()
                })
                .max()
                .unwrap_or(0)
                + 1;
            ch.set(pkg, &v, comments::empty_vml(idmap).into_bytes());
            add_rel(ch, pkg, &sref.part, &format!("{NS_REL}/comments"), &c);
            let rid = add_rel(ch, pkg, &sref.part, &format!("{NS_REL}/vmlDrawing"), &v);
            (c, v, Some(rid))
        }
        _ => {
            return Err(unsupported(
                "a sheet's comments have no drawing (or the reverse)",
            ));
        }
    };
    let c_xml = text(ch.current(pkg, &c_part).unwrap_or_default());
    let v_xml = text(ch.current(pkg, &v_part).unwrap_or_default());
    let edited = comments::edit(&c_xml, &v_xml, notes, font);
    ch.set(pkg, &c_part, edited.comments);
    ch.set(pkg, &v_part, edited.vml);
    Ok(new_rid)
}

/// Copies the parts a scratch part points to (drawings, charts, tables)
/// under fresh names, with its rels rewritten.
fn copy_rels(ch: &mut Changes, pkg: &Package, sc: &Package, from: &str, to: &str) {
    for r in sc.rels(from) {
        if r.part.is_empty() {
            continue;
        }
        let (dir, file) = r.part.rsplit_once('/').unwrap_or(("", &r.part));
        let (stem, ext) = file.rsplit_once('.').unwrap_or((file, "xml"));
        let base = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let new = ch.fresh(pkg, &format!("{dir}/{base}"), ext);
        let mut bytes = sc.get(&r.part).unwrap_or_default().to_vec();
        if r.kind.ends_with("/table") {
            bytes = renumber_table(pkg, ch, &bytes);
        }
        ch.set(pkg, &new, bytes);
        copy_rels(ch, pkg, sc, &r.part, &new);
        let kind = r.kind.clone();
        add_rel_with_id(ch, pkg, to, &kind, &new, &r.id);
    }
}

/// Adds a relationship keeping the scratch part's ID (the part names it).
fn add_rel_with_id(
    ch: &mut Changes,
    pkg: &Package,
    part: &str,
    kind: &str,
    target: &str,
    id: &str,
) {
    let rp = rels_part(part);
    let mut xml = ch.current(pkg, &rp).map(text).unwrap_or_else(|| {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".into()
    });
    let el = format!(
        "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>",
        relative(part, target)
    );
    if let Some(at) = xml.rfind("</Relationships>") {
        xml.insert_str(at, &el);
    }
    ch.set(pkg, &rp, xml.into_bytes());
}

/// A scratch table part with an ID and a name no table of the package uses.
fn renumber_table(pkg: &Package, ch: &Changes, xml: &[u8]) -> Vec<u8> {
    let tables: Vec<String> = pkg
        .parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/tables/") && !ch.removed.contains(n))
        .map(|(_, b)| text(b))
        .chain(
            ch.added
                .iter()
                .filter(|(n, _)| n.starts_with("xl/tables/"))
                .map(|(_, b)| text(b)),
        )
        .collect();
    let attr = |t: &str, k: &str| -> Option<String> {
        Some(
            t.split(&format!(" {k}=\""))
                .nth(1)?
                .split('"')
                .next()?
                .to_string(),
        )
    };
    let max_id = tables
        .iter()
        .filter_map(|t| attr(t, "id")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let names: HashSet<String> = tables.iter().filter_map(|t| attr(t, "name")).collect();
    let s = text(xml);
    let open_end = s
        .find("<table")
        .and_then(|a| s[a..].find('>').map(|e| a + e + 1))
        .unwrap_or(0);
    let start = s.find("<table").unwrap_or(0);
    let mut tag = set_attr(&s[start..open_end], "id", &(max_id + 1).to_string());
    let name = (1..)
        .map(|n| format!("x1060_{n}"))
        .find(|n| !names.contains(n))
        .unwrap_or_default();
    tag = set_attr(&set_attr(&tag, "name", &name), "displayName", &name);
    format!("{}{tag}{}", &s[..start], &s[open_end..]).into_bytes()
}

/// `[Content_Types].xml` with the new parts in and the removed ones out.
fn content_types(ch: &mut Changes, pkg: &Package, sc: &Package) {
    let mut ct = text(pkg.get("[Content_Types].xml").unwrap_or_default());
    for name in ch.removed.clone() {
        remove_el(&mut ct, "Override", &format!("PartName=\"/{name}\""));
    }
    let sc_ct = text(sc.get("[Content_Types].xml").unwrap_or_default());
    let sc_type = |part: &str| -> Option<String> {
        let ext = part.rsplit('.').next()?;
        let dir = part.rsplit_once('/')?.0;
        crate::read::package::elements(sc_ct.as_bytes(), "Override")
            .into_iter()
            .find(|a| {
                a.get("PartName")
                    .is_some_and(|p| p.trim_start_matches('/').starts_with(dir) && p.ends_with(ext))
            })
            .and_then(|a| a.get("ContentType").cloned())
    };
    let mut add = String::new();
    let mut explicit: HashMap<String, &str> = ch.content_types.iter().cloned().collect();
    for (name, _) in &ch.added {
        if name.ends_with(".rels") || name.ends_with(".vml") {
            continue;
        }
        let kind = explicit
            .remove(name)
            .map(str::to_string)
            .or_else(|| sc_type(name));
        if let Some(kind) = kind {
            add.push_str(&format!(
                "<Override PartName=\"/{name}\" ContentType=\"{kind}\"/>"
            ));
        }
    }
    if ch.added.iter().any(|(n, _)| n.ends_with(".vml")) && !ct.contains("Extension=\"vml\"") {
        add.push_str(&format!(
            "<Default Extension=\"vml\" ContentType=\"{CT_VML}\"/>"
        ));
    }
    if let Some(at) = ct.rfind("</Types>") {
        ct.insert_str(at, &add);
    }
    ch.set(pkg, "[Content_Types].xml", ct.into_bytes());
}

/// The new package: the original's entries in order (unchanged ones copied
/// raw, changed ones rewritten, removed ones left out), then the new ones.
fn write_zip(original: &[u8], ch: &Changes) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(original))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(original.len() * 2)));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(3));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        let name = entry.name()?.to_string();
        if ch.removed.contains(&name) {
            continue;
        }
        if let Some(bytes) = ch.changed.get(&name) {
            drop(entry);
            out.start_file(name, opts)?;
            out.write_all(bytes)?;
        } else {
            out.raw_copy_file(entry)?;
        }
    }
    for (name, bytes) in &ch.added {
        out.start_file(name.as_str(), opts)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn relative_targets() {
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/drawing2.xml"),
            "../drawings/drawing2.xml"
        );
        assert_eq!(
            relative("xl/workbook.xml", "xl/worksheets/sheet9.xml"),
            "worksheets/sheet9.xml"
        );
        assert_eq!(
            relative("xl/drawings/drawing1.xml", "xl/charts/chart3.xml"),
            "../charts/chart3.xml"
        );
    }
}
