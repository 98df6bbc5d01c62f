//! Any bytes through the reader, the portfolio locator, the rules and the
//! analysis.
//!
//! Crashes: an abort (an allocation that fails, a stack overflow), a memory
//! error, a timeout or too much memory anywhere, and a panic after the reader
//! (in the locator, the rules or the analysis: our code on a workbook that
//! did read). A panic inside the reader is not a crash here: `x1060 check`
//! catches it per file and reports the file's internal error (calamine has
//! such panics on damaged `.xls` files; see fuzz/README.md), so it is
//! counted and printed, and fuzzing goes on.
#![no_main]

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::fuzz_target;
use x1060::analysis::Evaluated;
use x1060::read::{ReadOptions, find_portfolio, read_bytes};

thread_local! {
    static IN_READER: Cell<bool> = const { Cell::new(false) };
}
static READER_PANICS: AtomicU64 = AtomicU64::new(0);
static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let abort_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_READER.with(Cell::get) {
                let n = READER_PANICS.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_power_of_two() {
                    eprintln!("reader panic #{n} (caught, as `check` does): {info}");
                }
            } else {
                abort_hook(info);
            }
        }));
    });
    let opts = ReadOptions::default();
    IN_READER.with(|f| f.set(true));
    let read = catch_unwind(AssertUnwindSafe(|| read_bytes(data, &opts)));
    IN_READER.with(|f| f.set(false));
    if let Ok(Ok(wb)) = read {
        for sheet in [None, wb.sheets.first().map(|s| s.name.as_str())] {
            if let Ok(p) = find_portfolio(&wb, sheet) {
                let _ = Evaluated::of(p);
            }
        }
    }
});
