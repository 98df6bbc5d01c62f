//! `x1060 completions SHELL` and `x1060 man`: the shell completion script
//! (clap_complete) and the man page in roff (clap_mangen), both generated
//! from the command line's own definition, printed on standard output.

use std::io::Write;

use anyhow::{Context, Result};

/// The shells `completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash (`source <(x1060 completions bash)`).
    Bash,
    /// Zsh (a `_x1060` file on `$fpath`).
    Zsh,
    /// Fish (`~/.config/fish/completions/x1060.fish`).
    Fish,
    /// PowerShell (`x1060 completions powershell | Out-String | Invoke-Expression`).
    Powershell,
}

/// Arguments of `x1060 completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Arguments of `x1060 man` (none).
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// Writes the completion script for `args.shell` of the command line `cmd`
/// to `out`.
pub fn completions(args: &Args, cmd: &mut clap::Command, out: &mut dyn Write) -> Result<()> {
    use clap_complete::Shell as S;
    let shell = match args.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    let name = cmd.get_name().to_string();
    clap_complete::generate(shell, cmd, name, out);
    out.flush().context("cannot write the completion script")
}

/// Writes the man page of the command line `cmd` (roff, section 1) to
/// `out`, with a section per subcommand.
pub fn man(cmd: clap::Command, out: &mut dyn Write) -> Result<()> {
    let cmd = cmd.disable_help_subcommand(true);
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("{} {}", cmd.get_name(), sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().display_name(name.clone()).bin_name(name));
        writeln!(out, ".SH \"{}\"", sub.get_name().to_uppercase())?;
        page.render_synopsis_section(out)?;
        page.render_options_section(out)?;
    }
    man.render_version_section(out)?;
    out.flush().context("cannot write the man page")
}
