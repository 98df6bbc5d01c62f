//! `x1060 diff OLD NEW`: the evaluation between two review cycles of one
//! organisation (§11.2 catalogue, §11.3 profile, §11.4 portfolio), as text,
//! JSON or a workbook.
//!
//! When either workbook holds several portfolios (WORKBOOKS.md → Several
//! portfolio sheets), the portfolios are paired by name (`file#sheet`) and
//! each pair compared; a portfolio on one side only is said in one line
//! ([`x1060::write::diff::multi`]).
//!
//! Exit 0 when both portfolios were compared (whatever changed); 2 when
//! either input cannot be read or holds no portfolio (one line per input:
//! `file: reason; what to do`) or the command line was wrong.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::commands::args::{LangArgs, OutputArgs, ReadArgs};
use x1060::analysis::diff::compare;
use x1060::analysis::diff::pairs::{Paired, pair};
use x1060::analysis::{Evaluated, check_file_all};
use x1060::catalogue::Lang;
use x1060::write::diff::multi::{Part, to_json_all, to_xlsx_all, write_text_all};
use x1060::write::diff::{Inputs, to_json, to_xlsx, write_text};
use x1060::write::output::AtomicOut;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable sections, one line per change.
    Text,
    /// One JSON document, `x1060-diff` (schema in the README).
    Json,
    /// A workbook: Summary, Catalogue, Profile, Portfolio.
    Xlsx,
}

/// Arguments of `x1060 diff`.
#[derive(Debug, clap::Args)]
// `--help` lists the options in this order (as before the groups).
#[command(
    mut_arg("output", |a| a.help("Output file (default: standard output for text and json, diff.xlsx for xlsx)")),
    mut_arg("lang", |a| a.help("Language of the text and the workbook (default: from LANG)")),
    mut_arg("sheet", |a| a.help("Read both portfolios from this sheet instead of searching")),
    mut_arg("max_size", |a| a.help("Largest input file accepted, in MB")),
    mut_arg("format", |a| a.display_order(1)),
    mut_arg("output", |a| a.display_order(2)),
    mut_arg("lang", |a| a.display_order(3)),
    mut_arg("sheet", |a| a.display_order(4)),
    mut_arg("force", |a| a.display_order(5)),
    mut_arg("max_size", |a| a.display_order(6)),
)]
pub struct Args {
    /// The portfolio of the earlier review cycle.
    pub old: PathBuf,
    /// The portfolio of the later review cycle.
    pub new: PathBuf,
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

/// Runs `x1060 diff`.
pub fn run(args: Args) -> Result<i32> {
    let lang = args.lang.resolve();
    let opts = args.read.read_options();
    let output = args
        .out
        .or((args.format == Format::Xlsx).then_some("diff.xlsx"));
    let target = match &output {
        Some(out) => Some(AtomicOut::create(
            out,
            &[&args.old, &args.new],
            args.out.force,
        )?),
        None => None,
    };
    let (old, new) = rayon::join(
        || check_file_all(&args.old, &opts, args.read.sheet()),
        || check_file_all(&args.new, &opts, args.read.sheet()),
    );
    let Some(sides) = super::batch::portfolios_to_compare(vec![old, new], lang) else {
        return Ok(2);
    };
    let [o, n]: [Vec<Evaluated>; 2] = sides
        .try_into()
        .map_err(|_| anyhow::anyhow!("internal error: two workbooks expected"))?;
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let inputs = Inputs {
        old: &old_name,
        new: &new_name,
    };
    let bytes = if o.len() == 1 && n.len() == 1 {
        one(&o[0], &n[0], inputs, args.format, lang)?
    } else {
        let parts = parts(o, n, inputs);
        several(&parts, inputs, args.format, lang)?
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

/// The comparison of two workbooks holding one portfolio each.
fn one(
    o: &Evaluated,
    n: &Evaluated,
    inputs: Inputs,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>> {
    let d = compare(&o.portfolio, &o.parsed, &n.portfolio, &n.parsed);
    Ok(match format {
        Format::Text => {
            let mut b = Vec::new();
            write_text(&mut b, &d, inputs, lang)?;
            b
        }
        Format::Json => {
            let mut b = serde_json::to_vec_pretty(&to_json(&d, inputs))?;
            b.push(b'\n');
            b
        }
        Format::Xlsx => to_xlsx(&d, inputs, lang)?,
    })
}

/// The portfolios of two workbooks paired by name (WORKBOOKS.md → Several
/// portfolio sheets), each compared pair a [`Part::Compared`], each
/// portfolio on one side only a [`Part::Alone`]. Every part is named
/// `file#sheet`.
fn parts(o: Vec<Evaluated>, n: Vec<Evaluated>, files: Inputs) -> Vec<Part> {
    let named = |v: Vec<Evaluated>| -> Vec<(String, Evaluated)> {
        v.into_iter()
            .map(|e| (e.portfolio.sheet.clone(), e))
            .collect()
    };
    let label = |file: &str, name: &str| format!("{file}#{name}");
    pair(named(o), named(n))
        .into_iter()
        .map(|p| match p {
            Paired::Both { name, old, new } => Part::Compared {
                old: label(files.old, &name),
                new: label(files.new, &name),
                diff: Box::new(compare(
                    &old.portfolio,
                    &old.parsed,
                    &new.portfolio,
                    &new.parsed,
                )),
                name,
            },
            Paired::OldOnly { name, .. } => Part::Alone {
                path: label(files.old, &name),
                in_old: true,
                name,
            },
            Paired::NewOnly { name, .. } => Part::Alone {
                path: label(files.new, &name),
                in_old: false,
                name,
            },
        })
        .collect()
}

/// The comparison of workbooks of which one holds several portfolios.
fn several(parts: &[Part], files: Inputs, format: Format, lang: Lang) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Text => {
            let mut b = Vec::new();
            write_text_all(&mut b, parts, files, lang)?;
            b
        }
        Format::Json => {
            let mut b = serde_json::to_vec_pretty(&to_json_all(parts, files))?;
            b.push(b'\n');
            b
        }
        Format::Xlsx => to_xlsx_all(parts, files, lang)?,
    })
}
