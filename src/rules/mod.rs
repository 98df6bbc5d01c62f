//! The X.1060 portfolio rules (stage 3 of read → model → rules → analysis → write).
//!
//! Each rule has a stable ID from `RULES.md` and is documented in
//! `templates/rules.toml` (what, why, how to fix, source). The checks live in
//! one file per rule family: [`structure`] (X), [`catalogue`] (C),
//! [`profile`] (P) and [`portfolio`] (S).

pub mod catalogue;
pub mod portfolio;
pub mod profile;
pub mod structure;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalogue::Lang;
use crate::model::{Field, Parsed, Portfolio, Service};
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
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule's documentation (`x1060 rules ID`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RuleInfo {
    /// Stable ID (`S005`).
    pub id: String,
    /// Its usual severity.
    pub severity: Severity,
    /// When X006 / X007 are errors instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_note: Option<String>,
    /// The section of the standard it comes from, in English (`§9.4 Table 3`).
    pub source: String,
    /// The same in Japanese (`9.4節 表3`).
    pub source_ja: String,
    /// Short title, English.
    pub title_en: String,
    /// Short title, Japanese.
    pub title_ja: String,
    /// When it fires, English.
    pub what_en: String,
    /// When it fires, Japanese.
    pub what_ja: String,
    /// Why, English.
    pub why_en: String,
    /// Why, Japanese.
    pub why_ja: String,
    /// How to fix, English.
    pub fix_en: String,
    /// How to fix, Japanese.
    pub fix_ja: String,
}

#[derive(Deserialize)]
struct RulesFile {
    rule: Vec<RuleInfo>,
}

/// Every rule, in RULES.md order.
///
/// ```
/// let rules = x1060::rules::all();
/// assert_eq!(rules.len(), 31);
/// assert_eq!(x1060::rules::info("S005").unwrap().source, "§11.4");
/// ```
pub fn all() -> &'static [RuleInfo] {
    static RULES: OnceLock<Vec<RuleInfo>> = OnceLock::new();
    RULES.get_or_init(|| {
        toml::from_str::<RulesFile>(include_str!("../../templates/rules.toml"))
            .expect("templates/rules.toml is valid")
            .rule
    })
}

/// The documentation of one rule.
pub fn info(id: &str) -> Option<&'static RuleInfo> {
    all().iter().find(|r| r.id.eq_ignore_ascii_case(id))
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
    /// The section of the standard.
    pub source: &'static str,
    /// 0-based (row, column) of the cell, for sorting and annotating.
    #[serde(skip)]
    pub at: Option<(u32, u32)>,
}

impl Finding {
    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_ja, &self.message_en)
    }

    /// The section of the standard, in a language: `§9.4 Table 3` in
    /// English, `9.4節 表3` in Japanese.
    pub fn source_in(&self, lang: Lang) -> &'static str {
        match info(self.rule) {
            Some(r) => lang.pick(&r.source_ja, &r.source),
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

/// The rules' view of one portfolio: it collects the findings.
pub struct Ctx<'a> {
    /// The portfolio checked.
    pub portfolio: &'a Portfolio,
    /// Its services, parsed once.
    pub parsed: &'a [Parsed],
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    fn source(rule: &'static str) -> &'static str {
        info(rule).map_or("", |r| r.source.as_str())
    }

    /// Records a finding on a service's cell.
    pub fn on_cell(
        &mut self,
        rule: &'static str,
        severity: Severity,
        service: &Service,
        field: Field,
        id: Option<&str>,
        en: String,
        ja: String,
    ) {
        let place = self.portfolio.place(service, field);
        self.findings.push(Finding {
            rule,
            severity,
            sheet: place.map(|p| p.sheet.to_string()),
            cell: place.map(|p| p.cell()),
            service: id.map(str::to_string),
            message_en: en,
            message_ja: ja,
            source: Self::source(rule),
            at: place.map(|p| (p.row, p.col)),
        });
    }

    /// Records a finding about the whole portfolio (or a service with no row).
    pub fn on_file(
        &mut self,
        rule: &'static str,
        severity: Severity,
        service: Option<&str>,
        en: String,
        ja: String,
    ) {
        self.findings.push(Finding {
            rule,
            severity,
            sheet: None,
            cell: None,
            service: service.map(str::to_string),
            message_en: en,
            message_ja: ja,
            source: Self::source(rule),
            at: None,
        });
    }

    /// Records a finding on a cell of a sheet that is no service's (X009).
    pub fn on_sheet(
        &mut self,
        rule: &'static str,
        severity: Severity,
        sheet: &str,
        at: (u32, u32),
        en: String,
        ja: String,
    ) {
        self.findings.push(Finding {
            rule,
            severity,
            sheet: Some(sheet.to_string()),
            cell: Some(crate::model::cell_name(at.0, at.1)),
            service: None,
            message_en: en,
            message_ja: ja,
            source: Self::source(rule),
            at: Some(at),
        });
    }

    /// Records a finding on the header row (a missing column).
    pub fn on_header(&mut self, rule: &'static str, severity: Severity, en: String, ja: String) {
        let p = self.portfolio;
        let row = p.layout.as_ref().map(|l| l.header_row);
        self.findings.push(Finding {
            rule,
            severity,
            sheet: p.layout.as_ref().map(|_| p.sheet.clone()),
            cell: row.map(|r| format!("{0}:{0}", r + 1)),
            service: None,
            message_en: en,
            message_ja: ja,
            source: Self::source(rule),
            at: row.map(|r| (r, 0)),
        });
    }

    /// The services with their parsed values, skipping rows that name no
    /// service at all (X007 as an error: nothing else applies to them).
    pub fn services(&self) -> impl Iterator<Item = (&'a Service, &'a Parsed)> + use<'a> {
        self.portfolio
            .services
            .iter()
            .zip(self.parsed)
            .filter(|(_, p)| p.id.is_some())
    }
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
    let mut ctx = Ctx {
        portfolio,
        parsed,
        findings: Vec::new(),
    };
    structure::check(&mut ctx);
    catalogue::check(&mut ctx);
    profile::check(&mut ctx);
    portfolio::check(&mut ctx);
    let mut findings = ctx.findings;
    sort(&mut findings);
    findings
}

/// Sorts findings by cell (file-level first), then rule, then service.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (f.at.is_some(), f.at, f.rule, f.service.clone());
        key(a).cmp(&key(b))
    });
}

/// The X001 finding for a workbook with no portfolio.
pub fn no_portfolio(none: &NoPortfolio) -> Finding {
    Finding {
        rule: "X001",
        severity: Severity::Error,
        sheet: None,
        cell: None,
        service: None,
        message_en: none.en.clone(),
        message_ja: none.ja.clone(),
        source: info("X001").map_or("", |r| r.source.as_str()),
        at: None,
    }
}
