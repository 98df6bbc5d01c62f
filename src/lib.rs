//! `x1060`: read, check, annotate and report ITU-T X.1060 (JT-X1060) Cyber
//! Defence Centre (CDC/CSC) service portfolios.
//!
//! The data flows one way, one module per stage:
//!
//! 1. [`read`] — open a workbook within limits and find the portfolio on it;
//! 2. [`model`] — the portfolio, every value as written, with its cell;
//! 3. [`rules`] — the X.1060 rules of `RULES.md`, one ID each;
//! 4. [`analysis`] — gaps, per-category and per-phase figures, priorities;
//! 5. [`write`](mod@write) — templates, annotated workbooks, reports, JSON and CSV.
//!
//! [`catalogue`] holds the 64 services and the vocabulary (data under
//! `templates/`, embedded), [`text`] the normalisation used for matching,
//! [`commands`] one file per subcommand.
//!
//! ```no_run
//! use x1060::{read, rules, analysis};
//! let wb = read::read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
//! let portfolio = read::find_portfolio(&wb, None).expect("a portfolio");
//! let parsed = portfolio.parse();
//! let findings = rules::check(&portfolio, &parsed);
//! let figures = analysis::figures(&portfolio, &parsed);
//! println!("{} findings, mean As-Is {:?}", findings.len(), figures.overall.mean_as_is);
//! # Ok::<(), read::ReadError>(())
//! ```
#![warn(missing_docs)]

pub mod analysis;
pub mod catalogue;
pub mod contain;
pub mod model;
pub mod read;
pub mod rules;
pub mod serve;
pub mod text;
pub mod words;
pub mod write;
