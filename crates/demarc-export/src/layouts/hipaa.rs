//! The HIPAA business associate register: every vendor with a determination (a business
//! associate or not, and why), the services handling PHI that no signed BAA covers in a column
//! of their own, and the terms of each agreement. PHI only: no other kind of data is named.

use demarc_core::{
    phi_without_baa, Attestation, AttestationDetails, Baa, BaaStatus, DataType, Service,
};
use rust_xlsxwriter::Workbook;

use crate::xlsx::{date, table, Formats, FIRST_ROW};
use crate::{ExportData, Result};

const COLUMNS: [(&str, f64); 15] = [
    ("Vendor", 14.0),
    ("Determination", 16.0),
    ("Why", 36.0),
    ("Services handling PHI", 24.0),
    ("PHI services without a signed BAA", 22.0),
    ("BAA status", 12.0),
    ("Effective", 11.0),
    ("Accounts covered", 20.0),
    ("Services the BAA covers", 24.0),
    ("Eligible services (reference)", 26.0),
    ("Subcontractor flow-down", 24.0),
    ("Breach notice", 22.0),
    ("BAA next review", 11.0),
    ("Agreement (where it is kept)", 26.0),
    ("Other services in scope", 22.0),
];

/// What a blank term of an agreement prints.
const NOT_RECORDED: &str = "not recorded";
/// What a term prints when no agreement is signed.
const NO_AGREEMENT: &str = "no agreement";

/// A vendor's determination and why, from its agreement and the services handling PHI.
pub(crate) fn determination(
    client: &str,
    baa: Option<&Baa>,
    phi: &[&Service],
) -> (&'static str, String) {
    let recorded = baa.and_then(|b| b.terms.determination.clone());
    let names = || {
        phi.iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match baa.map(|b| b.status) {
        Some(BaaStatus::NotRequired) => (
            "Not a business associate",
            recorded.unwrap_or_else(|| "Recorded as not requiring a BAA".into()),
        ),
        _ if !phi.is_empty() => (
            "Business associate",
            recorded.unwrap_or_else(|| {
                format!(
                    "Creates, receives, maintains or transmits PHI for {client} through {}",
                    names()
                )
            }),
        ),
        Some(BaaStatus::Signed) => (
            "Business associate",
            recorded.unwrap_or_else(|| {
                "A BAA is signed, though no service in scope is recorded as handling PHI".into()
            }),
        ),
        _ => (
            "Not a business associate",
            recorded.unwrap_or_else(|| "No service in scope handles PHI".into()),
        ),
    }
}

fn baa_of(a: &Attestation) -> Option<&Baa> {
    match &a.details {
        AttestationDetails::Baa(b) => Some(b),
        _ => None,
    }
}

pub(super) fn sheets(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let vendors = data.providers();
    let ws = book.add_worksheet();
    let mut t = table(ws, "Business associates", &COLUMNS, vendors.len(), data, f)?;
    let client = &data.view.engagement.client;
    for (row, vendor) in (FIRST_ROW..).zip(&vendors) {
        let services: Vec<&Service> = data
            .view
            .services
            .iter()
            .filter(|s| s.provider.eq_ignore_ascii_case(vendor))
            .collect();
        let phi: Vec<&Service> = services
            .iter()
            .copied()
            .filter(|s| s.data_types.contains(&DataType::Phi))
            .collect();
        let baas: Vec<(&Attestation, &Baa)> = data
            .attestations_of(vendor)
            .filter_map(|a| baa_of(a).map(|b| (a, b)))
            .collect();
        // The agreement in force: a signed one first, else the latest recorded.
        let baa = baas
            .iter()
            .find(|(_, b)| b.status == BaaStatus::Signed)
            .or(baas.last())
            .copied();
        let (verdict, why) = determination(client, baa.map(|(_, b)| b), &phi);
        let names = |list: &[&Service]| {
            list.iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        // Flagged by the rule the exceptions and the gaps apply: no signed BAA in force covers
        // the service, by name or as an eligible service.
        let uncovered: Vec<&Service> = phi
            .iter()
            .copied()
            .filter(|s| phi_without_baa(s, &data.attestations, data.reliance()))
            .collect();
        t.text(row, 0, vendor, &f.wrap)?;
        t.label(row, 1, verdict)?;
        t.text(row, 2, &why, &f.wrap)?;
        t.text(row, 3, &names(&phi), &f.wrap)?;
        if !uncovered.is_empty() {
            let flag = f.bold.clone().set_font_color(0xC00000);
            t.text(row, 4, &format!("FLAG: {}", names(&uncovered)), &flag)?;
        }
        let others: Vec<&Service> = services
            .iter()
            .copied()
            .filter(|s| !s.data_types.contains(&DataType::Phi))
            .collect();
        t.text(row, 14, &names(&others), &f.wrap)?;
        let Some((a, b)) = baa else {
            t.label(row, 5, "None on file")?;
            continue;
        };
        t.label(row, 5, b.status.label())?;
        // A term left blank says so: a blank cell reads as nothing to ask about. Without an
        // agreement in force there are no terms to record.
        let agreement = matches!(b.status, BaaStatus::Signed | BaaStatus::Terminated);
        let blank = if agreement {
            NOT_RECORDED
        } else {
            NO_AGREEMENT
        };
        let or_not = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(blank)
                .to_string()
        };
        match b.effective {
            Some(d) => date(t.ws, row, 6, d, f)?,
            None => t.label(row, 6, blank)?,
        }
        let accounts = b.accounts.join("\n");
        t.text(row, 7, &or_not(Some(&accounts)), &f.wrap)?;
        // Every service in scope the agreement covers: those it names and those among its
        // eligible services, as the rows and the exceptions read it. A record of no agreement
        // (not required, requested) covers none.
        let covered: Vec<&Service> = services
            .iter()
            .copied()
            .filter(|s| agreement && a.covers(&s.name))
            .collect();
        t.text(row, 8, &or_not(Some(&names(&covered))), &f.wrap)?;
        let listed = format!("Listed: {}", b.eligible_services.join(", "));
        let eligible = match (&b.terms.eligible_reference, b.eligible_services.is_empty()) {
            (Some(r), false) => format!("{r}\n{listed}"),
            (Some(r), true) => r.clone(),
            (None, false) => listed,
            (None, true) => String::new(),
        };
        t.text(row, 9, &or_not(Some(&eligible)), &f.wrap)?;
        t.text(row, 10, &or_not(b.terms.subcontractors.as_deref()), &f.wrap)?;
        t.text(row, 11, &or_not(b.terms.breach_notice.as_deref()), &f.wrap)?;
        match b.next_review {
            Some(d) => date(t.ws, row, 12, d, f)?,
            None => t.label(row, 12, blank)?,
        }
        t.text(row, 13, &or_not(b.terms.document.as_deref()), &f.wrap)?;
    }
    t.format_rows(vendors.len(), 1, 1, &f.wrap)?;
    t.format_rows(vendors.len(), 5, 5, &f.wrap)?;
    t.repeat_columns(1)?;
    t.finish()
}
