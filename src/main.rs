//! The `x1060` command. Everything happens in the library: see `cli.rs`.

fn main() {
    std::process::exit(x1060::cli::main());
}
