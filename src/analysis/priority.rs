//! The priority list of RULES.md → What is computed: every service with a
//! positive gap, in improvement order, each with its cycle (§10, as this
//! tool reads it).

use serde::Serialize;

use crate::catalogue::{Assignment, Lang, Level};
use crate::model::Parsed;

/// When an improvement can be made: this tool's reading of JT-X1060 §10
/// (label it so: [`cycle_note`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cycle {
    /// Within the resources already assigned.
    Short,
    /// Needs new resources (people, budget, systems).
    Long,
}

impl Cycle {
    /// 短期 / 長期, or Short / Long.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Cycle::Short => lang.pick("短期", "Short"),
            Cycle::Long => lang.pick("長期", "Long"),
        }
    }

    /// `short` or `long` (JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Cycle::Short => "short",
            Cycle::Long => "long",
        }
    }
}

/// Why a priority is on the long cycle (the first that applies, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LongReason {
    /// The service is Unassigned: nobody is responsible for it yet.
    Unassigned,
    /// The service names no party (no team, no contractor).
    NoParty,
    /// The score must rise two steps or more.
    TwoOrMoreSteps,
}

impl LongReason {
    /// The reason in words.
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            LongReason::Unassigned => lang.pick("未割り当て", "Unassigned"),
            LongReason::NoParty => lang.pick("担当の記載なし", "no party named"),
            LongReason::TwoOrMoreSteps => lang.pick("2 段階以上の引き上げ", "must rise 2+ steps"),
        }
    }
}

/// The label that goes with the cycle wherever it is shown: the reading of
/// §10 is this tool's.
///
/// ```
/// use x1060::analysis::cycle_note;
/// use x1060::catalogue::Lang;
/// assert!(cycle_note(Lang::En).contains("this tool's reading"));
/// ```
pub fn cycle_note(lang: Lang) -> &'static str {
    lang.pick(
        "短期 / 長期 の区分は JT-X1060 10節 の本ツールによる解釈です。未割り当て、担当の記載なし、またはスコアを 2 段階以上引き上げる必要があるものは新たな資源 (人員・予算・システム) を要するため長期、それ以外は割り当て済みの資源で改善できるため短期とします。",
        "Short / long cycle is this tool's reading of X.1060 §10: a service that is Unassigned, names no party, or must rise two steps or more needs new resources (people, budget, systems) and is long; the rest can improve within the resources already assigned and are short.",
    )
}

/// A service to improve, in RULES.md priority order.
#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    /// 1 for the first.
    pub rank: u32,
    /// Service ID.
    pub service: String,
    /// Its level (`None`: blank or invalid; such services come last).
    pub level: Option<Level>,
    /// Its assignment type (`None`: blank or invalid).
    pub assignment: Option<Assignment>,
    /// As-Is.
    pub as_is: u8,
    /// To-Be.
    pub to_be: u8,
    /// To-Be − As-Is (> 0).
    pub gap: i32,
    /// Short or long (this tool's reading of §10).
    pub cycle: Cycle,
    /// Why it is long (`None` when short).
    pub long_reason: Option<LongReason>,
    /// Index of the service in the portfolio.
    #[serde(skip)]
    pub index: usize,
}

/// The ISOG-J starting order: A, G, B, D, then the other categories A–I,
/// then own letters.
fn category_rank(letter: char) -> (u8, char) {
    match letter {
        'A' => (0, letter),
        'G' => (1, letter),
        'B' => (2, letter),
        'D' => (3, letter),
        'A'..='I' => (4, letter),
        _ => (5, letter),
    }
}

/// Orders service IDs by letter, then number (`A-2` before `A-10`).
///
/// ```
/// use x1060::analysis::id_key;
/// assert!(id_key("A-2") < id_key("A-10"));
/// ```
pub fn id_key(id: &str) -> (char, u32) {
    let (l, n) = match id.bytes().position(|b| b == b'-') {
        Some(dash) => (&id[..dash], &id[dash + 1..]),
        None => (id, "0"),
    };
    (l.chars().next().unwrap_or('?'), n.parse().unwrap_or(0))
}

/// The cycle of a service with a positive gap, and why when long.
pub fn cycle_of(p: &Parsed, gap: i32) -> (Cycle, Option<LongReason>) {
    let reason = if p.assignment.value() == Some(Assignment::Unassigned) {
        Some(LongReason::Unassigned)
    } else if p.parties.count() == 0 {
        Some(LongReason::NoParty)
    } else if gap >= 2 {
        Some(LongReason::TwoOrMoreSteps)
    } else {
        None
    };
    (reason.map_or(Cycle::Short, |_| Cycle::Long), reason)
}

/// Services with a positive gap: by level (Basic, Standard, Advanced,
/// Optional, then blank or invalid), larger gap first, the starting order
/// A, G, B, D, then the other categories, then service ID.
pub(crate) fn priorities(parsed: &[Parsed]) -> Vec<Priority> {
    let mut list: Vec<(PriorityKey<'_>, Priority)> = parsed
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let id = p.id.as_deref()?;
            let (as_is, to_be) = super::figures::scored_pair(p)?;
            let gap = to_be as i32 - as_is as i32;
            if gap <= 0 {
                return None;
            }
            let (cycle, long_reason) = cycle_of(p, gap);
            let priority = Priority {
                rank: 0,
                service: id.to_string(),
                level: p.level.value(),
                assignment: p.assignment.value(),
                as_is,
                to_be,
                gap,
                cycle,
                long_reason,
                index: i,
            };
            Some((priority_key(&priority, id), priority))
        })
        .collect();
    // The key ends with the service's index, so no two keys are equal.
    list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    list.into_iter()
        .zip(1..)
        .map(|((_, p), rank)| Priority { rank, ..p })
        .collect()
}

/// The priority order: level (blank or invalid last), larger gap first,
/// the starting order of the category, the number, the ID, the row.
type PriorityKey<'a> = (u8, i32, (u8, char), u32, &'a str, usize);

/// The key of a priority whose service ID is `id`.
fn priority_key<'a>(p: &Priority, id: &'a str) -> PriorityKey<'a> {
    let level = p.level.map_or(4, |l| l as u8);
    let (letter, number) = id_key(id);
    (level, -p.gap, category_rank(letter), number, id, p.index)
}
