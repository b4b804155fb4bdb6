//! Entity-level controls on the command line: once in `matrix` and `gaps`, set with
//! `set --entity`, moved with `scope set`.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    (dir, file)
}

/// The demo's services in scope for SOC 2, as `demarc show` lists them.
fn soc2_services(file: &Path) -> usize {
    let show = json(&["show", "--json"], file);
    let services = show["services"].as_array().unwrap().iter();
    services
        .filter(|s| {
            s["frameworks"]
                .as_array()
                .unwrap()
                .contains(&Value::from("soc2"))
        })
        .count()
}

fn json(args: &[&str], file: &Path) -> Value {
    let out = demarc().args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rows_of(file: &Path, control: &str) -> Vec<Value> {
    json(&["matrix", "--json"], file)
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["control"] == control)
        .cloned()
        .collect()
}

fn run(args: &[&str], file: &Path) -> (Option<i32>, String, String) {
    let out = demarc().args(args).arg(file).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn matrix_json_lists_each_entity_control_once() {
    let (_dir, file) = demo();
    let cc1_1 = rows_of(&file, "CC1.1");
    assert_eq!(cc1_1.len(), 1);
    assert_eq!(cc1_1[0]["service"], Value::Null);
    assert_eq!(cc1_1[0]["service_id"], Value::Null);
    assert_eq!(cc1_1[0]["scope"], "entity");
    assert_eq!(cc1_1[0]["owner"], "customer");
    let cc6_1 = rows_of(&file, "CC6.1");
    assert_eq!(cc6_1.len(), soc2_services(&file));
    assert!(cc6_1.iter().all(|r| r["scope"] == "system"));

    let entity = json(&["matrix", "--json", "--scope", "entity"], &file);
    let entity = entity.as_array().unwrap();
    assert!(entity.iter().all(|r| r["scope"] == "entity"));
    assert!(entity.iter().any(|r| r["control"] == "12.8.5"));
    // A payment terminal requirement is the client's once; the demo's PCI DSS profile (no card
    // taken on a terminal) rules it out on that one row.
    let poi = rows_of(&file, "9.5.1.1");
    assert_eq!(poi.len(), 1);
    assert_eq!(
        (&poi[0]["owner"], &poi[0]["source"]),
        (&Value::from("not_applicable"), &Value::from("scoping"))
    );
    let text = run(&["matrix", "--framework", "soc2"], &file).1;
    assert!(
        text.lines()
            .any(|l| l.starts_with("Entity ") && l.contains("CC1.1")),
        "{text}"
    );
}

#[test]
fn gaps_list_an_entity_control_without_evidence_once() {
    let (_dir, file) = demo();
    let report = json(&["gaps", "--json", "--today", "2026-12-15"], &file);
    let cc1_1: Vec<&Value> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == "customer_no_evidence" && g["control"] == "CC1.1")
        .collect();
    assert_eq!(cc1_1.len(), 1);
    assert_eq!(cc1_1[0]["service"], Value::Null);
    assert_eq!(cc1_1[0]["link"]["service_id"], Value::Null);
}

#[test]
fn set_entity_changes_the_one_row() {
    let (_dir, file) = demo();
    let (code, out, err) = run(
        &[
            "set",
            "--entity",
            "--framework",
            "soc2",
            "--control",
            "CC1.1",
            "--owner",
            "shared",
            "--reason",
            "HR writes it, each team trains on it",
        ],
        &file,
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.trim(), "1 row changed to shared");
    let row = &rows_of(&file, "CC1.1")[0];
    assert_eq!(row["owner"], "shared");
    assert_eq!(row["reason"], "HR writes it, each team trains on it");

    // By service, an entity control is refused with the way to set it.
    let (code, _, err) = run(
        &[
            "set",
            "--service",
            "Amazon EC2",
            "--control",
            "CC1.1",
            "--owner",
            "customer",
            "--reason",
            "r",
        ],
        &file,
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("CC1.1") && err.contains("entity"), "{err}");
    // Both a service and --entity: a usage error.
    let (code, _, _) = run(
        &[
            "set",
            "--service",
            "Amazon EC2",
            "--entity",
            "--control",
            "CC1.1",
            "--owner",
            "customer",
            "--reason",
            "r",
        ],
        &file,
    );
    assert_eq!(code, Some(2));
}

#[test]
fn scope_set_moves_a_control_with_a_reason() {
    let (_dir, file) = demo();
    let (code, out, err) = run(
        &[
            "scope",
            "set",
            "--framework",
            "soc2",
            "--control",
            "CC6.1",
            "--entity",
            "--reason",
            "one identity provider for every system",
        ],
        &file,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("CC6.1") && out.contains("entity"), "{out}");
    assert_eq!(rows_of(&file, "CC6.1").len(), 1);
    let log = json(&["log", "--json"], &file);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["about"]["kind"], "scope");
    assert_eq!(last["reason"], "one identity provider for every system");

    let (code, _, err) = run(
        &[
            "scope",
            "set",
            "--framework",
            "soc2",
            "--control",
            "CC6.1",
            "--entity",
            "--reason",
            "again",
        ],
        &file,
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("already"), "{err}");
    let (code, _, _) = run(
        &[
            "scope",
            "set",
            "--framework",
            "soc2",
            "--control",
            "CC6.1",
            "--system",
            "--reason",
            "each system runs its own",
        ],
        &file,
    );
    assert_eq!(code, Some(0));
    assert_eq!(rows_of(&file, "CC6.1").len(), soc2_services(&file));
    // Neither or both levels, or no reason: usage errors.
    for args in [
        &[
            "scope",
            "set",
            "--framework",
            "soc2",
            "--control",
            "CC6.1",
            "--reason",
            "r",
        ][..],
        &[
            "scope",
            "set",
            "--framework",
            "soc2",
            "--control",
            "CC6.1",
            "--entity",
            "--system",
            "--reason",
            "r",
        ],
        &[
            "scope",
            "set",
            "--framework",
            "soc2",
            "--control",
            "CC6.1",
            "--entity",
        ],
    ] {
        assert_eq!(run(args, &file).0, Some(2), "{args:?}");
    }
}
