//! Unit tests of [`super::compare`] on hand-built portfolios.
use super::*;
use crate::model::Field;

fn row(id: &str, level: &str, assign: &str, as_is: Value, to_be: Value) -> Service {
    Service {
        id: Some(id.into()),
        name: catalogue().service(id).map(|d| d.name_ja.clone()),
        level: Value::Text(level.into()),
        assignment: Value::Text(assign.into()),
        as_is,
        to_be,
        ..Service::default()
    }
}

fn pf(services: Vec<Service>) -> Portfolio {
    Portfolio {
        organisation: Some("Org".into()),
        sheet: "Portfolio".into(),
        fields: vec![
            Field::Id,
            Field::Name,
            Field::Level,
            Field::Assignment,
            Field::AsIs,
            Field::ToBe,
        ],
        services,
        ..Portfolio::default()
    }
}

fn n(v: f64) -> Value {
    Value::Number(v)
}

fn run(old: &Portfolio, new: &Portfolio) -> Diff {
    compare(old, &old.parse(), new, &new.parse())
}

#[test]
fn identical_has_no_change() {
    let p = pf(vec![
        row("A-1", "Basic", "インソース(SOC部)", n(2.0), n(4.0)),
        row("B-1", "不要", "未割り当て", Value::Empty, Value::Empty),
    ]);
    let d = run(&p, &p.clone());
    assert!(d.is_empty(), "{:?}", d.changes);
    assert_eq!(d.summary.last().unwrap().group, "overall");
    assert_eq!(d.summary.last().unwrap().change.achievement, Some(0.0));
}

#[test]
fn each_kind() {
    let old = pf(vec![
        row("A-1", "Basic", "Insourcing(SOC)", n(2.0), n(4.0)),
        row("A-2", "Standard", "Unassigned", n(3.0), n(3.0)),
        row("A-3", "Basic", "Outsourcing(A社)", n(4.0), n(4.0)),
        row("A-4", "Advanced", "Insourcing(SOC)", n(2.0), n(3.0)),
        row(
            "A-5",
            "Unnecessary",
            "Unassigned",
            Value::Empty,
            Value::Empty,
        ),
        row("A-6", "Basic", "Insourcing(SOC)", n(3.0), n(3.0)),
        row("B-1", "Basic", "Insourcing(SOC)", n(3.0), n(3.0)),
    ]);
    let new = pf(vec![
        row("A-1", "Standard", "Insourcing(SOC)", n(4.0), n(4.0)),
        row("A-2", "Standard", "Outsourcing(A社)", n(3.0), n(3.0)),
        row("A-3", "Basic", "Outsourcing(B社)", n(3.0), n(5.0)),
        row(
            "A-4",
            "Unnecessary",
            "Unassigned",
            Value::Empty,
            Value::Empty,
        ),
        row("A-5", "Optional", "Insourcing(SOC)", n(1.0), n(2.0)),
        row("A-6", "Basic", "Combination(SOC/A社)", n(3.0), n(3.0)),
        row(
            "C-1",
            "Basic",
            "Insourcing(SOC)",
            Value::Text("N/A".into()),
            n(3.0),
        ),
    ]);
    let d = run(&old, &new);
    let kinds = |id: &str| -> Vec<ChangeKind> {
        d.changes
            .iter()
            .filter(|c| c.service == id)
            .map(|c| c.kind)
            .collect()
    };
    use ChangeKind::*;
    assert_eq!(kinds("A-1"), vec![LevelChanged, AsIsUp, GapClosed]);
    assert_eq!(kinds("A-2"), vec![UnassignedResolved, PartyChanged]);
    assert_eq!(
        kinds("A-3"),
        vec![PartyChanged, AsIsDown, ToBeRaised, GapOpened]
    );
    assert_eq!(
        kinds("A-4"),
        vec![ToUnnecessary, UnassignedIntroduced, PartyChanged]
    );
    assert_eq!(
        kinds("A-5"),
        vec![FromUnnecessary, UnassignedResolved, PartyChanged]
    );
    assert_eq!(kinds("A-6"), vec![AssignmentChanged, PartyChanged]);
    assert_eq!(kinds("B-1"), vec![ServiceRemoved]);
    assert_eq!(kinds("C-1"), vec![ServiceAdded]);
    let a1 = &d.changes[0];
    assert_eq!(
        (a1.old.as_deref(), a1.new.as_deref()),
        (Some("Basic"), Some("Standard"))
    );
    let sections: Vec<Section> = d.changes.iter().map(|c| c.kind.section()).collect();
    assert!(sections.is_sorted());
}

#[test]
fn as_is_to_na_is_changed() {
    let old = pf(vec![row("A-1", "Basic", "Insourcing(SOC)", n(2.0), n(4.0))]);
    let new = pf(vec![row(
        "A-1",
        "Basic",
        "Insourcing(SOC)",
        Value::Text("N/A".into()),
        n(4.0),
    )]);
    let d = run(&old, &new);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].kind, ChangeKind::AsIsChanged);
    assert_eq!(d.changes[0].new.as_deref(), Some("N/A"));
}

#[test]
fn a_cut_target_is_not_a_closed_gap() {
    let old = pf(vec![
        row("A-1", "Basic", "Insourcing(SOC)", n(1.0), n(5.0)),
        row("A-2", "Basic", "Insourcing(SOC)", n(2.0), n(4.0)),
    ]);
    let new = pf(vec![
        row("A-1", "Basic", "Insourcing(SOC)", n(1.0), n(1.0)),
        row("A-2", "Basic", "Insourcing(SOC)", n(4.0), n(4.0)),
    ]);
    let d = run(&old, &new);
    use ChangeKind::*;
    let a1: Vec<ChangeKind> = d.services[0].kinds.clone();
    assert_eq!(a1, vec![ToBeLowered, TargetCut]);
    assert_eq!(d.services[0].direction(), Direction::Regression);
    assert_eq!(d.services[1].kinds, vec![AsIsUp, GapClosed]);
    assert_eq!(d.services[1].direction(), Direction::Progress);
    assert_eq!(d.count(GapClosed), 1);
    // Side by side, the scores as numbers.
    let s = &d.services[0];
    assert_eq!(s.old.as_ref().unwrap().to_be, Some(Shown::Score(5)));
    assert_eq!(s.new.as_ref().unwrap().to_be, Some(Shown::Score(1)));
    assert_eq!(s.new.as_ref().unwrap().gap, Some(0));
}

#[test]
fn duplicates_and_rows_without_id() {
    let mut dup = row("A-1", "Basic", "Insourcing(SOC)", n(2.0), n(4.0));
    dup.as_is = n(5.0);
    let mut anon = row("A-2", "Basic", "Insourcing(SOC)", n(2.0), n(4.0));
    anon.id = None;
    anon.name = Some("something of our own".into());
    let old = pf(vec![
        row("A-1", "Basic", "Insourcing(SOC)", n(2.0), n(4.0)),
        dup,
        anon,
    ]);
    let d = run(&old, &old.clone());
    assert!(d.is_empty());
    assert_eq!(d.old.duplicate_ids, vec!["A-1".to_string()]);
    assert_eq!(d.old.unmatched_rows, 1);
}
