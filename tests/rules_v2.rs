//! The rules RULES.md v2 added or changed (X009, X010, X007 as an error for a
//! near-miss, C005, P008) and its Fine points, each firing and staying
//! silent on the clean 64-service portfolio of `support::Book` with one
//! change: the findings asserted are the *only* findings.
//!
//! X009 and X010 come from what the reader records (`Portfolio::score_pairs`,
//! `Parsed::near_miss`); these tests read a real workbook and then set those
//! fields the way the reader does, so they test the rules alone.

mod rule_check;
mod support;

use support::{Book, Col, blank};
use x1060::model::{NearMiss, Parsed, Portfolio, ScorePairs};
use x1060::rules::Severity::{self, Error, Info, Warning};

/// `(rule, severity, cell, service)`, sorted: what a test asserts.
type F = (String, Severity, Option<String>, Option<String>);

fn on(book: &Book, rule: &str, sev: Severity, key: &str, col: Col, service: &str) -> F {
    (
        rule.into(),
        sev,
        Some(book.cell(key, col)),
        Some(service.into()),
    )
}

fn file(rule: &str, sev: Severity, service: Option<&str>) -> F {
    (rule.into(), sev, None, service.map(str::to_string))
}

fn reduce(findings: &[x1060::rules::Finding]) -> Vec<F> {
    let mut got: Vec<F> = findings
        .iter()
        .map(|f| (f.rule.into(), f.severity, f.cell.clone(), f.service.clone()))
        .collect();
    got.sort();
    got
}

#[track_caller]
fn expect(book: &Book, mut want: Vec<F>) -> support::Checked {
    let c = book.check();
    want.sort();
    assert_eq!(reduce(c.findings()), want, "findings:\n{}", c.summary());
    c
}

/// The book read into a portfolio and its parsed rows, for the tests that set
/// what the reader records.
fn read(book: &Book) -> (Portfolio, Vec<Parsed>) {
    let saved = book.save();
    let wb = x1060::read::read_workbook(&saved.path, &Default::default()).expect("readable");
    let p = x1060::read::find_portfolio(&wb, None).expect("a portfolio");
    let parsed = p.parse();
    (p, parsed)
}

/// The index of the service row whose name is `name`.
fn row_named(p: &Portfolio, name: &str) -> usize {
    p.services
        .iter()
        .position(|s| s.name.as_deref() == Some(name))
        .expect("the row")
}

// ---------------------------------------------------------------------------
// X009 — several As-Is / To-Be pairs.

fn with_pairs(p: &mut Portfolio) {
    p.score_pairs = Some(ScorePairs {
        read: "2024年度 現状 / 2024年度 あるべき姿".into(),
        kept: vec!["2023年度 現状 / 2023年度 あるべき姿".into()],
        sheet: p.sheet.clone(),
        at: (2, 4),
    });
}

#[test]
fn x009_fires_once_naming_the_pair_read_and_the_pair_kept() {
    let (mut p, parsed) = read(&Book::ja());
    with_pairs(&mut p);
    let findings = x1060::rules::check(&p, &parsed);
    assert_eq!(
        reduce(&findings),
        vec![("X009".into(), Info, Some("E3".into()), None)]
    );
    let f = &findings[0];
    assert_eq!(f.sheet.as_deref(), Some("ポートフォリオ"));
    let en = &f.message_en;
    assert!(en.contains("2 As-Is/To-Be pairs"), "{en}");
    assert!(
        en.contains("read \"2024年度 現状 / 2024年度 あるべき姿\""),
        "{en}"
    );
    assert!(en.contains("2023年度 現状"), "{en}");
    assert!(f.message_ja.contains("2 組"), "{}", f.message_ja);
}

#[test]
fn x009_silent_with_one_pair() {
    let (p, parsed) = read(&Book::ja());
    assert!(p.score_pairs.is_none());
    assert!(x1060::rules::check(&p, &parsed).is_empty());
}

// ---------------------------------------------------------------------------
// X010 — a name with no ID read as the nearest X.1060 name; X007 as an error
// when another row holds that service.

/// The clean book with A-2's ID blanked and its name misspelt.
fn misspelt() -> Book {
    Book::ja()
        .id("A-2", blank())
        .name("A-2", "リスクアセスメソト")
}

#[test]
fn x010_fires_when_a_near_miss_is_read_as_the_service() {
    let book = misspelt();
    let (p, mut parsed) = read(&book);
    let i = row_named(&p, "リスクアセスメソト");
    parsed[i].id = Some("A-2".into());
    parsed[i].category = Some('A');
    parsed[i].near_miss = Some(NearMiss::ReadAs("A-2".into()));
    let findings = x1060::rules::check(&p, &parsed);
    assert_eq!(
        reduce(&findings),
        vec![on(&book, "X010", Warning, "A-2", Col::Id, "A-2")]
    );
    let en = &findings[0].message_en;
    assert!(
        en.contains("リスクアセスメソト") && en.contains("A-2 Risk assessment"),
        "{en}"
    );
    assert!(findings[0].message_ja.contains("A-2 リスクアセスメント"));
}

#[test]
fn x010_silent_for_an_exact_name_which_is_x007_info() {
    let book = Book::ja().id("A-2", blank());
    expect(&book, vec![on(&book, "X007", Info, "A-2", Col::Id, "A-2")]);
}

#[test]
fn x007_error_when_the_near_miss_service_is_held_by_another_row() {
    // A second A-2 row under the misspelt one: the near-miss yields to it.
    let mut twin = support::Row::service(
        "A-2",
        "リスクアセスメント",
        "スタンダード",
        "インソース(SOC部)",
        2,
        3,
    );
    twin.key = "twin".into();
    let book = misspelt().push(twin);
    let (p, mut parsed) = read(&book);
    let i = row_named(&p, "リスクアセスメソト");
    assert_eq!(parsed[i].id, None);
    parsed[i].near_miss = Some(NearMiss::Taken("A-2".into()));
    let findings = x1060::rules::check(&p, &parsed);
    let mut want = on(&book, "X007", Error, "A-2", Col::Id, "-");
    want.3 = None;
    assert_eq!(reduce(&findings), vec![want]);
    let f = findings.iter().find(|f| f.severity == Error).unwrap();
    assert!(
        f.message_en.contains("another row already holds"),
        "{}",
        f.message_en
    );
}

#[test]
fn x008_on_a_near_miss_row_names_the_near_service() {
    // The peer names the near service on X008 even when the row yields it.
    let book = misspelt().set("A-2", Col::AsIs, support::formula("1+1"));
    let (p, mut parsed) = read(&book);
    let i = row_named(&p, "リスクアセスメソト");
    // As the model says of a taken near-miss: no ID of its own.
    parsed[i].near_miss = Some(NearMiss::Taken("A-1".into()));
    parsed[i].id = None;
    parsed[i].category = None;
    let findings = x1060::rules::check(&p, &parsed);
    let x008: Vec<_> = findings.iter().filter(|f| f.rule == "X008").collect();
    assert_eq!(x008.len(), 1);
    assert_eq!(x008[0].service.as_deref(), Some("A-1"));
}

// ---------------------------------------------------------------------------
// C005 — a selected service on an Unnecessary prerequisite.

#[test]
fn c005_fires_for_every_selected_service_built_on_an_unnecessary_one() {
    // A-1 Unnecessary: A-2 … A-13 are selected and build on it (A.1.1).
    let book = Book::ja().unnecessary("A-1");
    let want = (2..=13)
        .map(|n| {
            let id = format!("A-{n}");
            on(&book, "C005", Info, &id, Col::Id, &id)
        })
        .collect();
    let c = expect(&book, want);
    let f = c.on("C005", "A-4");
    assert!(
        f[0].message_en.contains("A-1 Risk management"),
        "{}",
        f[0].message_en
    );
}

#[test]
fn c005_one_finding_naming_both_prerequisites_of_a_10() {
    // A-10 builds on; A-9 builds on A-1 too.
    let book = Book::en().unnecessary("A-1").unnecessary("A-9");
    let mut want: Vec<F> = (2..=13)
        .filter(|&n| n != 9)
        .map(|n| {
            let id = format!("A-{n}");
            on(&book, "C005", Info, &id, Col::Id, &id)
        })
        .collect();
    want.sort();
    let c = expect(&book, want);
    let m = &c.on("C005", "A-10")[0].message_en;
    assert!(
        m.contains("A-1 Risk management and A-9 Triage criteria management"),
        "{m}"
    );
}

#[test]
fn c005_fires_for_g_1_on_a_8_and_an_advanced_operation() {
    let book = Book::ja().unnecessary("A-8").unnecessary("G-9");
    expect(
        &book,
        vec![
            on(&book, "C005", Info, "G-1", Col::Id, "G-1"),
            on(&book, "C005", Info, "G-10", Col::Id, "G-10"),
        ],
    );
}

#[test]
fn c005_silent_when_the_dependent_is_unnecessary_too() {
    let book = Book::ja().unnecessary("G-9").unnecessary("G-10");
    expect(&book, vec![]);
}

#[test]
fn c005_silent_when_the_prerequisite_has_no_row_or_no_valid_level() {
    // Fine points: a missing, blank or invalid prerequisite gives none.
    let book = Book::ja().remove("D-2");
    expect(&book, vec![file("X004", Warning, Some("D-2"))]);
    let book = Book::ja().level("D-2", blank());
    expect(
        &book,
        vec![on(&book, "C001", Error, "D-2", Col::Level, "D-2")],
    );
    let book = Book::ja().level("D-2", "検討中");
    expect(
        &book,
        vec![on(&book, "C002", Error, "D-2", Col::Level, "D-2")],
    );
}

#[test]
fn c005_silent_when_the_dependent_has_no_valid_level() {
    let book = Book::ja().unnecessary("G-2").level("G-3", blank());
    expect(
        &book,
        vec![on(&book, "C001", Error, "G-3", Col::Level, "G-3")],
    );
}

#[test]
fn c005_silent_without_a_level_column() {
    let book = Book::ja().unnecessary("A-1").without(Col::Level);
    let c = book.check();
    assert!(c.of("C005").is_empty(), "{}", c.summary());
    assert_eq!(c.of("X002").len(), 1);
}

// ---------------------------------------------------------------------------
// P008 — a selected service other than Basic is Unassigned.

#[test]
fn p008_fires_for_standard_advanced_and_optional_unassigned() {
    // Levels in a category cycle Basic, Standard, Advanced, Optional.
    let mut book = Book::ja();
    for key in ["B-2", "B-3", "B-4"] {
        book = book.assignment(key, "未割り当て").scores(key, 1, 2);
    }
    expect(
        &book,
        ["B-2", "B-3", "B-4"]
            .iter()
            .map(|k| on(&book, "P008", Info, k, Col::Assignment, k))
            .collect(),
    );
}

#[test]
fn p008_silent_for_basic_which_is_p006() {
    let book = Book::en()
        .assignment("B-1", "Unassigned")
        .scores("B-1", 1, 2);
    expect(
        &book,
        vec![on(&book, "P006", Warning, "B-1", Col::Assignment, "B-1")],
    );
}

#[test]
fn p008_silent_without_a_level_or_at_unnecessary() {
    // No level: C001 only (P008 needs a selected service).
    let book = Book::ja()
        .level("B-2", blank())
        .assignment("B-2", "未割り当て")
        .scores("B-2", 1, 2);
    expect(
        &book,
        vec![on(&book, "C001", Error, "B-2", Col::Level, "B-2")],
    );
    // Unnecessary: P007, not P008.
    let book = Book::ja()
        .unnecessary("E-2")
        .assignment("E-2", "未割り当て");
    expect(
        &book,
        vec![on(&book, "P007", Info, "E-2", Col::Assignment, "E-2")],
    );
}

// ---------------------------------------------------------------------------
// Sources in the output's language; the revised messages.

#[test]
fn a_finding_shows_its_source_in_the_language_asked() {
    use x1060::catalogue::Lang;
    let c = Book::ja().as_is("A-2", "高").check();
    let f = c.of("S001")[0];
    assert_eq!(f.source_in(Lang::En), "§9.4 Table 3");
    assert_eq!(f.source_in(Lang::Ja), "9.4節 表3");
    let c = Book::ja().unnecessary("A-1").check();
    assert_eq!(c.of("C005")[0].source_in(Lang::Ja), "附属書A");
}

#[test]
fn s007_message_follows_table_3() {
    let c = Book::ja().as_is("A-1", "N/A").check();
    let f = c.of("S007")[0];
    assert!(
        f.message_en.contains("in the assigned form"),
        "{}",
        f.message_en
    );
    assert!(
        !f.message_en.contains("must be implemented"),
        "{}",
        f.message_en
    );
    assert!(f.message_ja.contains("適用外"), "{}", f.message_ja);
    assert!(!f.message_ja.contains("評価対象外"), "{}", f.message_ja);
}

#[test]
fn s005_message_allows_a_deliberate_lower_target() {
    let c = Book::ja().scores("A-2", 3, 2).check();
    let m = &c.of("S005")[0].message_en;
    assert!(m.contains("if deliberate"), "{m}");
}

#[test]
fn p003_english_message_has_an_english_example() {
    let c = Book::en().assignment("A-1", "Insourcing").check();
    let m = &c.of("P003")[0].message_en;
    assert!(m.is_ascii(), "{m}");
}

#[test]
fn c003_message_cites_no_section_10() {
    let c = Book::ja().level("B-1", "スタンダード").check();
    let f = c.of("C003")[0];
    assert!(!f.message_en.contains("§10") && !f.message_ja.contains("10節"));
    assert!(f.message_ja.contains("カテゴリー B"), "{}", f.message_ja);
}

#[test]
fn japanese_messages_hold_no_english_word() {
    // One workbook firing most rules; X009 and X010 set as the reader does.
    let book = Book::ja()
        .as_is("A-2", "高")
        .to_be("A-3", 6)
        .level("A-4", blank())
        .level("A-6", "検討中")
        .assignment("A-7", "検討中")
        .assignment("A-8", "インソース")
        .assignment("B-2", "アウトソース")
        .assignment("B-3", "併用(SOC部)")
        .assignment("B-1", "未割り当て")
        .assignment("B-4", "未割り当て")
        .scores("B-4", 3, 4)
        .scores("C-2", 4, 2)
        .as_is("D-1", "N/A")
        .unnecessary("D-2")
        .assignment("D-2", "未割り当て")
        .as_is("D-2", 2)
        .name("E-1", "資産棚卸")
        .id("E-3", blank())
        .id("E-4", "J-1")
        .set("E-5", Col::ToBe, support::formula("1+1"))
        .remove("E-6")
        .level("B-1", "スタンダード")
        .id("I-2", blank())
        .name("I-2", "謎のサービス")
        .id("I-3", blank())
        .name("I-3", "認証")
        .assignment("F-1", blank())
        .as_is("F-2", blank())
        .assignment("C-1", "未割り当て")
        .as_is("C-1", 1)
        .unnecessary("H-1")
        .unnecessary("H-2");
    let (mut p, mut parsed) = read(&book);
    with_pairs(&mut p);
    let i = row_named(&p, "謎のサービス");
    parsed[i].id = Some("I-2".into());
    parsed[i].category = Some('I');
    parsed[i].near_miss = Some(NearMiss::ReadAs("I-2".into()));
    let findings = x1060::rules::check(&p, &parsed);
    let rules: std::collections::BTreeSet<&str> = findings.iter().map(|f| f.rule).collect();
    // Every rule but X001 and X002 (the test below and the one after).
    assert_eq!(rules.len(), 29, "{rules:?}");
    for f in &findings {
        let words = rule_check::english_words(&f.message_ja);
        assert!(words.is_empty(), "{} {}: {words:?}", f.rule, f.message_ja);
        for banned in ["成熟度", "評価対象外", "規則", "重要度"] {
            assert!(
                !f.message_ja.contains(banned),
                "{} {}",
                f.rule,
                f.message_ja
            );
        }
    }
    let none = x1060::rules::no_portfolio(&x1060::read::NoPortfolio {
        en: "no portfolio".into(),
        ja: "ポートフォリオがありません".into(),
    });
    assert!(rule_check::english_words(&none.message_ja).is_empty());
}

#[test]
fn x002_message_in_japanese_names_the_column() {
    let c = Book::ja().without(Col::Level).check();
    let f = c.of("X002")[0];
    assert!(f.message_ja.contains("推奨レベル"), "{}", f.message_ja);
    assert!(
        rule_check::english_words(&f.message_ja).is_empty(),
        "{}",
        f.message_ja
    );
}

#[test]
fn x003_a_duplicate_row_keeps_its_own_findings() {
    // Fine points: duplicate rows are checked like any other row.
    let book = Book::ja()
        .duplicate("A-2")
        .as_is("A-2#2", "高")
        .scores("A-2", 3, 2);
    expect(
        &book,
        vec![
            on(&book, "X003", Error, "A-2#2", Col::Id, "A-2"),
            on(&book, "S001", Error, "A-2#2", Col::AsIs, "A-2"),
            on(&book, "S005", Warning, "A-2", Col::ToBe, "A-2"),
        ],
    );
}
