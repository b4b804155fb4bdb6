//! The HIPAA and SOC 2 findings of the third assessor review (issue 13), at the store boundary:
//! the decision log states what a BAA covers as the register does, the demo records why Stripe
//! is no business associate and the terms of Microsoft's BAA, and a requirement the HIPAA
//! profile makes not applicable for the whole entity is one entity-level row.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::NaiveDate;
use demarc_core::{
    AttestationDetails, BaaStatus, Framework, MatrixFilter, OwnerSource, Ownership, Scope, Subject,
};
use demarc_store::{write_demo, EngagementFile};

fn demo() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

#[test]
fn the_log_entry_of_a_baa_names_every_service_it_covers_as_the_register_reads_it() {
    let (_dir, file) = demo();
    let attestations = file.attestations().unwrap();
    let services = file.services().unwrap();
    for a in attestations
        .iter()
        .filter(|a| matches!(a.details, AttestationDetails::Baa(_)))
    {
        let entry = file
            .decisions()
            .unwrap()
            .into_iter()
            .find(|d| {
                matches!(&d.about, Subject::Attestation { attestation_id, .. }
                    if *attestation_id == a.id)
            })
            .unwrap();
        let text = entry.new_value.unwrap();
        // Every service in scope the BAA covers, by name or as an eligible service.
        for s in services.iter().filter(|s| a.covers(&s.name)) {
            assert!(text.contains(&s.name), "{} missing from {text:?}", s.name);
        }
    }
    // AWS's names four services and covers Lambda through its eligible services.
    let aws = attestations
        .iter()
        .find(|a| a.provider == "AWS" && matches!(a.details, AttestationDetails::Baa(_)))
        .unwrap();
    assert!(!aws.services.iter().any(|s| s == "AWS Lambda"));
    assert!(aws.covers("AWS Lambda"));
}

#[test]
fn the_demo_records_stripes_payment_processing_exemption_and_microsofts_baa_terms() {
    let (_dir, file) = demo();
    let attestations = file.attestations().unwrap();
    let baa = |provider: &str| {
        attestations
            .iter()
            .find_map(|a| match &a.details {
                AttestationDetails::Baa(b) if a.provider == provider => Some(b.clone()),
                _ => None,
            })
            .unwrap()
    };
    let stripe = baa("Stripe");
    assert_eq!(stripe.status, BaaStatus::NotRequired);
    let why = stripe.terms.determination.unwrap();
    for cited in [
        "1179",
        "Social Security Act",
        "42 U.S.C. 1320d-8",
        "payment",
    ] {
        assert!(why.contains(cited), "{cited} not in {why:?}");
    }
    // Microsoft handles PHI in the backup store: every term of its BAA is recorded.
    let microsoft = baa("Microsoft");
    assert_eq!(microsoft.status, BaaStatus::Signed);
    for (field, value) in microsoft.terms.fields() {
        if field != "determination" {
            assert!(value.is_some(), "Microsoft's BAA: {field} not recorded");
        }
    }
    assert!(microsoft
        .terms
        .document
        .unwrap()
        .contains("Data Protection Addendum"));
}

#[test]
fn the_clearinghouse_requirement_the_profile_rules_out_is_one_entity_level_row() {
    let (_dir, file) = demo();
    let on = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let rows: Vec<_> = file
        .matrix_on(&MatrixFilter::default(), on)
        .unwrap()
        .into_iter()
        .filter(|r| r.framework == Framework::Hipaa && r.control_id == "164.308(a)(4)(ii)(A)")
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row.scope, Scope::Entity);
    assert_eq!(row.service, None);
    assert_eq!(row.owner, Ownership::NotApplicable);
    assert_eq!(row.source, OwnerSource::Scoping);
    assert!(
        row.na_justification
            .as_deref()
            .is_some_and(|j| j.contains("clearinghouse")),
        "{row:?}"
    );
}
