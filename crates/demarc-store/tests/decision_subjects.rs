//! What each decision-log entry is about, as data: written with every change, copied by undo,
//! append-only like the log, and read from the old text when an older file is migrated.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::PathBuf;

use demarc_core::{
    AttestationKind, Decision, Framework, Layer, Ownership, RowField, ServiceModel, Subject,
};
use demarc_store::{write_demo, ControlSelector, EngagementFile};
use rusqlite::Connection;

fn last(file: &EngagementFile) -> Decision {
    file.decisions().unwrap().pop().unwrap()
}

#[test]
fn every_change_logs_what_it_is_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    let log = file.decisions().unwrap();
    assert!(log.iter().all(|d| d.about != Subject::Unrecognized));
    // The text still reads as it always did, and is the structure's own text.
    assert!(log.iter().all(|d| d.subject == d.about.text()));

    let ec2 = file.service_id("Amazon EC2").unwrap();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Shared, "golden images", "t")
        .unwrap();
    let layer = Subject::Layer {
        service_id: ec2,
        service: "Amazon EC2".into(),
        layer: Layer::Os,
    };
    assert_eq!(last(&file).about, layer);

    file.set_service_model(ec2, ServiceModel::Paas, "moved", "t")
        .unwrap();
    assert_eq!(
        last(&file).about,
        Subject::Model {
            service_id: ec2,
            service: "Amazon EC2".into()
        }
    );

    file.set_control_owner(
        Some(ec2),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.1".into()),
        Ownership::Customer,
        "ours",
        "t",
    )
    .unwrap();
    assert_eq!(
        last(&file).about,
        Subject::Control {
            service_id: ec2,
            service: "Amazon EC2".into(),
            framework: Framework::Soc2,
            control_id: "CC6.1".into(),
            field: RowField::Owner,
        }
    );

    file.add_framework(ec2, Framework::Nist80053, "t").unwrap();
    let added = last(&file);
    assert_eq!(
        added.about,
        Subject::Framework {
            service_id: ec2,
            service: "Amazon EC2".into(),
            framework: Framework::Nist80053,
        }
    );
    assert_eq!(added.subject, "service \"Amazon EC2\" frameworks");

    let aws = file
        .attestations()
        .unwrap()
        .into_iter()
        .find(|a| a.provider == "AWS")
        .unwrap();
    file.delete_attestation(aws.id, "superseded", "t").unwrap();
    let deleted = Subject::Attestation {
        provider: "AWS".into(),
        attestation_id: aws.id,
        attestation: AttestationKind::Soc2,
    };
    assert_eq!(last(&file).about, deleted);

    // An undo is about what it undoes.
    file.undo("t").unwrap();
    let undo = last(&file);
    assert_eq!(undo.about, deleted);
    assert_eq!(undo.subject, deleted.text());
}

#[test]
fn what_an_entry_is_about_is_append_only_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.demarc");
    drop(write_demo(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    assert!(conn
        .execute(
            "UPDATE decision_subject SET subject = '{\"kind\":\"unrecognized\"}'",
            []
        )
        .is_err());
    assert!(conn.execute("DELETE FROM decision_subject", []).is_err());
    let (entries, subjects): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM decision), (SELECT count(*) FROM decision_subject)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(entries, subjects);
}

/// The version 5 file whose log holds an entry of every kind (see `fixtures/README.md`).
fn log_v5() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.demarc");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/log-v5.demarc"),
        &path,
    )
    .unwrap();
    (dir, path)
}

#[test]
fn a_migrated_log_reads_what_each_entry_is_about_from_its_text() {
    let (_dir, path) = log_v5();
    let text_before: Vec<(i64, String)> = {
        let conn = Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, subject FROM decision ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    let file = EngagementFile::open(&path).unwrap();
    let log = file.decisions().unwrap();
    // The old entries keep their text, byte for byte.
    assert_eq!(
        log.iter()
            .map(|d| (d.id, d.subject.clone()))
            .collect::<Vec<_>>(),
        text_before
    );
    let unread: Vec<&str> = log
        .iter()
        .filter(|d| d.about == Subject::Unrecognized)
        .map(|d| d.subject.as_str())
        .collect();
    assert!(unread.is_empty(), "not read: {unread:?}");

    let about = |text: &str| {
        log.iter()
            .find(|d| d.subject == text)
            .unwrap_or_else(|| panic!("no entry {text}"))
            .about
            .clone()
    };
    let odd = file.service_id("Acme \"Edge\" \\ CDN").unwrap();
    let s3 = file.service_id("Amazon S3").unwrap();
    assert_eq!(
        about(r#"service "Acme \"Edge\" \\ CDN" layer os"#),
        Subject::Layer {
            service_id: odd,
            service: "Acme \"Edge\" \\ CDN".into(),
            layer: Layer::Os
        }
    );
    assert_eq!(
        about(r#"service "Acme \"Edge\" \\ CDN" model"#),
        Subject::Model {
            service_id: odd,
            service: "Acme \"Edge\" \\ CDN".into()
        }
    );
    assert_eq!(
        about(r#"service "Amazon RDS for PostgreSQL" control hipaa 164.312(b) evidence"#),
        Subject::Control {
            service_id: file.service_id("Amazon RDS for PostgreSQL").unwrap(),
            service: "Amazon RDS for PostgreSQL".into(),
            framework: Framework::Hipaa,
            control_id: "164.312(b)".into(),
            field: RowField::Evidence,
        }
    );
    assert_eq!(
        about(r#"service "Amazon EC2" control soc2 CUEC-1.1 row_owner"#),
        Subject::Control {
            service_id: file.service_id("Amazon EC2").unwrap(),
            service: "Amazon EC2".into(),
            framework: Framework::Soc2,
            control_id: "CUEC-1.1".into(),
            field: RowField::RowOwner,
        }
    );
    // The subject written without quotes names its service after all.
    assert_eq!(
        about("service Amazon S3: frameworks"),
        Subject::Framework {
            service_id: s3,
            service: "Amazon S3".into(),
            framework: Framework::Nist80053
        }
    );
    assert_eq!(
        about(r#"service Acme "Edge" \ CDN: frameworks"#),
        Subject::Framework {
            service_id: odd,
            service: "Acme \"Edge\" \\ CDN".into(),
            framework: Framework::Nist80053
        }
    );
    // A provider's name typed in other letter case is the provider as stored.
    assert_eq!(
        about(r#"provider "acme \"cloud\"" vendor review"#),
        Subject::VendorReview {
            provider: "Acme \"Cloud\"".into()
        }
    );
    assert_eq!(
        about(r#"provider "Salesforce" soc2 #6"#),
        Subject::Attestation {
            provider: "Salesforce".into(),
            attestation_id: 6,
            attestation: AttestationKind::Soc2
        }
    );
    assert_eq!(
        about(r#"provider matrix "AWS" version 1"#),
        Subject::ProviderMatrix {
            provider: "AWS".into(),
            version: 1
        }
    );
    assert_eq!(
        about(r#"label mapping "Kinda \"yes\"""#),
        Subject::LabelMapping {
            label: "Kinda \"yes\"".into()
        }
    );
    assert_eq!(
        about("engagement FedRAMP baseline"),
        Subject::FedrampBaseline
    );
    // The undo and redo entries are about what they reverted.
    let cc61 = Subject::Control {
        service_id: odd,
        service: "Acme \"Edge\" \\ CDN".into(),
        framework: Framework::Soc2,
        control_id: "CC6.1".into(),
        field: RowField::Owner,
    };
    assert_eq!(log.iter().filter(|d| d.about == cc61).count(), 4);
}

#[test]
fn an_undo_in_a_migrated_file_is_about_what_it_undoes() {
    let (_dir, path) = log_v5();
    let mut file = EngagementFile::open(&path).unwrap();
    let undone = file.undo("t").unwrap().unwrap();
    assert_eq!(undone, r#"undo: provider "acme \"cloud\"" vendor review"#);
    let entry = last(&file);
    assert_eq!(
        entry.about,
        Subject::VendorReview {
            provider: "Acme \"Cloud\"".into()
        }
    );
    assert!(file
        .vendor_reviews()
        .unwrap()
        .iter()
        .all(|r| r.provider != "Acme \"Cloud\""));
}

#[test]
fn every_earlier_demo_reads_what_each_entry_is_about() {
    for version in 1..=5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.demarc");
        std::fs::copy(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/fixtures/schema-v{version}.demarc")),
            &path,
        )
        .unwrap();
        let log = EngagementFile::open(&path).unwrap().decisions().unwrap();
        assert!(!log.is_empty(), "v{version}");
        for d in &log {
            assert_ne!(d.about, Subject::Unrecognized, "v{version}: {}", d.subject);
            // What the version wrote is what the structure reads as.
            assert_eq!(d.about.text(), d.subject, "v{version}");
        }
    }
}
