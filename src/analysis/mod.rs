//! The figures of RULES.md → What is computed (stage 4 of read → model →
//! rules → analysis → write): gaps, per-category and per-phase statistics,
//! and the priority list. Computed once here and shared by `check`,
//! `annotate` and `report`, so every output agrees to the last digit.

pub mod diff;
pub mod history;

use serde::Serialize;

use crate::catalogue::{Assignment, Level, Phase, catalogue};
use crate::model::{Parsed, Portfolio};

/// Statistics over a group of services (a category, a phase, or all).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Services listed (rows with a usable ID).
    pub listed: u32,
    /// Services at Basic, Standard, Advanced or Optional.
    pub selected: u32,
    /// Count per level: Basic, Standard, Advanced, Optional, Unnecessary.
    pub levels: LevelCounts,
    /// Count per assignment type.
    pub assignments: AssignmentCounts,
    /// Mean As-Is (Unnecessary services and N/A left out).
    pub mean_as_is: Option<f64>,
    /// Mean To-Be.
    pub mean_to_be: Option<f64>,
    /// Mean gap over services scored both As-Is and To-Be.
    pub mean_gap: Option<f64>,
    /// ΣAs-Is / ΣTo-Be.
    pub achievement: Option<f64>,
    /// ΣAs-Is.
    pub sum_as_is: u32,
    /// ΣTo-Be.
    pub sum_to_be: u32,
    /// Numeric As-Is scores counted.
    pub scored_as_is: u32,
    /// Numeric To-Be scores counted.
    pub scored_to_be: u32,
    /// Services with both scores.
    pub scored_gap: u32,
    #[serde(skip)]
    sum_gap: i32,
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

    fn add(&mut self, l: Level) {
        *match l {
            Level::Basic => &mut self.basic,
            Level::Standard => &mut self.standard,
            Level::Advanced => &mut self.advanced,
            Level::Optional => &mut self.optional,
            Level::Unnecessary => &mut self.unnecessary,
        } += 1;
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

    fn add(&mut self, a: Assignment) {
        *match a {
            Assignment::Insourcing => &mut self.insourcing,
            Assignment::Outsourcing => &mut self.outsourcing,
            Assignment::Combination => &mut self.combination,
            Assignment::Unassigned => &mut self.unassigned,
        } += 1;
    }
}

impl Stats {
    fn add(&mut self, p: &Parsed) {
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
        if p.level.value() == Some(Level::Unnecessary) {
            return;
        }
        if let Some(a) = p.as_is.value() {
            self.sum_as_is += a as u32;
            self.scored_as_is += 1;
        }
        if let Some(t) = p.to_be.value() {
            self.sum_to_be += t as u32;
            self.scored_to_be += 1;
        }
        if let Some(g) = p.gap() {
            self.sum_gap += g;
            self.scored_gap += 1;
        }
    }

    fn finish(&mut self) {
        let mean = |sum: f64, n: u32| (n > 0).then(|| sum / n as f64);
        self.mean_as_is = mean(self.sum_as_is as f64, self.scored_as_is);
        self.mean_to_be = mean(self.sum_to_be as f64, self.scored_to_be);
        self.mean_gap = mean(self.sum_gap as f64, self.scored_gap);
        self.achievement =
            (self.sum_to_be > 0).then(|| self.sum_as_is as f64 / self.sum_to_be as f64);
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
    /// Its statistics.
    #[serde(flatten)]
    pub stats: Stats,
}

/// One phase's figures.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseFigures {
    /// The phase.
    pub phase: Phase,
    /// Its categories.
    pub categories: String,
    /// Its statistics.
    #[serde(flatten)]
    pub stats: Stats,
}

/// A service to improve, in RULES.md priority order.
#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    /// 1 for the first.
    pub rank: u32,
    /// Service ID.
    pub service: String,
    /// Its level (`None`: blank or invalid).
    pub level: Option<Level>,
    /// As-Is.
    pub as_is: u8,
    /// To-Be.
    pub to_be: u8,
    /// To-Be − As-Is (> 0).
    pub gap: i32,
    /// Index of the service in the portfolio.
    #[serde(skip)]
    pub index: usize,
}

/// Every figure of one portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// All services.
    pub overall: Stats,
    /// Categories A–I, in order.
    pub categories: Vec<CategoryFigures>,
    /// Services with IDs outside A–I (the organisation's own group).
    pub own: Stats,
    /// The four management phases.
    pub phases: Vec<PhaseFigures>,
    /// Services with a positive gap, in priority order.
    pub priorities: Vec<Priority>,
}

impl Figures {
    /// The figures of a category by letter.
    pub fn category(&self, letter: char) -> Option<&CategoryFigures> {
        self.categories.iter().find(|c| c.id.starts_with(letter))
    }

    /// How many Basic services are scored below their To-Be.
    pub fn basic_below_target(&self, parsed: &[Parsed]) -> u32 {
        parsed
            .iter()
            .filter(|p| p.id.is_some() && p.level.value() == Some(Level::Basic))
            .filter(|p| p.gap().is_some_and(|g| g > 0))
            .count() as u32
    }
}

/// Computes the figures of a portfolio.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio};
/// let wb = read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
/// let p = find_portfolio(&wb, None).expect("a portfolio");
/// let fig = x1060::analysis::figures(&p, &p.parse());
/// println!("achievement {:?}", fig.overall.achievement);
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn figures(_portfolio: &Portfolio, parsed: &[Parsed]) -> Figures {
    let cat = catalogue();
    let mut overall = Stats::default();
    let mut own = Stats::default();
    let mut categories: Vec<CategoryFigures> = cat
        .categories
        .iter()
        .map(|c| CategoryFigures {
            id: c.id.clone(),
            name: c.name_en.clone(),
            phase: c.phase,
            stats: Stats::default(),
        })
        .collect();
    let mut phases: Vec<PhaseFigures> = Phase::ALL
        .iter()
        .map(|&ph| PhaseFigures {
            phase: ph,
            categories: cat
                .categories
                .iter()
                .filter(|c| c.phase == ph)
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(""),
            stats: Stats::default(),
        })
        .collect();
    for p in parsed.iter().filter(|p| p.id.is_some()) {
        overall.add(p);
        let letter = p.category.unwrap_or('?');
        match categories.iter_mut().find(|c| c.id.starts_with(letter)) {
            Some(c) => {
                c.stats.add(p);
                if let Some(ph) = phases.iter_mut().find(|ph| ph.phase == c.phase) {
                    ph.stats.add(p);
                }
            }
            None => own.add(p),
        }
    }
    overall.finish();
    own.finish();
    categories.iter_mut().for_each(|c| c.stats.finish());
    phases.iter_mut().for_each(|p| p.stats.finish());
    Figures {
        overall,
        categories,
        own,
        phases,
        priorities: priorities(parsed),
    }
}

/// The ISOG-J starting order: A, G, B, D, then the other categories.
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
pub fn id_key(id: &str) -> (char, u32) {
    let (l, n) = id.split_once('-').unwrap_or((id, "0"));
    (l.chars().next().unwrap_or('?'), n.parse().unwrap_or(0))
}

/// Services with a positive gap: by level (Basic, Standard, Advanced,
/// Optional), larger gap first, the starting order A, G, B, D, then service ID.
fn priorities(parsed: &[Parsed]) -> Vec<Priority> {
    let mut list: Vec<Priority> = parsed
        .iter()
        .enumerate()
        .filter(|(_, p)| p.level.value() != Some(Level::Unnecessary))
        .filter_map(|(i, p)| {
            let id = p.id.clone()?;
            let gap = p.gap().filter(|&g| g > 0)?;
            Some(Priority {
                rank: 0,
                service: id,
                level: p.level.value(),
                as_is: p.as_is.value()?,
                to_be: p.to_be.value()?,
                gap,
                index: i,
            })
        })
        .collect();
    list.sort_by(|a, b| {
        let key = |p: &Priority| {
            let level = p.level.map_or(4, |l| l as u8);
            let (letter, number) = id_key(&p.service);
            (level, -p.gap, category_rank(letter), number, p.index)
        };
        key(a).cmp(&key(b))
    });
    for (i, p) in list.iter_mut().enumerate() {
        p.rank = i as u32 + 1;
    }
    list
}

/// How a file came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No finding above info.
    Ok,
    /// Warnings, no error.
    Warning,
    /// At least one error.
    Error,
    /// The file could not be read.
    Unreadable,
}

impl Status {
    /// `ok`, `warning`, `error` or `unreadable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Error => "error",
            Status::Unreadable => "unreadable",
        }
    }
}

/// A portfolio with everything computed from it.
#[derive(Debug, Clone)]
pub struct Evaluated {
    /// The portfolio as read.
    pub portfolio: Portfolio,
    /// Its services, parsed.
    pub parsed: Vec<Parsed>,
    /// The rules' findings, sorted by cell.
    pub findings: Vec<crate::rules::Finding>,
    /// The computed figures.
    pub figures: Figures,
}

impl Evaluated {
    /// Runs the rules and the analysis on a portfolio.
    pub fn of(portfolio: Portfolio) -> Evaluated {
        let parsed = portfolio.parse();
        let findings = crate::rules::check(&portfolio, &parsed);
        let figures = figures(&portfolio, &parsed);
        Evaluated {
            portfolio,
            parsed,
            findings,
            figures,
        }
    }
}
