//! The matrix in the pack, compact: the entity-level controls once, then per framework each
//! service's system-level rows grouped where they say the same thing (`crate::compact`), PCI
//! DSS by requirement with the TPSP and its AOC. The full matrix is the workbook's.

use std::collections::HashMap;

use demarc_core::{
    aoc_missing_words, aoc_status, pci_term, tpsp_heading, tpsp_validation, AocStatus, Framework,
    MatrixRow, OwnerSource, Ownership, Service,
};

use super::page::{Writer, MARGIN};
use super::style::BODY;
use super::table::{table, Cell};
use crate::compact::{
    catalog_positions, groups, pci_order, pci_requirement, pci_requirement_name, ranges, Group,
};
use crate::register::{standing, tpsp_follows};
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

/// The owner of a group: its colour and letter with the value's name, or the claim; PCI DSS
/// in 12.8.5's four terms, its validation said beside it (see `pci`).
fn owner_cell(g: &Group, framework: Framework) -> Cell {
    if framework == Framework::PciDss {
        Cell::owned(g.owner, pci_term(g.owner))
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
        // A framework starts below the last one's end when its opening rows fit there.
        w.section_below(&format!("System-level rows: {}", f.label()), true, 160.0);
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
            ("Attestation relied on", 1.5),
            ("What the rows say", 2.3),
        ],
        &cells,
        true,
    );
}

/// PCI DSS by requirement 1 to 12 and the appendices, each service with its TPSP (the
/// provider) and the AOC that stands for it; first how the client validates, why each service
/// is in scope, and each TPSP's heading: what its AOC validates and what follows when it does
/// not.
fn pci(w: &mut Writer, data: &ExportData, services: &[(&Service, &[&MatrixRow])]) {
    let on = data.reliance();
    if let Some(p) = data.pci_profile() {
        w.heading("Validation and scope");
        let validation = match p.validation {
            None => "Validation: not recorded in the scoping profile.".to_string(),
            Some(v) if p.validation_reason.is_empty() => format!("Validation: {}.", v.label()),
            Some(v) => format!("Validation: {} ({}).", v.label(), p.validation_reason),
        };
        w.paragraph(MARGIN, w.body_width(), BODY, &validation);
        w.y -= 4.0;
        let scope: Vec<Vec<Cell>> = data
            .view
            .services
            .iter()
            .map(|s| {
                let note = p.scope_of(s.id);
                vec![
                    Cell::text(format!("{} ({})", s.name, s.provider)),
                    Cell::text(note.map_or("Not recorded", |n| n.scope.label())),
                    Cell::text(note.map_or("", |n| n.rationale.as_str())),
                ]
            })
            .collect();
        table(
            w,
            &[("Service", 1.6), ("PCI DSS scope", 1.2), ("Why", 5.6)],
            &scope,
            true,
        );
        w.y -= 6.0;
    }
    let mut tpsps: Vec<&str> = services.iter().map(|(s, _)| s.provider.as_str()).collect();
    tpsps.sort_unstable();
    tpsps.dedup();
    let mut heads = Vec::new();
    for tpsp in tpsps {
        let names: Vec<&str> = services
            .iter()
            .filter(|(s, _)| s.provider == tpsp)
            .map(|(s, _)| s.name.as_str())
            .collect();
        let follows = tpsp_follows(data, &names);
        heads.push(vec![
            Cell::text(tpsp),
            Cell::text(names.join("\n")),
            Cell::text(tpsp_heading(&data.attestations, tpsp, &names, on)),
            Cell::text(follows),
        ]);
    }
    w.heading("TPSPs and their AOCs");
    table(
        w,
        &[
            ("TPSP", 0.8),
            ("Services", 1.2),
            ("Validation", 3.2),
            ("What follows", 2.4),
        ],
        &heads,
        true,
    );
    w.y -= 6.0;
    let aoc = |s: &Service| match aoc_status(&data.attestations, &s.name, on) {
        AocStatus::Current(a) => format!("{} ({})", a.label(), standing(a, data).words()),
        AocStatus::Stale(a) => format!("{} (stale)", a.label()),
        AocStatus::NotListed => aoc_missing_words(&data.attestations, &s.provider, &s.name, on),
    };
    // Requirements the validation does not ask (SAQ A asks a subset), N/A by the profile on
    // every service: counted in a line, not listed per service.
    let validation = data.pci_profile().and_then(|p| p.validation);
    let not_asked = |r: &MatrixRow| {
        r.owner == Ownership::NotApplicable
            && r.source == OwnerSource::Scoping
            && validation.is_some_and(|v| v.leaves_out(&r.control_id).is_some())
    };
    let mut left_out: Vec<&str> = data
        .rows
        .iter()
        .filter(|r| r.framework == Framework::PciDss && not_asked(r))
        .map(|r| r.control_id.as_str())
        .collect();
    left_out.sort_unstable();
    left_out.dedup();
    if let (Some(v), false) = (validation, left_out.is_empty()) {
        w.paragraph(
            MARGIN,
            w.body_width(),
            BODY,
            &format!(
                "{} asks {} requirements. {}The other {} requirements of PCI DSS v4.0.1 are not \
                 applicable under the scoping profile on every service and are left out below; \
                 the workbook's matrix and the 12.8.5 sheet list each with its reason.",
                v.label(),
                v.requirements().map_or(0, <[&str]>::len),
                v.kept_as_evidence()
                    .map_or(String::new(), |k| format!("{k} ")),
                left_out.len()
            ),
        );
        w.y -= 4.0;
    }
    let services: Vec<(&Service, Vec<&MatrixRow>)> = services
        .iter()
        .map(|(s, rows)| (*s, rows.iter().copied().filter(|r| !not_asked(r)).collect()))
        .collect();
    // The entity-level rows of each requirement are named (they are listed once, earlier).
    let entity: Vec<&MatrixRow> = data
        .rows
        .iter()
        .filter(|r| r.service.is_none() && r.framework == Framework::PciDss && !not_asked(r))
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
                Cell::text(format!(
                    "{}\n({} {})",
                    ranges(&ids, &positions),
                    ids.len(),
                    if ids.len() == 1 { "row" } else { "rows" }
                )),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
                Cell::text("Listed once under Entity-level controls."),
            ]);
            first = false;
        }
        for (s, rows) in &services {
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
                let tpsp = if i == 0 {
                    format!("{}\nTPSP: {}\nAOC: {}", s.name, s.provider, aoc(s))
                } else {
                    String::new()
                };
                let mut validation: Vec<&str> = g
                    .rows
                    .iter()
                    .filter_map(|r| tpsp_validation(r, &s.provider, &data.attestations, on))
                    .map(|v| v.short())
                    .collect();
                validation.sort();
                validation.dedup();
                let validation = validation.join("\n");
                cells.push(vec![
                    Cell::text(requirement),
                    Cell::text(tpsp),
                    Cell::text(controls(g)),
                    owner_cell(g, Framework::PciDss),
                    Cell::text(validation),
                    Cell::text(source_label(g.source)),
                    Cell::text(g.words.clone()),
                ]);
            }
        }
    }
    table(
        w,
        &[
            ("Requirement", 0.9),
            ("Service, TPSP and AOC", 1.3),
            ("Requirements", 1.4),
            ("Responsibility", 0.9),
            ("Validation", 1.5),
            ("Source", 0.8),
            ("What the rows say", 2.2),
        ],
        &cells,
        true,
    );
}
