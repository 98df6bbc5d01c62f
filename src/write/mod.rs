//! Writing outputs (stage 5 of read → model → rules → analysis → write).
//!
//! Every output goes through [`output`]: never over an input, never over an
//! existing file without `--force`, written to a temporary file in the target
//! folder and renamed into place, so an error leaves no partial file.

pub mod annotate;
pub mod catalogue;
pub mod csv_out;
pub mod diff;
mod error;
pub mod findings;
pub mod history;
pub mod html;
pub mod json;
pub mod oscal;
pub mod output;
pub mod report;
pub mod rules;
pub mod selfcheck;
pub mod style;
pub mod template;

pub use error::{Result, WriteError};
