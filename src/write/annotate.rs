//! The annotated workbook of `x1060 annotate` (WORKBOOKS.md → Annotated
//! workbook): the user's workbook rewritten value for value, with
//!
//! - columns added to the right of the portfolio (normalised level,
//!   assignment, party, scores, gap, priority, status, findings), headed
//!   `x1060: …` so the reader ignores them and a re-run replaces them;
//! - every cell with a finding filled by severity, with a note;
//! - the sheets `x1060 自己診断` / `x1060 Self-check` (live formulas over the
//!   added columns, see [`super::selfcheck`]), `x1060 優先順位` /
//!   `x1060 Priorities` and `x1060 指摘` / `x1060 Findings`.
//!
//! Sheets an earlier run added (names starting with
//! [`OURS_SHEET_PREFIX`]) and its columns ([`SheetLayout::ours`]) are
//! dropped, so annotating an annotated workbook never stacks a second set.
//!
//! What the reader keeps is what is written back: values, formulas with
//! their stored results (for `.xlsx` inputs), merged areas and hidden
//! sheets. Cell styles, number formats, data validations, defined names and
//! pictures of the original are not carried over.

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Table, TableColumn,
    TableStyle, Url, Workbook as XlsxBook, Worksheet, XlsxError,
};

use crate::analysis::Evaluated;
use crate::catalogue::{Lang, Level, catalogue};
use crate::model::{Field, Parse, Parsed, Portfolio, SheetLayout, Value, cell_name};
use crate::read::locate::{OURS_PREFIX, OURS_SHEET_PREFIX};
use crate::read::{Format as InputFormat, Sheet, Workbook};
use crate::rules::{Finding, Severity};
use crate::text::{Score, display_width};
use crate::write::selfcheck::{SelfCheckSource, base_format, write_selfcheck};

/// The columns `annotate` adds to the portfolio sheet, in sheet order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The category letter the service counts in.
    Category,
    /// The recommendation level, normalised.
    Level,
    /// The assignment type, normalised.
    Assignment,
    /// The parties named, joined.
    Party,
    /// The As-Is score as a number (or N/A).
    AsIs,
    /// The To-Be score as a number (or N/A).
    ToBe,
    /// To-Be − As-Is, a live formula.
    Gap,
    /// The rank in the priority list.
    Priority,
    /// OK / warning / error for the row.
    Status,
    /// The row's findings in words.
    Findings,
}

impl Added {
    /// Every added column, in sheet order.
    pub const ALL: [Added; 10] = [
        Added::Category,
        Added::Level,
        Added::Assignment,
        Added::Party,
        Added::AsIs,
        Added::ToBe,
        Added::Gap,
        Added::Priority,
        Added::Status,
        Added::Findings,
    ];

    /// The header text, `x1060:` and the label on a second line (the
    /// prefix marks the column as ours; the reader folds the line break to
    /// a space).
    pub fn header(self, lang: Lang) -> String {
        let label = match self {
            Added::Category => lang.pick("カテゴリ", "category"),
            Added::Level => lang.pick("推奨レベル", "level"),
            Added::Assignment => lang.pick("割り当て", "assignment"),
            Added::Party => lang.pick("担当/委託先", "team / contractor"),
            Added::AsIs => lang.pick("現状", "As-Is"),
            Added::ToBe => lang.pick("あるべき姿", "To-Be"),
            Added::Gap => lang.pick("ギャップ", "gap"),
            Added::Priority => lang.pick("優先順位", "priority"),
            Added::Status => lang.pick("判定", "status"),
            Added::Findings => lang.pick("指摘", "findings"),
        };
        format!("{OURS_PREFIX}\n{label}")
    }

    /// Column width in characters.
    fn width(self) -> f64 {
        match self {
            Added::Category => 9.0,
            Added::Level | Added::Assignment => 13.0,
            Added::Party => 30.0,
            Added::AsIs | Added::ToBe => 10.0,
            Added::Gap | Added::Priority | Added::Status => 9.0,
            Added::Findings => 70.0,
        }
    }

    /// Lines a text takes in this column, wrapped.
    fn lines(self, text: &str) -> u32 {
        let per_line = (self.width() as usize).max(1);
        text.lines()
            .map(|l| display_width(l).div_ceil(per_line).max(1) as u32)
            .sum()
    }

    /// The 0-based index among the added columns.
    fn offset(self) -> u32 {
        Added::ALL.iter().position(|&a| a == self).unwrap_or(0) as u32
    }
}

/// The names of the sheets `annotate` adds, in the order they are added.
pub fn added_sheet_names(lang: Lang) -> [String; 3] {
    [
        format!("{OURS_SHEET_PREFIX}{}", lang.pick("自己診断", "Self-check")),
        format!("{OURS_SHEET_PREFIX}{}", lang.pick("優先順位", "Priorities")),
        format!("{OURS_SHEET_PREFIX}{}", lang.pick("指摘", "Findings")),
    ]
}

/// Why a workbook cannot be annotated without losing something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnotateError {
    /// A sheet was larger than the read limits, so rows or columns were not read.
    #[error(
        "sheet '{0}' is larger than the read limits, so part of it was not read and would be lost; split the sheet, or check the part of it that holds the portfolio with `x1060 check`"
    )]
    Truncated(String),
    /// The portfolio has no place on a sheet (it was read from JSON).
    #[error("the portfolio was not read from a workbook sheet; annotate the workbook itself")]
    NoLayout,
    /// The portfolio sheet's name marks it as a sheet `annotate` adds.
    #[error(
        "the portfolio sheet '{0}' has a name starting with '{OURS_SHEET_PREFIX}', which marks the sheets annotate adds and replaces; rename the sheet"
    )]
    OursName(String),
    /// The spreadsheet writer refused something.
    #[error("cannot write the annotated workbook ({0})")]
    Write(String),
}

impl From<XlsxError> for AnnotateError {
    fn from(e: XlsxError) -> Self {
        AnnotateError::Write(e.to_string())
    }
}

/// Writes the annotated workbook of `book` (read with
/// [`ReadOptions::formulas`](crate::read::ReadOptions)) and its evaluated
/// portfolio, and returns the `.xlsx` bytes.
///
/// `extras` are what the reader does not keep of the original `.xlsx`
/// ([`original_extras`]); an empty map writes the copy without them.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio, ReadOptions};
/// use x1060::analysis::Evaluated;
/// use x1060::write::annotate::{annotate, original_extras};
/// let opts = ReadOptions { formulas: true, ..Default::default() };
/// let book = read_workbook("portfolio.xlsx".as_ref(), &opts)?;
/// let ev = Evaluated::of(find_portfolio(&book, None).expect("a portfolio"));
/// let extras = original_extras(&std::fs::read("portfolio.xlsx")?, &opts.limits);
/// let bytes = annotate(&book, &ev, x1060::catalogue::Lang::En, &extras)?;
/// std::fs::write("portfolio.annotated.xlsx", bytes)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn annotate(
    book: &Workbook,
    ev: &Evaluated,
    lang: Lang,
    extras: &HashMap<String, SheetExtras>,
) -> Result<Vec<u8>, AnnotateError> {
    let layout = ev
        .portfolio
        .layout
        .as_ref()
        .ok_or(AnnotateError::NoLayout)?;
    let kept: Vec<&Sheet> = book
        .sheets
        .iter()
        .filter(|s| !s.name.starts_with(OURS_SHEET_PREFIX))
        .collect();
    if ev.portfolio.sheet.starts_with(OURS_SHEET_PREFIX) {
        return Err(AnnotateError::OursName(ev.portfolio.sheet.clone()));
    }
    if let Some(s) = kept.iter().find(|s| s.truncated) {
        return Err(AnnotateError::Truncated(s.name.clone()));
    }
    let mut out = XlsxBook::new();
    // Fast compression: the file is a little larger, written in half the time.
    out.set_zip_compression_level(1);
    let styles = Styles::new(lang);
    let formulas = book.format == InputFormat::Xlsx;
    let mut source = None;
    // Formulas with no stored result, by 1-based sheet number: written with
    // an empty result, which is removed from the file at the end.
    let mut no_result: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, sheet) in kept.iter().enumerate() {
        if formulas {
            let mut refs: Vec<String> = sheet
                .formulas
                .iter()
                .map(|(p, _)| *p)
                .filter(|p| sheet.uncached.contains(p))
                .map(|(r, c)| cell_name(r, c))
                .collect();
            if !refs.is_empty() {
                refs.sort();
                no_result.push((i + 1, refs));
            }
        }
        let ws = out.add_worksheet();
        ws.set_name(&sheet.name)?;
        if !sheet.visible {
            ws.set_hidden(true);
        }
        if sheet.name == ev.portfolio.sheet {
            let plan = Plan::new(sheet, ev, layout, lang);
            copy_sheet(ws, sheet, &styles, formulas, &plan)?;
            if let Some(x) = extras.get(&sheet.name) {
                apply_extras(ws, x, &plan.skip_cols, plan.start, false)?;
            }
            let (first_row, last_row) = plan.annotate(ws, ev, &styles)?;
            let col = |a: Added| plan.col(a) as u16;
            source = Some(SelfCheckSource {
                sheet: &ev.portfolio.sheet,
                first_row,
                last_row,
                category_col: col(Added::Category),
                level_col: col(Added::Level),
                assignment_col: col(Added::Assignment),
                as_is_col: col(Added::AsIs),
                to_be_col: col(Added::ToBe),
                gap_col: col(Added::Gap),
                lang,
            });
        } else {
            copy_sheet(ws, sheet, &styles, formulas, &Plan::none())?;
            if let Some(x) = extras.get(&sheet.name) {
                apply_extras(ws, x, &HashSet::new(), u32::MAX, true)?;
            }
        }
    }
    let [check_name, priority_name, findings_name] = added_sheet_names(lang);
    if let Some(src) = &source {
        write_selfcheck(&mut out, &check_name, src, &ev.figures)?;
    }
    let ws = out.add_worksheet();
    ws.set_name(&priority_name)?;
    write_priorities(ws, ev, layout, &styles, lang)?;
    let ws = out.add_worksheet();
    ws.set_name(&findings_name)?;
    write_findings(ws, ev, &styles, lang)?;
    // The summary is what a reader opening the file should see first.
    if let Ok(ws) = out.worksheet_from_name(&check_name) {
        ws.set_active(true);
    }
    let mut props = rust_xlsxwriter::DocProperties::new()
        .set_title(lang.pick(
            "X.1060 サービスポートフォリオ (注釈付き)",
            "X.1060 service portfolio (annotated)",
        ))
        .set_comment(concat!("x1060 ", env!("CARGO_PKG_VERSION"), " annotate"));
    if let Some(org) = &ev.portfolio.organisation {
        props = props.set_company(org);
    }
    out.set_properties(&props);
    let bytes = out.save_to_buffer()?;
    if no_result.is_empty() {
        Ok(bytes)
    } else {
        drop_results(&bytes, &no_result).map_err(|e| AnnotateError::Write(e.to_string()))
    }
}

/// Removes the stored result of formulas that had none in the original
/// (the writer always stores one), so they stay "no stored result" (X008)
/// rather than becoming an empty text. `cells` are A1 references by 1-based
/// sheet number.
fn drop_results(bytes: &[u8], cells: &[(usize, Vec<String>)]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name()?.to_string();
        let refs = cells
            .iter()
            .find(|(n, _)| name == format!("xl/worksheets/sheet{n}.xml"))
            .map(|(_, r)| r);
        let Some(refs) = refs else {
            out.raw_copy_file(archive.by_index_raw(i)?)?;
            continue;
        };
        let mut xml = String::new();
        archive.by_index(i)?.read_to_string(&mut xml)?;
        for r in refs {
            let Some(at) = xml.find(&format!("<c r=\"{r}\"")) else {
                continue;
            };
            let Some(len) = xml[at..].find("</c>") else {
                continue;
            };
            let cell = &xml[at..at + len];
            if cell.contains("<f>") {
                let bare = cell
                    .replacen(" t=\"str\"", "", 1)
                    .replacen("<v></v>", "", 1);
                xml.replace_range(at..at + len, &bare);
            }
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        out.start_file(name, opts)?;
        out.write_all(xml.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// Cell formats, made once.
struct Styles {
    /// By [`Kind`], fill (none, info, warning, error) and [`Region`].
    cells: HashMap<(Kind, usize, Region), Format>,
    /// The header of an added column.
    added_header: Format,
    title: Format,
    subtitle: Format,
    link: Format,
    note_font: &'static str,
    /// Height of one line of text, in points.
    line_height: f64,
}

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
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
enum Region {
    /// Outside the portfolio table, or on another sheet.
    Free,
    /// The table's header rows.
    Header,
    /// The table's service rows.
    Body,
}

fn fill_color(sev: Severity) -> Color {
    match sev {
        Severity::Error => Color::RGB(0xFFC7CE),
        Severity::Warning => Color::RGB(0xFFE699),
        Severity::Info => Color::RGB(0xDDEBF7),
    }
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
    fn new(lang: Lang) -> Styles {
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

    fn get(&self, kind: Kind, sev: Option<Severity>, region: Region) -> &Format {
        &self.cells[&(kind, fill_index(sev), region)]
    }
}

/// What a sheet gets besides its own cells. For the portfolio sheet: the
/// columns to drop, the findings by cell, the table's place and the first
/// added column; for any other sheet, nothing.
struct Plan<'a> {
    /// Columns an earlier run added: not copied.
    skip_cols: HashSet<u32>,
    /// Findings by cell.
    marks: HashMap<(u32, u32), Vec<&'a Finding>>,
    /// The table's header rows, first and last.
    header: (u32, u32),
    /// The table's service rows, first and last (`None`: no service row).
    body: Option<(u32, u32)>,
    /// The table's first column.
    first_col: u32,
    /// First added column.
    start: u32,
    /// Lines of the tallest text with line breaks, by row.
    row_lines: HashMap<u32, u32>,
    lang: Lang,
    portfolio: bool,
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
            row_lines: HashMap::new(),
            lang: Lang::En,
            portfolio: false,
        }
    }

    fn new(sheet: &Sheet, ev: &'a Evaluated, layout: &SheetLayout, lang: Lang) -> Plan<'a> {
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
            .filter_map(|s| s.origin.as_ref().map(|o| o.row));
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
            row_lines,
            lang,
            portfolio: true,
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

    /// Writes the added columns, the notes, the filter, the frozen header
    /// and the print setup; returns the first and last service rows.
    fn annotate(
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
        if header_last == header_first {
            ws.set_row_height(header_first, 30)?;
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
        let mut by_row: HashMap<u32, Vec<&Finding>> = HashMap::new();
        for f in &ev.findings {
            if let (Some((r, _)), Some(s)) = (f.at, f.sheet.as_deref())
                && s == p.sheet
                && r > header_last
            {
                by_row.entry(r).or_default().push(f);
            }
        }
        for (i, (s, parsed)) in p.services.iter().zip(&ev.parsed).enumerate() {
            let Some(row) = s.origin.as_ref().map(|o| o.row) else {
                continue;
            };
            let row_findings = by_row.get(&row).map_or(&[][..], Vec::as_slice);
            let worst = row_findings.iter().map(|f| f.severity).max();
            let status_sev = worst.filter(|&s| s > Severity::Info);
            self.write_figures(ws, row, parsed, rank.get(&i).copied(), styles)?;
            let status = match status_sev {
                None => "OK",
                Some(s) => severity_word(s, lang),
            };
            ws.write_string_with_format(
                row,
                self.col(Added::Status) as u16,
                status,
                styles.get(Kind::Center, status_sev, Region::Body),
            )?;
            let mut lines = Added::Party.lines(&parsed.parties.joined());
            if !row_findings.is_empty() {
                let text = row_findings
                    .iter()
                    .map(|f| format!("{}: {}", f.rule, f.message(lang)))
                    .collect::<Vec<_>>()
                    .join("\n");
                lines = lines.max(Added::Findings.lines(&text));
                ws.write_string_with_format(
                    row,
                    self.col(Added::Findings) as u16,
                    text,
                    styles.get(Kind::Wrap, worst, Region::Body),
                )?;
            }
            lines = lines.max(self.row_lines.get(&row).copied().unwrap_or(1));
            if lines > 1 {
                ws.set_row_height(row, styles.line_height * lines as f64 + 2.0)?;
            }
        }
        // A note on every flagged cell.
        let mut cells: Vec<_> = self.marks.iter().collect();
        cells.sort_by_key(|(k, _)| **k);
        for (&(r, c), fs) in cells {
            let text = fs
                .iter()
                .map(|f| {
                    format!(
                        "{} {}: {}",
                        f.rule,
                        severity_word(f.severity, lang),
                        f.message(lang)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
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
        let layout = p.layout.as_ref().expect("checked by annotate");
        let freeze_col = layout
            .column(Field::Name)
            .or_else(|| layout.column(Field::Id))
            .filter(|&c| c < 4)
            .map_or(0, |c| c + 1);
        ws.set_freeze_panes(header_last + 1, freeze_col as u16)?;
        let (first_row, last_row) = self.body.unwrap_or((header_last + 1, header_last + 1));
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
        Ok((first_row, last_row))
    }

    /// The figure columns of one service row (blank without a usable ID).
    fn write_figures(
        &self,
        ws: &mut Worksheet,
        row: u32,
        parsed: &Parsed,
        rank: Option<u32>,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        let Some(letter) = parsed.category.filter(|_| parsed.id.is_some()) else {
            return Ok(());
        };
        let col = |a: Added| self.col(a) as u16;
        let plain = styles.get(Kind::Plain, None, Region::Body);
        let center = styles.get(Kind::Center, None, Region::Body);
        ws.write_string_with_format(row, col(Added::Category), letter.to_string(), center)?;
        if let Parse::Value(l) = parsed.level {
            ws.write_string_with_format(row, col(Added::Level), l.word(lang), plain)?;
        }
        if let Parse::Value(a) = parsed.assignment {
            ws.write_string_with_format(row, col(Added::Assignment), a.word(lang), plain)?;
        }
        let party = parsed.parties.joined();
        if !party.is_empty() {
            let wrap = styles.get(Kind::Wrap, None, Region::Body);
            ws.write_string_with_format(row, col(Added::Party), party, wrap)?;
        }
        for (a, score) in [(Added::AsIs, parsed.as_is), (Added::ToBe, parsed.to_be)] {
            match score {
                Score::Value(v) => {
                    ws.write_number_with_format(row, col(a), v as f64, center)?;
                }
                Score::NotApplicable => {
                    ws.write_string_with_format(row, col(a), "N/A", center)?;
                }
                Score::Missing | Score::Invalid => {}
            }
        }
        // RULES.md leaves Unnecessary services out of every figure.
        if parsed.level.value() != Some(Level::Unnecessary) {
            let (a, t) = (
                cell_name(row, self.col(Added::AsIs)),
                cell_name(row, self.col(Added::ToBe)),
            );
            let formula = format!("=IF(AND(ISNUMBER({a}),ISNUMBER({t})),{t}-{a},\"\")");
            let cached = parsed.gap().map_or(String::new(), |g| g.to_string());
            ws.write_formula_with_format(row, col(Added::Gap), Formula::new(formula), center)?;
            ws.set_formula_result(row, col(Added::Gap), cached);
        }
        if let Some(r) = rank {
            ws.write_number_with_format(row, col(Added::Priority), r as f64, center)?;
        }
        Ok(())
    }
}

/// The leftmost column of the portfolio table.
fn table_first_col(layout: &SheetLayout) -> u32 {
    layout
        .columns
        .iter()
        .map(|&(_, c)| c)
        .chain(layout.extra.iter().copied())
        .min()
        .unwrap_or(0)
}

/// The severity in words.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("エラー", "error"),
        Severity::Warning => lang.pick("警告", "warning"),
        Severity::Info => lang.pick("情報", "info"),
    }
}

/// Copies one sheet's values, formulas and merged areas, and sets widths.
fn copy_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    styles: &Styles,
    keep_formulas: bool,
    plan: &Plan<'_>,
) -> Result<(), XlsxError> {
    let formulas: HashMap<(u32, u32), &str> = if keep_formulas {
        sheet
            .formulas
            .iter()
            .filter(|((_, c), f)| formula_is_portable(f) && !plan.skip_cols.contains(c))
            .map(|(p, f)| (*p, f.as_str()))
            .collect()
    } else {
        HashMap::new()
    };
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
            let formula = formulas.get(&(r, c)).copied();
            if v.is_empty() && formula.is_none() {
                continue;
            }
            let span = merged_at.get(&(r, c)).copied();
            write_value(ws, (r, c), v, formula, span.is_some(), plan, styles)?;
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
    // Formulas whose cell holds no value (no stored result).
    for (&(r, c), f) in &formulas {
        if !written.contains(&(r, c)) && !covered.contains(&(r, c)) {
            let merged = merged_at.contains_key(&(r, c));
            write_value(ws, (r, c), &Value::Empty, Some(f), merged, plan, styles)?;
            written.insert((r, c));
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

/// False for a formula that would not work once rewritten: references to
/// other workbooks or to tables (`[1]Sheet!A1`, `Table1[Col]`), which need
/// parts of the original file that are not carried over. Such cells keep
/// their value only.
fn formula_is_portable(f: &str) -> bool {
    let mut in_string = false;
    for ch in f.chars() {
        match ch {
            '"' => in_string = !in_string,
            '[' if !in_string => return false,
            _ => {}
        }
    }
    !f.trim().is_empty()
}

/// Writes one copied cell: its value, or its formula with the stored result.
fn write_value(
    ws: &mut Worksheet,
    (r, c): (u32, u32),
    v: &Value,
    formula: Option<&str>,
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
    if let Some(f) = formula {
        let cached = match v {
            Value::Empty => String::new(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Number(n) => format!("{n}"),
            Value::Text(t) => t.clone(),
            Value::Date(d) => ExcelDateTime::parse_from_str(d)
                .map(|x| format!("{}", x.to_excel()))
                .unwrap_or_else(|_| d.clone()),
        };
        ws.write_formula_with_format(r, col, Formula::new(f), fmt)?;
        ws.set_formula_result(r, col, cached);
        return Ok(());
    }
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

/// An internal link to a cell of the portfolio sheet.
fn link_to(sheet: &str, cell: &str) -> Url {
    Url::new(format!("internal:'{}'!{cell}", sheet.replace('\'', "''")))
}

/// The service's name as written, or the catalogue's.
fn service_name(ev: &Evaluated, index: usize, lang: Lang) -> String {
    let s = &ev.portfolio.services[index];
    s.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            ev.parsed[index]
                .id
                .as_deref()
                .and_then(|id| catalogue().service(id))
                .map(|d| d.name(lang).to_string())
                .unwrap_or_default()
        })
}

/// The title rows of an added sheet; returns the table's header row.
fn title(ws: &mut Worksheet, styles: &Styles, text: &str, sub: &str) -> Result<u32, XlsxError> {
    ws.write_string_with_format(0, 0, text, &styles.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(1, 0, sub, &styles.subtitle)?;
    Ok(3)
}

/// A table's header row and column widths, then the rows, then the
/// table itself (a filter, banded rows in Excel) and the print setup.
fn table(
    ws: &mut Worksheet,
    styles: &Styles,
    row0: u32,
    columns: &[(&str, f64)],
    last_row: u32,
    style: TableStyle,
) -> Result<(), XlsxError> {
    let header = styles.get(Kind::Plain, None, Region::Header);
    let cols: Vec<TableColumn> = columns
        .iter()
        .map(|(h, _)| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(header.clone())
        })
        .collect();
    for (i, (_, w)) in columns.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let t = Table::new().set_columns(&cols).set_style(style);
    ws.add_table(
        row0,
        0,
        last_row.max(row0 + 1),
        (columns.len() - 1) as u16,
        &t,
    )?;
    ws.set_row_height(row0, 30)?;
    ws.set_freeze_panes(row0 + 1, 0)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(row0, row0)?;
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// The `x1060 優先順位` / `x1060 Priorities` sheet: services with a positive
/// gap in RULES.md priority order.
fn write_priorities(
    ws: &mut Worksheet,
    ev: &Evaluated,
    layout: &SheetLayout,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let org = ev.portfolio.organisation.as_deref().unwrap_or("");
    let head = lang.pick("改善の優先順位", "Improvement priorities");
    let text = if org.is_empty() {
        head.to_string()
    } else {
        format!("{head} — {org}")
    };
    let sub = lang.pick(
        "あるべき姿が現状を上回るサービス。推奨レベル (ベーシック → スタンダード → アドバンスド → オプション)、ギャップの大きい順、カテゴリ A → G → B → D → その他、ID の順。ID をクリックするとポートフォリオの行へ移動します。",
        "Services whose To-Be is above their As-Is: by level (Basic, Standard, Advanced, Optional), larger gap first, then categories A, G, B, D and the rest, then ID. Click an ID to go to its row.",
    );
    let row0 = title(ws, styles, &text, sub)?;
    let columns = [
        (lang.pick("順位", "Rank"), 7.0),
        ("ID", 8.0),
        (lang.pick("サービス名", "Service"), 40.0),
        (lang.pick("推奨レベル", "Level"), 14.0),
        (lang.pick("現状", "As-Is"), 8.0),
        (lang.pick("あるべき姿", "To-Be"), 10.0),
        (lang.pick("ギャップ", "Gap"), 9.0),
        (lang.pick("割り当て", "Assignment"), 14.0),
        (lang.pick("担当/委託先", "Team / contractor"), 44.0),
    ];
    let plain = styles.get(Kind::Plain, None, Region::Body);
    let center = styles.get(Kind::Center, None, Region::Body);
    let id_col = layout
        .column(Field::Id)
        .or_else(|| layout.column(Field::Name));
    let mut row = row0;
    for pr in &ev.figures.priorities {
        row += 1;
        let parsed = &ev.parsed[pr.index];
        ws.write_number_with_format(row, 0, pr.rank as f64, center)?;
        let origin = ev.portfolio.services[pr.index].origin.as_ref();
        match (origin, id_col) {
            (Some(o), Some(c)) => {
                let url = link_to(&ev.portfolio.sheet, &cell_name(o.row, c)).set_text(&pr.service);
                ws.write_url_with_format(row, 1, url, &styles.link)?;
            }
            _ => {
                ws.write_string_with_format(row, 1, &pr.service, plain)?;
            }
        }
        ws.write_string_with_format(row, 2, service_name(ev, pr.index, lang), plain)?;
        let level = pr.level.map_or("", |l| l.word(lang));
        ws.write_string_with_format(row, 3, level, plain)?;
        ws.write_number_with_format(row, 4, pr.as_is as f64, center)?;
        ws.write_number_with_format(row, 5, pr.to_be as f64, center)?;
        ws.write_number_with_format(row, 6, pr.gap as f64, center)?;
        let assignment = parsed.assignment.value().map_or("", |a| a.word(lang));
        ws.write_string_with_format(row, 7, assignment, plain)?;
        ws.write_string_with_format(row, 8, parsed.parties.joined(), plain)?;
    }
    if ev.figures.priorities.is_empty() {
        let none = lang.pick(
            "あるべき姿が現状を上回るサービスはありません。",
            "No service has a To-Be above its As-Is.",
        );
        ws.write_string_with_format(row0 + 1, 2, none, plain)?;
        row += 1;
    }
    table(ws, styles, row0, &columns, row, TableStyle::Light9)
}

/// The `x1060 指摘` / `x1060 Findings` sheet: one row per finding, as a
/// filterable table.
fn write_findings(
    ws: &mut Worksheet,
    ev: &Evaluated,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let count = |s| ev.findings.iter().filter(|f| f.severity == s).count();
    let org = ev.portfolio.organisation.as_deref().unwrap_or("");
    let head = lang.pick("指摘一覧", "Findings");
    let text = if org.is_empty() {
        head.to_string()
    } else {
        format!("{head} — {org}")
    };
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let sub = match lang {
        Lang::Ja => format!(
            "エラー {e} 件、警告 {w} 件、情報 {i} 件。セルをクリックするとその場所へ移動します。規則の説明: x1060 rules 規則ID"
        ),
        Lang::En => format!(
            "{e} error(s), {w} warning(s), {i} info(s). Click a cell reference to go there. A rule explained: x1060 rules RULE"
        ),
    };
    let row0 = title(ws, styles, &text, &sub)?;
    let columns = [
        (lang.pick("規則", "Rule"), 8.0),
        (lang.pick("重要度", "Severity"), 10.0),
        (lang.pick("シート", "Sheet"), 22.0),
        (lang.pick("セル", "Cell"), 8.0),
        (lang.pick("サービス", "Service"), 10.0),
        (lang.pick("内容", "Message"), 90.0),
        (lang.pick("出典", "Source"), 16.0),
    ];
    let plain = styles.get(Kind::Plain, None, Region::Body);
    let center = styles.get(Kind::Center, None, Region::Body);
    let mut row = row0;
    for f in &ev.findings {
        row += 1;
        ws.write_string_with_format(row, 0, f.rule, center)?;
        let sev = styles.get(Kind::Center, Some(f.severity), Region::Body);
        ws.write_string_with_format(row, 1, severity_word(f.severity, lang), sev)?;
        ws.write_string_with_format(row, 2, f.sheet.as_deref().unwrap_or(""), plain)?;
        match (&f.sheet, &f.cell) {
            (Some(s), Some(c)) => {
                // A row range (`3:3`, a missing column) links to its first cell.
                let target = match c.split_once(':') {
                    Some((r, _)) => format!("A{r}"),
                    None => c.clone(),
                };
                ws.write_url_with_format(row, 3, link_to(s, &target).set_text(c), &styles.link)?;
            }
            (_, c) => {
                ws.write_string_with_format(row, 3, c.as_deref().unwrap_or(""), center)?;
            }
        }
        ws.write_string_with_format(row, 4, f.service.as_deref().unwrap_or(""), center)?;
        ws.write_string_with_format(row, 5, f.message(lang), plain)?;
        ws.write_string_with_format(row, 6, f.source, plain)?;
    }
    if ev.findings.is_empty() {
        let none = lang.pick("指摘はありません。", "No findings.");
        ws.write_string_with_format(row0 + 1, 5, none, plain)?;
        row += 1;
    }
    table(ws, styles, row0, &columns, row, TableStyle::Light9)
}

// ---------------------------------------------------------------------------
// What the reader does not keep, taken from the original .xlsx
// ---------------------------------------------------------------------------

/// Parts of an original `.xlsx` sheet the reader does not keep but an
/// annotated copy should: column widths, hidden rows and columns, the frozen
/// pane, and data validations (drop-down lists).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetExtras {
    /// Column widths: first and last column (0-based), width in characters,
    /// hidden.
    pub columns: Vec<(u32, u32, Option<f64>, bool)>,
    /// Hidden rows (0-based).
    pub hidden_rows: Vec<u32>,
    /// The frozen pane's top-left cell (0-based row, column).
    pub frozen: Option<(u32, u32)>,
    /// Data validations, as written in the sheet.
    pub validations: Vec<Validation>,
}

/// One data validation of the original sheet (ECMA-376 `dataValidation`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    /// `list`, `whole`, `decimal`, `date`, `time`, `textLength`, `custom` (or empty: any).
    pub kind: String,
    /// `between` (the default), `equal`, `greaterThan` …
    pub operator: String,
    /// The cells, as A1 ranges separated by spaces.
    pub sqref: String,
    /// First formula (a quoted list `"a,b"`, a range, a number, a formula).
    pub formula1: String,
    /// Second formula, for between and not between.
    pub formula2: String,
    /// Blank cells are accepted.
    pub allow_blank: bool,
    /// The in-cell drop-down is hidden (`showDropDown="1"` means hidden).
    pub hide_dropdown: bool,
    /// The input message is shown.
    pub show_input: bool,
    /// The error message is shown.
    pub show_error: bool,
    /// `stop`, `warning` or `information`.
    pub error_style: String,
    /// Input message title and text.
    pub prompt: (String, String),
    /// Error message title and text.
    pub error: (String, String),
}

/// The extras of every sheet of an original `.xlsx`, by sheet name. Empty
/// for anything that is not a readable `.xlsx` (the annotated copy then
/// goes without them).
pub fn original_extras(bytes: &[u8], limits: &crate::read::Limits) -> HashMap<String, SheetExtras> {
    let Ok(entries) = crate::read::guard::inflate(bytes, limits) else {
        return HashMap::new();
    };
    let (Some(wb), Some(rels)) = (
        entries.get("xl/workbook.xml"),
        entries.get("xl/_rels/workbook.xml.rels"),
    ) else {
        return HashMap::new();
    };
    let targets: HashMap<String, String> = xml_elements(rels, "Relationship")
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.clone(), a.get("Target")?.clone())))
        .collect();
    let mut out = HashMap::new();
    for a in xml_elements(wb, "sheet") {
        let (Some(name), Some(target)) =
            (a.get("name"), a.get("r:id").and_then(|id| targets.get(id)))
        else {
            continue;
        };
        let part = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        if let Some(xml) = entries.get(&part) {
            out.insert(name.clone(), sheet_extras(xml));
        }
    }
    out
}

/// The attributes of every element with this local name.
fn xml_elements(xml: &[u8], local: &str) -> Vec<HashMap<String, String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == local => {
                out.push(attributes(&e));
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

fn attributes(e: &quick_xml::events::BytesStart<'_>) -> HashMap<String, String> {
    let mut attrs = e.attributes();
    attrs
        .with_checks(false)
        .flatten()
        .map(|a| {
            let value = quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (a.key.as_ref().to_string(), value)
        })
        .collect()
}

/// A0-based (row, column) of an A1 reference (`$` allowed).
fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col = 0u32;
    for ch in letters.chars() {
        if !ch.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// A range `A1:B5` (or one cell) as 0-based (first row, first col, last row, last col).
fn parse_range(s: &str) -> Option<(u32, u32, u32, u32)> {
    let (a, b) = s.split_once(':').unwrap_or((s, s));
    let (r0, c0) = parse_cell(a)?;
    let (r1, c1) = parse_cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

/// Reads the extras of one sheet's XML.
fn sheet_extras(xml: &[u8]) -> SheetExtras {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut x = SheetExtras::default();
    let mut current: Option<Validation> = None;
    // Which text is being collected: 1 formula1, 2 formula2, 3 sqref.
    let mut field = 0u8;
    let mut text = String::new();
    let mut row = 0u32;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let a = || attributes(e);
                match e.local_name().as_ref() {
                    "col" => {
                        let a = a();
                        let n = |k: &str| a.get(k).and_then(|v| v.parse::<u32>().ok());
                        if let (Some(min), Some(max)) = (n("min"), n("max")) {
                            let width =
                                a.get("width")
                                    .and_then(|v| v.parse::<f64>().ok())
                                    .filter(|_| {
                                        a.get("customWidth")
                                            .is_some_and(|v| v == "1" || v == "true")
                                    });
                            let hidden = a.get("hidden").is_some_and(|v| v == "1" || v == "true");
                            if min >= 1
                                && max >= min
                                && max <= 16_384
                                && (width.is_some() || hidden)
                            {
                                x.columns.push((min - 1, max - 1, width, hidden));
                            }
                        }
                    }
                    "row" => {
                        let a = a();
                        row = a
                            .get("r")
                            .and_then(|v| v.parse::<u32>().ok())
                            .map_or(row + 1, |r| r);
                        if a.get("hidden").is_some_and(|v| v == "1" || v == "true") && row >= 1 {
                            x.hidden_rows.push(row - 1);
                        }
                    }
                    "pane" => {
                        let a = a();
                        if a.get("state")
                            .is_some_and(|s| s == "frozen" || s == "frozenSplit")
                        {
                            x.frozen = a.get("topLeftCell").and_then(|c| parse_cell(c));
                        }
                    }
                    "dataValidation" => {
                        let a = a();
                        let s = |k: &str| a.get(k).cloned().unwrap_or_default();
                        let b = |k: &str| a.get(k).is_some_and(|v| v == "1" || v == "true");
                        let v = Validation {
                            kind: s("type"),
                            operator: s("operator"),
                            sqref: s("sqref"),
                            allow_blank: b("allowBlank"),
                            hide_dropdown: b("showDropDown"),
                            show_input: b("showInputMessage"),
                            show_error: b("showErrorMessage"),
                            error_style: s("errorStyle"),
                            prompt: (s("promptTitle"), s("prompt")),
                            error: (s("errorTitle"), s("error")),
                            ..Validation::default()
                        };
                        if matches!(event, Event::Empty(_)) {
                            x.validations.push(v);
                        } else {
                            current = Some(v);
                        }
                    }
                    "formula1" if current.is_some() => (field, text) = (1, String::new()),
                    "formula2" if current.is_some() => (field, text) = (2, String::new()),
                    "sqref" if current.is_some() => (field, text) = (3, String::new()),
                    _ => {}
                }
            }
            Event::Text(t) if field > 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if field > 0 => {
                if let Ok(Some(ch)) = r.resolve_char_ref() {
                    text.push(ch);
                } else {
                    let name: &str = &r.clone().into_inner();
                    text.push_str(match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "formula1" | "formula2" | "sqref" => {
                    if let Some(v) = current.as_mut() {
                        let t = std::mem::take(&mut text);
                        match field {
                            1 => v.formula1 = t,
                            2 => v.formula2 = t,
                            _ => v.sqref = t,
                        }
                    }
                    field = 0;
                }
                "dataValidation" => {
                    if let Some(v) = current.take() {
                        x.validations.push(v);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    x
}

impl Validation {
    /// The rust_xlsxwriter form, or `None` for a kind it cannot write.
    fn to_xlsx(&self) -> Option<rust_xlsxwriter::DataValidation> {
        use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule as R};
        let f1 = || Formula::new(&self.formula1);
        let f2 = || Formula::new(&self.formula2);
        let rule = || -> R<Formula> {
            match self.operator.as_str() {
                "notBetween" => R::NotBetween(f1(), f2()),
                "equal" => R::EqualTo(f1()),
                "notEqual" => R::NotEqualTo(f1()),
                "greaterThan" => R::GreaterThan(f1()),
                "lessThan" => R::LessThan(f1()),
                "greaterThanOrEqual" => R::GreaterThanOrEqualTo(f1()),
                "lessThanOrEqual" => R::LessThanOrEqualTo(f1()),
                _ => R::Between(f1(), f2()),
            }
        };
        let dv = DataValidation::new();
        let mut dv = match self.kind.as_str() {
            "list" => {
                let f = self.formula1.trim();
                match f.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                    Some(items) if !items.contains('"') => {
                        let items: Vec<&str> = items.split(',').collect();
                        dv.allow_list_strings(&items).ok()?
                    }
                    _ => dv.allow_list_formula(f1()),
                }
            }
            "whole" => dv.allow_whole_number_formula(rule()),
            "decimal" => dv.allow_decimal_number_formula(rule()),
            "date" => dv.allow_date_formula(rule()),
            "time" => dv.allow_time_formula(rule()),
            "textLength" => dv.allow_text_length_formula(rule()),
            "custom" => dv.allow_custom(f1()),
            "" | "none" => dv.allow_any_value(),
            _ => return None,
        };
        dv = dv
            .ignore_blank(self.allow_blank)
            .show_dropdown(!self.hide_dropdown)
            .show_input_message(self.show_input)
            .show_error_message(self.show_error)
            .set_error_style(match self.error_style.as_str() {
                "warning" => DataValidationErrorStyle::Warning,
                "information" => DataValidationErrorStyle::Information,
                _ => DataValidationErrorStyle::Stop,
            });
        // Titles and messages past Excel's lengths are dropped, not cut.
        for (i, t) in [&self.prompt.0, &self.prompt.1, &self.error.0, &self.error.1]
            .into_iter()
            .enumerate()
        {
            if t.is_empty() {
                continue;
            }
            let next = match i {
                0 => dv.clone().set_input_title(t),
                1 => dv.clone().set_input_message(t),
                2 => dv.clone().set_error_title(t),
                _ => dv.clone().set_error_message(t),
            };
            if let Ok(d) = next {
                dv = d;
            }
        }
        Some(dv)
    }
}

/// Applies a sheet's extras: widths, hidden rows and columns, the frozen
/// pane (unless `freeze` is false), validations; columns in `skip_cols` or
/// from `end` on (where the added columns go) are left alone.
fn apply_extras(
    ws: &mut Worksheet,
    x: &SheetExtras,
    skip_cols: &HashSet<u32>,
    end: u32,
    freeze: bool,
) -> Result<(), XlsxError> {
    for &(first, last, width, hidden) in &x.columns {
        // A <col> range may run to the last column of the sheet: only the
        // columns in use matter.
        for c in first..=last.min(first + 512).min(end.saturating_sub(1)) {
            if skip_cols.contains(&c) {
                continue;
            }
            if let Some(w) = width {
                // The file stores the width with the cell padding (5 px of
                // 7); the writer adds it again.
                let chars = if w > 1.0 { w - 5.0 / 7.0 } else { w };
                ws.set_column_width(c as u16, chars.max(0.0))?;
            }
            if hidden {
                ws.set_column_hidden(c as u16)?;
            }
        }
    }
    for &r in &x.hidden_rows {
        ws.set_row_hidden(r)?;
    }
    if freeze && let Some((r, c)) = x.frozen {
        ws.set_freeze_panes(r, c as u16)?;
    }
    for v in &x.validations {
        let ranges: Vec<(u32, u32, u32, u32)> =
            v.sqref.split_whitespace().filter_map(parse_range).collect();
        if ranges.is_empty()
            || ranges
                .iter()
                .any(|&(_, c0, _, c1)| c1 >= end || (c0..=c1).any(|c| skip_cols.contains(&c)))
        {
            continue;
        }
        let Some(mut dv) = v.to_xlsx() else { continue };
        if ranges.len() > 1 {
            dv = dv.set_multi_range(&v.sqref);
        }
        let (r0, c0, r1, c1) = ranges[0];
        // A validation the writer refuses is left out; the values stay.
        let _ = ws.add_data_validation(r0, c0 as u16, r1, c1 as u16, &dv);
    }
    Ok(())
}
