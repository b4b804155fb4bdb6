//! PCI DSS 12.8.5 in its own terms: who manages a requirement (TPSP, Customer, Shared, N/A)
//! and whether an AOC validates the TPSP's side of it.
//!
//! The rule: the responsibility says who performs the requirement, so a requirement the TPSP
//! runs stays "TPSP" (or "Shared") when its AOC is stale or does not list the service; a TPSP
//! does not stop running its data centres when its paperwork lapses. What such a row lacks is
//! validation: the TPSP's compliance does not cover it, and under 12.8.4 and 12.8.5 the entity
//! must obtain a current AOC that covers the service or include the service in its own
//! assessment. A requirement the TPSP's AOC leaves out of its listed requirements is the
//! customer's (`unclaimed_by`): the TPSP does not claim to run it.

use super::{
    aoc_missing_words, aoc_status, covering_attestation, AocStatus, Attestation, Reliance,
};
use crate::{Framework, MatrixRow, Ownership};

/// A requirement's responsibility in PCI DSS 12.8.5's terms. A provider-side row is the
/// TPSP's whether or not an AOC validates it (see `tpsp_validation`).
pub fn pci_term(owner: Ownership) -> &'static str {
    match owner {
        Ownership::Inherited | Ownership::Provider => "TPSP",
        Ownership::Customer => "Customer",
        Ownership::Shared => "Shared",
        Ownership::NotApplicable => "N/A",
        Ownership::Undetermined => "Not yet determined",
    }
}

/// What follows for a TPSP-side row no current AOC covers.
pub const UNDER_12_8: &str = "under 12.8.4 and 12.8.5 the entity must obtain a current AOC \
                              that covers the service, or include the service in its own \
                              assessment";

/// Whether an AOC validates the TPSP's side of a PCI DSS row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TpspValidation<'a> {
    /// A current AOC lists the service and takes in the requirement.
    Validated(&'a Attestation),
    /// No current AOC covers it; why, as a QSA says it.
    NotValidated(String),
}

impl TpspValidation<'_> {
    /// In a line: `Validated by Stripe PCI DSS 4.0.1 AOC 2026-06-15` or `Not validated (stale
    /// AOC: ...): under 12.8.4 and 12.8.5 ...`.
    pub fn words(&self) -> String {
        match self {
            TpspValidation::Validated(a) => format!("Validated by {}", a.label()),
            TpspValidation::NotValidated(why) => format!("Not validated ({why}): {UNDER_12_8}"),
        }
    }

    /// In a few words, for a compact table beside the AOC's name: `Validated by its AOC` or
    /// `Not validated: needs a current AOC or the entity's own assessment (12.8.4, 12.8.5)`.
    pub fn short(&self) -> &'static str {
        match self {
            TpspValidation::Validated(_) => "Validated by its AOC",
            TpspValidation::NotValidated(_) => {
                "Not validated: needs a current AOC or the entity's own assessment (12.8.4, \
                 12.8.5)"
            }
        }
    }

    pub fn is_validated(&self) -> bool {
        matches!(self, TpspValidation::Validated(_))
    }
}

/// The validation of the TPSP's side of `row` (a row of a service of `provider`), judged as
/// `on` says; `None` when the row has no TPSP side (the customer's, N/A, undetermined, an
/// entity-level row, another framework).
pub fn tpsp_validation<'a>(
    row: &MatrixRow,
    provider: &str,
    attestations: &'a [Attestation],
    on: impl Into<Reliance>,
) -> Option<TpspValidation<'a>> {
    let on = on.into();
    let service = row.service.as_deref()?;
    if row.framework != Framework::PciDss
        || !matches!(
            row.owner,
            Ownership::Inherited | Ownership::Provider | Ownership::Shared
        )
    {
        return None;
    }
    let by_row = row
        .attestation
        .as_ref()
        .and_then(|r| attestations.iter().find(|a| a.id == r.id));
    let covering = by_row.or_else(|| {
        covering_attestation(attestations, service, row.framework, &row.control_id, on)
    });
    Some(match covering {
        Some(a) if on.current(&a.details) => TpspValidation::Validated(a),
        _ => TpspValidation::NotValidated(aoc_missing_words(attestations, provider, service, on)),
    })
}

/// A TPSP's standing for its services in PCI DSS scope, for its heading: each service with
/// the AOC that validates it, or why none does and that the TPSP's compliance does not cover
/// it (what follows is `UNDER_12_8`).
pub fn tpsp_heading(
    attestations: &[Attestation],
    provider: &str,
    services: &[&str],
    on: impl Into<Reliance>,
) -> String {
    let on = on.into();
    let mut validated = Vec::new();
    let mut not = Vec::new();
    for &s in services {
        match aoc_status(attestations, s, on) {
            AocStatus::Current(a) => validated.push(format!("{s} by {}", a.label())),
            _ => not.push(format!(
                "{s} ({})",
                aoc_missing_words(attestations, provider, s, on)
            )),
        }
    }
    let mut out = Vec::new();
    if !validated.is_empty() {
        out.push(format!("Validated: {}", validated.join("; ")));
    }
    if !not.is_empty() {
        out.push(format!(
            "Not validated: {}; {provider}'s PCI DSS compliance does not cover {}",
            not.join("; "),
            if not.len() == 1 { "it" } else { "them" }
        ));
    }
    out.join(". ")
}
