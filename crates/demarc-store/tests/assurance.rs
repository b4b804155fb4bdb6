//! Vendor assurance on the engagement file: attestations and reviews, their refusals, the
//! inheritance they give matrix rows and the gap list.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use demarc_core::{
    AttestationDetails, AttestationKind, Baa, BaaMechanism, BaaStatus, BaaTerms, BridgeLetter,
    Cuec, DataType, Engagement, Framework, GapKind, MatrixFilter, MatrixRow, NewAttestation,
    NewService, Opinion, Ownership, Sensitivity, ServiceModel, Soc2Report, Soc2Type,
    SubserviceMethod, TrustCategory, VendorReview,
};
use demarc_store::{EngagementFile, StoreError, LATEST_VERSION};
use rusqlite::Connection;

const WHO: &str = "test";

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.demarc");
    (dir, path)
}

/// SOC 2 and HIPAA in scope, audit window the first half of 2027; RDS (AWS, PHI) and Stripe.
fn acme(path: &Path) -> EngagementFile {
    let mut e = Engagement::new("Acme");
    e.frameworks = vec![Framework::Soc2, Framework::Hipaa];
    e.audit_start = Some(d("2027-01-01"));
    e.audit_end = Some(d("2027-06-30"));
    let mut file = EngagementFile::create(path, &e).unwrap();
    for (name, provider, data) in [
        ("RDS", "AWS", DataType::Phi),
        ("Stripe", "Stripe", DataType::CardholderData),
    ] {
        file.add_service(
            &NewService {
                name: name.into(),
                provider: provider.into(),
                model: ServiceModel::Paas,
                sensitivity: Sensitivity::High,
                data_types: vec![data],
                frameworks: vec![Framework::Soc2, Framework::Hipaa],
            },
            WHO,
        )
        .unwrap();
    }
    file
}

fn report(end: &str, cuecs: &[&str]) -> AttestationDetails {
    AttestationDetails::Soc2(Soc2Report {
        report_type: Soc2Type::Type2,
        period_start: d("2026-01-01"),
        period_end: d(end),
        issued: None,
        auditor: "Ernst & Young LLP".into(),
        categories: vec![TrustCategory::Security, TrustCategory::Availability],
        opinion: Opinion::Unqualified,
        exceptions_noted: false,
        subservice_method: SubserviceMethod::CarveOut,
        subservice_organizations: Vec::new(),
        carved_out_criteria: Vec::new(),
        cuecs: cuecs.iter().map(|c| Cuec::new(*c)).collect(),
        no_cuecs: false,
        exceptions: Vec::new(),
        bridge_letter: None,
        reference: "AWS Artifact, downloaded 2027-01-10".into(),
    })
}

fn soc2(services: &[&str], end: &str) -> NewAttestation {
    NewAttestation {
        provider: "AWS".into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        details: report(end, &[]),
        outside_scope: Vec::new(),
    }
}

fn rds_rows(file: &EngagementFile, today: &str) -> Vec<MatrixRow> {
    file.matrix_on(
        &MatrixFilter {
            service: Some("RDS".into()),
            framework: Some(Framework::Soc2),
            scope: None,
        },
        d(today),
    )
    .unwrap()
}

fn invalid_field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn attestations_are_added_changed_deleted_and_logged() {
    let (_dir, path) = temp();
    let mut file = acme(&path);
    let a = file
        .add_attestation(&soc2(&["rds"], "2026-12-31"), WHO)
        .unwrap();
    assert_eq!(a.kind(), AttestationKind::Soc2);
    assert_eq!(a.services, ["RDS"]);
    assert_eq!(file.attestations().unwrap(), std::slice::from_ref(&a));

    let mut changed = soc2(&["RDS"], "2026-12-31");
    changed.details = AttestationDetails::Baa(Baa {
        status: BaaStatus::Signed,
        mechanism: Some(BaaMechanism::ClickThrough),
        effective: Some(d("2025-03-01")),
        accounts: vec!["111122223333".into()],
        next_review: Some(d("2027-03-01")),
        eligible_services: Vec::new(),
        terms: BaaTerms::default(),
    });
    let b = file.update_attestation(a.id, &changed, WHO).unwrap();
    assert_eq!((b.id, b.kind()), (a.id, AttestationKind::Baa));

    let refused = file.delete_attestation(a.id, " ", WHO).unwrap_err();
    assert_eq!(invalid_field(refused), "reason");
    file.delete_attestation(a.id, "replaced by the negotiated BAA", WHO)
        .unwrap();
    assert!(file.attestations().unwrap().is_empty());

    let log = file.decisions().unwrap();
    let ours: Vec<_> = log
        .iter()
        .filter(|d| d.subject.starts_with("provider \"AWS\""))
        .collect();
    assert_eq!(ours.len(), 3);
    assert!(ours[0]
        .new_value
        .as_deref()
        .unwrap()
        .contains("SOC 2 Type II"));
    assert!(ours[1].old_value.as_deref().unwrap().contains("SOC 2"));
    assert!(ours[1]
        .new_value
        .as_deref()
        .unwrap()
        .contains("BAA (signed)"));
    assert_eq!(
        ours[2].reason.as_deref(),
        Some("replaced by the negotiated BAA")
    );

    // reopened, the register reads the same
    let reopened_review = file
        .set_vendor_review(
            &VendorReview {
                provider: "aws".into(),
                last_reviewed: Some(d("2026-10-01")),
                next_review: Some(d("2027-01-01")),
            },
            WHO,
        )
        .unwrap();
    assert_eq!(reopened_review.provider, "AWS");
    drop(file);
    let file = EngagementFile::open(&path).unwrap();
    assert_eq!(file.vendor_reviews().unwrap(), [reopened_review]);
}

#[test]
fn refusals_name_the_field() {
    let (_dir, path) = temp();
    let mut file = acme(&path);
    let backwards = soc2(&["RDS"], "2025-12-31");
    let cases: Vec<(NewAttestation, &str, &str)> = vec![
        (backwards, "period_end", "before it starts"),
        (
            NewAttestation {
                provider: " ".into(),
                ..soc2(&["RDS"], "2026-12-31")
            },
            "provider",
            "empty",
        ),
        (soc2(&[], "2026-12-31"), "services", "at least one"),
        (
            soc2(&["Lambda"], "2026-12-31"),
            "services",
            "no service named",
        ),
        (
            soc2(&["Stripe"], "2026-12-31"),
            "services",
            "is a service of Stripe, not of AWS",
        ),
        (
            {
                let mut a = soc2(&["RDS"], "2026-12-31");
                if let AttestationDetails::Soc2(r) = &mut a.details {
                    r.bridge_letter = Some(BridgeLetter {
                        date: d("2027-01-10"),
                        covers_to: d("2026-11-30"),
                    });
                }
                a
            },
            "bridge_letter",
            "not after the period end",
        ),
    ];
    for (a, field, words) in cases {
        let e = file.add_attestation(&a, WHO).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with(&format!("{field}: ")), "{text}");
        assert!(text.contains(words), "{text}");
    }
    let review = file.set_vendor_review(
        &VendorReview {
            provider: "AWS".into(),
            last_reviewed: Some(d("2027-01-01")),
            next_review: Some(d("2026-12-01")),
        },
        WHO,
    );
    assert_eq!(invalid_field(review.unwrap_err()), "next_review");
    assert!(file.attestations().unwrap().is_empty());
    assert!(file.vendor_reviews().unwrap().is_empty());
}

#[test]
fn an_inherited_row_turns_into_a_provider_gap_when_its_report_goes_stale() {
    let (_dir, path) = temp();
    let mut file = acme(&path);
    let provider_side = |rows: &[MatrixRow]| -> Vec<String> {
        rows.iter()
            .filter(|r| r.owner.is_provider_side())
            .map(|r| r.control_id.clone())
            .collect()
    };
    let before = rds_rows(&file, "2027-01-15");
    let controls = provider_side(&before);
    assert!(!controls.is_empty());
    assert!(before
        .iter()
        .filter(|r| r.owner.is_provider_side())
        .all(|r| r.owner == Ownership::Provider && r.attestation.is_none()));

    let a = file
        .add_attestation(&soc2(&["RDS"], "2026-12-31"), WHO)
        .unwrap();
    let covered = rds_rows(&file, "2027-12-31"); // the last day of the 12 months
    assert_eq!(provider_side(&covered), controls);
    for r in covered.iter().filter(|r| r.owner.is_provider_side()) {
        assert_eq!(r.owner, Ownership::Inherited, "{}", r.control_id);
        assert_eq!(r.attestation.as_ref().map(|x| x.id), Some(a.id));
    }
    let gaps = file.gaps(d("2027-12-31")).unwrap();
    let on = |kind: GapKind, gaps: &demarc_core::GapReport| {
        gaps.gaps
            .iter()
            .filter(|g| g.kind == kind && g.service.as_deref() == Some("RDS"))
            .filter(|g| g.framework == Some(Framework::Soc2))
            .count()
    };
    assert_eq!(on(GapKind::ProviderUnattested, &gaps), 0);

    // Read after the report went stale, it still speaks for this audit window: reliance is
    // judged against the window, not the day of reading.
    let later = rds_rows(&file, "2028-01-01");
    for r in later.iter().filter(|r| controls.contains(&r.control_id)) {
        assert_eq!(r.owner, Ownership::Inherited, "{}", r.control_id);
    }
    assert!(!file
        .gaps(d("2028-01-01"))
        .unwrap()
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::Soc2Stale));
    // The next audit window, which the report no longer reaches, turns the rows into gaps.
    file.set_audit_window(Some(d("2029-01-01")), Some(d("2029-06-30")), WHO)
        .unwrap();
    let stale = rds_rows(&file, "2028-01-01");
    for r in stale.iter().filter(|r| controls.contains(&r.control_id)) {
        assert_eq!(r.owner, Ownership::Provider, "{}", r.control_id);
        assert!(r.attestation.is_none());
    }
    let gaps = file.gaps(d("2028-01-01")).unwrap();
    assert_eq!(on(GapKind::ProviderUnattested, &gaps), controls.len());
    assert!(gaps.gaps.iter().any(|g| g.kind == GapKind::Soc2Stale));
}

#[test]
fn hipaa_rows_inherit_through_a_soc2_report_and_a_signed_baa() {
    let (_dir, path) = temp();
    let mut file = acme(&path);
    file.add_attestation(&soc2(&["RDS"], "2026-12-31"), WHO)
        .unwrap();
    let hipaa = |file: &EngagementFile| -> Vec<Ownership> {
        file.matrix_on(
            &MatrixFilter {
                service: Some("RDS".into()),
                framework: Some(Framework::Hipaa),
                scope: None,
            },
            d("2027-02-01"),
        )
        .unwrap()
        .iter()
        .map(|r| r.owner)
        .filter(|o| o.is_provider_side())
        .collect()
    };
    let without_baa = hipaa(&file);
    assert!(!without_baa.is_empty());
    assert!(without_baa.iter().all(|o| *o == Ownership::Provider));
    file.add_attestation(
        &NewAttestation {
            provider: "AWS".into(),
            services: vec!["RDS".into()],
            details: AttestationDetails::Baa(Baa {
                status: BaaStatus::Signed,
                mechanism: Some(BaaMechanism::ClickThrough),
                effective: Some(d("2025-03-01")),
                accounts: Vec::new(),
                next_review: None,
                eligible_services: Vec::new(),
                terms: BaaTerms::default(),
            }),
            outside_scope: Vec::new(),
        },
        WHO,
    )
    .unwrap();
    assert!(hipaa(&file).iter().all(|o| *o == Ownership::Inherited));
}

#[test]
fn gap_counts_follow_services_and_frameworks() {
    let (_dir, path) = temp();
    let file = acme(&path);
    let report = file.gaps(d("2027-02-01")).unwrap();
    let total: u32 = report.by_service.iter().map(|c| c.total).sum();
    let with_service = report.gaps.iter().filter(|g| g.service.is_some()).count();
    assert_eq!(total as usize, with_service);
    assert!(report.by_service.iter().any(|c| c.key == "RDS"));
    assert!(report
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::PhiWithoutBaa && g.service.as_deref() == Some("RDS")));
    assert!(report
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::Soc2WindowGap && g.message.starts_with("181 days")));
}

#[test]
fn a_version_3_file_migrates_and_takes_attestations() {
    let (dir, path) = temp();
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x444D_5243)
            .unwrap();
        for sql in [
            include_str!("../src/migrations/0001_initial.sql"),
            include_str!("../src/migrations/0002_control_matrix.sql"),
            include_str!("../src/migrations/0003_provider_matrix.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO engagement (id, client, name, created_at)
                 VALUES (1, 'Old Co', 'Old Co matrix', '2026-01-01T00:00:00Z');
             INSERT INTO engagement_framework VALUES ('soc2');
             INSERT INTO provider (id, name) VALUES (1, 'AWS');
             INSERT INTO service (id, provider_id, name, model) VALUES (1, 1, 'RDS', 'paas');
             INSERT INTO service_framework VALUES (1, 'soc2');",
        )
        .unwrap();
        for layer in demarc_core::Layer::ALL {
            let owner = demarc_core::default_owner(ServiceModel::Paas, layer);
            conn.execute(
                "INSERT INTO service_layer (service_id, layer, default_owner) VALUES (1, ?1, ?2)",
                [layer.id(), owner.id()],
            )
            .unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let mut file = EngagementFile::open(&path).unwrap();
    assert!(dir.path().join("acme.demarc.v3.bak").exists());
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    assert!(file.attestations().unwrap().is_empty());
    file.add_attestation(&soc2(&["RDS"], "2026-12-31"), WHO)
        .unwrap();
    assert!(rds_rows(&file, "2027-02-01")
        .iter()
        .any(|r| r.owner == Ownership::Inherited));
}

#[test]
fn vendor_gaps_follow_the_engagement_scope() {
    let (_dir, path) = temp();
    let mut file = acme(&path);
    file.add_service(
        &NewService {
            name: "EKS".into(),
            provider: "AWS".into(),
            model: ServiceModel::CaasCustomerNodes,
            sensitivity: Sensitivity::High,
            data_types: vec![DataType::CardholderData],
            frameworks: vec![Framework::PciDss],
        },
        WHO,
    )
    .unwrap();
    let aoc_gaps = |file: &EngagementFile| {
        file.gaps(d("2027-02-01"))
            .unwrap()
            .gaps
            .iter()
            .filter(|g| g.kind == GapKind::AocServiceMissing)
            .count()
    };
    // PCI DSS is in scope for the service, not for the engagement
    assert_eq!(aoc_gaps(&file), 0);
    let mut e = file.engagement().unwrap();
    e.frameworks.push(Framework::PciDss);
    file.update_engagement(&e).unwrap();
    assert_eq!(aoc_gaps(&file), 1);
}

#[test]
fn attestation_and_review_changes_undo_and_redo() {
    let (_dir, path) = temp();
    let mut file = acme(&path);
    let a = file
        .add_attestation(&soc2(&["RDS"], "2026-12-31"), WHO)
        .unwrap();
    let undone = file.undo(WHO).unwrap().unwrap();
    assert!(undone.contains(&format!("soc2 #{}", a.id)), "{undone}");
    assert!(file.attestations().unwrap().is_empty());
    file.redo(WHO).unwrap().unwrap();
    assert_eq!(file.attestations().unwrap(), std::slice::from_ref(&a));

    // An edit undone gives back the old period.
    let b = file
        .update_attestation(a.id, &soc2(&["RDS"], "2027-03-31"), WHO)
        .unwrap();
    assert_ne!(b, a);
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(file.attestation(a.id).unwrap(), a);

    // A deletion undone brings it back under its id, with the services it covered and the
    // inheritance it gives.
    let inherited = |file: &EngagementFile| {
        rds_rows(file, "2026-06-01")
            .iter()
            .filter(|r| r.owner == Ownership::Inherited)
            .count()
    };
    let before = inherited(&file);
    assert!(before > 0);
    file.delete_attestation(a.id, "withdrawn by mistake", WHO)
        .unwrap();
    assert_eq!(inherited(&file), 0);
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(file.attestation(a.id).unwrap(), a);
    assert_eq!(inherited(&file), before);

    // A first vendor review undone leaves none.
    let review = VendorReview {
        provider: "AWS".into(),
        last_reviewed: Some(d("2026-05-01")),
        next_review: Some(d("2027-05-01")),
    };
    file.set_vendor_review(&review, WHO).unwrap();
    file.undo(WHO).unwrap().unwrap();
    assert!(file.vendor_reviews().unwrap().is_empty());
    file.redo(WHO).unwrap().unwrap();
    assert_eq!(file.vendor_reviews().unwrap(), [review]);
    let conn = Connection::open(&path).unwrap();
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
}
