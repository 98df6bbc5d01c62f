//! A whole workbook annotated: every portfolio found and evaluated, the
//! language chosen from the header, a panic contained. `x1060 annotate`
//! and `x1060 serve` both call [`annotate_book`].

use std::path::{Path, PathBuf};

use super::annotate;
use crate::analysis::Evaluated;
use crate::catalogue::Lang;
use crate::read::{self, Limits};

/// The default output: `<stem>.annotated.xlsx` in the current folder
/// (`.xlsm` for a macro-enabled input, whose macros are kept).
///
/// ```
/// use std::path::Path;
/// use x1060::write::annotate::default_output;
/// assert_eq!(default_output(Path::new("in/pf.xlsx")), Path::new("pf.annotated.xlsx"));
/// assert_eq!(default_output(Path::new("pf.XLSM")), Path::new("pf.annotated.xlsm"));
/// ```
pub fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "portfolio".into(), |s| s.to_string_lossy());
    let macros = input
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsm"));
    PathBuf::from(format!(
        "{stem}.annotated.{}",
        if macros { "xlsm" } else { "xlsx" }
    ))
}

/// True when the portfolio's header is written in Japanese (kana or kanji).
pub fn header_is_japanese(book: &read::Workbook, ev: &Evaluated) -> bool {
    let Some(layout) = &ev.portfolio.layout else {
        return false;
    };
    let Some(sheet) = book.sheets.iter().find(|s| s.name == ev.portfolio.sheet) else {
        return false;
    };
    (layout.header_row..layout.header_row + layout.header_rows.max(1)).any(|r| {
        sheet.grid.row(r).iter().any(|v| {
            v.as_text().is_some_and(|t| {
                t.chars()
                    .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
            })
        })
    })
}

/// An annotated workbook with what it was made from.
pub struct Annotated {
    /// The annotated workbook.
    pub bytes: Vec<u8>,
    /// Every portfolio of the workbook, evaluated (one self-check each).
    pub portfolios: Vec<Evaluated>,
    /// The language of what was added.
    pub lang: Lang,
}

/// Annotates every portfolio of a workbook that has been read: `original`
/// is the package of an `.xlsx`/`.xlsm` (edited in place), `None` for a
/// workbook rebuilt from its values. The error is one line, without the
/// file's name. Shared by `annotate` and `serve`.
///
/// ```
/// use x1060::read::{Limits, ReadOptions, read_workbook};
/// use x1060::write::annotate::annotate_book;
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/sample-en.xlsx");
/// // `formulas: true` keeps what annotating in place needs (formulas, merges).
/// let opts = ReadOptions { formulas: true, ..ReadOptions::default() };
/// let book = read_workbook(path.as_ref(), &opts)?;
/// let original = std::fs::read(path).unwrap();
/// let done = annotate_book(&book, Some(&original), None, None, &Limits::default())
///     .expect("annotated");
/// assert_eq!(done.portfolios.len(), 1);
/// assert_eq!(&done.bytes[..2], b"PK"); // an .xlsx package
/// let out = tempfile::tempdir().unwrap();
/// x1060::write::output::write_new(&out.path().join("pf.annotated.xlsx"), &[], false, &done.bytes).unwrap();
/// # Ok::<(), x1060::ReadError>(())
/// ```
pub fn annotate_book(
    book: &read::Workbook,
    original: Option<&[u8]>,
    sheet: Option<&str>,
    lang: Option<Lang>,
    limits: &Limits,
) -> std::result::Result<Annotated, String> {
    let found = match read::find_portfolios(book, sheet) {
        Ok(found) => found,
        Err(none) => {
            return Err(format!(
                "no portfolio found: {}; annotate needs a sheet with a column of X.1060 service IDs or names (name it with --sheet)",
                none.en
            ));
        }
    };
    let portfolios: Vec<Evaluated> = found.into_iter().map(Evaluated::of).collect();
    let lang = lang.unwrap_or_else(|| {
        if portfolios
            .first()
            .is_some_and(|ev| header_is_japanese(book, ev))
        {
            Lang::Ja
        } else {
            Lang::En
        }
    });
    match crate::contain::catch(std::panic::AssertUnwindSafe(|| {
        annotate(book, &portfolios, lang, original, limits)
    })) {
        Ok(Ok(bytes)) => Ok(Annotated {
            bytes,
            portfolios,
            lang,
        }),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(read::ReadErrorKind::Internal(panic).describe()),
    }
}
