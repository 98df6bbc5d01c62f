//! The batch machinery of `check` and `report` (and the file list of
//! `history`): the folder walk, the worker pool, the progress bar and the
//! exit-code policy. The command line's own: a library caller checks one
//! file with [`x1060::analysis::check_file_all`] and runs its own loop.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use x1060::analysis::{Evaluated, FileResult, Outcome, Status, Summary};
use x1060::catalogue::Lang;

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
pub fn is_workbook_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    !name.starts_with("~$") && matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// The size limits of the command line: the defaults, or `--max-size MB`,
/// which a too-large error names.
pub fn limits(max_size_mb: Option<u64>) -> x1060::read::Limits {
    x1060::read::Limits {
        raise_with: Some("--max-size MB"),
        ..max_size_mb.map_or_else(
            x1060::read::Limits::default,
            x1060::read::Limits::with_max_size_mb,
        )
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

/// The exit code of a batch: 2 when a file was unreadable, 1 when one had an error (or a warning
/// with `--strict`), else 0.
pub fn exit_code(summary: &Summary, strict: bool) -> i32 {
    if summary.count(Status::Unreadable) > 0 {
        2
    } else if summary.count(Status::Error) > 0 || (strict && summary.count(Status::Warning) > 0) {
        1
    } else {
        0
    }
}

/// The portfolios of each file that `diff` and `history` compare, or `None`
/// after saying on stderr why a file gives none (unreadable, or no
/// portfolio on it): they compare only when every file is readable.
pub fn portfolios_to_compare(
    files: Vec<Vec<FileResult>>,
    lang: Lang,
) -> Option<Vec<Vec<Evaluated>>> {
    let mut failed = false;
    let mut books = Vec::new();
    for results in files {
        let mut book = Vec::new();
        for r in results {
            match r.outcome {
                Outcome::Checked(e) => book.push(*e),
                Outcome::Unreadable(e) => {
                    eprintln!("{e}");
                    failed = true;
                }
                Outcome::NoPortfolio(f) => {
                    let what = lang.pick(
                        "比較できるポートフォリオがありません。x1060 check で確認し、--sheet でシートを指定してください",
                        "there is nothing to compare; run x1060 check on it, or name the sheet with --sheet",
                    );
                    eprintln!("{}: {} ({what})", r.path.display(), f.message(lang));
                    failed = true;
                }
            }
        }
        books.push(book);
    }
    (!failed).then_some(books)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_names_and_lock_files() {
        assert!(is_workbook_name("a/b.XLSX".as_ref()));
        assert!(is_workbook_name("a/b.ods".as_ref()));
        assert!(!is_workbook_name("a/~$b.xlsx".as_ref()));
        assert!(!is_workbook_name("a/b.csv".as_ref()));
    }

    #[test]
    fn the_exit_code_policy() {
        let mut s = Summary::default();
        s.add_counts(Status::Warning, &["S005"]);
        assert_eq!(exit_code(&s, false), 0);
        assert_eq!(exit_code(&s, true), 1);
        s.add_counts(Status::Error, &["S001"]);
        assert_eq!(exit_code(&s, false), 1);
        s.add_counts(Status::Unreadable, &[]);
        assert_eq!(exit_code(&s, false), 2);
    }
}
