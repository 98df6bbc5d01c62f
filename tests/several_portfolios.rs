//! WORKBOOKS.md → Several portfolio sheets: a workbook with overlapping
//! portfolio sheets (two organisations) holds a portfolio per sheet, and
//! `diff`, `history` and `export` handle every one of them, each part of
//! their outputs naming its portfolio (`file#sheet`); a portfolio on one
//! side only is said, never dropped. Workbooks are written here; the
//! expected values are worked out by hand from RULES.md.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value as Json;

mod common;
use common::*;

fn set(rows: &mut [Row], id: &str, f: impl FnOnce(&mut Row)) {
    f(rows.iter_mut().find(|r| r.id == id).expect(id))
}

/// A社's rows with C-1 at As-Is `as_is`, To-Be 5.
fn a(as_is: f64) -> Vec<Row> {
    let mut r = rows(0);
    set(&mut r, "C-1", |r| {
        r.as_is = Cell::Num(as_is);
        r.to_be = Cell::Num(5.0);
    });
    r
}

/// B社's rows with D-1 at As-Is `as_is`, To-Be 4.
fn b(as_is: f64) -> Vec<Row> {
    let mut r = rows(1);
    set(&mut r, "D-1", |r| {
        r.as_is = Cell::Num(as_is);
        r.to_be = Cell::Num(4.0);
    });
    r
}

fn ok(out: &std::process::Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Old: A社 (C-1 at 2), B社. New: B社, C社, A社 (C-1 at 3), in another
/// order, so pairing by name is what finds A社's namesake.
fn two(dir: &Path) -> (PathBuf, PathBuf) {
    let (old, new) = (dir.join("old.xlsx"), dir.join("new.xlsx"));
    write_portfolios(&old, &[("A社", "A社", &a(2.0)), ("B社", "B社", &b(3.0))]);
    write_portfolios(
        &new,
        &[
            ("B社", "B社", &b(3.0)),
            ("C社", "C社", &rows(2)),
            ("A社", "A社", &a(3.0)),
        ],
    );
    (old, new)
}

#[test]
fn diff_compares_every_portfolio_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = two(dir.path());
    let d: Json =
        serde_json::from_str(&ok(&run(&["diff", "--format", "json", s(&old), s(&new)]))).unwrap();
    assert_eq!(d["schema"], "x1060-diff");
    assert_eq!(d["schema_version"], 3);
    let parts = d["portfolios"].as_array().unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["A社", "B社"]);
    let da = &parts[0]["diff"];
    assert_eq!(da["schema_version"], 2);
    assert_eq!(da["old"]["path"], format!("{}#A社", s(&old)));
    assert_eq!(da["new"]["path"], format!("{}#A社", s(&new)));
    // A社: C-1's As-Is 2 → 3 is the one change.
    let changes: Vec<(&str, &str, &str, &str)> = da["portfolio"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap(),
                c["service"].as_str().unwrap(),
                c["old"].as_str().unwrap(),
                c["new"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(changes, [("as_is_up", "C-1", "2", "3")]);
    assert!(da["catalogue"].as_array().unwrap().is_empty());
    // Category C has 4 services: its mean As-Is rises by 1/4; overall by 1/64.
    let summary = da["summary"].as_array().unwrap();
    let c = summary.iter().find(|g| g["group"] == "C").unwrap();
    assert_eq!(c["change"]["mean_as_is"].as_f64().unwrap(), 0.25);
    let all = summary.iter().find(|g| g["group"] == "overall").unwrap();
    assert!((all["change"]["mean_as_is"].as_f64().unwrap() - 1.0 / 64.0).abs() < 1e-9);
    // B社 unchanged.
    let db = &parts[1]["diff"];
    assert!(db["services"].as_array().unwrap().is_empty());
    // C社 only in new: said, not dropped.
    assert_eq!(
        d["not_compared"],
        serde_json::json!([{"name": "C社", "only_in": "new", "path": format!("{}#C社", s(&new))}])
    );

    let text = ok(&run(&["diff", "--lang", "en", s(&old), s(&new)]));
    assert!(text.contains("=== Portfolio 'A社' ==="), "{text}");
    assert!(text.contains("=== Portfolio 'B社' ==="), "{text}");
    assert!(text.contains(&format!("old: {}#A社 (", s(&old))), "{text}");
    let alone: Vec<&str> = text.lines().filter(|l| l.contains("C社")).collect();
    assert_eq!(
        alone,
        [format!(
            "portfolio 'C社': only in new ({}#C社); the old workbook has no portfolio of that name, not compared",
            s(&new)
        )]
    );
    // A社's section holds C-1's change, B社's none.
    let (sa, sb) = text.split_at(text.find("=== Portfolio 'B社'").unwrap());
    assert!(sa.contains("C-1") && sa.contains("As-Is up: 2 → 3"), "{sa}");
    assert!(!sb.contains("As-Is up"), "{sb}");

    let ja = ok(&run(&["diff", "--lang", "ja", s(&old), s(&new)]));
    assert!(ja.contains("=== ポートフォリオ「A社」 ==="), "{ja}");
    assert!(ja.contains("ポートフォリオ「C社」: 今回のみ"), "{ja}");
}

#[test]
fn diff_workbook_has_sheets_per_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = two(dir.path());
    let out = dir.path().join("d.xlsx");
    ok(&run(&[
        "diff",
        "--format",
        "xlsx",
        "--lang",
        "ja",
        "-o",
        s(&out),
        s(&old),
        s(&new),
    ]));
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "ポートフォリオ",
            "概要 A社",
            "カテゴリー別 A社",
            "変更 A社",
            "変更の種類 A社",
            "概要 B社",
            "カテゴリー別 B社",
            "変更 B社",
            "変更の種類 B社",
        ]
    );
    let list = wb.worksheet_range("ポートフォリオ").unwrap();
    let rows: Vec<Vec<String>> = list
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let c = rows.iter().find(|r| r[0] == "C社").expect("C社 listed");
    assert_eq!(c[1], "今回のみ（比較なし）");
    assert_eq!(c[3], format!("{}#C社", s(&new)));
    let a = rows.iter().find(|r| r[0] == "A社").unwrap();
    assert_eq!(a[4], "1", "one changed service in A社");
    // A社's summary names the portfolio's own file#sheet.
    let sum = wb.worksheet_range("概要 A社").unwrap();
    assert!(sum.rows().any(|r| {
        r.iter()
            .any(|c| *c == Data::String(format!("{}#A社", s(&old))))
    }));
}

/// Three cycles: A社 and B社 in each; C社 in the last only.
fn three(dir: &Path) -> [PathBuf; 3] {
    let p = [
        dir.join("2023.xlsx"),
        dir.join("2024.xlsx"),
        dir.join("2025.xlsx"),
    ];
    write_portfolios(&p[0], &[("A社", "A社", &a(1.0)), ("B社", "B社", &b(3.0))]);
    write_portfolios(&p[1], &[("B社", "B社", &b(3.0)), ("A社", "A社", &a(2.0))]);
    write_portfolios(
        &p[2],
        &[
            ("A社", "A社", &a(3.0)),
            ("B社", "B社", &b(2.0)),
            ("C社", "C社", &rows(2)),
        ],
    );
    p
}

#[test]
fn history_gives_one_series_per_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let [x, y, z] = three(dir.path());
    let h: Json = serde_json::from_str(&ok(&run(&[
        "history",
        "--format",
        "json",
        s(&x),
        s(&y),
        s(&z),
    ])))
    .unwrap();
    assert_eq!(h["schema"], "x1060-history");
    assert_eq!(h["schema_version"], 2);
    let parts = h["portfolios"].as_array().unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["A社", "B社"]);
    for (part, name) in parts.iter().zip(["A社", "B社"]) {
        let labels: Vec<&str> = part["history"]["cycles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap())
            .collect();
        assert_eq!(
            labels,
            [
                format!("{}#{name}", s(&x)),
                format!("{}#{name}", s(&y)),
                format!("{}#{name}", s(&z))
            ]
        );
    }
    // A社: C-1 1 → 2 → 3, progress in both steps; B社: D-1 3 → 3 → 2,
    // a regression in the second step only.
    let ids = |step: &Json, list: &str| -> Vec<String> {
        step[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["service"].as_str().unwrap().to_string())
            .collect()
    };
    let sa = parts[0]["history"]["steps"].as_array().unwrap();
    assert_eq!(ids(&sa[0], "progress"), ["C-1"]);
    assert_eq!(ids(&sa[1], "progress"), ["C-1"]);
    assert!(ids(&sa[1], "regressions").is_empty());
    let sb = parts[1]["history"]["steps"].as_array().unwrap();
    assert!(sb[0]["regressions"].as_array().unwrap().is_empty());
    assert!(sb[0]["progress"].as_array().unwrap().is_empty());
    assert_eq!(ids(&sb[1], "regressions"), ["D-1"]);
    // A社's trend in C: mean As-Is 1/4 higher each cycle.
    let c = parts[0]["history"]["trend"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["group"] == "C")
        .unwrap()["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["mean_as_is"].as_f64().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(c[1] - c[0], 0.25);
    assert_eq!(c[2] - c[1], 0.25);
    assert_eq!(
        h["single"],
        serde_json::json!([{"name": "C社", "path": format!("{}#C社", s(&z))}])
    );

    let text = ok(&run(&["history", "--lang", "en", s(&x), s(&y), s(&z)]));
    assert!(text.contains("=== Portfolio 'A社' ==="), "{text}");
    assert!(text.contains("=== Portfolio 'B社' ==="), "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("C社"))
            .collect::<Vec<_>>(),
        [format!(
            "portfolio 'C社': in one cycle only ({}#C社); no other workbook has a portfolio of that name, no history",
            s(&z)
        )]
    );

    let html = dir.path().join("h.html");
    ok(&run(&[
        "history",
        "--format",
        "html",
        "--lang",
        "ja",
        "-o",
        s(&html),
        s(&x),
        s(&y),
        s(&z),
    ]));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h1>ポートフォリオ「A社」</h1>"));
    assert!(page.contains("<h1>ポートフォリオ「B社」</h1>"));
    assert!(page.contains("ポートフォリオ「C社」: 1つのサイクルのみ"));
    assert_eq!(page.matches("<html").count(), 1);

    let xlsx = dir.path().join("h.xlsx");
    ok(&run(&[
        "history",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "-o",
        s(&xlsx),
        s(&x),
        s(&y),
        s(&z),
    ]));
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Portfolios",
            "Trend A社",
            "Changes A社",
            "Trend B社",
            "Changes B社"
        ]
    );
    let ch = wb.worksheet_range("Changes B社").unwrap();
    let d1: Vec<_> = ch
        .rows()
        .filter(|r| r.iter().any(|c| *c == Data::String("D-1".into())))
        .collect();
    assert_eq!(d1.len(), 1, "one change of D-1 in B社");
}

#[test]
fn export_writes_every_portfolio_and_import_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let (book, _) = two(dir.path());
    let json = dir.path().join("a.json");
    ok(&run(&["export", "-o", s(&json), s(&book)]));
    let doc: Json = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["schema"], "x1060-portfolio");
    assert_eq!(doc["schema_version"], 2);
    let ps = doc["portfolios"].as_array().unwrap();
    assert_eq!(ps.len(), 2);
    assert_eq!(ps[0]["schema_version"], 1);
    assert_eq!(
        (ps[0]["sheet"].as_str(), ps[1]["sheet"].as_str()),
        (Some("A社"), Some("B社"))
    );
    for p in ps {
        assert_eq!(p["services"].as_array().unwrap().len(), 64);
    }
    let c1 = ps[0]["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "C-1")
        .unwrap();
    assert_eq!(
        (c1["as_is"].as_f64(), c1["to_be"].as_f64()),
        (Some(2.0), Some(5.0))
    );

    // json → xlsx → json gives the same bytes.
    let xlsx = dir.path().join("b.xlsx");
    let again = dir.path().join("c.json");
    ok(&run(&["import", "-o", s(&xlsx), s(&json)]));
    ok(&run(&["export", "-o", s(&again), s(&xlsx)]));
    assert_eq!(
        std::fs::read_to_string(&json).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let names = wb.sheet_names();
    assert_eq!(&names[..2], ["A社", "B社"]);
    let b = wb.worksheet_range("B社").unwrap();
    assert!(
        b.rows()
            .any(|r| r.iter().any(|c| *c == Data::String("D-1".into())))
    );

    // A fault inside the second portfolio names it and its place.
    let bad = std::fs::read_to_string(&json)
        .unwrap()
        .replacen("\"columns\": [", "\"columns\": 7, \"x\": [", 2)
        .replacen("\"columns\": 7, \"x\": [", "\"columns\": [", 1);
    let badf = dir.path().join("bad.json");
    std::fs::write(&badf, bad).unwrap();
    let out = run(&["import", "-o", s(&dir.path().join("bad.xlsx")), s(&badf)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("portfolio 2 ('B社')"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!dir.path().join("bad.xlsx").exists());
}

#[test]
fn export_csv_and_oscal_hold_every_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let (book, _) = two(dir.path());
    let csv = ok(&run(&["export", "--format", "csv", s(&book)]));
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("portfolio,id,category,name,")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 128);
    assert_eq!(rows.iter().filter(|r| r[0] == "A社").count(), 64);
    assert_eq!(rows.iter().filter(|r| r[0] == "B社").count(), 64);
    // B社's D-1: As-Is 3, To-Be 4, gap 1 (columns as_is, to_be, gap).
    let d1 = rows
        .iter()
        .find(|r| r[0] == "B社" && r[1] == "D-1")
        .unwrap();
    assert_eq!((d1[10], d1[11], d1[16]), ("3", "4", "1"));

    let oscal: Json = serde_json::from_str(&ok(&run(&[
        "export",
        "--format",
        "oscal",
        "--lang",
        "en",
        s(&book),
    ])))
    .unwrap();
    let ar = &oscal["assessment-results"];
    let results = ar["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for (r, sheet) in results.iter().zip(["A社", "B社"]) {
        assert!(
            r["description"]
                .as_str()
                .unwrap()
                .contains(&format!("sheet '{sheet}'")),
            "{}",
            r["description"]
        );
        assert_eq!(r["observations"].as_array().unwrap().len(), 64);
        // An observation's evidence is a resource of the document.
        let href = r["observations"][0]["relevant-evidence"][0]["href"]
            .as_str()
            .unwrap();
        let uuid = href.trim_start_matches('#');
        assert!(
            ar["back-matter"]["resources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["uuid"] == uuid),
            "{href}"
        );
    }
    assert_ne!(results[0]["uuid"], results[1]["uuid"]);
    // Two organisations named: both are parties.
    assert_eq!(ar["metadata"]["parties"].as_array().unwrap().len(), 2);
}

/// A split portfolio (A–D on one sheet, E–I on another: no shared ID, so
/// one portfolio read in sheet order): `annotate` adds its columns on both
/// sheets, each with its own rows, and the one self-check reads both.
#[test]
fn annotate_adds_columns_on_every_sheet_of_a_split_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = rows(0);
    for r in all.iter_mut().filter(|r| r.id.starts_with('E')) {
        r.as_is = Cell::Num(2.0);
        r.to_be = Cell::Num(4.0);
    }
    let (first, second): (Vec<Row>, Vec<Row>) = all.into_iter().partition(|r| r.id.as_str() < "E");
    assert_eq!((first.len(), second.len()), (28, 36));
    let book = dir.path().join("split.xlsx");
    write_portfolios(&book, &[("前半", "A社", &first), ("後半", "A社", &second)]);
    let out = dir.path().join("split.annotated.xlsx");
    ok(&run(&["annotate", "-o", s(&out), s(&book)]));

    let mut wb = open_workbook_auto(&out).unwrap();
    for (sheet, ids) in [("前半", &first), ("後半", &second)] {
        let r = wb.worksheet_range(sheet).unwrap();
        // Header on row 3 (1-based): the added category column.
        let header: Vec<String> = r
            .rows()
            .nth(2)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let cat = header
            .iter()
            .position(|h| h == "x1060:\nカテゴリー")
            .unwrap_or_else(|| panic!("{sheet}: no added columns: {header:?}"));
        for (row, want) in r.rows().skip(3).zip(ids.iter()) {
            assert_eq!(row[0].to_string(), want.id);
            assert_eq!(row[cat].to_string(), want.id[..1], "{sheet} {}", want.id);
        }
    }
    let sc = wb.worksheet_range("セルフチェック").unwrap();
    let rows_: Vec<Vec<Data>> = sc.rows().map(|r| r.to_vec()).collect();
    let head = rows_
        .iter()
        .position(|r| r[0] == Data::String("区分".into()))
        .unwrap();
    let col = |h: &str| rows_[head].iter().position(|c| *c == h).unwrap();
    let row = |key: &str| rows_.iter().find(|r| r[0] == key).unwrap();
    let listed = col("掲載サービス数");
    assert_eq!(row("E")[listed], Data::Float(9.0));
    assert_eq!(row("A")[listed], Data::Float(13.0));
    assert_eq!(row("A–I")[listed], Data::Float(64.0));
    assert_eq!(row("E")[col("現状 (As-Is) 平均")], Data::Float(2.0));
    assert_eq!(row("E")[col("あるべき姿 (To-Be) 平均")], Data::Float(4.0));
    // The live figures read both sheets' cells.
    let f = wb.worksheet_formula("セルフチェック").unwrap();
    let formulas: Vec<String> = f.used_cells().map(|(_, _, v)| v.clone()).collect();
    assert!(formulas.iter().any(|f| f.contains("前半!")));
    assert!(formulas.iter().any(|f| f.contains("後半!")));
    assert!(
        formulas.iter().all(|f| f.len() < 8192),
        "Excel's formula limit"
    );
}
