//! `demarc matrix` and `demarc set` as a user runs them.
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

fn matrix_json(file: &Path, extra: &[&str]) -> Vec<Value> {
    let out = demarc()
        .arg("matrix")
        .arg(file)
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn matrix_json_rows_carry_owner_source_and_explanation() {
    let (_dir, file) = demo();
    let rows = matrix_json(&file, &[]);
    assert!(rows.len() > 1000, "{} rows", rows.len());
    for r in &rows {
        for field in [
            "scope",
            "framework",
            "control",
            "owner",
            "source",
            "explanation",
        ] {
            assert!(r[field].is_string(), "{field} missing in {r}");
        }
        // A row names its service; an entity-level row, the client's once, has none.
        assert_eq!(r["service"].is_null(), r["scope"] == "entity", "{r}");
        assert!(r["layers"].is_array() && r["evidence"].is_array());
    }
    let with_source = |s: &str| rows.iter().filter(|r| r["source"] == s).count();
    assert!(with_source("override") > 0);
    assert!(with_source("layer_default") > 0);
    let overridden = rows.iter().find(|r| r["source"] == "override").unwrap();
    assert!(overridden["reason"].is_string());
    assert!(rows.iter().any(|r| r["customer_part"].is_string()));
    assert!(rows
        .iter()
        .any(|r| r["evidence"].as_array().is_some_and(|e| !e.is_empty())));
}

#[test]
fn matrix_filters_by_service_and_framework() {
    let (_dir, file) = demo();
    let rows = matrix_json(
        &file,
        &[
            "--service",
            "Amazon RDS for PostgreSQL",
            "--framework",
            "soc2",
        ],
    );
    // The 33 Security and 3 Availability criteria the demo's SOC 2 report covers less the 19
    // entity-level ones (CC1 to CC5 and CC9, one row of their own); AWS's CUECs belong to its
    // report, not to a row per service
    assert_eq!(rows.len(), 36 - 19);
    assert!(rows
        .iter()
        .all(|r| r["service"] == "Amazon RDS for PostgreSQL" && r["framework"] == "soc2"));
    let cc66 = rows.iter().find(|r| r["control"] == "CC6.6").unwrap();
    assert_eq!(cc66["owner"], "customer");
    assert!(cc66["explanation"]
        .as_str()
        .unwrap()
        .contains("network controls"));
}

#[test]
fn matrix_text_lists_rows_and_counts_sources() {
    let (_dir, file) = demo();
    let out = demarc()
        .arg("matrix")
        .arg(&file)
        .args(["--service", "Stripe Payments", "--framework", "pci_dss"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("service"), "{text}");
    assert!(text.contains("8.4.2"));
    // 12.8.5 is the client's once: not a row of Stripe's.
    assert!(!text.contains("12.8.5"));
    let rows = matrix_json(
        &file,
        &["--service", "Stripe Payments", "--framework", "pci_dss"],
    );
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("{} rows: ", rows.len())),
        "{last}"
    );
    assert!(last.ends_with(" not applicable by scoping"), "{last}");
    // The payment page's scripts are assessed on the service serving the page (EKS), not
    // on Stripe's
    assert!(text
        .lines()
        .any(|l| l.contains("6.4.3") && l.contains("not_applicable") && l.contains("scoping")));
    assert!(text
        .lines()
        .any(|l| l.contains("9.4.2") && l.contains("override")));
}

#[test]
fn set_family_changes_the_rows_and_logs_each_one() {
    let (_dir, file) = demo();
    let out = demarc()
        .arg("set")
        .arg(&file)
        .args(["--service", "Amazon EKS", "--framework", "soc2"])
        .args(["--family", "CC6", "--owner", "shared"])
        .args(["--reason", "Access is split with the platform team"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "8 rows changed to shared"
    );
    let rows = matrix_json(&file, &["--service", "Amazon EKS", "--framework", "soc2"]);
    let cc6: Vec<&Value> = rows
        .iter()
        .filter(|r| r["control"].as_str().unwrap().starts_with("CC6."))
        .collect();
    assert_eq!(cc6.len(), 8);
    for r in cc6 {
        assert_eq!(r["owner"], "shared");
        assert_eq!(r["source"], "override");
        assert_eq!(r["reason"], "Access is split with the platform team");
    }
    let log = demarc()
        .arg("log")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&log.stdout).unwrap();
    let logged = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["reason"] == "Access is split with the platform team")
        .count();
    assert_eq!(logged, 8);
}

#[test]
fn set_by_layer_and_by_control() {
    let (_dir, file) = demo();
    let out = demarc()
        .arg("set")
        .arg(&file)
        .args(["--service", "Amazon EC2", "--layer", "physical_datacenter"])
        .args(["--owner", "inherited", "--reason", "AWS SOC 2 covers it"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let n: usize = text.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n > 1, "{text}");
    let out = demarc()
        .arg("set")
        .arg(&file)
        .args(["--entity", "--control", "CC1.1"])
        .args(["--owner", "shared", "--reason", "Joint ethics programme"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "1 row changed to shared"
    );
}

fn set_fails(file: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = demarc().arg("set").arg(file).args(args).output().unwrap();
    assert!(out.stdout.is_empty());
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn set_errors_name_what_is_wrong_and_exit_1() {
    let (_dir, file) = demo();
    let before = matrix_json(&file, &[]);
    let reason = ["--owner", "customer", "--reason", "why"];
    let cases: [(&[&str], &str); 4] = [
        (&["--service", "Amazon EKS", "--family", "QQ"], "QQ"),
        (&["--service", "Amazon EKS", "--control", "ZZ-99"], "ZZ-99"),
        (
            &["--service", "No Such Service", "--control", "CC6.1"],
            "No Such Service",
        ),
        (
            &[
                "--service",
                "Amazon EC2",
                "--framework",
                "pci_dss",
                "--control",
                "8.4.2",
            ],
            "8.4.2",
        ),
    ];
    for (args, named) in cases {
        let all: Vec<&str> = args.iter().chain(reason.iter()).copied().collect();
        let (code, stderr) = set_fails(&file, &all);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
    }
    let (code, stderr) = set_fails(
        &file,
        &[
            "--service",
            "Amazon EKS",
            "--family",
            "CC6",
            "--owner",
            "shared",
            "--reason",
            " ",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("reason"), "{stderr}");
    assert_eq!(
        matrix_json(&file, &[]),
        before,
        "a refused set wrote something"
    );
}

#[test]
fn set_usage_errors_exit_2() {
    let (_dir, file) = demo();
    let cases: [&[&str]; 4] = [
        // No target.
        &[
            "--service",
            "Amazon EKS",
            "--owner",
            "shared",
            "--reason",
            "r",
        ],
        // Two targets.
        &[
            "--service",
            "Amazon EKS",
            "--family",
            "CC6",
            "--control",
            "CC6.1",
            "--owner",
            "shared",
            "--reason",
            "r",
        ],
        // No reason.
        &[
            "--service",
            "Amazon EKS",
            "--family",
            "CC6",
            "--owner",
            "shared",
        ],
        // Not an owner.
        &[
            "--service",
            "Amazon EKS",
            "--family",
            "CC6",
            "--owner",
            "mine",
            "--reason",
            "r",
        ],
    ];
    for args in cases {
        let (code, _) = set_fails(&file, args);
        assert_eq!(code, Some(2), "{args:?}");
    }
    let out = demarc()
        .arg("matrix")
        .arg(&file)
        .args(["--framework", "sox"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
