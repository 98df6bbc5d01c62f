//! Micro-benchmarks of the hot functions of `x1060 check`, on in-memory data.
//!
//! ```sh
//! cargo bench --bench hot              # everything
//! cargo bench --bench hot -- fold      # only the benchmarks whose name contains "fold"
//! ```
//!
//! `harness = false`, std only: each benchmark is calibrated to about
//! `X1060_BENCH_MS` milliseconds a sample (default 100), run for 7 samples,
//! and printed as the median ns/iter (with min and max). Timings are wall
//! clock: on a busy machine compare benchmarks of one run with each other,
//! not runs with runs.
//!
//! The workbook benchmarks need a sample portfolio. It is generated at bench
//! time with `gen_corpus.py --count 1 --seed 1` into a temporary folder
//! (needs `python3` with `openpyxl`; the script is found through
//! `X1060_GEN_CORPUS`, else `../shared/bench/gen_corpus.py` next to the
//! crate, else `/work/shared/bench/gen_corpus.py`). `X1060_BENCH_SAMPLE=FILE`
//! uses a workbook of your own instead. Without either the workbook
//! benchmarks are skipped with a message; the text ones still run.

use std::hint::black_box;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{Reader, SheetType, Xlsx};
use x1060::analysis::{Evaluated, FileResult, Outcome};
use x1060::catalogue::{Lang, catalogue};
use x1060::read::{self, ReadOptions, guard, locate};
use x1060::text;
use x1060::write::findings::{file_json, write_file_json};

const SAMPLES: usize = 7;

struct Bench {
    filter: Vec<String>,
    sample: Duration,
}

impl Bench {
    fn wanted(&self, name: &str) -> bool {
        self.filter.is_empty() || self.filter.iter().any(|f| name.contains(f.as_str()))
    }

    /// Times `f`, which is cheap to call repeatedly.
    fn run<T>(&self, name: &str, mut f: impl FnMut() -> T) {
        self.batched(name, || (), |()| f());
    }

    /// Times `routine` on inputs made by `setup` outside the timed region
    /// (for functions that consume their input).
    fn batched<I, T>(
        &self,
        name: &str,
        mut setup: impl FnMut() -> I,
        mut routine: impl FnMut(I) -> T,
    ) {
        if !self.wanted(name) {
            return;
        }
        let mut time = |n: u64| -> Duration {
            let inputs: Vec<I> = (0..n).map(|_| setup()).collect();
            let start = Instant::now();
            for i in inputs {
                black_box(routine(black_box(i)));
            }
            start.elapsed()
        };
        // calibrate: double until one batch takes a tenth of a sample
        let mut n = 1u64;
        loop {
            let t = time(n);
            if t >= self.sample / 10 || n >= 1 << 30 {
                let per = t.as_nanos().max(1) as f64 / n as f64;
                n = ((self.sample.as_nanos() as f64 / per) as u64).clamp(1, 1 << 32);
                break;
            }
            n *= 2;
        }
        let mut ns: Vec<f64> = (0..SAMPLES)
            .map(|_| time(n).as_nanos() as f64 / n as f64)
            .collect();
        ns.sort_by(f64::total_cmp);
        println!(
            "{name:<48} {:>14} ns/iter   (min {}, max {}, {n} iters x {SAMPLES})",
            fmt_ns(ns[SAMPLES / 2]),
            fmt_ns(ns[0]),
            fmt_ns(ns[SAMPLES - 1]),
        );
    }
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 100.0 {
        let s = format!("{:.0}", ns);
        // thousands separators
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        format!("{ns:.1}")
    }
}

fn main() {
    // cargo bench passes `--bench`; other words filter by name
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let ms = std::env::var("X1060_BENCH_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100u64);
    let b = Bench {
        filter,
        sample: Duration::from_millis(ms),
    };
    println!("x1060 hot-path benchmarks (median of {SAMPLES} samples of ~{ms} ms; wall clock)");

    text_benches(&b);

    let tmp = std::env::temp_dir().join(format!("x1060-hot-{}", std::process::id()));
    match sample_workbook(&tmp) {
        Ok(path) => workbook_benches(&b, &path),
        Err(why) => println!("skipped the workbook benchmarks: {why}"),
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn text_benches(b: &Bench) {
    let c = catalogue(); // built once, outside the timings
    for (label, s) in [
        ("ascii", "Service assignment"),
        ("ja", "推奨レベル\n（ウェイト）"),
        ("fullwidth", "Ａ－１２　ＳＯＣ"),
        ("ja-name", "セキュリティ・リスク管理室"),
    ] {
        b.run(&format!("text::fold/{label}"), || text::fold(black_box(s)));
    }
    for (label, s) in [
        ("A-1", "A-1"),
        ("id+name", "A-1 リスクマネジメント"),
        ("fullwidth", "ａ－０１"),
        ("not-an-id", "推奨レベル"),
    ] {
        b.run(&format!("text::split_id/{label}"), || {
            text::split_id(black_box(s)).map(|p| p.id)
        });
    }
    let ja = c.services[10].name_ja.clone();
    let en = c.services[10].name_en.clone();
    for (label, s) in [
        ("ja", ja.as_str()),
        ("en", en.as_str()),
        ("miss-ja", "インソース(SOC部)"),
        ("miss-ascii", "Standard"),
    ] {
        b.run(&format!("catalogue::service_by_name/{label}"), || {
            c.service_by_name(black_box(s)).map(|d| d.id.len())
        });
    }
}

fn workbook_benches(b: &Bench, path: &Path) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            println!(
                "skipped the workbook benchmarks: cannot read {}: {e}",
                path.display()
            );
            return;
        }
    };
    let opts = ReadOptions::default();
    let wb = match read::read_bytes(&bytes, &opts) {
        Ok(wb) => wb,
        Err(e) => {
            println!(
                "skipped the workbook benchmarks: {}: {}",
                path.display(),
                e.describe()
            );
            return;
        }
    };
    let cells: usize = wb
        .sheets
        .iter()
        .map(|s| {
            (0..s.grid.height())
                .map(|r| s.grid.row(r).iter().filter(|v| !v.is_empty()).count())
                .sum::<usize>()
        })
        .sum();
    println!(
        "sample: {} ({} bytes, {} sheets, {} non-empty cells)",
        path.display(),
        bytes.len(),
        wb.sheets.len(),
        cells
    );

    // stage by stage: what read_bytes does, and the calamine floor
    b.run("read::guard::inflate", || {
        guard::inflate(black_box(&bytes), &opts.limits).map(|e| e.0.len())
    });
    let entries = guard::inflate(&bytes, &opts.limits).expect("inflates");
    let stored = entries.stored_zip().expect("re-packs");
    b.run("read::guard::Entries::stored_zip (re-pack)", || {
        entries.stored_zip().map(|z| z.len())
    });
    b.run(
        "calamine Xlsx::new + worksheet_range (original zip)",
        || bare_calamine(&bytes),
    );
    b.run("calamine Xlsx::new + worksheet_range (stored zip)", || {
        bare_calamine(&stored)
    });
    b.run("read::read_bytes", || {
        read::read_bytes(black_box(&bytes), &opts).map(|w| w.sheets.len())
    });

    // locate
    b.run("locate::find_portfolio", || {
        locate::find_portfolio(black_box(&wb), None).map(|p| p.services.len())
    });
    let Ok(portfolio) = locate::find_portfolio(&wb, None) else {
        println!("skipped the rest: the sample holds no portfolio");
        return;
    };

    // model, rules, analysis
    b.run("Portfolio::clone (setup cost of the next)", || {
        portfolio.clone()
    });
    b.batched(
        "pipeline::Evaluated::of",
        || portfolio.clone(),
        |p| Evaluated::of(p).findings.len(),
    );
    b.run("Portfolio::parse", || portfolio.parse().len());

    // JSON output of one file
    let result = FileResult {
        path: path.to_path_buf(),
        outcome: Outcome::Checked(Box::new(Evaluated::of(portfolio.clone()))),
        portfolio: None,
    };
    let mut buf = Vec::with_capacity(64 * 1024);
    for (label, figures) in [("with figures", true), ("--no-figures", false)] {
        b.run(&format!("check::file_json + to_writer ({label})"), || {
            buf.clear();
            serde_json::to_writer(&mut buf, &file_json(&result, Lang::En, figures))
                .map(|_| buf.len())
        });
        // What `check --format json` runs (the hand writer, same bytes).
        b.run(&format!("check::write_file_json ({label})"), || {
            buf.clear();
            write_file_json(&mut buf, &result, Lang::En, figures).map(|_| buf.len())
        });
    }

    // one whole file, from bytes in memory to its JSON
    b.run(
        "whole file: read_bytes → find_portfolio → of → JSON",
        || {
            let wb = read::read_bytes(&bytes, &opts).expect("reads");
            let outcome = x1060::analysis::evaluate_workbook(&wb, None);
            let r = FileResult {
                path: PathBuf::from("pf.xlsx"),
                outcome,
                portfolio: None,
            };
            buf.clear();
            write_file_json(&mut buf, &r, Lang::En, true).map(|_| buf.len())
        },
    );
}

/// What `examples/bare_read.rs` does for one workbook, from memory.
fn bare_calamine(bytes: &[u8]) -> usize {
    let mut wb = Xlsx::new(Cursor::new(black_box(bytes))).expect("calamine opens it");
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    names
        .iter()
        .map(|n| wb.worksheet_range(n).map_or(0, |r| r.used_cells().count()))
        .sum()
}

/// The sample workbook: `X1060_BENCH_SAMPLE`, else one generated into `tmp`.
fn sample_workbook(tmp: &Path) -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("X1060_BENCH_SAMPLE") {
        return Ok(PathBuf::from(p));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = std::env::var_os("X1060_GEN_CORPUS")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            manifest.join("../shared/bench/gen_corpus.py"),
            PathBuf::from("/work/shared/bench/gen_corpus.py"),
        ])
        .find(|p| p.is_file())
        .ok_or("gen_corpus.py not found (set X1060_GEN_CORPUS or X1060_BENCH_SAMPLE)")?;
    let has_openpyxl = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_openpyxl {
        return Err(
            "python3 with openpyxl is not available (or set X1060_BENCH_SAMPLE=FILE)".into(),
        );
    }
    let out = Command::new("python3")
        .arg(&script)
        .arg(tmp)
        .args(["--count", "1", "--seed", "1"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ));
    }
    let file = tmp.join("pf-00000.xlsx");
    if file.is_file() {
        Ok(file)
    } else {
        Err(format!("{} wrote no {}", script.display(), file.display()))
    }
}
