//! `x1060 template` (not yet implemented).

/// Arguments of `x1060 template`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `x1060 template`.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("template is not implemented yet")
}
