//! When an export reads as a readiness / gap analysis rather than an evidence pack: the
//! engagement is unsigned (its version is a draft) and most of its customer-side rows
//! (customer and shared, the rows an assessor asks the client's evidence for) have no evidence
//! recorded. The cover and the running header of the PDF pack then say so first, so nobody
//! takes the pack for an approved evidence pack.

use super::SignOff;
use crate::{MatrixRow, Ownership};

/// What the cover and the running header say first on such an export.
pub const READINESS_DRAFT: &str = "Draft: readiness / gap analysis";

/// The customer-side rows of `rows`, and how many of them have no evidence recorded.
pub fn customer_evidence(rows: &[MatrixRow]) -> (usize, usize) {
    let customer: Vec<&MatrixRow> = rows
        .iter()
        .filter(|r| matches!(r.owner, Ownership::Customer | Ownership::Shared))
        .collect();
    let without = customer.iter().filter(|r| r.evidence.is_empty()).count();
    (customer.len(), without)
}

/// Whether an export of `rows` under `sign_off` is a readiness / gap analysis: unsigned, and
/// more than half of its customer-side rows without evidence.
pub fn reads_as_readiness(sign_off: &SignOff, rows: &[MatrixRow]) -> bool {
    let (customer, without) = customer_evidence(rows);
    sign_off.is_draft() && without * 2 > customer
}
