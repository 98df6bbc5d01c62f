//! The hand writer of `check --format json` ([`write_file_json`], issue 15)
//! against the `serde_json` path it replaced: [`file_json`] serialised by
//! `serde_json`, the figures appended through their `Serialize` derives,
//! exactly as `check` built the element before. Both paths live side by
//! side, so a field added to a struct (or a changed `serde` attribute, or a
//! new float formatter in `serde_json`) that the hand writer misses fails
//! here: every sample and fixture in both languages, with and without the
//! figures, and edge values (NaN, the infinities, `-0.0`, extreme floats,
//! control characters, quotes, non-UTF-8 paths, several portfolios, an
//! unreadable file), plus random floats and strings.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use x1060::analysis::{Cycle, FileResult, LongReason, Outcome, Priority, Stats, check_file_all};
use x1060::catalogue::{Assignment, Lang, Level};
use x1060::read::{ReadError, ReadErrorKind, ReadOptions};
use x1060::rules::{Finding, Severity};
use x1060::write::findings::{
    Format, Printer, file_json, render_document, write_figures_json, write_file_json,
    write_json_str,
};

/// The element as `check` wrote it before the hand writer (`c87f5c5`).
fn reference(r: &FileResult, lang: Lang, figures: bool) -> Vec<u8> {
    let mut text = serde_json::to_vec(&file_json(r, lang, false)).unwrap();
    if let (Outcome::Checked(e), true) = (&r.outcome, figures) {
        text.pop();
        text.extend_from_slice(b",\"figures\":");
        serde_json::to_writer(&mut text, &e.figures).unwrap();
        text.push(b'}');
    }
    // The figures inside the value tree give the same bytes.
    assert_eq!(
        text,
        serde_json::to_vec(&file_json(r, lang, figures)).unwrap()
    );
    text
}

fn hand(r: &FileResult, lang: Lang, figures: bool) -> Vec<u8> {
    let mut out = b"prefix".to_vec();
    write_file_json(&mut out, r, lang, figures).unwrap();
    out.drain(..6);
    out
}

/// Panics at the first byte where the two differ, with the text around it.
fn same(what: &str, hand: &[u8], serde: &[u8]) {
    if hand == serde {
        return;
    }
    let at = hand
        .iter()
        .zip(serde)
        .position(|(a, b)| a != b)
        .unwrap_or(hand.len().min(serde.len()));
    let around = |b: &[u8]| {
        String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())]).into_owned()
    };
    panic!(
        "{what}: the hand writer and serde_json differ at byte {at}\n hand:  …{}…\n serde: …{}…",
        around(hand),
        around(serde)
    );
}

fn check_result(what: &str, r: &FileResult) {
    for lang in [Lang::En, Lang::Ja] {
        for figures in [true, false] {
            same(
                &format!("{what} ({lang:?}, figures {figures})"),
                &hand(r, lang, figures),
                &reference(r, lang, figures),
            );
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every file of the samples and the test fixtures (workbooks of every
/// kind, JSON portfolios, and files that are not portfolios at all).
fn corpus() -> Vec<FileResult> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for d in ["samples", "tests/fixtures", "tests/hostile"] {
        files_under(&root.join(d), &mut paths);
    }
    paths
        .iter()
        .flat_map(|p| check_file_all(p, &ReadOptions::default(), None))
        .collect()
}

fn sample() -> FileResult {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/sample-ja.xlsx");
    check_file_all(path.as_ref(), &ReadOptions::default(), None).remove(0)
}

#[test]
fn every_sample_and_fixture_gives_the_same_bytes() {
    let results = corpus();
    let kinds = |f: fn(&Outcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
    // The corpus covers every kind of outcome and a portfolio over several sheets.
    assert!(kinds(|o| matches!(o, Outcome::Checked(_))) >= 20);
    assert!(kinds(|o| matches!(o, Outcome::Unreadable(_))) >= 1);
    assert!(kinds(|o| matches!(o, Outcome::NoPortfolio(_))) >= 1);
    assert!(results.iter().any(|r| r.portfolio.is_some()));
    assert!(
        results
            .iter()
            .any(|r| matches!(&r.outcome, Outcome::Checked(e) if !e.portfolio.parts.is_empty()))
    );
    for r in &results {
        check_result(&r.name(), r);
    }
}

#[test]
fn whole_documents_match_the_serde_path() {
    // What `check --format json` and `serve` print: the head, the elements
    // and the summary.
    let results = corpus();
    for lang in [Lang::En, Lang::Ja] {
        for figures in [true, false] {
            let doc = render_document(&results, Format::Json, lang, figures).unwrap();
            let mut want = Vec::new();
            let printer = Printer::new(Format::Json, lang, figures);
            printer.begin(&mut want).unwrap();
            for (i, r) in results.iter().enumerate() {
                if i > 0 {
                    want.push(b',');
                }
                want.extend(reference(r, lang, figures));
            }
            let mut summary = x1060::analysis::Summary::default();
            results.iter().for_each(|r| summary.add(r));
            let files: std::collections::HashSet<&Path> =
                results.iter().map(|r| r.path.as_path()).collect();
            printer.end(&mut want, &summary, files.len()).unwrap();
            same(
                &format!("document ({lang:?}, figures {figures})"),
                &doc,
                &want,
            );
            serde_json::from_slice::<serde_json::Value>(&doc).expect("valid JSON");
        }
    }
}

/// Every byte from 0 to 0x7f, quotes, backslashes and non-ASCII text.
const AWKWARD: &str = "\u{0}\u{1}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{e}\u{1f} !\"#\\/\u{7f}\u{80}é漢字\u{2028}\u{2029}\u{feff}😀 end";

fn awkward_stats(seed: usize) -> Stats {
    let floats = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        0.0,
        1.0,
        3.0,
        1.0 / 3.0,
        0.1 + 0.2,
        1e15,
        1e16,
        1e17,
        123456789012345680.0,
        1e-5,
        1e-7,
        5e-324,
        f64::MIN_POSITIVE,
        f64::MAX,
        -f64::MAX,
        -2.5,
    ];
    let f = |k: usize| Some(floats[(seed * 4 + k) % floats.len()]);
    let mut s = Stats {
        listed: u32::MAX,
        selected: seed as u32,
        scored: 0,
        mean_as_is: f(0),
        mean_to_be: f(1),
        mean_gap: f(2),
        achievement: f(3),
        sum_as_is: 1_000_000_007,
        sum_to_be: 10,
        ..Stats::default()
    };
    s.levels.basic = 1;
    s.levels.unnecessary = u32::MAX;
    s.assignments.unassigned = 99;
    if seed.is_multiple_of(3) {
        s.mean_as_is = None;
        s.achievement = None;
    }
    s
}

fn awkward_priority(rank: u32, long_reason: Option<LongReason>) -> Priority {
    Priority {
        rank,
        service: format!("{AWKWARD}-{rank}"),
        level: [None, Some(Level::Basic), Some(Level::Unnecessary)][rank as usize % 3],
        assignment: [
            None,
            Some(Assignment::Combination),
            Some(Assignment::Unassigned),
        ][rank as usize % 3],
        as_is: u8::MAX,
        to_be: 0,
        gap: [i32::MIN, -1, 0, 4, i32::MAX][rank as usize % 5],
        cycle: if long_reason.is_some() {
            Cycle::Long
        } else {
            Cycle::Short
        },
        long_reason,
        index: 7,
    }
}

fn awkward_finding(k: usize) -> Finding {
    let some = |s: &str| k.is_multiple_of(2).then(|| s.to_string());
    Finding {
        rule: ["S005", "X001", "A\"B\\C\n"][k % 3],
        severity: [Severity::Info, Severity::Warning, Severity::Error][k % 3],
        sheet: some(AWKWARD),
        cell: some("F12"),
        service: some("A-1"),
        message_en: format!("english {AWKWARD}"),
        message_ja: format!("日本語 {AWKWARD}"),
        source: "§9.4 \"Table\" 3",
        at: None,
    }
}

#[test]
fn edge_values_give_the_same_bytes() {
    let base = sample();
    let Outcome::Checked(e) = &base.outcome else {
        panic!("the sample is a portfolio")
    };
    let mut e = e.clone();
    e.portfolio.organisation = None;
    e.portfolio.sheet = AWKWARD.into();
    e.portfolio.parts = vec![
        (AWKWARD.into(), Default::default()),
        ("二枚目".into(), Default::default()),
    ];
    let f = &mut e.figures;
    f.assessment_date = Some(AWKWARD.into());
    f.overall = awkward_stats(0);
    f.own = awkward_stats(1);
    for (i, c) in f.categories.iter_mut().enumerate() {
        c.stats = awkward_stats(i + 2);
        c.name = AWKWARD.into();
    }
    for (i, a) in f.assignments.iter_mut().enumerate() {
        a.stats = awkward_stats(i + 3);
    }
    for (i, p) in f.phases.iter_mut().enumerate() {
        p.stats = awkward_stats(i + 5);
        p.categories = AWKWARD.into();
    }
    f.priorities = [
        None,
        Some(LongReason::Unassigned),
        Some(LongReason::NoParty),
        Some(LongReason::TwoOrMoreSteps),
    ]
    .into_iter()
    .cycle()
    .take(7)
    .enumerate()
    .map(|(i, r)| awkward_priority(if i == 6 { u32::MAX } else { i as u32 }, r))
    .collect();
    e.findings = (0..6).map(awkward_finding).collect();
    let checked = |path: PathBuf, portfolio: Option<String>| FileResult {
        path,
        outcome: Outcome::Checked(e.clone()),
        portfolio,
    };
    check_result("awkward", &checked(AWKWARD.into(), Some(AWKWARD.into())));
    check_result("awkward, one portfolio", &checked(AWKWARD.into(), None));
    let mut empty = e.clone();
    empty.findings.clear();
    empty.figures.priorities.clear();
    empty.figures.categories.clear();
    empty.portfolio.parts.clear();
    empty.portfolio.services.clear();
    check_result(
        "empty lists",
        &FileResult {
            path: PathBuf::new(),
            outcome: Outcome::Checked(empty),
            portfolio: Some(String::new()),
        },
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let bytes = vec![b'a', 0xff, 0xfe, b'"', 0xc3, b'/', 0xe6, 0xbc, b'.', b'x'];
        let p = PathBuf::from(std::ffi::OsString::from_vec(bytes));
        check_result("non-UTF-8 path", &checked(p.clone(), Some("s".into())));
        check_result(
            "non-UTF-8 path, unreadable",
            &FileResult {
                path: p.clone(),
                outcome: Outcome::Unreadable(ReadError {
                    path: p,
                    kind: ReadErrorKind::Internal(AWKWARD.into()),
                }),
                portfolio: None,
            },
        );
    }
    let mut one = awkward_finding(1);
    one.rule = "X001";
    check_result(
        "no portfolio",
        &FileResult {
            path: AWKWARD.into(),
            outcome: Outcome::NoPortfolio(one),
            portfolio: None,
        },
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_floats_and_strings(
        floats in proptest::collection::vec(any::<f64>(), 4),
        bits in proptest::collection::vec(any::<u64>(), 4),
        nums in proptest::collection::vec(any::<u32>(), 5),
        text in any::<String>(),
        gap in any::<i32>(),
    ) {
        let text_of = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
        let mut out = Vec::new();
        write_json_str(&mut out, &text);
        prop_assert_eq!(text_of(out), serde_json::to_string(&text).unwrap());

        let Outcome::Checked(mut e) = sample().outcome else { panic!("a portfolio") };
        let f = &mut e.figures;
        let as_float = |k: usize| if k.is_multiple_of(2) { floats[k] } else { f64::from_bits(bits[k]) };
        f.overall.mean_as_is = Some(as_float(0));
        f.overall.mean_to_be = Some(as_float(1));
        f.overall.mean_gap = Some(as_float(2));
        f.overall.achievement = Some(as_float(3));
        f.overall.listed = nums[0];
        f.overall.sum_to_be = nums[1];
        f.categories[0].stats.levels.optional = nums[2];
        f.categories[0].name = text.clone();
        f.assessment_date = Some(text.clone());
        f.priorities.push(awkward_priority(nums[3], None));
        f.priorities.last_mut().unwrap().gap = gap;
        f.priorities.last_mut().unwrap().service = text.clone();
        let mut out = Vec::new();
        write_figures_json(&mut out, f);
        prop_assert_eq!(text_of(out), serde_json::to_string(&*f).unwrap());

        e.findings.push(Finding { message_en: text.clone(), message_ja: text.clone(), ..awkward_finding(nums[4] as usize) });
        let r = FileResult { path: text.clone().into(), outcome: Outcome::Checked(e), portfolio: Some(text) };
        for lang in [Lang::En, Lang::Ja] {
            prop_assert_eq!(text_of(hand(&r, lang, true)), text_of(reference(&r, lang, true)));
        }
    }
}

#[test]
fn every_ascii_byte_at_every_place_of_a_chunk() {
    // The escaper skips eight plain bytes at a time: put each ASCII
    // character (and a few non-ASCII ones) at each place of two chunks and
    // a tail, among plain and non-ASCII neighbours.
    let odd = ['\u{80}', 'é', '\u{7ff}', '\u{800}', '漢', '\u{ffff}', '😀'];
    for fill in ['a', '\u{7f}', ' ', '~'] {
        for c in (0u8..0x80).map(char::from).chain(odd) {
            for at in 0..19 {
                let mut s: String = std::iter::repeat_n(fill, 19).collect();
                s.insert(at, c);
                s.insert_str(0, &"é".repeat(at % 3));
                let mut out = Vec::new();
                write_json_str(&mut out, &s);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string(&s).unwrap(),
                    "{s:?}"
                );
            }
        }
    }
}
