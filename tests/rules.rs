//! Every rule of RULES.md on real `.xlsx` workbooks: each rule ID has a test
//! that fires it (rule, severity, cell, service) and a close variant that
//! does not (the boundary). Each workbook is the clean 64-service portfolio
//! of `support::Book` with one change, so the findings asserted are the
//! *only* findings: a rule firing where it should not fails the test too.
//!
//! Clean portfolio (Japanese, parties inline), sheet `ポートフォリオ`: the
//! header is on row 3, A-1 on row 4 … A-9 on row 12; columns A ID, B name,
//! C level, D assignment, E As-Is, F To-Be.
mod rule_check;
mod support;

use rule_check::{F, expect, expect_clean, file, message_of, on};
use support::{Book, Checked, Col, Lang, Parties, Row, blank, formula, formula_cached};
use x1060::rules::Severity::{Error, Info, Warning};

// ---------------------------------------------------------------------------
// The clean portfolio, in every layout.

#[test]
fn clean_portfolio_gives_zero_findings_with_japanese_headers() {
    for parties in [
        Parties::Inline,
        Parties::PartyColumn,
        Parties::TeamContractor,
    ] {
        let book = Book::clean(Lang::Ja, parties);
        let c = book.check();
        assert!(c.findings().is_empty(), "{parties:?}:\n{}", c.summary());
        let Some(services) = checked_services(&c) else {
            panic!("{parties:?}: no portfolio")
        };
        assert_eq!(services, 64, "{parties:?}");
    }
}

#[test]
fn clean_portfolio_gives_zero_findings_with_english_headers() {
    for parties in [
        Parties::Inline,
        Parties::PartyColumn,
        Parties::TeamContractor,
    ] {
        let book = Book::clean(Lang::En, parties);
        let c = book.check();
        assert!(c.findings().is_empty(), "{parties:?}:\n{}", c.summary());
        assert_eq!(checked_services(&c), Some(64), "{parties:?}");
    }
}

fn checked_services(c: &Checked) -> Option<usize> {
    match &c.result.outcome {
        x1060::analysis::Outcome::Checked(e) => Some(e.portfolio.services.len()),
        _ => None,
    }
}

#[test]
fn cell_names_follow_the_layout() {
    // The builder's cell arithmetic, pinned once against the file.
    let book = Book::ja();
    assert_eq!(book.cell("A-1", Col::Id), "A4");
    assert_eq!(book.cell("A-9", Col::ToBe), "F12");
    assert_eq!(Book::ja().party_column().cell("A-9", Col::ToBe), "G12");
    assert_eq!(Book::ja().team_contractor().cell("A-9", Col::ToBe), "H12");
}

// ---------------------------------------------------------------------------
// Not services: summary rows, category rows, placeholders.

#[test]
fn summary_rows_are_skipped_ja() {
    // Each summary row holds a level 高 and scores 123.5 / 200: read as a
    // service it would give X007, C002, S001, S002.
    let book = Book::ja()
        .summary("合計")
        .summary("平均スコア")
        .summary("小計")
        .summary("平均");
    expect_clean(&book);
}

#[test]
fn summary_rows_are_skipped_when_the_word_is_in_the_name_cell() {
    let book = Book::ja().push(
        Row::new("#avg")
            .with(Col::Name, "平均スコア")
            .with(Col::AsIs, 2.6)
            .with(Col::ToBe, 3.4),
    );
    expect_clean(&book);
}

#[test]
fn summary_rows_are_skipped_en() {
    let book = Book::en()
        .summary("Total")
        .summary("Subtotal")
        .summary("Average score")
        .summary("TOTAL:");
    expect_clean(&book);
}

#[test]
fn category_rows_are_skipped_and_cells_still_point_at_the_row() {
    let book = Book::ja().category_rows().scores("A-9", 4, 2);
    // A category row above A-1 moves A-9 one row down.
    assert_eq!(book.cell("A-9", Col::ToBe), "F13");
    expect(
        &book,
        vec![on(&book, "S005", Warning, "A-9", Col::ToBe, "A-9")],
    );
    expect_clean(&Book::en().category_rows());
}

// ---------------------------------------------------------------------------
// X001 — no portfolio.

#[test]
fn x001_fires_for_a_workbook_with_only_a_cover_letter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cover.xlsx");
    support::cover_letter_only(&path);
    let r = x1060::analysis::check_file(&path, &Default::default(), None);
    let findings = r.findings();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.rule, "X001");
    assert_eq!(f.severity, Error);
    assert_eq!(f.cell, None);
    assert_eq!(f.service, None);
    // Says what was looked for, and where.
    assert!(f.message_en.contains("表紙"), "{}", f.message_en);
    assert!(f.message_en.contains("service"), "{}", f.message_en);
    // It opened: an error (exit 1), not an unreadable file (exit 2).
    let (code, out, _) = support::run_cli(&["check", "--format", "json"], &[&path]);
    assert_eq!(code, 1, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"][0]["status"], "error");
    assert_eq!(json["files"][0]["findings"][0]["rule"], "X001");
}

#[test]
fn x001_fires_when_only_two_service_ids_are_listed() {
    // A portfolio column holds at least three service IDs (Fine points).
    let book = Book::ja().keep(&["A-1", "A-2"]);
    let c = book.check();
    assert_eq!(c.of("X001").len(), 1, "{}", c.summary());
    assert_eq!(c.findings().len(), 1, "{}", c.summary());
}

#[test]
fn x001_silent_with_three_service_ids() {
    let book = Book::ja().keep(&["A-1", "A-2", "A-5"]);
    let c = book.check();
    assert!(c.of("X001").is_empty(), "{}", c.summary());
    // The other 61 services are missing rows.
    assert_eq!(c.of("X004").len(), 61, "{}", c.summary());
}

#[test]
fn x001_silent_when_a_cover_sheet_stands_in_front_of_the_portfolio() {
    let book = Book::ja().sheet_before(
        "表紙",
        &[
            &["サービスポートフォリオ提出のご案内"],
            &["組織名", "株式会社サンプル"],
        ],
    );
    expect_clean(&book);
}

// ---------------------------------------------------------------------------
// X002 — a needed column is missing; the rules reading it stay silent.

fn header(book: &Book) -> Option<String> {
    let r = book.header_row();
    Some(format!("{r}:{r}"))
}

fn x002(book: &Book) -> F {
    F {
        rule: "X002".into(),
        severity: Error,
        cell: header(book),
        service: None,
    }
}

#[test]
fn x002_fires_for_a_missing_level_column_and_level_rules_stay_silent() {
    // Without levels nothing is Basic: C003 would fire for A, B, D if the
    // level rules ran, and P001/S003/S004 would fire on the blank row.
    let book = Book::ja()
        .assignment("A-2", blank())
        .scores("A-2", blank(), blank())
        .without(Col::Level);
    let c = expect(&book, vec![x002(&book)]);
    assert!(
        message_of(&c, "X002").contains("recommendation level"),
        "{}",
        c.summary()
    );
}

#[test]
fn x002_missing_level_column_leaves_the_other_rules_running() {
    let book = Book::ja()
        .assignment("A-3", "自社対応")
        .scores("A-6", 4, 2)
        .without(Col::Level);
    expect(
        &book,
        vec![
            x002(&book),
            on(&book, "P002", Error, "A-3", Col::Assignment, "A-3"),
            on(&book, "S005", Warning, "A-6", Col::ToBe, "A-6"),
        ],
    );
}

#[test]
fn x002_fires_for_a_missing_assignment_column_and_p_rules_stay_silent() {
    // Every selected service would otherwise get P001; the level rules
    // still run (C001).
    let book = Book::ja().level("A-2", blank()).without(Col::Assignment);
    let c = expect(
        &book,
        vec![
            x002(&book),
            on(&book, "C001", Error, "A-2", Col::Level, "A-2"),
        ],
    );
    assert!(message_of(&c, "X002").contains("assignment"));
}

#[test]
fn x002_fires_for_a_missing_as_is_column_and_s003_stays_silent() {
    // No S003 on any row; the To-Be rules still run (S004).
    let book = Book::ja().to_be("A-2", blank()).without(Col::AsIs);
    let c = expect(
        &book,
        vec![
            x002(&book),
            on(&book, "S004", Error, "A-2", Col::ToBe, "A-2"),
        ],
    );
    assert!(message_of(&c, "X002").contains("As-Is"));
}

#[test]
fn x002_fires_for_a_missing_to_be_column_and_s004_stays_silent() {
    // No S004 on any row; the As-Is rules still run (S001).
    let book = Book::en().as_is("A-2", "high").without(Col::ToBe);
    let c = expect(
        &book,
        vec![
            x002(&book),
            on(&book, "S001", Error, "A-2", Col::AsIs, "A-2"),
        ],
    );
    assert!(message_of(&c, "X002").contains("To-Be"));
}

#[test]
fn x002_one_finding_per_missing_column() {
    let book = Book::ja().without(Col::Level).without(Col::Assignment);
    let c = expect(&book, vec![x002(&book); 2]);
    let mut messages: Vec<&str> = c.of("X002").iter().map(|f| f.message_en.as_str()).collect();
    messages.sort();
    messages.dedup();
    assert_eq!(messages.len(), 2, "one message per column: {messages:?}");
}

#[test]
fn x002_silent_when_parties_sit_in_their_own_columns() {
    // A party column is not one of the needed columns; the assignment
    // column is still there.
    expect_clean(&Book::ja().party_column());
    expect_clean(&Book::en().team_contractor());
}

// ---------------------------------------------------------------------------
// X003 — a service ID on two rows.

#[test]
fn x003_fires_on_the_second_row_of_a_duplicated_service() {
    let book = Book::ja().duplicate("A-5");
    let c = expect(
        &book,
        vec![on(&book, "X003", Error, "A-5#2", Col::Id, "A-5")],
    );
    // Points at the first row.
    let first = book.sheet_row("A-5") + 1;
    assert!(
        message_of(&c, "X003").contains(&first.to_string()),
        "{}",
        c.summary()
    );
}

#[test]
fn x003_fires_for_two_spellings_of_one_id() {
    // a-01 is A-1.
    let book = Book::ja().duplicate("A-1").id("A-1#2", "a-01");
    expect(
        &book,
        vec![on(&book, "X003", Error, "A-1#2", Col::Id, "A-1")],
    );
}

#[test]
fn x003_silent_for_one_row_per_id_whatever_its_spelling() {
    let book = Book::ja()
        .id("A-1", "a-01")
        .id("A-2", "A2")
        .id("A-3", "Ａ－３")
        .id("A-4", "A‐4")
        .id("A-5", "Aー5")
        .id("A-10", "A-10");
    expect_clean(&book);
}

// ---------------------------------------------------------------------------
// X004 — a service of the X.1060 list has no row.

#[test]
fn x004_fires_for_a_removed_service() {
    let book = Book::ja().remove("G-11");
    let c = expect(&book, vec![file("X004", Warning, Some("G-11"))]);
    assert!(message_of(&c, "X004").contains("G-11"));
}

#[test]
fn x004_one_finding_per_missing_service() {
    let book = Book::en().remove("F-1").remove("F-2").remove("I-7");
    expect(
        &book,
        vec![
            file("X004", Warning, Some("F-1")),
            file("X004", Warning, Some("F-2")),
            file("X004", Warning, Some("I-7")),
        ],
    );
}

#[test]
fn x004_silent_when_the_service_stays_listed_as_unnecessary() {
    expect_clean(&Book::ja().unnecessary("G-11"));
}

// ---------------------------------------------------------------------------
// X005 — the name does not match the ID.

#[test]
fn x005_fires_for_a_shifted_name() {
    // A-3's row carries A-4's name.
    let book = Book::ja().name("A-3", "ポリシー管理");
    expect(
        &book,
        vec![on(&book, "X005", Warning, "A-3", Col::Name, "A-3")],
    );
}

#[test]
fn x005_fires_for_an_unknown_name_in_english() {
    let book = Book::en().name("B-3", "Alert triage");
    expect(
        &book,
        vec![on(&book, "X005", Warning, "B-3", Col::Name, "B-3")],
    );
}

#[test]
fn x005_silent_for_accepted_spellings_of_the_name() {
    let book = Book::ja()
        .name("A-3", "Policy planning") // English name on a Japanese sheet
        .name("G-11", "CDC システム運用") // white space ignored
        .name("B-3", "通知 ・ 警告") // ・ ignored
        .name("A-1", "ＲＩＳＫ　ＭＡＮＡＧＥＭＥＮＴ"); // full-width, case
    expect_clean(&book);
    let book = Book::en()
        .name("B-3", "alerting and warning") // & read as and
        .name("A-2", "リスクアセスメント");
    expect_clean(&book);
}

#[test]

fn x005_silent_when_the_name_cell_repeats_the_id() {
    // RULES.md Vocabulary: an ID in the same cell as the name is split from
    // it. The reader only splits when the sheet has no ID column.
    let book = Book::ja()
        .name("A-3", "A-3 ポリシーの企画立案")
        .name("A-4", "A-4. ポリシー管理");
    expect_clean(&book);
}

#[test]
fn x005_silent_when_the_name_cell_is_blank() {
    expect_clean(&Book::ja().name("A-3", blank()));
}

// ---------------------------------------------------------------------------
// X006 — an ID outside the X.1060 list (own service).

fn own(id: &str, name: Option<&str>, level: &str, assignment: &str) -> Row {
    let row = Row::service(id, name.unwrap_or(""), level, assignment, 2, 3);
    if name.is_none() {
        row.with(Col::Name, blank())
    } else {
        row
    }
}

#[test]
fn x006_info_for_an_own_service_with_a_name() {
    let book = Book::ja().push(own(
        "J-1",
        Some("脅威ハンティング"),
        "スタンダード",
        "インソース(SOC部)",
    ));
    expect(&book, vec![on(&book, "X006", Info, "J-1", Col::Id, "J-1")]);
}

#[test]
fn x006_error_for_an_own_service_with_no_name() {
    let book = Book::ja().push(own("J-1", None, "スタンダード", "インソース(SOC部)"));
    expect(&book, vec![on(&book, "X006", Error, "J-1", Col::Id, "J-1")]);
}

#[test]
fn x006_silent_for_an_x1060_id_with_no_name() {
    // A-3 is on the list: a blank name is no X006 (and no X005).
    expect_clean(&Book::ja().name("A-3", blank()));
}

#[test]
fn x006_own_service_in_category_a_counts_for_c003() {
    // Category A with no Basic X.1060 service, but an own A-14 at Basic.
    let no_basic_a = || {
        Book::ja()
            .level("A-1", "スタンダード")
            .level("A-5", "スタンダード")
            .level("A-9", "スタンダード")
            .level("A-13", "スタンダード")
    };
    let book = no_basic_a().insert_after(
        "A-13",
        own(
            "A-14",
            Some("独自の戦略サービス"),
            "ベーシック",
            "インソース(SOC部)",
        ),
    );
    expect(
        &book,
        vec![on(&book, "X006", Info, "A-14", Col::Id, "A-14")],
    );
    // The same own service at Standard: C003 for A.
    let book = no_basic_a().insert_after(
        "A-13",
        own(
            "A-14",
            Some("独自の戦略サービス"),
            "スタンダード",
            "インソース(SOC部)",
        ),
    );
    expect(
        &book,
        vec![
            on(&book, "X006", Info, "A-14", Col::Id, "A-14"),
            file("C003", Warning, None),
        ],
    );
}

// ---------------------------------------------------------------------------
// X007 — a row with no ID.

#[test]
fn x007_info_when_the_id_is_taken_from_the_name() {
    let book = Book::ja().id("A-3", blank());
    // No X004 for A-3: the row counts as A-3.
    expect(&book, vec![on(&book, "X007", Info, "A-3", Col::Id, "A-3")]);
}

#[test]
fn x007_id_taken_from_the_name_is_checked_like_any_row() {
    let book = Book::en().id("B-2", blank()).scores("B-2", 4, 2);
    expect(
        &book,
        vec![
            on(&book, "X007", Info, "B-2", Col::Id, "B-2"),
            on(&book, "S005", Warning, "B-2", Col::ToBe, "B-2"),
        ],
    );
}

#[test]
fn x007_error_when_the_name_matches_no_service() {
    // Nothing else applies to that row: its invalid level and score are not
    // reported.
    let row = support::Row::new("nameless")
        .with(Col::Name, "独自の脅威ハンティング")
        .with(Col::Level, "高")
        .with(Col::Assignment, "インソース(SOC部)")
        .with(Col::AsIs, 9)
        .with(Col::ToBe, 3);
    let book = Book::ja().insert_after("A-13", row);
    let c = expect(
        &book,
        vec![F {
            rule: "X007".into(),
            severity: Error,
            cell: Some(book.cell("nameless", Col::Id)),
            service: None,
        }],
    );
    assert!(message_of(&c, "X007").contains("独自の脅威ハンティング"));
}

#[test]
fn x007_error_for_a_row_with_values_but_no_id_or_name() {
    let row = Row::new("stray")
        .with(Col::Level, "ベーシック")
        .with(Col::AsIs, 2)
        .with(Col::ToBe, 3);
    let book = Book::ja().push(row);
    expect(
        &book,
        vec![F {
            rule: "X007".into(),
            severity: Error,
            cell: Some(book.cell("stray", Col::Id)),
            service: None,
        }],
    );
}

#[test]
fn x007_silent_for_a_blank_row_or_a_note_under_the_table() {
    let book = Book::ja()
        .push(Row::new("blank"))
        .push(Row::new("note").with(Col::Id, "※ スコアは表 3 による"));
    expect_clean(&book);
}

#[test]
fn x007_silent_for_a_row_with_an_id() {
    expect_clean(&Book::ja());
}

// ---------------------------------------------------------------------------
// X008 — a formula with no stored result; one finding per cell, and the
// blank-cell rule follows.

#[test]
fn x008_fires_on_an_uncached_as_is_and_s003_follows() {
    let book = Book::ja().as_is("A-2", formula("1+2"));
    expect(
        &book,
        vec![
            on(&book, "X008", Warning, "A-2", Col::AsIs, "A-2"),
            on(&book, "S003", Error, "A-2", Col::AsIs, "A-2"),
        ],
    );
}

#[test]
fn x008_fires_on_an_uncached_to_be_and_s004_follows() {
    let book = Book::en().to_be("A-2", formula("2+2"));
    expect(
        &book,
        vec![
            on(&book, "X008", Warning, "A-2", Col::ToBe, "A-2"),
            on(&book, "S004", Error, "A-2", Col::ToBe, "A-2"),
        ],
    );
}

#[test]
fn x008_fires_on_an_uncached_level_and_c001_follows() {
    let book = Book::ja().level("A-2", formula("\"スタンダード\""));
    expect(
        &book,
        vec![
            on(&book, "X008", Warning, "A-2", Col::Level, "A-2"),
            on(&book, "C001", Error, "A-2", Col::Level, "A-2"),
        ],
    );
}

#[test]
fn x008_fires_on_an_uncached_assignment_and_p001_follows() {
    let book = Book::ja().assignment("A-2", formula("\"アウトソース(A社)\""));
    expect(
        &book,
        vec![
            on(&book, "X008", Warning, "A-2", Col::Assignment, "A-2"),
            on(&book, "P001", Error, "A-2", Col::Assignment, "A-2"),
        ],
    );
}

#[test]
fn x008_one_finding_per_cell() {
    let book = Book::ja()
        .as_is("A-6", formula("1+1"))
        .to_be("A-6", formula("1+2"))
        .as_is("B-2", formula("1+1"));
    expect(
        &book,
        vec![
            on(&book, "X008", Warning, "A-6", Col::AsIs, "A-6"),
            on(&book, "S003", Error, "A-6", Col::AsIs, "A-6"),
            on(&book, "X008", Warning, "A-6", Col::ToBe, "A-6"),
            on(&book, "S004", Error, "A-6", Col::ToBe, "A-6"),
            on(&book, "X008", Warning, "B-2", Col::AsIs, "B-2"),
            on(&book, "S003", Error, "B-2", Col::AsIs, "B-2"),
        ],
    );
}

#[test]
fn x008_alone_on_an_unnecessary_service() {
    // Not selected: the blank score waits, only X008 is left.
    let book = Book::ja().unnecessary("E-3").as_is("E-3", formula("1+1"));
    expect(
        &book,
        vec![on(&book, "X008", Warning, "E-3", Col::AsIs, "E-3")],
    );
}

#[test]
fn x008_silent_for_a_formula_whose_stored_result_is_an_empty_string() {
    // RULES.md: X008 is for a formula with *no* stored result. An empty
    // string is a stored result: the cell is blank (S003), and re-saving the
    // file, which X008 advises, changes nothing.
    let book = Book::ja().as_is("A-2", support::formula_empty_string("IF(1=1,\"\",1)"));
    expect(
        &book,
        vec![on(&book, "S003", Error, "A-2", Col::AsIs, "A-2")],
    );
}

#[test]
fn x008_silent_for_a_formula_with_a_stored_result() {
    let book = Book::ja()
        .level("A-2", formula_cached("\"スタンダード\"", "スタンダード"))
        .as_is("A-2", formula_cached("1+1", "2"))
        .to_be("A-2", formula_cached("2+2", "4"));
    expect_clean(&book);
    // And the stored result is the value the rules read.
    let book = Book::ja()
        .as_is("A-2", formula_cached("2+2", "4"))
        .to_be("A-2", 2);
    expect(
        &book,
        vec![on(&book, "S005", Warning, "A-2", Col::ToBe, "A-2")],
    );
}
