//! `x1060 report PATH...`: one summary of many portfolios — a workbook
//! (default `summary.xlsx`), or JSON / CSV.
//!
//! Files are read in parallel a chunk at a time; each file's
//! result is cut down to its [`ReportRow`] in the worker, and the rows are
//! written in path order as each chunk finishes, so memory stays bounded
//! however many files there are.
//!
//! Exit code as `check`: 2 when any file is unreadable, 1 when any has an
//! error finding, else 0. The report is written in every case.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::batch::{collect_files, exit_code, progress_bar, worker_pool};
use crate::commands::args::{JobsArgs, LangArgs, OutputArgs, PathsArgs, ReadArgs};
use x1060::analysis::{Status, check_file_all};
use x1060::catalogue::Lang;
use x1060::write::report::{
    AtomicOut, CsvSink, JsonSink, ReportRow, Sink, TextOut, Totals, XlsxSink, count_row,
};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary workbook (Summary, Categories, Findings, Unreadable, Totals).
    Xlsx,
    /// One JSON document, `x1060-report` (schema in the README).
    Json,
    /// One row per workbook.
    Csv,
    /// One self-contained HTML page (group view, then one page per organisation).
    Html,
}

/// Arguments of `x1060 report`.
#[derive(Debug, clap::Args)]
// `--help` lists the options in this order (as before the groups).
#[command(
    mut_arg("output", |a| a.help("Output file (default: summary.xlsx for xlsx, standard output for json and csv)")),
    mut_arg("lang", |a| a.help("Language of the workbook and the messages (default: from LANG)")),
    mut_arg("output", |a| a.display_order(1)),
    mut_arg("format", |a| a.display_order(2)),
    mut_arg("lang", |a| a.display_order(3)),
    mut_arg("sheet", |a| a.display_order(4)),
    mut_arg("jobs", |a| a.display_order(5)),
    mut_arg("force", |a| a.display_order(6)),
    mut_arg("max_size", |a| a.display_order(7)),
)]
pub struct Args {
    /// `PATH...`.
    #[command(flatten)]
    pub inputs: PathsArgs,
    /// `-o FILE`, `--force`.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: Format,
    /// `--lang`.
    #[command(flatten)]
    pub lang: LangArgs,
    /// `--sheet`, `--max-size`.
    #[command(flatten)]
    pub read: ReadArgs,
    /// `-j N`.
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// Files read at a time: bounds memory on folders of any size.
const CHUNK: usize = 512;

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Runs `x1060 report`.
pub fn run(args: Args) -> Result<i32> {
    super::return_freed_memory_at_once();
    if let Some(missing) = args.inputs.paths.iter().find(|p| !p.exists()) {
        anyhow::bail!("{}: no such file or folder", missing.display());
    }
    let mut files = collect_files(&args.inputs.paths).context("cannot list the input folders")?;
    let lang = args.lang.resolve();
    let output = args
        .out
        .or((args.format == Format::Xlsx).then_some("summary.xlsx"));
    if let Some(out) = &output {
        // A report written into a folder it reads is not one of its inputs
        // (the next run would read it); a file named on the command line is.
        files.retain(|f| args.inputs.paths.contains(f) || !same_file(f, out));
    }
    if args.format == Format::Html {
        return run_html(&args, &files, output.as_deref(), lang);
    }
    let target = match &output {
        Some(out) => {
            let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            Some(AtomicOut::create(out, &inputs, args.out.force)?)
        }
        None => None,
    };
    let text_out = |target: Option<AtomicOut>| match target {
        Some(t) => TextOut::file(t),
        None => Ok(TextOut::stdout()),
    };
    let mut sink: Box<dyn Sink> = match args.format {
        Format::Xlsx => Box::new(XlsxSink::new(target.context("no output file")?, lang)?),
        Format::Json => Box::new(JsonSink::new(text_out(target)?)?),
        Format::Csv => Box::new(CsvSink::new(text_out(target)?)?),
        Format::Html => anyhow::bail!("internal error: html is written by run_html"),
    };

    let opts = args.read.read_options();
    let pool = worker_pool(args.jobs.jobs)?;
    let progress = progress_bar(files.len() as u64);
    let mut totals = Totals::default();
    for chunk in files.chunks(CHUNK) {
        // One row per portfolio: a workbook holding several gives several.
        let rows: Vec<ReportRow> = pool.install(|| {
            chunk
                .par_iter()
                .flat_map_iter(|f| {
                    let results = check_file_all(f, &opts, args.read.sheet());
                    if let Some(p) = &progress {
                        p.inc(1);
                    }
                    results.into_iter().map(|r| ReportRow::of(&r, lang))
                })
                .collect()
        });
        for r in &rows {
            count_row(&mut totals, r);
            sink.row(r)?;
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    sink.finish(&totals)?;
    if let Some(out) = &output {
        eprintln!("{}", done_line(out, &totals, lang));
    }
    Ok(exit_code(&totals, false))
}

/// `--format html`: every file's result is kept (the page shows each
/// organisation in full), so this suits the tens of portfolios a group
/// collects rather than thousands.
fn run_html(args: &Args, files: &[PathBuf], output: Option<&Path>, lang: Lang) -> Result<i32> {
    let target = match output {
        Some(out) => {
            let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            Some(AtomicOut::create(out, &inputs, args.out.force)?)
        }
        None => None,
    };
    let opts = args.read.read_options();
    let pool = worker_pool(args.jobs.jobs)?;
    let results: Vec<_> = pool.install(|| {
        files
            .par_iter()
            .flat_map_iter(|f| check_file_all(f, &opts, args.read.sheet()))
            .collect()
    });
    let mut totals = Totals::default();
    for r in &results {
        totals.add(r);
    }
    let html = x1060::write::html::report::report_html(&results, lang);
    match target {
        Some(mut t) => {
            let path = t.path().to_path_buf();
            t.file()
                .write_all(html.as_bytes())
                .with_context(|| format!("{}: cannot write", path.display()))?;
            t.commit()?;
            eprintln!("{}", done_line(&path, &totals, lang));
        }
        None => {
            let mut so = std::io::stdout().lock();
            so.write_all(html.as_bytes())
                .context("cannot write to standard output")?;
            so.flush().ok();
        }
    }
    Ok(exit_code(&totals, false))
}

fn done_line(out: &Path, t: &Totals, lang: Lang) -> String {
    let s = |st| t.count(st);
    match lang {
        Lang::En => format!(
            "{}: {} workbooks ({} ok, {} with warnings, {} with errors, {} unreadable), {} findings",
            out.display(),
            t.files,
            s(Status::Ok),
            s(Status::Warning),
            s(Status::Error),
            s(Status::Unreadable),
            t.findings
        ),
        Lang::Ja => format!(
            "{}: {} ファイル（問題なし {}、警告あり {}、エラーあり {}、読めない {}）、指摘 {} 件",
            out.display(),
            t.files,
            s(Status::Ok),
            s(Status::Warning),
            s(Status::Error),
            s(Status::Unreadable),
            t.findings
        ),
    }
}
