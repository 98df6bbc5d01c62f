//! Structured fuzzing of the whole pipeline: random cell texts (CJK brackets,
//! combining marks, emoji, right-to-left text, format characters, very long
//! strings, vocabulary words, IDs, summary and category labels) written into
//! a *valid* portfolio workbook (one to three sheets, merged cells), then
//! read → every portfolio found → rules and analysis → JSON and CSV export.
//! Nothing may panic.
//!
//! `cargo test --test pipeline_fuzz` runs a few cases; set
//! `X1060_FUZZ_CASES=100000` (and `X1060_FUZZ_SECONDS=600` to stop after ten
//! minutes) for a long run — see fuzz/README.md.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rust_xlsxwriter::Workbook;
use x1060::analysis::Evaluated;
use x1060::catalogue::catalogue;
use x1060::read::{ReadOptions, find_portfolios, read_bytes};

/// Pieces a cell text is built from.
const PIECES: &[&str] = &[
    "【",
    "】",
    "【SOC部】",
    "インソース【SOC部】",
    "【2023】",
    "「",
    "」",
    "（",
    "）",
    "(",
    ")",
    "[",
    "]",
    "A-1",
    "a-01",
    "Ａ－１",
    "G-13",
    "Z-9",
    "A",
    "B.",
    "A CDCの戦略マネジメント",
    "D. Incident response",
    "リスクマネジメント",
    "Risk management",
    "リスクマネジメント / Risk management",
    "CDC/CSC",
    "CSC",
    "ベーシック",
    "スタンダード",
    "不要",
    "basic",
    "アウトソーシング",
    "併用",
    "未割り当て",
    "N/A",
    "適用外",
    "3",
    "３点",
    "+3 点",
    "3.5",
    "0",
    "6",
    "-",
    "なし",
    "合計",
    "平均スコア",
    "Total:",
    "Totals",
    "Mean",
    "現状",
    "あるべき姿",
    "2023年度 現状",
    "2024年度 あるべき姿",
    "現状の課題",
    "Current owner",
    "目標時期",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{00AD}",
    "\u{2060}",
    "\u{202E}",
    "\u{061C}",
    "\u{E0001}",
    "e\u{0301}",
    "\u{0308}",
    "\u{20DD}",
    "👩‍👩‍👧",
    "🇯🇵",
    "💥",
    "שלום",
    "مرحبا",
    "\n",
    "\r\n",
    "\t",
    " ",
    "　",
    "/",
    "／",
    "、",
    "・",
    "&",
    "＋",
    "ｲﾝｿｰｽ",
    "ｰ",
    "—",
    "\u{FFFD}",
    "\u{10FFFF}",
    "𠮷",
    "=SUM(A1)",
];

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|v| v.concat()),
        1 => any::<String>(),
        1 => (prop::sample::select(PIECES), 1usize..400).prop_map(|(p, n)| p.repeat(n)),
    ]
}

/// One fuzz case: per sheet, random texts dropped onto random cells of a
/// valid portfolio, and random merged areas.
#[derive(Debug, Clone)]
struct Case {
    sheets: Vec<SheetCase>,
}

#[derive(Debug, Clone)]
struct SheetCase {
    /// Rows of the catalogue this sheet lists (a split portfolio or an overlap).
    from: usize,
    to: usize,
    two_row_header: bool,
    cells: Vec<(u16, u16, String)>,
    merges: Vec<(u16, u16, u16, u16)>,
}

fn sheet_case() -> impl Strategy<Value = SheetCase> {
    (
        0usize..64,
        0usize..64,
        any::<bool>(),
        prop::collection::vec((0u16..72, 0u16..10, cell_text()), 0..40),
        prop::collection::vec((0u16..72, 0u16..10, 0u16..3, 0u16..3), 0..3),
    )
        .prop_map(|(a, b, two_row_header, cells, merges)| SheetCase {
            from: a.min(b),
            to: a.max(b) + 1,
            two_row_header,
            cells,
            merges,
        })
}

fn case() -> impl Strategy<Value = Case> {
    prop::collection::vec(sheet_case(), 1..4).prop_map(|sheets| Case { sheets })
}

fn build(case: &Case) -> Vec<u8> {
    let mut wb = Workbook::new();
    let headers = [
        "ID",
        "サービス名",
        "推奨レベル",
        "サービス割り当て",
        "担当",
        "現状",
        "あるべき姿",
        "備考",
    ];
    for (i, sc) in case.sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(format!("S{i}")).unwrap();
        let mut row = 0u32;
        if sc.two_row_header {
            ws.write_string(0, 5, "サービススコア").unwrap();
            row = 1;
        }
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(row, c as u16, *h).unwrap();
        }
        for (k, s) in catalogue().services[sc.from..sc.to].iter().enumerate() {
            let r = row + 1 + k as u32;
            ws.write_string(r, 0, &s.id).unwrap();
            ws.write_string(r, 1, &s.name_ja).unwrap();
            ws.write_string(r, 2, "スタンダード").unwrap();
            ws.write_string(r, 3, "インソース").unwrap();
            ws.write_string(r, 4, "SOC部").unwrap();
            ws.write_number(r, 5, 2.0).unwrap();
            ws.write_number(r, 6, 3.0).unwrap();
        }
        for (r, c, t) in &sc.cells {
            // Excel caps a cell at 32,767 characters.
            let t: String = t.chars().take(32_000).collect();
            ws.write_string(u32::from(*r), *c, &t).unwrap();
        }
        for &(r, c, h, w) in &sc.merges {
            let (r, c) = (u32::from(r), c);
            if h + w > 0 {
                let _ = ws.merge_range(r, c, r + u32::from(h), c + w, "合計", &Default::default());
            }
        }
    }
    wb.save_to_buffer().expect("a workbook")
}

fn run_pipeline(bytes: &[u8]) {
    let wb = read_bytes(bytes, &ReadOptions::default()).expect("our own workbook reads");
    let all = find_portfolios(&wb, None);
    for p in all.unwrap_or_default() {
        let ev = Evaluated::of(p);
        let _ = x1060::write::json::to_json(&ev.portfolio);
        let _ = x1060::write::json::to_csv(&ev.portfolio, &ev.parsed);
        for f in &ev.findings {
            assert!(!f.message_en.is_empty() && !f.message_ja.is_empty());
        }
    }
}

#[test]
fn random_cell_texts_in_a_valid_workbook_never_crash_the_pipeline() {
    use proptest::strategy::ValueTree;
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let cases = env("X1060_FUZZ_CASES", 24);
    let limit = Duration::from_secs(env("X1060_FUZZ_SECONDS", 3600));
    let seed = env("X1060_FUZZ_SEED", 1060);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let strategy = case();
    let start = Instant::now();
    let mut ran = 0u64;
    // A plain loop rather than `runner.run`: a long run stops on time, and a
    // crashing case is printed whole (seed and case number reproduce it).
    while ran < cases && start.elapsed() < limit {
        let c = strategy.new_tree(&mut runner).expect("a case").current();
        let bytes = build(&c);
        if let Err(e) = std::panic::catch_unwind(|| run_pipeline(&bytes)) {
            let path = std::env::temp_dir().join(format!("x1060-fuzz-crash-{seed}-{ran}.xlsx"));
            let _ = std::fs::write(&path, &bytes);
            panic!(
                "case {ran} (seed {seed}) crashed: {e:?}; workbook saved as {}\n{c:?}",
                path.display()
            );
        }
        ran += 1;
    }
    eprintln!(
        "{ran} workbooks through the pipeline in {:.0?} (seed {seed})",
        start.elapsed()
    );
}
