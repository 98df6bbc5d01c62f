//! `x1060 export FILE [--format json|csv|oscal] [-o OUT] [--sheet NAME] [--force]`:
//! the portfolio of a workbook as JSON (the versioned document of
//! [`x1060::write::json`]) or as a flat CSV, on standard output or in a file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use x1060::analysis::{Outcome, check_file_all};
use x1060::read::ReadOptions;
use x1060::write::{json, output};

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON document (schema `x1060-portfolio`, version 1).
    Json,
    /// One row per service, values as written and parsed.
    Csv,
    /// An OSCAL 1.1.2 assessment-results document (see README → OSCAL).
    Oscal,
}

/// Arguments of `x1060 export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workbook (.xlsx .xlsm .xls .ods).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Output file (default: standard output).
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Read the portfolio from this sheet instead of searching.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Replace the output if it exists.
    #[arg(long)]
    pub force: bool,
    /// Language of the OSCAL titles and messages (default: from LANG).
    #[arg(long, value_enum)]
    pub lang: Option<x1060::catalogue::Lang>,
    /// Largest input file accepted, in MB.
    #[arg(long, value_name = "MB")]
    pub max_size: Option<u64>,
}

/// Runs `x1060 export`: 0 when written; a workbook that cannot be read or
/// holds no portfolio is an error (one line, exit 2).
pub fn run(args: Args) -> Result<i32> {
    if let Some(out) = &args.output {
        output::check_target(out, &[args.file.as_path()], args.force)?;
    }
    let opts = ReadOptions {
        limits: super::batch::limits(args.max_size),
        formulas: false,
    };
    let mut results = check_file_all(&args.file, &opts, args.sheet.as_deref());
    if results.len() > 1 {
        // The document holds one portfolio: say which there are rather than
        // pick one silently.
        let sheets: Vec<String> = results
            .iter()
            .filter_map(|r| r.portfolio.as_ref().map(|s| format!("'{s}'")))
            .collect();
        bail!(
            "{}: the workbook holds {} portfolios (sheets {}); export one at a time with --sheet NAME",
            args.file.display(),
            results.len(),
            sheets.join(", ")
        );
    }
    let result = results.swap_remove(0);
    let evaluated = match result.outcome {
        Outcome::Unreadable(e) => bail!("{e}"),
        Outcome::NoPortfolio(finding) => bail!(
            "{}: {}; export needs a sheet listing X.1060 services (name it with --sheet, or check the file with `x1060 check`)",
            args.file.display(),
            finding.message_en
        ),
        Outcome::Checked(e) => e,
    };
    let bytes = match args.format {
        Format::Json => json::to_json(&evaluated.portfolio).into_bytes(),
        Format::Csv => json::to_csv(&evaluated.portfolio, &evaluated.parsed)?,
        Format::Oscal => x1060::write::oscal::results::export(
            &args.file,
            &evaluated,
            args.lang.unwrap_or_else(x1060::catalogue::Lang::from_env),
        )?,
    };
    match &args.output {
        Some(out) => output::write_new(out, &[args.file.as_path()], args.force, &bytes)?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(&bytes)?;
            lock.flush()?;
        }
    }
    Ok(0)
}
