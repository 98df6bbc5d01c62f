//! `x1060 history PATH...`: one organisation over its review cycles — the
//! cycles ordered by assessment date (else as given), the trend per
//! category and overall, and each step's changes with regressions first;
//! as text, JSON, a workbook or an HTML page.
//!
//! When a workbook holds several portfolios (WORKBOOKS.md → Several
//! portfolio sheets), the portfolios are grouped by name across the cycles
//! and each name gets its own history (cycles named `file#sheet`); a name
//! found in one cycle only is said in one line
//! ([`x1060::write::history::multi`]).
//!
//! Exit 0 when every cycle was read; 2 when a cycle cannot be read or holds
//! no portfolio (one line per input) or fewer than two workbooks are given.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::batch::collect_files;
use crate::commands::args::{LangArgs, OutputArgs, ReadArgs};
use x1060::analysis::diff::pairs::series;
use x1060::analysis::history::{CycleInput, History, history};
use x1060::analysis::{Evaluated, check_file_all};
use x1060::catalogue::Lang;
use x1060::write::history::multi::{self, Series};
use x1060::write::output::AtomicOut;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text: cycles, trend, each step's changes.
    Text,
    /// One JSON document, `x1060-history`.
    Json,
    /// A workbook: the trend (with a chart) and the changes.
    Xlsx,
    /// One self-contained HTML page.
    Html,
}

/// Arguments of `x1060 history`.
#[derive(Debug, clap::Args)]
// `--help` lists the options in this order (as before the groups).
#[command(
    mut_arg("output", |a| a.help("Output file (default: standard output for text, json and html; history.xlsx for xlsx)")),
    mut_arg("sheet", |a| a.help("Read every portfolio from this sheet instead of searching")),
    mut_arg("max_size", |a| a.help("Largest input file accepted, in MB")),
    mut_arg("format", |a| a.display_order(1)),
    mut_arg("output", |a| a.display_order(2)),
    mut_arg("lang", |a| a.display_order(3)),
    mut_arg("sheet", |a| a.display_order(4)),
    mut_arg("force", |a| a.display_order(5)),
    mut_arg("max_size", |a| a.display_order(6)),
)]
pub struct Args {
    /// The workbooks of one organisation's review cycles (or a folder of them).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
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

/// Runs `x1060 history`.
pub fn run(args: Args) -> Result<i32> {
    let lang = args.lang.resolve();
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        anyhow::bail!("{}: no such file or folder", missing.display());
    }
    let files = collect_files(&args.paths).context("cannot list the input folders")?;
    if files.len() < 2 {
        anyhow::bail!(
            "{}",
            lang.pick(
                "history には同じ組織の2つ以上の評価サイクルのワークブックが必要です",
                "history needs two or more workbooks: the review cycles of one organisation"
            )
        );
    }
    let output = args
        .out
        .or((args.format == Format::Xlsx).then_some("history.xlsx"));
    let target = match &output {
        Some(out) => {
            let inputs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            Some(AtomicOut::create(out, &inputs, args.out.force)?)
        }
        None => None,
    };
    let opts = args.read.read_options();
    let results: Vec<_> = files
        .par_iter()
        .map(|f| check_file_all(f, &opts, args.read.sheet()))
        .collect();
    let Some(books) = super::batch::portfolios_to_compare(results, lang) else {
        return Ok(2);
    };
    let bytes = if books.iter().all(|b| b.len() == 1) {
        let cycles = files
            .iter()
            .zip(books)
            .flat_map(|(f, b)| {
                b.into_iter()
                    .map(move |e| cycle(f.display().to_string(), e))
            })
            .collect();
        one(&history(cycles), args.format, lang)?
    } else {
        several(&series_of(&files, books), args.format, lang)?
    };
    match target {
        Some(mut t) => {
            let path = t.path().display().to_string();
            t.file()
                .write_all(&bytes)
                .with_context(|| format!("{path}: cannot write"))?;
            t.commit()?;
        }
        None => {
            let mut so = std::io::stdout().lock();
            so.write_all(&bytes)
                .context("cannot write to standard output")?;
            so.flush().ok();
        }
    }
    Ok(0)
}

fn cycle(label: String, e: Evaluated) -> CycleInput {
    CycleInput {
        label,
        portfolio: e.portfolio,
        parsed: e.parsed,
    }
}

/// The history of workbooks holding one portfolio each.
fn one(h: &History, format: Format, lang: Lang) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Text => {
            let mut b = Vec::new();
            x1060::write::history::write_text(&mut b, h, lang)?;
            b
        }
        Format::Json => {
            let mut b = serde_json::to_vec_pretty(&x1060::write::history::to_json(h))?;
            b.push(b'\n');
            b
        }
        Format::Xlsx => x1060::write::history::to_xlsx(h, lang)?,
        Format::Html => x1060::write::html::history::history_html(h, lang).into_bytes(),
    })
}

/// The portfolios of the cycles grouped by name (WORKBOOKS.md → Several
/// portfolio sheets): one history per name found in two or more cycles,
/// every cycle named `file#sheet`.
fn series_of(files: &[PathBuf], books: Vec<Vec<Evaluated>>) -> Vec<Series> {
    let named = books
        .into_iter()
        .map(|b| {
            b.into_iter()
                .map(|e| (e.portfolio.sheet.clone(), e))
                .collect()
        })
        .collect();
    let label = |i: usize, name: &str| format!("{}#{name}", files[i].display());
    series(named)
        .into_iter()
        .map(|(name, list)| {
            if list.len() < 2 {
                let (i, _) = &list[0];
                return Series::Single {
                    path: label(*i, &name),
                    name,
                };
            }
            let cycles = list
                .into_iter()
                .map(|(i, e)| cycle(label(i, &name), e))
                .collect();
            Series::Followed {
                history: Box::new(history(cycles)),
                name,
            }
        })
        .collect()
}

/// The history of workbooks of which one holds several portfolios.
fn several(series: &[Series], format: Format, lang: Lang) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Text => {
            let mut b = Vec::new();
            multi::write_text_all(&mut b, series, lang)?;
            b
        }
        Format::Json => {
            let mut b = serde_json::to_vec_pretty(&multi::to_json_all(series))?;
            b.push(b'\n');
            b
        }
        Format::Xlsx => multi::to_xlsx_all(series, lang)?,
        Format::Html => multi::to_html_all(series, lang).into_bytes(),
    })
}
