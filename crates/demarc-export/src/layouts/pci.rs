//! PCI DSS 12.8.5: for each third-party service provider (TPSP), each requirement in PCI's
//! own terms (TPSP, Customer, Shared, N/A), the AOC behind the TPSP's side and the TPSP's own
//! statement from its imported matrix.

use demarc_core::{
    aoc_missing_words, aoc_status, covering_attestation, pci_term, provider_aoc,
    requirement_within, tpsp_heading, tpsp_validation, AocStatus, Attestation, AttestationDetails,
    Framework, MatrixRow, OwnerSource, Ownership, ScopingProfile,
};
use rust_xlsxwriter::Workbook;

use super::{combined, providers_by_service};
use crate::compact::catalog_positions;
use crate::register::{standing, tpsp_follows};
use crate::rows::by_control;
use crate::xlsx::{date, table, table_at, Formats, FIRST_ROW};
use crate::{ExportData, Result};

const COLUMNS: [(&str, f64); 14] = [
    ("TPSP", 14.0),
    ("Requirement", 11.0),
    ("Title", 30.0),
    ("Responsibility", 12.0),
    ("Validation", 30.0),
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
    // A requirement the validation does not ask, N/A by the profile wherever it has a row, is
    // listed once on its own sheet rather than under every TPSP.
    let validated_by = data.pci_profile().and_then(|p| p.validation);
    let (mut not_asked, controls): (Vec<_>, Vec<_>) =
        controls.into_iter().partition(|(id, rows)| {
            validated_by.is_some_and(|v| v.leaves_out(id).is_some())
                && rows.iter().all(|r| {
                    r.owner == Ownership::NotApplicable && r.source == OwnerSource::Scoping
                })
        });
    let ids: Vec<&str> = not_asked.iter().map(|(id, _)| *id).collect();
    let positions = catalog_positions(Framework::PciDss, &ids);
    let mut order: Vec<usize> = (0..not_asked.len()).collect();
    order.sort_by_key(|i| positions[*i]);
    not_asked = order.into_iter().map(|i| not_asked[i].clone()).collect();
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

    scope_sheet(book, data, f)?;
    tpsp_sheet(book, data, f, &tpsps)?;
    let ws = book.add_worksheet();
    let mut t = table(ws, "PCI DSS 12.8.5", &COLUMNS, lines.len(), data, f)?;
    t.repeat_columns(2)?;
    for (row, line) in (FIRST_ROW..).zip(&lines) {
        let owner = combined(line.rows.iter().map(|r| r.owner));
        t.text(row, 0, line.tpsp, &f.wrap)?;
        t.text(row, 1, line.requirement, &f.wrap)?;
        t.text(row, 2, &line.rows[0].title, &f.wrap)?;
        t.label(row, 3, pci_term(owner))?;
        t.text(row, 4, &validation(data, line.tpsp, &line.rows), &f.wrap)?;
        let aocs = aocs_behind(data, &line.rows);
        if matches!(
            owner,
            Ownership::Inherited | Ownership::Provider | Ownership::Shared
        ) {
            // With no AOC validating the TPSP's side, G to J describe the AOC on file that
            // does not (stale, or not listing the service), or say there is none.
            let on_file = if aocs.is_empty() {
                aocs_on_file(data, line.tpsp, &line.rows)
            } else {
                aocs.clone()
            };
            if aocs.is_empty() {
                let on = data.reliance();
                let mut why: Vec<String> = line
                    .rows
                    .iter()
                    .filter_map(|r| r.service.as_deref())
                    .map(|service| aoc_missing_words(&data.attestations, line.tpsp, service, on))
                    .collect();
                why.dedup();
                if why.is_empty() {
                    t.label(row, 5, "No current AOC covers it")?;
                } else {
                    t.text(row, 5, &why.join("\n"), &f.wrap)?;
                }
            } else {
                let labels: Vec<String> = aocs.iter().map(|a| a.label()).collect();
                t.text(row, 5, &labels.join("\n"), &f.wrap)?;
            }
            if on_file.is_empty() {
                for col in 6..=9 {
                    t.label(row, col, NO_AOC)?;
                }
            } else {
                aoc_columns(&mut t, row, &on_file, line.requirement, f)?;
            }
        }
        let statements: Vec<&str> = line
            .rows
            .iter()
            .filter_map(|r| data.provider_statement(r))
            .collect();
        let statement = if statements.is_empty() {
            "none on file: no imported matrix of the TPSP answers this requirement".to_string()
        } else {
            statements.join("\n")
        };
        t.text(row, 10, &statement, &f.wrap)?;
        let services: Vec<&str> = line.rows.iter().map(|r| r.service_label()).collect();
        t.text(row, 11, &services.join(", "), &f.wrap)?;
        let notes: Vec<String> = line.rows.iter().map(|r| note(data, r)).collect();
        t.text(row, 12, &notes.join("\n"), &f.wrap)?;
        let sources: Vec<&str> = line
            .rows
            .iter()
            .map(|r| crate::rows::source_label(r.source))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        t.text(row, 13, &sources.join(", "), &f.wrap)?;
    }
    t.format_rows(lines.len(), 3, 5, &f.wrap)?;
    t.finish()?;
    not_asked_sheet(book, data, f, &not_asked)
}

/// The requirements the validation does not ask, once each: N/A on every service and why.
fn not_asked_sheet(
    book: &mut Workbook,
    data: &ExportData,
    f: &Formats,
    controls: &[(&str, Vec<&MatrixRow>)],
) -> Result<()> {
    if controls.is_empty() {
        return Ok(());
    }
    let columns = [
        ("Requirement", 11.0),
        ("Title", 28.0),
        ("Responsibility", 12.0),
        ("Why", 44.0),
        ("Services", 24.0),
        ("TPSPs' statements (their imported matrices)", 34.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table(ws, "Not asked", &columns, controls.len(), data, f)?;
    t.ws.set_print_fit_to_pages(1, 0);
    for (row, (id, rows)) in (FIRST_ROW..).zip(controls) {
        t.text(row, 0, id, &f.wrap)?;
        t.text(row, 1, &rows[0].title, &f.wrap)?;
        t.label(row, 2, pci_term(Ownership::NotApplicable))?;
        let mut why: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.na_justification.as_deref())
            .collect();
        why.dedup();
        t.text(row, 3, &why.join("\n"), &f.wrap)?;
        let services: Vec<&str> = rows.iter().map(|r| r.service_label()).collect();
        t.text(row, 4, &services.join(", "), &f.wrap)?;
        let statements: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                Some(format!(
                    "{}: {}",
                    r.service_label(),
                    data.provider_statement(r)?
                ))
            })
            .collect();
        t.text(row, 5, &statements.join("\n"), &f.wrap)?;
    }
    t.format_rows(controls.len(), 2, 2, &f.wrap)?;
    t.finish()
}

/// What a row says of itself: why it is N/A under the scoping profile, or the customer's note.
fn note(data: &ExportData, r: &MatrixRow) -> String {
    if r.owner == Ownership::NotApplicable && r.source == OwnerSource::Scoping {
        let pci = data
            .scoping
            .iter()
            .find(|p| p.framework() == Framework::PciDss)
            .map(|p| p.summary(&|id| data.service_name(id)))
            .unwrap_or_default();
        return format!(
            "{}: N/A under the scoping profile ({pci}). {}",
            r.service_label(),
            crate::rows::rationale(r)
        );
    }
    // In PCI's terms: "Amazon EKS (TPSP): ...", never Demarc's "Provider".
    let mut note = format!(
        "{} ({}{}): {}",
        r.service_label(),
        pci_term(r.owner),
        if r.claimed_inherited {
            ", claimed inherited with no AOC behind it"
        } else {
            ""
        },
        crate::rows::rationale(r)
    );
    if let Some(part) = crate::rows::customer_part(r) {
        note += &format!(" Customer: {part}");
    }
    note
}

/// Whether AOCs validate the TPSP's side of a line's rows: empty when no row has one.
fn validation(data: &ExportData, tpsp: &str, rows: &[&MatrixRow]) -> String {
    let on = data.reliance();
    let mut words: Vec<String> = rows
        .iter()
        .filter_map(|r| tpsp_validation(r, tpsp, &data.attestations, on))
        .map(|v| v.words())
        .collect();
    words.sort();
    words.dedup();
    words.join("\n")
}

/// The cover: how the client validates and why each service is in PCI DSS scope or not.
fn scope_sheet(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    const HEADER: u32 = 8;
    let e = &data.view.engagement;
    let profile = data.pci_profile();
    let services = &data.view.services;
    let columns = [
        ("Service", 24.0),
        ("TPSP", 14.0),
        ("PCI DSS scope", 18.0),
        ("Why", 80.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table_at(ws, "Scope", &columns, HEADER, services.len(), data, f)?;
    // One page across whatever the font (a spreadsheet without Calibri lays it out wider).
    t.ws.set_print_fit_to_pages(1, 0);
    t.ws.write_string_with_format(1, 0, "PCI DSS 12.8.5 responsibility matrix", &f.title)?;
    t.ws.set_row_height(1, 22.0)?;
    let summary = data
        .scoping
        .iter()
        .find(|p| matches!(p, ScopingProfile::PciDss(_)))
        .map_or_else(
            || "Not answered: every requirement treated as applicable".to_string(),
            |p| p.summary(&|id| data.service_name(id)),
        );
    let validation = match profile.and_then(|p| p.validation.map(|v| (v, p))) {
        None => "Not recorded".to_string(),
        Some((v, p)) if p.validation_reason.is_empty() => v.label().to_string(),
        Some((v, p)) => format!("{} ({})", v.label(), p.validation_reason),
    };
    let block = [
        ("Client", e.client.clone()),
        ("Scoping", summary),
        ("Validation", validation),
        ("Date", data.generated_at.date().to_string()),
        ("Version", crate::cover::version_text(data)),
        (
            "TPSPs",
            "Each TPSP's AOC and what it validates are on the TPSPs sheet; a row no current \
             AOC covers says so in its Validation column."
                .to_string(),
        ),
    ];
    // Each fact across the table's other columns, wrapped, its row as tall as its lines.
    let across: f64 = columns[1..].iter().map(|c| c.1).sum();
    for (row, (label, value)) in (2u32..).zip(&block) {
        t.ws.write_string_with_format(row, 0, *label, &f.bold)?;
        t.ws.merge_range(row, 1, row, 3, "", &f.wrap)?;
        crate::xlsx::text(t.ws, row, 1, value, &f.wrap)?;
        let lines = (value.chars().count() as f64 / across).ceil().max(1.0);
        if lines > 1.0 {
            t.ws.set_row_height(row, 15.0 * lines)?;
        }
    }
    for (row, s) in (HEADER + 1..).zip(services) {
        let note = profile.and_then(|p| p.scope_of(s.id));
        t.text(row, 0, &s.name, &f.wrap)?;
        t.text(row, 1, &s.provider, &f.wrap)?;
        t.label(row, 2, note.map_or("Not recorded", |n| n.scope.label()))?;
        t.text(row, 3, note.map_or("", |n| n.rationale.as_str()), &f.wrap)?;
    }
    t.format_rows(services.len(), 2, 2, &f.wrap)?;
    t.finish()
}

/// Each TPSP's heading: its services in PCI DSS scope, the AOC standing for each, whether it
/// validates them and what follows when it does not (12.8.4, 12.8.5).
fn tpsp_sheet(book: &mut Workbook, data: &ExportData, f: &Formats, tpsps: &[&str]) -> Result<()> {
    let columns = [
        ("TPSP", 12.0),
        ("Services in PCI DSS scope", 20.0),
        ("AOC", 28.0),
        ("Validation", 50.0),
        ("What follows", 38.0),
    ];
    let on = data.reliance();
    let ws = book.add_worksheet();
    let mut t = table(ws, "TPSPs", &columns, tpsps.len(), data, f)?;
    t.ws.set_print_fit_to_pages(1, 0);
    for (row, tpsp) in (FIRST_ROW..).zip(tpsps) {
        let services: Vec<&str> = data
            .view
            .services
            .iter()
            .filter(|s| s.provider == *tpsp && s.frameworks.contains(&Framework::PciDss))
            .map(|s| s.name.as_str())
            .collect();
        let mut aocs: Vec<String> = services
            .iter()
            .map(|s| match aoc_status(&data.attestations, s, on) {
                AocStatus::Current(a) => {
                    format!("{s}: {} ({})", a.label(), standing(a, data).words())
                }
                AocStatus::Stale(a) => format!("{s}: {} (stale)", a.label()),
                AocStatus::NotListed => {
                    format!(
                        "{s}: {}",
                        aoc_missing_words(&data.attestations, tpsp, s, on)
                    )
                }
            })
            .collect();
        aocs.dedup();
        t.text(row, 0, tpsp, &f.wrap)?;
        t.text(row, 1, &services.join("\n"), &f.wrap)?;
        t.text(row, 2, &aocs.join("\n"), &f.wrap)?;
        t.text(
            row,
            3,
            &tpsp_heading(&data.attestations, tpsp, &services, on),
            &f.wrap,
        )?;
        t.label(row, 4, &tpsp_follows(data, &services))?;
    }
    t.format_rows(tpsps.len(), 4, 4, &f.wrap)?;
    t.finish()
}

/// What G to J say when the TPSP has no AOC on file at all.
const NO_AOC: &str = "none: no AOC of the TPSP on file";

/// Columns G to J: the date, assessor, services and requirements of `aocs`.
fn aoc_columns(
    t: &mut crate::xlsx::Table,
    row: u32,
    aocs: &[&Attestation],
    requirement: &str,
    f: &Formats,
) -> Result<()> {
    if let Some(d) = aocs.iter().filter_map(|a| aoc_date(a)).min() {
        date(t.ws, row, 6, d, f)?;
    }
    let assessors: Vec<&str> = aocs
        .iter()
        .map(|a| match &a.details {
            AttestationDetails::Aoc(aoc) => aoc.assessor.as_deref().unwrap_or("not recorded"),
            _ => "",
        })
        .collect();
    t.text(row, 7, &assessors.join("\n"), &f.wrap)?;
    let services: Vec<&str> = aocs
        .iter()
        .flat_map(|a| a.services.iter().map(String::as_str))
        .collect();
    t.text(row, 8, &services.join(", "), &f.wrap)?;
    let covered: Vec<String> = aocs
        .iter()
        .map(|a| requirements_covered(a, requirement))
        .collect();
    t.text(row, 9, &covered.join("\n"), &f.wrap)?;
    Ok(())
}

/// The AOCs on file that fail to validate the TPSP's side of `rows`: the stale one listing a
/// row's service, else the TPSP's AOC an assessor looks at first (which does not list it).
fn aocs_on_file<'a>(data: &'a ExportData, tpsp: &str, rows: &[&MatrixRow]) -> Vec<&'a Attestation> {
    let on = data.reliance();
    let mut out: Vec<&Attestation> = Vec::new();
    for service in rows.iter().filter_map(|r| r.service.as_deref()) {
        let found = match aoc_status(&data.attestations, service, on) {
            AocStatus::Current(a) | AocStatus::Stale(a) => Some(a),
            AocStatus::NotListed => provider_aoc(&data.attestations, tpsp, on).map(|(_, a)| a),
        };
        if let Some(a) = found {
            if !out.iter().any(|x| x.id == a.id) {
                out.push(a);
            }
        }
    }
    out
}

/// The AOCs behind the TPSP's side of `rows`: the one each inherited row leans on, and for a
/// shared row the one that covers the TPSP's part.
fn aocs_behind<'a>(data: &'a ExportData, rows: &[&MatrixRow]) -> Vec<&'a Attestation> {
    let today = data.reliance();
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
