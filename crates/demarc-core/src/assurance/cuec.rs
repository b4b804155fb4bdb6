//! The rows made from the complementary user entity controls (CUECs) a SOC 2 report lists.

use super::Attestation;
use crate::{
    matrix_row, Evidence, Framework, MatrixRow, OwnerSource, Ownership, RowRecord, ScopedControl,
    Service,
};

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
    let control_id = cuec_control_id(report.id, n);
    let why = format!(
        "customer: a complementary user entity control of {}",
        report.label()
    );
    let control = ScopedControl {
        framework: Framework::Soc2,
        id: &control_id,
        title: text,
        family: CUEC_FAMILY,
        layers: &[],
        default_owner: Ownership::Customer,
        why: &why,
    };
    let mut row = matrix_row(service, control, record, evidence, None);
    if row.source == OwnerSource::LayerDefault {
        row.source = OwnerSource::VendorReport;
    }
    row.attestation = Some(report.reference());
    row
}
