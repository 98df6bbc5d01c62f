//! A generated sheet that reads well printed: a title and a line of
//! explanation on top, headers aligned with their values, column widths from
//! the content (long texts wrap instead of being clipped), frozen and
//! repeated headers and identifying columns, A4 landscape one page wide.
//!
//! [`Layout`] keeps what a sheet needs to know as it is written (widths, the
//! next row) apart from the worksheet, so a report can write several
//! constant-memory sheets row by row; [`Sheet`] pairs it with one worksheet
//! for the small workbooks (diff, history).

use crate::write::Result;
use rust_xlsxwriter::{Format, Worksheet};

use super::{Styles, xlsx_error};
use crate::text::display_width;

/// The widest a column grows; longer texts wrap.
pub const MAX_WIDTH: f64 = 48.0;

/// The 0-based row of the column headers (title, explanation, a blank row).
pub const SHEET_HEADER_ROW: u32 = 3;

/// Column width in Excel units of a text: a wide (East Asian) character
/// counts two, plus a margin.
pub fn text_width(s: &str) -> f64 {
    s.lines().map(display_width).max().unwrap_or(0) as f64 * 1.1 + 2.0
}

/// The state of a sheet being written (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    widths: Vec<f64>,
    header_width: Vec<f64>,
    next: u32,
    /// The row last given a height for wrapped text, and its lines.
    tall: (u32, f64),
    /// Per-column caps below [`MAX_WIDTH`] (see [`Layout::cap`]).
    caps: Vec<(u16, f64)>,
}

impl Layout {
    /// The widest column `c` grows before its texts wrap.
    fn max_width(&self, c: u16) -> f64 {
        self.caps
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(MAX_WIDTH, |(_, w)| *w)
    }

    /// Lets column `c` grow only to `width` (its longer texts wrap): for a
    /// wide table, so it still prints legibly one page wide.
    pub fn cap(&mut self, c: u16, width: f64) {
        self.caps.push((c, width));
    }

    fn grow(&mut self, c: u16, w: f64) {
        let max = self.max_width(c);
        let c = c as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0.0);
        }
        self.widths[c] = self.widths[c].max(w.min(max));
    }

    /// Names the sheet and writes the title and the explanation (merged
    /// over the table's width) and the header row; columns from
    /// `numeric_from` on hold numbers (their headers align right, over the
    /// values).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        ws: &mut Worksheet,
        st: &Styles,
        name: &str,
        title: &str,
        explanation: &str,
        heads: &[impl AsRef<str>],
        numeric_from: u16,
    ) -> Result<Layout> {
        let e = xlsx_error;
        ws.set_name(name).map_err(e)?;
        let mut l = Layout {
            next: SHEET_HEADER_ROW + 1,
            ..Layout::default()
        };
        let last_col = heads.len().max(1) as u16 - 1;
        // The table is at least as wide as its headers wrapped on three lines.
        let total: f64 = heads
            .iter()
            .map(|h| (text_width(h.as_ref()) / 3.0).max(6.0) + 1.0)
            .sum::<f64>()
            .max(40.0);
        for (row, text, f, height) in [
            (0u32, title, &st.title, 22.0),
            (1, explanation, &st.wrap, 16.0),
        ] {
            if last_col > 0 {
                ws.merge_range(row, 0, row, last_col, text, f).map_err(e)?;
            } else {
                ws.write_string_with_format(row, 0, text, f).map_err(e)?;
            }
            let lines = (text_width(text) / total).ceil().max(1.0);
            ws.set_row_height(row, height * lines + 2.0).map_err(e)?;
        }
        let mut lines: f64 = 1.0;
        for (c, h) in heads.iter().enumerate() {
            let h = h.as_ref();
            let f = if c as u16 >= numeric_from {
                &st.header_num
            } else {
                &st.header
            };
            ws.write_string_with_format(SHEET_HEADER_ROW, c as u16, h, f)
                .map_err(e)?;
            // A header may wrap over up to three lines.
            let w = text_width(h);
            let col = (w / 3.0).max(6.0) + 1.0;
            lines = lines.max((w / col).ceil());
            l.header_width.push(w);
            l.grow(c as u16, col);
        }
        ws.set_row_height(SHEET_HEADER_ROW, 15.0 * lines + 3.0)
            .map_err(e)?;
        Ok(l)
    }

    /// The next data row.
    pub fn next_row(&mut self) -> u32 {
        self.next += 1;
        self.next - 1
    }

    /// The last data row written (the header row when none).
    pub fn last_row(&self) -> u32 {
        self.next - 1
    }

    /// Writes a text; one wider than its column may grow wraps.
    pub fn text(&mut self, ws: &mut Worksheet, st: &Styles, r: u32, c: u16, s: &str) -> Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        let w = text_width(s);
        let max = self.max_width(c);
        let wraps = w > max || s.contains('\n');
        let f = if wraps { &st.wrap } else { &st.text };
        ws.write_string_with_format(r, c, s, f)
            .map_err(xlsx_error)?;
        self.grow(c, w);
        if wraps {
            // Spreadsheet programs do not always grow a row for wrapped
            // text when they open a file: give it the height it needs.
            let lines: f64 = s
                .lines()
                .map(|l| (text_width(l) / (max * 0.95)).ceil().max(1.0))
                .sum();
            let lines = if self.tall.0 == r {
                lines.max(self.tall.1)
            } else {
                lines
            };
            self.tall = (r, lines);
            ws.set_row_height(r, 15.0 * lines + 3.0)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }

    /// Writes a number in a format; `shown` is how many characters it prints.
    pub fn number(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        c: u16,
        v: Option<f64>,
        f: &Format,
        shown: usize,
    ) -> Result<()> {
        if let Some(v) = v {
            ws.write_number_with_format(r, c, v, f)
                .map_err(xlsx_error)?;
            self.grow(c, shown as f64 + 3.0);
        }
        Ok(())
    }

    /// Sets the widths, freezes the headers and the first `id_cols`
    /// columns, repeats both on every printed page, adds a filter, and sets
    /// A4 landscape one page wide.
    pub fn finish(&self, ws: &mut Worksheet, id_cols: u16) -> Result<()> {
        let e = xlsx_error;
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, w.max(4.0)).map_err(e)?;
        }
        let last = self.next - 1;
        if last > SHEET_HEADER_ROW && !self.header_width.is_empty() {
            ws.autofilter(
                SHEET_HEADER_ROW,
                0,
                last,
                self.header_width.len() as u16 - 1,
            )
            .map_err(e)?;
        }
        ws.set_freeze_panes(SHEET_HEADER_ROW + 1, id_cols)
            .map_err(e)?;
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_footer("&C&P / &N");
        ws.set_repeat_rows(SHEET_HEADER_ROW, SHEET_HEADER_ROW)
            .map_err(e)?;
        if id_cols > 0 {
            ws.set_repeat_columns(0, id_cols - 1).map_err(e)?;
        }
        Ok(())
    }
}

/// A [`Layout`] with its worksheet and styles, for a sheet written at once.
pub struct Sheet<'a> {
    ws: &'a mut Worksheet,
    st: &'a Styles,
    layout: Layout,
}

impl<'a> Sheet<'a> {
    /// Starts a sheet: name, title, explanation and headers (see
    /// [`Layout::start`]).
    pub fn new(
        ws: &'a mut Worksheet,
        st: &'a Styles,
        name: &str,
        title: &str,
        explanation: &str,
        heads: &[impl AsRef<str>],
        numeric_from: u16,
    ) -> Result<Sheet<'a>> {
        let layout = Layout::start(ws, st, name, title, explanation, heads, numeric_from)?;
        Ok(Sheet { ws, st, layout })
    }

    /// The next data row.
    pub fn next_row(&mut self) -> u32 {
        self.layout.next_row()
    }

    /// The last data row written (the header row when none).
    pub fn last_row(&self) -> u32 {
        self.layout.last_row()
    }

    /// The header row.
    pub fn header_row(&self) -> u32 {
        SHEET_HEADER_ROW
    }

    /// Writes a text (see [`Layout::text`]).
    pub fn text(&mut self, r: u32, c: u16, s: &str) -> Result<()> {
        self.layout.text(self.ws, self.st, r, c, s)
    }

    /// Writes a mean score (`0.00`).
    pub fn mean(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        self.layout.number(self.ws, r, c, v, &self.st.mean, 5)
    }

    /// Writes an integer.
    pub fn int(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        let shown = v.map_or(1, |x| format!("{x:.0}").len());
        self.layout.number(self.ws, r, c, v, &self.st.int, shown)
    }

    /// Writes a ratio as a percentage.
    pub fn pct(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        self.layout.number(self.ws, r, c, v, &self.st.pct, 7)
    }

    /// Writes a signed change of a mean.
    pub fn delta(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        self.layout.number(self.ws, r, c, v, &self.st.delta, 6)
    }

    /// Writes a signed change of a ratio.
    pub fn delta_pct(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        self.layout.number(self.ws, r, c, v, &self.st.delta_pct, 7)
    }

    /// Caps a column's width (see [`Layout::cap`]).
    pub fn cap(&mut self, c: u16, width: f64) {
        self.layout.cap(c, width);
    }

    /// The worksheet, for what this helper does not cover.
    pub fn ws(&mut self) -> &mut Worksheet {
        self.ws
    }

    /// Finishes the sheet (see [`Layout::finish`]).
    pub fn finish(self, id_cols: u16) -> Result<()> {
        self.layout.finish(self.ws, id_cols)
    }
}
