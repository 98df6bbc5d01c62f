//! Argument groups shared by the subcommands, flattened into each
//! command's `Args` with `#[command(flatten)]` (as xsv's `Config` gathers
//! its common options): the inputs, the language, the reading options, the
//! jobs and the output file.
//!
//! A command whose wording differs (the output's default, say) keeps its
//! own help line with `#[command(mut_arg("output", |a| a.help("…")))]`,
//! so `--help` reads as before.
//!
//! The test at the end shows two groups flattened into one parser.

use std::path::PathBuf;

use x1060::catalogue::Lang;
use x1060::read::ReadOptions;

/// `PATH...`: workbooks or folders, at least one.
#[derive(Debug, Clone, clap::Args)]
pub struct PathsArgs {
    /// Workbooks or folders (searched recursively for .xlsx .xlsm .xls .ods).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// `--lang ja|en`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LangArgs {
    /// Language of the output (default: from LANG).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

impl LangArgs {
    /// The language asked for, or the one of the environment (`LANG`).
    pub fn resolve(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }
}

/// `--sheet NAME` and `--max-size MB`: how each input is read.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Read the portfolio from this sheet instead of searching.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Largest input file accepted, in MB (the inflated limit scales with it).
    #[arg(long, value_name = "MB")]
    pub max_size: Option<u64>,
}

impl ReadArgs {
    /// The read options: default limits, or the ones `--max-size` scales;
    /// values as written (no formulas).
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            limits: super::batch::limits(self.max_size),
            formulas: false,
            ..Default::default()
        }
    }

    /// The sheet asked for, if any.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }
}

/// `-j N` / `--jobs N`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct JobsArgs {
    /// Parallel jobs (default: one per core).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
}

/// `-o FILE` / `--output FILE` and `--force`.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output file.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// The output file asked for, else `default` when there is one.
    pub fn or(&self, default: Option<&str>) -> Option<PathBuf> {
        self.output.clone().or_else(|| default.map(PathBuf::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Demo {
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        out: OutputArgs,
    }

    #[test]
    fn groups_flatten_into_one_parser() {
        let d = Demo::parse_from(["demo", "--sheet", "Portfolio", "-o", "x.json", "--force"]);
        assert_eq!(d.read.sheet(), Some("Portfolio"));
        assert!(d.out.force);
        assert!(!d.read.read_options().formulas);
        assert_eq!(
            d.read.read_options().limits.raise_with,
            Some("--max-size MB")
        );
    }
}
