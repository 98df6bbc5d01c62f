//! A generated sheet that reads well printed: a title and a line of
//! explanation on top, headers aligned with their values, column widths from
//! the content (long texts wrap instead of being clipped), frozen and
//! repeated headers and identifying columns, A4 landscape one page wide.
//! Used by the diff and history workbooks.

use anyhow::Result;
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

/// A sheet being written (see the module docs).
pub struct Sheet<'a> {
    ws: &'a mut Worksheet,
    st: &'a Styles,
    widths: Vec<f64>,
    header_width: Vec<f64>,
    numeric: Vec<bool>,
    next: u32,
    title: String,
    explanation: String,
}

impl<'a> Sheet<'a> {
    /// Names the sheet; the title and explanation are written at
    /// [`Sheet::finish`], merged over the table's width.
    pub fn new(
        ws: &'a mut Worksheet,
        st: &'a Styles,
        name: &str,
        title: &str,
        explanation: &str,
    ) -> Result<Sheet<'a>> {
        ws.set_name(name).map_err(xlsx_error)?;
        Ok(Sheet {
            ws,
            st,
            widths: Vec::new(),
            header_width: Vec::new(),
            numeric: Vec::new(),
            next: SHEET_HEADER_ROW + 1,
            title: title.to_string(),
            explanation: explanation.to_string(),
        })
    }

    fn grow(&mut self, c: u16, w: f64) {
        let c = c as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0.0);
        }
        self.widths[c] = self.widths[c].max(w.min(MAX_WIDTH));
    }

    /// Writes the header row; columns from `numeric_from` on hold numbers
    /// (their headers align right, over the values).
    pub fn headers(&mut self, heads: &[String], numeric_from: u16) -> Result<()> {
        for (c, h) in heads.iter().enumerate() {
            let numeric = c as u16 >= numeric_from;
            self.numeric.push(numeric);
            let f = if numeric {
                &self.st.header_num
            } else {
                &self.st.header
            };
            self.ws
                .write_string_with_format(SHEET_HEADER_ROW, c as u16, h, f)
                .map_err(xlsx_error)?;
            // A header may wrap over up to three lines.
            let w = text_width(h);
            self.header_width.push(w);
            self.grow(c as u16, (w / 3.0).max(6.0) + 1.0);
        }
        Ok(())
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

    /// The header row.
    pub fn header_row(&self) -> u32 {
        SHEET_HEADER_ROW
    }

    /// Writes a text; one longer than [`MAX_WIDTH`] wraps.
    pub fn text(&mut self, r: u32, c: u16, s: &str) -> Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        let w = text_width(s);
        let f = if w > MAX_WIDTH || s.contains('\n') {
            &self.st.wrap
        } else {
            &self.st.text
        };
        self.ws
            .write_string_with_format(r, c, s, f)
            .map_err(xlsx_error)?;
        self.grow(c, w);
        Ok(())
    }

    /// Writes a number in a format; `shown` is how wide it prints.
    pub fn number_as(
        &mut self,
        r: u32,
        c: u16,
        v: Option<f64>,
        f: &Format,
        shown: usize,
    ) -> Result<()> {
        if let Some(v) = v {
            self.ws
                .write_number_with_format(r, c, v, f)
                .map_err(xlsx_error)?;
            self.grow(c, shown as f64 + 3.0);
        }
        Ok(())
    }

    /// Writes a mean score (`0.00`).
    pub fn mean(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        let f = self.st.mean.clone();
        self.number_as(r, c, v, &f, 5)
    }

    /// Writes an integer.
    pub fn int(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        let f = self.st.int.clone();
        let shown = v.map_or(1, |x| format!("{x:.0}").len());
        self.number_as(r, c, v, &f, shown)
    }

    /// Writes a ratio as a percentage.
    pub fn pct(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        let f = self.st.pct.clone();
        self.number_as(r, c, v, &f, 7)
    }

    /// Writes a signed change of a mean.
    pub fn delta(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        let f = self.st.delta.clone();
        self.number_as(r, c, v, &f, 6)
    }

    /// Writes a signed change of a ratio.
    pub fn delta_pct(&mut self, r: u32, c: u16, v: Option<f64>) -> Result<()> {
        let f = self.st.delta_pct.clone();
        self.number_as(r, c, v, &f, 7)
    }

    /// The worksheet, for what this helper does not cover.
    pub fn ws(&mut self) -> &mut Worksheet {
        self.ws
    }

    /// Sets the widths, writes the title and explanation merged over the
    /// table, freezes the headers and the first `id_cols` columns, repeats
    /// both on every printed page, adds a filter, and sets A4 landscape one
    /// page wide.
    pub fn finish(self, id_cols: u16) -> Result<()> {
        let e = xlsx_error;
        let ncols = self.widths.len().max(1) as u16;
        for (c, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, w.max(4.0)).map_err(e)?;
        }
        let total: f64 = self.widths.iter().sum::<f64>().max(30.0);
        // The header row is as tall as its most wrapped header.
        let lines = self
            .widths
            .iter()
            .zip(&self.header_width)
            .map(|(w, h)| (h / w).ceil())
            .fold(1.0, f64::max);
        self.ws
            .set_row_height(SHEET_HEADER_ROW, 16.0 * lines + 2.0)
            .map_err(e)?;
        let last_col = ncols - 1;
        for (row, text, f, height) in [
            (0u32, &self.title, &self.st.title, 22.0),
            (1, &self.explanation, &self.st.wrap, 16.0),
        ] {
            if last_col > 0 {
                self.ws
                    .merge_range(row, 0, row, last_col, text, f)
                    .map_err(e)?;
            } else {
                self.ws
                    .write_string_with_format(row, 0, text, f)
                    .map_err(e)?;
            }
            let lines = (text_width(text) / total).ceil().max(1.0);
            self.ws
                .set_row_height(row, height * lines + 2.0)
                .map_err(e)?;
        }
        let last = self.next - 1;
        if last > SHEET_HEADER_ROW && !self.header_width.is_empty() {
            self.ws
                .autofilter(
                    SHEET_HEADER_ROW,
                    0,
                    last,
                    self.header_width.len() as u16 - 1,
                )
                .map_err(e)?;
        }
        self.ws
            .set_freeze_panes(SHEET_HEADER_ROW + 1, id_cols)
            .map_err(e)?;
        self.ws
            .set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_footer("&C&P / &N");
        self.ws
            .set_repeat_rows(SHEET_HEADER_ROW, SHEET_HEADER_ROW)
            .map_err(e)?;
        if id_cols > 0 {
            self.ws.set_repeat_columns(0, id_cols - 1).map_err(e)?;
        }
        Ok(())
    }
}
