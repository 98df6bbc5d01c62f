//! `x1060 annotate`: the annotated workbook keeps the user's workbook,
//! adds the columns and sheets once (a second run replaces them), carries
//! self-check results equal to `check --format json`, and refuses what it
//! cannot annotate without loss.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value as Json;
use x1060::catalogue::{Assignment, Lang, Level};
use x1060::model::Value;
use x1060::read::locate::{OURS_PREFIX, OURS_SHEET_PREFIX};
use x1060::read::{ReadOptions, read_workbook};
use x1060::write::annotate::{Added, added_sheet_names};

const BIN: &str = env!("CARGO_BIN_EXE_x1060");

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs the binary in `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Annotates `input` into `dir/name`; panics with stderr on failure.
fn annotate(dir: &Path, input: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec![
        "annotate",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = run(dir, &args);
    assert_eq!(code, 0, "annotate {} failed: {err}", input.display());
    out
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).expect("an xlsx");
    wb.sheet_names().to_vec()
}

fn read(path: &Path) -> x1060::read::Workbook {
    let opts = ReadOptions {
        formulas: true,
        ..Default::default()
    };
    read_workbook(path, &opts).expect("readable")
}

/// The header cells starting with `x1060:` on a sheet.
fn ours_headers(book: &x1060::read::Workbook, sheet: &str) -> Vec<(u32, u32, String)> {
    let s = book.sheets.iter().find(|s| s.name == sheet).unwrap();
    let mut out = Vec::new();
    for r in 0..s.grid.height() {
        for (c, v) in s.grid.row(r).iter().enumerate() {
            if let Value::Text(t) = v
                && t.starts_with(OURS_PREFIX)
            {
                out.push((r, c as u32, t.clone()));
            }
        }
    }
    out
}

#[test]
fn annotating_twice_replaces_the_added_columns_and_sheets() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["ja", "en"] {
        let input = repo(&format!("samples/sample-{lang}.xlsx"));
        let once = annotate(dir.path(), &input, &format!("{lang}-once.xlsx"), &[]);
        let twice = annotate(dir.path(), &once, &format!("{lang}-twice.xlsx"), &[]);
        let thrice = annotate(dir.path(), &twice, &format!("{lang}-thrice.xlsx"), &[]);
        let names = sheet_names(&once);
        assert_eq!(names, sheet_names(&twice));
        assert_eq!(names, sheet_names(&thrice));
        let original = sheet_names(&input);
        let l = if lang == "ja" { Lang::Ja } else { Lang::En };
        let mut expected = original.clone();
        expected.extend(added_sheet_names(l, 0));
        assert_eq!(
            names, expected,
            "original sheets, then the three added ones"
        );

        let (b1, b2) = (read(&once), read(&twice));
        let portfolio = x1060::read::find_portfolio(&b1, None).unwrap().sheet;
        let h1 = ours_headers(&b1, &portfolio);
        let h2 = ours_headers(&b2, &portfolio);
        assert_eq!(h1.len(), Added::ALL.len(), "{h1:?}");
        assert_eq!(h1, h2, "the added columns sit in the same place");
        for (a, (_, _, text)) in Added::ALL.iter().zip(&h1) {
            assert_eq!(text, &a.header(l));
        }
        let width = |b: &x1060::read::Workbook| {
            b.sheets
                .iter()
                .map(|s| (s.name.clone(), s.grid.width(), s.grid.height()))
                .collect::<Vec<_>>()
        };
        assert_eq!(width(&b1), width(&b2), "no sheet grew on the second run");
        for (s1, s2) in b1.sheets.iter().zip(&b2.sheets) {
            assert_eq!(
                s1.grid, s2.grid,
                "sheet {} changed on the second run",
                s1.name
            );
        }
    }
}

#[test]
fn every_original_value_formula_and_merge_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo("samples/sample-ja.xlsx");
    let out = annotate(dir.path(), &input, "out.xlsx", &[]);
    let (orig, ann) = (read(&input), read(&out));
    let portfolio = x1060::read::find_portfolio(&orig, None).unwrap();
    let first_added = ours_headers(&ann, &portfolio.sheet)[0].1;
    for o in &orig.sheets {
        let a = ann.sheets.iter().find(|s| s.name == o.name).unwrap();
        assert_eq!(o.visible, a.visible, "visibility of {}", o.name);
        for r in 0..o.grid.height() {
            for (c, v) in o.grid.row(r).iter().enumerate() {
                assert_eq!(
                    a.grid.get(r, c as u32),
                    v,
                    "{}!R{}C{}",
                    o.name,
                    r + 1,
                    c + 1
                );
            }
        }
        for r in 0..a.grid.height() {
            for c in 0..a.grid.width() {
                if o.name != portfolio.sheet || c < first_added {
                    assert_eq!(
                        a.grid.get(r, c),
                        o.grid.get(r, c),
                        "{}: nothing added",
                        o.name
                    );
                }
            }
        }
        let kept: Vec<_> = a
            .formulas
            .iter()
            .filter(|((_, c), _)| o.name != portfolio.sheet || *c < first_added)
            .cloned()
            .collect();
        assert_eq!(o.formulas, kept, "formulas of {}", o.name);
        let mut om = o.merges.clone();
        // The added headers are merged over the two header rows.
        let mut am: Vec<_> = a
            .merges
            .iter()
            .filter(|m| o.name != portfolio.sheet || m.first_col < first_added)
            .copied()
            .collect();
        om.sort_by_key(|m| (m.first_row, m.first_col));
        am.sort_by_key(|m| (m.first_row, m.first_col));
        assert_eq!(om, am, "merged areas of {}", o.name);
    }
    // The dates of the sample stay dates.
    let p = ann
        .sheets
        .iter()
        .find(|s| s.name == portfolio.sheet)
        .unwrap();
    assert_eq!(p.grid.get(1, 4), &Value::Date("2025-04-15".into()));
}

/// The figures of `check --format json` for one file, parsed, and the raw text.
fn check_figures(dir: &Path, input: &Path) -> (Json, String) {
    let (code, out, err) = run(dir, &["check", "--format", "json", input.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "check failed: {err}");
    let doc: Json = serde_json::from_str(&out).expect("JSON");
    (doc["files"][0]["figures"].clone(), out)
}

/// A number of the JSON text, read with Rust's exact float parser (serde_json
/// without `float_roundtrip` may be one unit in the last place off): the
/// first `"key":` after `scope`.
fn raw_number(raw: &str, scope: &str, key: &str) -> f64 {
    let at = raw
        .find(scope)
        .unwrap_or_else(|| panic!("{scope} in the JSON"));
    let k = format!("\"{key}\":");
    let start = raw[at..].find(&k).unwrap() + at + k.len();
    let text: String = raw[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        .collect();
    text.parse()
        .unwrap_or_else(|_| panic!("{scope} {key}: {text:?}"))
}

/// The JSON key of a mean-like heading (`None` for counts).
fn mean_key(heading: &str) -> Option<&'static str> {
    match heading {
        h if h.contains('Σ') => Some("achievement"),
        h if h.contains("As-Is") => Some("mean_as_is"),
        h if h.contains("To-Be") => Some("mean_to_be"),
        h if h.contains("gap") || h.contains("ギャップ") => Some("mean_gap"),
        _ => None,
    }
}

/// The self-check table as stored: key (first column), name (second
/// column), then heading → value.
type Row = (String, String, Vec<(String, Data)>);

fn self_check_table(path: &Path, sheet: &str) -> Vec<Row> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = rows
        .iter()
        .position(|r| r.len() > 2 && matches!(&r[2], Data::String(s) if s == "Services listed" || s == "掲載サービス数"))
        .expect("the table header");
    let heads: Vec<String> = rows[header].iter().map(|d| d.to_string()).collect();
    let mut out = Vec::new();
    for r in &rows[header + 1..] {
        let key = r.first().map(|d| d.to_string()).unwrap_or_default();
        if key.is_empty() {
            break;
        }
        let name = r.get(1).map(|d| d.to_string()).unwrap_or_default();
        let cells = heads
            .iter()
            .zip(r.iter())
            .skip(2)
            .map(|(h, d)| (h.clone(), d.clone()))
            .collect();
        out.push((key, name, cells));
    }
    out
}

/// The JSON figure a self-check heading shows, in the sheet's language.
fn figure_for(stats: &Json, heading: &str, lang: Lang) -> Json {
    if heading == lang.pick("掲載サービス数", "Services listed") {
        return stats["listed"].clone();
    }
    if heading == lang.pick("選択サービス数", "Selected") {
        return stats["selected"].clone();
    }
    if heading == lang.pick("スコア記入済み", "Scored") {
        return stats["scored"].clone();
    }
    for l in Level::ALL {
        if heading == l.word(lang) {
            return stats["levels"][l.as_str()].clone();
        }
    }
    for a in Assignment::ALL {
        if heading == a.word(lang) {
            return stats["assignments"][a.as_str()].clone();
        }
    }
    let key = match heading {
        h if h.contains("As-Is") && !h.contains('Σ') => "mean_as_is",
        h if h.contains("To-Be") && !h.contains('Σ') => "mean_to_be",
        h if h.contains("gap") || h.contains("ギャップ") => "mean_gap",
        h if h.contains('Σ') => "achievement",
        other => panic!("unknown heading {other}"),
    };
    stats[key].clone()
}

#[test]
fn self_check_results_equal_the_check_json_figures_to_the_last_digit() {
    let dir = tempfile::tempdir().unwrap();
    for (file, lang) in [
        ("samples/sample-en.xlsx", Lang::En),
        ("samples/sample-ja.xlsx", Lang::Ja),
    ] {
        let input = repo(file);
        let (figures, raw) = check_figures(dir.path(), &input);
        let out = annotate(dir.path(), &input, "fig.xlsx", &["--force"]);
        let table = self_check_table(&out, &added_sheet_names(lang, 0)[0]);
        let mut seen = BTreeSet::new();
        for (key, name, cells) in &table {
            let phase = name.starts_with("Phase") || name.starts_with("フェーズ");
            let (stats, scope) = if let Some(c) = figures["categories"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == key.as_str() && !phase)
            {
                (c.clone(), format!("\"id\":\"{key}\""))
            } else if let Some((a, i)) = Assignment::ALL
                .iter()
                .find(|a| a.word(lang) == key)
                .and_then(|a| {
                    let arr = figures["assignments"].as_array().unwrap();
                    arr.iter()
                        .position(|x| x["assignment"] == a.as_str())
                        .map(|i| (a, i))
                })
            {
                let _ = a;
                (
                    figures["assignments"][i].clone(),
                    format!("\"assignment\":\"{}\"", a.as_str()),
                )
            } else if key == "A–I" {
                (figures["overall"].clone(), "\"overall\":".to_string())
            } else if let Some(p) = figures["phases"].as_array().unwrap().iter().find(|p| {
                let letters: Vec<String> = p["categories"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .map(String::from)
                    .collect();
                letters.join(", ") == *key
            }) {
                (p.clone(), format!("\"categories\":{}", p["categories"]))
            } else {
                continue; // own services: none in the samples
            };
            seen.insert((key.clone(), phase));
            for (heading, stored) in cells {
                let want = figure_for(&stats, heading, lang);
                match (&want, stored) {
                    (Json::Null, Data::String(s)) => {
                        assert!(s.is_empty(), "{key} {heading}: {s:?}")
                    }
                    (Json::Null, Data::Empty) => {}
                    (Json::Number(n), Data::Float(f)) => {
                        let exact = match mean_key(heading) {
                            Some(k) => raw_number(&raw, &scope, k),
                            None => n.as_f64().unwrap(),
                        };
                        assert_eq!(
                            exact.to_bits(),
                            f.to_bits(),
                            "{file} {key} {heading}: {exact} vs {f}"
                        );
                    }
                    (Json::Number(n), Data::Int(i)) => {
                        assert_eq!(n.as_i64(), Some(*i), "{key} {heading}")
                    }
                    _ => panic!("{file} {key} {heading}: want {want}, stored {stored:?}"),
                }
            }
        }
        assert_eq!(
            seen.len(),
            9 + 3 + 4 + 1,
            "{file}: every category, assignment type, phase and overall row checked: {seen:?}"
        );
    }
}

#[test]
fn added_columns_hold_the_normalised_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo("samples/sample-en.xlsx");
    let out = annotate(dir.path(), &input, "cols.xlsx", &[]);
    let book = read(&out);
    let p = x1060::read::find_portfolio(&book, None).unwrap();
    let heads = ours_headers(&book, &p.sheet);
    let col = |a: Added| heads[Added::ALL.iter().position(|x| *x == a).unwrap()].1;
    let sheet = book.sheets.iter().find(|s| s.name == p.sheet).unwrap();
    let row_of = |id: &str| {
        p.services
            .iter()
            .find(|s| s.id.as_deref() == Some(id))
            .unwrap()
            .origin
            .as_ref()
            .unwrap()
            .row
    };
    let at = |id: &str, a: Added| sheet.grid.get(row_of(id), col(a)).clone();
    // Basic, Combination, As-Is 2, To-Be 4: the first priority.
    assert_eq!(at("A-2", Added::Category), Value::Text("A".into()));
    assert_eq!(at("A-2", Added::Level), Value::Text("Basic".into()));
    assert_eq!(
        at("A-2", Added::Assignment),
        Value::Text("Combination".into())
    );
    assert_eq!(
        at("A-2", Added::Party),
        Value::Text("Information Security Dept. / Red Harbour Security K.K.".into())
    );
    assert_eq!(at("A-2", Added::AsIs), Value::Number(2.0));
    assert_eq!(at("A-2", Added::ToBe), Value::Number(4.0));
    assert_eq!(at("A-2", Added::Gap), Value::Number(2.0));
    assert_eq!(at("A-2", Added::Priority), Value::Number(1.0));
    assert_eq!(at("A-2", Added::Status), Value::Text("OK".into()));
    assert_eq!(at("A-2", Added::Findings), Value::Empty);
    // The gap is a live formula over the two added score cells.
    let gap = cell(row_of("A-2"), col(Added::Gap));
    let formula = sheet
        .formulas
        .iter()
        .find(|(p, _)| *p == (row_of("A-2"), col(Added::Gap)));
    assert!(
        formula.is_some_and(|(_, f)| f.contains("ISNUMBER")),
        "{gap}: {formula:?}"
    );
    // D-6: To-Be N/A on a Basic service (S007): no gap, a warning.
    assert_eq!(at("D-6", Added::ToBe), Value::Text("N/A".into()));
    assert_eq!(at("D-6", Added::Gap), Value::Empty);
    assert_eq!(at("D-6", Added::Status), Value::Text("warning".into()));
    assert!(matches!(at("D-6", Added::Findings), Value::Text(t) if t.starts_with("S007: ")));
    // C-4: no As-Is (S003): an error.
    assert_eq!(at("C-4", Added::AsIs), Value::Empty);
    assert_eq!(at("C-4", Added::Status), Value::Text("error".into()));
    // H-2: Unnecessary with a score (S008, info): no gap, no priority, OK.
    assert_eq!(at("H-2", Added::Gap), Value::Empty);
    assert_eq!(at("H-2", Added::Priority), Value::Empty);
    assert_eq!(at("H-2", Added::Status), Value::Text("OK".into()));
}

fn cell(row: u32, col: u32) -> String {
    x1060::model::cell_name(row, col)
}

/// The text of a zip entry.
fn zip_text(path: &Path, name: &str) -> Option<String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut e = z.by_name(name).ok()?;
    let mut s = String::new();
    e.read_to_string(&mut s).unwrap();
    Some(s)
}

#[test]
fn flagged_cells_carry_notes_and_the_findings_sheet_lists_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo("samples/sample-en.xlsx");
    let out = annotate(dir.path(), &input, "notes.xlsx", &[]);
    // The portfolio is the third sheet of the sample.
    let comments = zip_text(&out, "xl/comments1.xml").expect("notes on the portfolio sheet");
    for (cell, rule) in [
        ("E23", "P006"),
        ("H23", "S006"),
        ("H27", "S003"),
        ("I33", "S007"),
        ("I39", "S005"),
        ("E47", "P004"),
        ("H63", "S008"),
    ] {
        let at = comments
            .find(&format!("ref=\"{cell}\""))
            .unwrap_or_else(|| panic!("a note on {cell}"));
        let end = comments[at..].find("</comment>").unwrap() + at;
        assert!(
            comments[at..end].contains(rule),
            "the note on {cell} names {rule}"
        );
    }
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let findings = wb.worksheet_range("x1060 Findings").unwrap();
    let rules: Vec<String> = findings
        .rows()
        .skip(4)
        .map(|r| r[0].to_string())
        .filter(|s| !s.is_empty())
        .collect();
    // RULES.md v2: a selected service other than Basic that is Unassigned is
    // P008, and an Unnecessary service with an assignment is P007.
    assert_eq!(
        rules,
        [
            "P006", "S006", "P008", "S003", "S007", "S005", "P008", "P004", "P008", "P008", "P007",
            "S008", "P008"
        ]
    );
    let priorities = wb.worksheet_range("x1060 Priorities").unwrap();
    let first: Vec<String> = priorities
        .rows()
        .nth(4)
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(&first[..2], ["1", "A-2"]);
}

#[test]
fn data_validations_of_the_original_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo("samples/sample-ja.xlsx");
    let out = annotate(dir.path(), &input, "dv.xlsx", &[]);
    let sheet = zip_text(&out, "xl/worksheets/sheet3.xml").unwrap();
    assert_eq!(
        sheet.matches("<dataValidation ").count(),
        4,
        "the four drop-down lists"
    );
    assert!(sheet.contains("リスト!$A$1:$A$5"));
}

#[test]
fn every_fixture_layout_annotates_with_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let layouts = repo("tests/fixtures/layouts");
    let mut n = 0;
    for entry in std::fs::read_dir(&layouts).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "xlsx" | "xlsm" | "xls" | "ods") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = annotate(dir.path(), &path, &format!("{name}.ann.xlsx"), &[]);
        let findings = |p: &Path| {
            let (_, text, _) = run(
                dir.path(),
                &["check", "--format", "csv", p.to_str().unwrap()],
            );
            text.lines()
                .skip(1)
                .map(|l| l.split(',').skip(2).collect::<Vec<_>>().join(","))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            findings(&path),
            findings(&out),
            "{name}: annotating changed the findings"
        );
        let once = read(&out);
        let again = annotate(dir.path(), &out, &format!("{name}.ann2.xlsx"), &[]);
        let twice = read(&again);
        let names =
            |b: &x1060::read::Workbook| b.sheets.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&once), names(&twice), "{name}");
        assert_eq!(
            names(&once)
                .iter()
                .filter(|s| s.starts_with(OURS_SHEET_PREFIX))
                .count(),
            2,
            "{name}"
        );
        assert_eq!(
            names(&twice)
                .iter()
                .filter(|s| *s == "セルフチェック" || *s == "Self-check")
                .count(),
            1,
            "{name}"
        );
        n += 1;
    }
    assert!(n >= 20, "the fixtures are there ({n})");
}

#[test]
fn unreadable_or_portfolio_less_input_exits_2_with_one_line_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.xlsx");
    std::fs::write(&bad, "just, some, text\n").unwrap();
    let (code, out, err) = run(dir.path(), &["annotate", "notes.xlsx"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("notes.xlsx: not a spreadsheet"), "{err}");
    assert!(!dir.path().join("notes.annotated.xlsx").exists());

    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "hello").unwrap();
    wb.save(dir.path().join("empty.xlsx")).unwrap();
    let (code, _, err) = run(dir.path(), &["annotate", "empty.xlsx"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("empty.xlsx: no portfolio found"), "{err}");
    assert!(!dir.path().join("empty.annotated.xlsx").exists());

    let (code, _, err) = run(dir.path(), &["annotate", "missing.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("missing.xlsx: cannot read the file"),
        "{err}"
    );
}

#[test]
fn a_truncated_portfolio_sheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Portfolio").unwrap();
    for (i, h) in ["ID", "Service", "Level", "Assignment", "As-Is", "To-Be"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (r, s) in x1060::catalogue::catalogue().services.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &s.id).unwrap();
        ws.write_string(r, 1, &s.name_en).unwrap();
        ws.write_string(r, 2, "Basic").unwrap();
        ws.write_string(r, 3, "Insourcing (SOC)").unwrap();
        ws.write_number(r, 4, 2).unwrap();
        ws.write_number(r, 5, 3).unwrap();
    }
    // Past the 1,024 columns the reader reads.
    ws.write_string(3, 1100, "far away").unwrap();
    wb.save(dir.path().join("wide.xlsx")).unwrap();
    let (code, _, err) = run(dir.path(), &["annotate", "wide.xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("'Portfolio'") && err.contains("limits"),
        "{err}"
    );
    assert!(!dir.path().join("wide.annotated.xlsx").exists());
}

#[test]
fn the_output_is_new_unless_forced_and_never_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pf.xlsx");
    std::fs::copy(repo("samples/sample-en.xlsx"), &input).unwrap();
    let (code, out, _) = run(dir.path(), &["annotate", "pf.xlsx"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("pf.annotated.xlsx: 1 error(s), 4 warning(s), 8 info(s)"),
        "{out}"
    );
    assert!(
        dir.path().join("pf.annotated.xlsx").exists(),
        "default output in the current folder"
    );
    let (code, _, err) = run(dir.path(), &["annotate", "pf.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    let (code, _, _) = run(dir.path(), &["annotate", "pf.xlsx", "--force"]);
    assert_eq!(code, 0);
    let (code, _, err) = run(
        dir.path(),
        &["annotate", "pf.xlsx", "-o", "pf.xlsx", "--force"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("input"), "{err}");
    let before = std::fs::read(repo("samples/sample-en.xlsx")).unwrap();
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is untouched"
    );
}

#[test]
fn language_follows_the_header_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let ja = annotate(dir.path(), &repo("samples/sample-ja.xlsx"), "ja.xlsx", &[]);
    assert!(sheet_names(&ja).contains(&"セルフチェック".to_string()));
    let en = annotate(
        dir.path(),
        &repo("samples/sample-ja.xlsx"),
        "en.xlsx",
        &["--lang", "en"],
    );
    let names = sheet_names(&en);
    assert!(names.contains(&"Self-check".to_string()), "{names:?}");
    // Re-annotating in the other language replaces the sheets, whatever their language.
    let back = annotate(dir.path(), &en, "back.xlsx", &["--lang", "ja"]);
    assert_eq!(sheet_names(&back), sheet_names(&ja));
}

#[test]
fn a_formula_with_no_stored_result_keeps_none_and_an_empty_result_stays_empty() {
    let book = support::Book::ja()
        .as_is("A-2", support::formula("1+2"))
        .to_be("A-3", support::formula_empty_string("IF(1=1,\"\",1)"))
        .as_is("A-4", support::formula_cached("1+2", "3"));
    let saved = book.save();
    let dir = saved.path.parent().unwrap();
    let out = annotate(dir, &saved.path, "out.xlsx", &[]);
    let rules = |p: &Path| {
        let (_, text, _) = run(dir, &["check", "--format", "csv", p.to_str().unwrap()]);
        text.lines()
            .skip(1)
            .map(|l| l.split(',').skip(3).take(4).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
    };
    let before = rules(&saved.path);
    assert!(before.iter().any(|l| l.contains("X008")), "{before:?}");
    assert_eq!(
        before,
        rules(&out),
        "X008 (and the rest) survive annotation"
    );
    let again = annotate(dir, &out, "again.xlsx", &[]);
    assert_eq!(before, rules(&again));
    let b = read(&out);
    let p = x1060::read::find_portfolio(&b, None).unwrap();
    let sheet = b.sheets.iter().find(|s| s.name == p.sheet).unwrap();
    assert_eq!(
        sheet.uncached.len(),
        1,
        "only the formula with no result: {:?}",
        sheet.uncached
    );
    let kept = ["1+2", "IF(1=1,\"\",1)"];
    assert!(
        kept.iter()
            .all(|k| sheet.formulas.iter().any(|(_, f)| f == k)),
        "the formulas are kept"
    );
}
