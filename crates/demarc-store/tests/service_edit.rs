//! Renaming and removing a service, renaming a provider.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use demarc_core::{MatrixFilter, Subject};
use demarc_store::{write_demo, EngagementFile, StoreError};

fn demo() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

fn refused_field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("expected a refused field, got {other:?}"),
    }
}

#[test]
fn a_renamed_service_shows_its_new_name_everywhere() {
    let (_dir, mut file) = demo();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    let renamed = file.rename_service(ec2, "  EC2 prod ", "ana").unwrap();
    assert_eq!(renamed.name, "EC2 prod");
    assert_eq!(file.service_id("EC2 prod").unwrap(), ec2);
    assert!(file.service_id("Amazon EC2").is_err());

    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    assert!(rows
        .iter()
        .any(|r| r.service.as_deref() == Some("EC2 prod")));
    assert!(rows
        .iter()
        .all(|r| r.service.as_deref() != Some("Amazon EC2")));
    let covers = file
        .attestations()
        .unwrap()
        .into_iter()
        .flat_map(|a| a.services)
        .collect::<Vec<_>>();
    assert!(covers.iter().any(|s| s == "EC2 prod"), "{covers:?}");
    assert!(covers.iter().all(|s| s != "Amazon EC2"), "{covers:?}");

    let last = file.decisions().unwrap().pop().unwrap();
    assert_eq!(
        last.about,
        Subject::Service {
            service_id: ec2,
            service: "EC2 prod".into()
        }
    );
    assert_eq!(last.old_value.as_deref(), Some("Amazon EC2"));
    assert_eq!(last.new_value.as_deref(), Some("EC2 prod"));
    assert!(file.check().unwrap().ok());
}

#[test]
fn a_rename_to_nothing_or_to_a_name_taken_is_refused() {
    let (_dir, mut file) = demo();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    let logged = file.decisions().unwrap().len();
    assert_eq!(
        refused_field(file.rename_service(ec2, "  ", "ana").unwrap_err()),
        "name"
    );
    assert_eq!(
        refused_field(file.rename_service(ec2, "amazon s3", "ana").unwrap_err()),
        "name"
    );
    assert_eq!(file.service(ec2).unwrap().name, "Amazon EC2");
    assert_eq!(file.decisions().unwrap().len(), logged, "nothing logged");
    // A change of case only is the same service's own name.
    assert_eq!(
        file.rename_service(ec2, "AMAZON EC2", "ana").unwrap().name,
        "AMAZON EC2"
    );
}

#[test]
fn removing_a_service_says_what_it_takes_and_takes_it_all() {
    let (_dir, mut file) = demo();
    let rds = file.service_id("Amazon RDS for PostgreSQL").unwrap();
    let shown = file.service_removal(rds).unwrap();
    assert_eq!(shown.service, "Amazon RDS for PostgreSQL");
    assert!(shown.control_decisions >= 1, "{shown:?}");
    assert!(shown.attestations >= 1, "{shown:?}");

    let removed = file.remove_service(rds, "ana").unwrap();
    assert_eq!(removed, shown);
    assert!(file.service(rds).is_err());
    assert!(file.services().unwrap().iter().all(|s| s.id != rds));
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    assert!(rows.iter().all(|r| r.service_id != Some(rds)));
    assert!(file
        .attestations()
        .unwrap()
        .iter()
        .all(|a| !a.services.iter().any(|s| s == "Amazon RDS for PostgreSQL")));
    file.gaps(demarc_store::today()).unwrap();

    let last = file.decisions().unwrap().pop().unwrap();
    assert_eq!(
        last.about,
        Subject::Service {
            service_id: rds,
            service: "Amazon RDS for PostgreSQL".into()
        }
    );
    assert_eq!(last.new_value.as_deref(), Some("removed"));
    assert!(last
        .old_value
        .unwrap()
        .contains(&format!("control decisions {}", shown.control_decisions)));
    assert!(file.check().unwrap().ok());
}

#[test]
fn evidence_and_overrides_are_counted_before_removal() {
    let (_dir, mut file) = demo();
    let entra = file.service_id("Microsoft Entra ID").unwrap();
    assert!(file.service_removal(entra).unwrap().evidence >= 1);
    let ec2 = file.service_id("Amazon EC2").unwrap();
    assert_eq!(file.service_removal(ec2).unwrap().overrides, 1);
    let taken = file.remove_service(entra, "ana").unwrap();
    assert!(file.remove_service(entra, "ana").is_err(), "gone already");
    file.undo("ana").unwrap().unwrap();
    assert_eq!(file.service_removal(entra).unwrap(), taken, "evidence back");
    assert!(file.check().unwrap().ok());
}

#[test]
fn a_renamed_provider_carries_its_services_and_attestations() {
    let (_dir, mut file) = demo();
    file.rename_provider("aws", "Amazon Web Services", "ana")
        .unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    assert_eq!(file.service(ec2).unwrap().provider, "Amazon Web Services");
    let attestations = file.attestations().unwrap();
    assert!(attestations
        .iter()
        .any(|a| a.provider == "Amazon Web Services"));
    assert!(attestations.iter().all(|a| a.provider != "AWS"));
    let last = file.decisions().unwrap().pop().unwrap();
    assert_eq!(
        last.about,
        Subject::Provider {
            provider: "Amazon Web Services".into()
        }
    );
    assert_eq!(last.old_value.as_deref(), Some("AWS"));

    assert_eq!(
        refused_field(
            file.rename_provider("Amazon Web Services", "stripe", "ana")
                .unwrap_err()
        ),
        "name"
    );
    assert_eq!(
        refused_field(
            file.rename_provider("Amazon Web Services", " ", "ana")
                .unwrap_err()
        ),
        "name"
    );
    assert_eq!(
        refused_field(
            file.rename_provider("Nobody", "Somebody", "ana")
                .unwrap_err()
        ),
        "provider"
    );
    assert!(file.check().unwrap().ok());
}

#[test]
fn undo_puts_a_removed_service_back_whole_and_redo_removes_it_again() {
    let (_dir, mut file) = demo();
    let rds = file.service_id("Amazon RDS for PostgreSQL").unwrap();
    let before = file.service(rds).unwrap();
    let rows_before = file.matrix(&MatrixFilter::default()).unwrap();
    let attestations_before = file.attestations().unwrap();
    let taken = file.remove_service(rds, "ana").unwrap();

    let undone = file.undo("ana").unwrap().unwrap();
    assert!(
        undone.starts_with("undo: service \"Amazon RDS for PostgreSQL\""),
        "{undone}"
    );
    assert_eq!(file.service(rds).unwrap(), before);
    assert_eq!(file.matrix(&MatrixFilter::default()).unwrap(), rows_before);
    assert_eq!(file.attestations().unwrap(), attestations_before);
    assert_eq!(file.service_removal(rds).unwrap(), taken);
    assert!(file.check().unwrap().ok());

    file.redo("ana").unwrap().unwrap();
    assert!(file.service(rds).is_err());
    assert!(file.check().unwrap().ok());
}
