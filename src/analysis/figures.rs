//! The group statistics of RULES.md → What is computed: per category A–I,
//! per assignment type, per management phase and overall.
//!
//! Only *scored* services enter the means and sums: a service that is not
//! Unnecessary and has both its As-Is and To-Be as numbers 1–5. So the mean
//! gap is always the mean To-Be minus the mean As-Is, and achievement
//! (ΣAs-Is / ΣTo-Be) compares the same services on both sides.

use serde::Serialize;

use crate::catalogue::{Assignment, Lang, Level, Phase};
use crate::model::Parsed;

/// Statistics over a group of services (a category, an assignment type, a
/// phase, the own services, or all).
///
/// ```
/// use x1060::analysis::Stats;
/// let s = Stats::default();
/// assert_eq!(s.scored, 0);
/// assert_eq!(s.mean_gap, None); // no scored service, no mean
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Services listed (rows with a usable ID).
    pub listed: u32,
    /// Services at Basic, Standard, Advanced or Optional.
    pub selected: u32,
    /// Scored services: not Unnecessary, As-Is and To-Be both numbers 1–5.
    /// Every mean and sum below is over these.
    pub scored: u32,
    /// Count per level: Basic, Standard, Advanced, Optional, Unnecessary.
    pub levels: LevelCounts,
    /// Count per assignment type.
    pub assignments: AssignmentCounts,
    /// Mean As-Is over the scored services.
    pub mean_as_is: Option<f64>,
    /// Mean To-Be over the scored services.
    pub mean_to_be: Option<f64>,
    /// Mean gap (To-Be − As-Is) over the scored services: always
    /// `mean_to_be − mean_as_is`.
    pub mean_gap: Option<f64>,
    /// ΣAs-Is / ΣTo-Be over the scored services. This tool's own figure,
    /// not the standard's: label it so wherever it is shown
    /// ([`achievement_note`]).
    pub achievement: Option<f64>,
    /// ΣAs-Is over the scored services.
    pub sum_as_is: u32,
    /// ΣTo-Be over the scored services.
    pub sum_to_be: u32,
    /// Equal to [`Stats::scored`] (kept for callers written before v2).
    #[serde(skip)]
    pub scored_as_is: u32,
    /// Equal to [`Stats::scored`] (kept for callers written before v2).
    #[serde(skip)]
    pub scored_to_be: u32,
    /// Equal to [`Stats::scored`] (kept for callers written before v2).
    #[serde(skip)]
    pub scored_gap: u32,
}

/// Count per level, in Table 1 order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LevelCounts {
    /// Basic.
    pub basic: u32,
    /// Standard.
    pub standard: u32,
    /// Advanced.
    pub advanced: u32,
    /// Optional.
    pub optional: u32,
    /// Unnecessary.
    pub unnecessary: u32,
}

impl LevelCounts {
    /// The count of one level.
    pub fn get(&self, l: Level) -> u32 {
        match l {
            Level::Basic => self.basic,
            Level::Standard => self.standard,
            Level::Advanced => self.advanced,
            Level::Optional => self.optional,
            Level::Unnecessary => self.unnecessary,
        }
    }

    fn merge(&mut self, other: &LevelCounts) {
        for l in Level::ALL {
            *self.slot(l) += other.get(l);
        }
    }

    fn add(&mut self, l: Level) {
        *self.slot(l) += 1;
    }

    fn slot(&mut self, l: Level) -> &mut u32 {
        match l {
            Level::Basic => &mut self.basic,
            Level::Standard => &mut self.standard,
            Level::Advanced => &mut self.advanced,
            Level::Optional => &mut self.optional,
            Level::Unnecessary => &mut self.unnecessary,
        }
    }
}

/// Count per assignment type, in Table 2 order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssignmentCounts {
    /// Insourcing.
    pub insourcing: u32,
    /// Outsourcing.
    pub outsourcing: u32,
    /// Combination.
    pub combination: u32,
    /// Unassigned.
    pub unassigned: u32,
}

impl AssignmentCounts {
    /// The count of one type.
    pub fn get(&self, a: Assignment) -> u32 {
        match a {
            Assignment::Insourcing => self.insourcing,
            Assignment::Outsourcing => self.outsourcing,
            Assignment::Combination => self.combination,
            Assignment::Unassigned => self.unassigned,
        }
    }

    fn merge(&mut self, other: &AssignmentCounts) {
        for a in Assignment::ALL {
            *self.slot(a) += other.get(a);
        }
    }

    fn add(&mut self, a: Assignment) {
        *self.slot(a) += 1;
    }

    fn slot(&mut self, a: Assignment) -> &mut u32 {
        match a {
            Assignment::Insourcing => &mut self.insourcing,
            Assignment::Outsourcing => &mut self.outsourcing,
            Assignment::Combination => &mut self.combination,
            Assignment::Unassigned => &mut self.unassigned,
        }
    }
}

/// A service's As-Is and To-Be when it is *scored* (RULES.md): not
/// Unnecessary, both scores numbers 1–5.
pub fn scored_pair(p: &Parsed) -> Option<(u8, u8)> {
    if p.level.value() == Some(Level::Unnecessary) {
        return None;
    }
    Some((p.as_is.value()?, p.to_be.value()?))
}

impl Stats {
    /// Counts one service with a usable ID.
    pub(crate) fn add(&mut self, p: &Parsed) {
        self.listed += 1;
        if p.is_selected() {
            self.selected += 1;
        }
        if let Some(l) = p.level.value() {
            self.levels.add(l);
        }
        if let Some(a) = p.assignment.value() {
            self.assignments.add(a);
        }
        if let Some((a, t)) = scored_pair(p) {
            self.scored += 1;
            self.sum_as_is += a as u32;
            self.sum_to_be += t as u32;
        }
    }

    /// Adds the counts of another group (before [`Stats::finish`]).
    pub(crate) fn merge(&mut self, other: &Stats) {
        self.listed += other.listed;
        self.selected += other.selected;
        self.scored += other.scored;
        self.sum_as_is += other.sum_as_is;
        self.sum_to_be += other.sum_to_be;
        self.levels.merge(&other.levels);
        self.assignments.merge(&other.assignments);
    }

    /// Works out the means once every service is counted.
    pub(crate) fn finish(&mut self) {
        self.scored_as_is = self.scored;
        self.scored_to_be = self.scored;
        self.scored_gap = self.scored;
        if self.scored == 0 {
            return;
        }
        let n = self.scored as f64;
        let (a, t) = (self.sum_as_is as f64, self.sum_to_be as f64);
        self.mean_as_is = Some(a / n);
        self.mean_to_be = Some(t / n);
        self.mean_gap = Some((t - a) / n);
        // ΣTo-Be ≥ scored > 0: every To-Be is at least 1.
        self.achievement = Some(a / t);
    }
}

/// One category's figures.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryFigures {
    /// `A` … `I`.
    pub id: String,
    /// English name.
    pub name: String,
    /// The phase it serves.
    pub phase: Phase,
    /// Its statistics (own services whose ID letter is this one included).
    #[serde(flatten)]
    pub stats: Stats,
}

/// One assignment type's figures (Table 3 scores Insourcing and
/// Outsourcing on different scales, so they are shown apart).
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentFigures {
    /// Insourcing, Outsourcing or Combination.
    pub assignment: Assignment,
    /// Its statistics, over every listed service of that type (own services
    /// of any letter included).
    #[serde(flatten)]
    pub stats: Stats,
}

/// One management phase's figures (TR-XSup.44 FAQ 9): this tool's own
/// grouping, labelled so ([`phase_note`]).
#[derive(Debug, Clone, Serialize)]
pub struct PhaseFigures {
    /// The phase.
    pub phase: Phase,
    /// Its categories (`A`, `BC`, `DH`, `EFGI`).
    pub categories: String,
    /// Its statistics.
    #[serde(flatten)]
    pub stats: Stats,
}

/// The label that goes with achievement wherever it is shown: the figure is
/// this tool's, not the standard's.
///
/// ```
/// use x1060::analysis::achievement_note;
/// use x1060::catalogue::Lang;
/// assert!(achievement_note(Lang::En).contains("own figure"));
/// ```
pub fn achievement_note(lang: Lang) -> &'static str {
    lang.pick(
        "達成率 (ΣAs-Is / ΣTo-Be) は本ツール独自の指標であり、JT-X1060 が定める値ではありません。現状とあるべき姿の両方が数値のサービスだけで計算します。",
        "Achievement (ΣAs-Is / ΣTo-Be) is this tool's own figure, not the standard's; it counts only services with both As-Is and To-Be scored.",
    )
}

/// The label that goes with the per-phase rows: the grouping follows
/// TR-XSup.44 FAQ 9 and the figures are this tool's.
///
/// ```
/// use x1060::analysis::phase_note;
/// use x1060::catalogue::Lang;
/// assert!(phase_note(Lang::Ja).contains("本ツール"));
/// ```
pub fn phase_note(lang: Lang) -> &'static str {
    lang.pick(
        "フェーズ別の集計は本ツール独自の集計です (区分は TR-XSup.44 FAQ 9 による: 戦略マネジメント A、運用 B・C、対応 D・H、全フェーズ支援 E・F・G・I)。",
        "The per-phase rows are this tool's own figures (grouping after TR-XSup.44 FAQ 9: strategic management A; operation B, C; response D, H; support E, F, G, I).",
    )
}
