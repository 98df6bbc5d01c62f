//! `x1060 check PATH...`: every X.1060 rule over files and whole folders.
//!
//! Files are checked in parallel and reported in path order, a chunk at a
//! time, so memory stays bounded however many files there are.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::batch::{batch_read_options, collect_files, exit_code, progress_bar, worker_pool};
use x1060::analysis::{Status, Summary, check_file_all};
use x1060::catalogue::Lang;
use x1060::write::findings::{Format, Printer};

/// Arguments of `x1060 check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks or folders (searched recursively for .xlsx .xlsm .xls .ods).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when any file has a warning.
    #[arg(long)]
    pub strict: bool,
    /// Language of the messages (default: from LANG).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Read the portfolio from this sheet instead of searching.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Parallel jobs (default: one per core).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Largest input file accepted, in MB (the inflated limit scales with it).
    #[arg(long, value_name = "MB")]
    pub max_size: Option<u64>,
    /// Leave the computed figures out of the JSON.
    #[arg(long)]
    pub no_figures: bool,
}

/// Files checked at a time: bounds memory on folders of any size (only each
/// file's rendered output is kept until it is printed in order).
const CHUNK: usize = 64;

/// Runs `x1060 check`.
pub fn run(args: Args) -> Result<i32> {
    let files = collect_files(&args.paths).context("cannot list the input folders")?;
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        anyhow::bail!("{}: no such file or folder", missing.display());
    }
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let opts = batch_read_options(args.max_size);
    let pool = worker_pool(args.jobs)?;
    let progress = progress_bar(files.len() as u64);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let printer = Printer::new(args.format, lang, !args.no_figures);
    printer.begin(&mut out)?;
    let mut summary = Summary::default();
    for (n, chunk) in files.chunks(CHUNK).enumerate() {
        // Each worker renders its file's output; the main thread only counts
        // and writes the bytes in path order.
        let rendered: Vec<x1060::write::Result<Vec<Rendered>>> = pool.install(|| {
            chunk
                .par_iter()
                .enumerate()
                .map(|(i, f)| {
                    // One result per portfolio of the file.
                    let results = check_file_all(f, &opts, args.sheet.as_deref());
                    let out = results
                        .iter()
                        .enumerate()
                        .map(|(k, r)| {
                            let first = n == 0 && i == 0 && k == 0;
                            printer.render(r, first).map(|bytes| Rendered {
                                status: r.status(),
                                rules: r.findings().iter().map(|f| f.rule).collect(),
                                bytes,
                            })
                        })
                        .collect();
                    if let Some(p) = &progress {
                        p.inc(1);
                    }
                    out
                })
                .collect()
        });
        for file in rendered {
            for r in file? {
                summary.add_counts(r.status, &r.rules);
                out.write_all(&r.bytes)?;
            }
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    printer.end(&mut out, &summary, files.len())?;
    out.flush().ok();
    Ok(exit_code(&summary, args.strict))
}

/// One file's output, rendered by a worker.
struct Rendered {
    status: Status,
    rules: Vec<&'static str>,
    bytes: Vec<u8>,
}
