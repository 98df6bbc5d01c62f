//! What the API does with uploads, through the same library calls as the
//! commands: reading and checking as `check` ([`crate::analysis::check_file`]), the JSON
//! and CSV documents as `check` prints them
//! ([`crate::write::findings::render_document`]), annotating as `annotate`
//! ([`crate::write::annotate::annotate`]), exports as `export`
//! ([`crate::write::json`]), the summary workbook as `report`
//! ([`crate::write::report::XlsxSink`]) and templates as `template`
//! ([`crate::write::template::template_bytes`]).
//!
//! Uploads are read from memory. Only the summary workbook goes through a
//! file (its writer needs one): in a private temporary folder (mode 0700)
//! that is removed before the reply is sent.

use std::path::PathBuf;

use crate::analysis::Evaluated;
use crate::analysis::{FileResult, Outcome, evaluate_workbook};
use crate::catalogue::Lang;
use crate::read::{self, ReadError, ReadErrorKind, ReadOptions};
use crate::serve::multipart::Upload;
use crate::write::findings::{Format, render_document};
use crate::write::report::{AtomicOut, ReportRow, Sink, Totals, XlsxSink, count_row};

/// A refusal: the HTTP status and the one-line message.
pub type Refusal = (u16, String);

/// Reads and checks one upload as `check` does a file: the result carries
/// the upload's name as its path. A panic inside is the file's internal
/// error, as in a batch.
pub fn check_upload(file: &Upload, opts: &ReadOptions) -> FileResult {
    let path = PathBuf::from(&file.name);
    let outcome = crate::contain::catch(|| match read::read_bytes(&file.bytes, opts) {
        Err(kind) => Outcome::Unreadable(ReadError {
            path: path.clone(),
            kind,
        }),
        Ok(wb) => evaluate_workbook(&wb, None),
    })
    .unwrap_or_else(|msg| {
        Outcome::Unreadable(ReadError {
            path: path.clone(),
            kind: ReadErrorKind::Internal(msg),
        })
    });
    FileResult {
        path,
        outcome,
        portfolio: None,
    }
}

/// The one-line messages of the unreadable results, as `check` prints them.
fn unreadable_lines(results: &[FileResult]) -> Vec<String> {
    results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Unreadable(e) => Some(e.to_string()),
            _ => None,
        })
        .collect()
}

/// `POST /api/check`: the `check --format json` (or `csv`) document of the
/// uploads. When no upload can be read: 422 with their one-line messages.
pub fn check(
    files: &[Upload],
    opts: &ReadOptions,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>, Refusal> {
    let results: Vec<FileResult> = files.iter().map(|f| check_upload(f, opts)).collect();
    let bad = unreadable_lines(&results);
    if bad.len() == results.len() {
        return Err((422, bad.join("\n")));
    }
    render_document(&results, format, lang, true).map_err(|e| (500, format!("{e:#}")))
}

/// Every evaluated portfolio of one upload (one, or one per overlapping
/// portfolio sheet), or the one-line refusal `export` and `annotate` give.
fn evaluate_upload(
    file: &Upload,
    opts: &ReadOptions,
) -> Result<(read::Workbook, Vec<Evaluated>), Refusal> {
    let read = crate::contain::catch(|| read::read_bytes(&file.bytes, opts));
    let book = match read {
        Ok(Ok(b)) => b,
        Ok(Err(kind)) => return Err((422, format!("{}: {}", file.name, kind.describe()))),
        Err(panic) => {
            let kind = ReadErrorKind::Internal(panic);
            return Err((422, format!("{}: {}", file.name, kind.describe())));
        }
    };
    let found = crate::contain::catch(std::panic::AssertUnwindSafe(|| {
        read::find_portfolios(&book, None)
            .map(|all| all.into_iter().map(Evaluated::of).collect::<Vec<_>>())
    }));
    match found {
        Ok(Ok(all)) => Ok((book, all)),
        Ok(Err(none)) => Err((
            422,
            format!(
                "{}: no portfolio found: {}; the workbook needs a sheet with a column of X.1060 service IDs or names",
                file.name, none.en
            ),
        )),
        Err(panic) => Err((
            422,
            format!(
                "{}: {}",
                file.name,
                ReadErrorKind::Internal(panic).describe()
            ),
        )),
    }
}

/// `POST /api/annotate`: the annotated workbook of one upload and its
/// download name (`<stem>.annotated.xlsx`). `lang` `None`: the language of
/// the portfolio's header, as `annotate` picks it.
pub fn annotate(
    file: &Upload,
    limits: &read::Limits,
    lang: Option<Lang>,
) -> Result<(String, Vec<u8>), Refusal> {
    let opts = ReadOptions {
        limits: *limits,
        formulas: true,
        ..Default::default()
    };
    let (book, _) = evaluate_upload(file, &opts)?;
    let original = (book.format == read::Format::Xlsx).then_some(file.bytes.as_slice());
    let written = crate::write::annotate::annotate_book(&book, original, None, lang, limits);
    let name = crate::write::annotate::default_output(file.name.as_ref());
    match written {
        Ok(a) => Ok((name.display().to_string(), a.bytes)),
        Err(e) => Err((422, format!("{}: {e}", file.name))),
    }
}

/// `POST /api/export`: the portfolio of one upload as `export --format json`
/// or `csv` writes it, with its download name.
pub fn export(
    file: &Upload,
    opts: &ReadOptions,
    format: ExportFormat,
    lang: Lang,
) -> Result<(String, Vec<u8>), Refusal> {
    let (_, all) = evaluate_upload(file, opts)?;
    let stem = std::path::Path::new(&file.name)
        .file_stem()
        .map_or_else(|| "portfolio".into(), |s| s.to_string_lossy().into_owned());
    let fail = |e: crate::write::WriteError| (500, e.line());
    // One portfolio: the documents of version 1; several (overlapping
    // sheets): every one, as `export` writes them.
    let (bytes, ext) = match (format, all.as_slice()) {
        (ExportFormat::Csv, [ev]) => (
            crate::write::json::to_csv(&ev.portfolio, &ev.parsed).map_err(fail)?,
            "csv",
        ),
        (ExportFormat::Json, [ev]) => (
            crate::write::json::to_json(&ev.portfolio).into_bytes(),
            "json",
        ),
        (ExportFormat::Oscal, [ev]) => (
            crate::write::oscal::results::export_bytes(&file.bytes, &file.name, None, ev, lang),
            "oscal.json",
        ),
        (ExportFormat::Csv, several) => {
            let ps: Vec<_> = several
                .iter()
                .map(|e| (&e.portfolio, e.parsed.as_slice()))
                .collect();
            (
                crate::write::json::several::to_csv_several(&ps).map_err(fail)?,
                "csv",
            )
        }
        (ExportFormat::Json, several) => {
            let ps: Vec<_> = several.iter().map(|e| &e.portfolio).collect();
            (
                crate::write::json::several::to_json_several(&ps).into_bytes(),
                "json",
            )
        }
        (ExportFormat::Oscal, several) => {
            let es: Vec<&Evaluated> = several.iter().collect();
            (
                crate::write::oscal::results::export_several_bytes(
                    &file.bytes,
                    &file.name,
                    None,
                    &es,
                    lang,
                ),
                "oscal.json",
            )
        }
    };
    Ok((format!("{stem}.{ext}"), bytes))
}

/// What `POST /api/export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The portfolio as JSON (`export --format json`).
    Json,
    /// The flat CSV view (`export --format csv`).
    Csv,
    /// OSCAL assessment results (`export --format oscal`).
    Oscal,
}

/// `POST /api/report`: the summary workbook of the uploads, as `report`
/// writes it. Built in a private temporary folder removed on return.
pub fn report(files: &[Upload], opts: &ReadOptions, lang: Lang) -> Result<Vec<u8>, Refusal> {
    let fail =
        |e: crate::write::WriteError| (500, format!("cannot build the report: {}", e.line()));
    let dir = tempfile::Builder::new()
        .prefix("x1060-serve-")
        .tempdir()
        .map_err(|e| fail(e.into()))?;
    let out = dir.path().join("summary.xlsx");
    let target = AtomicOut::create(&out, &[], true).map_err(fail)?;
    let mut sink: Box<dyn Sink> = Box::new(XlsxSink::new(target, lang).map_err(fail)?);
    let mut totals = Totals::default();
    for f in files {
        let row = ReportRow::of(&check_upload(f, opts), lang);
        count_row(&mut totals, &row);
        sink.row(&row).map_err(fail)?;
    }
    sink.finish(&totals).map_err(fail)?;
    let bytes = std::fs::read(&out).map_err(|e| fail(e.into()))?;
    dir.close().map_err(|e| fail(e.into()))?;
    Ok(bytes)
}

/// `GET /api/template`: a blank template, as `template` writes it.
pub fn template(lang: Lang, org: Option<&str>) -> Result<Vec<u8>, Refusal> {
    crate::write::template::template_bytes(lang, org)
        .map_err(|e| (500, format!("cannot build the template ({e})")))
}
