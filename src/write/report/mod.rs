//! The outputs of `x1060 report`: one row per workbook, as a summary
//! workbook, a streamed JSON document or CSV.
//!
//! A [`ReportRow`] keeps only what the outputs show of one file (its counts,
//! the per-category means and achievement, its findings as text), so the
//! command can drop each file's portfolio as soon as it is evaluated. The
//! [`Sink`]s write rows in the order they come and never hold them: the
//! summary workbook's big sheets are written row by row (see [`big_sheet`]),
//! JSON and CSV are streamed. Every output file is written to a temporary
//! file in the target folder and renamed into place ([`AtomicOut`]).

mod out;
mod sheet;
mod stream;
mod xlsx;

pub use out::{AtomicOut, Sink, TextOut};
pub use sheet::{Layout, MAX_WIDTH, SHEET_HEADER_ROW, Sheet, text_width};
pub use stream::{CsvSink, JsonSink, csv_header};
pub use xlsx::{
    HEADER_ROW, REPORT_SHEETS, Styles, XlsxSink, big_sheet, category_headers, finding_headers,
    notice, print_setup, report_sheets, summary_headers, unreadable_headers,
};

use rust_xlsxwriter::XlsxError;
use serde_json::{Value as Json, json};

use crate::analysis::Stats;
use crate::analysis::Status;
use crate::analysis::{FileResult, Outcome};
use crate::catalogue::Lang;
use crate::rules::Severity;

/// Version of the `x1060-report` JSON document.
pub const SCHEMA_VERSION: u32 = 1;

/// Turns a workbook writer error into an error line.
pub fn xlsx_error(e: XlsxError) -> crate::write::WriteError {
    crate::write::WriteError::Workbook(e)
}

/// Mean As-Is, mean To-Be and achievement of one group of services.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupFigures {
    /// Mean As-Is.
    pub mean_as_is: Option<f64>,
    /// Mean To-Be.
    pub mean_to_be: Option<f64>,
    /// ΣAs-Is / ΣTo-Be.
    pub achievement: Option<f64>,
}

impl GroupFigures {
    fn of(s: &Stats) -> GroupFigures {
        GroupFigures {
            mean_as_is: s.mean_as_is,
            mean_to_be: s.mean_to_be,
            achievement: s.achievement,
        }
    }

    fn to_json(self) -> Json {
        json!({
            "mean_as_is": self.mean_as_is,
            "mean_to_be": self.mean_to_be,
            "achievement": self.achievement,
        })
    }
}

/// The group keys of a report row: the nine categories, then `overall`.
pub const GROUPS: [&str; 10] = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "overall"];

/// The figures of a portfolio a report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RowFigures {
    /// Service rows on the portfolio sheet.
    pub services: u32,
    /// Services selected (Basic … Optional).
    pub selected: u32,
    /// Basic services scored below their To-Be.
    pub basic_below_target: u32,
    /// Categories A–I, then overall (see [`GROUPS`]).
    pub groups: [GroupFigures; 10],
    /// Basic services below their To-Be per category A–I, then overall.
    pub basic_below: [u32; 10],
}

/// One finding, as text in the report's language.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// Rule ID.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Sheet.
    pub sheet: Option<String>,
    /// Cell.
    pub cell: Option<String>,
    /// Service ID.
    pub service: Option<String>,
    /// The message.
    pub message: String,
    /// Section of the standard.
    pub source: &'static str,
}

/// What a report shows of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// The file, as found.
    pub path: String,
    /// Its status.
    pub status: Status,
    /// The organisation, when the workbook names it.
    pub organisation: Option<String>,
    /// The portfolio sheet.
    pub sheet: Option<String>,
    /// Error findings.
    pub errors: u32,
    /// Warning findings.
    pub warnings: u32,
    /// Info findings.
    pub infos: u32,
    /// The figures, when the file holds a portfolio.
    pub figures: Option<Box<RowFigures>>,
    /// Why there are no figures: the read error of an unreadable file, or
    /// the X001 message of a workbook with no portfolio.
    pub reason: Option<String>,
    /// Every finding.
    pub findings: Vec<FindingRow>,
}

impl ReportRow {
    /// Keeps what the report needs of a file's result.
    pub fn of(r: &FileResult, lang: Lang) -> ReportRow {
        let (errors, warnings, infos) = r.counts();
        let findings = r
            .findings()
            .iter()
            .map(|f| FindingRow {
                rule: f.rule,
                severity: f.severity,
                sheet: f.sheet.clone(),
                cell: f.cell.clone(),
                service: f.service.clone(),
                message: f.message(lang).to_string(),
                source: f.source_in(lang),
            })
            .collect();
        let mut row = ReportRow {
            path: r.name(),
            status: r.status(),
            organisation: None,
            sheet: None,
            errors,
            warnings,
            infos,
            figures: None,
            reason: None,
            findings,
        };
        match &r.outcome {
            Outcome::Unreadable(e) => row.reason = Some(e.kind.describe()),
            Outcome::NoPortfolio(f) => row.reason = Some(f.message(lang).to_string()),
            Outcome::Checked(e) => {
                row.organisation = e.portfolio.organisation.clone();
                row.sheet = Some(e.portfolio.sheet.clone());
                let fig = &e.figures;
                let mut groups = [GroupFigures::default(); 10];
                for (g, c) in groups.iter_mut().zip(&fig.categories) {
                    *g = GroupFigures::of(&c.stats);
                }
                groups[9] = GroupFigures::of(&fig.overall);
                let mut basic_below = [0u32; 10];
                let cats = crate::catalogue::catalogue();
                for p in e.parsed.iter().filter(|p| p.id.is_some()) {
                    let below = p.level.value() == Some(crate::catalogue::Level::Basic)
                        && p.gap().is_some_and(|g| g > 0);
                    if !below {
                        continue;
                    }
                    basic_below[9] += 1;
                    if let Some(i) = p
                        .category
                        .and_then(|c| cats.categories.iter().position(|k| k.letter() == c))
                    {
                        basic_below[i] += 1;
                    }
                }
                row.figures = Some(Box::new(RowFigures {
                    services: e.portfolio.services.len() as u32,
                    selected: fig.overall.selected,
                    basic_below_target: fig.basic_below_target(&e.parsed),
                    groups,
                    basic_below,
                }));
            }
        }
        row
    }

    /// The row as a `files[]` element of the `x1060-report` JSON.
    pub fn to_json(&self) -> Json {
        let f = self.figures.as_deref();
        let categories: Option<serde_json::Map<String, Json>> = f.map(|f| {
            GROUPS[..9]
                .iter()
                .zip(&f.groups)
                .map(|(k, g)| (k.to_string(), g.to_json()))
                .collect()
        });
        json!({
            "path": self.path,
            "status": self.status.as_str(),
            "organisation": self.organisation,
            "sheet": self.sheet,
            "counts": {"error": self.errors, "warning": self.warnings, "info": self.infos},
            "services": f.map(|f| f.services),
            "selected": f.map(|f| f.selected),
            "basic_below_target": f.map(|f| f.basic_below_target),
            "categories": categories,
            "overall": f.map(|f| f.groups[9].to_json()),
            "reason": self.reason,
        })
    }
}

/// Counts over a whole report: the same as `check`'s summary.
pub type Totals = crate::analysis::Summary;

/// Counts one report row into the totals.
pub fn count_row(totals: &mut Totals, r: &ReportRow) {
    let rules: Vec<&'static str> = r.findings.iter().map(|f| f.rule).collect();
    totals.add_counts(r.status, &rules);
}
