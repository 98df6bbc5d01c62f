//! The annotated copy built from values, for `.xls` and `.ods` inputs
//! (their styles cannot be carried over), and the cell formats and added
//! columns both paths share.

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook as XlsxBook, Worksheet,
    XlsxError,
};

use super::sheets::{write_findings, write_priorities};
use super::{Added, AnnotateError, added_sheet_names, live, table_first_col};
use crate::analysis::Evaluated;
use crate::catalogue::Lang;
use crate::model::{Field, Portfolio, SheetLayout, Value};
use crate::read::{Sheet, Workbook};
use crate::rules::{Finding, Severity};
use crate::text::display_width;
use crate::write::selfcheck::{SelfCheckSource, base_format, write_selfcheck_over};

/// The annotated copy of a workbook read from `.xls` or `.ods`: every sheet
/// rewritten from its values, the added columns on each portfolio sheet,
/// and the added sheets of each portfolio.
pub(super) fn annotate_values(
    book: &Workbook,
    portfolios: &[Evaluated],
    lang: Lang,
) -> Result<Vec<u8>, AnnotateError> {
    let kept: Vec<&Sheet> = book
        .sheets
        .iter()
        .filter(|s| !super::is_ours(&s.name))
        .collect();
    if let Some(s) = kept.iter().find(|s| s.truncated) {
        return Err(AnnotateError::Truncated(s.name.clone()));
    }
    let mut out = XlsxBook::new();
    // Fast compression: the file is a little larger, written in half the time.
    out.set_zip_compression_level(1);
    let styles = Styles::new(lang);
    for (name, formula) in live::names(lang) {
        out.define_name(name, &formula)?;
    }
    let mut sources: Vec<Vec<SelfCheckSource>> = vec![Vec::new(); portfolios.len()];
    for sheet in &kept {
        let ws = out.add_worksheet();
        ws.set_name(&sheet.name)?;
        if !sheet.visible {
            ws.set_hidden(true);
        }
        // The portfolio (and which of its sheets) this sheet holds.
        let found = portfolios.iter().enumerate().find_map(|(k, ev)| {
            (0..=ev.portfolio.parts.len()).find_map(|part| {
                let (name, layout) = part_of(&ev.portfolio, part)?;
                (name == sheet.name).then_some((k, part, name, layout))
            })
        });
        let Some((k, part, name, layout)) = found else {
            copy_sheet(ws, sheet, &styles, &Plan::none())?;
            continue;
        };
        let ev = &portfolios[k];
        let plan = Plan::new(sheet, ev, layout, lang, part);
        copy_sheet(ws, sheet, &styles, &plan)?;
        let (first_row, last_row) = plan.write_added(ws, ev, &styles)?;
        plan.notes_and_print(ws, ev, &styles)?;
        sources[k].push(plan.source(name, first_row, last_row));
    }
    let mut first_check = None;
    for (k, ev) in portfolios.iter().enumerate() {
        let [check_name, priority_name, findings_name] = added_sheet_names(lang, k);
        let layout = ev
            .portfolio
            .layout
            .as_ref()
            .ok_or(AnnotateError::NoLayout)?;
        if !sources[k].is_empty() {
            write_selfcheck_over(&mut out, &check_name, &sources[k], &ev.figures)?;
            first_check.get_or_insert(check_name.clone());
        }
        let ws = out.add_worksheet();
        ws.set_name(&priority_name)?;
        write_priorities(ws, ev, layout, &styles, lang)?;
        let ws = out.add_worksheet();
        ws.set_name(&findings_name)?;
        write_findings(ws, ev, &styles, lang)?;
        // Marks: a later run finds these sheets as ours, whatever their names.
        for name in [&check_name, &priority_name, &findings_name] {
            let quoted = format!("'{}'", name.replace('\'', "''"));
            out.define_name(
                format!("{quoted}!{}", super::SHEET_MARK),
                &format!("={quoted}!$A$1"),
            )?;
        }
    }
    // The summary is what a reader opening the file should see first.
    if let Some(name) = first_check
        && let Ok(ws) = out.worksheet_from_name(&name)
    {
        ws.set_active(true);
    }
    let mut props = rust_xlsxwriter::DocProperties::new()
        .set_title(lang.pick(
            "X.1060 サービスポートフォリオ (注釈付き)",
            "X.1060 service portfolio (annotated)",
        ))
        .set_comment(concat!("x1060 ", env!("CARGO_PKG_VERSION"), " annotate"));
    if let Some(org) = portfolios
        .iter()
        .find_map(|ev| ev.portfolio.organisation.as_ref())
    {
        props = props.set_company(org);
    }
    out.set_properties(&props);
    Ok(out.save_to_buffer()?)
}

/// Cell formats, made once.
pub(super) struct Styles {
    /// By [`Kind`], fill (none, info, warning, error) and [`Region`].
    cells: HashMap<(Kind, usize, Region), Format>,
    /// The header of an added column.
    added_header: Format,
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) link: Format,
    note_font: &'static str,
    /// Height of one line of text, in points.
    line_height: f64,
}

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    /// As it comes.
    Plain,
    /// Text with line breaks: wrapped.
    Wrap,
    /// A date.
    Date,
    /// A date and time.
    DateTime,
    /// A merged area: wrapped, centred vertically.
    Merged,
    /// A short figure: centred.
    Center,
}

const KINDS: [Kind; 6] = [
    Kind::Plain,
    Kind::Wrap,
    Kind::Date,
    Kind::DateTime,
    Kind::Merged,
    Kind::Center,
];

/// Where a cell of the portfolio sheet sits: the table gets a light grid
/// and a shaded header (the original styles are not carried over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Region {
    /// Outside the portfolio table, or on another sheet.
    Free,
    /// The table's header rows.
    Header,
    /// The table's service rows.
    Body,
}

fn fill_color(sev: Severity) -> Color {
    Color::RGB(crate::write::style::severity_fill(sev))
}

fn fill_index(sev: Option<Severity>) -> usize {
    match sev {
        None => 0,
        Some(Severity::Info) => 1,
        Some(Severity::Warning) => 2,
        Some(Severity::Error) => 3,
    }
}

const GRID: Color = Color::RGB(0xBFBFBF);

impl Styles {
    pub(super) fn new(lang: Lang) -> Styles {
        let base = base_format(lang);
        let date = lang.pick("yyyy/mm/dd", "yyyy-mm-dd");
        let datetime = lang.pick("yyyy/mm/dd hh:mm:ss", "yyyy-mm-dd hh:mm:ss");
        let mut cells = HashMap::new();
        for kind in KINDS {
            let shaped = match kind {
                Kind::Plain => base.clone(),
                Kind::Wrap => base.clone().set_text_wrap(),
                Kind::Date => base.clone().set_num_format(date),
                Kind::DateTime => base.clone().set_num_format(datetime),
                Kind::Merged => base
                    .clone()
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
                Kind::Center => base.clone().set_align(FormatAlign::Center),
            };
            for region in [Region::Free, Region::Header, Region::Body] {
                let placed = match region {
                    Region::Free => shaped.clone(),
                    Region::Header => shaped
                        .clone()
                        .set_bold()
                        .set_text_wrap()
                        .set_align(FormatAlign::Center)
                        .set_align(FormatAlign::VerticalCenter)
                        .set_background_color(Color::RGB(0xD9E1F2))
                        .set_border(FormatBorder::Thin)
                        .set_border_color(GRID),
                    Region::Body => shaped
                        .clone()
                        .set_border(FormatBorder::Thin)
                        .set_border_color(GRID),
                };
                for (i, sev) in [
                    None,
                    Some(Severity::Info),
                    Some(Severity::Warning),
                    Some(Severity::Error),
                ]
                .into_iter()
                .enumerate()
                {
                    let f = match sev {
                        None => placed.clone(),
                        Some(s) => placed.clone().set_background_color(fill_color(s)),
                    };
                    cells.insert((kind, i, region), f);
                }
            }
        }
        Styles {
            cells,
            added_header: base
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x375623))
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_border_color(GRID),
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_font_color(Color::RGB(0x595959)),
            link: base
                .set_border(FormatBorder::Thin)
                .set_border_color(GRID)
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            note_font: lang.pick("Meiryo UI", "Tahoma"),
            line_height: match lang {
                Lang::Ja => 16.5,
                Lang::En => 15.0,
            },
        }
    }

    pub(super) fn get(&self, kind: Kind, sev: Option<Severity>, region: Region) -> &Format {
        &self.cells[&(kind, fill_index(sev), region)]
    }
}

/// What a sheet gets besides its own cells. For the portfolio sheet: the
/// columns to drop, the findings by cell, the table's place and the first
/// added column; for any other sheet, nothing.
pub(super) struct Plan<'a> {
    /// Columns an earlier run added: not copied.
    pub(super) skip_cols: HashSet<u32>,
    /// Findings by cell.
    pub(super) marks: HashMap<(u32, u32), Vec<&'a Finding>>,
    /// The table's header rows, first and last.
    header: (u32, u32),
    /// The table's service rows, first and last (`None`: no service row).
    body: Option<(u32, u32)>,
    /// The table's first column.
    first_col: u32,
    /// First added column.
    pub(super) start: u32,
    /// The stored result of an empty formula result ([`live::Columns::empty`]).
    pub(super) empty: &'static str,
    /// Lines of the tallest text with line breaks, by row.
    row_lines: HashMap<u32, u32>,
    lang: Lang,
    portfolio: bool,
    /// Which sheet of the portfolio this is (0 = its first; a split
    /// portfolio has more, [`crate::model::Portfolio::parts`]).
    pub(super) part: usize,
}

impl<'a> Plan<'a> {
    fn none() -> Plan<'a> {
        Plan {
            skip_cols: HashSet::new(),
            marks: HashMap::new(),
            header: (0, 0),
            body: None,
            first_col: 0,
            start: 0,
            empty: "",
            row_lines: HashMap::new(),
            lang: Lang::En,
            portfolio: false,
            part: 0,
        }
    }

    pub(super) fn new(
        sheet: &Sheet,
        ev: &'a Evaluated,
        layout: &SheetLayout,
        lang: Lang,
        part: usize,
    ) -> Plan<'a> {
        let skip_cols: HashSet<u32> = layout.ours.iter().copied().collect();
        let mut last: Option<u32> = None;
        let mut row_lines: HashMap<u32, u32> = HashMap::new();
        let mut see = |c: u32| {
            if !skip_cols.contains(&c) {
                last = Some(last.map_or(c, |l| l.max(c)));
            }
        };
        for r in 0..sheet.grid.height() {
            for (c, v) in sheet.grid.row(r).iter().enumerate() {
                if !v.is_empty() {
                    see(c as u32);
                }
                if let Value::Text(t) = v {
                    let n = t.lines().count() as u32;
                    if n > 1 && !skip_cols.contains(&(c as u32)) {
                        let e = row_lines.entry(r).or_insert(1);
                        *e = (*e).max(n);
                    }
                }
            }
        }
        for ((_, c), _) in &sheet.formulas {
            see(*c);
        }
        for m in &sheet.merges {
            if !(m.first_col..=m.last_col).any(|c| skip_cols.contains(&c)) {
                see(m.last_col);
            }
        }
        for &(_, c) in &layout.columns {
            see(c);
        }
        let mut first_col = table_first_col(layout);
        // A column left of the table with a header of its own (a category
        // column) belongs to it.
        let header_last = layout.header_row + layout.header_rows.max(1) - 1;
        while first_col > 0
            && (layout.header_row..=header_last)
                .any(|r| !sheet.grid.get(r, first_col - 1).is_empty())
        {
            first_col -= 1;
        }
        let mut marks: HashMap<(u32, u32), Vec<&Finding>> = HashMap::new();
        for f in &ev.findings {
            if f.sheet.as_deref() != Some(sheet.name.as_str()) {
                continue;
            }
            let Some((r, c)) = f.at else { continue };
            // A missing column (X002) is reported on the header row.
            let c = if f.cell.as_deref().is_some_and(|x| x.contains(':')) {
                first_col
            } else {
                c
            };
            marks.entry((r, c)).or_default().push(f);
        }
        let rows = ev
            .portfolio
            .services
            .iter()
            .filter_map(|s| s.origin.as_ref().filter(|o| o.part == part).map(|o| o.row));
        let body = rows.fold(None, |acc: Option<(u32, u32)>, r| {
            Some(acc.map_or((r, r), |(a, b)| (a.min(r), b.max(r))))
        });
        Plan {
            skip_cols,
            marks,
            header: (layout.header_row, header_last),
            body,
            first_col,
            start: last.map_or(0, |l| l + 1),
            empty: "",
            row_lines,
            lang,
            portfolio: true,
            part,
        }
    }

    fn severity(&self, row: u32, col: u32) -> Option<Severity> {
        self.marks
            .get(&(row, col))
            .and_then(|fs| fs.iter().map(|f| f.severity).max())
    }

    /// Where a cell sits (added columns included).
    fn region(&self, row: u32, col: u32) -> Region {
        if !self.portfolio || col < self.first_col || col >= self.start + Added::ALL.len() as u32 {
            return Region::Free;
        }
        if (self.header.0..=self.header.1).contains(&row) {
            return Region::Header;
        }
        match self.body {
            Some((a, b)) if (a..=b).contains(&row) => Region::Body,
            _ => Region::Free,
        }
    }

    /// The column of an added field.
    fn col(&self, a: Added) -> u32 {
        self.start + a.offset()
    }

    /// Writes the added columns (headers, widths, one row per service;
    /// the figures as live formulas over the row's own cells, see
    /// [`live`]); returns the first and last service rows.
    pub(super) fn write_added(
        &self,
        ws: &mut Worksheet,
        ev: &Evaluated,
        styles: &Styles,
    ) -> Result<(u32, u32), XlsxError> {
        let lang = self.lang;
        let p: &Portfolio = &ev.portfolio;
        let (header_first, header_last) = self.header;
        for a in Added::ALL {
            let c = self.col(a) as u16;
            if header_last > header_first {
                ws.merge_range(
                    header_first,
                    c,
                    header_last,
                    c,
                    &a.header(lang),
                    &styles.added_header,
                )?;
            } else {
                ws.write_string_with_format(header_first, c, a.header(lang), &styles.added_header)?;
            }
            ws.set_column_width(c, a.width())?;
        }
        // Blank added cells of the table keep the grid.
        if let Some((first, last)) = self.body {
            for r in first..=last {
                for a in Added::ALL {
                    ws.write_blank(
                        r,
                        self.col(a) as u16,
                        styles.get(Kind::Plain, None, Region::Body),
                    )?;
                }
            }
        }
        let rank: HashMap<usize, u32> = ev
            .figures
            .priorities
            .iter()
            .map(|pr| (pr.index, pr.rank))
            .collect();
        let (sheet_name, layout) = part_of(p, self.part).expect("checked by annotate");
        let by_row = findings_by_row(ev, sheet_name, header_last);
        for (i, (s, parsed)) in p.services.iter().zip(&ev.parsed).enumerate() {
            let Some(row) = s
                .origin
                .as_ref()
                .filter(|o| o.part == self.part)
                .map(|o| o.row)
            else {
                continue;
            };
            let row_findings = by_row.get(&row).map_or(&[][..], Vec::as_slice);
            let worst = row_findings.iter().map(|f| f.severity).max();
            let status_sev = worst.filter(|&s| s > Severity::Info);
            let cols = live::Columns {
                layout,
                first_added: self.start,
                lang,
                empty: self.empty,
            };
            live::write_figures(ws, &cols, row, s, parsed, rank.get(&i).copied(), styles)?;
            let status = match status_sev {
                None => lang.pick("問題なし", "OK"),
                Some(s) => s.label(lang),
            };
            ws.write_string_with_format(
                row,
                self.col(Added::Status) as u16,
                status,
                styles.get(Kind::Center, status_sev, Region::Body),
            )?;
            if !row_findings.is_empty() {
                let text = row_findings
                    .iter()
                    .map(|f| format!("{}: {}", f.rule, f.message(lang)))
                    .collect::<Vec<_>>()
                    .join("\n");
                ws.write_string_with_format(
                    row,
                    self.col(Added::Findings) as u16,
                    text,
                    styles.get(Kind::Wrap, worst, Region::Body),
                )?;
            }
        }
        Ok(self.body.unwrap_or((header_last + 1, header_last + 1)))
    }

    /// Where the self-check formulas read this sheet.
    pub(super) fn source<'s>(
        &self,
        sheet: &'s str,
        first_row: u32,
        last_row: u32,
    ) -> SelfCheckSource<'s> {
        let col = |a: Added| self.col(a) as u16;
        SelfCheckSource {
            sheet,
            first_row,
            last_row,
            category_col: col(Added::Category),
            level_col: col(Added::Level),
            assignment_col: col(Added::Assignment),
            as_is_col: col(Added::AsIs),
            to_be_col: col(Added::ToBe),
            gap_col: col(Added::Gap),
            lang: self.lang,
        }
    }

    /// The notes on flagged cells, row heights, the frozen header, the
    /// filter and the print setup of the rebuilt copy.
    fn notes_and_print(
        &self,
        ws: &mut Worksheet,
        ev: &Evaluated,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        let (header_first, header_last) = self.header;
        for (&(r, c), text) in &notes(&self.marks, lang) {
            let lines: u32 = text
                .lines()
                .map(|l| (display_width(l) as u32).div_ceil(46).max(1))
                .sum();
            let note = Note::new(text)
                .set_author("x1060")
                .add_author_prefix(false)
                .set_font_name(styles.note_font)
                .set_font_size(9)
                .set_width(300)
                .set_height(15 * lines + 10);
            ws.insert_note(r, c as u16, &note)?;
        }
        for (&row, &lines) in &self.row_lines {
            if lines > 1 {
                ws.set_row_height(row, styles.line_height * lines as f64 + 2.0)?;
            }
        }
        let (_, layout) = part_of(&ev.portfolio, self.part).expect("checked by annotate");
        let freeze_col = layout
            .column(Field::Name)
            .or_else(|| layout.column(Field::Id))
            .filter(|&c| c < 4)
            .map_or(0, |c| c + 1);
        ws.set_freeze_panes(header_last + 1, freeze_col as u16)?;
        let (_, last_row) = self.body.unwrap_or((header_last + 1, header_last + 1));
        ws.autofilter(
            header_last,
            self.first_col as u16,
            last_row,
            self.col(Added::Findings) as u16,
        )?;
        ws.set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(header_first, header_last)?;
        ws.set_footer("&C&P / &N");
        Ok(())
    }
}

/// The sheet name and layout of a portfolio's `part`-th sheet (0: its
/// first; a split portfolio has more).
pub(super) fn part_of(p: &Portfolio, part: usize) -> Option<(&str, &SheetLayout)> {
    match part {
        0 => Some((p.sheet.as_str(), p.layout.as_ref()?)),
        n => p.parts.get(n - 1).map(|(s, l)| (s.as_str(), l)),
    }
}

/// The findings of the service rows on one sheet of the portfolio, by row.
pub(super) fn findings_by_row<'e>(
    ev: &'e Evaluated,
    sheet: &str,
    header_last: u32,
) -> HashMap<u32, Vec<&'e Finding>> {
    let mut by_row: HashMap<u32, Vec<&Finding>> = HashMap::new();
    for f in &ev.findings {
        if let (Some((r, _)), Some(s)) = (f.at, f.sheet.as_deref())
            && s == sheet
            && r > header_last
        {
            by_row.entry(r).or_default().push(f);
        }
    }
    by_row
}

/// The note text of every flagged cell, in cell order: one line per
/// finding, `rule severity: message`.
pub(super) fn notes(
    marks: &HashMap<(u32, u32), Vec<&Finding>>,
    lang: Lang,
) -> std::collections::BTreeMap<(u32, u32), String> {
    marks
        .iter()
        .map(|(&k, fs)| {
            let text = fs
                .iter()
                .map(|f| format!("{} {}: {}", f.rule, f.severity.label(lang), f.message(lang)))
                .collect::<Vec<_>>()
                .join("\n");
            (k, text)
        })
        .collect()
}

/// The leftmost column of the portfolio table.
fn copy_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    styles: &Styles,
    plan: &Plan<'_>,
) -> Result<(), XlsxError> {
    // Merged areas: merge_range formats the whole area; the top-left value
    // is written over it, the other cells are left alone.
    let mut covered: HashSet<(u32, u32)> = HashSet::new();
    let mut merged_at: HashMap<(u32, u32), u32> = HashMap::new();
    for m in &sheet.merges {
        if (m.first_col..=m.last_col).any(|c| plan.skip_cols.contains(&c))
            || (m.first_row == m.last_row && m.first_col == m.last_col)
        {
            continue;
        }
        let cells: Vec<(u32, u32)> = (m.first_row..=m.last_row)
            .flat_map(|r| (m.first_col..=m.last_col).map(move |c| (r, c)))
            .collect();
        if cells
            .iter()
            .any(|p| covered.contains(p) || merged_at.contains_key(p))
        {
            continue; // overlapping areas: keep the first
        }
        let (r, c) = (m.first_row, m.first_col);
        let fmt = styles.get(Kind::Merged, plan.severity(r, c), plan.region(r, c));
        if ws
            .merge_range(r, c as u16, m.last_row, m.last_col as u16, "", fmt)
            .is_err()
        {
            continue;
        }
        merged_at.insert((r, c), m.last_col - m.first_col + 1);
        covered.extend(cells.into_iter().skip(1));
    }
    let mut widths: HashMap<u32, usize> = HashMap::new();
    let mut written: HashSet<(u32, u32)> = HashSet::new();
    for r in 0..sheet.grid.height() {
        let line = sheet.grid.row(r);
        let filled = line.iter().filter(|v| !v.is_empty()).count();
        for (c, v) in line.iter().enumerate() {
            let c = c as u32;
            if plan.skip_cols.contains(&c) || covered.contains(&(r, c)) {
                continue;
            }
            if v.is_empty() {
                continue;
            }
            let span = merged_at.get(&(r, c)).copied();
            write_value(ws, (r, c), v, span.is_some(), plan, styles)?;
            written.insert((r, c));
            // A lone cell (a title, a note line) may overflow into empty
            // neighbours, and a merged area spreads over its columns:
            // neither sets a column's width. A header cell wraps.
            let lone = filled == 1 && line.get(c as usize + 1).is_none_or(Value::is_empty);
            if !lone && span.is_none_or(|n| n == 1) {
                let cap = match plan.region(r, c) {
                    Region::Header => 16,
                    _ if span.is_some() => 24,
                    _ => 50,
                };
                let w = display_width(&v.display()).min(cap);
                let e = widths.entry(c).or_default();
                *e = (*e).max(w);
            }
        }
    }
    // The rest of the table: blank cells keep the grid (and a flagged
    // blank cell, a missing score, its fill).
    if plan.portfolio {
        let rows = plan.header.0..=plan.body.map_or(plan.header.1, |(_, b)| b);
        for r in rows {
            for c in plan.first_col..plan.start {
                let p = (r, c);
                if written.contains(&p)
                    || covered.contains(&p)
                    || merged_at.contains_key(&p)
                    || plan.skip_cols.contains(&c)
                {
                    continue;
                }
                let fmt = styles.get(Kind::Plain, plan.severity(r, c), plan.region(r, c));
                ws.write_blank(r, c as u16, fmt)?;
                written.insert(p);
            }
        }
        for &p @ (r, c) in plan.marks.keys() {
            if !written.contains(&p) && !covered.contains(&p) && !merged_at.contains_key(&p) {
                let fmt = styles.get(Kind::Plain, plan.severity(r, c), plan.region(r, c));
                ws.write_blank(r, c as u16, fmt)?;
            }
        }
    }
    for (c, w) in widths {
        if w > 0 && !plan.skip_cols.contains(&c) {
            // A character of display width is about 1.1 Excel width units.
            let width = (w as f64 * 1.1 + 2.0).clamp(5.0, 60.0);
            ws.set_column_width(c as u16, width)?;
        }
    }
    Ok(())
}

/// Writes one copied cell: its value.
fn write_value(
    ws: &mut Worksheet,
    (r, c): (u32, u32),
    v: &Value,
    merged: bool,
    plan: &Plan<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let col = c as u16;
    let kind = match v {
        Value::Date(d) if d.contains('T') => Kind::DateTime,
        Value::Date(_) => Kind::Date,
        _ if merged => Kind::Merged,
        Value::Text(t) if t.contains('\n') => Kind::Wrap,
        _ => Kind::Plain,
    };
    let (sev, region) = (plan.severity(r, c), plan.region(r, c));
    let fmt = styles.get(kind, sev, region);
    match v {
        Value::Empty => {
            ws.write_blank(r, col, fmt)?;
        }
        Value::Bool(b) => {
            ws.write_boolean_with_format(r, col, *b, fmt)?;
        }
        Value::Number(n) => {
            ws.write_number_with_format(r, col, *n, fmt)?;
        }
        Value::Text(t) => {
            // Excel's limit per cell; the reader never gives more from a
            // real workbook.
            let t: String = t.chars().take(32_767).collect();
            ws.write_string_with_format(r, col, t, fmt)?;
        }
        Value::Date(d) => match ExcelDateTime::parse_from_str(d) {
            Ok(x) => {
                ws.write_datetime_with_format(r, col, &x, fmt)?;
            }
            Err(_) => {
                ws.write_string_with_format(r, col, d, styles.get(Kind::Plain, sev, region))?;
            }
        },
    }
    Ok(())
}
