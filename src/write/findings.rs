//! The findings document of `check`: text lines, one JSON document (schema
//! in the README) or CSV rows, rendered from [`FileResult`]s one at a time
//! so a batch can render in parallel and print in order.

use std::io::Write;

use serde_json::{Value as Json, json};

use super::Result;
use crate::analysis::{Figures, FileResult, Outcome, Status, Summary};
use crate::catalogue::Lang;
use crate::rules::Severity;
use crate::write::csv_out::SafeCsv;

/// Version of the JSON document `check --format json` prints. Version 2
/// (RULES.md / WORKBOOKS.md v2): `files[]` holds one element per portfolio
/// (a file with several gives several, each with `portfolio` = `file#sheet`),
/// and `sheets` lists the sheets a portfolio spans.
pub const SCHEMA_VERSION: u32 = 2;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:Sheet!F12: S005 warning: …` lines and a summary.
    Text,
    /// One JSON document (schema in the README).
    Json,
    /// One row per finding.
    Csv,
}

mod json;

/// Writes one file's JSON (the `files[]` element of the schema) to `out`,
/// the figures last when `figures` is set: straight to bytes by a small
/// writer (no JSON tree), byte for byte what [`file_json`] serialised by
/// `serde_json` gives (`tests/json_writer.rs` holds them together).
pub fn write_file_json(out: &mut Vec<u8>, r: &FileResult, lang: Lang, figures: bool) -> Result<()> {
    // About what a portfolio's element takes (12 KB with its figures), so
    // the buffer grows once or not at all.
    let findings = r.findings().len();
    out.reserve(if figures { 14 * 1024 } else { 512 } + findings * 320);
    json::file(out, r, lang, figures);
    Ok(())
}

/// Writes a portfolio's [`Figures`] as JSON, byte for byte what their
/// `Serialize` derives give through `serde_json` (the `figures` member of
/// [`write_file_json`]).
pub fn write_figures_json(out: &mut Vec<u8>, figures: &Figures) {
    json::write_figures(out, figures);
}

/// Escapes a string for JSON as `serde_json` does, quotes included.
pub fn write_json_str(out: &mut Vec<u8>, s: &str) {
    json::string(out, s);
}

/// One file as a JSON value (the `files[]` element of the schema): the
/// `serde_json` path that [`write_file_json`] replaced in `check`, kept as
/// the reference its bytes are tested against (and for callers that want a
/// [`Json`] value).
pub fn file_json(r: &FileResult, lang: Lang, figures: bool) -> Json {
    let (errors, warnings, infos) = r.counts();
    let mut obj = json!({
        "path": r.path.display().to_string(),
        "portfolio": r.portfolio.as_ref().map(|_| r.name()),
        "status": r.status().as_str(),
        "sheet": Json::Null,
        "organisation": Json::Null,
        "counts": {"error": errors, "warning": warnings, "info": infos},
        "findings": r.findings().iter().map(|f| json!({
            "rule": f.rule,
            "severity": f.severity.as_str(),
            "sheet": f.sheet,
            "cell": f.cell,
            "service": f.service,
            "message": f.message(lang),
            "source": f.source_in(lang),
        })).collect::<Vec<_>>(),
    });
    match &r.outcome {
        Outcome::Unreadable(e) => {
            obj["error"] = json!(e.kind.describe_in(lang));
        }
        Outcome::NoPortfolio(_) => {}
        Outcome::Checked(e) => {
            obj["sheet"] = json!(e.portfolio.sheet);
            if !e.portfolio.parts.is_empty() {
                let sheets: Vec<&str> = std::iter::once(e.portfolio.sheet.as_str())
                    .chain(e.portfolio.parts.iter().map(|(s, _)| s.as_str()))
                    .collect();
                obj["sheets"] = json!(sheets);
            }
            obj["organisation"] = json!(e.portfolio.organisation);
            obj["services"] = json!(e.portfolio.services.len());
            if figures {
                obj["figures"] = serde_json::to_value(&e.figures).unwrap_or(Json::Null);
            }
        }
    }
    obj
}

/// Renders results as `check` prints them: [`Printer::begin`], one
/// [`Printer::render`] per result (each may run on its own thread), then
/// [`Printer::end`].
pub struct Printer {
    format: Format,
    lang: Lang,
    figures: bool,
}

impl Printer {
    /// A printer for a format and language; `figures`: the JSON carries
    /// each portfolio's figures.
    pub fn new(format: Format, lang: Lang, figures: bool) -> Printer {
        Printer {
            format,
            lang,
            figures,
        }
    }

    /// The document's opening (JSON's head, CSV's header row).
    pub fn begin(&self, out: &mut impl Write) -> Result<()> {
        match self.format {
            Format::Text => {}
            Format::Json => write!(
                out,
                "{{\"schema\":\"x1060-check\",\"schema_version\":{SCHEMA_VERSION},\"tool_version\":\"{}\",\"files\":[",
                env!("CARGO_PKG_VERSION")
            )?,
            Format::Csv => {
                let mut w = SafeCsv::new(Vec::new());
                // The column names stay machine-readable in English; a Japanese
                // run names them in Japanese, as every other word it writes.
                w.row(match self.lang {
                    Lang::En => [
                        "file", "status", "sheet", "cell", "service", "rule", "severity",
                        "message", "source",
                    ],
                    Lang::Ja => [
                        "ファイル",
                        "状態",
                        "シート",
                        "セル",
                        "サービス",
                        "ルール",
                        "重大度",
                        "内容",
                        "出典",
                    ],
                })?;
                out.write_all(&w.finish()?)?;
            }
        }
        Ok(())
    }

    /// Renders one file's output (`first`: the first file of the run).
    pub fn render(&self, r: &FileResult, first: bool) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        match self.format {
            Format::Text => {
                let path = r.name();
                if let Outcome::Unreadable(e) = &r.outcome {
                    writeln!(out, "{}", e.message(self.lang))?;
                }
                for f in r.findings() {
                    let place = match (&f.sheet, &f.cell) {
                        (Some(s), Some(c)) => format!("{path}:{s}!{c}"),
                        _ => path.clone(),
                    };
                    let service = match (&f.service, f.cell.is_some()) {
                        (Some(s), false) => format!(" [{s}]"),
                        _ => String::new(),
                    };
                    writeln!(
                        out,
                        "{place}: {} {}:{service} {}",
                        f.rule,
                        f.severity.label(self.lang),
                        f.message(self.lang)
                    )?;
                }
            }
            Format::Json => {
                if !first {
                    out.push(b',');
                }
                write_file_json(&mut out, r, self.lang, self.figures)?;
            }
            Format::Csv => {
                let path = r.name();
                let mut w = SafeCsv::new(Vec::new());
                let status = r.status().label(self.lang);
                if let Outcome::Unreadable(e) = &r.outcome {
                    w.row([
                        path.as_str(),
                        status,
                        "",
                        "",
                        "",
                        "",
                        "",
                        &e.kind.describe_in(self.lang),
                        "",
                    ])?;
                }
                for f in r.findings() {
                    w.row([
                        path.as_str(),
                        status,
                        f.sheet.as_deref().unwrap_or(""),
                        f.cell.as_deref().unwrap_or(""),
                        f.service.as_deref().unwrap_or(""),
                        f.rule,
                        f.severity.label(self.lang),
                        f.message(self.lang),
                        f.source_in(self.lang),
                    ])?;
                }
                out.write_all(&w.finish()?)?;
            }
        }
        Ok(out)
    }

    /// The summary; `files` is the number of input files (a file holding
    /// several portfolios gives several results).
    pub fn end(&self, out: &mut impl Write, summary: &Summary, files: usize) -> Result<()> {
        match self.format {
            Format::Text => {
                let s = |st| summary.count(st);
                if files as u32 != summary.files {
                    match self.lang {
                        Lang::En => write!(out, "{files} files, ")?,
                        Lang::Ja => write!(out, "{files} ファイル、")?,
                    }
                }
                let several = files as u32 != summary.files;
                let unit = match self.lang {
                    Lang::En if several => "portfolios",
                    Lang::En => "files",
                    Lang::Ja if several => "ポートフォリオ",
                    Lang::Ja => "ファイル",
                };
                let (n, found) = (summary.files, summary.findings);
                let [ok, warned, failed, unreadable] = [
                    Status::Ok,
                    Status::Warning,
                    Status::Error,
                    Status::Unreadable,
                ]
                .map(s);
                let line = match self.lang {
                    Lang::En => format!(
                        "{n} {unit}: {ok} ok, {warned} with warnings, {failed} with errors, {unreadable} unreadable; {found} findings"
                    ),
                    Lang::Ja => format!(
                        "{n} {unit}: 問題なし {ok}、警告あり {warned}、エラーあり {failed}、読めない {unreadable}。指摘 {found} 件"
                    ),
                };
                writeln!(out, "{line}")?;
            }
            Format::Json => {
                write!(out, "],\"summary\":")?;
                serde_json::to_writer(&mut *out, &summary.to_json())?;
                writeln!(out, "}}")?;
            }
            Format::Csv => {}
        }
        Ok(())
    }
}

/// True when any finding in the results is an error.
pub fn has_error(results: &[FileResult]) -> bool {
    results
        .iter()
        .any(|r| r.findings().iter().any(|f| f.severity == Severity::Error))
}

/// The whole `check` output (JSON document or CSV) for results already
/// computed, as `check --format json|csv` prints it (`x1060 serve` uses it).
pub fn render_document(
    results: &[FileResult],
    format: Format,
    lang: Lang,
    figures: bool,
) -> Result<Vec<u8>> {
    let printer = Printer::new(format, lang, figures);
    let mut out = Vec::new();
    printer.begin(&mut out)?;
    let mut summary = Summary::default();
    for (i, r) in results.iter().enumerate() {
        summary.add(r);
        out.extend(printer.render(r, i == 0)?);
    }
    let files: std::collections::HashSet<&std::path::Path> =
        results.iter().map(|r| r.path.as_path()).collect();
    printer.end(&mut out, &summary, files.len())?;
    Ok(out)
}
