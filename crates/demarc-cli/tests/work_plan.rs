//! `demarc team`, `demarc plan` and `demarc gaps --grouped --owner` / `--burndown` as a user
//! runs them, on the demo.
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

fn json(file: &Path, args: &[&str]) -> Value {
    let out = demarc().args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn run(file: &Path, args: &[&str]) -> String {
    let out = demarc().args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The ids of the tasks of kind `kind` in today's plan.
fn tasks(file: &Path, kind: &str) -> Vec<String> {
    let plan = json(file, &["gaps", "--grouped", "--json"]);
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["level"] == "task")
        .flat_map(|i| i["members"].as_array().unwrap().clone())
        .filter(|m| m["kind"] == kind)
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

fn open_gaps(file: &Path) -> usize {
    json(file, &["gaps", "--json"])["gaps"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_task_given_to_a_person_shows_in_their_plan_only() {
    let (_dir, file) = demo();
    run(
        &file,
        &["team", "add", "--name", "Dana", "--role", "Cloud lead"],
    );
    let task = tasks(&file, "customer_no_evidence")[0].clone();
    run(
        &file,
        &[
            "plan",
            "assign",
            "--item",
            &task,
            "--owner",
            "dana",
            "--due",
            "2027-03-01",
        ],
    );
    let mine = json(&file, &["gaps", "--grouped", "--json", "--owner", "Dana"]);
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let member = &items[0]["members"][0];
    assert_eq!(member["id"], task.as_str());
    assert_eq!(member["owner"], "Dana");
    assert_eq!(member["due"], "2027-03-01");
    // Someone not on the team is refused, naming the field.
    let out = demarc()
        .args(["gaps", "--grouped", "--owner", "Nobody"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("owner"));
}

#[test]
fn evidence_for_many_tasks_closes_their_gaps_and_the_burndown_counts_them() {
    let (_dir, file) = demo();
    let flat = open_gaps(&file);
    let chosen: Vec<String> = tasks(&file, "customer_no_evidence")
        .into_iter()
        .take(5)
        .collect();
    let today = chrono::Local::now().date_naive().to_string();
    let mut args = vec![
        "plan",
        "evidence",
        "--title",
        "Policy set 2026",
        "--date",
        &today,
    ];
    for t in &chosen {
        args.extend(["--item", t.as_str()]);
    }
    args.extend(["--location", "binder/policies", "--collected-by", "Dana"]);
    let said = run(&file, &args);
    let n: usize = said.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(n >= 5, "{said}");
    assert_eq!(open_gaps(&file), flat - n);
    let progress = json(&file, &["gaps", "--burndown", "--json"]);
    let days = progress["days"].as_array().unwrap();
    assert_eq!(
        days.last().unwrap()["gaps"].as_u64().unwrap() as usize,
        flat - n
    );
    assert!(run(&file, &["gaps", "--burndown"]).contains("Items  Tasks"));
}

#[test]
fn an_accepted_risk_is_listed_apart_until_it_expires() {
    let (_dir, file) = demo();
    let plan = json(&file, &["gaps", "--grouped", "--json"]);
    let item = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "aoc_service_missing")
        .unwrap()
        .clone();
    let id = item["id"].as_str().unwrap();
    let flat = open_gaps(&file);
    let expires = (chrono::Local::now().date_naive() + chrono::Days::new(60)).to_string();
    run(
        &file,
        &[
            "plan",
            "accept",
            "--item",
            id,
            "--reason",
            "No cardholder data on EKS",
            "--approver",
            "CISO",
            "--expires",
            &expires,
        ],
    );
    let report = json(&file, &["gaps", "--json"]);
    let accepted = report["accepted"].as_array().unwrap();
    assert_eq!(accepted.len() as u64, item["count"].as_u64().unwrap());
    assert_eq!(accepted[0]["acceptance"]["approver"], "CISO");
    assert_eq!(
        report["gaps"].as_array().unwrap().len(),
        flat - accepted.len()
    );
    let text = run(&file, &["gaps", "--grouped"]);
    assert!(text.contains("Accepted risks"), "{text}");
    // Past its expiry the gaps are open again.
    let later = (chrono::Local::now().date_naive() + chrono::Days::new(61)).to_string();
    let then = json(&file, &["gaps", "--json", "--today", &later]);
    assert!(then["accepted"].as_array().unwrap().is_empty());
    // A missing reason is refused.
    let out = demarc()
        .args([
            "plan",
            "accept",
            "--item",
            id,
            "--reason",
            " ",
            "--approver",
            "CISO",
        ])
        .args(["--expires", &expires])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reason"));
}

/// An item's members that share one cause are told apart by their control: no two lines of
/// the plan's text say the same thing.
#[test]
fn the_grouped_text_names_each_members_control() {
    let (_dir, file) = demo();
    let text = run(&file, &["gaps", "--grouped"]);
    let (mut members, mut repeated) = (0, Vec::new());
    let mut seen = std::collections::BTreeSet::new();
    for line in text.lines() {
        if !line.starts_with(' ') {
            seen.clear(); // the next item
        } else if line.starts_with("        - ") {
            members += 1;
            if !seen.insert(line) {
                repeated.push(line);
            }
        }
    }
    assert!(members > 20, "{text}");
    assert!(repeated.is_empty(), "{repeated:#?}");
    assert!(text.contains("PCI DSS 6.4.3 on Amazon EKS (1)"), "{text}");
}
