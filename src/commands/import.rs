//! `x1060 import FILE.json [-o OUT.xlsx] [--lang ja|en] [--force]`: write a
//! portfolio workbook, in the template's layout, from the JSON document of
//! `x1060 export` ([`x1060::write::json`]); a document of several
//! portfolios (version 2) gives one portfolio sheet (and self-check) each.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use x1060::catalogue::Lang;
use x1060::write::{json, output, template};

use super::args::{LangArgs, OutputArgs};

/// Arguments of `x1060 import`.
#[derive(Debug, clap::Args)]
// `--help` reads as before the groups: this command's wording and order.
#[command(
    mut_arg("output", |a| a.value_name("OUT.xlsx").help("Output workbook (default: the input's name with .xlsx)").display_order(1)),
    mut_arg("lang", |a| a.help("Language of the headers, lists and sheets (default: the language of the portfolio's words, else LANG)").display_order(2)),
    mut_arg("force", |a| a.help("Replace the output if it exists").display_order(3)),
)]
pub struct Args {
    /// The JSON document (written by `x1060 export`).
    pub file: PathBuf,
    /// `-o FILE`, `--force`.
    #[command(flatten)]
    pub out: OutputArgs,
    /// `--lang` (none: the language of the portfolio's words, else LANG).
    #[command(flatten)]
    pub lang: LangArgs,
}

/// The default output of an import: the input with `.xlsx` (`a/b.json` →
/// `a/b.xlsx`).
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("xlsx")
}

/// Largest JSON document read (bytes).
const MAX_JSON: u64 = 256 * 1024 * 1024;

/// Runs `x1060 import`: 0 when written; a document that is not valid is an
/// error naming the file, line and column (exit 2).
pub fn run(args: Args) -> Result<i32> {
    let input = args.file.as_path();
    let out = args
        .out
        .output
        .clone()
        .unwrap_or_else(|| default_output(input));
    let meta = std::fs::metadata(input)
        .with_context(|| format!("{}: cannot read the file", input.display()))?;
    if meta.len() > MAX_JSON {
        bail!(
            "{}: the file is {} MB, more than an x1060 portfolio document can be ({} MB)",
            input.display(),
            meta.len().div_ceil(1024 * 1024),
            MAX_JSON / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(input)
        .with_context(|| format!("{}: cannot read the file", input.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (byte {}); save the JSON as UTF-8",
            input.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let portfolios = json::several::from_json_all(text).map_err(|e| {
        anyhow::anyhow!("{}:{}:{}: {}", input.display(), e.line, e.column, e.message)
    })?;
    let lang = args
        .lang
        .lang
        .or_else(|| portfolios.iter().find_map(json::guess_lang))
        .unwrap_or_else(Lang::from_env);
    output::check_target(&out, &[input], args.out.force)?;
    let xlsx = template::portfolios_workbook(&portfolios, lang)
        .and_then(|mut wb| wb.save_to_buffer())
        .with_context(|| format!("{}: cannot build the workbook", out.display()))?;
    output::write_new(&out, &[input], args.out.force, &xlsx)?;
    Ok(0)
}
