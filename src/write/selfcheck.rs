//! The self-check sheet: the figures of RULES.md → What is computed, as a
//! table of live Excel formulas over the portfolio sheet, with charts.
//!
//! Every figure is a formula (`COUNTIFS`, `AVERAGEIFS`, `SUMIFS`, wrapped in
//! `IFERROR(…,"")` so an empty group shows blank), so the sheet updates as
//! the user types. Each formula also carries a cached result equal to the
//! figure [`crate::analysis::figures`] computed, so a viewer that does not
//! recalculate still shows the right numbers.
//!
//! The formulas read *canonical* columns: a category letter, the level and
//! assignment words of the sheet's language ([`Level::word`],
//! [`Assignment::word`]), numeric scores and a numeric gap. The template
//! writes its input columns that way (its drop-down lists offer exactly
//! these words); `annotate` points the formulas at its normalised columns.

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
    utility::quote_sheet_name,
};

use crate::analysis::{Figures, Stats};
use crate::catalogue::{Assignment, Lang, Level, catalogue};
use crate::model::column_name;
use crate::text::display_width;

/// Where the self-check formulas read the portfolio (0-based rows and columns).
///
/// Every column must be blank on rows that are not services with a usable
/// ID (RULES.md counts only those); the category column must hold the
/// category letter (`A` … `I`, or another letter for the organisation's own
/// services) as a constant, not a formula.
#[derive(Debug, Clone, Copy)]
pub struct SelfCheckSource<'a> {
    /// The portfolio sheet's name.
    pub sheet: &'a str,
    /// First service row.
    pub first_row: u32,
    /// Last service row (inclusive).
    pub last_row: u32,
    /// The category letter column (`A` … `I`; other letters are own services).
    pub category_col: u16,
    /// The level column: [`Level::word`] of [`SelfCheckSource::lang`], or blank.
    pub level_col: u16,
    /// The assignment column: [`Assignment::word`], or blank.
    pub assignment_col: u16,
    /// As-Is: a number 1–5, text (N/A), or blank.
    pub as_is_col: u16,
    /// To-Be: a number 1–5, text (N/A), or blank.
    pub to_be_col: u16,
    /// The gap To-Be − As-Is where both are numbers and the level is not
    /// Unnecessary, else blank (may be a formula giving `""`).
    pub gap_col: u16,
    /// The language of the level and assignment words (and of the sheet).
    pub lang: Lang,
}

pub use crate::write::style::{base_format, font_name};

/// A column width (in characters) that shows `texts` on one line, East Asian
/// wide characters counting double, clamped to `min..=max`.
///
/// ```
/// use x1060::write::selfcheck::column_width;
/// assert_eq!(column_width(["リスク"], 4.0, 40.0), 8.0);
/// assert_eq!(column_width(["x"], 4.0, 40.0), 4.0);
/// ```
pub fn column_width<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let widest = texts.into_iter().map(display_width).max().unwrap_or(0);
    (widest as f64 + 2.0).clamp(min, max)
}

/// A string literal in a formula (`"ベーシック"`), quotes doubled.
fn lit(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One `COUNTIFS`-style condition: a range and a criterion literal.
type Cond = (String, String);

/// The formulas' view of the portfolio columns.
struct Ranges {
    cat: String,
    level: String,
    assign: String,
    as_is: String,
    to_be: String,
    gap: String,
    not_unnecessary: Cond,
}

/// Stand-ins for the ranges in a formula written once and filled in per
/// sheet ([`Ranges::fill`]): a portfolio split over several sheets sums
/// each sheet's terms.
const TOKENS: [&str; 6] = [
    "\u{1}cat\u{1}",
    "\u{1}level\u{1}",
    "\u{1}assign\u{1}",
    "\u{1}as_is\u{1}",
    "\u{1}to_be\u{1}",
    "\u{1}gap\u{1}",
];

impl Ranges {
    /// The ranges as stand-ins, to be filled per sheet.
    fn tokens(lang: Lang) -> Ranges {
        Ranges {
            cat: TOKENS[0].into(),
            level: TOKENS[1].into(),
            assign: TOKENS[2].into(),
            as_is: TOKENS[3].into(),
            to_be: TOKENS[4].into(),
            gap: TOKENS[5].into(),
            not_unnecessary: (
                TOKENS[1].into(),
                lit(&format!("<>{}", Level::Unnecessary.word(lang))),
            ),
        }
    }

    /// A formula written over [`Ranges::tokens`], over this sheet's ranges.
    fn fill(&self, f: &str) -> String {
        let mut out = f.to_string();
        for (t, r) in TOKENS.iter().zip([
            &self.cat,
            &self.level,
            &self.assign,
            &self.as_is,
            &self.to_be,
            &self.gap,
        ]) {
            out = out.replace(t, r);
        }
        out
    }

    fn of(src: &SelfCheckSource) -> Ranges {
        let sheet = quote_sheet_name(src.sheet);
        let last = src.last_row.max(src.first_row);
        let range = |col: u16| {
            let c = column_name(col as u32);
            format!("{sheet}!${c}${}:${c}${}", src.first_row + 1, last + 1)
        };
        let level = range(src.level_col);
        Ranges {
            cat: range(src.category_col),
            not_unnecessary: (
                level.clone(),
                lit(&format!("<>{}", Level::Unnecessary.word(src.lang))),
            ),
            level,
            assign: range(src.assignment_col),
            as_is: range(src.as_is_col),
            to_be: range(src.to_be_col),
            gap: range(src.gap_col),
        }
    }

    /// Conditions that keep a scored service: both scores 1–5, a numeric
    /// gap, not Unnecessary.
    fn scored(&self) -> Vec<Cond> {
        vec![
            (self.as_is.clone(), lit(">=1")),
            (self.as_is.clone(), lit("<=5")),
            (self.to_be.clone(), lit(">=1")),
            (self.to_be.clone(), lit("<=5")),
            (self.gap.clone(), lit(">=-4")),
            (self.gap.clone(), lit("<=4")),
            self.not_unnecessary.clone(),
        ]
    }
}

/// A group of services: the sum over its terms, each a set of conditions on
/// the category column (one term per category letter of a phase).
struct Group {
    terms: Vec<Vec<Cond>>,
}

fn args(conds: &[Cond]) -> String {
    conds
        .iter()
        .map(|(r, c)| format!("{r},{c}"))
        .collect::<Vec<_>>()
        .join(",")
}

impl Group {
    fn with(&self, extra: &[Cond]) -> impl Iterator<Item = Vec<Cond>> + '_ {
        let extra = extra.to_vec();
        self.terms.iter().map(move |t| {
            let mut all = t.clone();
            all.extend(extra.iter().cloned());
            all
        })
    }

    /// One sheet's terms, joined with `+`, then the same for every sheet.
    fn each(&self, sheets: &[Ranges], term: impl Fn(&[Cond]) -> String, extra: &[Cond]) -> String {
        let one = self
            .with(extra)
            .map(|c| term(&c))
            .collect::<Vec<_>>()
            .join("+");
        sheets
            .iter()
            .map(|r| r.fill(&one))
            .collect::<Vec<_>>()
            .join("+")
    }

    fn count(&self, sheets: &[Ranges], extra: &[Cond]) -> String {
        self.each(sheets, |c| format!("COUNTIFS({})", args(c)), extra)
    }

    fn sum(&self, sheets: &[Ranges], range: &str, extra: &[Cond]) -> String {
        self.each(sheets, |c| format!("SUMIFS({range},{})", args(c)), extra)
    }

    fn mean(&self, sheets: &[Ranges], range: &str, extra: &[Cond]) -> String {
        if self.terms.len() == 1 && sheets.len() == 1 {
            let c: Vec<Cond> = self.with(extra).next().unwrap_or_default();
            sheets[0].fill(&format!("IFERROR(AVERAGEIFS({range},{}),\"\")", args(&c)))
        } else {
            format!(
                "IFERROR(({})/({}),\"\")",
                self.sum(sheets, range, extra),
                self.count(sheets, extra)
            )
        }
    }
}

/// A formula with its cached result.
struct Cell {
    formula: String,
    result: String,
    format: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Count,
    Mean,
    Percent,
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

/// The figures of one row of the table, as formulas with cached results.
/// Means, sums and achievement are over *scored* services (RULES.md v2:
/// not Unnecessary, both scores 1–5), which the gap column marks: it holds
/// a number exactly for those.
fn row_cells(r: &Ranges, sheets: &[Ranges], g: &Group, s: &Stats, lang: Lang) -> Vec<Cell> {
    let count = |extra: &[Cond], n: u32| Cell {
        formula: format!("={}", g.count(sheets, extra)),
        result: n.to_string(),
        format: Kind::Count,
    };
    let mut cells = vec![count(&[], s.listed)];
    let selected = Level::ALL
        .iter()
        .filter(|l| l.is_selected())
        .map(|l| g.count(sheets, &[(r.level.clone(), lit(l.word(lang)))]))
        .collect::<Vec<_>>()
        .join("+");
    cells.push(Cell {
        formula: format!("={selected}"),
        result: s.selected.to_string(),
        format: Kind::Count,
    });
    let scored = r.scored();
    cells.push(count(&scored, s.scored));
    for l in Level::ALL {
        cells.push(count(
            &[(r.level.clone(), lit(l.word(lang)))],
            s.levels.get(l),
        ));
    }
    for a in Assignment::ALL {
        cells.push(count(
            &[(r.assign.clone(), lit(a.word(lang)))],
            s.assignments.get(a),
        ));
    }
    cells.push(Cell {
        formula: format!("={}", g.mean(sheets, &r.as_is, &scored)),
        result: opt(s.mean_as_is),
        format: Kind::Mean,
    });
    cells.push(Cell {
        formula: format!("={}", g.mean(sheets, &r.to_be, &scored)),
        result: opt(s.mean_to_be),
        format: Kind::Mean,
    });
    cells.push(Cell {
        formula: format!("={}", g.mean(sheets, &r.gap, &scored)),
        result: opt(s.mean_gap),
        format: Kind::Mean,
    });
    cells.push(Cell {
        formula: format!(
            "=IFERROR(({})/({}),\"\")",
            g.sum(sheets, &r.as_is, &scored),
            g.sum(sheets, &r.to_be, &scored)
        ),
        result: opt(s.achievement),
        format: Kind::Percent,
    });
    cells
}

/// How a figure of a split portfolio adds up over its sheets (each part a
/// one-sheet formula over [`Ranges::tokens`]): a count sums, a mean or a
/// ratio divides the sums of its numerator and its denominator.
enum Shape {
    Sum(String),
    Ratio(String, String),
}

/// The figures of one row as [`Shape`]s, in the order of [`row_cells`].
fn row_shapes(r: &Ranges, g: &Group, lang: Lang) -> Vec<Shape> {
    let one = [Ranges::tokens(lang)];
    let count = |extra: &[Cond]| Shape::Sum(g.count(&one, extra));
    let mut shapes = vec![count(&[])];
    let selected = Level::ALL
        .iter()
        .filter(|l| l.is_selected())
        .map(|l| g.count(&one, &[(r.level.clone(), lit(l.word(lang)))]))
        .collect::<Vec<_>>()
        .join("+");
    shapes.push(Shape::Sum(selected));
    let scored = r.scored();
    shapes.push(count(&scored));
    for l in Level::ALL {
        shapes.push(count(&[(r.level.clone(), lit(l.word(lang)))]));
    }
    for a in Assignment::ALL {
        shapes.push(count(&[(r.assign.clone(), lit(a.word(lang)))]));
    }
    for range in [&r.as_is, &r.to_be, &r.gap] {
        shapes.push(Shape::Ratio(
            g.sum(&one, range, &scored),
            g.count(&one, &scored),
        ));
    }
    shapes.push(Shape::Ratio(
        g.sum(&one, &r.as_is, &scored),
        g.sum(&one, &r.to_be, &scored),
    ));
    shapes
}

/// Writes one figure of a split portfolio: each sheet's part in a hidden
/// helper cell (from column `helper`: `n` cells, or `2n` for a ratio), and
/// the shown cell summing them, so no formula outgrows Excel's 8,192
/// characters whatever the number of sheets.
fn write_split(
    ws: &mut rust_xlsxwriter::Worksheet,
    (row, col, helper): (u32, u16, u16),
    shape: &Shape,
    sheets: &[Ranges],
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    let n = sheets.len() as u16;
    let span = |from: u16| {
        format!(
            "{}{}:{}{}",
            column_name(from as u32),
            row + 1,
            column_name((from + n - 1) as u32),
            row + 1
        )
    };
    let parts: Vec<&String> = match shape {
        Shape::Sum(f) => vec![f],
        Shape::Ratio(a, b) => vec![a, b],
    };
    for (k, f) in parts.iter().enumerate() {
        for (i, r) in sheets.iter().enumerate() {
            let c = helper + k as u16 * n + i as u16;
            ws.write_formula(row, c, format!("={}", r.fill(f)).as_str())?;
            // No stored result (rather than a wrong 0): the shown cell holds
            // the figure; the parts are computed at the next recalculation.
            ws.set_formula_result(row, c, "");
        }
    }
    let shown = match shape {
        Shape::Sum(_) => format!("=SUM({})", span(helper)),
        Shape::Ratio(..) => format!(
            "=IFERROR(SUM({})/SUM({}),\"\")",
            span(helper),
            span(helper + n)
        ),
    };
    ws.write_formula_with_format(row, col, shown.as_str(), format)?;
    ws.set_formula_result(row, col, cell.result.clone());
    Ok(())
}

/// The column headings of the table (after the two label columns).
fn headings(lang: Lang) -> Vec<String> {
    let mut h = vec![
        lang.pick("掲載サービス数", "Services listed").to_string(),
        lang.pick("選択サービス数", "Selected").to_string(),
        lang.pick("スコア記入済み", "Scored").to_string(),
    ];
    h.extend(Level::ALL.iter().map(|l| l.word(lang).to_string()));
    h.extend(Assignment::ALL.iter().map(|a| a.word(lang).to_string()));
    h.extend(
        [
            lang.pick("現状 (As-Is) 平均", "Mean As-Is"),
            lang.pick("あるべき姿 (To-Be) 平均", "Mean To-Be"),
            lang.pick("ギャップ平均", "Mean gap"),
            lang.pick("達成率 (ΣAs-Is/ΣTo-Be)", "Achievement (ΣAs-Is/ΣTo-Be)"),
        ]
        .map(str::to_string),
    );
    h
}

/// The column (among the headings) of the mean As-Is; mean To-Be and mean
/// gap follow it.
fn mean_as_is_index() -> u16 {
    (3 + Level::ALL.len() + Assignment::ALL.len()) as u16
}

/// First table row (0-based) on the self-check sheet: title, text, blank, header.
const HEADER_ROW: u32 = 3;

/// Adds the self-check sheet `name` to a workbook: per category A–I, per
/// management phase, for the organisation's own services (when there are
/// any) and overall — services listed, count per level, count per
/// assignment type, mean As-Is, mean To-Be, mean gap and achievement
/// (ΣAs-Is / ΣTo-Be) — as live formulas over the portfolio sheet with
/// cached results from `figures`, a radar chart of mean As-Is against mean
/// To-Be over the nine categories and a column chart of the mean gap.
///
/// ```
/// use x1060::catalogue::Lang;
/// use x1060::model::Portfolio;
/// use x1060::write::selfcheck::{SelfCheckSource, write_selfcheck};
/// let empty = Portfolio::default();
/// let figures = x1060::analysis::figures(&empty, &empty.parse());
/// let mut wb = rust_xlsxwriter::Workbook::new();
/// wb.add_worksheet().set_name("Portfolio")?;
/// let src = SelfCheckSource {
///     sheet: "Portfolio", first_row: 4, last_row: 67,
///     category_col: 0, level_col: 4, assignment_col: 5,
///     as_is_col: 8, to_be_col: 9, gap_col: 10, lang: Lang::En,
/// };
/// write_selfcheck(&mut wb, "Self-check", &src, &figures)?;
/// let bytes = wb.save_to_buffer()?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), rust_xlsxwriter::XlsxError>(())
/// ```
pub fn write_selfcheck(
    wb: &mut Workbook,
    name: &str,
    src: &SelfCheckSource,
    figures: &Figures,
) -> Result<(), XlsxError> {
    write_selfcheck_over(wb, name, std::slice::from_ref(src), figures)
}

/// [`write_selfcheck`] of a portfolio split over several sheets (one per
/// category, or the list in two: WORKBOOKS.md → Several portfolio sheets):
/// every formula sums its terms over each sheet's cells, so a change on any
/// sheet moves the figures. One source gives exactly the sheet of
/// [`write_selfcheck`]; no source writes nothing.
pub fn write_selfcheck_over(
    wb: &mut Workbook,
    name: &str,
    srcs: &[SelfCheckSource],
    figures: &Figures,
) -> Result<(), XlsxError> {
    let Some(src) = srcs.first() else {
        return Ok(());
    };
    let lang = src.lang;
    let ranges = Ranges::tokens(lang);
    let sheets: Vec<Ranges> = srcs.iter().map(Ranges::of).collect();
    let base = base_format(lang);
    let title = base.clone().set_bold().set_font_size(14);
    let note = base.clone().set_text_wrap();
    let boxed = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xA6A6A6);
    let head = boxed(
        base.clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(crate::write::style::HEADER_FILL),
    );
    let label = boxed(base.clone().set_text_wrap());
    let shade = |f: Format, row: RowKind| match row {
        RowKind::Category => f,
        RowKind::Phase => f.set_background_color(0xF2F2F2),
        RowKind::Assignment => f.set_background_color(0xEDEDF7),
        RowKind::Own => f.set_background_color(0xFFF2CC),
        RowKind::Overall => f.set_bold().set_background_color(0xE2EFDA),
    };
    let number = |kind: Kind| {
        boxed(base.clone()).set_num_format(match kind {
            Kind::Count => "0",
            Kind::Mean => "0.00",
            Kind::Percent => "0%",
        })
    };

    // The rows: categories, phases, own services (if any), overall.
    let cat = catalogue();
    let mut rows: Vec<(RowKind, String, String, Group, &Stats)> = Vec::new();
    for c in &figures.categories {
        let name = cat
            .categories
            .iter()
            .find(|k| k.id == c.id)
            .map_or(c.name.as_str(), |k| k.name(lang));
        rows.push((
            RowKind::Category,
            c.id.clone(),
            name.to_string(),
            Group {
                terms: vec![vec![(ranges.cat.clone(), lit(&c.id))]],
            },
            &c.stats,
        ));
    }
    for a in &figures.assignments {
        let word = a.assignment.word(lang);
        rows.push((
            RowKind::Assignment,
            word.to_string(),
            format!("{}{word}", lang.pick("割り当て: ", "Assignment: ")),
            Group {
                terms: vec![vec![
                    (ranges.cat.clone(), lit("<>")),
                    (ranges.assign.clone(), lit(word)),
                ]],
            },
            &a.stats,
        ));
    }
    for p in &figures.phases {
        let letters: Vec<String> = p.categories.chars().map(String::from).collect();
        rows.push((
            RowKind::Phase,
            letters.join(", "),
            format!(
                "{}{}",
                lang.pick("フェーズ: ", "Phase: "),
                p.phase.name(lang)
            ),
            Group {
                terms: letters
                    .iter()
                    .map(|l| vec![(ranges.cat.clone(), lit(l))])
                    .collect(),
            },
            &p.stats,
        ));
    }
    if figures.own.listed > 0 {
        let mut conds = vec![(ranges.cat.clone(), lit("<>"))];
        conds.extend(
            cat.categories
                .iter()
                .map(|c| (ranges.cat.clone(), lit(&format!("<>{}", c.id)))),
        );
        rows.push((
            RowKind::Own,
            "—".into(),
            lang.pick("組織独自のサービス", "Own services").into(),
            Group { terms: vec![conds] },
            &figures.own,
        ));
    }
    rows.push((
        RowKind::Overall,
        "A–I".into(),
        lang.pick("全体", "Overall").into(),
        Group {
            terms: vec![vec![(ranges.cat.clone(), lit("<>"))]],
        },
        &figures.overall,
    ));

    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let heads = headings(lang);
    let last_col = 1 + heads.len() as u16;
    ws.write_string_with_format(
        0,
        0,
        lang.pick("X.1060 自己評価 (セルフチェック)", "X.1060 self-check"),
        &title,
    )?;
    ws.set_row_height(0, 24)?;
    let names: Vec<&str> = srcs.iter().map(|s| s.sheet).collect();
    let text = explanation(&names.join(lang.pick("」「", "', '")), lang);
    ws.merge_range(1, 0, 1, last_col, &text, &note)?;
    // The merged cell spans the table: about 10 characters per column.
    let per_line = 12.0 + 11.0 * heads.len() as f64;
    let lines = (display_width(&text) as f64 / per_line).ceil().max(2.0);
    ws.set_row_height(1, 15.0 * lines + 6.0)?;

    ws.write_string_with_format(HEADER_ROW, 0, lang.pick("区分", "Group"), &head)?;
    ws.write_string_with_format(HEADER_ROW, 1, lang.pick("名称", "Name"), &head)?;
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, 2 + i as u16, h, &head)?;
    }
    ws.set_row_height(HEADER_ROW, 48)?;
    // A split portfolio's helper columns: right of the table, hidden.
    let helper_col = last_col + 2;
    if sheets.len() > 1 {
        let n = (2 * sheets.len() * heads.len()) as u16;
        for c in helper_col..helper_col + n {
            ws.set_column_hidden(c)?;
        }
    }

    for (i, (kind, key, label_text, group, stats)) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_string_with_format(row, 0, key, &shade(label.clone(), *kind))?;
        ws.write_string_with_format(row, 1, label_text, &shade(label.clone(), *kind))?;
        let cells = row_cells(&ranges, &sheets, group, stats, lang);
        if sheets.len() > 1 {
            // A split portfolio: per-sheet parts in hidden helper columns.
            let n = sheets.len() as u16;
            for (j, (cell, shape)) in cells
                .iter()
                .zip(row_shapes(&ranges, group, lang))
                .enumerate()
            {
                let at = (row, 2 + j as u16, helper_col + 2 * n * j as u16);
                write_split(
                    ws,
                    at,
                    &shape,
                    &sheets,
                    cell,
                    &shade(number(cell.format), *kind),
                )?;
            }
            continue;
        }
        for (j, cell) in cells.into_iter().enumerate() {
            let col = 2 + j as u16;
            ws.write_formula_with_format(
                row,
                col,
                cell.formula.as_str(),
                &shade(number(cell.format), *kind),
            )?;
            ws.set_formula_result(row, col, cell.result);
        }
    }

    // Widths: Japanese text counts double (display_width).
    ws.set_column_width(
        0,
        column_width(rows.iter().map(|r| r.1.as_str()), 6.0, 12.0),
    )?;
    ws.set_column_width(
        1,
        column_width(rows.iter().map(|r| r.2.as_str()), 14.0, 60.0),
    )?;
    for (i, h) in heads.iter().enumerate() {
        // Headings wrap onto two or three lines.
        // A word is never split: the longest one fits.
        let word = h.split_whitespace().map(display_width).max().unwrap_or(0) as f64;
        let w = (display_width(h) as f64 / 2.0 + 3.0)
            .max(word + 2.0)
            .clamp(9.0, 16.0);
        ws.set_column_width(2 + i as u16, w)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C&P / &N");

    // Charts over the nine category rows.
    let first = HEADER_ROW + 1;
    let last = first + figures.categories.len().saturating_sub(1) as u32;
    let col_as_is = 2 + mean_as_is_index();
    let (col_to_be, col_gap) = (col_as_is + 1, col_as_is + 2);
    let chart_row = HEADER_ROW + 2 + rows.len() as u32;
    let font = rust_xlsxwriter::ChartFont::new()
        .set_name(font_name(lang))
        .clone();

    let mut radar = Chart::new(ChartType::Radar);
    for (col, series_name) in [
        (col_as_is, lang.pick("現状 (As-Is)", "As-Is")),
        (col_to_be, lang.pick("あるべき姿 (To-Be)", "To-Be")),
    ] {
        radar
            .add_series()
            .set_name(series_name)
            .set_categories((name, first, 1, last, 1))
            .set_values((name, first, col, last, col));
    }
    radar
        .title()
        .set_name(lang.pick(
            "カテゴリー別 平均スコア (As-Is / To-Be)",
            "Mean score per category (As-Is / To-Be)",
        ))
        .set_font(&font);
    radar.y_axis().set_min(0).set_max(5).set_major_unit(1);
    radar.x_axis().set_font(&font);
    radar
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    radar.set_width(560).set_height(420);
    ws.insert_chart(chart_row, 1, &radar)?;

    let mut gap = Chart::new(ChartType::Column);
    gap.add_series()
        .set_name(lang.pick("ギャップ平均", "Mean gap"))
        .set_categories((name, first, 0, last, 0))
        .set_values((name, first, col_gap, last, col_gap));
    gap.title()
        .set_name(lang.pick(
            "カテゴリー別 ギャップ平均 (To-Be − As-Is)",
            "Mean gap per category (To-Be − As-Is)",
        ))
        .set_font(&font);
    gap.x_axis().set_font(&font);
    gap.y_axis().set_max(4).set_major_unit(1).set_font(&font);
    gap.legend().set_hidden();
    gap.set_width(480).set_height(420);
    ws.insert_chart(chart_row, 6, &gap)?;
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum RowKind {
    Category,
    Assignment,
    Phase,
    Own,
    Overall,
}

/// The text under the title: what the sheet is, and what it is not.
fn explanation(sheet: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "この表は「{sheet}」シートの入力から数式で自動計算されます (ITU-T X.1060 9.4節、11節)。推奨レベル・割り当て・スコアを書き換えて再計算すると、表とグラフが追従します。\
             自己評価は自組織の CDC を改善するためのもので、他組織との順位付けのためのものではありません。\
             平均・合計・達成率は、「{}」以外で現状とあるべき姿の両方が 1〜5 のサービスだけで計算します。{} {}",
            Level::Unnecessary.word(lang),
            crate::analysis::achievement_note(lang),
            crate::analysis::phase_note(lang),
        ),
        Lang::En => format!(
            "Every figure is a formula over the '{sheet}' sheet: change a level, assignment or score and recalculate, and the table and charts follow (ITU-T X.1060 §9.4, §11). \
             The self-assessment is for improving your own CDC, not for ranking organisations. \
             Means, sums and achievement count only services that are not {} and have both As-Is and To-Be scored 1–5. {} {}",
            Level::Unnecessary.word(lang),
            crate::analysis::achievement_note(lang),
            crate::analysis::phase_note(lang),
        ),
    }
}
