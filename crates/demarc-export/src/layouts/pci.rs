//! PCI DSS 12.8.5: for each third-party service provider (TPSP), each requirement in PCI's
//! own terms (TPSP, Customer, Shared, N/A), the AOC behind the TPSP's side and the TPSP's own
//! statement from its imported matrix.

use demarc_core::{
    covering_attestation, requirement_within, Attestation, AttestationDetails, Framework,
    MatrixRow, OwnerSource, Ownership,
};
use rust_xlsxwriter::Workbook;

use super::{combined, customer_note, providers_by_service};
use crate::rows::by_control;
use crate::xlsx::{date, table, Formats, FIRST_ROW};
use crate::{ExportData, Result};

/// A requirement's responsibility in PCI DSS 12.8.5's terms.
pub(crate) fn pci_term(owner: Ownership) -> &'static str {
    match owner {
        Ownership::Inherited | Ownership::Provider => "TPSP",
        Ownership::Customer => "Customer",
        Ownership::Shared => "Shared",
        Ownership::NotApplicable => "N/A",
        Ownership::Undetermined => "Not yet determined",
    }
}

const COLUMNS: [(&str, f64); 13] = [
    ("TPSP", 14.0),
    ("Requirement", 11.0),
    ("Title", 30.0),
    ("Responsibility", 12.0),
    ("AOC", 26.0),
    ("AOC date", 11.0),
    ("Assessor", 16.0),
    ("Services the AOC covers", 22.0),
    ("Requirements the AOC covers", 18.0),
    ("TPSP's statement (its imported matrix)", 36.0),
    ("Services", 22.0),
    ("Why, and the customer's part", 50.0),
    ("Owner source", 14.0),
];

/// What the TPSP column says of the entity-level requirements, listed once.
pub(crate) const ENTITY: &str = "Entity level (every TPSP)";

/// One line of the sheet: a TPSP and a requirement, with the rows that decide it.
struct Line<'a> {
    tpsp: &'a str,
    requirement: &'a str,
    rows: Vec<&'a MatrixRow>,
}

pub(super) fn sheets(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let controls = by_control(&data.rows, Framework::PciDss);
    let mut tpsps: Vec<&str> = data
        .view
        .services
        .iter()
        .filter(|s| s.frameworks.contains(&Framework::PciDss))
        .map(|s| s.provider.as_str())
        .collect();
    tpsps.sort_unstable();
    tpsps.dedup();
    let provider_of = providers_by_service(data);
    // An entity-level requirement is the client's whatever the TPSP: listed once, first.
    let mut lines = Vec::new();
    for (requirement, rows) in &controls {
        let rows: Vec<&MatrixRow> = rows
            .iter()
            .copied()
            .filter(|r| r.service_id.is_none())
            .collect();
        if !rows.is_empty() {
            lines.push(Line {
                tpsp: ENTITY,
                requirement,
                rows,
            });
        }
    }
    for &tpsp in &tpsps {
        for (requirement, rows) in &controls {
            let rows: Vec<&MatrixRow> = rows
                .iter()
                .copied()
                .filter(|r| {
                    r.service_id
                        .is_some_and(|id| provider_of.get(&id) == Some(&tpsp))
                })
                .collect();
            if !rows.is_empty() {
                lines.push(Line {
                    tpsp,
                    requirement,
                    rows,
                });
            }
        }
    }

    let ws = book.add_worksheet();
    let mut t = table(ws, "PCI DSS 12.8.5", &COLUMNS, lines.len(), data, f)?;
    t.repeat_columns(2)?;
    for (row, line) in (FIRST_ROW..).zip(&lines) {
        let owner = combined(line.rows.iter().map(|r| r.owner));
        t.text(row, 0, line.tpsp, &f.wrap)?;
        t.text(row, 1, line.requirement, &f.wrap)?;
        t.text(row, 2, &line.rows[0].title, &f.wrap)?;
        t.label(row, 3, pci_term(owner))?;
        let aocs = aocs_behind(data, &line.rows);
        if matches!(
            owner,
            Ownership::Inherited | Ownership::Provider | Ownership::Shared
        ) {
            if aocs.is_empty() {
                t.label(row, 4, "No current AOC covers it")?;
            } else {
                let labels: Vec<String> = aocs.iter().map(|a| a.label()).collect();
                t.text(row, 4, &labels.join("\n"), &f.wrap)?;
                if let Some(d) = aocs.iter().filter_map(|a| aoc_date(a)).min() {
                    date(t.ws, row, 5, d, f)?;
                }
                let assessors: Vec<&str> = aocs
                    .iter()
                    .map(|a| match &a.details {
                        AttestationDetails::Aoc(aoc) => {
                            aoc.assessor.as_deref().unwrap_or("not recorded")
                        }
                        _ => "",
                    })
                    .collect();
                t.text(row, 6, &assessors.join("\n"), &f.wrap)?;
                let services: Vec<&str> = aocs
                    .iter()
                    .flat_map(|a| a.services.iter().map(String::as_str))
                    .collect();
                t.text(row, 7, &services.join(", "), &f.wrap)?;
                let covered: Vec<String> = aocs
                    .iter()
                    .map(|a| requirements_covered(a, line.requirement))
                    .collect();
                t.text(row, 8, &covered.join("\n"), &f.wrap)?;
            }
        }
        let statements: Vec<&str> = line
            .rows
            .iter()
            .filter_map(|r| data.provider_statement(r))
            .collect();
        t.text(row, 9, &statements.join("\n"), &f.wrap)?;
        let services: Vec<&str> = line.rows.iter().map(|r| r.service_label()).collect();
        t.text(row, 10, &services.join(", "), &f.wrap)?;
        let notes: Vec<String> = line.rows.iter().map(|r| note(data, r)).collect();
        t.text(row, 11, &notes.join("\n"), &f.wrap)?;
        let sources: Vec<&str> = line
            .rows
            .iter()
            .map(|r| crate::rows::source_label(r.source))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        t.text(row, 12, &sources.join(", "), &f.wrap)?;
    }
    t.format_rows(lines.len(), 3, 4, &f.wrap)?;
    t.finish()
}

/// What a row says of itself: why it is N/A under the scoping profile, or the customer's note.
fn note(data: &ExportData, r: &MatrixRow) -> String {
    if r.owner == Ownership::NotApplicable && r.source == OwnerSource::Scoping {
        let profile = data.scoping_lines();
        let pci = profile
            .iter()
            .find(|l| l.starts_with(Framework::PciDss.label()))
            .map_or("", String::as_str);
        return format!(
            "{}: N/A under the scoping profile ({pci}). {}",
            r.service_label(),
            crate::rows::rationale(r)
        );
    }
    customer_note(r)
}

/// The AOCs behind the TPSP's side of `rows`: the one each inherited row leans on, and for a
/// shared row the one that covers the TPSP's part.
fn aocs_behind<'a>(data: &'a ExportData, rows: &[&MatrixRow]) -> Vec<&'a Attestation> {
    let today = data.generated_at.date();
    let mut out: Vec<&Attestation> = Vec::new();
    for r in rows {
        let found = match (&r.attestation, r.service.as_deref()) {
            (Some(a), _) => data.attestations.iter().find(|x| x.id == a.id),
            (None, Some(service)) if r.owner == Ownership::Shared => covering_attestation(
                &data.attestations,
                service,
                r.framework,
                &r.control_id,
                today,
            ),
            _ => None,
        };
        if let Some(a) = found {
            if !out.iter().any(|x| x.id == a.id) {
                out.push(a);
            }
        }
    }
    out
}

fn aoc_date(a: &Attestation) -> Option<chrono::NaiveDate> {
    match &a.details {
        AttestationDetails::Aoc(aoc) => Some(aoc.date),
        _ => None,
    }
}

/// What an AOC says it covers, as it bears on `requirement`: all of them, or the listed
/// requirement that takes it in.
fn requirements_covered(a: &Attestation, requirement: &str) -> String {
    match &a.details {
        AttestationDetails::Aoc(aoc) => match &aoc.requirements {
            None => "All requirements".into(),
            Some(listed) => match listed.iter().find(|l| requirement_within(requirement, l)) {
                Some(l) => format!("Listed: {l}"),
                None => format!("Not listed (it lists {})", listed.join(", ")),
            },
        },
        _ => String::new(),
    }
}
