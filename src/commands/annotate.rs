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

use super::args::{LangArgs, OutputArgs, ReadArgs};

/// Arguments of `x1060 annotate`.
#[derive(Debug, clap::Args)]
// `--help` reads as before the groups: this command's wording and order.
#[command(
    mut_arg("output", |a| a.value_name("OUT").help("Output file (default: `<name>.annotated.xlsx` in the current folder)").display_order(1)),
    mut_arg("lang", |a| a.help("Language of the added columns, sheets and notes (default: the language of the portfolio's header)").display_order(2)),
    mut_arg("sheet", |a| a.display_order(3)),
    mut_arg("force", |a| a.help("Replace the output if it exists").display_order(4)),
    mut_arg("max_size", |a| a.help("Largest input file accepted, in MB").display_order(5)),
)]
pub struct Args {
    /// The portfolio workbook (.xlsx, .xlsm, .xls or .ods).
    pub file: PathBuf,
    /// `-o FILE`, `--force`.
    #[command(flatten)]
    pub out: OutputArgs,
    /// `--lang` (none: the language of the portfolio's header).
    #[command(flatten)]
    pub lang: LangArgs,
    /// `--sheet`, `--max-size`.
    #[command(flatten)]
    pub read: ReadArgs,
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
        limits: super::batch::limits(args.read.max_size),
        formulas: true,
        ..Default::default()
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
        args.read.sheet(),
        args.lang.lang,
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
    let out = args
        .out
        .output
        .clone()
        .unwrap_or_else(|| default_output(path));
    if let Err(e) = write_new(&out, &[path.as_path()], args.out.force, &bytes) {
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
