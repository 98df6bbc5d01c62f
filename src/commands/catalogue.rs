//! `x1060 catalogue [--format json|csv|oscal] [--lang ja|en] [-o FILE]`: the
//! X.1060 service list as data — the 9 categories with their phase, the 64
//! services with their names in both languages, the JT-X1060 Annex A
//! description, x1060's own English summary (marked as ours) and the
//! prerequisites of rule C005.

use std::io::Write;

use anyhow::Result;

use crate::commands::args::{LangArgs, OutputArgs};
use x1060::write::catalogue::{to_csv, to_json};
use x1060::write::oscal::catalog;
use x1060::write::{oscal, output};

/// Output formats of `catalogue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document (schema `x1060-catalogue`, schema_version 1).
    Json,
    /// One row per service.
    Csv,
    /// An OSCAL 1.1.2 catalog.
    Oscal,
}

/// Arguments of `x1060 catalogue`.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("lang", |a| a.help("Language of titles, headers and notes (default: from LANG). Names are given in both")),
    mut_arg("output", |a| a.help("Output file (default: standard output)")),
    mut_arg("force", |a| a.help("Replace the output if it exists")),
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// `--lang`.
    #[command(flatten)]
    pub lang: LangArgs,
    /// `-o FILE`, `--force`.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Runs `x1060 catalogue`.
pub fn run(args: Args) -> Result<i32> {
    let lang = args.lang.resolve();
    let bytes = match args.format {
        Format::Json => oscal::to_bytes(&to_json(lang)),
        Format::Csv => to_csv(lang)?,
        Format::Oscal => oscal::to_bytes(&catalog::catalog(lang)),
    };
    match &args.out.output {
        Some(out) => output::write_new(out, &[], args.out.force, &bytes)?,
        None => {
            let mut lock = std::io::stdout().lock();
            lock.write_all(&bytes)?;
            lock.flush()?;
        }
    }
    Ok(0)
}
