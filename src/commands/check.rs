//! `x1060 check PATH...`: every X.1060 rule over files and whole folders.
//!
//! Files are checked in parallel and reported in path order as they finish
//! ([`in_order`]), so memory stays bounded however many files there are.

use std::io::Write;

use anyhow::{Context, Result};

use super::args::{JobsArgs, LangArgs, PathsArgs, ReadArgs};
use super::batch::{collect_files, exit_code, in_order, progress_bar};
use x1060::analysis::{Status, Summary, check_file_all};
use x1060::write::findings::{Format, Printer};

/// Arguments of `x1060 check`.
#[derive(Debug, clap::Args)]
// `--help` lists the options in this order (as before the groups).
#[command(
    mut_arg("lang", |a| a.help("Language of the messages (default: from LANG)")),
    mut_arg("format", |a| a.display_order(1)),
    mut_arg("strict", |a| a.display_order(2)),
    mut_arg("lang", |a| a.display_order(3)),
    mut_arg("sheet", |a| a.display_order(4)),
    mut_arg("jobs", |a| a.display_order(5)),
    mut_arg("max_size", |a| a.display_order(6)),
    mut_arg("no_figures", |a| a.display_order(7)),
)]
pub struct Args {
    /// `PATH...`.
    #[command(flatten)]
    pub inputs: PathsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when any file has a warning.
    #[arg(long)]
    pub strict: bool,
    /// `--lang`.
    #[command(flatten)]
    pub lang: LangArgs,
    /// `--sheet`, `--max-size`.
    #[command(flatten)]
    pub read: ReadArgs,
    /// `-j N`.
    #[command(flatten)]
    pub jobs: JobsArgs,
    /// Leave the computed figures out of the JSON.
    #[arg(long)]
    pub no_figures: bool,
}

/// Runs `x1060 check`.
pub fn run(args: Args) -> Result<i32> {
    super::return_freed_memory_at_once();
    let files = collect_files(&args.inputs.paths).context("cannot list the input folders")?;
    if let Some(missing) = args.inputs.paths.iter().find(|p| !p.exists()) {
        anyhow::bail!("{}: no such file or folder", missing.display());
    }
    let lang = args.lang.resolve();
    let opts = args.read.read_options();
    let progress = progress_bar(files.len() as u64);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let printer = Printer::new(args.format, lang, !args.no_figures);
    printer.begin(&mut out)?;
    let mut summary = Summary::default();
    // Each worker renders its file's output; the main thread only counts and
    // writes the bytes in path order.
    let render = |i: usize, f: &std::path::PathBuf| -> x1060::write::Result<Vec<Rendered>> {
        // One result per portfolio of the file.
        let results = check_file_all(f, &opts, args.read.sheet());
        let out = results
            .iter()
            .enumerate()
            .map(|(k, r)| {
                printer.render(r, i == 0 && k == 0).map(|bytes| Rendered {
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
    };
    in_order(&files, args.jobs.jobs, render, |file| {
        for r in file? {
            summary.add_counts(r.status, &r.rules);
            out.write_all(&r.bytes)?;
        }
        Ok(())
    })?;
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
