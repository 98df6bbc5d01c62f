//! The annotated workbook of `x1060 annotate` (WORKBOOKS.md → Annotated
//! workbook): the user's own workbook, with
//!
//! - columns added to the right of each portfolio (category, level,
//!   assignment, party, As-Is, To-Be, gap, priority, status, findings),
//!   headed `x1060: …` so the reader ignores them and a re-run replaces
//!   them; level, assignment and scores are live formulas over the user's
//!   own cells (`live.rs`);
//! - a note on every cell with a finding (an existing comment keeps its
//!   text and gains ours below it);
//! - per portfolio the sheets セルフチェック / Self-check (live figures and a
//!   radar chart, [`crate::write::selfcheck`]), `x1060 優先度` /
//!   `x1060 Priorities` and `x1060 指摘` / `x1060 Findings`.
//!
//! An `.xlsx` / `.xlsm` is edited in place (`patch.rs`): every part of the
//! package is copied byte for byte except the few annotate must change, and
//! in those only what annotate adds changes (docs/annotate.md says why and
//! how this was chosen). `.xls` and `.ods` are rebuilt from their values
//! (`rebuild.rs`). What an earlier run added is found and replaced, never
//! stacked.

mod book;
mod comments;
mod graft;
mod live;
mod patch;
mod rebuild;
mod sheets;
mod sheetxml;

use rust_xlsxwriter::XlsxError;

pub use book::{Annotated, annotate_book, default_output, header_is_japanese};

use crate::analysis::Evaluated;
use crate::catalogue::Lang;
use crate::model::SheetLayout;
use crate::read::locate::{OURS_PREFIX, OURS_SHEET_PREFIX};
use crate::read::{Format as InputFormat, Limits, Workbook};

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
            Added::Category => lang.pick("カテゴリー", "category"),
            Added::Level => lang.pick("推奨レベル", "level"),
            Added::Assignment => lang.pick("割り当て", "assignment"),
            Added::Party => lang.pick("担当/委託先", "team / contractor"),
            Added::AsIs => lang.pick("現状", "As-Is"),
            Added::ToBe => lang.pick("あるべき姿", "To-Be"),
            Added::Gap => lang.pick("ギャップ", "gap"),
            Added::Priority => lang.pick("優先度", "priority"),
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

    /// The 0-based index among the added columns.
    fn offset(self) -> u32 {
        Added::ALL.iter().position(|&a| a == self).unwrap_or(0) as u32
    }
}

/// The names of the sheets `annotate` adds for the `k`-th portfolio
/// (0-based) of a workbook: the self-check (セルフチェック, ISOG-J's word),
/// the priorities and the findings. The last two carry the
/// [`OURS_SHEET_PREFIX`], so the reader never takes them for a portfolio.
///
/// ```
/// use x1060::catalogue::Lang;
/// use x1060::write::annotate::added_sheet_names;
/// assert_eq!(added_sheet_names(Lang::Ja, 0)[0], "セルフチェック");
/// assert_eq!(added_sheet_names(Lang::En, 1)[2], "x1060 Findings 2");
/// ```
pub fn added_sheet_names(lang: Lang, k: usize) -> [String; 3] {
    let n = if k == 0 {
        String::new()
    } else {
        format!(" {}", k + 1)
    };
    [
        format!("{}{n}", lang.pick("セルフチェック", "Self-check")),
        format!(
            "{OURS_SHEET_PREFIX}{}{n}",
            lang.pick("優先度", "Priorities")
        ),
        format!("{OURS_SHEET_PREFIX}{}{n}", lang.pick("指摘", "Findings")),
    ]
}

/// The defined name that marks a sheet annotate added (sheet-local).
pub(crate) const SHEET_MARK: &str = "x1060.added";

/// True for a sheet name that marks a sheet an earlier run added.
pub(crate) fn is_ours(name: &str) -> bool {
    name.starts_with(OURS_SHEET_PREFIX)
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

/// Writes the annotated workbook and returns its `.xlsx` bytes.
///
/// `portfolios` are the evaluated portfolios of `book` (one self-check,
/// priority and findings sheet each). For an `.xlsx` / `.xlsm` `book`,
/// `original` holds the file's bytes and the package is edited in place
/// (`patch.rs`); `.xls` and `.ods` are rebuilt from their values
/// (`rebuild.rs`), without their styles.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio, ReadOptions};
/// use x1060::analysis::Evaluated;
/// use x1060::write::annotate::annotate;
/// let opts = ReadOptions { formulas: true, ..Default::default() };
/// let book = read_workbook("portfolio.xlsx".as_ref(), &opts)?;
/// let ev = Evaluated::of(find_portfolio(&book, None).expect("a portfolio"));
/// let original = std::fs::read("portfolio.xlsx")?;
/// let bytes = annotate(&book, &[ev], x1060::catalogue::Lang::En, Some(&original), &opts.limits)?;
/// std::fs::write("portfolio.annotated.xlsx", bytes)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn annotate(
    book: &Workbook,
    portfolios: &[Evaluated],
    lang: Lang,
    original: Option<&[u8]>,
    limits: &Limits,
) -> Result<Vec<u8>, AnnotateError> {
    for ev in portfolios {
        if ev.portfolio.layout.is_none() {
            return Err(AnnotateError::NoLayout);
        }
        if is_ours(&ev.portfolio.sheet) {
            return Err(AnnotateError::OursName(ev.portfolio.sheet.clone()));
        }
    }
    match (book.format, original) {
        (InputFormat::Xlsx, Some(bytes)) => {
            patch::annotate_package(book, portfolios, lang, bytes, limits)
        }
        _ => rebuild::annotate_values(book, portfolios, lang),
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
