//! Benchmarks of the hot functions (in progress).
fn main() {}
