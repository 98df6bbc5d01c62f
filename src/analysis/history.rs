//! Following one organisation over several review cycles (§11, RULES.md →
//! What is computed: assessment date).
//!
//! [`history`] orders the cycles by their assessment date when every cycle
//! states one (else keeps them as given), sets the figures of every cycle
//! side by side per category and overall (the trend), and compares each
//! cycle with the one before it ([`super::diff::compare`]). The changes of a
//! step are sorted **regressions first** (the As-Is fell, a target was
//! lowered, a service became Unassigned or Unnecessary, or is no longer
//! listed), then progress, then the other changes: the reader of a history
//! looks for what went backwards before what went well. Pure: no I/O, no
//! language; `write::history` and `write::html` render it.

use serde::Serialize;

use super::diff::{Diff, Direction, ServiceChange, Snapshot, compare, has_own, snapshots};
use crate::model::{Parsed, Portfolio};

/// One review cycle, as given to [`history`].
#[derive(Debug, Clone)]
pub struct CycleInput {
    /// How the cycle is named (its file path).
    pub label: String,
    /// The portfolio as read.
    pub portfolio: Portfolio,
    /// Its services, parsed.
    pub parsed: Vec<Parsed>,
}

/// One cycle of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cycle {
    /// Its label (the file path).
    pub label: String,
    /// The organisation, when the workbook names it.
    pub organisation: Option<String>,
    /// The assessment date the workbook states (ISO 8601), if any.
    pub assessment_date: Option<String>,
}

/// One group's figures over the cycles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// `A` … `I`, `own` or `overall`.
    pub group: String,
    /// One snapshot per cycle, in cycle order.
    pub points: Vec<Snapshot>,
}

/// The changes from one cycle to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Index of the earlier cycle in [`History::cycles`].
    pub from: usize,
    /// Index of the later cycle.
    pub to: usize,
    /// Changed services whose changes include a regression.
    pub regressions: Vec<ServiceChange>,
    /// Changed services with progress and no regression.
    pub progress: Vec<ServiceChange>,
    /// The other changed services.
    pub other: Vec<ServiceChange>,
    /// The full comparison (every change, the figures old → new).
    #[serde(skip)]
    pub diff: Diff,
}

impl Step {
    /// Every changed service, regressions first, then progress, then the rest.
    pub fn in_order(&self) -> impl Iterator<Item = &ServiceChange> {
        self.regressions
            .iter()
            .chain(&self.progress)
            .chain(&self.other)
    }
}

/// How the cycles were ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// By the assessment date every cycle states.
    AssessmentDate,
    /// As given (some cycle states no date).
    AsGiven,
}

/// One organisation over its review cycles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// How the cycles were ordered.
    pub order: Order,
    /// The cycles, oldest first.
    pub cycles: Vec<Cycle>,
    /// Per category A–I, `own` (when any cycle has such services), `overall`.
    pub trend: Vec<Trend>,
    /// Cycle n−1 → n, for each n ≥ 1.
    pub steps: Vec<Step>,
    /// True when the cycles name different organisations.
    pub organisations_differ: bool,
}

/// Orders the cycles: by assessment date when every one states it (ties
/// keep their given order), else as given.
fn order(mut inputs: Vec<CycleInput>) -> (Order, Vec<CycleInput>) {
    if !inputs.is_empty() && inputs.iter().all(|c| c.portfolio.assessment_date.is_some()) {
        inputs.sort_by(|a, b| {
            a.portfolio
                .assessment_date
                .cmp(&b.portfolio.assessment_date)
        });
        (Order::AssessmentDate, inputs)
    } else {
        (Order::AsGiven, inputs)
    }
}

/// Builds the history of one organisation from its cycles.
///
/// ```
/// use x1060::analysis::history::{CycleInput, history};
/// use x1060::model::{Field, Portfolio, Service, Value};
/// let cycle = |date: &str, as_is: f64| {
///     let p = Portfolio {
///         fields: vec![Field::Id, Field::Level, Field::Assignment, Field::AsIs, Field::ToBe],
///         services: vec![Service {
///             id: Some("A-1".into()),
///             level: Value::Text("Basic".into()),
///             assignment: Value::Text("Insourcing(SOC)".into()),
///             as_is: Value::Number(as_is),
///             to_be: Value::Number(4.0),
///             ..Service::default()
///         }],
///         assessment_date: Some(date.into()),
///         ..Portfolio::default()
///     };
///     CycleInput { label: date.into(), parsed: p.parse(), portfolio: p }
/// };
/// // Given out of order: ordered by date.
/// let h = history(vec![cycle("2025-04-01", 3.0), cycle("2024-04-01", 2.0)]);
/// assert_eq!(h.cycles[0].label, "2024-04-01");
/// assert_eq!(h.steps[0].progress.len(), 1);
/// ```
pub fn history(inputs: Vec<CycleInput>) -> History {
    let (order, inputs) = order(inputs);
    let own = inputs.iter().any(|c| has_own(&c.parsed));
    let per_cycle: Vec<Vec<(String, Snapshot)>> = inputs
        .iter()
        .map(|c| snapshots(&c.portfolio, &c.parsed, own))
        .collect();
    let trend = per_cycle
        .first()
        .map(|first| {
            first
                .iter()
                .enumerate()
                .map(|(g, (group, _))| Trend {
                    group: group.clone(),
                    points: per_cycle.iter().map(|c| c[g].1.clone()).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let steps = inputs
        .windows(2)
        .enumerate()
        .map(|(i, w)| step(i, &w[0], &w[1]))
        .collect();
    let orgs: Vec<&str> = inputs
        .iter()
        .filter_map(|c| c.portfolio.organisation.as_deref())
        .collect();
    History {
        order,
        organisations_differ: orgs.windows(2).any(|w| w[0] != w[1]),
        cycles: inputs
            .iter()
            .map(|c| Cycle {
                label: c.label.clone(),
                organisation: c.portfolio.organisation.clone(),
                assessment_date: c.portfolio.assessment_date.clone(),
            })
            .collect(),
        trend,
        steps,
    }
}

fn step(i: usize, a: &CycleInput, b: &CycleInput) -> Step {
    let diff = compare(&a.portfolio, &a.parsed, &b.portfolio, &b.parsed);
    let mut s = Step {
        from: i,
        to: i + 1,
        regressions: Vec::new(),
        progress: Vec::new(),
        other: Vec::new(),
        diff: Diff {
            services: Vec::new(),
            ..diff.clone()
        },
    };
    for sc in diff.services {
        match sc.direction() {
            Direction::Regression => s.regressions.push(sc),
            Direction::Progress => s.progress.push(sc),
            Direction::Other => s.other.push(sc),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diff::ChangeKind;
    use crate::model::{Field, Service, Value};

    fn svc(id: &str, level: &str, assign: &str, as_is: f64, to_be: f64) -> Service {
        Service {
            id: Some(id.into()),
            level: Value::Text(level.into()),
            assignment: Value::Text(assign.into()),
            as_is: Value::Number(as_is),
            to_be: Value::Number(to_be),
            ..Service::default()
        }
    }

    fn cycle(label: &str, date: Option<&str>, services: Vec<Service>) -> CycleInput {
        let p = Portfolio {
            organisation: Some("Org".into()),
            fields: vec![
                Field::Id,
                Field::Level,
                Field::Assignment,
                Field::AsIs,
                Field::ToBe,
            ],
            services,
            assessment_date: date.map(Into::into),
            ..Portfolio::default()
        };
        CycleInput {
            label: label.into(),
            parsed: p.parse(),
            portfolio: p,
        }
    }

    /// Three cycles, given newest first: 2023 → 2024 raises A-1, 2024 → 2025
    /// lowers B-1's As-Is, cuts A-2's target and makes B-2 Unassigned while
    /// A-1 keeps rising.
    fn three() -> History {
        let c2023 = cycle(
            "2023.xlsx",
            Some("2023-04-01"),
            vec![
                svc("A-1", "Basic", "Insourcing(SOC)", 1.0, 4.0),
                svc("A-2", "Basic", "Insourcing(SOC)", 2.0, 5.0),
                svc("B-1", "Basic", "Insourcing(SOC)", 3.0, 4.0),
                svc("B-2", "Standard", "Insourcing(SOC)", 2.0, 3.0),
            ],
        );
        let c2024 = cycle(
            "2024.xlsx",
            Some("2024-04-01"),
            vec![
                svc("A-1", "Basic", "Insourcing(SOC)", 2.0, 4.0),
                svc("A-2", "Basic", "Insourcing(SOC)", 2.0, 5.0),
                svc("B-1", "Basic", "Insourcing(SOC)", 3.0, 4.0),
                svc("B-2", "Standard", "Insourcing(SOC)", 2.0, 3.0),
            ],
        );
        let c2025 = cycle(
            "2025.xlsx",
            Some("2025-04-01"),
            vec![
                svc("A-1", "Basic", "Insourcing(SOC)", 4.0, 4.0),
                svc("A-2", "Basic", "Insourcing(SOC)", 2.0, 1.0),
                svc("B-1", "Basic", "Insourcing(SOC)", 2.0, 4.0),
                svc("B-2", "Standard", "Unassigned", 2.0, 3.0),
            ],
        );
        history(vec![c2025, c2023, c2024])
    }

    #[test]
    fn cycles_ordered_by_date() {
        let h = three();
        assert_eq!(h.order, Order::AssessmentDate);
        let labels: Vec<&str> = h.cycles.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["2023.xlsx", "2024.xlsx", "2025.xlsx"]);
        assert_eq!(h.steps.len(), 2);
    }

    #[test]
    fn regressions_come_first() {
        let h = three();
        let last = &h.steps[1];
        let ids = |v: &[ServiceChange]| v.iter().map(|s| s.service.clone()).collect::<Vec<_>>();
        // A-2: target cut 5 → 1 (not a closed gap); B-1: As-Is fell; B-2: Unassigned.
        assert_eq!(ids(&last.regressions), ["A-2", "B-1", "B-2"]);
        assert_eq!(ids(&last.progress), ["A-1"]);
        let order: Vec<&str> = last.in_order().map(|s| s.service.as_str()).collect();
        assert_eq!(order, ["A-2", "B-1", "B-2", "A-1"]);
        let a2 = &last.regressions[0];
        assert!(a2.kinds.contains(&ChangeKind::TargetCut));
        assert!(!a2.kinds.contains(&ChangeKind::GapClosed));
        assert_eq!(ids(&h.steps[0].progress), ["A-1"]);
        assert!(h.steps[0].regressions.is_empty());
    }

    #[test]
    fn trend_per_category_and_overall() {
        let h = three();
        let a = h.trend.iter().find(|t| t.group == "A").unwrap();
        // A: As-Is (1+2)/2, (2+2)/2, (4+2)/2 = 1.5, 2, 3.
        let means: Vec<f64> = a.points.iter().map(|p| p.mean_as_is.unwrap()).collect();
        assert_eq!(means, [1.5, 2.0, 3.0]);
        let all = h.trend.last().unwrap();
        assert_eq!(all.group, "overall");
        // Overall achievement 2025: ΣAs-Is 10 / ΣTo-Be 12.
        assert_eq!(all.points[2].achievement, Some(10.0 / 12.0));
        // Basic below To-Be: 2023 A-1, A-2, B-1 = 3; 2025 only B-1 = 1.
        assert_eq!(all.points[0].basic_below_target, 3);
        assert_eq!(all.points[2].basic_below_target, 1);
    }

    #[test]
    fn undated_cycles_keep_their_order() {
        let a = cycle(
            "b.xlsx",
            None,
            vec![svc("A-1", "Basic", "Insourcing(SOC)", 1.0, 4.0)],
        );
        let b = cycle(
            "a.xlsx",
            Some("2020-01-01"),
            vec![svc("A-1", "Basic", "Insourcing(SOC)", 2.0, 4.0)],
        );
        let h = history(vec![a, b]);
        assert_eq!(h.order, Order::AsGiven);
        assert_eq!(h.cycles[0].label, "b.xlsx");
    }
}
