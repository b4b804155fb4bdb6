//! The desktop shell's commands without a window: the same state the UI drives, on a real
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails
//! engagement file in a temporary data folder.

use std::path::Path;

use demarc_app::{AppState, ErrorCode};
use demarc_core::{Layer, Ownership};

fn start(data_dir: &Path) -> AppState {
    AppState::start(data_dir, None).expect("the app starts")
}

#[test]
fn first_start_opens_the_demo_and_a_restart_reopens_it_with_changes() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let opened = state.current().unwrap();
    assert!(opened.path.ends_with("demo.demarc"), "{}", opened.path);
    let ec2 = opened
        .view
        .services
        .iter()
        .find(|s| s.name == "Amazon EC2")
        .unwrap()
        .id;
    state
        .set_layer_owner(ec2, Layer::Os, Ownership::Shared, "hardened images")
        .unwrap();
    drop(state);

    let again = start(dir.path()).current().unwrap();
    let os = &again
        .view
        .services
        .iter()
        .find(|s| s.id == ec2)
        .unwrap()
        .layers[Layer::Os.index()];
    assert_eq!(os.owner, Ownership::Shared);
    assert_eq!(os.reason.as_deref(), Some("hardened images"));
}

#[test]
fn errors_cross_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let err = state
        .set_layer_owner(1, Layer::Os, Ownership::Shared, "")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.message, "reason: a reason is required for this change");

    let err = state
        .set_layer_owner(999, Layer::Os, Ownership::Shared, "r")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    let bogus = dir.path().join("notes.demarc");
    std::fs::write(&bogus, "meeting notes").unwrap();
    let err = state.open(&bogus).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAnEngagement);
    assert!(err.message.contains("notes.demarc"), "{}", err.message);
    assert!(
        state.current().unwrap().path.ends_with("demo.demarc"),
        "the open file stays open"
    );
}

#[test]
fn new_and_save_as_switch_the_open_file_and_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let copy = dir.path().join("copy.demarc");
    let opened = state.save_as(&copy).unwrap();
    assert_eq!(opened.view.services.len(), 8);
    assert!(opened.path.ends_with("copy.demarc"));

    let fresh = dir.path().join("acme.demarc");
    let opened = state.create(&fresh, "Acme").unwrap();
    assert_eq!(opened.view.engagement.client, "Acme");
    assert!(opened.view.services.is_empty());
    drop(state);
    assert_eq!(
        start(dir.path()).current().unwrap().view.engagement.client,
        "Acme"
    );
}

#[test]
fn a_remembered_file_that_no_longer_opens_falls_back_to_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let other = dir.path().join("acme.demarc");
    state.create(&other, "Acme").unwrap();
    drop(state);
    std::fs::write(&other, "overwritten by something else").unwrap();

    let again = start(dir.path()).current().unwrap();
    assert_eq!(again.view.engagement.client, "Northwind Health");

    let err = AppState::start(dir.path(), Some(&other)).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotAnEngagement);
}
