//! The rule records against the contract: RULES.md's tables (the copy
//! vendored as `docs/spec/RULES.md`; `.ci/run` fails when it differs from
//! the shared spec), the README's rule table and `x1060 rules` output. The
//! IDs, severities and sources can never drift from the spec, and the
//! Japanese texts hold no English word outside the allow-list.

mod rule_check;
mod support;

use rule_check::english_words;
use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;
use x1060::catalogue::Lang;
use x1060::rules::{self, Rule};

/// `(id, severity, source)` of every row of RULES.md's four rule tables, in order.
fn spec_rows() -> Vec<(String, String, String)> {
    let text = include_str!("../docs/spec/RULES.md");
    let mut rows = Vec::new();
    let mut in_rules = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            in_rules = ["— X", "— C", "— P", "— S"]
                .iter()
                .any(|t| line.ends_with(t));
            continue;
        }
        if !in_rules || !line.starts_with("| ") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() != 4 || cells[0] == "ID" || cells[0].starts_with("---") {
            continue;
        }
        rows.push((
            cells[0].to_string(),
            cells[1].to_string(),
            cells[3].to_string(),
        ));
    }
    rows
}

fn record_rows() -> Vec<(String, String, String)> {
    rules::all()
        .iter()
        .map(|r| (r.id.into(), r.severity.as_str().into(), r.source.into()))
        .collect()
}

#[test]
fn the_spec_has_thirty_one_rules_in_four_tables() {
    // Guards the parser: a table it failed to read would make the next test vacuous.
    let rows = spec_rows();
    assert_eq!(rows.len(), 31, "{rows:?}");
    for prefix in ['X', 'C', 'P', 'S'] {
        assert!(rows.iter().any(|r| r.0.starts_with(prefix)), "{prefix}");
    }
}

#[test]
fn the_rule_records_match_rules_md_row_for_row() {
    assert_eq!(record_rows(), spec_rows());
}

#[test]
fn rules_json_matches_rules_md_row_for_row() {
    let out = run(&["rules", "--json", "--lang", "en"]);
    let json: Json = serde_json::from_str(&out).expect("JSON");
    let got: Vec<(String, String, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().expect(k).to_string();
            (s("id"), s("severity"), s("source"))
        })
        .collect();
    assert_eq!(got, spec_rows());
    for r in json.as_array().unwrap() {
        for k in ["title", "what", "why", "fix"] {
            assert!(!r[k].as_str().unwrap().is_empty(), "{} {k}", r["id"]);
        }
    }
}

/// The Japanese source RULES.md prescribes for an English one:
/// `§9.4 Table 3` → `9.4節 表3`, `Fig. 4` → `図4`, `Annex A` → `附属書A`.
fn japanese_source(en: &str) -> String {
    en.split(", ")
        .map(|part| {
            part.split(' ')
                .collect::<Vec<_>>()
                .join(" ")
                .replace("Table ", "表")
                .replace("Fig. ", "図")
                .replace("Annex ", "附属書")
                .replace("phase ", "フェーズ")
        })
        .map(|part| match part.strip_prefix('§') {
            Some(rest) => match rest.split_once(' ') {
                Some((sec, tail)) => format!("{sec}節 {tail}"),
                None => format!("{rest}節"),
            },
            None => part,
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[test]
fn japanese_sources_follow_the_english_ones() {
    assert_eq!(japanese_source("§9.4 Table 3"), "9.4節 表3");
    for r in rules::all() {
        assert_eq!(r.source_ja, japanese_source(r.source), "{}", r.id);
    }
}

#[test]
fn the_readme_rule_table_is_the_records() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let begin = readme.find("<!-- rules:begin").expect("rules:begin marker");
    let body = begin + readme[begin..].find("-->\n").expect("marker end") + 4;
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let want = x1060::write::rules::markdown_table();
    if readme[body..end] != want && std::env::var_os("X1060_BLESS").is_some() {
        let fixed = format!("{}{want}{}", &readme[..body], &readme[end..]);
        std::fs::write(&path, fixed).expect("README.md written");
        return;
    }
    assert_eq!(
        &readme[body..end],
        want,
        "README's rule table is stale: X1060_BLESS=1 cargo test --test rules_spec"
    );
}

#[test]
fn only_x006_and_x007_carry_a_severity_note_in_both_languages() {
    for r in rules::all() {
        let noted = ["X006", "X007"].contains(&r.id);
        assert_eq!(r.severity_note_en.is_some(), noted, "{}", r.id);
        assert_eq!(r.severity_note_ja.is_some(), noted, "{}", r.id);
    }
}

#[test]
fn every_text_is_there_in_both_languages() {
    for r in rules::all() {
        for lang in [Lang::En, Lang::Ja] {
            for t in [r.title(lang), r.what(lang), r.why(lang), r.fix(lang)] {
                assert!(t.trim().len() > 3, "{} {lang:?}", r.id);
            }
        }
    }
}

#[test]
fn the_english_word_check_catches_english() {
    assert_eq!(
        english_words("A-1 と X001、9.4節 表3、`x1060 template`"),
        Vec::<String>::new()
    );
    assert_eq!(english_words("重大度 warning です"), vec!["warning"]);
    assert_eq!(english_words("A.1.10 と G-13"), Vec::<String>::new());
}

#[test]
fn every_japanese_record_text_is_japanese() {
    for r in rules::all() {
        let texts = [
            r.title_ja,
            r.what_ja,
            r.why_ja,
            r.fix_ja,
            r.source_ja,
            r.severity_note_ja.unwrap_or(""),
        ];
        for t in texts {
            assert_eq!(english_words(t), Vec::<String>::new(), "{}: {t}", r.id);
        }
        for banned in ["成熟度", "評価対象外", "規則", "重要度"] {
            assert!(
                !texts.iter().any(|t| t.contains(banned)),
                "{} {banned}",
                r.id
            );
        }
        assert!(
            !texts
                .iter()
                .any(|t| t.replace("カテゴリー", "").contains("カテゴリ")),
            "{}: カテゴリー",
            r.id
        );
    }
}

#[test]
fn rules_x006_in_japanese_is_japanese_from_end_to_end() {
    let out = run(&["rules", "X006", "--lang", "ja"]);
    assert!(out.contains("X006 (情報)"), "{out}");
    assert!(out.contains("重大度") && out.contains("エラー"), "{out}");
    assert!(out.contains("9.1節 フェーズ1"), "{out}");
    assert_eq!(english_words(&out), Vec::<String>::new(), "{out}");
    let list = run(&["rules", "--lang", "ja"]);
    assert_eq!(list.lines().count(), 31);
    assert_eq!(english_words(&list), Vec::<String>::new(), "{list}");
    let json = run(&["rules", "--json", "--lang", "ja"]);
    let json: Json = serde_json::from_str(&json).unwrap();
    for r in json.as_array().unwrap() {
        for k in ["title", "what", "why", "fix", "source"] {
            let t = r[k].as_str().unwrap();
            assert_eq!(
                english_words(t),
                Vec::<String>::new(),
                "{} {k}: {t}",
                r["id"]
            );
        }
    }
}

#[test]
fn rules_in_english_shows_english_sources_and_severities() {
    let out = run(&["rules", "S007", "--lang", "en"]);
    assert!(
        out.starts_with("S007 (warning) Basic service scored N/A"),
        "{out}"
    );
    assert!(out.contains("Table 1, Table 3"), "{out}");
    let list = run(&["rules", "--lang", "en"]);
    let c005 = list.lines().find(|l| l.starts_with("C005")).unwrap();
    assert!(c005.contains("info") && c005.contains("Annex A"), "{c005}");
}

#[test]
fn an_unknown_rule_is_one_line_in_the_language_asked() {
    let out = Command::new(env!("CARGO_BIN_EXE_x1060"))
        .args(["rules", "Z999", "--lang", "ja"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("Z999") && err.contains("ルール"), "{err}");
}

/// Runs the binary; its stdout.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_x1060"))
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn every_rule_record_is_reachable_by_id() {
    let ids: Vec<&str> = rules::all().iter().map(|r: &&Rule| r.id).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique);
    for id in ids {
        assert_eq!(rules::info(&id.to_lowercase()).map(|r| r.id), Some(id));
    }
}
