//! The pack's reference pages: the legend with the methodology, and the provider register.

use demarc_core::Ownership;

use super::page::{Writer, MARGIN};
use super::style::{BODY, LABEL};
use super::table::{table, Cell};
use crate::legend::native_terms;
use crate::register::register;
use crate::ExportData;

/// The methodology: where owners come from and when a provider's side counts as inherited.
const METHOD: &[(&str, &str)] = &[
    (
        "Layer default",
        "Each service has an owner for each of the 14 layers of its stack, from its service model \
         (IaaS, PaaS, SaaS...) unless a person overrode a layer with a reason. A control touches \
         some layers: it is the customer's when all of them are the customer's, the provider's \
         when all are on the provider's side, shared otherwise. A control that touches no layer \
         is organisational: the customer's.",
    ),
    (
        "Provider matrix",
        "A row of the provider's own responsibility matrix for the same control, imported with \
         its file, version, sheet and row. Its label is kept as the provider wrote it \
         (\"Provider's words\") beside the value it maps to.",
    ),
    (
        "Crosswalk",
        "A provider's row written for another framework that reaches this control through a \
         mapping between the frameworks. Only strong relationships (equal, subset) decide an \
         owner; each step of the trail is named.",
    ),
    (
        "Override",
        "A person's decision on the row, always with its reason; it wins over every other \
         source. Each is an entry of the decision log summarised at the end.",
    ),
    (
        "Scoping profile",
        "Not applicable because of the framework's scoping answers on the cover (PCI DSS entity \
         type and payment channels, HIPAA role, SOC 2 categories); the reason is printed once \
         per group of rows.",
    ),
    (
        "Vendor's attestation",
        "A PCI DSS requirement the provider's AOC does not list stays the customer's, whatever \
         the layers say.",
    ),
    (
        "Order",
        "Override, then the provider's matrix, then a crosswalk, then the layer default; the \
         scoping profile marks a requirement not applicable unless a person overrode it.",
    ),
    (
        "Inheritance",
        "A row on the provider's side is inherited only when a current attestation on file \
         covers its service and its requirement: a SOC 2 report (current until 12 months after \
         its period, for the trust services categories it covers), a PCI DSS AOC (12 months, \
         for the requirements it lists), an ISO 27001 certificate (until it expires) or a \
         FedRAMP authorization. HIPAA rows need a current SOC 2 report and a signed BAA in \
         force. Otherwise the row is the provider's without assurance, and a row claimed \
         inherited without one says so. A row the provider outsources to a subservice \
         organisation is inherited only through an inclusive report or the third party's own \
         attestation.",
    ),
    (
        "Entity level",
        "Controls of the client as a whole (governance, policies, people, risk) are listed once \
         for the engagement; no layer of a service moves them.",
    ),
    (
        "Compact rows",
        "The system-level tables group a service's rows that say the same thing (owner, source, \
         attestation, words). Controls are listed in catalog order; A–B spans the consecutive \
         controls of that service from A to B. Every row, one per service and control, is in \
         the workbook.",
    ),
];

pub(super) fn legend(w: &mut Writer) {
    w.section("Legend and methodology", false);
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
    w.y -= 14.0;
    w.need(60.0);
    w.mark("Methodology", 1);
    w.heading("Methodology: where each owner comes from");
    // The label column as wide as its longest label, so no label runs into its text.
    let label_width = METHOD
        .iter()
        .map(|(label, _)| w.text_width(LABEL, label))
        .fold(0.0, f32::max)
        + 10.0;
    let body = w.body_width();
    for (label, text) in METHOD {
        let lines = w.wrap(text, BODY, body - label_width).len();
        w.need(lines as f32 * BODY.line_height() + 4.0);
        let top = w.y;
        w.y -= LABEL.size;
        w.text(MARGIN, w.y, LABEL, label);
        w.y = top;
        w.paragraph(MARGIN + label_width, body - label_width, BODY, text);
        w.y -= 5.0;
    }
}

pub(super) fn providers(w: &mut Writer, data: &ExportData) {
    w.section("Provider register", true);
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "The providers of the services in scope, their attestations with the services each \
             covers, and the responsibility matrices imported from them. Status as of {} (a \
             SOC 2 report: {}, as the matrix relies on it). Reports are referenced by name, \
             period and location, never included.",
            data.generated_at.date(),
            match data.reliance().window {
                Some(_) => "current when in force on a day of the audit window",
                None => "current on that day",
            }
        ),
    );
    w.y -= 8.0;
    let or_not_recorded = |d: Option<chrono::NaiveDate>| {
        d.map_or_else(|| "not recorded".to_string(), |d| d.to_string())
    };
    // What belongs to the provider (BAA, reviews, CSOCs, matrices) is given on its first row.
    let mut previous = String::new();
    let rows: Vec<Vec<Cell>> = register(data)
        .into_iter()
        .map(|r| {
            let review_due = r.review_due_text();
            let attestation = if r.status.is_empty() {
                r.attestation
            } else {
                format!("{}\n({})", r.attestation, r.status)
            };
            let first = r.provider != previous;
            previous = r.provider.clone();
            let mut reviews = String::new();
            if first {
                reviews = format!(
                    "BAA: {}\nLast vendor review: {}\nVendor next review: {}",
                    r.baa,
                    or_not_recorded(r.last_review),
                    review_due
                );
                if !r.csocs.is_empty() {
                    reviews += &format!("\nExpected of it (CSOCs):\n{}", r.csocs);
                }
            }
            vec![
                Cell::text(if first { r.provider } else { String::new() }),
                Cell::text(attestation),
                Cell::text(r.services),
                Cell::text(r.details),
                Cell::text(reviews),
                Cell::text(if first { r.matrices } else { String::new() }),
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
