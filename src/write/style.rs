//! The look of the generated workbooks, one place per language family:
//! the font of the language (游ゴシック for Japanese, Calibri for English),
//! the header fill, the base cell format, and the formats of the summary
//! workbooks ([`Styles`]: report, diff, history), and the fill of a cell
//! with a finding ([`severity_fill`]). The template, the self-check sheet
//! and the annotated workbook build their own formats on [`base_format`],
//! [`font_name`], [`HEADER_FILL`] and [`severity_fill`], so every workbook
//! this tool writes has one look per language.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet};

use crate::catalogue::Lang;
use crate::write::Result;
use crate::write::report::xlsx_error;

/// The fill of header cells (a pale blue), in every generated workbook.
pub const HEADER_FILL: u32 = 0xDDEBF7;

/// The fill of a cell with a finding of this severity (red, amber, blue),
/// in the annotated workbook's cells and its conditional marks alike.
///
/// ```
/// use x1060::rules::Severity;
/// assert_eq!(x1060::write::style::severity_fill(Severity::Error), 0xFFC7CE);
/// ```
pub fn severity_fill(severity: crate::rules::Severity) -> u32 {
    use crate::rules::Severity;
    match severity {
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFE699,
        Severity::Info => HEADER_FILL,
    }
}

/// The font of a workbook in this language.
///
/// ```
/// use x1060::catalogue::Lang;
/// assert_eq!(x1060::write::style::font_name(Lang::Ja), "游ゴシック");
/// assert_eq!(x1060::write::style::font_name(Lang::En), "Calibri");
/// ```
pub fn font_name(lang: Lang) -> &'static str {
    lang.pick("游ゴシック", "Calibri")
}

/// The base cell format of a template-style workbook in this language
/// (font, size 11, top alignment, and for Japanese the Shift-JIS charset
/// Excel records for 游ゴシック); every other format is built from it.
///
/// ```
/// use x1060::catalogue::Lang;
/// let bold = x1060::write::style::base_format(Lang::Ja).set_bold();
/// # let _ = bold;
/// ```
pub fn base_format(lang: Lang) -> Format {
    let f = Format::new()
        .set_font_name(font_name(lang))
        .set_font_size(11)
        .set_align(FormatAlign::Top);
    match lang {
        Lang::Ja => f.set_font_charset(128),
        Lang::En => f,
    }
}

/// The cell formats of the summary workbooks: report, diff and history.
pub struct Styles {
    /// Sheet title.
    pub title: Format,
    /// Bold text.
    pub bold: Format,
    /// Plain text.
    pub text: Format,
    /// The notice (bold, red).
    pub notice: Format,
    /// Header cells (bold, shaded, wrapped).
    pub header: Format,
    /// Header cells over numbers (as `header`, aligned right).
    pub header_num: Format,
    /// Long text, wrapped, top-aligned.
    pub wrap: Format,
    /// An integer.
    pub int: Format,
    /// A mean score (`0.00`).
    pub mean: Format,
    /// A ratio as a percentage (`0.0%`).
    pub pct: Format,
    /// A signed change of a mean (`+0.00`).
    pub delta: Format,
    /// A signed change of a ratio (`+0.0%`).
    pub delta_pct: Format,
}

impl Styles {
    /// The formats, in the font of the language (游ゴシック for Japanese,
    /// Calibri for English).
    pub fn new(lang: Lang) -> Styles {
        let base = Format::new().set_font_name(font_name(lang));
        let top = base.clone().set_align(FormatAlign::Top);
        let header = base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(HEADER_FILL)
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            bold: base.clone().set_bold(),
            notice: base.clone().set_bold().set_font_color("C00000"),
            header_num: header.clone().set_align(FormatAlign::Right),
            header,
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            int: top.clone().set_num_format("0"),
            mean: top.clone().set_num_format("0.00"),
            pct: top.clone().set_num_format("0.0%"),
            delta: top.clone().set_num_format("+0.00;-0.00;0.00"),
            delta_pct: top.clone().set_num_format("+0.0%;-0.0%;0.0%"),
            text: top,
        }
    }

    /// Writes a number, or nothing for `None`.
    pub fn number(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        v: Option<f64>,
        f: &Format,
    ) -> Result<()> {
        if let Some(v) = v {
            ws.write_number_with_format(row, col, v, f)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }
}
