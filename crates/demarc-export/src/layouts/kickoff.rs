//! What auditors ask for at kickoff, three columns per service: the provider-covered controls
//! citing the report the matrix cites, and the customer-covered controls with their criterion.
//! One control a line, so that no cell grows past what a spreadsheet row can show: a service
//! takes as many lines as its longer list.

use demarc_core::{MatrixRow, Ownership};
use rust_xlsxwriter::Workbook;

use crate::rows::owner_text;
use crate::xlsx::{table, Formats, FIRST_ROW};
use crate::{ExportData, Result};

/// The name of the entity-level lines: the client's own controls, once.
pub(crate) const ENTITY_CONTROLS: &str = "Entity-level controls (the client's own, once)";

/// What a provider-covered line cites when the matrix cites no covering report.
pub(crate) const NO_REPORT: &str = "no covering report on file";

/// How a row names its control: framework and ID.
fn control_name(r: &MatrixRow) -> String {
    format!("{} {}", r.framework.label(), r.control_id)
}

/// A provider-covered line: the control, its owner and the report the matrix cites for it.
pub(crate) fn provider_line(r: &MatrixRow) -> String {
    let cite = r
        .attestation
        .as_ref()
        .map_or(NO_REPORT, |a| a.label.as_str());
    format!("{} ({}): {cite}", control_name(r), owner_text(r))
}

pub(super) fn sheets(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let mut groups: Vec<(String, Vec<&MatrixRow>)> = Vec::new();
    let entity: Vec<&MatrixRow> = data.rows.iter().filter(|r| r.service.is_none()).collect();
    if !entity.is_empty() {
        groups.push((ENTITY_CONTROLS.to_string(), entity));
    }
    for s in &data.view.services {
        let rows = data
            .rows
            .iter()
            .filter(|r| r.service_id == Some(s.id))
            .collect();
        groups.push((format!("{} ({})", s.name, s.provider), rows));
    }
    let mut lines: Vec<(&str, String, String)> = Vec::new();
    for (name, rows) in &groups {
        let provider: Vec<String> = rows
            .iter()
            .filter(|r| r.owner.is_provider_side() || r.owner == Ownership::Shared)
            .map(|r| provider_line(r))
            .collect();
        let customer: Vec<String> = rows
            .iter()
            .filter(|r| matches!(r.owner, Ownership::Customer | Ownership::Shared))
            .map(|r| format!("{}: {}", control_name(r), r.title))
            .collect();
        let count = provider.len().max(customer.len()).max(1);
        let mut provider = provider.into_iter();
        let mut customer = customer.into_iter();
        for _ in 0..count {
            lines.push((
                name,
                provider.next().unwrap_or_default(),
                customer.next().unwrap_or_default(),
            ));
        }
    }
    let columns = [
        ("Service", 28.0),
        (
            "Provider-covered controls (the report the matrix cites)",
            70.0,
        ),
        ("Customer-covered controls (criterion)", 70.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table(ws, "Kickoff", &columns, lines.len(), data, f)?;
    for (row, (name, provider, customer)) in (FIRST_ROW..).zip(&lines) {
        t.plain(row, 0, name)?;
        t.plain(row, 1, provider)?;
        t.plain(row, 2, customer)?;
    }
    t.format_rows(lines.len(), 0, 2, &f.wrap)?;
    t.finish()
}
