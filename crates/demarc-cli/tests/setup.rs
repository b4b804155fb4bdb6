//! Setting up an engagement after `demarc new`: `demarc engagement`, `demarc framework`,
//! `demarc person` and `demarc service set`, each change logged.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

/// Runs `demarc WORDS FILE REST`: the file follows the subcommand's words.
fn run(words: &[&str], file: &Path, rest: &[&str]) -> std::process::Output {
    demarc().args(words).arg(file).args(rest).output().unwrap()
}

fn ok(words: &[&str], file: &Path, rest: &[&str]) -> String {
    let out = run(words, file, rest);
    assert!(
        out.status.success(),
        "{words:?} {rest:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(words: &[&str], file: &Path, rest: &[&str]) -> (Option<i32>, String) {
    let out = run(words, file, rest);
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

fn show(file: &Path) -> Value {
    serde_json::from_str(&ok(&["show"], file, &["--json"])).unwrap()
}

fn log(file: &Path) -> Vec<Value> {
    let text = ok(&["log"], file, &["--json"]);
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// A new engagement with no framework and two services.
fn blank(dir: &Path) -> PathBuf {
    let file = dir.join("acme.demarc");
    ok(&["new"], &file, &["--client", "Acme"]);
    for (name, model) in [("Amazon EC2", "iaas"), ("Amazon S3", "paas")] {
        ok(
            &["service", "add"],
            &file,
            &["--name", name, "--provider", "AWS", "--model", model],
        );
    }
    file
}

#[test]
fn engagement_sets_the_details_a_new_file_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let file = blank(dir.path());
    let out = ok(
        &["engagement"],
        &file,
        &[
            "--client",
            "Acme Health",
            "--scope",
            "The patient portal",
            "--audit-start",
            "2026-04-01",
            "--audit-end",
            "2027-03-31",
            "--locale",
            "en-GB",
        ],
    );
    assert!(
        out.contains("audit window: 2026-04-01 to 2027-03-31"),
        "{out}"
    );
    let e = &show(&file)["engagement"];
    assert_eq!(e["client"], "Acme Health");
    assert_eq!(e["scope"], "The patient portal");
    assert_eq!(e["audit_start"], "2026-04-01");
    assert_eq!(e["locale"], "en-GB");
    assert_eq!(e["sample"], false);
    let kinds: Vec<Value> = log(&file)
        .iter()
        .filter(|d| d["about"]["kind"] == "engagement")
        .map(|d| d["about"]["field"].clone())
        .collect();
    assert_eq!(kinds, ["client", "scope", "audit_window", "locale"]);

    // One end moves, the other stays.
    ok(&["engagement"], &file, &["--audit-end", "2027-06-30"]);
    let e = &show(&file)["engagement"];
    assert_eq!(
        (e["audit_start"].as_str(), e["audit_end"].as_str()),
        (Some("2026-04-01"), Some("2027-06-30"))
    );
    let text = ok(&["show"], &file, &[]);
    assert!(text.contains("Scope: The patient portal"), "{text}");
    assert!(text.contains("Locale: en-GB"), "{text}");
}

#[test]
fn engagement_refuses_a_bad_value_by_its_field_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = blank(dir.path());
    let (code, err) = fails(&["engagement"], &file, &["--locale", "english"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("locale"), "{err}");
    let (code, err) = fails(
        &["engagement"],
        &file,
        &["--audit-start", "2026-07-01", "--audit-end", "2026-06-30"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("audit_end"), "{err}");
    let (code, err) = fails(&["engagement"], &file, &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("nothing to change"), "{err}");
    let (code, _) = fails(&["engagement"], &file, &["--audit-start", "12/04/0001"]);
    assert_eq!(code, Some(2), "a date that is not ISO is a usage error");
    assert_eq!(show(&file)["engagement"]["audit_start"], Value::Null);
}

#[test]
fn framework_add_and_remove_fill_and_empty_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let file = blank(dir.path());
    let matrix = |file: &Path| -> Vec<Value> {
        serde_json::from_str::<Value>(&ok(&["matrix"], file, &["--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(matrix(&file).is_empty());
    let out = ok(&["framework", "add"], &file, &["--framework", "soc2"]);
    assert!(out.contains("SOC 2 in scope for 2 services"), "{out}");
    assert!(
        out.contains("demarc profile"),
        "the scoping questions are pointed at: {out}"
    );
    ok(&["framework", "add"], &file, &["--framework", "hipaa"]);
    let rows = matrix(&file);
    assert!(rows.iter().any(|r| r["framework"] == "soc2"));
    assert!(rows.iter().any(|r| r["framework"] == "hipaa"));
    assert_eq!(
        show(&file)["services"][0]["frameworks"],
        serde_json::json!(["soc2", "hipaa"])
    );

    let out = ok(&["framework", "remove"], &file, &["--framework", "soc2"]);
    assert!(
        out.contains("removed SOC 2 from 2 services (Amazon EC2, Amazon S3)"),
        "{out}"
    );
    assert!(
        out.contains("kept in the file: 0 control decisions"),
        "{out}"
    );
    assert!(matrix(&file).iter().all(|r| r["framework"] == "hipaa"));
    let (code, err) = fails(&["framework", "remove"], &file, &["--framework", "soc2"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not in the engagement's scope"), "{err}");
    let (code, _) = fails(&["framework", "add"], &file, &["--framework", "soc3"]);
    assert_eq!(code, Some(2));
}

#[test]
fn people_are_added_edited_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let file = blank(dir.path());
    ok(
        &["person", "add"],
        &file,
        &[
            "--name",
            "Dana Whitfield",
            "--role",
            "Consultant",
            "--preparer",
        ],
    );
    ok(
        &["person", "add"],
        &file,
        &["--name", "Priya Raman", "--role", "Compliance lead"],
    );
    ok(
        &["person", "edit"],
        &file,
        &["--name", "priya raman", "--role", "CISO"],
    );
    let e = &show(&file)["engagement"];
    assert_eq!(e["preparer"]["name"], "Dana Whitfield");
    assert_eq!(e["reviewers"][0]["role"], "CISO");
    ok(&["person", "remove"], &file, &["--name", "Dana Whitfield"]);
    let e = &show(&file)["engagement"];
    assert_eq!(e["preparer"], Value::Null);
    assert_eq!(e["reviewers"].as_array().unwrap().len(), 1);

    let (code, err) = fails(&["person", "remove"], &file, &["--name", "Nobody"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no person is named"), "{err}");
    let (code, err) = fails(&["person", "add"], &file, &["--name", "  "]);
    assert_eq!(code, Some(1));
    assert!(err.contains("name"), "{err}");
    let people = log(&file)
        .iter()
        .filter(|d| d["about"]["field"] == "people")
        .count();
    assert_eq!(people, 4);
}

#[test]
fn service_set_changes_provider_data_sensitivity_and_frameworks() {
    let dir = tempfile::tempdir().unwrap();
    let file = blank(dir.path());
    ok(&["framework", "add"], &file, &["--framework", "soc2"]);
    ok(&["framework", "add"], &file, &["--framework", "hipaa"]);
    let out = ok(
        &["service", "set"],
        &file,
        &[
            "--service",
            "Amazon S3",
            "--provider",
            "Amazon Web Services",
            "--sensitivity",
            "high",
            "--data",
            "phi",
            "--data",
            "pii",
            "--framework",
            "hipaa",
        ],
    );
    assert!(
        out.contains("Amazon S3 (Amazon Web Services, PaaS): High sensitivity; data: PHI, PII; frameworks: HIPAA"),
        "{out}"
    );
    let s3 = |file: &Path| {
        show(file)["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Amazon S3")
            .unwrap()
            .clone()
    };
    let s3_now = s3(&file);
    assert_eq!(s3_now["provider"], "Amazon Web Services");
    assert_eq!(s3_now["data_types"], serde_json::json!(["phi", "pii"]));
    assert_eq!(s3_now["frameworks"], serde_json::json!(["hipaa"]));

    let gaps: Value = serde_json::from_str(&ok(&["gaps"], &file, &["--json"])).unwrap();
    assert!(
        gaps["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["kind"] == "phi_without_baa" && g["service"] == "Amazon S3"),
        "PHI with no BAA is a gap"
    );

    let (code, err) = fails(
        &["service", "set"],
        &file,
        &["--service", "Amazon S3", "--framework", "pci_dss"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("not in the engagement's scope"), "{err}");
    ok(
        &["service", "set"],
        &file,
        &["--service", "Amazon S3", "--no-data"],
    );
    assert_eq!(s3(&file)["data_types"], serde_json::json!([]));
    let (code, _) = fails(
        &["service", "set"],
        &file,
        &["--service", "Amazon S3", "--data", "gold"],
    );
    assert_eq!(code, Some(2));
}
