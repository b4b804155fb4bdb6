//! The matrix in the pack, compact: the entity-level controls once, then per framework each
//! service's system-level rows grouped where they say the same thing (`crate::compact`), PCI
//! DSS by requirement with the TPSP and its AOC. The full matrix is the workbook's.

use std::collections::HashMap;

use demarc_core::{aoc_status, AocStatus, Framework, MatrixRow, Service};

use super::page::{Writer, MARGIN};
use super::style::BODY;
use super::table::{table, Cell};
use crate::compact::{
    catalog_positions, groups, pci_order, pci_requirement, pci_requirement_name, ranges, Group,
};
use crate::legend::native_terms;
use crate::rows::source_label;
use crate::ExportData;

/// The controls of a group with their count.
fn controls(g: &Group) -> String {
    let n = g.rows.len();
    format!(
        "{}\n({n} {})",
        g.ranges(),
        if n == 1 { "row" } else { "rows" }
    )
}

/// The owner of a group: its colour and letter with the value's name, or the claim.
fn owner_cell(g: &Group, framework: Framework) -> Cell {
    let claimed = g.owner_text != g.owner.label();
    if framework == Framework::PciDss && !claimed {
        Cell::owned(g.owner, native_terms(g.owner).pci)
    } else {
        Cell::owned(g.owner, g.owner_text)
    }
}

pub(super) fn entity(w: &mut Writer, data: &ExportData) {
    let rows: Vec<&MatrixRow> = data.rows.iter().filter(|r| r.service.is_none()).collect();
    if rows.is_empty() {
        return;
    }
    w.section("Entity-level controls", true);
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        "The client's own controls (policies, governance, people, risk), once for the \
         engagement rather than once per service, grouped where they say the same thing. No \
         layer of a service decides them.",
    );
    w.y -= 6.0;
    let mut cells = Vec::new();
    for &f in &data.view.engagement.frameworks {
        let of: Vec<&MatrixRow> = rows.iter().copied().filter(|r| r.framework == f).collect();
        for (i, g) in groups(&of).iter().enumerate() {
            cells.push(vec![
                Cell::text(if i == 0 { f.label() } else { "" }),
                Cell::text(controls(g)),
                owner_cell(g, f),
                Cell::text(source_label(g.source)),
                Cell::text(g.words.clone()),
            ]);
        }
    }
    table(
        w,
        &[
            ("Framework", 0.8),
            ("Controls", 2.2),
            ("Owner", 1.1),
            ("Source", 0.9),
            ("What the rows say", 3.4),
        ],
        &cells,
        true,
    );
}

pub(super) fn system(w: &mut Writer, data: &ExportData) {
    let mut by: HashMap<(Framework, i64), Vec<&MatrixRow>> = HashMap::new();
    for r in &data.rows {
        if let Some(id) = r.service_id {
            by.entry((r.framework, id)).or_default().push(r);
        }
    }
    for &f in &data.view.engagement.frameworks {
        let services: Vec<(&Service, &[&MatrixRow])> = data
            .view
            .services
            .iter()
            .filter_map(|s| by.get(&(f, s.id)).map(|rows| (s, rows.as_slice())))
            .collect();
        if services.is_empty() {
            continue;
        }
        w.section(&format!("System-level rows: {}", f.label()), true);
        w.paragraph(
            MARGIN,
            w.body_width(),
            BODY,
            &format!(
                "Each service's {} rows, grouped where they say the same thing (owner, source, \
                 attestation, words); a row with words of its own stands alone. The full matrix, \
                 one row per service and control, is in the workbook.",
                f.label()
            ),
        );
        w.y -= 6.0;
        if f == Framework::PciDss {
            pci(w, data, &services);
        } else {
            by_service(w, f, &services);
        }
    }
}

fn by_service(w: &mut Writer, f: Framework, services: &[(&Service, &[&MatrixRow])]) {
    let mut cells = Vec::new();
    for (s, rows) in services {
        for (i, g) in groups(rows).iter().enumerate() {
            cells.push(vec![
                Cell::text(if i == 0 {
                    format!("{}\n{}", s.name, s.provider)
                } else {
                    String::new()
                }),
                Cell::text(controls(g)),
                owner_cell(g, f),
                Cell::text(source_label(g.source)),
                Cell::text(g.attestation.clone()),
                Cell::text(g.words.clone()),
            ]);
        }
    }
    table(
        w,
        &[
            ("Service", 1.1),
            ("Controls", 1.9),
            ("Owner", 1.1),
            ("Source", 0.9),
            ("Attestation relied on", 1.2),
            ("What the rows say", 2.6),
        ],
        &cells,
        true,
    );
}

/// PCI DSS by requirement 1 to 12 and the appendices, each service with its TPSP (the
/// provider) and the AOC that stands for it.
fn pci(w: &mut Writer, data: &ExportData, services: &[(&Service, &[&MatrixRow])]) {
    let today = data.generated_at.date();
    let aoc = |s: &Service| match aoc_status(&data.attestations, &s.name, today) {
        AocStatus::Current(a) => format!("{} (current)", a.label()),
        AocStatus::Stale(a) => format!("{} (stale)", a.label()),
        AocStatus::NotListed => "No AOC on file lists the service".to_string(),
    };
    // The entity-level rows of each requirement are named (they are listed once, earlier).
    let entity: Vec<&MatrixRow> = data
        .rows
        .iter()
        .filter(|r| r.service.is_none() && r.framework == Framework::PciDss)
        .collect();
    let mut requirements: Vec<&str> = services
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| pci_requirement(&r.control_id)))
        .chain(entity.iter().map(|r| pci_requirement(&r.control_id)))
        .collect();
    requirements.sort_by_key(|r| pci_order(r));
    requirements.dedup();
    let mut cells = Vec::new();
    for req in requirements {
        let mut first = true;
        let ids: Vec<&str> = entity
            .iter()
            .filter(|r| pci_requirement(&r.control_id) == req)
            .map(|r| r.control_id.as_str())
            .collect();
        let positions = catalog_positions(Framework::PciDss, &ids);
        if !ids.is_empty() {
            cells.push(vec![
                Cell::text(format!("{req}\n{}", pci_requirement_name(req))),
                Cell::text("Entity level (the client's own)"),
                Cell::text(""),
                Cell::text(format!(
                    "{}\n({} {})",
                    ranges(&ids, &positions),
                    ids.len(),
                    if ids.len() == 1 { "row" } else { "rows" }
                )),
                Cell::text(""),
                Cell::text(""),
                Cell::text("Listed once under Entity-level controls."),
            ]);
            first = false;
        }
        for (s, rows) in services {
            let of: Vec<&MatrixRow> = rows
                .iter()
                .copied()
                .filter(|r| pci_requirement(&r.control_id) == req)
                .collect();
            for (i, g) in groups(&of).iter().enumerate() {
                let requirement = if first {
                    format!("{req}\n{}", pci_requirement_name(req))
                } else {
                    String::new()
                };
                first = false;
                let (tpsp, aoc) = if i == 0 {
                    (format!("{}\nTPSP: {}", s.name, s.provider), aoc(s))
                } else {
                    (String::new(), String::new())
                };
                cells.push(vec![
                    Cell::text(requirement),
                    Cell::text(tpsp),
                    Cell::text(aoc),
                    Cell::text(controls(g)),
                    owner_cell(g, Framework::PciDss),
                    Cell::text(source_label(g.source)),
                    Cell::text(g.words.clone()),
                ]);
            }
        }
    }
    table(
        w,
        &[
            ("Requirement", 1.0),
            ("Service and TPSP", 1.1),
            ("AOC", 1.1),
            ("Requirements", 1.6),
            ("Responsibility", 1.1),
            ("Source", 0.8),
            ("What the rows say", 2.4),
        ],
        &cells,
        true,
    );
}
