//! `x1060 annotate` (not yet implemented).

/// Arguments of `x1060 annotate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `x1060 annotate`.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("annotate is not implemented yet")
}
