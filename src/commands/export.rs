//! `x1060 export FILE [--format json|csv|oscal] [-o OUT] [--sheet NAME] [--force]`:
//! the portfolio of a workbook as JSON (the versioned document of
//! [`x1060::write::json`]) or as a flat CSV, on standard output or in a file.
//! A workbook of several portfolios (overlapping sheets) exports every one:
//! the JSON document of version 2 ([`x1060::write::json::several`]), one CSV
//! with a `portfolio` column, one OSCAL document with a result each.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use x1060::analysis::{Evaluated, Outcome, check_file_all};
use x1060::read::ReadOptions;
use x1060::write::{json, output};

use super::args::{LangArgs, OutputArgs, ReadArgs};

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON document (schema `x1060-portfolio`, version 1; version 2 for several portfolios).
    Json,
    /// One row per service, values as written and parsed.
    Csv,
    /// An OSCAL 1.1.2 assessment-results document (see README → OSCAL).
    Oscal,
}

/// Arguments of `x1060 export`.
#[derive(Debug, clap::Args)]
// `--help` reads as before the groups: this command's wording and order.
#[command(
    mut_arg("format", |a| a.display_order(1)),
    mut_arg("output", |a| a.value_name("OUT").help("Output file (default: standard output)").display_order(2)),
    mut_arg("sheet", |a| a.value_name("NAME").display_order(3)),
    mut_arg("force", |a| a.help("Replace the output if it exists").display_order(4)),
    mut_arg("lang", |a| a.help("Language of the OSCAL titles and messages (default: from LANG)").display_order(5)),
    mut_arg("max_size", |a| a.help("Largest input file accepted, in MB").display_order(6)),
)]
pub struct Args {
    /// The workbook (.xlsx .xlsm .xls .ods).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// `-o FILE`, `--force`.
    #[command(flatten)]
    pub out: OutputArgs,
    /// `--lang`.
    #[command(flatten)]
    pub lang: LangArgs,
    /// `--sheet`, `--max-size`.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs `x1060 export`: 0 when written; a workbook that cannot be read or
/// holds no portfolio is an error (one line, exit 2).
pub fn run(args: Args) -> Result<i32> {
    if let Some(out) = &args.out.output {
        output::check_target(out, &[args.file.as_path()], args.out.force)?;
    }
    let opts = ReadOptions {
        limits: super::batch::limits(args.read.max_size),
        formulas: false,
        ..Default::default()
    };
    let results = check_file_all(&args.file, &opts, args.read.sheet());
    let mut all = Vec::new();
    for result in results {
        match result.outcome {
            Outcome::Unreadable(e) => bail!("{e}"),
            Outcome::NoPortfolio(finding) => bail!(
                "{}: {}; export needs a sheet listing X.1060 services (name it with --sheet, or check the file with `x1060 check`)",
                args.file.display(),
                finding.message_en
            ),
            Outcome::Checked(e) => all.push(e),
        }
    }
    let lang = args.lang.resolve();
    let bytes = if let [evaluated] = all.as_slice() {
        match args.format {
            Format::Json => json::to_json(&evaluated.portfolio).into_bytes(),
            Format::Csv => json::to_csv(&evaluated.portfolio, &evaluated.parsed)?,
            Format::Oscal => x1060::write::oscal::results::export(&args.file, evaluated, lang)?,
        }
    } else {
        // Several portfolios (overlapping sheets): every one is exported.
        match args.format {
            Format::Json => {
                let ps: Vec<_> = all.iter().map(|e| &e.portfolio).collect();
                json::several::to_json_several(&ps).into_bytes()
            }
            Format::Csv => {
                let ps: Vec<_> = all
                    .iter()
                    .map(|e| (&e.portfolio, e.parsed.as_slice()))
                    .collect();
                json::several::to_csv_several(&ps)?
            }
            Format::Oscal => {
                let es: Vec<&Evaluated> = all.iter().map(|e| e.as_ref()).collect();
                x1060::write::oscal::results::export_several(&args.file, &es, lang)?
            }
        }
    };
    match &args.out.output {
        Some(out) => output::write_new(out, &[args.file.as_path()], args.out.force, &bytes)?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(&bytes)?;
            lock.flush()?;
        }
    }
    Ok(0)
}
