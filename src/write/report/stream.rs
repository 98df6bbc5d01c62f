//! The streamed formats of `x1060 report`: JSON and CSV.

use crate::write::Result;

use super::{GROUPS, ReportRow, SCHEMA_VERSION, Sink, TextOut, Totals};
use crate::write::csv_out::SafeCsv;

/// The `x1060-report` JSON document, streamed.
pub struct JsonSink {
    out: TextOut,
    first: bool,
}

impl JsonSink {
    /// Starts the document.
    pub fn new(mut out: TextOut) -> Result<JsonSink> {
        write!(
            out.writer(),
            "{{\"schema\":\"x1060-report\",\"schema_version\":{SCHEMA_VERSION},\"tool_version\":\"{}\",\"files\":[",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(JsonSink { out, first: true })
    }
}

impl Sink for JsonSink {
    fn row(&mut self, r: &ReportRow) -> Result<()> {
        let w = self.out.writer();
        if !self.first {
            w.write_all(b",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *w, &r.to_json())?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, totals: &Totals) -> Result<()> {
        let w = self.out.writer();
        write!(w, "],\"summary\":")?;
        serde_json::to_writer(&mut *w, &totals.to_json())?;
        writeln!(w, "}}")?;
        self.out.close()
    }
}

/// The CSV header of `report --format csv`: stable machine keys.
pub fn csv_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "file",
        "organisation",
        "sheet",
        "status",
        "errors",
        "warnings",
        "infos",
        "services",
        "selected",
        "basic_below_target",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for metric in ["as_is", "to_be", "achievement"] {
        for g in GROUPS {
            h.push(format!("{metric}_{g}"));
        }
    }
    h.push("reason".into());
    h
}

/// One row per workbook, formula-injection-safe.
pub struct CsvSink {
    out: TextOut,
}

impl CsvSink {
    /// Writes the header.
    pub fn new(mut out: TextOut) -> Result<CsvSink> {
        let mut w = SafeCsv::new(Vec::new());
        w.row(csv_header())?;
        out.writer().write_all(&w.finish()?)?;
        Ok(CsvSink { out })
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

impl Sink for CsvSink {
    fn row(&mut self, r: &ReportRow) -> Result<()> {
        let f = r.figures.as_deref();
        let mut cells = vec![
            r.path.clone(),
            r.organisation.clone().unwrap_or_default(),
            r.sheet.clone().unwrap_or_default(),
            r.status.as_str().to_string(),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.infos.to_string(),
            f.map(|f| f.services.to_string()).unwrap_or_default(),
            f.map(|f| f.selected.to_string()).unwrap_or_default(),
            f.map(|f| f.basic_below_target.to_string())
                .unwrap_or_default(),
        ];
        for metric in 0..3 {
            for g in 0..GROUPS.len() {
                let v = f.and_then(|f| {
                    let x = f.groups[g];
                    [x.mean_as_is, x.mean_to_be, x.achievement][metric]
                });
                cells.push(num(v));
            }
        }
        cells.push(r.reason.clone().unwrap_or_default());
        let mut w = SafeCsv::new(Vec::new());
        w.row(cells)?;
        self.out.writer().write_all(&w.finish()?)?;
        Ok(())
    }

    fn finish(self: Box<Self>, _totals: &Totals) -> Result<()> {
        self.out.close()
    }
}
