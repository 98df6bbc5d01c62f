//! `x1060`: read, check, annotate and report ITU-T X.1060 (JT-X1060) Cyber
//! Defence Centre (CDC/CSC) service portfolios.
//!
//! # Start here
//!
//! Most programs need five calls, in the manner of calamine's
//! `open_workbook_auto` → `worksheet_range`:
//!
//! | to | call | gives |
//! |---|---|---|
//! | read a workbook (`.xlsx .xlsm .xls .ods`) within limits | [`read_workbook`] | a [`Workbook`] or a [`ReadError`] |
//! | find its portfolios (any sheet, any layout of WORKBOOKS.md) | [`find_portfolios`] | [`Portfolio`]s, or why there is none |
//! | check one against the rules and compute its figures | [`Evaluated::of`] | [`Finding`]s and [`Figures`] |
//! | or all of that for a file, a panic contained | [`check_file_all`] | one [`FileResult`] per portfolio |
//! | write: an annotated copy, a template, JSON | [`write::annotate::annotate_book`], [`write::template::template_bytes`], [`write::json::to_json`] | bytes, or a [`WriteError`] |
//!
//! ```
//! use x1060::{Evaluated, ReadOptions, Severity, find_portfolios, read_workbook};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/sample-en.xlsx");
//! let book = read_workbook(path.as_ref(), &ReadOptions::default())?;
//! let portfolio = find_portfolios(&book, None).expect("a portfolio").remove(0);
//! assert_eq!(portfolio.services.len(), 64);
//!
//! let checked = Evaluated::of(portfolio);
//! let errors = checked.findings.iter().filter(|f| f.severity == Severity::Error).count();
//! println!("{errors} errors; mean As-Is {:?}", checked.figures.overall.mean_as_is);
//! for f in &checked.findings {
//!     // `Portfolio!F12: S005 …`: every finding names its cell and rule.
//!     println!("{}!{}: {} {}", f.sheet.as_deref().unwrap_or(""), f.cell.as_deref().unwrap_or(""), f.rule, f.message(x1060::Lang::En));
//! }
//! # Ok::<(), x1060::ReadError>(())
//! ```
//!
//! # The flow
//!
//! The data flows one way, one module per stage:
//!
//! 1. [`read`] — open a workbook within limits and find the portfolio on it;
//! 2. [`model`] — the portfolio, every value as written, with its cell;
//! 3. [`rules`] — the X.1060 rules of `RULES.md`, one ID each;
//! 4. [`analysis`] — gaps, per-category and per-phase figures, priorities,
//!    and the result of one file ([`FileResult`]);
//! 5. [`write`](mod@write) — templates, annotated workbooks, reports, JSON and CSV.
//!
//! [`catalogue`] holds the 64 services and the vocabulary (data under
//! `templates/`, embedded), [`text`] the normalisation used for matching,
//! [`vocabulary`] the cell texts read with the vocabulary's words,
//! [`contain`] the panic containment a batch needs, [`serve`] the local web
//! page. The command line (`x1060 check …`) is the binary's own, not part
//! of this library; its errors come from the library's typed ones
//! ([`ReadError`], [`WriteError`], [`write::json::JsonError`]).
#![warn(missing_docs)]

pub mod analysis;
pub mod catalogue;
pub mod contain;
pub mod model;
pub mod read;
pub mod rules;
pub mod serve;
pub mod text;
pub mod vocabulary;
pub mod words;
pub mod write;

pub use analysis::{Evaluated, Figures, FileResult, Outcome, check_file_all};
pub use catalogue::Lang;
pub use model::Portfolio;
pub use read::{ReadError, ReadOptions, Workbook, find_portfolios, read_workbook};
pub use rules::{Finding, Severity};
pub use write::WriteError;
