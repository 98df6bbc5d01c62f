//! `x1060 template [--lang ja|en] [--org NAME] [-o FILE] [--force]`: write a
//! blank portfolio workbook a new organisation can fill in (WORKBOOKS.md →
//! Template; the layout is described in [`x1060::write::template`]).

use anyhow::{Context, Result};

use crate::commands::args::{LangArgs, OutputArgs};
use x1060::catalogue::Lang;
use x1060::write::{output, template};

/// Arguments of `x1060 template`.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("lang", |a| a.help("Language of the workbook (default: from LANG)")),
    mut_arg("output", |a| a.help("Output file (default: x1060-template-<lang>.xlsx)")),
    mut_arg("force", |a| a.help("Replace the output if it exists")),
)]
pub struct Args {
    /// `--lang`.
    #[command(flatten)]
    pub lang: LangArgs,
    /// The organisation's name, written in the title rows.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// `-o FILE`, `--force`.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Runs `x1060 template`: 0 when written, an error (exit 2) otherwise.
pub fn run(args: Args) -> Result<i32> {
    let lang = args.lang.resolve();
    let out = args
        .out
        .output
        .unwrap_or_else(|| template::default_output(lang));
    output::check_target(&out, &[], args.out.force)?;
    let bytes = template::template_bytes(lang, args.org.as_deref())
        .with_context(|| format!("{}: cannot build the workbook", out.display()))?;
    output::write_new(&out, &[], args.out.force, &bytes)?;
    eprintln!(
        "{}",
        match lang {
            Lang::Ja => format!("{} を書き出しました (64 サービス)", out.display()),
            Lang::En => format!("wrote {} (64 services)", out.display()),
        }
    );
    Ok(0)
}
