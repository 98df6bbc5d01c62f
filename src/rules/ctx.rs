//! What the rules see of one portfolio, and where their findings go.

use std::sync::OnceLock;

use super::{Finding, Violation};
use crate::catalogue::{ServiceDef, catalogue};
use crate::model::{Field, Parsed, Portfolio, Service, cell_name};
use crate::text::FxMap;

/// The rules' view of one portfolio: it collects the findings.
pub struct Ctx<'a> {
    /// The portfolio checked.
    pub portfolio: &'a Portfolio,
    /// Its services, parsed once.
    pub parsed: &'a [Parsed],
    /// The X.1060 list position of each row's parsed ID (`None`: no ID, or
    /// an own service), looked up once for every rule.
    positions: Vec<Option<usize>>,
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// A context with no findings yet.
    pub fn new(portfolio: &'a Portfolio, parsed: &'a [Parsed]) -> Ctx<'a> {
        Ctx {
            portfolio,
            parsed,
            positions: parsed
                .iter()
                .map(|p| p.id.as_deref().and_then(position))
                .collect(),
            findings: Vec::new(),
        }
    }

    /// The X.1060 list position of row `row`'s parsed ID, when the list has it.
    pub(crate) fn position(&self, row: usize) -> Option<usize> {
        self.positions[row]
    }

    /// The X.1060 service of row `row`'s parsed ID, when the list has it.
    pub(crate) fn def(&self, row: usize) -> Option<&'static ServiceDef> {
        self.position(row).map(|i| &catalogue().services[i])
    }

    /// The findings recorded, in the order they were recorded.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// Records a finding on a field's cell of a service row (the row's ID or
    /// name cell when the field has no column), about service `id`.
    pub fn on_cell<V: Violation>(
        &mut self,
        v: V,
        service: &Service,
        field: Field,
        id: Option<&str>,
    ) {
        let place = self.portfolio.place(service, field);
        self.findings.push(Finding {
            sheet: place.map(|p| p.sheet.to_string()),
            cell: place.map(|p| p.cell()),
            service: id.map(str::to_string),
            at: place.map(|p| (p.row, p.col)),
            ..Finding::of(&v)
        });
    }

    /// Records a finding about the whole portfolio, or about a service with no row.
    pub fn on_file<V: Violation>(&mut self, v: V, service: Option<&str>) {
        self.findings.push(Finding {
            service: service.map(str::to_string),
            ..Finding::of(&v)
        });
    }

    /// Records a finding on a cell of a sheet that is no service's (X009).
    pub fn on_sheet<V: Violation>(&mut self, v: V, sheet: &str, at: (u32, u32)) {
        self.findings.push(Finding {
            sheet: Some(sheet.to_string()),
            cell: Some(cell_name(at.0, at.1)),
            at: Some(at),
            ..Finding::of(&v)
        });
    }

    /// Records a finding on the header row (a missing column).
    pub fn on_header<V: Violation>(&mut self, v: V) {
        let p = self.portfolio;
        let row = p.layout.as_ref().map(|l| l.header_row);
        self.findings.push(Finding {
            sheet: p.layout.as_ref().map(|_| p.sheet.clone()),
            cell: row.map(|r| format!("{0}:{0}", r + 1)),
            at: row.map(|r| (r, 0)),
            ..Finding::of(&v)
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

    /// [`Ctx::services`] with each row's index.
    pub(crate) fn indexed_services(
        &self,
    ) -> impl Iterator<Item = (usize, &'a Service, &'a Parsed)> + use<'a> {
        self.portfolio
            .services
            .iter()
            .zip(self.parsed)
            .enumerate()
            .filter(|(_, (_, p))| p.id.is_some())
            .map(|(i, (s, p))| (i, s, p))
    }
}

/// The position of a canonical ID in the X.1060 list, as
/// [`crate::catalogue::Catalogue::position`] gives it, through a map with a
/// fast hash (the rules ask it of every row of every file).
pub(crate) fn position(id: &str) -> Option<usize> {
    static BY_ID: OnceLock<FxMap<&'static str, usize>> = OnceLock::new();
    let by_id = BY_ID.get_or_init(|| {
        let services = &catalogue().services;
        services
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect()
    });
    by_id.get(id).copied()
}
