//! Every C and P rule of RULES.md on real `.xlsx` workbooks, in the manner of
//! `tests/rules.rs`: each fires and stays silent on the clean portfolio with
//! one change, and the findings asserted are the only findings.

mod rule_check;
mod support;

use rule_check::{F, expect, expect_clean, file, message_of, on};
use support::{Book, Col, Row, blank};
use x1060::rules::Severity::{Error, Info, Warning};

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
