//! `x1060 report` (not yet implemented).

/// Arguments of `x1060 report`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `x1060 report`.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("report is not implemented yet")
}
