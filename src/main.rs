//! The `x1060` command: the command line ([`cli`]) and one file per
//! subcommand ([`commands`]) over the `x1060` library, which does the
//! reading, checking and writing.

mod cli;
mod commands;

// A batch check allocates many small, short-lived values per file on every
// worker thread; mimalloc's per-thread free lists serve them faster than
// glibc's malloc (docs/performance.md measures it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
