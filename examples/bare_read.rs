//! The floor for this stack: what reading the same files costs with calamine
//! alone, in parallel like `x1060 check`, and nothing else (no zip guard, no
//! portfolio search, no rules, no output beyond one count).
//!
//! ```sh
//! cargo build --release --example bare_read
//! ./target/release/examples/bare_read [-j N] PATH...
//! ```
//!
//! Collects the `.xlsx` / `.xlsm` files under the paths (folders searched
//! recursively, Office lock files `~$…` skipped), opens each with
//! `calamine::Xlsx` from a `BufReader`, reads every worksheet's used range
//! (`worksheet_range`) and prints the number of non-empty cells, files and
//! files that failed. `bench/run.sh` compares `x1060 check` against it.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use calamine::{Reader, SheetType, Xlsx};
use rayon::prelude::*;

// The same allocator as `x1060`, so that the ratio measures the work, not
// the allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn usage() -> ExitCode {
    eprintln!("usage: bare_read [-j N] PATH...");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut jobs = 0usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-j" || a == "--jobs" {
            match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => jobs = n,
                None => return usage(),
            }
        } else if let Some(n) = a.strip_prefix("-j").filter(|n| !n.is_empty()) {
            match n.parse() {
                Ok(n) => jobs = n,
                Err(_) => return usage(),
            }
        } else if a == "-h" || a == "--help" {
            return usage();
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    if paths.is_empty() {
        return usage();
    }
    let mut files = Vec::new();
    for p in &paths {
        if let Err(e) = collect(p, &mut files) {
            eprintln!("bare_read: {}: {e}", p.display());
            return ExitCode::from(2);
        }
    }
    files.sort();
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("bare_read: {e}");
            return ExitCode::from(2);
        }
    };
    let failed = AtomicU64::new(0);
    let cells: u64 = pool.install(|| {
        files
            .par_iter()
            .map(|f| match read(f) {
                Ok(n) => n,
                Err(e) => {
                    eprintln!("bare_read: {}: {e}", f.display());
                    failed.fetch_add(1, Ordering::Relaxed);
                    0
                }
            })
            .sum()
    });
    let failed = failed.into_inner();
    println!("{cells} cells in {} files ({failed} failed)", files.len());
    if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Opens one workbook and reads every worksheet's used range; returns the
/// number of non-empty cells.
fn read(path: &Path) -> Result<u64, calamine::XlsxError> {
    let file = File::open(path).map_err(calamine::XlsxError::Io)?;
    let mut wb: Xlsx<_> = Xlsx::new(BufReader::new(file))?;
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut n = 0u64;
    for name in names {
        let range = wb.worksheet_range(&name)?;
        n += range.used_cells().count() as u64;
    }
    Ok(n)
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !p.is_dir() {
        out.push(p.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(p)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if !name.starts_with("~$") && matches!(ext.as_str(), "xlsx" | "xlsm") {
                out.push(path);
            }
        }
    }
    Ok(())
}
