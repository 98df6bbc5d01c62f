//! The `x1060` command: the command line ([`cli`]) and one file per
//! subcommand ([`commands`]) over the `x1060` library, which does the
//! reading, checking and writing.

mod cli;
mod commands;

fn main() {
    std::process::exit(cli::main());
}
