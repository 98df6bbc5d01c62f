//! `x1060 export` (not yet implemented).

/// Arguments of `x1060 export`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `x1060 export`.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("export is not implemented yet")
}
