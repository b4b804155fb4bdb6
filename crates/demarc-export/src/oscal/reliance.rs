//! What a statement's provider part relies on: the attestation that covers it, or else the
//! provider's attestations that could stand for the row's framework and why each does not, so
//! that every statement relying on a provider links to what it relies on.

use demarc_core::{frameworks_of, Attestation, AttestationKind, Framework, MatrixRow, Ownership};

use crate::ExportData;

/// The attestations behind the provider's part of one row.
pub(super) struct Leaning<'a> {
    /// The current attestation covering the row's service and requirement.
    pub covering: Option<&'a Attestation>,
    /// With none covering: the provider's attestations of a kind that stands for the row's
    /// framework, each with why it does not cover the row.
    pub others: Vec<(&'a Attestation, String)>,
}

impl Leaning<'_> {
    /// A leveraged FedRAMP authorization backs the row.
    pub fn by_fedramp(&self) -> bool {
        self.covering
            .is_some_and(|a| a.kind() == AttestationKind::Fedramp)
    }
}

/// The attestation kinds that can stand for `framework`: a HIPAA row leans on a SOC 2 report
/// (the BAA is named on the row, `MatrixRow.baa`, and binds rather than attests).
fn stands_for(kind: AttestationKind, framework: Framework) -> bool {
    (framework == Framework::Hipaa && kind == AttestationKind::Soc2)
        || frameworks_of(kind).contains(&framework)
}

/// What the provider's part of `r` relies on; nothing for a row with no provider part.
pub(super) fn leaning<'a>(data: &'a ExportData, r: &MatrixRow) -> Leaning<'a> {
    let none = Leaning {
        covering: None,
        others: Vec::new(),
    };
    // A shared row carries the report covering its provider part (`ExportData::load`).
    let covering = match r.owner {
        Ownership::Inherited | Ownership::Shared => r
            .attestation
            .as_ref()
            .and_then(|a| data.attestations.iter().find(|x| x.id == a.id)),
        Ownership::Provider => None,
        _ => return none,
    }
    .filter(|a| a.kind() != AttestationKind::Baa);
    if covering.is_some() {
        return Leaning {
            covering,
            others: Vec::new(),
        };
    }
    let Some(service) = data
        .view
        .services
        .iter()
        .find(|s| Some(s.id) == r.service_id)
    else {
        return none;
    };
    let reliance = data.reliance();
    let others = data
        .attestations
        .iter()
        .filter(|a| {
            a.provider
                .trim()
                .eq_ignore_ascii_case(service.provider.trim())
        })
        .filter(|a| stands_for(a.kind(), r.framework))
        .map(|a| {
            let why = if !a.covers(&service.name) {
                format!("it does not name {}", service.name)
            } else if !reliance.current(&a.details) {
                "it is not current".to_string()
            } else if a.carves_out(r.framework, &r.control_id) {
                "it carves the criterion out to a subservice organisation".to_string()
            } else {
                "it does not take in the requirement".to_string()
            };
            (a, why)
        })
        .collect();
    Leaning {
        covering: None,
        others,
    }
}

/// The FedRAMP authorizations some statement inherits from: the plan's leveraged
/// authorizations. One that no row uses is a back-matter resource like any attestation.
pub(super) fn used_authorizations(data: &ExportData) -> std::collections::BTreeSet<i64> {
    data.rows
        .iter()
        .filter(|r| {
            matches!(
                r.owner,
                Ownership::Inherited | Ownership::Provider | Ownership::Shared
            )
        })
        .filter_map(|r| leaning(data, r).covering)
        .filter(|a| a.kind() == AttestationKind::Fedramp)
        .map(|a| a.id)
        .collect()
}
