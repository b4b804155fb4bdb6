//! `demarc gaps` and `demarc attest` as a user runs them.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The demo's register as it stands two weeks before its audit window opens.
const DEMO_TODAY: &str = "2026-12-15";

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

fn gaps_json(file: &Path, today: &str) -> Value {
    let out = demarc()
        .args(["gaps", "--json", "--today", today])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn of_kind<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == kind)
        .collect()
}

#[test]
fn the_demo_lists_every_kind_of_gap_its_register_allows() {
    let (_dir, file) = demo();
    let report = gaps_json(&file, DEMO_TODAY);
    // Not shown: a bridge letter longer than usual (refused now), CUECs unmapped or without an
    // owner and exceptions left unrecorded (the demo's report has them mapped and recorded),
    // and an N/A row without a justification (the demo's N/A decisions say why).
    for kind in [
        "undetermined_layer",
        "undetermined_control",
        "provider_unattested",
        "inherited_unattested",
        "customer_no_evidence",
        "shared_no_customer_part",
        "evidence_overdue",
        "cuec_no_evidence",
        "cuecs_unconfirmed",
        "exception_unassessed",
        "soc2_stale",
        "soc2_window_gap",
        "third_party_carved_out",
        "csoc_unsupported",
        "aoc_stale",
        "aoc_service_missing",
        "iso_expired",
        "lapses_in_window",
        "vendor_review_overdue",
    ] {
        assert!(!of_kind(&report, kind).is_empty(), "no {kind} gap");
    }
    for g in report["gaps"].as_array().unwrap() {
        for field in ["kind", "severity", "message", "why", "fix"] {
            assert!(g[field].is_string(), "{field} missing in {g}");
        }
        assert!(["high", "medium", "low"].contains(&g["severity"].as_str().unwrap()));
        assert!(g["link"]["to"].is_string());
        if g["link"]["to"] == "row" {
            // A row of a service names it; an entity-level row has none.
            assert!(g["control"].is_string(), "{g}");
            assert_eq!(
                g["service"].is_string(),
                g["link"]["service_id"].is_number(),
                "{g}"
            );
        }
    }

    // The cases the demo is built to show.
    let service = |g: &&Value, name: &str| g["service"] == name;
    // Lambda is among the eligible services of AWS's BAA; Entra ID receives no PHI.
    assert!(of_kind(&report, "phi_without_baa").is_empty());
    // Salesforce's report carves out physical access (to AWS, its Hyperforce host): one gap,
    // on Sales Cloud's CC6.4. AWS's own data centres are in AWS's report.
    let carved = of_kind(&report, "third_party_carved_out");
    assert_eq!(carved.len(), 1, "{carved:?}");
    assert_eq!(carved[0]["provider"], "Salesforce");
    assert_eq!(carved[0]["control"], "CC6.4");
    // No current SOC 2 report backs the CSOC Northwind lists for Stripe (its report is
    // stale), nor those it lists for Microsoft (none on file).
    let csocs = of_kind(&report, "csoc_unsupported");
    let mut providers: Vec<&str> = csocs
        .iter()
        .map(|g| g["provider"].as_str().unwrap())
        .collect();
    providers.sort_unstable();
    assert_eq!(providers, ["Microsoft", "Microsoft", "Stripe"]);
    // AWS's current AOC leaves EKS out, and says so.
    let eks = of_kind(&report, "aoc_service_missing");
    assert!(eks.iter().any(|g| service(g, "Amazon EKS")
        && g["message"]
            .as_str()
            .unwrap()
            .starts_with("AOC does not list Amazon EKS (AWS PCI DSS 4.0.1 AOC")));
    let window = of_kind(&report, "soc2_window_gap");
    let ec2 = window.iter().find(|g| service(g, "Amazon EC2")).unwrap();
    assert!(
        ec2["message"].as_str().unwrap().starts_with("181 days"),
        "{ec2}"
    );
    // one CUEC of AWS's report still lacks evidence: one gap, on the report
    let cuecs = of_kind(&report, "cuec_no_evidence");
    assert_eq!(cuecs.len(), 1);
    assert_eq!(cuecs[0]["control"], "CUEC-1.3");
    assert!(cuecs[0]["service"].is_null());

    let total: u64 = report["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["total"].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, report["gaps"].as_array().unwrap().len());
    assert!(report["by_framework"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["key"] == "pci_dss"));
}

#[test]
fn gaps_as_text_end_with_counts() {
    let (_dir, file) = demo();
    let out = demarc()
        .args(["gaps", "--today", DEMO_TODAY])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Gaps on 2026-12-15\nhigh"), "{text}");
    assert!(text.contains("By service\n") && text.contains("By framework\n"));
    assert!(
        text.contains("csoc_unsupported         Stripe soc2 CSOC-2:"),
        "{text}"
    );
}

#[test]
fn an_inherited_row_becomes_a_provider_gap_when_the_report_goes_stale_for_the_window() {
    let (_dir, file) = demo();
    // AWS's report ended 2026-09-30: current to 2027-09-30, which reaches the audit window
    // (2027-01-01 to 2027-06-30) whatever day the gaps are read on.
    let provider_rows = |today: &str| -> usize {
        of_kind(&gaps_json(&file, today), "provider_unattested")
            .iter()
            .filter(|g| g["service"] == "Amazon RDS for PostgreSQL" && g["framework"] == "soc2")
            .count()
    };
    assert_eq!(provider_rows("2027-09-30"), 0);
    assert_eq!(provider_rows("2027-10-01"), 0);
    // A window the report no longer reaches: its rows are the provider's, the report stale.
    let out = demarc()
        .arg("engagement")
        .arg(&file)
        .args(["--audit-start", "2027-10-01", "--audit-end", "2028-03-31"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = provider_rows("2027-10-01");
    assert!(after > 0);

    let aws_stale = |today: &str| -> Vec<Value> {
        of_kind(&gaps_json(&file, today), "soc2_stale")
            .into_iter()
            .filter(|g| g["provider"] == "AWS")
            .cloned()
            .collect()
    };
    // Stale for that window even read on its last current day, and stale outright after.
    let before = aws_stale("2027-09-30");
    assert!(before[0]["message"]
        .as_str()
        .unwrap()
        .contains("not current in the audit window 2027-10-01 to 2028-03-31"));
    let after = aws_stale("2027-10-01");
    assert_eq!(after[0]["link"]["to"], "attestation");
    assert!(after[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("has been stale since 2027-09-30"));
}

#[test]
fn attest_adds_each_kind_and_refuses_with_a_field() {
    let (_dir, file) = demo();
    let ok = |args: &[&str]| {
        let out = demarc()
            .arg("attest")
            .arg(&file)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let said = ok(&[
        "soc2",
        "--provider",
        "AWS",
        "--type",
        "2",
        "--period-start",
        "2025-12-01",
        "--period-end",
        "2026-11-30",
        "--service",
        "Amazon EC2",
        "--service",
        "AWS Lambda",
        "--cuec",
        "Customers rotate their access keys",
        "--bridge-date",
        "2026-12-01",
        "--bridge-to",
        "2026-12-01",
    ]);
    assert!(
        said.contains("AWS SOC 2 Type II 2025-12-01..2026-11-30"),
        "{said}"
    );
    ok(&[
        "baa",
        "--provider",
        "AWS",
        "--status",
        "signed",
        "--mechanism",
        "negotiated",
        "--effective",
        "2026-12-01",
        "--service",
        "AWS Lambda",
    ]);
    ok(&[
        "aoc",
        "--provider",
        "AWS",
        "--date",
        "2026-11-01",
        "--service",
        "Amazon EKS",
    ]);
    ok(&[
        "iso",
        "--provider",
        "Salesforce",
        "--number",
        "IS 999",
        "--expiry",
        "2027-11-30",
        "--service",
        "Salesforce Sales Cloud",
    ]);
    ok(&[
        "fedramp",
        "--provider",
        "Microsoft",
        "--level",
        "high",
        "--date",
        "2019-10-01",
        "--package-id",
        "F1209051525",
        "--service",
        "Microsoft Entra ID",
    ]);
    let report = gaps_json(&file, DEMO_TODAY);
    assert!(of_kind(&report, "phi_without_baa").is_empty());
    assert!(of_kind(&report, "aoc_service_missing").is_empty());
    assert!(of_kind(&report, "iso_expired").is_empty());
    // the letter, signed on 1 December, speaks up to that day only, whatever it "covers to":
    // the whole window stays open
    let lambda = of_kind(&report, "soc2_window_gap")
        .into_iter()
        .find(|g| g["service"] == "AWS Lambda")
        .unwrap();
    assert!(
        lambda["message"].as_str().unwrap().starts_with("181 days"),
        "{lambda}"
    );

    let out = demarc()
        .arg("attest")
        .arg(&file)
        .args([
            "soc2",
            "--provider",
            "AWS",
            "--type",
            "2",
            "--period-start",
            "2027-04-01",
            "--period-end",
            "2026-03-31",
            "--service",
            "Amazon EC2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("period_end: the period ends"), "{err}");

    let out = demarc()
        .arg("attest")
        .arg(&file)
        .args([
            "baa",
            "--provider",
            "AWS",
            "--status",
            "maybe",
            "--service",
            "Amazon EC2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("maybe"));
}

#[test]
fn register_lists_attestations_and_review_records_a_vendor_review() {
    let (_dir, file) = demo();
    let out = demarc().arg("register").arg(&file).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("AWS SOC 2 Type II 2025-10-01..2026-09-30; covers Amazon EC2"),
        "{text}"
    );
    assert!(
        text.contains("vendor review AWS: last 2026-10-05, next 2027-01-05"),
        "{text}"
    );

    demarc()
        .args(["review", "--provider", "Microsoft", "--last", "2026-12-01"])
        .arg(&file)
        .assert()
        .success();
    let report = gaps_json(&file, DEMO_TODAY);
    assert!(!of_kind(&report, "vendor_review_overdue")
        .iter()
        .any(|g| g["provider"] == "Microsoft"));
    let out = demarc()
        .args(["register", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["attestations"][0]["details"]["kind"], "soc2");
    assert!(json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["provider"] == "Microsoft" && r["last_reviewed"] == "2026-12-01"));

    let out = demarc()
        .args(["review", "--provider", "Stripe"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("last_reviewed:"));
}

fn grouped_json(file: &Path, today: &str) -> Value {
    let out = demarc()
        .args(["gaps", "--grouped", "--json", "--today", today])
        .arg(file)
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
fn grouped_gaps_fit_in_thirty_entries_that_add_up_to_the_flat_count() {
    let (_dir, file) = demo();
    let flat = gaps_json(&file, DEMO_TODAY)["gaps"]
        .as_array()
        .unwrap()
        .len() as u64;
    let plan = grouped_json(&file, DEMO_TODAY);
    let keys: Vec<&String> = plan.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["accepted", "as_of", "items"]);
    assert_eq!(plan["as_of"], DEMO_TODAY);
    let items = plan["items"].as_array().unwrap();
    assert!(items.len() <= 30, "{} entries", items.len());
    let mut total = 0;
    for i in items {
        let mut fields: Vec<&String> = i.as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "action", "count", "counted", "due", "id", "kind", "level", "members", "owner",
                "scope", "severity", "title"
            ]
        );
        assert!(["management", "task"].contains(&i["level"].as_str().unwrap()));
        assert!(["high", "medium", "low"].contains(&i["severity"].as_str().unwrap()));
        // The demo gives each management item to someone; task groups to nobody yet.
        assert_eq!(i["owner"].is_null(), i["level"] == "task", "{i}");
        let members: u64 = i["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["count"].as_u64().unwrap())
            .sum();
        assert_eq!(members, i["count"].as_u64().unwrap(), "{}", i["id"]);
        total += members;
    }
    assert_eq!(total, flat);
    println!("demo: {flat} gaps in {} entries", items.len());
}

#[test]
fn grouped_gaps_print_as_text_and_refuse_a_bad_lead_time() {
    let (_dir, file) = demo();
    let out = demarc()
        .args(["gaps", "--grouped", "--today", DEMO_TODAY])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("Management items") && text.contains("Task groups"),
        "{text}"
    );
    assert!(text.contains("PCI DSS AOC"), "{text}");
    let bad = demarc()
        .args([
            "gaps",
            "--grouped",
            "--lead-days",
            "999",
            "--today",
            DEMO_TODAY,
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("lead_days"));
}
