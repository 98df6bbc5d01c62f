//! `x1060 import` (not yet implemented).

/// Arguments of `x1060 import`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `x1060 import`.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("import is not implemented yet")
}
