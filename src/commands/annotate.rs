//! `x1060 annotate FILE`: an annotated copy of a portfolio workbook — the
//! user's sheets kept, columns added with the normalised values, gaps,
//! priorities and findings, flagged cells coloured with notes, and the
//! self-check, priority and findings sheets (see [`x1060::write::annotate`]).

use std::path::PathBuf;

use anyhow::Result;

use x1060::catalogue::Lang;
use x1060::read::{self, ReadOptions};
use x1060::rules::Severity;
use x1060::write::annotate::{Annotated, annotate_book, default_output};
use x1060::write::output::write_new;

/// Arguments of `x1060 annotate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The portfolio workbook (.xlsx, .xlsm, .xls or .ods).
    pub file: PathBuf,
    /// Output file (default: `<name>.annotated.xlsx` in the current folder).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Language of the added columns, sheets and notes (default: the
    /// language of the portfolio's header).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Read the portfolio from this sheet instead of searching.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Replace the output if it exists.
    #[arg(long)]
    pub force: bool,
    /// Largest input file accepted, in MB.
    #[arg(long, value_name = "MB")]
    pub max_size: Option<u64>,
}

/// Runs `x1060 annotate`: 0 when the annotated file is written, 2 when the
/// input cannot be read, holds no portfolio, or the output cannot be written.
pub fn run(args: Args) -> Result<i32> {
    let path = &args.file;
    let fail = |reason: String| {
        eprintln!("{}: {reason}", path.display());
        Ok(2)
    };
    let opts = ReadOptions {
        limits: super::batch::limits(args.max_size),
        formulas: true,
    };
    let book = match x1060::contain::catch(|| read::read_workbook(path, &opts)) {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return fail(e.kind.describe()),
        Err(panic) => return fail(read::ReadErrorKind::Internal(panic).describe()),
    };
    let original = match book.format {
        read::Format::Xlsx => match std::fs::read(path) {
            Ok(b) => Some(b),
            Err(e) => return fail(format!("cannot read the file again ({e})")),
        },
        _ => None,
    };
    let annotated = annotate_book(
        &book,
        original.as_deref(),
        args.sheet.as_deref(),
        args.lang,
        &opts.limits,
    );
    let Annotated {
        bytes,
        portfolios,
        lang,
    } = match annotated {
        Ok(a) => a,
        Err(reason) => return fail(reason),
    };
    let out = args.output.clone().unwrap_or_else(|| default_output(path));
    if let Err(e) = write_new(&out, &[path.as_path()], args.force, &bytes) {
        eprintln!("{}{}", e.line().replace('\n', " "), super::advice(&e));
        return Ok(2);
    }
    let n = |s| {
        portfolios
            .iter()
            .flat_map(|ev| &ev.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let to_improve: usize = portfolios
        .iter()
        .map(|ev| ev.figures.priorities.len())
        .sum();
    let line = match lang {
        Lang::Ja => format!(
            "{}: エラー {}、警告 {}、情報 {}、優先して改善するサービス {}",
            out.display(),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info),
            to_improve
        ),
        Lang::En => format!(
            "{}: {} error(s), {} warning(s), {} info(s), {} service(s) to improve",
            out.display(),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info),
            to_improve
        ),
    };
    println!("{line}");
    if original.is_none() {
        println!(
            "{}",
            lang.pick(
                "この形式 (.xls / .ods) の書式は引き継げないため、値から .xlsx を作り直しました。",
                "styles of an .xls / .ods file cannot be kept: the annotated .xlsx was rebuilt from its values."
            )
        );
    }
    Ok(0)
}
