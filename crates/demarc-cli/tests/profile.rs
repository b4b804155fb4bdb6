//! `demarc profile` and the scoping answers of `demarc new`: shown, set, refused, logged, and
//! what they do to `demarc matrix --json` and `demarc gaps --json`.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

fn run(args: &[&str], file: &Path) -> std::process::Output {
    // The file follows the subcommand: `demarc profile FILE ...`, `demarc service add FILE ...`.
    let words = if args[0] == "service" { 2 } else { 1 };
    let mut cmd = demarc();
    cmd.args(&args[..words]).arg(file).args(&args[words..]);
    cmd.output().unwrap()
}

fn ok(args: &[&str], file: &Path) -> String {
    let out = run(args, file);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str], file: &Path) -> Value {
    serde_json::from_str(&ok(args, file)).unwrap()
}

/// A new engagement with SOC 2, HIPAA and PCI DSS and one service in scope for all three.
fn shop(dir: &Path, answers: &[&str]) -> PathBuf {
    let file = dir.join("shop.demarc");
    let mut args = vec![
        "new",
        "--client",
        "Shop",
        "--framework",
        "soc2",
        "--framework",
        "hipaa",
        "--framework",
        "pci_dss",
    ];
    args.extend_from_slice(answers);
    ok(&args, &file);
    ok(
        &[
            "service",
            "add",
            "--name",
            "Checkout",
            "--provider",
            "AWS",
            "--model",
            "iaas",
            "--framework",
            "soc2",
            "--framework",
            "hipaa",
            "--framework",
            "pci_dss",
        ],
        &file,
    );
    file
}

fn matrix_row(file: &Path, framework: &str, control: &str) -> Value {
    let rows = json(&["matrix", "--framework", framework, "--json"], file);
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == control)
        .cloned()
        .unwrap_or_else(|| panic!("no row {control}"))
}

#[test]
fn profile_sets_a_merchants_answers_and_the_matrix_follows() {
    let dir = tempfile::tempdir().unwrap();
    let file = shop(dir.path(), &[]);
    let before = matrix_row(&file, "pci_dss", "12.9.1");
    assert_ne!(before["source"], "scoping");

    let out = ok(
        &[
            "profile",
            "--framework",
            "pci_dss",
            "--entity",
            "merchant",
            "--channel",
            "iframe",
        ],
        &file,
    );
    assert!(
        out.starts_with("PCI DSS scoping: merchant; channels: iframe;"),
        "{out}"
    );
    assert!(out.contains("12.9.1") && out.contains("9.5.1.3"), "{out}");

    let row = matrix_row(&file, "pci_dss", "12.9.1");
    assert_eq!(row["owner"], "not_applicable");
    assert_eq!(row["source"], "scoping");
    let why = row["na_justification"].as_str().unwrap();
    assert!(
        why.starts_with("PCI DSS scoping profile, entity type merchant:"),
        "{why}"
    );
    let poi = matrix_row(&file, "pci_dss", "9.5.1.1");
    assert_eq!(poi["source"], "scoping");
    // The parent requirements are rows of their own.
    for parent in ["3.5.1", "10.2.1", "11.3.2", "A3.2.2"] {
        matrix_row(&file, "pci_dss", parent);
    }
    // Not a gap; nothing asks for the PCI DSS profile any more.
    let gaps = json(&["gaps", "--json", "--today", "2027-01-10"], &file);
    let gaps = gaps["gaps"].as_array().unwrap();
    assert!(!gaps.iter().any(|g| g["control"] == "12.9.1"));
    let asked: Vec<&str> = gaps
        .iter()
        .filter(|g| g["kind"] == "scoping_not_answered")
        .map(|g| g["message"].as_str().unwrap())
        .collect();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(!asked.iter().any(|m| m.starts_with("PCI DSS")));

    // The change is in the decision log.
    let log = json(&["log", "--json"], &file);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["about"]["kind"], "scoping_profile");
    assert_eq!(last["about"]["framework"], "pci_dss");
    assert_eq!(last["who"], "cli-test");
    assert!(last["new_value"]
        .as_str()
        .unwrap()
        .starts_with("merchant; channels: iframe"));
}

#[test]
fn profile_without_answers_shows_what_is_recorded_and_what_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let file = shop(dir.path(), &["--category", "availability"]);
    let text = ok(&["profile"], &file);
    assert!(
        text.contains("SOC 2: categories: Security, Availability"),
        "{text}"
    );
    assert!(text.contains("PCI DSS: not answered"), "{text}");
    assert!(text.contains("HIPAA: not answered"), "{text}");
    let shown = json(&["profile", "--json"], &file);
    assert_eq!(shown["profiles"][0]["framework"], "soc2");
    assert_eq!(
        shown["profiles"][0]["categories"],
        serde_json::json!(["security", "availability"])
    );
    assert_eq!(shown["unanswered"], serde_json::json!(["pci_dss", "hipaa"]));
    // SOC 2 criteria of categories outside the report are not in the matrix.
    let soc2 = json(&["matrix", "--framework", "soc2", "--json"], &file);
    let ids: Vec<&str> = soc2
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["control"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 36);
    assert!(ids.contains(&"A1.1") && !ids.contains(&"C1.1") && !ids.contains(&"P1.1"));
}

#[test]
fn new_takes_the_answers_of_each_framework() {
    let dir = tempfile::tempdir().unwrap();
    let file = shop(
        dir.path(),
        &[
            "--entity",
            "merchant",
            "--channel",
            "redirect",
            "--hipaa-role",
            "business_associate",
            "--category",
            "security",
        ],
    );
    let shown = json(&["profile", "--json"], &file);
    let frameworks: Vec<&str> = shown["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["framework"].as_str().unwrap())
        .collect();
    assert_eq!(frameworks, ["pci_dss", "hipaa", "soc2"]);
    assert_eq!(shown["unanswered"], serde_json::json!([]));
    let group_plan = matrix_row(&file, "hipaa", "164.314(b)(1)");
    assert_eq!(group_plan["source"], "scoping");
    assert!(group_plan["na_justification"]
        .as_str()
        .unwrap()
        .contains("not a group health plan"));
    let page = matrix_row(&file, "pci_dss", "6.4.3");
    assert_eq!(page["source"], "scoping");
    let title = matrix_row(&file, "hipaa", "164.308(a)(1)(ii)(A)")["title"].clone();
    assert_eq!(title, "Risk analysis (Required)");
    matrix_row(&file, "hipaa", "164.308(b)(2)");
}

#[test]
fn answers_that_do_not_fit_are_refused_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    // An answer for a framework not in scope: no file is written.
    let refused = dir.path().join("refused.demarc");
    let out = run(
        &[
            "new",
            "--client",
            "Shop",
            "--framework",
            "soc2",
            "--entity",
            "merchant",
        ],
        &refused,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--entity") && err.contains("PCI DSS"), "{err}");
    assert!(!refused.exists());

    let file = shop(dir.path(), &[]);
    let log = json(&["log", "--json"], &file).as_array().unwrap().len();
    for (args, says) in [
        (
            vec!["profile", "--framework", "pci_dss", "--channel", "iframe"],
            "--entity",
        ),
        (
            vec!["profile", "--framework", "pci_dss", "--entity", "merchant"],
            "channel",
        ),
        (
            vec![
                "profile",
                "--framework",
                "hipaa",
                "--hipaa-role",
                "business_associate",
                "--group-health-plan",
            ],
            "group_health_plan",
        ),
        (
            vec!["profile", "--framework", "hipaa", "--entity", "merchant"],
            "--entity answers for PCI DSS",
        ),
        (
            vec![
                "profile",
                "--framework",
                "iso27001",
                "--category",
                "privacy",
            ],
            "--category answers for SOC 2",
        ),
        (
            vec!["profile", "--framework", "pci_dss", "--entity", "retailer"],
            "expected one of: merchant, service_provider, both",
        ),
    ] {
        let out = run(&args, &file);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        json(&["log", "--json"], &file).as_array().unwrap().len(),
        log
    );
}

#[test]
fn the_demo_answers_every_framework_and_lists_each_pci_parent() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let text = ok(&["profile"], &file);
    assert!(
        text.contains("PCI DSS: merchant; channels: iframe;"),
        "{text}"
    );
    assert!(text.contains("HIPAA: business associate;"), "{text}");
    assert!(
        text.contains("SOC 2: categories: Security, Availability"),
        "{text}"
    );
    let rows = json(&["matrix", "--framework", "pci_dss", "--json"], &file);
    let rows = rows.as_array().unwrap();
    for parent in ["3.5.1", "4.2.1", "10.4.1", "11.5.1", "12.5.2", "A3.2.2"] {
        assert!(rows.iter().any(|r| r["control"] == parent), "{parent}");
    }
    // POI rows of Microsoft Entra ID are not applicable, not "shared".
    assert!(rows
        .iter()
        .filter(|r| r["service"] == "Microsoft Entra ID"
            && r["control"].as_str().unwrap().starts_with("9.5."))
        .all(|r| r["owner"] == "not_applicable" && r["source"] == "scoping"));
}

#[test]
fn profile_names_the_service_that_serves_the_payment_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = shop(dir.path(), &[]);
    ok(
        &[
            "service",
            "add",
            "--name",
            "Directory",
            "--provider",
            "Microsoft",
            "--model",
            "saas",
            "--framework",
            "pci_dss",
        ],
        &file,
    );
    let rows = |control: &str| -> Vec<Value> {
        json(&["matrix", "--framework", "pci_dss", "--json"], &file)
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["control"] == control)
            .cloned()
            .collect()
    };
    let iframe = ["profile", "--entity", "merchant", "--channel", "iframe"];
    ok(&iframe, &file);
    assert!(rows("6.4.3").iter().all(|r| r["owner"] != "not_applicable"));
    let said = ok(
        &[&iframe[..], &["--payment-page", "Checkout"]].concat(),
        &file,
    );
    assert!(said.contains("payment page served by Checkout"), "{said}");
    for r in rows("6.4.3") {
        let page = r["service"] == "Checkout";
        assert_eq!(r["owner"] == "not_applicable", !page, "{r}");
    }
    let saved = json(&["profile", "--json"], &file);
    assert_eq!(
        saved["profiles"][0]["payment_page_services"],
        serde_json::json!([1])
    );
    // An unknown service, and a page where no channel puts the form on the client's page.
    let out = run(
        &[&iframe[..], &["--payment-page", "Nowhere"]].concat(),
        &file,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("payment_page_services"));
    let out = run(
        &[
            "profile",
            "--entity",
            "merchant",
            "--channel",
            "redirect",
            "--payment-page",
            "Checkout",
        ],
        &file,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("payment_page_services"));
}

/// The PCI DSS profile records how the client validates and why each service is in scope,
/// and prints them with the services' names.
#[test]
fn pci_validation_and_service_scope_are_set_and_printed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = shop(dir.path(), &[]);
    ok(
        &[
            "service",
            "add",
            "--name",
            "Back office",
            "--provider",
            "AWS",
            "--model",
            "iaas",
            "--framework",
            "soc2",
        ],
        &file,
    );
    let said = ok(
        &[
            "profile",
            "--entity",
            "merchant",
            "--channel",
            "iframe",
            "--validation",
            "saq_a",
            "--validation-reason",
            "cards only in the provider's iframe",
            "--service-scope",
            "Checkout",
            "payment_page",
            "serves the page that embeds the iframe",
            "--service-scope",
            "Back office",
            "out_of_scope",
            "no card data, segmented",
        ],
        &file,
    );
    assert!(said.contains("payment page served by Checkout"), "{said}");
    assert!(said.contains("validates with SAQ A"), "{said}");
    assert!(
        said.contains("Validation: SAQ A (cards only in the provider's iframe)"),
        "{said}"
    );
    assert!(
        said.contains("Checkout: Payment page. serves the page that embeds the iframe"),
        "{said}"
    );
    assert!(
        said.contains("Back office: Out of scope. no card data, segmented"),
        "{said}"
    );
    let shown = ok(&["profile"], &file);
    assert!(shown.contains("Back office: Out of scope."), "{shown}");
    assert!(!shown.contains('#'), "{shown}");
    let saved = json(&["profile", "--json"], &file);
    assert_eq!(saved["profiles"][0]["validation"], "saq_a");
    assert_eq!(
        saved["profiles"][0]["service_scope"][0]["scope"],
        "payment_page"
    );
    // A payment page given as the service's scope serves the payment page.
    assert_eq!(
        saved["profiles"][0]["payment_page_services"],
        serde_json::json!([1])
    );
    // Refusals name their field: a merchant's SAQ D for service providers, a PCI DSS service
    // out of scope, an unknown scope.
    for (extra, field) in [
        (
            &["--validation", "saq_d_service_provider"][..],
            "validation",
        ),
        (
            &["--service-scope", "Checkout", "out_of_scope", "not ours"][..],
            "service_scope",
        ),
        (
            &["--service-scope", "Checkout", "somewhere", "why"][..],
            "service_scope",
        ),
    ] {
        let out = run(
            &[
                &["profile", "--entity", "merchant", "--channel", "iframe"][..],
                extra,
            ]
            .concat(),
            &file,
        );
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{extra:?}: {err}");
    }
}
