//! Every rule of RULES.md on real `.xlsx` workbooks: each rule ID has a test
//! that fires it (rule, severity, cell, service) and a close variant that
//! does not (the boundary). Each workbook is the clean 64-service portfolio
//! of `support::Book` with one change, so the findings asserted are the
//! *only* findings: a rule firing where it should not fails the test too.
//!
//! Clean portfolio (Japanese, parties inline), sheet `ポートフォリオ`: the
//! header is on row 3, A-1 on row 4 … A-9 on row 12; columns A ID, B name,
//! C level, D assignment, E As-Is, F To-Be.

mod support;

use support::{Book, Cell, Checked, Col, Lang, Parties, Row, blank, formula, formula_cached};
use x1060::rules::Severity::{self, Error, Info, Warning};

/// A finding reduced to what a test asserts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct F {
    rule: String,
    severity: Severity,
    cell: Option<String>,
    service: Option<String>,
}

/// A finding on a row's cell, for service `service`.
fn on(book: &Book, rule: &str, severity: Severity, key: &str, col: Col, service: &str) -> F {
    F {
        rule: rule.into(),
        severity,
        cell: Some(book.cell(key, col)),
        service: Some(service.into()),
    }
}

/// A finding with no cell (about the whole portfolio, or a missing service).
fn file(rule: &str, severity: Severity, service: Option<&str>) -> F {
    F {
        rule: rule.into(),
        severity,
        cell: None,
        service: service.map(str::to_string),
    }
}

/// Asserts the findings are exactly `want` (in any order), and that every
/// finding with a cell names the portfolio sheet.
#[track_caller]
fn assert_only(book: &Book, c: &Checked, want: Vec<F>) {
    let mut got: Vec<F> = c
        .findings()
        .iter()
        .map(|f| F {
            rule: f.rule.into(),
            severity: f.severity,
            cell: f.cell.clone(),
            service: f.service.clone(),
        })
        .collect();
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want, "findings:\n{}", c.summary());
    for f in c.findings() {
        if f.cell.is_some() {
            assert_eq!(f.sheet.as_deref(), Some(book.sheet.as_str()), "{f:?}");
        }
    }
}

/// Checks the book and asserts it gives exactly `want`.
#[track_caller]
fn expect(book: &Book, want: Vec<F>) -> Checked {
    let c = book.check();
    assert_only(book, &c, want);
    c
}

/// Checks the book and asserts it gives no finding at all.
#[track_caller]
fn expect_clean(book: &Book) {
    expect(book, vec![]);
}

/// The single finding of a rule (its message, for the message checks).
#[track_caller]
fn message_of(c: &Checked, rule: &str) -> String {
    let of = c.of(rule);
    assert_eq!(of.len(), 1, "{}", c.summary());
    of[0].message_en.clone()
}

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
        x1060::pipeline::Outcome::Checked(e) => Some(e.portfolio.services.len()),
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
    let r = x1060::pipeline::check_file(&path, &Default::default(), None);
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
fn x001_for_a_service_list_without_portfolio_columns() {
    // RULES.md v2 → Fine points: a list of services alone is no portfolio;
    // X001 says a list was found but no portfolio columns.
    let book = Book::ja()
        .without(Col::Level)
        .without(Col::Assignment)
        .without(Col::AsIs)
        .without(Col::ToBe);
    let c = book.check();
    assert_eq!(c.of("X001").len(), 1, "{}", c.summary());
    assert!(message_of(&c, "X001").contains("a list of 64 services"));
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

// ---------------------------------------------------------------------------
// C001 — no recommendation level.

#[test]
fn c001_fires_for_a_blank_level() {
    let book = Book::ja().level("A-2", blank());
    expect(
        &book,
        vec![on(&book, "C001", Error, "A-2", Col::Level, "A-2")],
    );
}

#[test]
fn c001_fires_for_placeholders_not_c002() {
    let placeholders = [
        "-",
        "－",
        "ー",
        "―",
        "—",
        "–",
        "なし",
        "無し",
        "該当なし",
        "none",
    ];
    let keys = [
        "A-2", "A-3", "A-4", "A-6", "A-7", "A-8", "A-10", "A-11", "A-12", "B-2",
    ];
    let mut book = Book::ja();
    for (k, p) in keys.iter().zip(placeholders) {
        book = book.level(k, p);
    }
    let want = keys
        .iter()
        .map(|k| on(&book, "C001", Error, k, Col::Level, k))
        .collect();
    expect(&book, want);
}

#[test]
fn c001_and_s005_for_a_row_with_no_level_and_to_be_below_as_is() {
    // Fine points: every rule that does not need a level still runs.
    let book = Book::ja().level("A-2", blank()).scores("A-2", 4, 2);
    expect(
        &book,
        vec![
            on(&book, "C001", Error, "A-2", Col::Level, "A-2"),
            on(&book, "S005", Warning, "A-2", Col::ToBe, "A-2"),
        ],
    );
}

#[test]
fn c001_alone_when_the_whole_row_is_blank() {
    // P001, S003, S004 wait for the level.
    let book = Book::ja()
        .level("A-2", blank())
        .assignment("A-2", blank())
        .scores("A-2", blank(), blank());
    expect(
        &book,
        vec![on(&book, "C001", Error, "A-2", Col::Level, "A-2")],
    );
}

#[test]
fn c001_silent_for_an_unnecessary_row_with_nothing_else() {
    let book = Book::ja()
        .level("A-2", "不要")
        .assignment("A-2", blank())
        .scores("A-2", blank(), blank());
    expect_clean(&book);
}

// ---------------------------------------------------------------------------
// C002 — a level outside the five.

#[test]
fn c002_fires_for_an_unknown_level() {
    let book = Book::ja().level("A-2", "高");
    let c = expect(
        &book,
        vec![on(&book, "C002", Error, "A-2", Col::Level, "A-2")],
    );
    assert!(message_of(&c, "C002").contains("高"));
    let book = Book::en().level("B-2", "Mandatory").level("B-4", 3);
    expect(
        &book,
        vec![
            on(&book, "C002", Error, "B-2", Col::Level, "B-2"),
            on(&book, "C002", Error, "B-4", Col::Level, "B-4"),
        ],
    );
}

#[test]
fn c002_silent_for_accepted_spellings() {
    let book = Book::ja()
        .level("A-1", "ＢＡＳＩＣ")
        .level("A-2", "ｽﾀﾝﾀﾞｰﾄﾞ")
        .level("A-3", "アドバンスト")
        .level("A-4", " optional ")
        .level("A-6", "Standard")
        .level("A-7", "ADVANCED")
        .level("A-5", "basic");
    expect_clean(&book);
}

#[test]
fn c002_value_checks_run_but_selected_rules_wait() {
    // Invalid level: P002/S002 (value checks) still fire; P001/S003 wait.
    let book = Book::ja()
        .level("A-2", "高")
        .assignment("A-2", blank())
        .scores("A-2", blank(), 6);
    expect(
        &book,
        vec![
            on(&book, "C002", Error, "A-2", Col::Level, "A-2"),
            on(&book, "S002", Error, "A-2", Col::ToBe, "A-2"),
        ],
    );
    // v2 accepts 自社 as Insourcing: an unknown word keeps P002 firing.
    let book = Book::ja().level("A-2", "高").assignment("A-2", "自社対応");
    expect(
        &book,
        vec![
            on(&book, "C002", Error, "A-2", Col::Level, "A-2"),
            on(&book, "P002", Error, "A-2", Col::Assignment, "A-2"),
        ],
    );
}

// ---------------------------------------------------------------------------
// C003 — category A, B or D has no Basic service.

fn without_basic(book: Book, keys: &[&str]) -> Book {
    keys.iter().fold(book, |b, k| b.level(k, "スタンダード"))
}

#[test]
fn c003_fires_when_category_a_has_no_basic() {
    let book = without_basic(Book::ja(), &["A-1", "A-5", "A-9", "A-13"]);
    let c = expect(&book, vec![file("C003", Warning, None)]);
    assert!(message_of(&c, "C003").contains("category A"));
}

#[test]
fn c003_fires_for_b_and_d() {
    let book = without_basic(Book::ja(), &["B-1", "D-1", "D-5"]);
    let c = expect(
        &book,
        vec![file("C003", Warning, None), file("C003", Warning, None)],
    );
    let messages: Vec<_> = c.of("C003").iter().map(|f| f.message_en.clone()).collect();
    assert!(
        messages.iter().any(|m| m.contains("category B")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("category D")),
        "{messages:?}"
    );
}

#[test]
fn c003_fires_when_the_category_rows_are_missing() {
    let book = Book::ja().remove_all("D-");
    let mut want: Vec<F> = (1..=7)
        .map(|n| file("X004", Warning, Some(&format!("D-{n}"))))
        .collect();
    want.push(file("C003", Warning, None));
    let c = expect(&book, want);
    assert!(message_of(&c, "C003").contains("category D"));
}

#[test]
fn c003_silent_when_the_category_has_one_basic() {
    expect_clean(&without_basic(Book::ja(), &["A-1", "A-5", "A-9"]));
}

#[test]
fn c003_silent_for_categories_other_than_a_b_d() {
    // C, E … need no Basic service.
    expect_clean(&without_basic(
        Book::ja(),
        &["C-1", "E-1", "E-5", "E-9", "H-1"],
    ));
}

// ---------------------------------------------------------------------------
// C004 — every row of a category is Unnecessary.

fn all_unnecessary(book: Book, keys: &[&str]) -> Book {
    keys.iter().fold(book, |b, k| b.unnecessary(k))
}

const E: [&str; 9] = [
    "E-1", "E-2", "E-3", "E-4", "E-5", "E-6", "E-7", "E-8", "E-9",
];

#[test]
fn c004_fires_when_every_row_of_a_category_is_unnecessary() {
    let book = all_unnecessary(Book::ja(), &E);
    let c = expect(&book, vec![file("C004", Info, None)]);
    assert!(message_of(&c, "C004").contains("category E"));
}

#[test]
fn c004_and_c003_for_category_a_all_unnecessary() {
    let keys: Vec<String> = (1..=13).map(|n| format!("A-{n}")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let book = all_unnecessary(Book::en(), &keys);
    // G-1 builds on A-8 (Annex A.7.1) and is selected: C005 too.
    expect(
        &book,
        vec![
            file("C004", Info, None),
            file("C003", Warning, None),
            on(&book, "C005", Info, "G-1", Col::Id, "G-1"),
        ],
    );
}

#[test]
fn c004_silent_when_one_row_of_the_category_is_selected() {
    expect_clean(&all_unnecessary(Book::ja(), &E[..8]));
}

#[test]
fn c004_silent_for_an_own_services_group() {
    // J is no X.1060 category: counted only in the overall figures.
    let book = Book::ja().push(Row::service(
        "J-1",
        "独自サービス",
        "不要",
        "",
        "N/A",
        "N/A",
    ));
    expect(&book, vec![on(&book, "X006", Info, "J-1", Col::Id, "J-1")]);
}

#[test]
fn c004_counts_an_own_service_in_its_category() {
    // E all Unnecessary but an own E-10 at Standard: not every row is.
    let book = all_unnecessary(Book::ja(), &E).insert_after(
        "E-9",
        Row::service(
            "E-10",
            "独自診断",
            "スタンダード",
            "インソース(SOC部)",
            2,
            3,
        ),
    );
    expect(
        &book,
        vec![on(&book, "X006", Info, "E-10", Col::Id, "E-10")],
    );
}

// ---------------------------------------------------------------------------
// P001 — a selected service with no assignment.

#[test]
fn p001_fires_for_a_selected_service_with_a_blank_assignment() {
    let book = Book::ja().assignment("A-2", blank());
    expect(
        &book,
        vec![on(&book, "P001", Error, "A-2", Col::Assignment, "A-2")],
    );
    let book = Book::en().assignment("A-1", "-");
    expect(
        &book,
        vec![on(&book, "P001", Error, "A-1", Col::Assignment, "A-1")],
    );
}

#[test]
fn p001_silent_for_unassigned() {
    // Unassigned is an assignment (P008 says so, as info).
    let book = Book::ja()
        .assignment("A-2", "未割り当て")
        .scores("A-2", 1, 3);
    expect(
        &book,
        vec![on(&book, "P008", Info, "A-2", Col::Assignment, "A-2")],
    );
}

#[test]
fn p001_silent_for_an_unnecessary_service() {
    let book = Book::ja().unnecessary("A-2").assignment("A-2", blank());
    expect_clean(&book);
}

// ---------------------------------------------------------------------------
// P002 — an assignment outside the four types.

#[test]
fn p002_fires_for_an_unknown_assignment() {
    let book = Book::ja().assignment("A-2", "自社対応");
    let c = expect(
        &book,
        vec![on(&book, "P002", Error, "A-2", Col::Assignment, "A-2")],
    );
    assert!(message_of(&c, "P002").contains("自社対応"));
}

#[test]
fn p002_fires_even_without_a_level() {
    let book = Book::en()
        .level("A-2", blank())
        .assignment("A-2", "Self-run (SOC)");
    expect(
        &book,
        vec![
            on(&book, "C001", Error, "A-2", Col::Level, "A-2"),
            on(&book, "P002", Error, "A-2", Col::Assignment, "A-2"),
        ],
    );
}

#[test]
fn p002_silent_for_accepted_spellings() {
    let book = Book::ja()
        .assignment("A-1", "内製(SOC部)")
        .assignment("A-2", "外部委託(A社)")
        .assignment("A-6", "委託（B社）")
        .assignment("A-3", "combined (SOC / Z-MSSP)")
        .assignment("A-7", "ｲﾝｿｰｽ(SOC部)")
        .assignment("A-10", "OUTSOURCE [A社]")
        .assignment("A-4", "未割当")
        .assignment("A-8", "unassignable")
        .scores("A-4", 1, 2)
        .scores("A-8", 1, 2);
    // Both read as Unassigned: P008 (info), never P002.
    expect(
        &book,
        vec![
            on(&book, "P008", Info, "A-4", Col::Assignment, "A-4"),
            on(&book, "P008", Info, "A-8", Col::Assignment, "A-8"),
        ],
    );
}

// ---------------------------------------------------------------------------
// P003 — Insourcing with no team.

#[test]
fn p003_fires_for_insourcing_without_a_team() {
    let book = Book::ja().assignment("A-1", "インソース");
    expect(
        &book,
        vec![on(&book, "P003", Warning, "A-1", Col::Assignment, "A-1")],
    );
    let book = Book::en().assignment("A-1", "Insourcing ()");
    expect(
        &book,
        vec![on(&book, "P003", Warning, "A-1", Col::Assignment, "A-1")],
    );
}

#[test]
fn p003_silent_with_the_team_in_brackets() {
    let book = Book::ja()
        .assignment("A-1", "インソース（セキュリティ・リスク管理室）")
        .assignment("A-5", "Insourcing (CSIRT)");
    expect_clean(&book);
}

#[test]
fn p003_with_a_party_column() {
    let book = Book::ja().party_column().party("A-1", blank());
    expect(
        &book,
        vec![on(&book, "P003", Warning, "A-1", Col::Assignment, "A-1")],
    );
    expect_clean(&Book::ja().party_column().party("A-1", "CSIRT"));
}

#[test]
fn p003_with_team_and_contractor_columns() {
    // Only a contractor for an insourced service: no responsible team.
    let book = Book::ja()
        .team_contractor()
        .team("A-1", blank())
        .contractor("A-1", "A社");
    expect(
        &book,
        vec![on(&book, "P003", Warning, "A-1", Col::Assignment, "A-1")],
    );
    expect_clean(&Book::ja().team_contractor().team("A-1", "CSIRT"));
}

// ---------------------------------------------------------------------------
// P004 — Outsourcing with no contractor.

#[test]
fn p004_fires_for_outsourcing_without_a_contractor() {
    let book = Book::ja().assignment("A-2", "アウトソース");
    expect(
        &book,
        vec![on(&book, "P004", Warning, "A-2", Col::Assignment, "A-2")],
    );
}

#[test]
fn p004_with_team_and_contractor_columns() {
    let book = Book::en()
        .team_contractor()
        .contractor("A-2", blank())
        .team("A-2", "SOC");
    expect(
        &book,
        vec![on(&book, "P004", Warning, "A-2", Col::Assignment, "A-2")],
    );
}

#[test]
fn p004_silent_with_a_contractor() {
    let book = Book::en().assignment("A-2", "Outsourcing (Z-MSSP)");
    expect_clean(&book);
    expect_clean(&Book::ja().party_column().party("A-2", "B社"));
    expect_clean(&Book::ja().team_contractor().contractor("A-2", "B社"));
}

// ---------------------------------------------------------------------------
// P005 — Combination without both parties.

#[test]
fn p005_fires_for_combination_with_one_party() {
    let book = Book::ja()
        .assignment("A-3", "併用(SOC部)")
        .assignment("A-7", "併用");
    expect(
        &book,
        vec![
            on(&book, "P005", Warning, "A-3", Col::Assignment, "A-3"),
            on(&book, "P005", Warning, "A-7", Col::Assignment, "A-7"),
        ],
    );
}

#[test]
fn p005_fires_for_a_name_with_a_nakaguro() {
    // ・ is part of a name, not a separator.
    let book = Book::ja().assignment("A-3", "併用(セキュリティ・リスク管理室)");
    expect(
        &book,
        vec![on(&book, "P005", Warning, "A-3", Col::Assignment, "A-3")],
    );
    let book = Book::ja()
        .party_column()
        .party("A-3", "セキュリティ・リスク管理室");
    expect(
        &book,
        vec![on(&book, "P005", Warning, "A-3", Col::Assignment, "A-3")],
    );
}

const SEPARATORS: [&str; 14] = [
    "/", "／", ",", "，", "、", ";", "；", "&", "＆", "+", "＋", "\n", "\r\n", " / ",
];

fn combination_rows() -> Vec<String> {
    // 14 services, none Basic-Unassigned conflicts: any assignment is fine
    // with these levels and scores.
    [
        "A-2", "A-3", "A-4", "A-6", "A-7", "A-8", "A-10", "A-11", "A-12", "B-2", "B-3", "B-4",
        "C-2", "C-3",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn p005_silent_for_every_party_separator_in_the_assignment_cell() {
    let keys = combination_rows();
    let mut book = Book::ja();
    for (k, sep) in keys.iter().zip(SEPARATORS) {
        book = book.assignment(k, format!("併用(SOC部{sep}A社)"));
    }
    expect_clean(&book);
}

#[test]
fn p005_silent_for_every_party_separator_in_a_party_column() {
    let keys = combination_rows();
    let mut book = Book::ja().party_column();
    for (k, sep) in keys.iter().zip(SEPARATORS) {
        book = book
            .assignment(k, "併用")
            .party(k, format!("SOC部{sep}A社"));
    }
    expect_clean(&book);
}

#[test]
fn p005_with_team_and_contractor_columns() {
    // Each column holds one party, unsplit: both written in the team column
    // is one party.
    let book = Book::ja()
        .team_contractor()
        .team("A-3", "SOC部／A社")
        .contractor("A-3", blank());
    expect(
        &book,
        vec![on(&book, "P005", Warning, "A-3", Col::Assignment, "A-3")],
    );
    // One in each: fine.
    expect_clean(
        &Book::ja()
            .team_contractor()
            .team("A-3", "CSIRT")
            .contractor("A-3", "B社"),
    );
}

// ---------------------------------------------------------------------------
// P006 — a Basic service is Unassigned.

#[test]
fn p006_fires_for_a_basic_unassigned_service() {
    let book = Book::ja()
        .assignment("A-1", "未割り当て")
        .scores("A-1", 1, 3);
    expect(
        &book,
        vec![on(&book, "P006", Warning, "A-1", Col::Assignment, "A-1")],
    );
}

#[test]
fn p006_silent_for_a_standard_unassigned_service() {
    // Standard: P008 (info), not P006.
    let book = Book::ja()
        .assignment("A-2", "未割り当て")
        .scores("A-2", 1, 3);
    expect(
        &book,
        vec![on(&book, "P008", Info, "A-2", Col::Assignment, "A-2")],
    );
}

// ---------------------------------------------------------------------------
// P007 — an Unnecessary service is assigned.

#[test]
fn p007_fires_for_an_unnecessary_service_that_is_assigned() {
    let book = Book::ja()
        .unnecessary("E-3")
        .assignment("E-3", "インソース(SOC部)")
        .unnecessary("E-4")
        .assignment("E-4", "併用(SOC部/A社)");
    expect(
        &book,
        vec![
            on(&book, "P007", Info, "E-3", Col::Assignment, "E-3"),
            on(&book, "P007", Info, "E-4", Col::Assignment, "E-4"),
        ],
    );
}

#[test]
fn p007_fires_for_an_unnecessary_service_that_is_unassigned() {
    // RULES.md v2: Unassigned is for a service that *should* exist (Table 2).
    let book = Book::ja()
        .unnecessary("E-3")
        .assignment("E-3", "未割り当て");
    let c = expect(
        &book,
        vec![on(&book, "P007", Info, "E-3", Col::Assignment, "E-3")],
    );
    let en = message_of(&c, "P007");
    assert!(en.contains("leave it blank"), "{en}");
    assert!(!en.contains("set it to Unassigned"), "{en}");
}

#[test]
fn p007_silent_for_an_unnecessary_service_with_no_assignment() {
    expect_clean(&Book::ja().unnecessary("E-3"));
    expect_clean(&Book::en().unnecessary("E-3"));
    expect_clean(&Book::en().unnecessary("E-3").assignment("E-3", "-"));
}

#[test]
fn p007_silent_for_an_invalid_assignment_which_is_p002() {
    let book = Book::ja().unnecessary("E-3").assignment("E-3", "検討中");
    expect(
        &book,
        vec![on(&book, "P002", Error, "E-3", Col::Assignment, "E-3")],
    );
}

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
    // `grep -r S005 tests` finds each rule's tests: keep it so.
    let src = [include_str!("rules.rs"), include_str!("rules_v2.rs")]
        .concat()
        .to_lowercase();
    for rule in x1060::rules::all() {
        let id = rule.id.to_lowercase();
        assert!(
            src.contains(&format!("fn {id}_")),
            "no test named after {}",
            rule.id
        );
    }
}
