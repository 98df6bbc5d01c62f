//! The command line: argument definitions and dispatch. Each subcommand
//! lives in its own file under [`crate::commands`].

use std::io::Write;

use clap::{Parser, Subcommand};

use crate::commands;

/// Read, check, annotate and report ITU-T X.1060 (JT-X1060) CDC/CSC service portfolios.
#[derive(Debug, Parser)]
#[command(name = "x1060", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a blank portfolio workbook for a new organisation.
    Template(commands::template::Args),
    /// Check portfolios (files or folders) against the X.1060 rules.
    Check(commands::check::Args),
    /// Write an annotated copy of a portfolio: findings, gaps, priorities, self-check sheet.
    Annotate(commands::annotate::Args),
    /// Export a portfolio as JSON, CSV or OSCAL assessment results.
    Export(commands::export::Args),
    /// Write a portfolio workbook from exported JSON.
    Import(commands::import::Args),
    /// Summarise many portfolios in one workbook (or JSON / CSV).
    Report(commands::report::Args),
    /// Compare two review cycles of one organisation's portfolio.
    Diff(commands::diff::Args),
    /// Follow one organisation over its review cycles: trend and changes, regressions first.
    History(commands::history::Args),
    /// List the rules, or explain one.
    Rules(commands::rules::Args),
    /// Serve the page (check, annotate, templates) on this machine only.
    Serve(commands::serve::Args),
    /// The X.1060 service list as data (JSON, CSV or an OSCAL catalog).
    Catalogue(commands::catalogue::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(commands::completions::Args),
    /// Print the man page (roff).
    Man(commands::completions::ManArgs),
}

/// Runs the command line and returns the process exit code.
///
/// Errors print as one line, `x1060: …`, and exit 2; a panic never shows a
/// Rust backtrace (see [`x1060::contain::quiet_panics`]).
pub fn main() -> i32 {
    x1060::contain::quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = x1060::contain::catch(move || dispatch(cli.command)).unwrap_or_else(|msg| {
        Err(anyhow::anyhow!(
            "internal error ({msg}); please report it with the input file"
        ))
    });
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            let _ = std::io::stdout().flush();
            let line = format!("{e:#}{}", advice(&e)).replace('\n', " ");
            eprintln!("x1060: {line}");
            2
        }
    }
}

/// Runs one subcommand.
fn dispatch(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Template(a) => commands::template::run(a),
        Command::Check(a) => commands::check::run(a),
        Command::Annotate(a) => commands::annotate::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Import(a) => commands::import::run(a),
        Command::Report(a) => commands::report::run(a),
        Command::Diff(a) => commands::diff::run(a),
        Command::History(a) => commands::history::run(a),
        Command::Rules(a) => commands::rules::run(a),
        Command::Serve(a) => commands::serve::run(a),
        Command::Catalogue(a) => commands::catalogue::run(a),
        Command::Completions(a) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            commands::completions::completions(&a, &mut cmd, &mut std::io::stdout().lock())?;
            Ok(0)
        }
        Command::Man(_) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            commands::completions::man(cmd, &mut std::io::stdout().lock())?;
            Ok(0)
        }
    }
}

/// The advice of [`commands::advice`] for the library error in `e`'s chain.
fn advice(e: &anyhow::Error) -> &'static str {
    e.chain()
        .find_map(|c| c.downcast_ref::<x1060::write::WriteError>())
        .map_or("", commands::advice)
}

/// True when the output was closed by its reader (`x1060 check … | head`):
/// not an error worth a message.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
