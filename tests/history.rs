//! `x1060 history` on real workbooks written here: three cycles of one
//! organisation, the last with a lowered As-Is, a cut target and a newly
//! Unassigned service next to progress; the changes list the regressions
//! before the progress in every format.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

mod common;
use common::*;

fn set(rows: &mut [Row], id: &str, f: impl FnOnce(&mut Row)) {
    f(rows.iter_mut().find(|r| r.id == id).expect(id))
}

/// 2023 → 2024: A-1 rises (progress only). 2024 → 2025: A-2's target is
/// cut 5 → 1, B-1's As-Is falls, B-2 becomes Unassigned (regressions) and
/// A-1 rises again (progress).
fn three(dir: &Path) -> [PathBuf; 3] {
    let mut c1 = rows(0);
    for id in ["A-1", "A-2", "B-1", "B-2"] {
        set(&mut c1, id, |r| {
            r.level = Cell::Text("ベーシック".into());
            r.assign = Cell::Text("インソース(SOC部)".into());
            r.as_is = Cell::Num(2.0);
            r.to_be = Cell::Num(5.0);
        });
    }
    set(&mut c1, "A-1", |r| r.as_is = Cell::Num(1.0));
    let mut c2 = c1.clone();
    set(&mut c2, "A-1", |r| r.as_is = Cell::Num(3.0));
    let mut c3 = c2.clone();
    set(&mut c3, "A-1", |r| r.as_is = Cell::Num(4.0));
    set(&mut c3, "A-2", |r| r.to_be = Cell::Num(1.0));
    set(&mut c3, "B-1", |r| r.as_is = Cell::Num(1.0));
    set(&mut c3, "B-2", |r| {
        r.assign = Cell::Text("未割り当て".into())
    });
    let paths = [
        dir.join("2023.xlsx"),
        dir.join("2024.xlsx"),
        dir.join("2025.xlsx"),
    ];
    for (p, rows) in paths.iter().zip([&c1, &c2, &c3]) {
        write_portfolio(p, "株式会社<あおば>", rows);
    }
    paths
}

#[test]
fn history_lists_regressions_before_progress() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b, c] = three(dir.path());
    let out = run(&["history", "--format", "json", s(&a), s(&b), s(&c)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(h["schema"], "x1060-history");
    assert_eq!(h["cycles"].as_array().unwrap().len(), 3);
    let steps = h["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    let ids = |v: &Json| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["service"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(&steps[0]["regressions"]).is_empty());
    assert_eq!(ids(&steps[0]["progress"]), ["A-1"]);
    assert_eq!(ids(&steps[1]["regressions"]), ["A-2", "B-1", "B-2"]);
    assert_eq!(ids(&steps[1]["progress"]), ["A-1"]);
    let a2 = &steps[1]["regressions"][0];
    let kinds: Vec<&str> = a2["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["to_be_lowered", "target_cut"]);
    // Scores are numbers in the JSON.
    assert_eq!(a2["old"]["to_be"], 5);
    assert_eq!(a2["new"]["to_be"], 1);
    // Trend: category A mean As-Is over the cycles, worked out by hand from
    // the rows: the test portfolio's A scores with as set above.
    let overall = h["trend"].as_array().unwrap().last().unwrap();
    assert_eq!(overall["group"], "overall");
    assert_eq!(overall["points"].as_array().unwrap().len(), 3);

    // Text: the regression heading and its services come before the progress.
    let out = run(&["history", "--lang", "ja", s(&a), s(&b), s(&c)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let last = &text[text.rfind("→ #3").or_else(|| text.rfind("2025")).unwrap()..];
    let reg = last.find("後退 (3)").expect(&text);
    let prog = last.find("前進 (1)").expect(&text);
    assert!(reg < prog, "{text}");
    let cut = last
        .find("あるべき姿の引き下げでギャップ消滅")
        .expect(&text);
    assert!(cut < prog);
    assert!(
        !text.contains("ギャップ解消"),
        "a cut target is not a closed gap: {text}"
    );
    assert!(!text.contains("target_cut") && !text.contains("level_changed"));
}

#[test]
fn history_html_and_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b, c] = three(dir.path());
    let html = dir.path().join("h.html");
    let out = run(&[
        "history",
        "--format",
        "html",
        "--lang",
        "ja",
        "-o",
        s(&html),
        s(&a),
        s(&b),
        s(&c),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("株式会社&lt;あおば&gt;") && !page.contains("<あおば>"));
    assert!(page.contains("class=\"chart lines\""));
    let reg = page.rfind("<h3 class=\"reg\">後退 (3)").unwrap();
    let prog = page.rfind("<h3 class=\"prog\">前進 (1)").unwrap();
    assert!(reg < prog);
    for bad in ["<script", "<link", "src=", "url("] {
        assert!(!page.contains(bad), "{bad}");
    }

    let xlsx = dir.path().join("h.xlsx");
    let out = run(&[
        "history",
        "--format",
        "xlsx",
        "--lang",
        "ja",
        "-o",
        s(&xlsx),
        s(&a),
        s(&b),
        s(&c),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), vec!["推移", "変更"]);
    let r = wb.worksheet_range("変更").unwrap();
    let kinds: Vec<String> = r.rows().skip(4).map(|row| row[2].to_string()).collect();
    assert_eq!(kinds, ["前進", "後退", "後退", "後退", "前進"]);
}

#[test]
fn history_needs_two_cycles_and_readable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let [a, ..] = three(dir.path());
    let out = run(&["history", s(&a)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"no").unwrap();
    let out = run(&["history", s(&a), s(&broken)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with(s(&broken)), "{err}");
    assert!(out.stdout.is_empty());
}
