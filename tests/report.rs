//! `x1060 report` on real workbooks written here with rust_xlsxwriter: the
//! rows and figures equal what `check --format json` computes for the same
//! files, unreadable files are listed, the findings sheet is complete, text
//! is never a formula, and outputs are written safely.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;
use serde_json::Value as Json;

mod common;
use common::*;

/// A folder of five files: clean, with errors and warnings, unreadable, no
/// portfolio, and one whose organisation and a level look like formulas.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let a = dir.join("a-clean.xlsx");
    write_portfolio(&a, "株式会社あおば", &rows(0));

    let b = dir.join("b-findings.xlsx");
    let mut r = rows(1);
    r[0].level = Cell::Blank; // C001
    r[1].to_be = Cell::Num(1.0); // S005 when As-Is > 1
    r[1].as_is = Cell::Num(4.0);
    r[2].as_is = Cell::Text("3.5".into()); // S001
    r[5].assign = Cell::Text("未割り当て".into());
    r[5].level = Cell::Text("ベーシック".into()); // P006
    r[5].as_is = Cell::Num(3.0); // S006
    r.remove(10); // X004
    write_portfolio(&b, "Fabrikam Bank", &r);

    let c = dir.join("c-broken.xlsx");
    std::fs::write(&c, b"PK\x03\x04 this is not really a zip").unwrap();

    let d = dir.join("d-noportfolio.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "memo").unwrap();
    wb.save(&d).unwrap();

    let e = dir.join("e-formula.xlsx");
    let mut r = rows(2);
    r[3].level = Cell::Text("=1+1".into()); // C002, and text that looks like a formula
    write_portfolio(&e, "=HYPERLINK(\"http://x\",\"y\")", &r);

    vec![a, b, c, d, e]
}

fn check_json(dir: &Path) -> (Json, i32) {
    let out = run(&["check", "--format", "json", "--lang", "en", s(dir)]);
    let code = out.status.code().unwrap();
    (serde_json::from_slice(&out.stdout).unwrap(), code)
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn jnum(v: &Json) -> Option<f64> {
    v.as_f64()
}

/// Equal, allowing the last bit: serde_json's default float parser (no
/// `float_roundtrip`) may read the check JSON one ULP off.
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-12 * x.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

const LETTERS: [&str; 9] = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];

#[test]
fn report_json_equals_check() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (check, check_code) = check_json(dir.path());
    let out = run(&["report", "--format", "json", "--lang", "en", s(dir.path())]);
    assert_eq!(out.status.code(), Some(check_code), "exit code as check");
    assert_eq!(check_code, 2, "an unreadable file gives 2");
    let rep: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rep["schema"], "x1060-report");
    assert_eq!(rep["schema_version"], 1);
    let files = rep["files"].as_array().unwrap();
    let cfiles = check["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    assert_eq!(files.len(), cfiles.len());
    for (r, c) in files.iter().zip(cfiles) {
        assert_eq!(r["path"], c["path"]);
        assert_eq!(r["status"], c["status"]);
        assert_eq!(r["counts"], c["counts"]);
        assert_eq!(r["organisation"], c["organisation"]);
        assert_eq!(r["sheet"], c["sheet"]);
        if c["status"] == "unreadable" {
            assert_eq!(r["reason"], c["error"]);
            assert!(r["categories"].is_null());
            continue;
        }
        if c.get("figures").is_none() {
            // No portfolio: the reason is the X001 message.
            assert_eq!(r["reason"], c["findings"][0]["message"]);
            continue;
        }
        assert_eq!(r["services"], c["services"]);
        let fig = &c["figures"];
        assert_eq!(r["selected"], fig["overall"]["selected"]);
        for key in ["mean_as_is", "mean_to_be", "achievement"] {
            assert_eq!(r["overall"][key], fig["overall"][key], "{key}");
            for (i, l) in LETTERS.iter().enumerate() {
                assert_eq!(fig["categories"][i]["id"], *l);
                assert_eq!(
                    r["categories"][l][key], fig["categories"][i][key],
                    "{l} {key}"
                );
            }
        }
    }
    let sum = &rep["summary"];
    for k in [
        "files",
        "ok",
        "warning",
        "error",
        "unreadable",
        "findings",
        "by_rule",
    ] {
        assert_eq!(sum[k], check["summary"][k], "summary {k}");
    }
}

/// Basic services below their To-Be, counted from the rows written.
fn basic_below(rows: &[Row]) -> u32 {
    rows.iter()
        .filter(|r| matches!(&r.level, Cell::Text(t) if t == "ベーシック"))
        .filter(|r| match (&r.as_is, &r.to_be) {
            (Cell::Num(a), Cell::Num(t)) => t > a,
            _ => false,
        })
        .count() as u32
}

#[test]
fn report_workbook_equals_check() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    let (check, check_code) = check_json(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let xlsx = out_dir.path().join("summary.xlsx");
    let out = run(&["report", "--lang", "en", "-o", s(&xlsx), s(dir.path())]);
    assert_eq!(out.status.code(), Some(check_code));
    assert!(xlsx.exists());

    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "As-Is",
            "To-Be",
            "Achievement",
            "Findings",
            "Unreadable",
            "Group"
        ]
    );

    // Summary: the notice, the header, one row per file in path order.
    let sum = sheet(&xlsx, "Summary");
    let notice = text(sum.get_value((1, 0)).unwrap());
    assert!(
        notice.contains("TR-XSup.44 §7.3") && notice.contains("ranking"),
        "{notice}"
    );
    let header: Vec<String> = (0..14)
        .map(|c| text(sum.get_value((3, c)).unwrap_or(&Data::Empty)))
        .collect();
    assert_eq!(&header[..4], &["File", "Organisation", "Sheet", "Status"]);
    assert_eq!(header[9], "Basic below To-Be");
    assert_eq!(header[10], "Mean As-Is");
    assert_eq!(header[12], "Achievement");
    assert_eq!(header[13], "Reason");
    let cfiles = check["files"].as_array().unwrap();
    assert_eq!(
        sum.end().unwrap().0,
        3 + cfiles.len() as u32,
        "one row per file"
    );
    let per_cat = [
        ("As-Is", "mean_as_is"),
        ("To-Be", "mean_to_be"),
        ("Achievement", "achievement"),
    ]
    .map(|(name, key)| (sheet(&xlsx, name), key));
    let mut with_figures = 0;
    for (i, c) in cfiles.iter().enumerate() {
        let r = 4 + i as u32;
        let cell = |col: u32| sum.get_value((r, col)).cloned().unwrap_or(Data::Empty);
        assert_eq!(text(&cell(0)), c["path"].as_str().unwrap());
        assert_eq!(text(&cell(3)), c["status"].as_str().unwrap());
        assert_eq!(
            text(&cell(1)),
            c["organisation"].as_str().unwrap_or(""),
            "organisation written as text"
        );
        if c["status"] == "unreadable" {
            assert_eq!(text(&cell(13)), c["error"].as_str().unwrap());
            continue;
        }
        for (k, key) in ["error", "warning", "info"].iter().enumerate() {
            assert_eq!(num(&cell(4 + k as u32)), jnum(&c["counts"][key]), "{key}");
        }
        let Some(fig) = c.get("figures") else {
            assert_eq!(
                text(&cell(13)),
                c["findings"][0]["message"].as_str().unwrap()
            );
            continue;
        };
        assert_eq!(num(&cell(7)), jnum(&c["services"]));
        assert_eq!(num(&cell(8)), jnum(&fig["overall"]["selected"]));
        for (m, key) in ["mean_as_is", "mean_to_be", "achievement"]
            .iter()
            .enumerate()
        {
            assert!(close(num(&cell(10 + m as u32)), jnum(&fig["overall"][key])));
        }
        // The per-category sheets: one row per portfolio, in order.
        let pr = 4 + with_figures;
        with_figures += 1;
        for (range, key) in &per_cat {
            assert_eq!(
                text(range.get_value((pr, 0)).unwrap()),
                c["path"].as_str().unwrap()
            );
            for g in 0..9u32 {
                let (a, b) = (
                    num(range.get_value((pr, 2 + g)).unwrap_or(&Data::Empty)),
                    jnum(&fig["categories"][g as usize][key]),
                );
                assert!(
                    close(a, b),
                    "{a:?} != {b:?}: {} {key} {}",
                    c["path"],
                    LETTERS[g as usize]
                );
            }
            assert!(close(
                num(range.get_value((pr, 11)).unwrap_or(&Data::Empty)),
                jnum(&fig["overall"][key])
            ));
        }
    }
    for (range, _) in &per_cat {
        assert_eq!(range.end().unwrap().0, 3 + with_figures);
    }
    // Basic below To-Be, for the clean file, counted independently.
    assert_eq!(
        num(sum.get_value((4, 9)).unwrap()),
        Some(basic_below(&rows(0)) as f64)
    );

    // Findings: every finding of every file, in order.
    let fnd = sheet(&xlsx, "Findings");
    let expected: Vec<Vec<String>> = cfiles
        .iter()
        .flat_map(|c| {
            c["findings"].as_array().unwrap().iter().map(move |f| {
                let t = |v: &Json| v.as_str().unwrap_or("").to_string();
                vec![
                    t(&c["path"]),
                    t(&c["organisation"]),
                    t(&f["rule"]),
                    t(&f["severity"]),
                    t(&f["sheet"]),
                    t(&f["cell"]),
                    t(&f["service"]),
                    t(&f["message"]),
                    t(&f["source"]),
                ]
            })
        })
        .collect();
    assert!(
        expected.len() >= 8,
        "the corpus has findings: {:?}",
        expected.iter().map(|r| r[2].as_str()).collect::<Vec<_>>()
    );
    let got: Vec<Vec<String>> = fnd
        .rows()
        .skip(4)
        .map(|r| {
            (0..9)
                .map(|c| text(r.get(c).unwrap_or(&Data::Empty)))
                .collect()
        })
        .collect();
    assert_eq!(got, expected);
    let rules: Vec<&str> = expected.iter().map(|r| r[2].as_str()).collect();
    for rule in [
        "C001", "C002", "S001", "S005", "P006", "S006", "X004", "X001",
    ] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }

    // Unreadable: the broken file with its reason.
    let unr = sheet(&xlsx, "Unreadable");
    assert_eq!(unr.end().unwrap().0, 4);
    assert_eq!(text(unr.get_value((4, 0)).unwrap()), s(&files[2]));
    assert!(!text(unr.get_value((4, 1)).unwrap()).is_empty());

    // No formula anywhere: text that looks like one stays text.
    for name in [
        "Summary",
        "As-Is",
        "To-Be",
        "Achievement",
        "Findings",
        "Unreadable",
        "Group",
    ] {
        let f = wb.worksheet_formula(name).unwrap();
        assert!(
            f.used_cells().all(|(_, _, v)| v.is_empty()),
            "{name} has a formula"
        );
    }
    let org = text(sum.get_value((8, 1)).unwrap());
    assert!(org.starts_with("=HYPERLINK"), "{org}");
}

#[test]
fn report_csv_is_safe_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out = run(&["report", "--format", "csv", s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    let header = rdr.headers().unwrap().clone();
    assert_eq!(header.len(), 41);
    assert_eq!(&header[0], "file");
    assert_eq!(&header[19], "as_is_overall");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[2][3], "unreadable");
    assert!(
        rows[4][1].starts_with("'="),
        "formula-looking text is quoted: {}",
        &rows[4][1]
    );
}

#[test]
fn report_output_is_safe() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("summary.xlsx");
    std::fs::write(&target, b"keep me").unwrap();

    // Exists, no --force: refused, untouched, no temporary file left.
    let out = run(&["report", "-o", s(&target), s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);

    // With --force: replaced.
    let out = run(&["report", "--force", "-o", s(&target), s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    assert_ne!(std::fs::read(&target).unwrap(), b"keep me");
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);

    // Never over an input named on the command line.
    let input = dir.path().join("a-clean.xlsx");
    let before = std::fs::read(&input).unwrap();
    let out = run(&["report", "--force", "-o", s(&input), s(&input)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // A report written into the folder it reads is not read as an input.
    let inside = dir.path().join("summary.xlsx");
    for _ in 0..2 {
        let out = run(&[
            "report",
            "--force",
            "--format",
            "json",
            "-o",
            s(&inside),
            s(dir.path()),
        ]);
        assert_eq!(out.status.code(), Some(2));
    }
    let out = run(&["report", "--force", "-o", s(&inside), s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["report", "--force", "-o", s(&inside), s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    let sum = sheet(&inside, "Summary");
    assert_eq!(sum.end().unwrap().0, 3 + 5);
}

#[test]
fn report_clean_folder_exits_zero_and_japanese_notice() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(&dir.path().join("one.xlsx"), "株式会社あおば", &rows(0));
    write_portfolio(&dir.path().join("two.xlsx"), "みなと銀行", &rows(3));
    let xlsx = dir.path().join("out").join("r.xlsx");
    std::fs::create_dir(xlsx.parent().unwrap()).unwrap();
    let out = run(&["report", "--lang", "ja", "-o", s(&xlsx), s(dir.path())]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sum = sheet(&xlsx, "一覧");
    let notice = text(sum.get_value((1, 0)).unwrap());
    assert!(notice.contains("順位付け"), "{notice}");
    assert_eq!(text(sum.get_value((3, 0)).unwrap()), "ファイル");
    assert_eq!(text(sum.get_value((4, 3)).unwrap()), "問題なし");
    let unr = sheet(&xlsx, "読めないファイル");
    assert_eq!(unr.end().unwrap().0, 3, "header only");
    // An empty Unreadable sheet is hidden, so it prints no blank page.
    let wb: calamine::Sheets<_> = open_workbook_auto(&xlsx).unwrap();
    let hidden: Vec<&str> = wb
        .sheets_metadata()
        .iter()
        .filter(|m| m.visible != calamine::SheetVisible::Visible)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(hidden, ["読めないファイル"]);
    // Every sheet has a title and a line of explanation above its headers.
    for name in [
        "一覧",
        "現状",
        "あるべき姿",
        "達成率",
        "指摘",
        "グループ集計",
    ] {
        let r = sheet(&xlsx, name);
        assert!(!text(r.get_value((0, 0)).unwrap()).is_empty(), "{name}");
        assert!(!text(r.get_value((1, 0)).unwrap()).is_empty(), "{name}");
    }
}

/// The cycle of a priority, worked out from RULES.md: every row of the
/// test portfolio names its team (インソース(SOC部)), so long exactly when
/// the service must rise two or more steps.
#[test]
fn report_html_one_and_many() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(&dir.path().join("a.xlsx"), "株式会社あおば", &rows(0));
    write_portfolio(
        &dir.path().join("b.xlsx"),
        "<script>alert('x')</script>&Co",
        &rows(3),
    );
    std::fs::write(dir.path().join("c.xlsx"), b"not a workbook").unwrap();
    let html = dir.path().join("out.html");
    let out = run(&[
        "report",
        "--format",
        "html",
        "--lang",
        "ja",
        "-o",
        s(&html),
        s(dir.path()),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable file: exit 2, report written"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    // Self-contained, and nothing from a workbook becomes markup.
    for bad in ["<script", "<link", "src=", "href=", "url(", "@import"] {
        assert!(!page.contains(bad), "{bad}");
    }
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;Co"));
    // A group view, then one section per file.
    assert_eq!(page.matches("<section class=\"group first\">").count(), 1);
    assert_eq!(page.matches("<section class=\"org").count(), 3);
    assert_eq!(page.matches("class=\"chart heatmap\"").count(), 1);
    assert_eq!(page.matches("class=\"chart bars\"").count(), 1);
    assert_eq!(page.matches("class=\"chart radar\"").count(), 2);
    // 64 heat-map cells per readable organisation.
    assert_eq!(page.matches("<rect class=\"cell\"").count(), 2 * 64);
    assert!(page.contains("TR-XSup.44 §7.3"));
    assert!(page.contains("@page{size:A4"));
    assert!(page.contains("break-before:page"));
    // Priority rows with their cycle: count the long ones by hand.
    let r = rows(0);
    let long = r
        .iter()
        .filter(|x| match (&x.as_is, &x.to_be) {
            (Cell::Num(a), Cell::Num(t)) => t - a >= 2.0,
            _ => false,
        })
        .count();
    let a_section = &page[page.find("<h2>株式会社あおば</h2>").unwrap()..];
    let a_section = &a_section[..a_section.find("</section>").unwrap()];
    assert_eq!(
        a_section
            .matches("<td>長期（2 段階以上の引き上げ）</td>")
            .count(),
        long
    );
    assert!(a_section.contains("<td>短期</td>"));
    assert!(a_section.contains("スコアとギャップ"));

    // One organisation: no group view.
    let one = dir.path().join("one.html");
    let out = run(&[
        "report",
        "--format",
        "html",
        "--lang",
        "en",
        "-o",
        s(&one),
        s(&dir.path().join("a.xlsx")),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&one).unwrap();
    assert!(!page.contains("chart heatmap"));
    assert_eq!(page.matches("class=\"chart radar\"").count(), 1);
    assert!(page.contains("<html lang=\"en\">"));
}

/// WORKBOOKS.md: overlapping portfolio sheets (two organisations) are a
/// portfolio each, and the report gives one row per portfolio, named
/// `file#sheet`, as `check` gives one result each.
#[test]
fn report_gives_one_row_per_portfolio_of_a_workbook() {
    let file = "tests/fixtures/v2/two-organisations.xlsx";
    let out = run(&["report", "--format", "json", "--lang", "en", file]);
    assert_eq!(out.status.code(), Some(0));
    let rep: Json = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rep["files"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(names, [format!("{file}#A社"), format!("{file}#B社")]);
    let sheets: Vec<&str> = rows.iter().map(|r| r["sheet"].as_str().unwrap()).collect();
    assert_eq!(sheets, ["A社", "B社"]);
}
