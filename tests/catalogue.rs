//! The embedded X.1060 service list: counts, order, names, vocabulary.

use x1060::catalogue::{Assignment, Level, Phase, catalogue, tables, vocabulary};

#[test]
fn sixty_four_services_in_nine_categories_with_the_standard_counts() {
    let c = catalogue();
    assert_eq!(c.categories.len(), 9);
    assert_eq!(c.services.len(), 64);
    let counts: Vec<usize> = c
        .categories
        .iter()
        .map(|cat| {
            c.services
                .iter()
                .filter(|s| s.category() == cat.letter())
                .count()
        })
        .collect();
    assert_eq!(counts, [13, 4, 4, 7, 9, 5, 13, 2, 7]);
}

#[test]
fn services_are_in_x1060_id_order() {
    let ids: Vec<String> = catalogue().services.iter().map(|s| s.id.clone()).collect();
    let mut expected = Vec::new();
    for (letter, n) in "ABCDEFGHI".chars().zip([13, 4, 4, 7, 9, 5, 13, 2, 7]) {
        for i in 1..=n {
            expected.push(format!("{letter}-{i}"));
        }
    }
    assert_eq!(ids, expected);
}

#[test]
fn every_service_has_names_and_descriptions_in_both_languages() {
    for s in &catalogue().services {
        for text in [&s.name_ja, &s.name_en, &s.description_ja, &s.description_en] {
            assert!(!text.trim().is_empty(), "{} lacks a text", s.id);
        }
    }
}

#[test]
fn names_match_in_every_accepted_spelling() {
    let c = catalogue();
    assert_eq!(c.service_by_name("ｾｷｭﾘﾃｨｱｰｷﾃｸﾁｬ設計").unwrap().id, "A-8");
    assert_eq!(c.service_by_name("CDC システム運用").unwrap().id, "G-11");
    assert_eq!(
        c.service_by_name("Handling enquiry on report").unwrap().id,
        "B-4"
    );
    assert_eq!(
        c.service_by_name("Real time asset monitoring").unwrap().id,
        "B-1"
    );
    assert_eq!(
        c.service_by_name("incident response and containment")
            .unwrap()
            .id,
        "D-4"
    );
    assert!(c.service_by_name("Threat hunting").is_none());
}

#[test]
fn categories_serve_the_faq9_phases() {
    let phase = |l| catalogue().category(l).unwrap().phase;
    assert_eq!(phase('A'), Phase::Strategic);
    assert_eq!(
        (phase('B'), phase('C')),
        (Phase::Operation, Phase::Operation)
    );
    assert_eq!((phase('D'), phase('H')), (Phase::Response, Phase::Response));
    for l in ['E', 'F', 'G', 'I'] {
        assert_eq!(phase(l), Phase::Support);
    }
}

#[test]
fn vocabulary_holds_every_rules_md_spelling() {
    let v = vocabulary();
    for (w, l) in [
        ("不要", Level::Unnecessary),
        ("ベーシック", Level::Basic),
        ("スタンダード", Level::Standard),
        ("アドバンスド", Level::Advanced),
        ("アドバンスト", Level::Advanced),
        ("オプション", Level::Optional),
        ("basic", Level::Basic),
    ] {
        assert_eq!(v.level(&x1060::text::fold(w)), Some(l), "{w}");
    }
    for (w, a) in [
        ("インソース", Assignment::Insourcing),
        ("内製", Assignment::Insourcing),
        ("アウトソース", Assignment::Outsourcing),
        ("外部委託", Assignment::Outsourcing),
        ("委託", Assignment::Outsourcing),
        ("併用", Assignment::Combination),
        ("combined", Assignment::Combination),
        ("未割り当て", Assignment::Unassigned),
        ("未割当", Assignment::Unassigned),
        ("未割当て", Assignment::Unassigned),
        ("unassignable", Assignment::Unassigned),
    ] {
        assert_eq!(v.assignment(&x1060::text::fold(w)), Some(a), "{w}");
    }
    for w in ["N/A", "NA", "評価対象外", "評価外", "対象外", "適用外"] {
        assert!(v.not_applicable.contains(&x1060::text::fold(w)), "{w}");
    }
}

#[test]
fn the_standard_tables_are_complete() {
    let t = tables();
    assert_eq!(t.table1.len(), 5);
    assert_eq!(t.table2.len(), 4);
    assert!(
        t.table3
            .iter()
            .filter(|r| (1..=5).contains(&r.score))
            .count()
            == 5
    );
    assert!(t.edition_note_en.contains("CDC/CSC"));
}
