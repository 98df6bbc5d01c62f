//! The batch machinery of `check` and `report` (and the file list of
//! `history`): the folder walk, `check`'s ordered workers ([`in_order`]),
//! `report`'s worker pool, the progress bar and the exit-code policy. The command line's own: a library caller checks one
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

/// The worker threads of `report` (`-j N`; default one per core), which
/// reads a chunk of files at a time (`check` uses [`in_order`]).
pub fn worker_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context;
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")
}

/// Runs `work` (given each item's position and the item) on every item on `jobs` threads (default: one per core) and
/// hands the results to `emit` on the calling thread, in the items' order.
///
/// The next free worker takes the next item, and `emit` runs while the
/// workers go on, so no worker waits for a slow file's neighbours or for
/// the output to be written (a chunk-at-a-time batch idles at every chunk's
/// end). A worker may run at most `window` items ahead of the last one
/// emitted, so memory stays bounded however many items there are and however
/// slow one of them is. An error from `emit` stops the batch.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    jobs: Option<usize>,
    work: impl Fn(usize, &T) -> R + Sync,
    mut emit: impl FnMut(R) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, mpsc};

    let threads = jobs
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .min(items.len().max(1));
    let window = 16 * threads;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results have been emitted, for the workers' window.
    let emitted = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, emitted, work) = (&next, &stop, &emitted, &work);
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let (done, more) = emitted;
                    let mut n = done.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *n + window && !stop.load(Ordering::Relaxed) {
                        n = more.wait(n).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(n);
                    if tx.send((i, work(i, &items[i]))).is_err() {
                        break;
                    }
                }
            });
            if let Err(e) = worker {
                // The workers already started finish their items unread.
                stop.store(true, Ordering::Relaxed);
                emitted.1.notify_all();
                return Err(anyhow::Error::new(e).context("cannot start worker threads"));
            }
        }
        drop(tx);
        let result = emit_in_order(&rx, &mut emit, |n| {
            *emitted.0.lock().unwrap_or_else(|e| e.into_inner()) = n;
            emitted.1.notify_all();
        });
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            emitted.1.notify_all();
        }
        drop(rx);
        result
    })
}

/// Receives `(index, result)` pairs in any order and emits the results in
/// index order, telling `progress` how many have been emitted.
fn emit_in_order<R>(
    rx: &std::sync::mpsc::Receiver<(usize, R)>,
    emit: &mut impl FnMut(R) -> anyhow::Result<()>,
    progress: impl Fn(usize),
) -> anyhow::Result<()> {
    let mut waiting = std::collections::BTreeMap::new();
    let mut expected = 0;
    for (i, r) in rx {
        waiting.insert(i, r);
        let before = expected;
        while let Some(r) = waiting.remove(&expected) {
            emit(r)?;
            expected += 1;
        }
        if expected > before {
            progress(expected);
        }
    }
    Ok(())
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

#[cfg(test)]
mod in_order_tests {
    use super::in_order;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_out_in_the_items_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..300).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            Some(4),
            |i, &x| {
                // Every seventh item is slow, so later ones finish first.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                x * 10
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..300).map(|x| x * 10).collect::<Vec<_>>());
    }

    #[test]
    fn no_worker_runs_further_ahead_than_the_window() {
        let items: Vec<usize> = (0..400).collect();
        let started = AtomicUsize::new(0);
        let emitted = AtomicUsize::new(0);
        let worst = AtomicUsize::new(0);
        in_order(
            &items,
            Some(2),
            |i, _| {
                started.fetch_max(i, Ordering::SeqCst);
                let ahead = i.saturating_sub(emitted.load(Ordering::SeqCst));
                worst.fetch_max(ahead, Ordering::SeqCst);
                if i == 5 {
                    // One slow item: the other worker must stop at the window.
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            },
            |()| {
                emitted.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(started.load(Ordering::SeqCst), 399);
        assert!(worst.load(Ordering::SeqCst) <= 16 * 2, "{worst:?}");
    }

    #[test]
    fn an_error_while_emitting_stops_the_batch_and_is_returned() {
        let items: Vec<usize> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let mut emitted = 0;
        let err = in_order(
            &items,
            Some(2),
            |_, _| {
                done.fetch_add(1, Ordering::SeqCst);
            },
            |()| {
                emitted += 1;
                if emitted == 3 {
                    anyhow::bail!("broken pipe");
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "broken pipe");
        assert!(done.load(Ordering::SeqCst) < 10_000);
    }

    #[test]
    fn no_items_no_work() {
        let items: Vec<u8> = Vec::new();
        in_order(&items, None, |_, _| unreachable!(), |()| unreachable!()).unwrap();
    }
}
