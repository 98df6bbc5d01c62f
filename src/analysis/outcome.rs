//! One file through the whole flow, read → model → rules → analysis, and
//! what it gave: [`FileResult`]. `check`, `annotate`, `report`, `diff`,
//! `history`, `export` and `serve` all start here; the writers of `write`
//! take its results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use super::{Evaluated, Status};
use crate::read::{self, ReadError, ReadErrorKind, ReadOptions, Workbook};
use crate::rules::{self, Finding, Severity};

/// What checking one file gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Not readable as a workbook.
    Unreadable(ReadError),
    /// A workbook with no portfolio: the X001 finding.
    NoPortfolio(Finding),
    /// A portfolio, checked.
    Checked(Box<Evaluated>),
}

/// One portfolio's result (a file holding several portfolios gives one each,
/// see [`check_file_all`]).
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The file.
    pub path: PathBuf,
    /// What it gave.
    pub outcome: Outcome,
    /// The portfolio's first sheet, when the file holds several portfolios
    /// (the result is then named `file#sheet`).
    pub portfolio: Option<String>,
}

impl FileResult {
    /// The result's name: the file's path, or `path#sheet` when the file
    /// holds several portfolios.
    pub fn name(&self) -> String {
        match &self.portfolio {
            Some(sheet) => format!("{}#{sheet}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// The findings (X001 alone for a workbook with no portfolio).
    pub fn findings(&self) -> &[Finding] {
        match &self.outcome {
            Outcome::Unreadable(_) => &[],
            Outcome::NoPortfolio(f) => std::slice::from_ref(f),
            Outcome::Checked(e) => &e.findings,
        }
    }

    /// The file's status.
    pub fn status(&self) -> Status {
        if matches!(self.outcome, Outcome::Unreadable(_)) {
            return Status::Unreadable;
        }
        match self.findings().iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Status::Error,
            Some(Severity::Warning) => Status::Warning,
            _ => Status::Ok,
        }
    }

    /// Counts of errors, warnings and infos.
    pub fn counts(&self) -> (u32, u32, u32) {
        let n = |s| self.findings().iter().filter(|f| f.severity == s).count() as u32;
        (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
    }
}

/// Reads and checks one file's first portfolio (kept for the commands that
/// handle one portfolio; [`check_file_all`] gives every one). A panic inside
/// is caught and reported as the file's internal error, so a batch goes on.
pub fn check_file(path: &Path, opts: &ReadOptions, sheet: Option<&str>) -> FileResult {
    check_file_all(path, opts, sheet).swap_remove(0)
}

/// Reads and checks every portfolio of one file (WORKBOOKS.md: overlapping
/// portfolio sheets are a portfolio each): one result per portfolio, never
/// an empty list. A panic inside is caught and reported as the file's
/// internal error.
///
/// ```
/// use x1060::{Lang, Outcome, ReadOptions, check_file_all};
/// use x1060::analysis::Status;
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/sample-ja.xlsx");
/// let results = check_file_all(path.as_ref(), &ReadOptions::default(), None);
/// assert_eq!(results.len(), 1); // one portfolio
/// let r = &results[0];
/// assert!(matches!(r.outcome, Outcome::Checked(_)));
/// assert_eq!(r.status(), Status::Error); // the sample holds a few mistakes
/// let (errors, warnings, _infos) = r.counts();
/// println!("{}: {errors} errors, {warnings} warnings", r.name());
///
/// // A file that is not a workbook is a result too, never a panic.
/// let r = &check_file_all("Cargo.toml".as_ref(), &ReadOptions::default(), None)[0];
/// assert_eq!(r.status(), Status::Unreadable);
/// if let Outcome::Unreadable(e) = &r.outcome {
///     assert!(e.message(Lang::En).starts_with("Cargo.toml: "));
/// }
/// ```
pub fn check_file_all(path: &Path, opts: &ReadOptions, sheet: Option<&str>) -> Vec<FileResult> {
    let outcomes = crate::contain::catch(|| match read::read_workbook(path, opts) {
        Err(e) => vec![Outcome::Unreadable(e)],
        Ok(wb) => evaluate_all(&wb, sheet),
    })
    .unwrap_or_else(|msg| {
        vec![Outcome::Unreadable(ReadError {
            path: path.to_path_buf(),
            kind: ReadErrorKind::Internal(msg),
        })]
    });
    let several = outcomes.len() > 1;
    outcomes
        .into_iter()
        .map(|outcome| FileResult {
            path: path.to_path_buf(),
            portfolio: match &outcome {
                Outcome::Checked(e) if several => Some(e.portfolio.sheet.clone()),
                _ => None,
            },
            outcome,
        })
        .collect()
}

/// Finds the first portfolio in a workbook and checks it.
pub fn evaluate_workbook(wb: &Workbook, sheet: Option<&str>) -> Outcome {
    evaluate_all(wb, sheet).swap_remove(0)
}

/// Finds every portfolio in a workbook and checks each (one X001 outcome
/// when there is none). The X001 message suggests `--sheet`.
pub fn evaluate_all(wb: &Workbook, sheet: Option<&str>) -> Vec<Outcome> {
    match read::find_portfolios(wb, sheet) {
        Err(mut none) => {
            none.en
                .push_str("; to read another sheet, name it with --sheet NAME");
            none.ja
                .push_str("。別のシートを読むには --sheet でシート名を指定してください");
            vec![Outcome::NoPortfolio(rules::no_portfolio(&none))]
        }
        Ok(all) => all
            .into_iter()
            .map(|p| Outcome::Checked(Box::new(Evaluated::of(p))))
            .collect(),
    }
}

/// Counts over a batch (`check` and `report`).
#[derive(Debug, Default)]
pub struct Summary {
    /// Files seen.
    pub files: u32,
    /// Files per status.
    pub by_status: BTreeMap<Status, u32>,
    /// Findings in all.
    pub findings: u32,
    /// Findings per rule.
    pub by_rule: BTreeMap<&'static str, u32>,
}

impl Summary {
    /// Counts one file.
    pub fn add(&mut self, r: &FileResult) {
        let rules: Vec<&'static str> = r.findings().iter().map(|f| f.rule).collect();
        self.add_counts(r.status(), &rules);
    }

    /// Counts one file from its status and the rules of its findings.
    pub fn add_counts(&mut self, status: Status, rules: &[&'static str]) {
        self.files += 1;
        *self.by_status.entry(status).or_default() += 1;
        for rule in rules {
            self.findings += 1;
            *self.by_rule.entry(rule).or_default() += 1;
        }
    }

    /// Files with this status.
    pub fn count(&self, s: Status) -> u32 {
        self.by_status.get(&s).copied().unwrap_or(0)
    }

    /// The summary as JSON.
    pub fn to_json(&self) -> Json {
        json!({
            "files": self.files,
            "ok": self.count(Status::Ok),
            "warning": self.count(Status::Warning),
            "error": self.count(Status::Error),
            "unreadable": self.count(Status::Unreadable),
            "findings": self.findings,
            "by_rule": self.by_rule,
        })
    }
}
