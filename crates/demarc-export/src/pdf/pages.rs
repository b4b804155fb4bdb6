//! The pack's pages of text and tables: cover and sign-off, legend, provider register, control
//! matrix and open gaps.

use demarc_core::{MatrixRow, Ownership};

use super::page::{Writer, MARGIN};
use super::style::{BODY, GREY, HEADING, LABEL, TITLE};
use super::table::{table, Cell};
use crate::cover::{facts, sign_off};
use crate::legend::native_terms;
use crate::register::register;
use crate::rows::{
    attestation, customer_part, evidence_text, layers_text, owner_text, provider_document,
    rationale, source_label,
};
use crate::ExportData;

pub(super) fn cover(w: &mut Writer, data: &ExportData) {
    let e = &data.view.engagement;
    w.new_page(false);
    let body = w.body_width();
    w.y -= 30.0;
    w.paragraph(MARGIN, body, TITLE, &e.client);
    w.y -= 4.0;
    w.paragraph(MARGIN, body, HEADING, &e.name);
    w.paragraph(
        MARGIN,
        body,
        BODY.with_colour(GREY),
        "Shared responsibility matrix: who implements each control, for every cloud service in scope",
    );
    w.y -= 16.0;

    let facts = facts(data);
    let generated_at = (
        "Generated at",
        format!("{} UTC", data.generated_at.format("%Y-%m-%d %H:%M")),
    );
    let reports = (
        "Provider reports",
        "SOC 2 reports and other provider attestations are referenced by name and date, never \
         included in this pack."
            .to_string(),
    );
    let fields = facts
        .about
        .into_iter()
        .chain([generated_at])
        .chain(facts.provenance)
        .chain([reports]);
    let label_width = 110.0;
    for (label, value) in fields {
        let top = w.y;
        w.y -= LABEL.size;
        w.text(MARGIN, w.y, LABEL, label);
        w.y = top;
        w.paragraph(MARGIN + label_width, body - label_width, BODY, &value);
        w.y -= 6.0;
    }

    w.y -= 18.0;
    w.heading("Sign-off");
    let rows: Vec<Vec<Cell>> = sign_off(data)
        .into_iter()
        .map(|s| {
            vec![
                Cell::text(s.step),
                Cell::text(s.name),
                Cell::text(s.role),
                Cell::text(format!("{}\n\n", s.date)),
                Cell::text(""),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Step", 1.0),
            ("Name", 1.6),
            ("Role", 1.4),
            ("Date", 1.0),
            ("Signature", 1.6),
        ],
        &rows,
        false,
    );
}

pub(super) fn legend(w: &mut Writer) {
    w.new_page(false);
    w.heading("Legend: the six ownership values");
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        "Every cell carries a colour and a letter, so the meaning survives a black-and-white \
         printout. The columns give the term each framework's own responsibility documents use.",
    );
    w.y -= 8.0;
    let rows: Vec<Vec<Cell>> = Ownership::ALL
        .iter()
        .map(|&o| {
            let t = native_terms(o);
            vec![
                Cell::owner(o),
                Cell::text(t.meaning),
                Cell::text(t.fedramp),
                Cell::text(t.caiq),
                Cell::text(t.pci),
                Cell::text(t.soc2),
                Cell::text(t.hipaa),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Ownership", 1.7),
            ("Meaning", 1.9),
            ("FedRAMP CRM (Can Be Inherited from CSP)", 1.3),
            ("CSA CAIQ SSRM", 1.1),
            ("PCI DSS 12.8.5", 1.1),
            ("SOC 2", 1.5),
            ("HIPAA", 1.5),
        ],
        &rows,
        false,
    );
}

pub(super) fn providers(w: &mut Writer, data: &ExportData) {
    w.new_page(true);
    w.heading("Provider register");
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "The providers of the services in scope, their attestations with the services each \
             covers, and the responsibility matrices imported from them. Status as of {}. \
             Reports are referenced by name, period and location, never included.",
            data.generated_at.date()
        ),
    );
    w.y -= 8.0;
    let or_not_recorded = |d: Option<chrono::NaiveDate>| {
        d.map_or_else(|| "not recorded".to_string(), |d| d.to_string())
    };
    let rows: Vec<Vec<Cell>> = register(data)
        .into_iter()
        .map(|r| {
            let attestation = if r.status.is_empty() {
                r.attestation
            } else {
                format!("{}\n({})", r.attestation, r.status)
            };
            let mut reviews = format!(
                "BAA: {}\nLast review: {}\nNext review: {}",
                r.baa,
                or_not_recorded(r.last_review),
                or_not_recorded(r.next_review)
            );
            if !r.csocs.is_empty() {
                reviews += &format!("\nExpected of it (CSOCs):\n{}", r.csocs);
            }
            vec![
                Cell::text(r.provider),
                Cell::text(attestation),
                Cell::text(r.services),
                Cell::text(r.details),
                Cell::text(reviews),
                Cell::text(r.matrices),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Provider", 0.9),
            ("Attestation", 1.6),
            ("Services covered", 1.4),
            ("Details", 2.6),
            ("BAA and vendor review", 1.3),
            ("Imported responsibility matrix", 1.4),
        ],
        &rows,
        true,
    );
}

pub(super) fn gaps(w: &mut Writer, data: &ExportData) {
    w.new_page(true);
    w.heading("Open gaps");
    let gaps = &data.gaps.gaps;
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "{} open on {}, most severe first.",
            match gaps.len() {
                0 => "No gap is".to_string(),
                1 => "1 gap is".to_string(),
                n => format!("{n} gaps are"),
            },
            data.gaps.today
        ),
    );
    w.y -= 8.0;
    if gaps.is_empty() {
        return;
    }
    let rows: Vec<Vec<Cell>> = gaps
        .iter()
        .map(|g| {
            let mut control = g
                .framework
                .map(|f| f.label().to_string())
                .unwrap_or_default();
            if let Some(c) = &g.control {
                control = format!("{control} {c}");
            }
            vec![
                Cell::text(g.severity.id()),
                Cell::text(format!(
                    "{}\n{}",
                    g.service.clone().unwrap_or_default(),
                    g.provider.clone().unwrap_or_default()
                )),
                Cell::text(control),
                Cell::text(g.message.clone()),
                Cell::text(g.fix.clone()),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Severity", 0.6),
            ("Service and provider", 1.4),
            ("Control", 1.0),
            ("What is missing", 3.0),
            ("What to do", 2.6),
        ],
        &rows,
        true,
    );
}

/// A section of matrix rows: its heading and what it holds.
pub(super) struct Section {
    heading: &'static str,
    intro: &'static str,
}

/// The client's own controls, once for the engagement.
pub(super) const ENTITY_SECTION: Section = Section {
    heading: "Entity-level controls",
    intro: "The client's own controls (policies, governance, people, risk), once for the \
            engagement rather than once per service. No layer of a service decides them: an \
            override of a service's layer never makes them not applicable, inherited or the \
            provider's.",
};

/// The rows of each service.
pub(super) const MATRIX_SECTION: Section = Section {
    heading: "Control matrix",
    intro: "",
};

pub(super) fn matrix(w: &mut Writer, section: Section, rows: &[&MatrixRow]) {
    w.new_page(true);
    w.heading(section.heading);
    if !section.intro.is_empty() {
        let body = w.body_width();
        w.paragraph(MARGIN, body, BODY, section.intro);
        w.y -= 6.0;
    }
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let mut provider = r.provider_label.clone().unwrap_or_default();
            let document = provider_document(r);
            if !document.is_empty() {
                provider = format!("{provider}\n{document}");
            }
            let attestation = attestation(r);
            if !attestation.is_empty() {
                provider = format!("{provider}\nAttestation: {attestation}");
            }
            let mut customer = customer_part(r).unwrap_or_default();
            let why = rationale(r).to_string();
            if !why.is_empty() {
                customer = if customer.is_empty() {
                    why
                } else {
                    format!("{customer}\nWhy: {why}")
                };
            }
            let reviewed = r
                .last_reviewed
                .as_ref()
                .map(|v| format!("{} {}", v.on, v.by))
                .unwrap_or_default();
            vec![
                Cell::text(format!("{}\n{}", r.service_label(), layers_text(r))),
                Cell::text(format!("{} {}", r.framework.label(), r.control_id)),
                Cell::text(r.title.clone()),
                Cell::owned(r.owner, owner_text(r)),
                Cell::text(format!("{}\n{provider}", source_label(r.source))),
                Cell::text(customer),
                Cell::text(evidence_text(r)),
                Cell::text(format!(
                    "{}\n{reviewed}",
                    r.row_owner.clone().unwrap_or_default()
                )),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Service and layers", 1.5),
            ("Control", 0.9),
            ("Title", 1.6),
            ("Ownership", 1.1),
            ("Source, provider's label, attestation", 1.5),
            ("Customer's part and rationale", 2.6),
            ("Evidence", 1.4),
            ("Owner, last reviewed", 1.0),
        ],
        &cells,
        true,
    );
}
