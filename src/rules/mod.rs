//! The X.1060 portfolio rules (stage 3 of read → model → rules → analysis → write).
//!
//! **One rule, one unit**, in the style of ruff's `Violation`: every rule of
//! `RULES.md` is one struct implementing [`Violation`]. The struct's fields
//! are what its message needs; its impl holds the rule's [`Rule`] record (ID,
//! severity, source, title, what, why and fix, in English and Japanese) and
//! its message in both languages. `x1060 rules` (text and JSON), every
//! finding's message and source, and the README's rule table read that one
//! place ([`all`]); `tests/rules_spec.rs` holds the table against RULES.md.
//!
//! Why Rust and not a TOML record per rule: a message has typed arguments
//! (the value as written, a service's name, a count), and a struct makes the
//! compiler check that every message gets them; a TOML template would only
//! fail at run time. The documentation sits in the same `impl` as the
//! message, so a change to one is made beside the other.
//!
//! The checks live in one file per rule family, next to their rules:
//! `rules/structure.rs` (X), `rules/catalogue.rs` (C), `rules/profile.rs` (P) and `rules/portfolio.rs` (S).

mod catalogue;
mod ctx;
mod portfolio;
mod profile;
mod structure;

pub use ctx::Ctx;

use serde::{Deserialize, Serialize};

use crate::catalogue::Lang;
use crate::model::{Parsed, Portfolio, Value};
use crate::read::NoPortfolio;

/// How serious a finding is (RULES.md → Severities).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Contradicts the standard's guidance; a person should look.
    Warning,
    /// Not a usable X.1060 portfolio until fixed.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`: the code in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word for people: `error` / `エラー`, `warning` / `警告`, `info` / `情報`.
    ///
    /// ```
    /// use x1060::{catalogue::Lang, rules::Severity};
    /// assert_eq!(Severity::Warning.label(Lang::Ja), "警告");
    /// assert_eq!(Severity::Warning.label(Lang::En), "warning");
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Info, Lang::Ja) => "情報",
            (Severity::Warning, Lang::Ja) => "警告",
            (Severity::Error, Lang::Ja) => "エラー",
            (s, Lang::En) => s.as_str(),
        }
    }
}

/// A rule's fixed facts and documentation, in English and Japanese.
///
/// Every rule's record is its [`Violation::RULE`]; [`all`] lists them in
/// RULES.md order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable ID (`S005`).
    pub id: &'static str,
    /// Its severity (X006 and X007 are errors in the cases their note names).
    pub severity: Severity,
    /// When X006 / X007 are errors instead, English.
    pub severity_note_en: Option<&'static str>,
    /// When X006 / X007 are errors instead, Japanese.
    pub severity_note_ja: Option<&'static str>,
    /// The place in the standard, English (`§9.4 Table 3`), as RULES.md writes it.
    pub source: &'static str,
    /// The place in the standard, Japanese (`9.4節 表3`).
    pub source_ja: &'static str,
    /// Short title, English.
    pub title_en: &'static str,
    /// Short title, Japanese.
    pub title_ja: &'static str,
    /// When it fires, English.
    pub what_en: &'static str,
    /// When it fires, Japanese.
    pub what_ja: &'static str,
    /// Why, English.
    pub why_en: &'static str,
    /// Why, Japanese.
    pub why_ja: &'static str,
    /// How to fix, English.
    pub fix_en: &'static str,
    /// How to fix, Japanese.
    pub fix_ja: &'static str,
}

/// The former name of [`Rule`].
pub type RuleInfo = Rule;

impl Rule {
    /// The source in a language: `§9.4 Table 3` / `9.4節 表3`.
    pub fn source_in(&self, lang: Lang) -> &'static str {
        lang.pick(self.source_ja, self.source)
    }

    /// The title in a language.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_ja, self.title_en)
    }

    /// When it fires, in a language.
    pub fn what(&self, lang: Lang) -> &'static str {
        lang.pick(self.what_ja, self.what_en)
    }

    /// Why, in a language.
    pub fn why(&self, lang: Lang) -> &'static str {
        lang.pick(self.why_ja, self.why_en)
    }

    /// How to fix, in a language.
    pub fn fix(&self, lang: Lang) -> &'static str {
        lang.pick(self.fix_ja, self.fix_en)
    }

    /// When the rule is an error instead of its usual severity, in a language.
    pub fn severity_note(&self, lang: Lang) -> Option<&'static str> {
        match lang {
            Lang::Ja => self.severity_note_ja,
            Lang::En => self.severity_note_en,
        }
    }
}

/// One rule: its record and its message (ruff's `Violation`).
///
/// A value of the type is one occurrence; its fields are what the message says.
pub trait Violation {
    /// The rule's ID, severity, source and documentation.
    const RULE: Rule;

    /// The message of this occurrence.
    fn message(&self, lang: Lang) -> String;

    /// The severity of this occurrence (X006 and X007 override it).
    fn severity(&self) -> Severity {
        Self::RULE.severity
    }
}

/// Every rule, in RULES.md order.
///
/// ```
/// let rules = x1060::rules::all();
/// assert_eq!(rules.len(), 31);
/// assert_eq!(x1060::rules::info("S005").unwrap().source, "§11.4");
/// assert_eq!(x1060::rules::info("S005").unwrap().source_ja, "11.4節");
/// ```
pub fn all() -> &'static [&'static Rule] {
    use catalogue as c;
    use portfolio as s;
    use profile as p;
    use structure as x;
    static ALL: [&Rule; 31] = [
        &x::NoPortfolioFound::RULE,
        &x::MissingColumn::RULE,
        &x::DuplicateService::RULE,
        &x::MissingService::RULE,
        &x::NameMismatch::RULE,
        &x::OwnService::RULE,
        &x::NoId::RULE,
        &x::UncachedFormula::RULE,
        &x::SeveralScorePairs::RULE,
        &x::NearMissName::RULE,
        &c::NoLevel::RULE,
        &c::InvalidLevel::RULE,
        &c::NoBasicInCategory::RULE,
        &c::CategoryUnnecessary::RULE,
        &c::PrerequisiteUnnecessary::RULE,
        &p::NoAssignment::RULE,
        &p::InvalidAssignment::RULE,
        &p::InsourcingWithoutTeam::RULE,
        &p::OutsourcingWithoutContractor::RULE,
        &p::CombinationWithoutBoth::RULE,
        &p::BasicUnassigned::RULE,
        &p::UnnecessaryAssigned::RULE,
        &p::SelectedUnassigned::RULE,
        &s::InvalidAsIs::RULE,
        &s::InvalidToBe::RULE,
        &s::NoAsIs::RULE,
        &s::NoToBe::RULE,
        &s::ToBeBelowAsIs::RULE,
        &s::UnassignedScoredAbove1::RULE,
        &s::BasicScoredNa::RULE,
        &s::UnnecessaryScored::RULE,
    ];
    &ALL
}

/// The record of one rule, by ID (any case).
pub fn info(id: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id))
}

/// One finding: a rule that fired, where, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Rule ID (`S005`).
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// The sheet, when the finding has a place.
    pub sheet: Option<String>,
    /// The cell (`F12`), or a row range (`3:3`) for a missing column.
    pub cell: Option<String>,
    /// The service it concerns.
    pub service: Option<String>,
    /// The message in English.
    #[serde(skip)]
    pub message_en: String,
    /// The message in Japanese.
    #[serde(skip)]
    pub message_ja: String,
    /// The section of the standard, in English (`§9.4 Table 3`); see
    /// [`Finding::source_in`] for the output's language.
    pub source: &'static str,
    /// 0-based (row, column) of the cell, for sorting and annotating.
    #[serde(skip)]
    pub at: Option<(u32, u32)>,
}

impl Finding {
    /// A finding of a violation, with no place yet.
    pub fn of<V: Violation>(v: &V) -> Finding {
        Finding {
            rule: V::RULE.id,
            severity: v.severity(),
            sheet: None,
            cell: None,
            service: None,
            message_en: v.message(Lang::En),
            message_ja: v.message(Lang::Ja),
            source: V::RULE.source,
            at: None,
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_ja, &self.message_en)
    }

    /// The section of the standard in a language: `§9.4 Table 3` in English,
    /// `9.4節 表3` in Japanese.
    ///
    /// ```
    /// use x1060::catalogue::Lang;
    /// let f = x1060::rules::no_portfolio(&x1060::read::NoPortfolio {
    ///     en: "no portfolio".into(),
    ///     ja: "ポートフォリオがありません".into(),
    /// });
    /// assert_eq!(f.source_in(Lang::En), "§9.1, Fig. 4");
    /// assert_eq!(f.source_in(Lang::Ja), "9.1節、図4");
    /// ```
    pub fn source_in(&self, lang: Lang) -> &'static str {
        match info(self.rule) {
            Some(r) => r.source_in(lang),
            None => self.source,
        }
    }

    /// `Sheet!F12`, or `-` when the finding has no cell.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => "-".into(),
        }
    }
}

/// A value quoted in a message: as a person reads it ([`Value::display`]).
pub(crate) fn shown(v: &Value) -> String {
    v.quoted()
}

/// A text (a name as written) quoted in a message, shown like a cell value.
pub(crate) fn shown_text(t: &str) -> String {
    Value::Text(t.to_string()).quoted()
}

/// Runs every rule on a portfolio. Findings come sorted by cell (file-level
/// findings first), then by rule.
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio};
/// let wb = read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
/// let p = find_portfolio(&wb, None).expect("a portfolio");
/// for f in x1060::rules::check(&p, &p.parse()) {
///     println!("{} {} {}", f.location(), f.rule, f.message_en);
/// }
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn check(portfolio: &Portfolio, parsed: &[Parsed]) -> Vec<Finding> {
    let mut ctx = Ctx::new(portfolio, parsed);
    structure::check(&mut ctx);
    catalogue::check(&mut ctx);
    profile::check(&mut ctx);
    portfolio::check(&mut ctx);
    let mut findings = ctx.into_findings();
    sort_in(portfolio, &mut findings);
    findings
}

/// Sorts a portfolio's findings: file-level first, then in sheet order (a
/// portfolio split over several sheets), then by cell, rule and service.
pub fn sort_in(portfolio: &Portfolio, findings: &mut [Finding]) {
    let rank = |f: &Finding| match f.sheet.as_deref() {
        None => 0,
        Some(s) if s == portfolio.sheet => 0,
        Some(s) => portfolio
            .parts
            .iter()
            .position(|(name, _)| name == s)
            .map_or(usize::MAX, |i| i + 1),
    };
    findings.sort_by(|a, b| {
        let (ka, kb) = (sort_key(a), sort_key(b));
        (ka.0, rank(a), ka.1).cmp(&(kb.0, rank(b), kb.1))
    });
}

/// A finding's place in the order, sheet aside: whether it has a cell, then
/// the cell, rule and service ([`sort_key`]).
type SortKey<'a> = (bool, (Option<(u32, u32)>, &'static str, Option<&'a str>));

/// What findings sort by after the sheet: file-level first, then cell, rule
/// and service.
fn sort_key(f: &Finding) -> SortKey<'_> {
    (f.at.is_some(), (f.at, f.rule, f.service.as_deref()))
}

/// Sorts findings by cell (file-level first), then rule, then service.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
}

/// The X001 finding for a workbook with no portfolio.
pub fn no_portfolio(none: &NoPortfolio) -> Finding {
    Finding::of(&structure::NoPortfolioFound(none))
}
