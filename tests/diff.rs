//! `x1060 diff` on real workbooks written here with rust_xlsxwriter: each
//! kind of change is found, identical inputs give none, the figures equal
//! `check --format json`, and a bad input gives one line and exit 2.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;
use serde_json::Value as Json;

mod common;
use common::*;

fn set(rows: &mut [Row], id: &str, f: impl FnOnce(&mut Row)) {
    f(rows.iter_mut().find(|r| r.id == id).expect(id))
}

fn t(v: &str) -> Cell {
    Cell::Text(v.into())
}

/// An older and a newer cycle with one service per kind of change.
fn cycles(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut old = rows(0);
    // Fixed values for the services that change, so each gives exactly its kinds.
    for id in [
        "A-1", "A-2", "B-1", "B-2", "B-3", "B-4", "C-1", "C-2", "C-3", "C-4", "D-1", "E-1", "E-2",
        "E-3",
    ] {
        set(&mut old, id, |r| {
            r.level = t("スタンダード");
            r.assign = t("インソース(SOC部)");
            r.as_is = Cell::Num(2.0);
            r.to_be = Cell::Num(4.0);
        });
    }
    set(&mut old, "A-1", |r| r.level = t("ベーシック"));
    set(&mut old, "I-7", |r| r.level = t("スタンダード"));
    set(&mut old, "A-3", |r| {
        r.level = t("不要");
        r.assign = t("未割り当て");
        r.as_is = Cell::Blank;
        r.to_be = Cell::Blank;
    });
    set(&mut old, "B-2", |r| r.assign = t("未割り当て"));
    set(&mut old, "C-2", |r| {
        r.as_is = Cell::Num(3.0);
        r.to_be = Cell::Num(3.0);
    });
    set(&mut old, "C-4", |r| r.to_be = Cell::Num(3.0));

    let mut new = old.clone();
    new.retain(|r| r.id != "I-7"); // service_removed
    new.push(Row {
        id: "J-1".into(),
        name: "脅威ハンティング".into(),
        level: t("オプション"),
        assign: t("インソース(SOC部)"),
        as_is: Cell::Num(1.0),
        to_be: Cell::Num(3.0),
    }); // service_added
    set(&mut new, "A-1", |r| r.level = t("スタンダード")); // level_changed
    set(&mut new, "A-2", |r| r.level = t("不要")); // to_unnecessary
    set(&mut new, "A-3", |r| {
        r.level = t("オプション"); // from_unnecessary
        r.assign = t("未割り当て");
        r.as_is = Cell::Num(1.0);
        r.to_be = Cell::Num(2.0);
    });
    set(&mut new, "B-1", |r| r.assign = t("アウトソース(A社)")); // assignment_changed + party_changed
    set(&mut new, "B-2", |r| r.assign = t("インソース(SOC部)")); // unassigned_resolved + party_changed
    set(&mut new, "B-3", |r| r.assign = t("未割り当て")); // unassigned_introduced + party_changed
    set(&mut new, "B-4", |r| r.assign = t("インソース(CSIRT)")); // party_changed
    set(&mut new, "C-1", |r| r.as_is = Cell::Num(3.0)); // as_is_up
    set(&mut new, "C-2", |r| r.as_is = Cell::Num(2.0)); // as_is_down + gap_opened
    set(&mut new, "C-3", |r| r.to_be = Cell::Num(5.0)); // to_be_raised
    set(&mut new, "E-1", |r| r.to_be = Cell::Num(3.0)); // to_be_lowered (gap 2 → 1)
    set(&mut new, "E-2", |r| r.to_be = Cell::Num(1.0)); // to_be_lowered + target_cut, not gap_closed
    set(&mut new, "E-3", |r| r.to_be = t("N/A")); // to_be_changed
    set(&mut new, "C-4", |r| r.as_is = Cell::Num(3.0)); // as_is_up + gap_closed
    set(&mut new, "D-1", |r| r.as_is = t("N/A")); // as_is_changed

    let (o, n) = (dir.join("2024.xlsx"), dir.join("2025.xlsx"));
    write_portfolio(&o, "株式会社あおば", &old);
    write_portfolio(&n, "株式会社あおば", &new);
    (o, n)
}

fn diff_json(old: &Path, new: &Path) -> Json {
    let out = run(&["diff", "--format", "json", s(old), s(new)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(change, service, old, new)` of a section.
fn entries(d: &Json, section: &str) -> Vec<(String, String, Option<String>, Option<String>)> {
    d[section]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let o = |v: &Json| v.as_str().map(str::to_string);
            (
                c["change"].as_str().unwrap().to_string(),
                c["service"].as_str().unwrap().to_string(),
                o(&c["old"]),
                o(&c["new"]),
            )
        })
        .collect()
}

fn e(
    kind: &str,
    id: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> (String, String, Option<String>, Option<String>) {
    (
        kind.into(),
        id.into(),
        old.map(Into::into),
        new.map(Into::into),
    )
}

#[test]
fn diff_finds_each_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = cycles(dir.path());
    let d = diff_json(&old, &new);
    assert_eq!(d["schema"], "x1060-diff");
    assert_eq!(d["schema_version"], 2);
    assert_eq!(d["old"]["path"], s(&old));
    assert_eq!(d["new"]["organisation"], "株式会社あおば");
    assert_eq!(d["old"]["services"], 64);
    assert_eq!(d["new"]["services"], 64);

    assert_eq!(
        entries(&d, "catalogue"),
        vec![
            e("level_changed", "A-1", Some("Basic"), Some("Standard")),
            e(
                "to_unnecessary",
                "A-2",
                Some("Standard"),
                Some("Unnecessary")
            ),
            e(
                "from_unnecessary",
                "A-3",
                Some("Unnecessary"),
                Some("Optional")
            ),
            e("service_removed", "I-7", Some("Standard"), None),
            e("service_added", "J-1", None, Some("Optional")),
        ]
    );
    assert_eq!(
        entries(&d, "profile"),
        vec![
            e(
                "assignment_changed",
                "B-1",
                Some("Insourcing"),
                Some("Outsourcing")
            ),
            e("party_changed", "B-1", Some("SOC部"), Some("A社")),
            e(
                "unassigned_resolved",
                "B-2",
                Some("Unassigned"),
                Some("Insourcing")
            ),
            e("party_changed", "B-2", None, Some("SOC部")),
            e(
                "unassigned_introduced",
                "B-3",
                Some("Insourcing"),
                Some("Unassigned")
            ),
            e("party_changed", "B-3", Some("SOC部"), None),
            e("party_changed", "B-4", Some("SOC部"), Some("CSIRT")),
        ]
    );
    assert_eq!(
        entries(&d, "portfolio"),
        vec![
            e("as_is_up", "C-1", Some("2"), Some("3")),
            e("as_is_down", "C-2", Some("3"), Some("2")),
            e("gap_opened", "C-2", Some("0"), Some("1")),
            e("to_be_raised", "C-3", Some("4"), Some("5")),
            e("as_is_up", "C-4", Some("2"), Some("3")),
            e("gap_closed", "C-4", Some("1"), Some("0")),
            e("as_is_changed", "D-1", Some("2"), Some("N/A")),
            e("to_be_lowered", "E-1", Some("4"), Some("3")),
            e("to_be_lowered", "E-2", Some("4"), Some("1")),
            e("target_cut", "E-2", Some("2"), Some("-1")),
            e("to_be_changed", "E-3", Some("4"), Some("N/A")),
        ]
    );
    let counts = d["counts"].as_object().unwrap();
    assert_eq!(counts.len(), 18);
    // A target cut is not a closed gap: only C-4 closed its gap.
    assert_eq!(counts["gap_closed"], 1);
    assert_eq!(counts["target_cut"], 1);
    assert_eq!(counts["party_changed"], 4);
    assert_eq!(counts["as_is_up"], 2);
    assert!(
        counts.values().all(|v| v.as_u64().unwrap() >= 1),
        "every kind found: {counts:?}"
    );
}

#[test]
fn identical_inputs_have_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = cycles(dir.path());
    let copy = dir.path().join("copy.xlsx");
    std::fs::copy(&old, &copy).unwrap();
    let d = diff_json(&old, &copy);
    for section in ["catalogue", "profile", "portfolio"] {
        assert_eq!(d[section], Json::Array(vec![]), "{section}");
    }
    assert!(d["counts"].as_object().unwrap().values().all(|v| v == 0));
    for g in d["summary"].as_array().unwrap() {
        assert_eq!(g["old"], g["new"]);
    }
    let out = run(&["diff", "--lang", "en", s(&old), s(&copy)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches(": no changes").count(), 3, "{text}");
}

#[test]
fn diff_figures_equal_check() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = cycles(dir.path());
    let d = diff_json(&old, &new);
    let close = |a: &Json, b: &Json| match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-12,
        _ => a.is_null() && b.is_null(),
    };
    for (side, path) in [("old", &old), ("new", &new)] {
        let out = run(&["check", "--format", "json", s(path)]);
        let c: Json = serde_json::from_slice(&out.stdout).unwrap();
        let fig = &c["files"][0]["figures"];
        let summary = d["summary"].as_array().unwrap();
        for (i, g) in summary.iter().take(9).enumerate() {
            assert_eq!(g["group"], fig["categories"][i]["id"]);
            for key in [
                "mean_as_is",
                "mean_to_be",
                "achievement",
                "listed",
                "selected",
            ] {
                assert!(
                    close(&g[side][key], &fig["categories"][i][key]),
                    "{side} {} {key}",
                    g["group"]
                );
            }
        }
        let overall = summary.last().unwrap();
        assert_eq!(overall["group"], "overall");
        for key in [
            "mean_as_is",
            "mean_to_be",
            "achievement",
            "listed",
            "selected",
        ] {
            assert!(
                close(&overall[side][key], &fig["overall"][key]),
                "{side} overall {key}"
            );
        }
    }
    let own = d["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "own")
        .unwrap();
    assert_eq!(own["old"]["listed"], 0);
    assert_eq!(own["new"]["listed"], 1);
    let c = d["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "C")
        .unwrap();
    let delta = c["change"]["mean_as_is"].as_f64().unwrap();
    let (a, b) = (
        c["old"]["mean_as_is"].as_f64().unwrap(),
        c["new"]["mean_as_is"].as_f64().unwrap(),
    );
    assert!((delta - (b - a)).abs() < 1e-12);
}

#[test]
fn diff_text_and_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = cycles(dir.path());
    let out = run(&["diff", "--lang", "en", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Service catalogue (§11.2): 5 changes"),
        "{text}"
    );
    assert!(
        text.contains("Service profile (§11.3): 7 changes"),
        "{text}"
    );
    assert!(
        text.contains("Service portfolio (§11.4): 11 changes"),
        "{text}"
    );
    assert!(text.contains("gap closed: 1 → 0"), "{text}");
    assert!(
        text.contains("gap gone by a lowered To-Be (not closed): 2 → -1"),
        "{text}"
    );
    assert!(text.contains("Figures per category"), "{text}");

    let out = run(&["diff", "--lang", "ja", s(&old), s(&new)]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("サービスカタログ (11.2節): 5 件の変更"),
        "{text}"
    );
    assert!(text.contains("ベーシック → スタンダード"), "{text}");

    let xlsx = dir.path().join("out.xlsx");
    let out = run(&[
        "diff",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "-o",
        s(&xlsx),
        s(&old),
        s(&new),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Summary", "Categories", "Changes", "Kinds"]
    );
    // One row per changed service (header on row 4), regressions first,
    // scores stored as numbers, old and new side by side.
    let r = wb.worksheet_range("Changes").unwrap();
    let rows: Vec<&[Data]> = r.rows().skip(4).collect();
    let ids: Vec<String> = rows.iter().map(|row| row[0].to_string()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one row per service: {ids:?}");
    assert_eq!(ids.len(), 17, "{ids:?}");
    let kinds: Vec<String> = rows.iter().map(|row| row[2].to_string()).collect();
    let first_other = kinds.iter().position(|k| k != "regression").unwrap();
    assert!(
        kinds[first_other..].iter().all(|k| k != "regression"),
        "{kinds:?}"
    );
    let e2 = rows
        .iter()
        .find(|row| row[0] == Data::String("E-2".into()))
        .unwrap();
    assert_eq!(e2[2], Data::String("regression".into()));
    assert_eq!((&e2[12], &e2[13]), (&Data::Float(4.0), &Data::Float(1.0)));
    assert_eq!((&e2[14], &e2[15]), (&Data::Float(2.0), &Data::Float(-1.0)));
    assert!(e2[3].to_string().contains("not closed"), "{:?}", e2[3]);
    let sum = wb.worksheet_range("Categories").unwrap();
    assert!(sum.rows().any(|r| r[0] == Data::String("overall".into())));
    let sum = wb.worksheet_range("Summary").unwrap();
    assert!(
        sum.rows()
            .any(|r| r[0] == Data::String("Assessment date".into()))
    );

    let ja = dir.path().join("ja.xlsx");
    let out = run(&[
        "diff",
        "--format",
        "xlsx",
        "--lang",
        "ja",
        "-o",
        s(&ja),
        s(&old),
        s(&new),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let mut wb = open_workbook_auto(&ja).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["概要", "カテゴリー別", "変更", "変更の種類"]
    );
    let r = wb.worksheet_range("変更").unwrap();
    let all: String = r
        .rows()
        .flat_map(|row| row.iter().map(|c| c.to_string()))
        .collect();
    assert!(all.contains("後退") && all.contains("あるべき姿の引き下げでギャップ消滅"));
    assert!(!all.contains("level_changed") && !all.contains("target_cut"));

    // An existing output is kept without --force.
    let out = run(&["diff", "--format", "xlsx", "-o", s(&xlsx), s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "diff",
        "--format",
        "xlsx",
        "--force",
        "-o",
        s(&xlsx),
        s(&old),
        s(&new),
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn diff_bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = cycles(dir.path());
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"not a workbook at all").unwrap();
    let out = run(&["diff", s(&old), s(&broken)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(s(&broken)), "{err}");
    assert!(out.stdout.is_empty());

    let empty = dir.path().join("memo.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "memo").unwrap();
    wb.save(&empty).unwrap();
    let out = run(&["diff", "--lang", "en", s(&empty), s(&old)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(s(&empty)) && err.contains("--sheet"),
        "{err}"
    );

    let out = run(&["diff", s(&empty), s(&broken)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 2);
}
