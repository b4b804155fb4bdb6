//! The `demarc` binary as a user runs it: arguments in, text or JSON and an exit code out.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

fn show_json(file: &Path) -> Value {
    let out = demarc()
        .arg("show")
        .arg(file)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn demo_writes_an_engagement_that_show_lists_in_full() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let json = show_json(&file);
    assert_eq!(json["engagement"]["client"], "Northwind Health");
    let services = json["services"].as_array().unwrap();
    assert_eq!(services.len(), 9);
    for s in services {
        assert!(s["name"].is_string() && s["provider"].is_string() && s["model"].is_string());
        let layers = s["layers"].as_array().unwrap();
        assert_eq!(layers.len(), 14, "{}", s["name"]);
        assert_eq!(layers[0]["layer"], "data");
        assert_eq!(layers[13]["layer"], "physical_datacenter");
        for l in layers {
            assert!(l["owner"].is_string() && l["default_owner"].is_string());
            assert!(l.get("reason").is_some());
        }
    }
    // Running the demo again replaces the demo, not anything else.
    demarc().arg("demo").arg(dir.path()).assert().success();
}

#[test]
fn demo_refuses_to_replace_a_file_that_is_not_an_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.demarc");
    std::fs::write(&file, "my notes").unwrap();
    let out = demarc().arg("demo").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
}

#[test]
fn new_service_add_layer_set_show_and_log() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.demarc");
    demarc()
        .args(["new"])
        .arg(&file)
        .args([
            "--client",
            "Acme",
            "--framework",
            "soc2",
            "--audit-start",
            "2027-01-01",
        ])
        .args(["--audit-end", "2027-12-31"])
        .assert()
        .success();
    demarc()
        .args(["service", "add"])
        .arg(&file)
        .args([
            "--name",
            "Lambda",
            "--provider",
            "AWS",
            "--model",
            "faas",
            "--data",
            "phi",
        ])
        .assert()
        .success();
    demarc()
        .args(["layer", "set"])
        .arg(&file)
        .args([
            "--service",
            "Lambda",
            "--layer",
            "runtime",
            "--owner",
            "customer",
        ])
        .args(["--reason", "container images we build"])
        .assert()
        .success();

    let json = show_json(&file);
    let runtime = &json["services"][0]["layers"][6];
    assert_eq!(runtime["layer"], "runtime");
    assert_eq!(runtime["owner"], "customer");
    assert_eq!(runtime["default_owner"], "shared");
    assert_eq!(runtime["reason"], "container images we build");
    assert_eq!(json["engagement"]["audit_end"], "2027-12-31");

    let text = demarc().arg("show").arg(&file).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Runtime, middleware and images") && text.contains("*customer"),
        "{text}"
    );

    let log = demarc()
        .arg("log")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&log.stdout).unwrap();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["subject"], "service \"Lambda\" layer runtime");
    assert_eq!(last["old_value"], "shared");
    assert_eq!(last["new_value"], "customer");
    assert_eq!(last["who"], "cli-test");
}

#[test]
fn user_errors_exit_1_with_a_message_naming_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let cases: [(&[&str], &str); 3] = [
        (
            &["--service", "Amazon EC2", "--reason", " "],
            "reason: a reason is required",
        ),
        (
            &["--service", "Nope", "--reason", "x"],
            "no service named \"Nope\"",
        ),
        (&["--service", "Amazon EC2", "--reason", "x"], ""),
    ];
    for (args, expected) in cases {
        let out = demarc()
            .args(["layer", "set"])
            .arg(&file)
            .args(["--layer", "os", "--owner", "shared"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if expected.is_empty() {
            assert!(out.status.success(), "{stderr}");
        } else {
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains(expected), "{stderr}");
        }
    }
    let missing = dir.path().join("missing.demarc");
    let out = demarc().arg("show").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.demarc: no such file"));
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.demarc");
    let out = demarc()
        .args(["layer", "set"])
        .arg(&file)
        .args([
            "--service",
            "x",
            "--layer",
            "kernel",
            "--owner",
            "customer",
            "--reason",
            "r",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected one of: data,"));
    let out = demarc().args(["layer", "set"]).arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--reason and the others are required"
    );
}

#[test]
fn a_file_from_a_newer_version_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    for args in [vec!["show"], vec!["log"]] {
        let out = demarc().args(&args).arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("newer version of Demarc"));
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// Runs `script` as root in a private mount namespace where `dir` is mounted read-only.
fn on_read_only_medium(dir: &Path, script: &str) -> Option<std::process::Output> {
    let bin = assert_cmd::cargo::cargo_bin("demarc");
    let full = format!(
        "mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}' && {script}",
        d = dir.display()
    );
    let out = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &full])
        .env("DEMARC", bin)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("mount:") || stderr.contains("unshare:") {
        eprintln!(
            "SKIPPED: cannot mount a read-only folder here ({})",
            stderr.trim()
        );
        return None;
    }
    Some(out)
}

#[test]
fn a_file_on_a_read_only_medium_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let before = std::fs::read(&file).unwrap();

    let Some(out) = on_read_only_medium(
        dir.path(),
        &format!("\"$DEMARC\" show '{}'", file.display()),
    ) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Northwind Health"));

    let set = format!(
        "\"$DEMARC\" layer set '{}' --service 'Amazon EC2' --layer os --owner shared --reason r",
        file.display()
    );
    let out = on_read_only_medium(dir.path(), &set).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is open read-only"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_second_writer_is_refused_while_reads_go_on() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let _held = demarc_store::EngagementFile::open(&file).unwrap();

    let out = demarc()
        .args(["layer", "set"])
        .arg(&file)
        .args([
            "--service",
            "Amazon EC2",
            "--layer",
            "os",
            "--owner",
            "shared",
            "--reason",
            "r",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is open in Demarc by"), "{stderr}");
    demarc().arg("show").arg(&file).assert().success();
}

#[test]
fn backup_keeps_the_newest_copies() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    for _ in 0..3 {
        demarc()
            .arg("backup")
            .arg(&file)
            .args(["--keep", "2"])
            .assert()
            .success();
    }
    let kept = std::fs::read_dir(dir.path().join("demo.backups"))
        .unwrap()
        .count();
    assert_eq!(kept, 2);
}

#[test]
fn a_service_is_renamed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let out = demarc()
        .args(["service", "rename"])
        .arg(&file)
        .args(["--service", "Amazon EC2", "--name", "EC2 prod"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "renamed Amazon EC2 to EC2 prod\n"
    );
    demarc()
        .args(["service", "rename"])
        .arg(&file)
        .args(["--service", "EC2 prod", "--name", "Amazon S3"])
        .assert()
        .code(1);
    let out = demarc()
        .args(["service", "remove"])
        .arg(&file)
        .args(["--service", "EC2 prod"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("removed EC2 prod with layer overrides 1,"));
    let names: Vec<String> = show_json(&file)["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 9 - 1);
    assert!(!names.iter().any(|n| n.contains("EC2")), "{names:?}");
}
