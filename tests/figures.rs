//! The figures of RULES.md → What is computed, checked against values worked
//! out BY HAND from RULES.md (the arithmetic is in the comments), never
//! against the code's own earlier output.

mod common;

use x1060::analysis::{Cycle, Figures, LongReason, Stats, figures};
use x1060::catalogue::{Assignment, Level, Phase};
use x1060::model::{Portfolio, Service, Value};

/// One row: ID, level, assignment (party in brackets), As-Is, To-Be.
/// Scores are numbers; "N/A" and "" are written as text / left blank.
fn row(id: &str, level: &str, assign: &str, as_is: &str, to_be: &str) -> Service {
    let cell = |t: &str| match t {
        "" => Value::Empty,
        t => match t.parse::<f64>() {
            Ok(n) => Value::Number(n),
            Err(_) => Value::Text(t.into()),
        },
    };
    Service {
        id: Some(id.into()),
        name: Some(format!("service {id}")),
        level: cell(level),
        assignment: cell(assign),
        as_is: cell(as_is),
        to_be: cell(to_be),
        ..Service::default()
    }
}

fn portfolio(rows: Vec<Service>) -> Portfolio {
    Portfolio {
        sheet: "Portfolio".into(),
        services: rows,
        assessment_date: Some("2025-04-01".into()),
        ..Portfolio::default()
    }
}

fn fig(p: &Portfolio) -> Figures {
    figures(p, &p.parse())
}

fn close(a: Option<f64>, b: f64, what: &str) {
    let a = a.unwrap_or_else(|| panic!("{what}: no value, expected {b}"));
    assert!((a - b).abs() < 1e-9, "{what}: {a} != {b}");
}

/// Asserts listed, selected, scored, ΣAs-Is, ΣTo-Be and the four means.
fn assert_stats(s: &Stats, what: &str, counts: [u32; 3], sums: (u32, u32)) {
    assert_eq!(
        [s.listed, s.selected, s.scored],
        counts,
        "{what}: listed, selected, scored"
    );
    assert_eq!((s.sum_as_is, s.sum_to_be), sums, "{what}: ΣAs-Is, ΣTo-Be");
    let n = counts[2] as f64;
    let (a, t) = (sums.0 as f64, sums.1 as f64);
    if counts[2] == 0 {
        assert_eq!(
            (s.mean_as_is, s.mean_to_be, s.mean_gap, s.achievement),
            (None, None, None, None),
            "{what}: no scored service, no means"
        );
        return;
    }
    close(s.mean_as_is, a / n, &format!("{what} mean As-Is"));
    close(s.mean_to_be, t / n, &format!("{what} mean To-Be"));
    close(s.mean_gap, (t - a) / n, &format!("{what} mean gap"));
    close(s.achievement, a / t, &format!("{what} achievement"));
}

/// The worked example. Party in brackets; "SOC" is the own team, "MSSP"
/// the contractor.
///
/// | ID   | level       | assignment        | As-Is | To-Be | scored? gap |
/// |------|-------------|-------------------|-------|-------|-------------|
/// | A-1  | Basic       | Insourcing(SOC)   | 2 | 4   | yes, 2 |
/// | A-2  | Standard    | Outsourcing(MSSP) | 3 | 4   | yes, 1 |
/// | A-3  | Basic       | Outsourcing(MSSP) | 2 | 3   | yes, 1 |
/// | A-10 | Basic       | Insourcing(SOC)   | 1 | 2   | yes, 1 |
/// | A-14 | Standard    | Insourcing(SOC)   | 2 | 3   | yes, 1 (own service, letter A) |
/// | B-1  | Basic       | Combination(SOC/MSSP) | 1 | 3 | yes, 2 |
/// | B-2  | Basic       | Insourcing(SOC)   | 4 | 5   | yes, 1 |
/// | C-1  | Advanced    | Unassigned        | 1 | 2   | yes, 1 |
/// | C-2  | Standard    | Insourcing(SOC)   | 3 | N/A | no |
/// | C-3  | Unnecessary | (blank)           | 3 | 5   | no (Unnecessary) |
/// | D-1  | Basic       | Insourcing (no party) | 2 | 3 | yes, 1 |
/// | E-1  | Optional    | Insourcing(SOC)   | 5 | 3   | yes, −2 |
/// | F-1  | Basic       | Insourcing(SOC)   | 3 | 4   | yes, 1 |
/// | G-1  | Basic       | Outsourcing(MSSP) | 3 | 4   | yes, 1 |
/// | H-1  | Optional    | Combination(SOC/MSSP) | (blank) | 4 | no |
/// | I-1  | (blank)     | Insourcing(SOC)   | 2 | 3   | yes, 1 (not selected) |
/// | X-1  | Basic       | Outsourcing(MSSP) | 1 | 5   | yes, 4 (own group) |
fn worked_example() -> Portfolio {
    portfolio(vec![
        row("A-1", "ベーシック", "インソース(SOC)", "2", "4"),
        row("A-2", "スタンダード", "アウトソース(MSSP)", "3", "4"),
        row("A-3", "Basic", "Outsourcing (MSSP)", "2", "3"),
        row("A-10", "basic", "インソース(SOC)", "1", "2"),
        row("A-14", "Standard", "インソース(SOC)", "2", "3"),
        row("B-1", "ベーシック", "併用(SOC/MSSP)", "1", "3"),
        row("B-2", "ベーシック", "インソース(SOC)", "4", "5"),
        row("C-1", "アドバンスド", "未割り当て", "1", "2"),
        row("C-2", "スタンダード", "インソース(SOC)", "3", "N/A"),
        row("C-3", "不要", "", "3", "5"),
        row("D-1", "ベーシック", "インソース", "2", "3"),
        row("E-1", "オプション", "インソース(SOC)", "5", "3"),
        row("F-1", "ベーシック", "インソース(SOC)", "3", "4"),
        row("G-1", "ベーシック", "アウトソース(MSSP)", "3", "4"),
        row("H-1", "オプション", "併用(SOC/MSSP)", "", "4"),
        row("I-1", "", "インソース(SOC)", "2", "3"),
        row("X-1", "ベーシック", "アウトソース(MSSP)", "1", "5"),
    ])
}

#[test]
fn overall_counts_and_means_are_over_scored_services_only() {
    let f = fig(&worked_example());
    // listed: 17 rows. selected: all but C-3 (Unnecessary) and I-1 (blank) = 15.
    // scored: all but C-2 (N/A), C-3 (Unnecessary), H-1 (blank As-Is) = 14.
    // ΣAs-Is = 2+3+2+1+2+1+4+1+2+5+3+3+2+1 = 32
    // ΣTo-Be = 4+4+3+2+3+3+5+2+3+3+4+4+3+5 = 48
    assert_stats(&f.overall, "overall", [17, 15, 14], (32, 48));
    // mean As-Is 32/14 = 2.2857…, mean To-Be 48/14 = 3.4285…,
    // mean gap 16/14 = 1.1428…, achievement 32/48 = 0.6666…
    close(f.overall.mean_as_is, 2.285_714_285_714_286, "mean As-Is");
    close(f.overall.mean_to_be, 3.428_571_428_571_429, "mean To-Be");
    close(f.overall.mean_gap, 1.142_857_142_857_143, "mean gap");
    close(f.overall.achievement, 2.0 / 3.0, "achievement");
    // Levels: Basic A-1 A-3 A-10 B-1 B-2 D-1 F-1 G-1 X-1 = 9; Standard A-2
    // A-14 C-2 = 3; Advanced C-1; Optional E-1 H-1; Unnecessary C-3.
    let l = &f.overall.levels;
    assert_eq!(
        [l.basic, l.standard, l.advanced, l.optional, l.unnecessary],
        [9, 3, 1, 2, 1]
    );
    // Assignments: Insourcing A-1 A-10 A-14 B-2 C-2 D-1 E-1 F-1 I-1 = 9;
    // Outsourcing A-2 A-3 G-1 X-1 = 4; Combination B-1 H-1; Unassigned C-1.
    let a = &f.overall.assignments;
    assert_eq!(
        [a.insourcing, a.outsourcing, a.combination, a.unassigned],
        [9, 4, 2, 1]
    );
    assert_eq!(f.assessment_date.as_deref(), Some("2025-04-01"));
}

#[test]
fn per_category_own_services_with_a_letter_count_in_it() {
    let f = fig(&worked_example());
    let cat = |c: char| &f.category(c).unwrap().stats;
    // A: A-1 A-2 A-3 A-10 A-14 (own, letter A): ΣAs 2+3+2+1+2 = 10,
    // ΣTo 4+4+3+2+3 = 16 → means 2.0, 3.2, gap 1.2, achievement 0.625.
    assert_stats(cat('A'), "A", [5, 5, 5], (10, 16));
    close(cat('A').mean_to_be, 3.2, "A mean To-Be");
    close(cat('A').achievement, 0.625, "A achievement");
    assert_eq!(cat('A').levels.basic, 3);
    assert_eq!(cat('A').levels.standard, 2);
    // B: 1+4 = 5 over 3+5 = 8.
    assert_stats(cat('B'), "B", [2, 2, 2], (5, 8));
    // C: listed C-1 C-2 C-3; selected C-1 C-2; scored C-1 only (C-2's To-Be
    // is N/A, C-3 is Unnecessary): 1 over 2 → achievement 0.5, not the
    // (1+3)/2 = 2.0 a one-sided sum would give.
    assert_stats(cat('C'), "C", [3, 2, 1], (1, 2));
    close(cat('C').achievement, 0.5, "C achievement");
    assert_stats(cat('D'), "D", [1, 1, 1], (2, 3));
    // E: a negative gap: mean gap 3 − 5 = −2, achievement 5/3.
    assert_stats(cat('E'), "E", [1, 1, 1], (5, 3));
    close(cat('E').mean_gap, -2.0, "E mean gap");
    assert_stats(cat('F'), "F", [1, 1, 1], (3, 4));
    assert_stats(cat('G'), "G", [1, 1, 1], (3, 4));
    // H: H-1 has no As-Is: listed and selected, not scored, no means.
    assert_stats(cat('H'), "H", [1, 1, 0], (0, 0));
    // I: I-1 has no level: not selected, but scored.
    assert_stats(cat('I'), "I", [1, 0, 1], (2, 3));
    // Own group (letter X): only X-1, 1 over 5 → achievement 0.2.
    assert_stats(&f.own, "own", [1, 1, 1], (1, 5));
    close(f.own.achievement, 0.2, "own achievement");
    // 5+2+1+1+1+1+1+0+1 in A–I, +1 own = 14 = overall scored.
    let sum: u32 = f.categories.iter().map(|c| c.stats.scored).sum();
    assert_eq!(sum + f.own.scored, f.overall.scored);
}

#[test]
fn per_assignment_type() {
    let f = fig(&worked_example());
    let of = |a: Assignment| &f.assignment(a).unwrap().stats;
    // Insourcing: listed 9; selected 8 (I-1 has no level); scored 8 (C-2 N/A):
    // A-1 2/4, A-10 1/2, A-14 2/3, B-2 4/5, D-1 2/3, E-1 5/3, F-1 3/4, I-1 2/3
    // ΣAs = 2+1+2+4+2+5+3+2 = 21, ΣTo = 4+2+3+5+3+3+4+3 = 27
    // → means 2.625, 3.375, gap 0.75, achievement 21/27 = 0.777…
    assert_stats(
        of(Assignment::Insourcing),
        "Insourcing",
        [9, 8, 8],
        (21, 27),
    );
    close(of(Assignment::Insourcing).mean_gap, 0.75, "Insourcing gap");
    // Outsourcing: A-2 3/4, A-3 2/3, G-1 3/4, X-1 1/5 (own services of any
    // letter count here): ΣAs 9, ΣTo 16 → 2.25, 4.0, gap 1.75, 0.5625.
    assert_stats(
        of(Assignment::Outsourcing),
        "Outsourcing",
        [4, 4, 4],
        (9, 16),
    );
    close(
        of(Assignment::Outsourcing).achievement,
        0.5625,
        "Outsourcing",
    );
    // Combination: B-1 1/3 scored, H-1 not → 1.0, 3.0, gap 2, 1/3.
    assert_stats(
        of(Assignment::Combination),
        "Combination",
        [2, 2, 1],
        (1, 3),
    );
    // Unassigned has no row of its own (C-1 counts only overall).
    assert!(f.assignment(Assignment::Unassigned).is_none());
    assert_eq!(
        f.assignments
            .iter()
            .map(|a| a.assignment)
            .collect::<Vec<_>>(),
        [
            Assignment::Insourcing,
            Assignment::Outsourcing,
            Assignment::Combination
        ]
    );
}

#[test]
fn per_phase() {
    let f = fig(&worked_example());
    let of = |ph: Phase| f.phase(ph).unwrap();
    // Strategic = A: as category A.
    assert_eq!(of(Phase::Strategic).categories, "A");
    assert_stats(
        &of(Phase::Strategic).stats,
        "strategic",
        [5, 5, 5],
        (10, 16),
    );
    // Operation = B, C: listed B-1 B-2 C-1 C-2 C-3 = 5; selected 4 (not
    // C-3); scored B-1 1/3, B-2 4/5, C-1 1/2: ΣAs 6, ΣTo 10 → 2.0, 3.33…,
    // gap 1.33…, achievement 0.6.
    assert_eq!(of(Phase::Operation).categories, "BC");
    assert_stats(&of(Phase::Operation).stats, "operation", [5, 4, 3], (6, 10));
    close(of(Phase::Operation).stats.achievement, 0.6, "operation");
    // Response = D, H: D-1 2/3 scored, H-1 not.
    assert_eq!(of(Phase::Response).categories, "DH");
    assert_stats(&of(Phase::Response).stats, "response", [2, 2, 1], (2, 3));
    // Support = E, F, G, I: E-1 5/3, F-1 3/4, G-1 3/4, I-1 2/3: ΣAs 13,
    // ΣTo 14 → 3.25, 3.5, gap 0.25, achievement 13/14; selected 3 (not I-1).
    assert_eq!(of(Phase::Support).categories, "EFGI");
    assert_stats(&of(Phase::Support).stats, "support", [4, 3, 4], (13, 14));
    close(of(Phase::Support).stats.mean_gap, 0.25, "support gap");
    // X-1 (own letter) is in no phase: 5+3+1+4 = 13 = 14 − 1.
    let sum: u32 = f.phases.iter().map(|p| p.stats.scored).sum();
    assert_eq!(sum, 13);
}

#[test]
fn priority_order_and_cycle() {
    let f = fig(&worked_example());
    // Positive gaps: every scored service but E-1 (−2): 13 services.
    // Basic: X-1 (gap 4); A-1, B-1 (gap 2: A before B), G-1,
    //        B-2, D-1, F-1 (gap 1: A, G, B, D, then the others; A-3 before
    //        A-10 by number).
    // Standard: A-2, A-14 (gap 1, by ID number).
    // Advanced: C-1. Optional: none. No level: I-1, last.
    // Cycle: long when Unassigned (C-1), no party (D-1), or gap ≥ 2
    // (X-1, A-1, B-1); the rest short.
    use Cycle::{Long, Short};
    let expected = [
        ("X-1", Some(Level::Basic), 4, Long),
        ("A-1", Some(Level::Basic), 2, Long),
        ("B-1", Some(Level::Basic), 2, Long),
        ("A-3", Some(Level::Basic), 1, Short),
        ("A-10", Some(Level::Basic), 1, Short),
        ("G-1", Some(Level::Basic), 1, Short),
        ("B-2", Some(Level::Basic), 1, Short),
        ("D-1", Some(Level::Basic), 1, Long),
        ("F-1", Some(Level::Basic), 1, Short),
        ("A-2", Some(Level::Standard), 1, Short),
        ("A-14", Some(Level::Standard), 1, Short),
        ("C-1", Some(Level::Advanced), 1, Long),
        ("I-1", None, 1, Short),
    ];
    let got: Vec<_> = f
        .priorities
        .iter()
        .map(|p| (p.service.as_str(), p.level, p.gap, p.cycle))
        .collect();
    assert_eq!(got, expected);
    let ranks: Vec<u32> = f.priorities.iter().map(|p| p.rank).collect();
    assert_eq!(ranks, (1..=13).collect::<Vec<_>>());
    let reason = |id: &str| {
        f.priorities
            .iter()
            .find(|p| p.service == id)
            .unwrap()
            .long_reason
    };
    assert_eq!(reason("C-1"), Some(LongReason::Unassigned));
    assert_eq!(reason("D-1"), Some(LongReason::NoParty));
    assert_eq!(reason("X-1"), Some(LongReason::TwoOrMoreSteps));
    assert_eq!(reason("A-3"), None);
}

#[test]
fn isog_j_starting_order_breaks_ties() {
    // Eight Basic services, each 2 → 3 with a party, written I … A: equal
    // on level and gap, so the order is A, G, B, D, then C, E, H, I.
    let ids = ["I-1", "H-1", "G-1", "E-1", "D-1", "C-1", "B-1", "A-1"];
    let p = portfolio(
        ids.iter()
            .map(|id| row(id, "Basic", "Insourcing (SOC)", "2", "3"))
            .collect(),
    );
    let f = fig(&p);
    let order: Vec<&str> = f.priorities.iter().map(|p| p.service.as_str()).collect();
    assert_eq!(
        order,
        ["A-1", "G-1", "B-1", "D-1", "C-1", "E-1", "H-1", "I-1"]
    );
    assert!(f.priorities.iter().all(|p| p.cycle == Cycle::Short));
    // A larger gap beats the starting order; the level beats the gap.
    let p = portfolio(vec![
        row("A-1", "Standard", "Insourcing (SOC)", "1", "5"), // Standard, gap 4
        row("A-2", "Basic", "Insourcing (SOC)", "2", "3"),    // Basic, gap 1
        row("I-1", "Basic", "Insourcing (SOC)", "1", "3"),    // Basic, gap 2
    ]);
    let order: Vec<String> = fig(&p).priorities.into_iter().map(|p| p.service).collect();
    assert_eq!(order, ["I-1", "A-2", "A-1"]);
}

#[test]
fn mean_gap_is_mean_to_be_minus_mean_as_is_with_one_sided_scores() {
    // C-1 2/4 and C-2 2/3 are scored; C-3 has As-Is only, C-4 To-Be only,
    // C-5 is Unnecessary with both. Scored: ΣAs 4, ΣTo 7 → achievement
    // 4/7 = 0.571…, mean gap 3/2 = 1.5 = 3.5 − 2.0.
    let p = portfolio(vec![
        row("C-1", "Standard", "Insourcing (SOC)", "2", "4"),
        row("C-2", "Standard", "Insourcing (SOC)", "2", "3"),
        row("C-3", "Standard", "Insourcing (SOC)", "3", "N/A"),
        row("C-4", "Standard", "Insourcing (SOC)", "", "5"),
        row("C-5", "Unnecessary", "", "1", "5"),
    ]);
    let f = fig(&p);
    assert_stats(&f.category('C').unwrap().stats, "C", [5, 4, 2], (4, 7));
    close(f.overall.achievement, 4.0 / 7.0, "achievement");
    close(f.overall.mean_gap, 1.5, "mean gap");
    // Only C-1 (gap 2, long) and C-2 (gap 1, short) are priorities.
    let pr: Vec<_> = f
        .priorities
        .iter()
        .map(|p| (p.service.as_str(), p.cycle))
        .collect();
    assert_eq!(pr, [("C-1", Cycle::Long), ("C-2", Cycle::Short)]);
}

#[test]
fn the_identity_holds_on_every_generated_portfolio() {
    // Not a value check but the invariant RULES.md states: over scored
    // services, mean gap = mean To-Be − mean As-Is, in every group.
    for seed in 0..8 {
        let mut p = worked_example();
        p.services.extend(common::rows(seed).into_iter().map(|r| {
            let c = |c: &common::Cell| match c {
                common::Cell::Num(n) => Value::Number(*n),
                common::Cell::Text(t) => Value::Text(t.clone()),
                common::Cell::Blank => Value::Empty,
            };
            Service {
                id: Some(r.id),
                level: c(&r.level),
                assignment: c(&r.assign),
                as_is: c(&r.as_is),
                to_be: c(&r.to_be),
                ..Service::default()
            }
        }));
        let f = fig(&p);
        let groups = std::iter::once(&f.overall)
            .chain(std::iter::once(&f.own))
            .chain(f.categories.iter().map(|c| &c.stats))
            .chain(f.assignments.iter().map(|c| &c.stats))
            .chain(f.phases.iter().map(|c| &c.stats));
        for s in groups {
            if let (Some(a), Some(t), Some(g)) = (s.mean_as_is, s.mean_to_be, s.mean_gap) {
                assert!((t - a - g).abs() < 1e-9, "seed {seed}: {t} − {a} ≠ {g}");
            }
        }
    }
}

#[test]
fn figures_of_a_real_workbook() {
    // The same arithmetic through the reader: a workbook written to disk.
    // B-1 Basic 1/3, B-2 Standard 2/2, B-3 Basic N/A/4, B-4 Unnecessary 5/5.
    // Scored: B-1, B-2 → ΣAs 3, ΣTo 5 → achievement 0.6, mean gap 1.0.
    // Priority: B-1 only (gap 2 → long).
    use common::Cell::{Num, Text};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.xlsx");
    let r = |id: &str, level: &str, a: common::Cell, t: common::Cell| common::Row {
        id: id.into(),
        name: x1060::catalogue::catalogue()
            .service(id)
            .unwrap()
            .name_ja
            .clone(),
        level: Text(level.into()),
        assign: Text("インソース(SOC部)".into()),
        as_is: a,
        to_be: t,
    };
    let rows = [
        r("B-1", "ベーシック", Num(1.0), Num(3.0)),
        r("B-2", "スタンダード", Num(2.0), Num(2.0)),
        r("B-3", "ベーシック", Text("N/A".into()), Num(4.0)),
        r("B-4", "不要", Num(5.0), Num(5.0)),
    ];
    common::write_portfolio(&path, "Org", &rows);
    let wb = x1060::read::read_workbook(&path, &Default::default()).unwrap();
    let p = x1060::read::find_portfolio(&wb, None).unwrap();
    let f = figures(&p, &p.parse());
    assert_stats(&f.overall, "overall", [4, 3, 2], (3, 5));
    close(f.overall.achievement, 0.6, "achievement");
    close(f.overall.mean_gap, 1.0, "mean gap");
    let pr: Vec<_> = f
        .priorities
        .iter()
        .map(|p| (p.service.as_str(), p.gap, p.cycle))
        .collect();
    assert_eq!(pr, [("B-1", 2, Cycle::Long)]);
}
