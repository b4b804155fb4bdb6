//! `demarc inspect` on real provider matrices and on files that are not spreadsheets.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/fixtures not found; real provider matrices not checked");
        None
    }
}

#[test]
fn inspect_json_reports_the_key_vault_baseline() {
    let Some(dir) = fixtures() else { return };
    let out = Command::cargo_bin("demarc")
        .unwrap()
        .arg("inspect")
        .arg(dir.join("msft_key-vault-security-baseline-v3.xlsx"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["sha256"].as_str().unwrap().len(), 64);
    let t = &r["tables"][0];
    assert_eq!(t["sheet"], "Feature Summary");
    assert_eq!(t["header_row"], 1);
    assert_eq!(t["rows"], 36);
    assert_eq!(t["original_counts"]["Customer"], 16);
    assert_eq!(t["original_counts"]["Not Applicable"], 16);
    assert_eq!(t["original_counts"]["Microsoft"], 4);
    assert_eq!(t["normalized_counts"]["provider"], 4);
    assert!(t["unknown_labels"].as_array().unwrap().is_empty());
}

#[test]
fn inspect_names_the_file_when_it_is_not_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join("~$matrix.xlsx");
    std::fs::write(&lock, [0x05, b'a', b'l', b'i', b'c', b'e', 0, 0]).unwrap();
    let out = Command::cargo_bin("demarc")
        .unwrap()
        .arg("inspect")
        .arg(&lock)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("~$matrix.xlsx") && stderr.contains("lock file"),
        "{stderr}"
    );
}

#[test]
fn inspect_and_import_read_an_oscal_ssp_made_with_trestle() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join("target/trestle-venv/bin/python");
    if !python.exists() {
        eprintln!(
            "\n*** SKIPPED: {} is absent; no OSCAL read ***\n",
            python.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new(python)
        .arg(root.join("crates/demarc-import/tests/oscal/make_oscal.py"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let plan = dir.path().join("provider-ssp.json");
    let demarc = || {
        let mut cmd = Command::cargo_bin("demarc").unwrap();
        cmd.env("DEMARC_USER", "cli-test");
        cmd
    };
    let out = demarc().arg("inspect").arg(&plan).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("layout: oscal_ssp")
            && text.contains("sheet \"control-implementation\" (oscal_ssp), 8 rows")
            && text.contains("\"provided; responsibility\"")
            && text
                .contains("implementation: implemented 5, not-applicable 1, partial 1, planned 1"),
        "{text}"
    );

    let file = dir.path().join("client.demarc");
    demarc()
        .args(["new", "--client", "Client", "--framework", "nist80053"])
        .arg(&file)
        .assert()
        .success();
    let out = demarc()
        .args(["import", "--provider", "Acme", "--json"])
        .arg(&file)
        .arg(&plan)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["layout"], "oscal_ssp");
    assert_eq!(report["rows"], 8);

    // Not OSCAL: the error names the file and the JSON path.
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"name": 1}"#).unwrap();
    let out = demarc().arg("inspect").arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("other.json: $: not an OSCAL system security plan"),
        "{stderr}"
    );
}
