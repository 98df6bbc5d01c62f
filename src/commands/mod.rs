//! One file per subcommand. Each has its `Args` (clap) and a `run` that
//! returns the exit code.

pub mod annotate;
pub mod args;
pub mod batch;
pub mod catalogue;
pub mod check;
pub mod completions;
pub mod diff;
pub mod export;
pub mod history;
pub mod import;
pub mod report;
pub mod rules;
pub mod serve;
pub mod template;

use x1060::write::WriteError;

/// What the user of the command line does about an output the library
/// refused in its own terms (the library says the output exists; the
/// command line says which option replaces it).
pub fn advice(e: &WriteError) -> &'static str {
    match e {
        WriteError::Exists { .. } => "; add --force to replace it, or choose another name with -o",
        WriteError::OverInput { .. } => "; choose another output with -o",
        WriteError::IsFolder { .. } => "; give a file name with -o",
        _ => "",
    }
}

/// mimalloc's `mi_option_purge_delay` (the C header's `mi_option_e` gives
/// 15; the Rust bindings of the version in use name no constant for it).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    /// mimalloc's `void mi_option_set(mi_option_t option, long value)`, in
    /// the library the `mimalloc` crate links.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// mimalloc keeps freed pages 10 ms for reuse by default. A server serving
/// each request on a thread of its own then holds tens of megabytes it no
/// longer needs after a burst of uploads (`ci/load_serve.py`: +82 MB for
/// 200 uploads), and a batch `check` or `report`, whose workers free what
/// the writing thread allocated and the other way round, grew by a fifth
/// from 100 to 10,000 files. Returning freed memory at once keeps both flat
/// and costs no measurable time (`docs/performance.md`).
pub fn return_freed_memory_at_once() {
    // SAFETY: mi_option_set takes two integers by value and only stores the
    // option; it is called before the command starts any thread.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}
