//! The rows made from the complementary user entity controls (CUECs) a SOC 2 report lists.

use super::Attestation;
use crate::{Evidence, Framework, MatrixRow, OwnerSource, Ownership, RowRecord, Service};

/// The family of the rows made from complementary user entity controls.
pub const CUEC_FAMILY: &str = "CUEC";

/// The control id of the `n`th (1-based) CUEC of report `attestation_id`: `CUEC-12.3`.
pub fn cuec_control_id(attestation_id: i64, n: usize) -> String {
    format!("{CUEC_FAMILY}-{attestation_id}.{n}")
}

/// The customer row made from the `n`th (1-based) CUEC of SOC 2 report `report` for `service`,
/// with what people recorded on it: a person's override, else the customer's.
pub fn cuec_row(
    report: &Attestation,
    service: &Service,
    n: usize,
    text: &str,
    record: RowRecord,
    evidence: Vec<Evidence>,
) -> MatrixRow {
    let (owner, source) = match record.override_owner {
        Some(o) => (o, OwnerSource::Override),
        None => (Ownership::Customer, OwnerSource::VendorReport),
    };
    MatrixRow {
        service_id: service.id,
        service: service.name.clone(),
        framework: Framework::Soc2,
        control_id: cuec_control_id(report.id, n),
        title: text.to_string(),
        family: CUEC_FAMILY.to_string(),
        layers: Vec::new(),
        owner,
        source,
        default_owner: Ownership::Customer,
        provider_label: None,
        provider_source: None,
        attestation: Some(report.reference()),
        explanation: format!(
            "customer: a complementary user entity control of {}",
            report.label()
        ),
        reason: record.reason,
        customer_part: record.customer_part,
        evidence,
        row_owner: record.row_owner,
        last_reviewed: record.last_reviewed,
        na_justification: record.na_justification,
    }
}
