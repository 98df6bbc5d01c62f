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

use x1060::write::WriteError;

/// What the user of the command line does about an output the library
/// refused in its own terms (the library says the output exists; the
/// command line says which option replaces it).
pub fn advice(e: &WriteError) -> &'static str {
    match e {
        WriteError::Exists { .. } => "; add --force to replace it, or choose another name with -o",
        WriteError::OverInput { .. } => "; choose another output with -o",
        WriteError::IsFolder { .. } => "; give a file name with -o",
        _ => "",
    }
}
