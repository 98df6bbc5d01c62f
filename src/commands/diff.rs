//! `x1060 diff` (not yet implemented).

/// Arguments of `x1060 diff`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `x1060 diff`.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("diff is not implemented yet")
}
