//! Complementary user entity controls (CUECs) as auditors use them: each belongs to its SOC 2
//! report, once, whatever the number of services the report covers. A CUEC mapped to the
//! client's criteria is the customer's part of those criteria's rows for every service the
//! report covers; what is missing on a CUEC (a mapping, an owner, evidence) is one gap, on the
//! report, never one per service.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Attestation, AttestationDetails, Soc2Report};
use crate::{Framework, MatrixRow, OwnerSource};

/// The prefix of the names CUEC gaps carry in their `control` field: `CUEC-12.3`.
pub const CUEC_FAMILY: &str = "CUEC";

/// The name of the `n`th (1-based) CUEC of report `attestation_id`: `CUEC-12.3`.
pub fn cuec_control_id(attestation_id: i64, n: usize) -> String {
    format!("{CUEC_FAMILY}-{attestation_id}.{n}")
}

/// How the client maps one CUEC of a report: its criteria, who is accountable, the evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CuecMapping {
    pub criteria: Vec<String>,
    pub owner: Option<String>,
    pub evidence: Option<String>,
}

/// A CUEC as it shows on a matrix row it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CuecRef {
    #[ts(type = "number")]
    pub attestation_id: i64,
    /// The report's short name.
    pub report: String,
    /// 1-based, in the report's order.
    pub number: u32,
    pub text: String,
    pub owner: Option<String>,
    pub evidence: Option<String>,
}

/// The SOC 2 reports whose CUECs, exceptions and other findings count: each provider's newest
/// (by period end); an older report replaced by a newer one no longer does.
pub fn reports_in_force(attestations: &[Attestation]) -> Vec<(&Attestation, &Soc2Report)> {
    fn soc2(a: &Attestation) -> Option<&Soc2Report> {
        match &a.details {
            AttestationDetails::Soc2(r) => Some(r),
            _ => None,
        }
    }
    attestations
        .iter()
        .filter_map(|a| soc2(a).map(|r| (a, r)))
        .filter(|(a, r)| {
            !attestations.iter().any(|b| {
                b.id != a.id
                    && b.provider.eq_ignore_ascii_case(&a.provider)
                    && soc2(b).is_some_and(|n| n.period_end > r.period_end)
            })
        })
        .collect()
}

/// Puts on a SOC 2 row the mapped CUECs of the reports in force covering its service (an
/// entity row, the client's once for the engagement, takes those of every report), with the
/// owner recorded on them as the row's owner when the row names none (their evidence counts
/// as the row's: `row_gaps`). A
/// provider-side row that no person decided becomes `shared`: the provider's control relies on
/// the customer's part, which the CUECs describe.
pub fn apply_cuecs(row: &mut MatrixRow, reports: &[(&Attestation, &Soc2Report)]) {
    if row.framework != Framework::Soc2 {
        return;
    }
    let covered = |a: &Attestation| row.service.as_deref().is_none_or(|s| a.covers(s));
    for (a, r) in reports.iter().filter(|(a, _)| covered(a)) {
        for (i, c) in r.cuecs.iter().enumerate() {
            if c.criteria
                .iter()
                .any(|k| k.trim().eq_ignore_ascii_case(&row.control_id))
            {
                row.cuecs.push(CuecRef {
                    attestation_id: a.id,
                    report: a.label(),
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    text: c.text.clone(),
                    owner: c.owner.clone(),
                    evidence: c.evidence.clone(),
                });
            }
        }
    }
    // The person accountable for the CUECs is the row's, unless the row names its own.
    if row.row_owner.is_none() {
        let mut owners: Vec<&str> = row
            .cuecs
            .iter()
            .filter_map(|c| c.owner.as_deref())
            .collect();
        owners.dedup();
        if !owners.is_empty() {
            row.row_owner = Some(owners.join(", "));
        }
    }
    if !row.cuecs.is_empty() && row.owner.is_provider_side() && row.source != OwnerSource::Override
    {
        row.owner = crate::Ownership::Shared;
        row.claimed_inherited = false;
        row.explanation = format!(
            "shared: the provider's report relies on the customer for {}",
            if row.cuecs.len() == 1 {
                "a complementary user entity control".to_string()
            } else {
                format!("{} complementary user entity controls", row.cuecs.len())
            }
        );
    }
}
