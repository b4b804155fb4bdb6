//! Undo and redo through the decision log.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use demarc_core::{Framework, Layer, MatrixFilter, Ownership, RowKey, ServiceModel};
use demarc_store::{write_demo, ControlSelector, EngagementFile};

fn demo() -> (tempfile::TempDir, EngagementFile, i64) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    (dir, file, ec2)
}

fn os(file: &EngagementFile, service: i64) -> (Ownership, Option<String>) {
    let l = &file.service(service).unwrap().layers[Layer::Os.index()];
    (l.owner, l.reason.clone())
}

#[test]
fn undo_and_redo_a_layer_change() {
    let (_dir, mut file, ec2) = demo();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Shared, "golden images", "ana")
        .unwrap();
    let logged = file.decisions().unwrap().len();

    let undone = file.undo("ana").unwrap().unwrap();
    assert!(
        undone.starts_with("undo: service \"Amazon EC2\" layer os"),
        "{undone}"
    );
    assert_eq!(os(&file, ec2), (Ownership::Customer, None));

    let redone = file.redo("ana").unwrap().unwrap();
    assert!(redone.starts_with("redo:"), "{redone}");
    assert_eq!(
        os(&file, ec2),
        (Ownership::Shared, Some("golden images".into()))
    );
    assert_eq!(file.redo("ana").unwrap(), None, "nothing left to redo");

    let log = file.decisions().unwrap();
    assert_eq!(
        log.len(),
        logged + 2,
        "undo and redo are logged, nothing is rewritten"
    );
    assert_eq!(
        log[logged].reason.as_deref(),
        Some(&*format!("undo of decision #{}", log[logged - 1].id))
    );
}

#[test]
fn undo_goes_back_in_order_and_a_new_change_ends_redo() {
    let (_dir, mut file, ec2) = demo();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Shared, "first", "t")
        .unwrap();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Provider, "second", "t")
        .unwrap();
    file.undo("t").unwrap().unwrap();
    assert_eq!(os(&file, ec2), (Ownership::Shared, Some("first".into())));
    file.undo("t").unwrap().unwrap();
    assert_eq!(os(&file, ec2), (Ownership::Customer, None));

    file.redo("t").unwrap().unwrap();
    assert_eq!(os(&file, ec2), (Ownership::Shared, Some("first".into())));
    file.set_layer_owner(ec2, Layer::Data, Ownership::Shared, "new", "t")
        .unwrap();
    assert_eq!(
        file.redo("t").unwrap(),
        None,
        "a new change ends what redo could do"
    );
    file.undo("t").unwrap().unwrap();
    assert_eq!(
        file.service(ec2).unwrap().layers[0].owner,
        Ownership::Customer
    );
    assert_eq!(os(&file, ec2), (Ownership::Shared, Some("first".into())));
}

#[test]
fn a_bulk_change_is_undone_in_one_step() {
    let (_dir, mut file, _) = demo();
    let rds = file.service_id("Amazon RDS for PostgreSQL").unwrap();
    let filter = MatrixFilter {
        service: Some("Amazon RDS for PostgreSQL".into()),
        framework: Some(Framework::Soc2),
        scope: None,
    };
    let before: Vec<(String, Ownership)> = file
        .matrix(&filter)
        .unwrap()
        .into_iter()
        .map(|r| (r.control_id, r.owner))
        .collect();
    let changed = file
        .set_control_owner(
            Some(rds),
            Some(Framework::Soc2),
            &ControlSelector::Family("CC6".into()),
            Ownership::NotApplicable,
            "workshop",
            "t",
        )
        .unwrap();
    assert!(changed >= 8);
    let summary = file.undo("t").unwrap().unwrap();
    assert!(
        summary.ends_with(&format!("and {} more", changed - 1)),
        "{summary}"
    );
    let after: Vec<(String, Ownership)> = file
        .matrix(&filter)
        .unwrap()
        .into_iter()
        .map(|r| (r.control_id, r.owner))
        .collect();
    assert_eq!(after, before);
}

#[test]
fn rows_of_several_services_change_in_one_step_and_undo_in_one() {
    let (_dir, mut file, ec2) = demo();
    let rds = file.service_id("Amazon RDS for PostgreSQL").unwrap();
    let owners = |file: &EngagementFile| -> Vec<(Option<i64>, String, Ownership)> {
        file.matrix(&MatrixFilter::default())
            .unwrap()
            .into_iter()
            .map(|r| (r.service_id, r.control_id, r.owner))
            .collect()
    };
    let before = owners(&file);
    let key = |service_id, control: &str| RowKey {
        service_id: Some(service_id),
        framework: Framework::Soc2,
        control_id: control.into(),
    };
    let keys = [key(ec2, "CC6.1"), key(ec2, "CC7.2"), key(rds, "CC6.1")];
    let logged = file.decisions().unwrap().len();
    let changed = file
        .set_rows_owner(&keys, Ownership::Customer, "client runs it", "t")
        .unwrap();
    assert_eq!(changed, 3);
    let log = file.decisions().unwrap();
    assert_eq!(log.len(), logged + 3);
    assert!(log[logged..]
        .iter()
        .all(|d| d.reason.as_deref() == Some("client runs it")));
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    for k in &keys {
        let row = rows
            .iter()
            .find(|r| {
                r.service_id == k.service_id
                    && r.framework == k.framework
                    && r.control_id == k.control_id
            })
            .unwrap();
        assert_eq!(row.owner, Ownership::Customer);
    }

    // One undo takes back all three rows.
    file.undo("t").unwrap().unwrap();
    assert_eq!(owners(&file), before);

    // A key out of scope refuses the whole change.
    let bad = [key(ec2, "CC6.1"), key(ec2, "ZZ9.9")];
    let err = file
        .set_rows_owner(&bad, Ownership::Provider, "r", "t")
        .unwrap_err();
    assert!(err.to_string().contains("ZZ9.9"), "{err}");
    assert!(err.to_string().contains("Amazon EC2"), "{err}");
    assert_eq!(owners(&file), before, "nothing was written");
    assert!(file
        .set_rows_owner(&[], Ownership::Provider, "r", "t")
        .is_err());
    assert!(file
        .set_rows_owner(&keys, Ownership::Provider, " ", "t")
        .is_err());
}

#[test]
fn undoing_a_model_change_restores_the_defaults_and_keeps_overrides() {
    let (_dir, mut file, ec2) = demo();
    let before = file.service(ec2).unwrap();
    file.set_service_model(ec2, ServiceModel::Paas, "moved to Beanstalk", "t")
        .unwrap();
    assert_eq!(
        file.service(ec2).unwrap().layers[Layer::Os.index()].default_owner,
        Ownership::Provider
    );
    file.undo("t").unwrap().unwrap();
    assert_eq!(file.service(ec2).unwrap(), before);
}

#[test]
fn nothing_to_undo_on_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = EngagementFile::create(
        &dir.path().join("a.demarc"),
        &demarc_core::Engagement::new("A"),
    )
    .unwrap();
    assert_eq!(file.undo("t").unwrap(), None);
    assert_eq!(file.redo("t").unwrap(), None);
}

#[test]
fn undo_after_leaves_the_log_before_the_window_alone() {
    let (_dir, mut file, ec2) = demo();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Shared, "earlier", "bo")
        .unwrap();
    let opened = file.last_decision_id().unwrap();
    assert_eq!(
        file.undo_after(opened, "ana").unwrap(),
        None,
        "the demo's and bo's decisions are not this window's to undo"
    );
    assert_eq!(file.redo_after(opened, "ana").unwrap(), None);
    assert_eq!(os(&file, ec2), (Ownership::Shared, Some("earlier".into())));

    file.set_layer_owner(ec2, Layer::Os, Ownership::Provider, "now", "ana")
        .unwrap();
    let undone = file.undo_after(opened, "ana").unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: Amazon EC2 · Operating system back to Shared"
    );
    assert!(undone
        .summary
        .starts_with("undo: service \"Amazon EC2\" layer os"));
    assert_eq!(file.undo_after(opened, "ana").unwrap(), None);
    assert_eq!(os(&file, ec2), (Ownership::Shared, Some("earlier".into())));

    let redone = file.redo_after(opened, "ana").unwrap().unwrap();
    assert_eq!(
        redone.words,
        "Redid: Amazon EC2 · Operating system to Provider"
    );
}

#[test]
fn undo_names_the_default_it_returns_to() {
    let (_dir, mut file, ec2) = demo();
    let opened = file.last_decision_id().unwrap();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Shared, "r", "t")
        .unwrap();
    let undone = file.undo_after(opened, "t").unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: Amazon EC2 · Operating system back to Customer"
    );
}

#[test]
fn undoing_an_added_service_removes_it_and_redo_brings_it_back() {
    let (_dir, mut file, _) = demo();
    let opened = file.last_decision_id().unwrap();
    let new = demarc_core::NewService {
        name: "AWS Lambda prod".into(),
        provider: "Acme Cloud".into(),
        model: ServiceModel::Faas,
        sensitivity: demarc_core::Sensitivity::High,
        data_types: vec![demarc_core::DataType::Pii],
        frameworks: vec![Framework::Soc2],
    };
    let added = file.add_service(&new, "t").unwrap();
    file.set_layer_owner(added.id, Layer::Data, Ownership::Shared, "r", "t")
        .unwrap();
    let services = file.services().unwrap().len();

    let first = file.undo_after(opened, "t").unwrap().unwrap();
    assert_eq!(
        first.words,
        "Undid: AWS Lambda prod · Data back to Customer"
    );
    let second = file.undo_after(opened, "t").unwrap().unwrap();
    assert_eq!(second.words, "Undid: adding AWS Lambda prod");
    assert_eq!(file.services().unwrap().len(), services - 1);
    assert!(file.service_id("AWS Lambda prod").is_err());
    assert_eq!(file.undo_after(opened, "t").unwrap(), None);
    assert!(file.check().unwrap().ok());

    let redone = file.redo_after(opened, "t").unwrap().unwrap();
    assert_eq!(redone.words, "Redid: adding AWS Lambda prod");
    assert_eq!(file.service(added.id).unwrap(), added);
    file.redo_after(opened, "t").unwrap().unwrap();
    assert_eq!(
        file.service(added.id).unwrap().layers[Layer::Data.index()].owner,
        Ownership::Shared
    );
    assert!(file.check().unwrap().ok());
}

#[test]
fn an_older_decision_is_reverted_explicitly_with_a_reason() {
    let (_dir, mut file, ec2) = demo();
    file.set_layer_owner(ec2, Layer::Os, Ownership::Shared, "earlier", "bo")
        .unwrap();
    let decided = file.last_decision_id().unwrap();
    let opened = decided;
    assert!(file.revert_decision(decided, " ", "ana").is_err());

    let reverted = file
        .revert_decision(decided, "the client patches the hosts", "ana")
        .unwrap();
    assert_eq!(
        reverted.words,
        "Reverted: Amazon EC2 · Operating system back to Customer"
    );
    assert_eq!(os(&file, ec2), (Ownership::Customer, None));
    let log = file.decisions().unwrap();
    assert_eq!(
        log.last().unwrap().reason.as_deref(),
        Some(&*format!(
            "revert of decision #{decided}: the client patches the hosts"
        ))
    );

    // Reverting it again is refused: the revert changed the same thing since.
    let err = file.revert_decision(decided, "again", "ana").unwrap_err();
    assert!(err.to_string().contains("revert that one first"), "{err}");

    // The revert is this window's change: Ctrl+Z takes it back.
    let undone = file.undo_after(opened, "ana").unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: Amazon EC2 · Operating system back to Shared"
    );

    // An entry with nothing to put back is refused, and so is a service's addition.
    file.set_customer_part(
        Some(ec2),
        Framework::Soc2,
        "CC6.1",
        "MFA on consoles",
        "ana",
    )
    .unwrap();
    let note = file.last_decision_id().unwrap();
    assert!(file.revert_decision(note, "r", "ana").is_err());
    let added = file
        .decisions()
        .unwrap()
        .into_iter()
        .find(|d| matches!(d.about, demarc_core::Subject::Service { .. }))
        .unwrap();
    let err = file.revert_decision(added.id, "r", "ana").unwrap_err();
    assert!(err.to_string().contains("remove the service"), "{err}");
}

#[test]
fn an_added_service_removed_comes_back_by_undo_and_goes_by_undoing_its_addition() {
    let (_dir, mut file, _) = demo();
    let opened = file.last_decision_id().unwrap();
    let new = demarc_core::NewService {
        name: "AWS Lambda prod".into(),
        provider: "Acme Cloud".into(),
        model: ServiceModel::Faas,
        sensitivity: demarc_core::Sensitivity::High,
        data_types: vec![demarc_core::DataType::Pii],
        frameworks: vec![Framework::Soc2],
    };
    let added = file.add_service(&new, "t").unwrap();
    file.set_layer_owner(added.id, Layer::Data, Ownership::Shared, "r", "t")
        .unwrap();
    let kept = file.service(added.id).unwrap();
    let services = file.services().unwrap().len();
    file.remove_service(added.id, "t").unwrap();
    let removal = file.last_decision_id().unwrap();
    assert!(file.service(added.id).is_err());

    let back = file.undo_after(opened, "t").unwrap().unwrap();
    assert_eq!(back.words, "Undid: removing AWS Lambda prod");
    assert_eq!(file.service(added.id).unwrap(), kept, "every row put back");
    file.undo_after(opened, "t").unwrap().unwrap();
    let gone = file.undo_after(opened, "t").unwrap().unwrap();
    assert_eq!(gone.words, "Undid: adding AWS Lambda prod");
    assert_eq!(file.services().unwrap().len(), services - 1);
    assert!(file.check().unwrap().ok());

    for _ in 0..3 {
        file.redo_after(opened, "t").unwrap().unwrap();
    }
    assert!(file.service(added.id).is_err(), "removed again");
    let redo_removal = file.decisions().unwrap().pop().unwrap();
    assert_eq!(redo_removal.new_value.as_deref(), Some("removed"));
    assert!(file.check().unwrap().ok());

    // A removal is not reverted from the log either.
    let err = file.revert_decision(removal, "r", "t").unwrap_err();
    assert!(err.to_string().contains("remove the service"), "{err}");
}
