//! Any bytes through the reader, the portfolio locator, the rules and the
//! analysis: nothing may panic, abort or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use x1060::pipeline::Evaluated;
use x1060::read::{ReadOptions, find_portfolio, read_bytes};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default();
    if let Ok(wb) = read_bytes(data, &opts) {
        for sheet in [None, wb.sheets.first().map(|s| s.name.as_str())] {
            if let Ok(p) = find_portfolio(&wb, sheet) {
                let _ = Evaluated::of(p);
            }
        }
    }
});
