//! Issue 12 item 5: a Japanese output is Japanese from end to end. Every
//! output a `--lang ja` run writes — check's text, CSV and JSON messages,
//! `rules`, the template, the annotated workbook's added sheets and columns,
//! the report (workbook and HTML), diff and history — is read back, and any
//! Latin word outside an allow-list fails the test. The input is the
//! Japanese sample, so what it quotes of the user's own cells is Japanese
//! too (apart from the party names it writes with Latin letters, which are
//! on the list).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_x1060");

/// Latin words a Japanese output may hold: the standard's own Latin terms,
/// names of standards and formats, the tool and its command names, and the
/// acronyms of the trade the catalogue's descriptions use.
const ALLOWED: &[&str] = &[
    // The standard's Latin terms and documents.
    "As-Is",
    "To-Be",
    "N/A",
    "CDC",
    "CSC",
    "X.1060",
    "JT-X1060",
    "ITU-T",
    "ISOG-J",
    "TR-XSup.44",
    "FAQ",
    "ID",
    // Formats and the tool.
    "JSON",
    "CSV",
    "OSCAL",
    "x1060",
    "rules",
    // Acronyms of the trade (the catalogue's descriptions, the sample's parties).
    "IT",
    "IDS",
    "IPS",
    "WAF",
    "SIEM",
    "IOC",
    "IP",
    "CISO",
    "SOC",
    "CSIRT",
    "MSS",
    "MP-CSIRT",
    // A party named in the split fixture (the user's own words, quoted).
    "Z-MSSP",
    // The quadrants of Figure 5 (I–IV).
    "I",
    "II",
    "III",
    "IV",
];

fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(out.status.code().unwrap_or(9) <= 1, "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Every text cell of a workbook, each sheet's name among them; `keep`
/// picks the sheets (and, by header, the columns) to read.
fn workbook_texts(path: &Path, keep: impl Fn(&str) -> bool, ours_only: bool) -> Vec<String> {
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        if !keep(&name) {
            // The user's own sheet: only the columns annotate added.
            if ours_only {
                let added: Vec<usize> = (0..range.width())
                    .filter(|&c| {
                        (0..range.height().min(12)).any(|r| {
                            matches!(range.get((r, c)), Some(Data::String(s)) if s.starts_with("x1060:"))
                        })
                    })
                    .collect();
                for row in range.rows() {
                    for &c in &added {
                        if let Some(Data::String(s)) = row.get(c) {
                            out.push(s.clone());
                        }
                    }
                }
            }
            continue;
        }
        out.push(name.clone());
        for cell in range.used_cells() {
            if let (_, _, Data::String(s)) = cell {
                out.push(s.clone());
            }
        }
    }
    out
}

/// The visible text of an HTML page: no style sheet, no tags, no attributes.
fn html_text(html: &str) -> String {
    let no_style = match (html.find("<style"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in no_style.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The Latin words of a text that are not allowed, with where they stand.
fn english_words(text: &str, allowed: &BTreeSet<&str>) -> Vec<String> {
    let mut bad = Vec::new();
    let tokens = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || "-./_#:!".contains(c)))
        // `CDC/CSC`, `IDS/IPS`: two words (but `N/A` is one, a file path too).
        .flat_map(|t| {
            if t == "N/A" || t.contains(".toml") {
                vec![t]
            } else {
                t.split('/').collect()
            }
        });
    for raw in tokens {
        let word = raw.trim_matches(|c: char| ".:-/_#!".contains(c));
        if !word.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let is_id = |w: &str| {
            let mut parts = w.splitn(2, '-');
            let (l, n) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            l.len() == 1 && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
        };
        let is_file = [".xlsx", ".html", ".json", ".csv", ".toml"]
            .iter()
            .any(|e| word.ends_with(e))
            || word == "xlsx"
            // A portfolio named `file#sheet` (the sheet's name is the user's).
            || word.contains(".xlsx#");
        // A section of Annex A (`A.1.10`).
        let is_section = word.len() > 2
            && word.as_bytes()[0].is_ascii_uppercase()
            && word[1..].starts_with('.')
            && word[2..]
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        // A cell reference (`F12`, `サービスポートフォリオ!E63`) or a category list (`BC`).
        let is_cell = word.split('!').next_back().is_some_and(|w| {
            let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
            let cell = letters.len() <= 3 && letters.len() < w.len();
            // A list of category letters (`EFGI`).
            let categories = w.chars().all(|c| ('A'..='I').contains(&c));
            !letters.is_empty()
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && (cell || categories)
        });
        if allowed.contains(word) || is_id(word) || is_file || is_section || is_cell {
            continue;
        }
        bad.push(word.to_string());
    }
    bad
}

#[test]
fn every_japanese_output_is_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sample-ja.xlsx");
    std::fs::copy(&sample, d.join("a.xlsx")).unwrap();
    std::fs::copy(&sample, d.join("b.xlsx")).unwrap();
    let allowed: BTreeSet<&str> = ALLOWED.iter().copied().collect();

    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add = |what: &str, text: String| texts.push((what.to_string(), text));
    add("check text", run(d, &["check", "a.xlsx", "--lang", "ja"]));
    add(
        "check csv",
        run(d, &["check", "a.xlsx", "--lang", "ja", "--format", "csv"]),
    );
    let json: serde_json::Value = serde_json::from_str(&run(
        d,
        &["check", "a.xlsx", "--lang", "ja", "--format", "json"],
    ))
    .unwrap();
    for f in json["files"][0]["findings"].as_array().unwrap() {
        add(
            "check json message",
            f["message"].as_str().unwrap().to_string(),
        );
        add(
            "check json source",
            f["source"].as_str().unwrap().to_string(),
        );
    }
    add("rules", run(d, &["rules", "--lang", "ja"]));
    for id in ["X006", "S007", "C005", "P008"] {
        add("rules ID", run(d, &["rules", id, "--lang", "ja"]));
    }
    add(
        "diff text",
        run(d, &["diff", "a.xlsx", "b.xlsx", "--lang", "ja"]),
    );
    add(
        "history text",
        run(d, &["history", "a.xlsx", "b.xlsx", "--lang", "ja"]),
    );

    run(d, &["template", "--lang", "ja", "-o", "t.xlsx"]);
    run(d, &["annotate", "a.xlsx", "--lang", "ja", "-o", "an.xlsx"]);
    run(
        d,
        &["report", "a.xlsx", "b.xlsx", "--lang", "ja", "-o", "r.xlsx"],
    );
    run(
        d,
        &[
            "report", "a.xlsx", "b.xlsx", "--lang", "ja", "--format", "html", "-o", "r.html",
        ],
    );
    run(
        d,
        &[
            "diff", "a.xlsx", "b.xlsx", "--lang", "ja", "--format", "xlsx", "-o", "d.xlsx",
        ],
    );
    run(
        d,
        &[
            "history", "a.xlsx", "b.xlsx", "--lang", "ja", "--format", "xlsx", "-o", "h.xlsx",
        ],
    );
    run(
        d,
        &[
            "history", "a.xlsx", "b.xlsx", "--lang", "ja", "--format", "html", "-o", "h.html",
        ],
    );
    // Several portfolios (WORKBOOKS.md → Several portfolio sheets): A社 in
    // both workbooks, B社 in the older only, C社 in the newer only.
    let (r0, r1) = (common::rows(0), common::rows(1));
    common::write_portfolios(
        &d.join("m1.xlsx"),
        &[("A社", "A社", &r0), ("B社", "B社", &r1)],
    );
    common::write_portfolios(
        &d.join("m2.xlsx"),
        &[("A社", "A社", &r1), ("C社", "C社", &r0)],
    );
    add(
        "diff text, several portfolios",
        run(d, &["diff", "m1.xlsx", "m2.xlsx", "--lang", "ja"]),
    );
    add(
        "history text, several portfolios",
        run(d, &["history", "m1.xlsx", "m2.xlsx", "--lang", "ja"]),
    );
    for (cmd, format, out) in [
        ("diff", "xlsx", "dm.xlsx"),
        ("history", "xlsx", "hm.xlsx"),
        ("history", "html", "hm.html"),
    ] {
        run(
            d,
            &[
                cmd, "m1.xlsx", "m2.xlsx", "--lang", "ja", "--format", format, "-o", out,
            ],
        );
    }
    for book in ["t.xlsx", "r.xlsx", "d.xlsx", "h.xlsx", "dm.xlsx", "hm.xlsx"] {
        for t in workbook_texts(&d.join(book), |_| true, false) {
            add(book, t);
        }
    }
    // The annotated copy: our sheets and our columns, not the user's cells.
    let original: Vec<String> = open_workbook_auto(&sample).unwrap().sheet_names();
    for t in workbook_texts(
        &d.join("an.xlsx"),
        |s| !original.iter().any(|o| o == s),
        true,
    ) {
        add("an.xlsx", t);
    }
    // A split portfolio (one sheet per category): its added columns and self-check.
    let split =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v2/one-sheet-per-category.xlsx");
    std::fs::copy(&split, d.join("split.xlsx")).unwrap();
    run(
        d,
        &["annotate", "split.xlsx", "--lang", "ja", "-o", "as.xlsx"],
    );
    let split_sheets: Vec<String> = open_workbook_auto(&split).unwrap().sheet_names();
    for t in workbook_texts(
        &d.join("as.xlsx"),
        |s| !split_sheets.iter().any(|o| o == s),
        true,
    ) {
        add("as.xlsx", t);
    }
    for page in ["r.html", "h.html", "hm.html"] {
        add(
            page,
            html_text(&std::fs::read_to_string(d.join(page)).unwrap()),
        );
    }

    let mut found: Vec<String> = Vec::new();
    for (what, text) in &texts {
        for w in english_words(text, &allowed) {
            found.push(format!("{what}: {w}"));
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "English words in Japanese outputs:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_word_check_catches_english() {
    let allowed: BTreeSet<&str> = ALLOWED.iter().copied().collect();
    assert_eq!(
        english_words("A-1 の As-Is スコア: warning (Table 3)", &allowed),
        ["warning", "Table"]
    );
    assert!(english_words("サービスポートフォリオ!E63 A-10 a.xlsx 9.4節 表3", &allowed).is_empty());
}
