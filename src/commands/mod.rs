//! One file per subcommand. Each has its `Args` (clap) and a `run` that
//! returns the exit code.

pub mod annotate;
pub mod args;
pub mod batch;
pub mod catalogue;
pub mod check;
pub mod completions;
pub mod diff;
pub mod export;
pub mod history;
pub mod import;
pub mod report;
pub mod rules;
pub mod serve;
pub mod template;
