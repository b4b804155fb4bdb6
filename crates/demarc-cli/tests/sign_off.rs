//! Sign-off from the command line: `decision review`, `log` with review states, `version`
//! with its change log, and `approve`, refused while work is open and stale after a change.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

/// Runs `demarc ARGS FILE EXTRA` and returns its output; it must succeed.
fn ok(args: &[&str], file: &Path, extra: &[&str]) -> String {
    let out = demarc().args(args).arg(file).args(extra).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} {extra:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs it expecting a user error (exit 1); returns the message.
fn refused(args: &[&str], file: &Path, extra: &[&str]) -> String {
    let out = demarc().args(args).arg(file).args(extra).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} {extra:?}");
    String::from_utf8(out.stderr).unwrap()
}

fn log(file: &Path) -> Vec<Value> {
    let out = ok(&["log"], file, &["--json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn state(file: &Path, id: i64) -> Value {
    log(file).into_iter().find(|d| d["id"] == id).unwrap()["review"].clone()
}

/// A new engagement with one service: the file and the id of the service's entry.
fn engagement(dir: &tempfile::TempDir) -> PathBuf {
    let file = dir.path().join("acme.demarc");
    ok(
        &["new"],
        &file,
        &["--client", "Acme", "--framework", "soc2"],
    );
    ok(
        &["service", "add"],
        &file,
        &[
            "--name",
            "Okta",
            "--provider",
            "Okta",
            "--model",
            "saas",
            "--framework",
            "soc2",
        ],
    );
    file
}

fn last_id(file: &Path) -> i64 {
    log(file).last().unwrap()["id"].as_i64().unwrap()
}

fn review(file: &Path, id: i64, extra: &[&str]) -> String {
    let mut args = vec!["--id".to_string(), id.to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&["decision", "review"], file, &args)
}

fn accept_open(file: &Path) {
    for d in log(file) {
        let s = d["review"]["state"].as_str().unwrap();
        if s == "unreviewed" || s == "returned" {
            review(
                file,
                d["id"].as_i64().unwrap(),
                &["--accept", "--by", "Priya Raman"],
            );
        }
    }
}

#[test]
fn a_decision_is_accepted_or_returned_and_the_log_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(&dir);
    let added = last_id(&file);
    ok(
        &["layer", "set"],
        &file,
        &[
            "--service",
            "Okta",
            "--layer",
            "data",
            "--owner",
            "shared",
            "--reason",
            "tokenized",
        ],
    );
    let layer = last_id(&file);
    assert_eq!(state(&file, layer)["state"], "unreviewed");

    let today = chrono::Local::now().date_naive().to_string();
    let said = review(
        &file,
        added,
        &["--accept", "--by", "Priya Raman", "--on", &today],
    );
    assert_eq!(
        said.trim(),
        format!("decision #{added} accepted by Priya Raman on {today}")
    );
    let accepted = state(&file, added);
    assert_eq!(accepted["state"], "accepted");
    assert_eq!(accepted["reviewer"], "Priya Raman");
    assert_eq!(accepted["on"], today.as_str());
    let entry = log(&file).pop().unwrap();
    assert_eq!(entry["about"]["kind"], "decision_review");
    assert_eq!(entry["review"]["state"], "record");

    review(
        &file,
        layer,
        &[
            "--return",
            "--by",
            "Priya Raman",
            "--comment",
            "Which tokenization service?",
        ],
    );
    assert_eq!(state(&file, layer)["state"], "returned");
    assert_eq!(
        state(&file, layer)["comment"],
        "Which tokenization service?"
    );

    let text = ok(&["log"], &file, &[]);
    assert!(text.contains(&format!("#{added} ")), "{text}");
    assert!(
        text.contains(&format!("[accepted by Priya Raman on {today}]")),
        "{text}"
    );
    assert!(
        text.contains(": Which tokenization service?]"),
        "the comment shows: {text}"
    );
    let open = ok(&["log"], &file, &["--unreviewed"]);
    assert_eq!(open.lines().count(), 1, "{open}");
    assert!(open.contains("returned by Priya Raman"), "{open}");

    // A later decision on the same layer replaces the returned one.
    ok(
        &["layer", "set"],
        &file,
        &[
            "--service",
            "Okta",
            "--layer",
            "data",
            "--owner",
            "customer",
            "--reason",
            "ours",
        ],
    );
    assert_eq!(state(&file, layer)["state"], "superseded");
    let open = ok(&["log"], &file, &["--unreviewed"]);
    assert!(
        open.contains("shared -> customer (ours) [unreviewed]"),
        "{open}"
    );
}

#[test]
fn a_review_is_refused_naming_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(&dir);
    let id = last_id(&file).to_string();
    let message = refused(
        &["decision", "review"],
        &file,
        &["--id", &id, "--return", "--by", "P"],
    );
    assert!(message.contains("comment:"), "{message}");
    let message = refused(
        &["decision", "review"],
        &file,
        &["--id", "99", "--accept", "--by", "P"],
    );
    assert!(
        message.contains("decision: there is no decision #99"),
        "{message}"
    );
    let message = refused(
        &["decision", "review"],
        &file,
        &["--id", &id, "--accept", "--by", "P", "--on", "2999-01-01"],
    );
    assert!(message.contains("on:"), "{message}");
    // Neither --accept nor --return, or both: a usage error.
    for verdict in [vec![], vec!["--accept", "--return"]] {
        let out = demarc()
            .args(["decision", "review"])
            .arg(&file)
            .args(["--id", &id, "--by", "P", "--comment", "x"])
            .args(verdict)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
    assert_eq!(state(&file, id.parse().unwrap())["state"], "unreviewed");
}

#[test]
fn version_bump_and_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(&dir);
    let text = ok(&["version"], &file, &[]);
    assert!(
        text.starts_with("Draft version 0.1: 1 unreviewed decision, not approved"),
        "{text}"
    );
    assert!(
        text.contains("Version 0.1: 1 decision: services 1"),
        "{text}"
    );

    let said = ok(
        &["version"],
        &file,
        &["--bump", "--note", "After workshop 1"],
    );
    assert_eq!(said.trim(), "started version 0.2");
    ok(
        &["layer", "set"],
        &file,
        &[
            "--service",
            "Okta",
            "--layer",
            "data",
            "--owner",
            "shared",
            "--reason",
            "tokenized",
        ],
    );
    let text = ok(&["version"], &file, &[]);
    assert!(text.starts_with("Draft version 0.2: "), "{text}");
    assert!(text.contains("version 0.2 started"), "{text}");
    assert!(text.contains(": After workshop 1"), "{text}");
    assert!(
        text.contains("Version 0.2: 1 decision since version 0.1: layer owners 1"),
        "{text}"
    );
    let changes = ok(&["version"], &file, &["--changes"]);
    assert!(
        changes.contains("layer data: customer -> shared (tokenized)"),
        "{changes}"
    );
    let first = ok(&["version"], &file, &["--changes", "0.1"]);
    assert!(first.contains("service \"Okta\": added"), "{first}");
    assert!(!first.contains("layer data"), "{first}");
    let json: Value = serde_json::from_str(&ok(&["version"], &file, &["--json"])).unwrap();
    assert_eq!(json["version"], "0.2");
    assert_eq!(json["state"], "draft");
    assert_eq!(json["changes"]["entries"].as_array().unwrap().len(), 1);

    let message = refused(&["version"], &file, &["--bump", "--to", "0.1"]);
    assert!(
        message.contains("version: version 0.1 was used already"),
        "{message}"
    );
    let message = refused(&["version"], &file, &["--changes", "3.0"]);
    assert!(
        message.contains("version: there is no version \"3.0\""),
        "{message}"
    );
}

#[test]
fn approval_is_refused_on_the_demo_and_stated_once_everything_is_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let demo = dir.path().join("demo.demarc");
    let args = ["--approver", "Priya Raman", "--role", "Compliance lead"];
    let message = refused(&["approve"], &demo, &args);
    assert!(
        message.contains("approval: version 0.2 cannot be approved"),
        "{message}"
    );
    assert!(message.contains("undetermined row"), "{message}");
    assert!(ok(&["version"], &demo, &[]).starts_with("Draft version 0.2: "));

    let file = engagement(&dir);
    let message = refused(&["approve"], &file, &args);
    assert!(message.contains("1 unreviewed decision"), "{message}");
    accept_open(&file);
    let message = refused(
        &["approve"],
        &file,
        &["--approver", "Priya Raman", "--role", " "],
    );
    assert!(message.contains("role:"), "{message}");
    let said = ok(&["approve"], &file, &args);
    assert!(
        said.starts_with("Version 0.1 approved by Priya Raman (Compliance lead) on "),
        "{said}"
    );
    let text = ok(&["version"], &file, &[]);
    assert!(
        text.starts_with("Version 0.1 approved by Priya Raman"),
        "{text}"
    );

    // A change after the approval: the next export is a draft of the next version.
    ok(
        &["layer", "set"],
        &file,
        &[
            "--service",
            "Okta",
            "--layer",
            "data",
            "--owner",
            "shared",
            "--reason",
            "tokenized",
        ],
    );
    let text = ok(&["version"], &file, &[]);
    assert!(
        text.starts_with(
            "Draft version 0.2: 1 unreviewed decision, changed since version 0.1 was approved on "
        ),
        "{text}"
    );
}
