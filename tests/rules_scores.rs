//! Every S rule of RULES.md on real `.xlsx` workbooks, in the manner of
//! `tests/rules.rs`, and the command line's exit codes and JSON shape.

mod rule_check;
mod support;

use rule_check::{expect, expect_clean, message_of, on};
use support::{Book, Cell, Col, Row, blank};
use x1060::rules::Severity::{Error, Info, Warning};

// ---------------------------------------------------------------------------
// S001 / S002 — a score outside 1–5 and N/A.

#[test]
fn s001_fires_for_an_invalid_as_is() {
    let book = Book::ja().as_is("A-2", "高");
    let c = expect(
        &book,
        vec![on(&book, "S001", Error, "A-2", Col::AsIs, "A-2")],
    );
    assert!(message_of(&c, "S001").contains("高"));
}

#[test]
fn s001_fires_for_every_invalid_spelling() {
    // 3.5, 0, 6, 高 — as text and as numbers — and a few more.
    let invalid: Vec<support::Cell> = vec![
        "3.5".into(),
        3.5.into(),
        "0".into(),
        0.into(),
        "6".into(),
        6.into(),
        "高".into(),
        "-3".into(),
        "3.".into(),
        "三".into(),
    ];
    // (Ten cells: see s001_fires_for_a_date for a date.)
    let keys = [
        "A-2", "A-3", "A-6", "A-7", "A-10", "A-11", "B-2", "B-3", "C-2", "C-3",
    ];
    let mut book = Book::ja();
    for (k, v) in keys.iter().zip(invalid) {
        book = book.scores(k, v, 5);
    }
    let want = keys
        .iter()
        .map(|k| on(&book, "S001", Error, k, Col::AsIs, k))
        .collect();
    expect(&book, want);
}

#[test]
fn s001_fires_for_a_date() {
    // `3/5` typed into Excel becomes a date: not a score.
    let book = Book::ja().as_is("A-2", support::Cell::Date(45721.0));
    let c = expect(
        &book,
        vec![on(&book, "S001", Error, "A-2", Col::AsIs, "A-2")],
    );
    assert!(
        message_of(&c, "S001").contains("2025-03-05"),
        "{}",
        c.summary()
    );
}

#[test]
fn s001_silent_for_every_spelling_of_three() {
    // Each is read as 3: with To-Be 2 it gives S005 "… As-Is 3", not S001.
    let three: Vec<support::Cell> = vec![
        3.into(),
        3.0.into(),
        "3".into(),
        "３".into(),
        "3点".into(),
        "３点".into(),
        "+3".into(),
        "+3 点".into(),
        "3.0".into(),
        " 3 ".into(),
        "3 pts".into(),
        "＋３".into(),
    ];
    // (Assigned services: an Unassigned one with As-Is 3 would also get S006.)
    let keys = [
        "A-2", "A-3", "A-6", "A-7", "A-10", "A-11", "B-2", "B-4", "C-2", "C-4", "D-2", "D-4",
    ];
    assert_eq!(keys.len(), three.len());
    let mut book = Book::ja();
    for (k, v) in keys.iter().zip(three) {
        book = book.scores(k, v, 2);
    }
    let want = keys
        .iter()
        .map(|k| on(&book, "S005", Warning, k, Col::ToBe, k))
        .collect();
    let c = expect(&book, want);
    for f in c.of("S005") {
        assert!(f.message_en.contains("As-Is 3"), "{}", f.message_en);
    }
}

#[test]
fn s001_silent_for_na_spellings() {
    let na = [
        "N/A",
        "NA",
        "n/a",
        "評価対象外",
        "評価外",
        "対象外",
        "適用外",
        "Ｎ／Ａ",
    ];
    let keys = ["A-2", "A-3", "A-6", "A-7", "A-10", "A-11", "B-2", "B-3"];
    let mut book = Book::ja();
    for (k, v) in keys.iter().zip(na) {
        book = book.scores(k, v, v);
    }
    expect_clean(&book);
}

#[test]
fn s002_fires_for_an_invalid_to_be() {
    let book = Book::ja()
        .to_be("A-2", "高")
        .to_be("A-3", 6)
        .to_be("A-6", "3.5");
    expect(
        &book,
        vec![
            on(&book, "S002", Error, "A-2", Col::ToBe, "A-2"),
            on(&book, "S002", Error, "A-3", Col::ToBe, "A-3"),
            on(&book, "S002", Error, "A-6", Col::ToBe, "A-6"),
        ],
    );
}

#[test]
fn s002_silent_for_a_valid_to_be() {
    let book = Book::en()
        .to_be("A-2", "５")
        .to_be("A-3", "4点")
        .to_be("A-6", "N/A")
        .to_be("A-7", "+5");
    expect_clean(&book);
}

// ---------------------------------------------------------------------------
// S003 / S004 — a selected service with no score.

#[test]
fn s003_fires_for_a_selected_service_with_no_as_is() {
    let book = Book::ja()
        .as_is("A-2", blank())
        .as_is("A-3", "-")
        .as_is("A-4", "なし");
    expect(
        &book,
        vec![
            on(&book, "S003", Error, "A-2", Col::AsIs, "A-2"),
            on(&book, "S003", Error, "A-3", Col::AsIs, "A-3"),
            on(&book, "S003", Error, "A-4", Col::AsIs, "A-4"),
        ],
    );
}

#[test]
fn s003_silent_for_na_and_for_unnecessary() {
    // N/A is a score (for a non-Basic service: no S007 either).
    expect_clean(&Book::ja().as_is("A-2", "N/A"));
    // A blank score on an Unnecessary service is fine.
    expect_clean(
        &Book::ja()
            .unnecessary("A-2")
            .scores("A-2", blank(), blank()),
    );
}

#[test]
fn s004_fires_for_a_selected_service_with_no_to_be() {
    let book = Book::en().to_be("A-2", blank()).to_be("A-3", "none");
    expect(
        &book,
        vec![
            on(&book, "S004", Error, "A-2", Col::ToBe, "A-2"),
            on(&book, "S004", Error, "A-3", Col::ToBe, "A-3"),
        ],
    );
}

#[test]
fn s004_silent_for_na_and_for_unnecessary() {
    expect_clean(&Book::ja().to_be("A-2", "評価対象外"));
    expect_clean(&Book::ja().unnecessary("A-2").to_be("A-2", "-"));
}

// ---------------------------------------------------------------------------
// S005 — To-Be below As-Is.

#[test]
fn s005_fires_when_to_be_below_as_is() {
    let book = Book::ja().scores("A-9", 4, 2);
    assert_eq!(book.cell("A-9", Col::ToBe), "F12");
    let c = expect(
        &book,
        vec![on(&book, "S005", Warning, "A-9", Col::ToBe, "A-9")],
    );
    let f = c.of("S005")[0];
    assert_eq!(f.cell.as_deref(), Some("F12"));
    assert_eq!(f.location(), "ポートフォリオ!F12");
}

#[test]
fn s005_fires_for_text_scores() {
    let book = Book::en().scores("A-9", "４", "2点");
    expect(
        &book,
        vec![on(&book, "S005", Warning, "A-9", Col::ToBe, "A-9")],
    );
}

#[test]
fn s005_silent_when_equal() {
    expect_clean(&Book::ja().scores("A-9", 3, 3));
    expect_clean(&Book::ja().scores("A-9", "3", 3.0));
}

#[test]
fn s005_silent_when_a_score_is_na() {
    expect_clean(&Book::ja().scores("A-2", 4, "N/A"));
}

// ---------------------------------------------------------------------------
// S006 — an Unassigned service with As-Is above 1.

#[test]
fn s006_fires_for_unassigned_with_as_is_2() {
    // Info since v2; P008 too (selected, not Basic, Unassigned).
    let book = Book::ja()
        .assignment("A-2", "未割り当て")
        .scores("A-2", 2, 3);
    let c = expect(
        &book,
        vec![
            on(&book, "S006", Info, "A-2", Col::AsIs, "A-2"),
            on(&book, "P008", Info, "A-2", Col::Assignment, "A-2"),
        ],
    );
    // It asks; it does not assert that nobody performs the service.
    let en = message_of(&c, "S006");
    assert!(en.contains("who performs it?"), "{en}");
    assert!(!en.contains("nobody performs"), "{en}");
}

#[test]
fn s006_silent_for_unassigned_with_as_is_1_or_na() {
    for as_is in [Cell::from(1), Cell::from("N/A")] {
        let book = Book::ja()
            .assignment("A-2", "未割り当て")
            .scores("A-2", as_is, 3);
        expect(
            &book,
            vec![on(&book, "P008", Info, "A-2", Col::Assignment, "A-2")],
        );
    }
    // An assigned service may score anything.
    expect_clean(&Book::ja().scores("A-2", 5, 5));
}

// ---------------------------------------------------------------------------
// S007 — a Basic service scored N/A.

#[test]
fn s007_fires_for_a_basic_service_with_na() {
    let book = Book::ja().as_is("A-1", "N/A");
    expect(
        &book,
        vec![on(&book, "S007", Warning, "A-1", Col::AsIs, "A-1")],
    );
    let book = Book::ja().to_be("A-5", "評価対象外");
    expect(
        &book,
        vec![on(&book, "S007", Warning, "A-5", Col::ToBe, "A-5")],
    );
}

#[test]
fn s007_silent_for_a_standard_service_with_na() {
    expect_clean(&Book::ja().scores("A-2", "N/A", "N/A"));
}

// ---------------------------------------------------------------------------
// S008 — an Unnecessary service with a numeric score.

#[test]
fn s008_fires_for_an_unnecessary_service_with_a_score() {
    let book = Book::ja().unnecessary("E-3").as_is("E-3", 1);
    expect(
        &book,
        vec![on(&book, "S008", Info, "E-3", Col::AsIs, "E-3")],
    );
    let book = Book::ja().unnecessary("E-3").to_be("E-3", "3点");
    expect(
        &book,
        vec![on(&book, "S008", Info, "E-3", Col::ToBe, "E-3")],
    );
}

#[test]
fn s008_and_s006_both_fire_for_an_unnecessary_unassigned_service_with_as_is_2() {
    // RULES.md Fine points: S006 does not depend on the level, so an
    // Unnecessary, Unassigned service with As-Is 2 gets S006 besides S008.
    let book = Book::ja()
        .unnecessary("E-3")
        .assignment("E-3", "未割り当て")
        .as_is("E-3", 2);
    expect(
        &book,
        vec![
            on(&book, "S008", Info, "E-3", Col::AsIs, "E-3"),
            on(&book, "S006", Info, "E-3", Col::AsIs, "E-3"),
            on(&book, "P007", Info, "E-3", Col::Assignment, "E-3"),
        ],
    );
}

#[test]
fn s008_silent_for_na_or_blank_on_an_unnecessary_service() {
    expect_clean(&Book::ja().unnecessary("E-3"));
    expect_clean(&Book::ja().unnecessary("E-3").scores("E-3", blank(), "-"));
}

#[test]
fn s008_silent_for_an_invalid_score_which_is_s001() {
    let book = Book::ja().unnecessary("E-3").as_is("E-3", 6);
    expect(
        &book,
        vec![on(&book, "S001", Error, "E-3", Col::AsIs, "E-3")],
    );
}

// ---------------------------------------------------------------------------
// The command line: exit codes and the JSON shape.

#[test]
fn exit_0_for_a_clean_portfolio() {
    let saved = Book::ja().save();
    let (code, out, err) = saved.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn exit_1_with_an_error() {
    let saved = Book::ja().as_is("A-2", "高").save();
    let (code, out, err) = saved.run(&["check"]);
    assert_eq!(code, 1, "{out}{err}");
}

#[test]
fn exit_0_with_only_warnings_and_1_with_strict() {
    let saved = Book::ja().scores("A-9", 4, 2).save();
    let (code, out, err) = saved.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("S005"), "{out}");
    let (code, out, err) = saved.run(&["check", "--strict"]);
    assert_eq!(code, 1, "{out}{err}");
}

#[test]
fn exit_0_with_strict_and_only_infos() {
    let saved = Book::ja()
        .push(Row::service(
            "J-1",
            "脅威ハンティング",
            "スタンダード",
            "インソース(SOC部)",
            2,
            3,
        ))
        .save();
    let (code, out, err) = saved.run(&["check", "--strict"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("X006"), "{out}");
}

#[test]
fn json_findings_carry_rule_severity_sheet_cell_service_message_source() {
    let saved = Book::ja().scores("A-9", 4, 2).save();
    let (code, out, err) = saved.run(&["check", "--format", "json", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["status"], "warning");
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = findings[0].as_object().unwrap();
    let mut keys: Vec<&str> = f.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "cell", "message", "rule", "service", "severity", "sheet", "source"
        ]
    );
    assert_eq!(f["rule"], "S005");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["sheet"], "ポートフォリオ");
    assert_eq!(f["cell"], "F12");
    assert_eq!(f["service"], "A-9");
    assert_eq!(f["source"], "§11.4");
    assert!(f["message"].as_str().unwrap().contains("As-Is 4"));
}

#[test]
fn every_rule_id_has_a_test_here() {
    // `grep -r S005 tests` finds each rule's tests: keep it so. Every rule
    // has a test that fires it and one (named `…_silent_…`) that does not.
    let src = [
        include_str!("rules.rs"),
        include_str!("rules_catalogue_profile.rs"),
        include_str!("rules_scores.rs"),
        include_str!("rules_v2.rs"),
    ]
    .concat()
    .to_lowercase();
    let names: Vec<&str> = src
        .split("\nfn ")
        .skip(1)
        .filter_map(|t| t.split('(').next())
        .collect();
    for rule in x1060::rules::all() {
        let id = rule.id.to_lowercase();
        let of: Vec<&&str> = names
            .iter()
            .filter(|n| n.starts_with(&format!("{id}_")))
            .collect();
        assert!(
            of.iter().any(|n| n.contains("_silent")),
            "no test named {id}_…_silent_… for {}",
            rule.id
        );
        assert!(
            of.iter().any(|n| !n.contains("_silent")),
            "no test that fires {}",
            rule.id
        );
    }
}
