//! The figures of RULES.md → What is computed (stage 4 of read → model →
//! rules → analysis → write): scored services only; per category, per
//! assignment type, per phase and overall; the priority list with each
//! priority's cycle; the assessment date. Computed once here and shared by `check`,
//! `annotate` and `report`, so every output agrees to the last digit.

pub mod diff;
pub mod history;

mod figures;
mod outcome;
mod priority;

pub use figures::{
    AssignmentCounts, AssignmentFigures, CategoryFigures, LevelCounts, PhaseFigures, Stats,
    achievement_note, phase_note, scored_pair,
};
pub use outcome::{
    FileResult, Outcome, Summary, check_file, check_file_all, evaluate_all, evaluate_workbook,
};
pub use priority::{Cycle, LongReason, Priority, cycle_note, cycle_of, id_key};

use serde::Serialize;

use crate::catalogue::{Assignment, Level, Phase, catalogue};
use crate::model::{Parsed, Portfolio};

/// The assignment types with figures of their own (Table 3 scores them on
/// different scales); Unassigned services count only overall.
pub const SCORED_TYPES: [Assignment; 3] = [
    Assignment::Insourcing,
    Assignment::Outsourcing,
    Assignment::Combination,
];

/// Every figure of one portfolio (RULES.md → What is computed).
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// When the workbook says it was assessed (評価日, Assessment date …),
    /// as written there; `None` when it does not say.
    pub assessment_date: Option<String>,
    /// All services with a usable ID.
    pub overall: Stats,
    /// Categories A–I, in order. An own service whose ID letter is A–I
    /// counts in that category.
    pub categories: Vec<CategoryFigures>,
    /// Services whose ID letter is outside A–I (the organisation's own
    /// group, counted only here and overall).
    pub own: Stats,
    /// Insourcing, Outsourcing, Combination, in that order ([`SCORED_TYPES`]).
    pub assignments: Vec<AssignmentFigures>,
    /// The four management phases (strategic A; operation B, C; response
    /// D, H; support E, F, G, I): this tool's own figures ([`phase_note`]).
    pub phases: Vec<PhaseFigures>,
    /// Services with a positive gap, in priority order, each with its cycle.
    pub priorities: Vec<Priority>,
}

impl Figures {
    /// The figures of a category by letter.
    pub fn category(&self, letter: char) -> Option<&CategoryFigures> {
        self.categories.iter().find(|c| c.id.starts_with(letter))
    }

    /// The figures of an assignment type (`None` for Unassigned).
    pub fn assignment(&self, a: Assignment) -> Option<&AssignmentFigures> {
        self.assignments.iter().find(|f| f.assignment == a)
    }

    /// The figures of a phase.
    pub fn phase(&self, ph: Phase) -> Option<&PhaseFigures> {
        self.phases.iter().find(|f| f.phase == ph)
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

/// Computes the figures of a portfolio. Cheap: one pass over the services
/// plus a sort of the priorities, so `check` runs it for every file.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio};
/// let wb = read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
/// let p = find_portfolio(&wb, None).expect("a portfolio");
/// let fig = x1060::analysis::figures(&p, &p.parse());
/// println!("achievement {:?}", fig.overall.achievement);
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn figures(portfolio: &Portfolio, parsed: &[Parsed]) -> Figures {
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
    let mut assignments: Vec<AssignmentFigures> = SCORED_TYPES
        .iter()
        .map(|&a| AssignmentFigures {
            assignment: a,
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
    // Each service counts in its category (or the own group) and its
    // assignment type; the phases and the overall figures are sums of those
    // counts (integers: the same figures as counting each service again).
    let slots = CategorySlots::of(&categories);
    for p in parsed.iter().filter(|p| p.id.is_some()) {
        if let Some(a) = p.assignment.value()
            && let Some(g) = assignments.iter_mut().find(|g| g.assignment == a)
        {
            g.stats.add(p);
        }
        match slots.of_letter(p.category.unwrap_or('?'), &categories) {
            Some(c) => categories[c].stats.add(p),
            None => own.add(p),
        }
    }
    for c in &categories {
        overall.merge(&c.stats);
        if let Some(ph) = phases.iter_mut().find(|ph| ph.phase == c.phase) {
            ph.stats.merge(&c.stats);
        }
    }
    overall.merge(&own);
    overall.finish();
    own.finish();
    categories.iter_mut().for_each(|c| c.stats.finish());
    assignments.iter_mut().for_each(|a| a.stats.finish());
    phases.iter_mut().for_each(|p| p.stats.finish());
    Figures {
        assessment_date: portfolio.assessment_date.clone(),
        overall,
        categories,
        own,
        assignments,
        phases,
        priorities: priority::priorities(parsed),
    }
}

/// The category each ID letter counts in: the first whose ID starts with it.
struct CategorySlots([Option<usize>; 26]);

impl CategorySlots {
    fn of(categories: &[CategoryFigures]) -> CategorySlots {
        CategorySlots(std::array::from_fn(|i| {
            let letter = char::from(b'A' + i as u8);
            first_starting_with(categories, letter)
        }))
    }

    /// The index in `categories` (those given to [`CategorySlots::of`]) of
    /// the category a service whose ID starts with `letter` counts in.
    fn of_letter(&self, letter: char, categories: &[CategoryFigures]) -> Option<usize> {
        match letter {
            'A'..='Z' => self.0[letter as usize - 'A' as usize],
            _ => first_starting_with(categories, letter),
        }
    }
}

fn first_starting_with(categories: &[CategoryFigures], letter: char) -> Option<usize> {
    categories.iter().position(|c| c.id.starts_with(letter))
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

    /// The status in words, in a language (`問題なし`, `警告あり` …).
    pub fn label(self, lang: crate::catalogue::Lang) -> &'static str {
        match self {
            Status::Ok => lang.pick("問題なし", "ok"),
            Status::Warning => lang.pick("警告あり", "warning"),
            Status::Error => lang.pick("エラーあり", "error"),
            Status::Unreadable => lang.pick("読めない", "unreadable"),
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
    ///
    /// ```
    /// use x1060::{Evaluated, ReadOptions, find_portfolios, read_workbook};
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/template-en.xlsx");
    /// let book = read_workbook(path.as_ref(), &ReadOptions::default())?;
    /// let blank = find_portfolios(&book, None).expect("a portfolio").remove(0);
    /// let checked = Evaluated::of(blank);
    /// // A blank template: nothing scored yet, so no figure and no priority.
    /// assert_eq!(checked.figures.overall.mean_as_is, None);
    /// assert!(checked.figures.priorities.is_empty());
    /// // Its only errors are the empty cells a person fills in.
    /// use x1060::Severity;
    /// let errors = checked.findings.iter().filter(|f| f.severity == Severity::Error);
    /// assert!(errors.into_iter().all(|f| ["C001", "P001", "S003", "S004"].contains(&f.rule)));
    /// # Ok::<(), x1060::ReadError>(())
    /// ```
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
