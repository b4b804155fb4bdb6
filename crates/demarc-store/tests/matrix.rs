//! The control matrix on the engagement file: precedence, recomputation from the layers, bulk
//! changes, refusals and the migration of a version 1 file.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use demarc_core::{
    DataType, Engagement, FedrampLevel, Framework, Layer, MatrixFilter, MatrixRow, NewEvidence,
    NewService, OwnerSource, Ownership, Sensitivity, ServiceModel,
};
use demarc_store::{write_demo, ControlSelector, EngagementFile, StoreError, LATEST_VERSION};
use rusqlite::Connection;

const WHO: &str = "test";

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.demarc");
    (dir, path)
}

/// An engagement in scope for SOC 2 and HIPAA with one PaaS database in scope for both.
fn acme(path: &Path) -> (EngagementFile, i64) {
    let mut e = Engagement::new("Acme");
    e.frameworks = vec![Framework::Soc2, Framework::Hipaa];
    let mut file = EngagementFile::create(path, &e).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "RDS".into(),
                provider: "AWS".into(),
                model: ServiceModel::Paas,
                sensitivity: Sensitivity::High,
                data_types: vec![DataType::Phi],
                frameworks: vec![Framework::Soc2, Framework::Hipaa, Framework::PciDss],
            },
            WHO,
        )
        .unwrap();
    (file, s.id)
}

fn row(file: &EngagementFile, framework: Framework, control: &str) -> MatrixRow {
    file.matrix(&MatrixFilter {
        service: Some("RDS".into()),
        framework: Some(framework),
        scope: None,
    })
    .unwrap()
    .into_iter()
    .find(|r| r.control_id == control)
    .unwrap_or_else(|| panic!("no row {control}"))
}

fn soc2(file: &EngagementFile) -> Vec<MatrixRow> {
    file.matrix(&MatrixFilter {
        service: None,
        framework: Some(Framework::Soc2),
        scope: None,
    })
    .unwrap()
}

#[test]
fn rows_cover_the_frameworks_in_scope_for_both_engagement_and_service() {
    let (_dir, path) = temp();
    let (file, _) = acme(&path);
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    // PCI DSS is in scope for the service but not the engagement: no PCI rows.
    assert_eq!(rows.len(), 61 + 64);
    assert!(rows.iter().all(|r| r.framework != Framework::PciDss));
    assert!(rows
        .iter()
        .all(|r| r.source == OwnerSource::LayerDefault && r.owner == r.default_owner));
    assert_eq!(soc2(&file).len(), 61);
}

#[test]
fn precedence_override_beats_the_layer_default() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    // (control, owner derived from the PaaS layers, the explanation's start)
    // (CC1.1 and the other organisational controls have an entity row: see `entity.rs`.)
    let table = [
        (
            "CC6.1",
            Ownership::Customer,
            "customer: identities and access",
        ),
        ("CC6.4", Ownership::Provider, "provider: physical hosts"),
        (
            "CC6.6",
            Ownership::Shared,
            "shared: network controls are shared for PaaS",
        ),
    ];
    for (control, owner, why) in table {
        let r = row(&file, Framework::Soc2, control);
        assert_eq!((r.owner, r.default_owner), (owner, owner), "{control}");
        assert_eq!(r.source, OwnerSource::LayerDefault, "{control}");
        assert!(
            r.explanation.starts_with(why),
            "{control}: {}",
            r.explanation
        );
        assert_eq!(r.reason, None);
    }

    let changed = file
        .set_control_owner(
            Some(rds),
            Some(Framework::Soc2),
            &ControlSelector::Control("CC6.4".into()),
            Ownership::Inherited,
            "AWS SOC 2 type II covers the data centres",
            WHO,
        )
        .unwrap();
    assert_eq!(changed, 1);
    let r = row(&file, Framework::Soc2, "CC6.4");
    // No attestation is on file: the override stands as a claim, the row the provider's.
    assert_eq!((r.owner, r.claimed_inherited), (Ownership::Provider, true));
    assert_eq!(r.source, OwnerSource::Override);
    assert_eq!(r.default_owner, Ownership::Provider);
    assert_eq!(
        r.reason.as_deref(),
        Some("AWS SOC 2 type II covers the data centres")
    );
    // The same owner again changes nothing and logs nothing.
    let before = file.decisions().unwrap().len();
    let again = file
        .set_control_owner(
            Some(rds),
            None,
            &ControlSelector::Control("cc6.4".into()),
            Ownership::Inherited,
            "again",
            WHO,
        )
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(file.decisions().unwrap().len(), before);
}

#[test]
fn a_layer_change_recomputes_dependent_controls_and_keeps_overrides() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    file.set_control_owner(
        Some(rds),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.7".into()),
        Ownership::Shared,
        "TLS is enforced by the parameter group we manage",
        WHO,
    )
    .unwrap();
    assert_eq!(
        row(&file, Framework::Soc2, "CC6.6").owner,
        Ownership::Shared
    );

    file.set_layer_owner(
        rds,
        Layer::NetworkControls,
        Ownership::Customer,
        "Security groups are ours",
        WHO,
    )
    .unwrap();

    let r = row(&file, Framework::Soc2, "CC6.6");
    assert_eq!(
        (r.owner, r.default_owner),
        (Ownership::Customer, Ownership::Customer)
    );
    assert_eq!(
        r.explanation,
        "customer: network controls are the customer's, as set for RDS"
    );
    // 164.312(e) touches network controls too and follows.
    let r = row(&file, Framework::Hipaa, "164.312(e)(1)");
    assert_eq!(r.default_owner, Ownership::Customer);
    // An overridden row keeps its owner; its default moves underneath it.
    let r = row(&file, Framework::Soc2, "CC6.7");
    assert_eq!(r.owner, Ownership::Shared);
    assert_eq!(r.source, OwnerSource::Override);
    assert_eq!(r.default_owner, Ownership::Customer);
    // A control not touching the layer is unchanged.
    assert_eq!(
        row(&file, Framework::Soc2, "CC6.4").owner,
        Ownership::Provider
    );
}

#[test]
fn a_family_changes_in_one_go_with_one_decision_per_control() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    let before = file.decisions().unwrap().len();
    let changed = file
        .set_control_owner(
            Some(rds),
            None,
            &ControlSelector::Family("CC6".into()),
            Ownership::Shared,
            "Workshop decision: access is split with the DBA team",
            "Dana",
        )
        .unwrap();
    assert_eq!(changed, 8);
    let log = file.decisions().unwrap();
    let added = &log[before..];
    assert_eq!(added.len(), 8);
    for (d, n) in added.iter().zip(1..) {
        assert_eq!(
            d.subject,
            format!("service \"RDS\" control soc2 CC6.{n} owner")
        );
        assert_eq!(d.new_value.as_deref(), Some("shared"));
        assert_eq!(
            d.reason.as_deref(),
            Some("Workshop decision: access is split with the DBA team")
        );
        assert_eq!(d.who, "Dana");
    }
    let overridden: Vec<String> = soc2(&file)
        .into_iter()
        .filter(|r| r.source == OwnerSource::Override)
        .map(|r| r.control_id)
        .collect();
    assert_eq!(overridden.len(), 8);
    assert!(overridden.iter().all(|id| id.starts_with("CC6.")));
}

#[test]
fn a_layer_selects_every_control_touching_it_across_frameworks() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    let touching = file
        .matrix(&MatrixFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.layers.contains(&Layer::NetworkControls))
        .count();
    assert!(
        touching > 3,
        "only {touching} controls touch network controls"
    );
    let before = file.decisions().unwrap().len();
    let changed = file
        .set_control_owner(
            Some(rds),
            None,
            &ControlSelector::Layer(Layer::NetworkControls),
            Ownership::Customer,
            "The VPC is ours end to end",
            WHO,
        )
        .unwrap();
    assert_eq!(changed, touching);
    assert_eq!(file.decisions().unwrap().len(), before + touching);
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    for r in &rows {
        let expected = r.layers.contains(&Layer::NetworkControls);
        assert_eq!(
            r.source == OwnerSource::Override,
            expected,
            "{}",
            r.control_id
        );
    }
    assert!(rows
        .iter()
        .any(|r| r.framework == Framework::Hipaa && r.source == OwnerSource::Override));
}

#[test]
fn a_bulk_change_that_fails_part_way_writes_nothing() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    // Make the fifth control of the family fail inside the transaction.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER refuse_cc65 BEFORE INSERT ON control_row
         WHEN NEW.control_id = 'CC6.5'
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
    )
    .unwrap();
    drop(conn);
    let before = file.decisions().unwrap().len();
    let err = file
        .set_control_owner(
            Some(rds),
            None,
            &ControlSelector::Family("CC6".into()),
            Ownership::Shared,
            "bulk",
            WHO,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
    assert_eq!(file.decisions().unwrap().len(), before);
    assert!(soc2(&file)
        .iter()
        .all(|r| r.source == OwnerSource::LayerDefault));
}

#[test]
fn a_reason_is_required() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    let before = file.decisions().unwrap().len();
    let err = file
        .set_control_owner(
            Some(rds),
            None,
            &ControlSelector::Family("CC6".into()),
            Ownership::Customer,
            "   ",
            WHO,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { ref field, .. } if field == "reason"));
    assert_eq!(file.decisions().unwrap().len(), before);
    assert!(soc2(&file)
        .iter()
        .all(|r| r.source == OwnerSource::LayerDefault));
}

#[test]
fn unknown_controls_and_families_are_refused_by_name_with_nothing_written() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    let before = file.decisions().unwrap().len();
    let cases = [
        (
            ControlSelector::Control("ZZ-99".into()),
            None,
            "control",
            "ZZ-99",
        ),
        (ControlSelector::Family("QQ".into()), None, "family", "QQ"),
        // AC-2 exists in NIST SP 800-53, which is not in scope here.
        (
            ControlSelector::Control("AC-2".into()),
            None,
            "control",
            "AC-2",
        ),
        // CC6.1 exists, but not in HIPAA.
        (
            ControlSelector::Control("CC6.1".into()),
            Some(Framework::Hipaa),
            "control",
            "CC6.1",
        ),
    ];
    for (selector, framework, field, name) in cases {
        let err = file
            .set_control_owner(
                Some(rds),
                framework,
                &selector,
                Ownership::Customer,
                "why",
                WHO,
            )
            .unwrap_err();
        match &err {
            StoreError::Invalid { field: f, message } => {
                assert_eq!(f, field);
                assert!(message.contains(name), "{message}");
                assert!(message.contains("RDS"), "{message}");
            }
            other => panic!("{selector:?}: {other}"),
        }
    }
    let err = file
        .set_customer_part(Some(rds), Framework::Soc2, "CC99.1", "text", WHO)
        .unwrap_err();
    assert!(err.to_string().contains("CC99.1"), "{err}");
    assert_eq!(file.decisions().unwrap().len(), before);
    assert!(soc2(&file).iter().all(|r| r.customer_part.is_none()));
}

#[test]
fn row_details_are_stored_and_read_back() {
    let (_dir, path) = temp();
    let (mut file, rds) = acme(&path);
    file.set_customer_part(
        Some(rds),
        Framework::Soc2,
        "CC6.6",
        "We own the security groups",
        WHO,
    )
    .unwrap();
    file.set_na_justification(
        Some(rds),
        Framework::Hipaa,
        "164.310(a)(1)",
        "No premises",
        WHO,
    )
    .unwrap();
    file.set_row_owner(Some(rds), Framework::Soc2, "CC6.6", "Priya", WHO)
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    file.set_reviewed(Some(rds), Framework::Soc2, "CC6.6", "Marcus", day)
        .unwrap();
    let evidence = NewEvidence {
        title: "Security group export".into(),
        location: "binder/CC6.6.json".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 20),
        owner: Some("Priya".into()),
        due_date: NaiveDate::from_ymd_opt(2027, 3, 1),
    };
    let r = file
        .add_evidence(Some(rds), Framework::Soc2, "CC6.6", &evidence, WHO)
        .unwrap();
    assert_eq!(r.evidence.len(), 1);
    drop(file);

    let file = EngagementFile::open(&path).unwrap();
    let r = row(&file, Framework::Soc2, "CC6.6");
    assert_eq!(
        r.customer_part.as_deref(),
        Some("We own the security groups")
    );
    assert_eq!(r.row_owner.as_deref(), Some("Priya"));
    let review = r.last_reviewed.unwrap();
    assert_eq!((review.by.as_str(), review.on), ("Marcus", day));
    let e = &r.evidence[0];
    assert_eq!(
        (e.title.as_str(), e.location.as_str(), e.owner.as_deref()),
        ("Security group export", "binder/CC6.6.json", Some("Priya"))
    );
    assert_eq!((e.date, e.due_date), (evidence.date, evidence.due_date));
    // Details alone do not make an override.
    assert_eq!(r.source, OwnerSource::LayerDefault);
    let na = row(&file, Framework::Hipaa, "164.310(a)(1)");
    assert_eq!(na.na_justification.as_deref(), Some("No premises"));
    // The row of another service or framework is untouched.
    assert!(row(&file, Framework::Soc2, "CC6.5").evidence.is_empty());
}

#[test]
fn the_fedramp_baseline_decides_the_fedramp_rows() {
    let (_dir, path) = temp();
    let mut e = Engagement::new("Gov");
    e.frameworks = vec![Framework::Fedramp];
    let mut file = EngagementFile::create(&path, &e).unwrap();
    file.add_service(
        &NewService {
            name: "EC2".into(),
            provider: "AWS".into(),
            model: ServiceModel::Iaas,
            sensitivity: Sensitivity::High,
            data_types: vec![],
            frameworks: vec![Framework::Fedramp],
        },
        WHO,
    )
    .unwrap();
    let count = |f: &EngagementFile| f.matrix(&MatrixFilter::default()).unwrap().len();
    assert_eq!(file.fedramp_level().unwrap(), None);
    assert_eq!(count(&file), 323, "moderate by default");
    file.set_fedramp_level(Some(FedrampLevel::High), WHO)
        .unwrap();
    assert_eq!(count(&file), 410);
    drop(file);
    let mut file = EngagementFile::open(&path).unwrap();
    assert_eq!(file.fedramp_level().unwrap(), Some(FedrampLevel::High));
    file.set_fedramp_level(Some(FedrampLevel::Low), WHO)
        .unwrap();
    assert_eq!(count(&file), 156);
}

#[test]
fn the_demo_shows_overrides_customer_parts_and_evidence() {
    let (_dir, path) = temp();
    let file = write_demo(&path).unwrap();
    assert_eq!(file.fedramp_level().unwrap(), None);
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    assert!(rows.iter().any(|r| r.source == OwnerSource::Override));
    assert!(rows.iter().any(|r| r.source == OwnerSource::LayerDefault));
    assert!(rows.iter().any(|r| r.customer_part.is_some()));
    assert!(rows.iter().any(|r| !r.evidence.is_empty()));
    assert!(rows
        .iter()
        .filter(|r| r.source == OwnerSource::Override)
        .all(|r| r.reason.is_some()));
}

#[test]
fn a_version_1_file_opens_and_gets_the_matrix_tables() {
    let (dir, path) = temp();
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x444D_5243)
            .unwrap();
        conn.execute_batch(include_str!("../src/migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO engagement (id, client, name, created_at)
                 VALUES (1, 'Old Co', 'Old Co matrix', '2026-01-01T00:00:00Z');
             INSERT INTO engagement_framework VALUES ('soc2');
             INSERT INTO provider (id, name) VALUES (1, 'AWS');
             INSERT INTO service (id, provider_id, name, model) VALUES (1, 1, 'S3', 'paas');
             INSERT INTO service_framework VALUES (1, 'soc2');",
        )
        .unwrap();
        for layer in Layer::ALL {
            let owner = demarc_core::default_owner(ServiceModel::Paas, layer);
            conn.execute(
                "INSERT INTO service_layer (service_id, layer, default_owner) VALUES (1, ?1, ?2)",
                [layer.id(), owner.id()],
            )
            .unwrap();
        }
        conn.pragma_update(None, "user_version", 1).unwrap();
    }

    let mut file = EngagementFile::open(&path).unwrap();
    assert!(dir.path().join("acme.demarc.v1.bak").exists());
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    assert_eq!(file.fedramp_level().unwrap(), None);
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    assert_eq!(rows.len(), 61);
    assert_eq!(rows.last().unwrap().service.as_deref(), Some("S3"));
    let s3 = file.service_id("S3").unwrap();
    let r = file
        .set_customer_part(Some(s3), Framework::Soc2, "CC6.1", "Bucket policies", WHO)
        .unwrap();
    assert_eq!(r.customer_part.as_deref(), Some("Bucket policies"));
    let changed = file
        .set_control_owner(
            Some(s3),
            None,
            &ControlSelector::Family("CC7".into()),
            Ownership::Shared,
            "after migration",
            WHO,
        )
        .unwrap();
    assert_eq!(changed, 5);
}
