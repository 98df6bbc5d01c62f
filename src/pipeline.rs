//! One file through the whole flow: read → model → rules → analysis.
//! `check`, `annotate`, `report` and `diff` all start here.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use crate::read::{self, ReadError, ReadErrorKind, ReadOptions, Workbook};
use crate::rules::{self, Finding, Severity};

pub use crate::analysis::{Evaluated, Status};

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

/// The spreadsheet files under the given paths: files as given, folders
/// searched recursively for `.xlsx .xlsm .xls .ods` (Office lock files
/// `~$…` skipped), sorted.
pub fn collect_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&path, out)?;
        } else if ft.is_file() && is_workbook_name(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// True for a `.xlsx .xlsm .xls .ods` name that is not an Office lock file.
///
/// ```
/// use x1060::pipeline::is_workbook_name;
/// assert!(is_workbook_name("a/b.XLSX".as_ref()));
/// assert!(!is_workbook_name("a/~$b.xlsx".as_ref()));
/// assert!(!is_workbook_name("a/b.csv".as_ref()));
/// ```
pub fn is_workbook_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    !name.starts_with("~$") && matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Read options for a batch: default limits, or `--max-size MB`.
pub fn batch_read_options(max_size_mb: Option<u64>) -> ReadOptions {
    ReadOptions {
        limits: max_size_mb.map_or_else(
            crate::read::Limits::default,
            crate::read::Limits::with_max_size_mb,
        ),
        formulas: false,
    }
}

/// The worker threads of a batch (`-j N`; default one per core).
pub fn worker_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context;
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")
}

/// A progress bar on stderr for a batch, only when stderr is a terminal.
pub fn progress_bar(len: u64) -> Option<indicatif::ProgressBar> {
    if len < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
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

    /// 2 when a file was unreadable, 1 when one had an error (or a warning
    /// with `--strict`), else 0.
    pub fn exit_code(&self, strict: bool) -> i32 {
        if self.count(Status::Unreadable) > 0 {
            2
        } else if self.count(Status::Error) > 0 || (strict && self.count(Status::Warning) > 0) {
            1
        } else {
            0
        }
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
