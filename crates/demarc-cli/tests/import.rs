//! `demarc import` and `demarc diff` as a user runs them, and the provider matrix's place in
//! `demarc matrix --json`.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use tempfile::TempDir;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

/// A FedRAMP CRM sheet named `CRM`: title row, header row 2, then `(control, label, text)`.
fn crm(dir: &TempDir, name: &str, rows: &[(&str, &str, &str)]) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CRM").unwrap();
    ws.write_string(0, 0, "Acme PaaS CRM").unwrap();
    ws.write_string(1, 0, "Control ID").unwrap();
    ws.write_string(1, 1, "Can Be Inherited from CSP").unwrap();
    ws.write_string(1, 2, "Customer Responsibilities").unwrap();
    for (r, (id, label, text)) in rows.iter().enumerate() {
        for (c, value) in [id, label, text].iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32 + 2, c as u16, **value).unwrap();
            }
        }
    }
    let path = dir.path().join(name);
    book.save(&path).unwrap();
    path
}

const V1: &[(&str, &str, &str)] = &[
    ("AC-01", "No", "Customers write their access policy."),
    ("AC-02", "Partial", "Customers manage accounts."),
    ("SC-07", "Frobbed", ""),
];

/// A NIST SP 800-53 engagement with one PaaS service of Acme.
fn engagement(dir: &TempDir) -> PathBuf {
    let file = dir.path().join("client.demarc");
    demarc()
        .args(["new", "--client", "Client", "--framework", "nist80053"])
        .arg(&file)
        .assert()
        .success();
    demarc()
        .args([
            "service",
            "add",
            "--name",
            "Acme Apps",
            "--provider",
            "Acme",
        ])
        .args(["--model", "paas", "--framework", "nist80053"])
        .arg(&file)
        .assert()
        .success();
    file
}

fn run(args: &[&str], paths: &[&Path]) -> (i32, String, String) {
    let out = demarc().args(args).args(paths).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str], paths: &[&Path]) -> String {
    let (code, stdout, stderr) = run(args, paths);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn import_prints_the_report_and_a_second_import_is_version_two() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let v1 = crm(&dir, "acme-crm.xlsx", V1);
    let out = ok(&["import", "--provider", "Acme"], &[&file, &v1]);
    assert!(
        out.contains("imported acme-crm.xlsx as Acme matrix version 1 (fedramp_crm), 3 rows"),
        "{out}"
    );
    assert!(out.contains("applies to: Acme Apps"), "{out}");
    assert!(
        out.contains("sheet \"CRM\" (fedramp_crm), header row 2, 3 rows"),
        "{out}"
    );
    assert!(
        out.contains("unmapped labels") && out.contains("Frobbed"),
        "{out}"
    );

    let out = ok(
        &[
            "import",
            "--provider",
            "acme",
            "--service",
            "Acme Apps",
            "--json",
        ],
        &[&file, &v1],
    );
    let report = json(&out);
    assert_eq!(report["version"], 2);
    assert_eq!(report["tables"][0]["original_counts"]["Partial"], 1);
    assert_eq!(report["tables"][0]["unknown_labels"][0], "Frobbed");
    assert!(
        report["warnings"][0]
            .as_str()
            .unwrap()
            .contains("identical to version 1"),
        "{report}"
    );

    let log = ok(&["log"], &[&file]);
    assert!(log.contains("provider matrix \"acme\" version 2"), "{log}");
}

#[test]
fn a_label_that_is_the_provider_name_imports_as_provider() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let v1 = crm(
        &dir,
        "acme-crm.xlsx",
        &[
            ("AC-01", "No", ""),
            ("AC-02", "Acme", ""),
            ("SC-07", "Frobbed", ""),
        ],
    );
    let out = ok(&["import", "--provider", "ACME"], &[&file, &v1]);
    assert!(
        out.contains("the provider's own name: \"Acme\" -> provider"),
        "{out}"
    );
    assert!(
        out.contains("unmapped labels") && !out.contains("Acme |"),
        "{out}"
    );
    let matrix = json(&ok(&["matrix", "--json"], &[&file]));
    let ac2 = matrix
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == "AC-2" && r["service"] == "Acme Apps")
        .unwrap();
    assert_eq!(ac2["owner"], "provider", "{ac2}");
    assert_eq!(ac2["provider_label"], "Acme", "{ac2}");
}

#[test]
fn diff_lists_ownership_and_narrative_changes() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    ok(
        &["import", "--provider", "Acme"],
        &[&file, &crm(&dir, "v1.xlsx", V1)],
    );
    let v2 = crm(
        &dir,
        "v2.xlsx",
        &[
            (
                "AC-1",
                "No",
                "Customers write and review their access policy.",
            ),
            ("AC-2", "Yes", "Customers manage accounts."),
            ("AU-2", "No", ""),
        ],
    );
    ok(&["import", "--provider", "Acme"], &[&file, &v2]);

    let out = ok(&["diff", "--provider", "Acme"], &[&file]);
    assert!(
        out.contains("AC-2  (CRM row 4)  ownership: \"Partial\" (shared) -> \"Yes\" (provider)"),
        "{out}"
    );
    assert!(
        out.contains("AC-1  (CRM row 3)  customer narrative:"),
        "{out}"
    );
    assert!(
        out.contains("AU-2  (CRM row 5)  added: \"No\" (customer)"),
        "{out}"
    );
    assert!(
        out.contains("SC-07  (CRM row 5)  removed: \"Frobbed\""),
        "{out}"
    );
    assert!(out.ends_with("4 changes\n"), "{out}");

    let changes = json(&ok(&["diff", "--provider", "Acme", "--json"], &[&file]));
    let ownership = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["change"] == "ownership")
        .unwrap();
    assert_eq!(ownership["control"], "AC-2");
    assert_eq!(ownership["old_label"], "Partial");
    assert_eq!(ownership["old_owner"], "shared");
    assert_eq!(ownership["new_label"], "Yes");
    assert_eq!(ownership["new_owner"], "provider");
}

#[test]
fn matrix_json_shows_override_provider_matrix_and_layer_default() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let v1 = crm(&dir, "acme-crm.xlsx", V1);
    ok(
        &["import", "--provider", "Acme", "--map", "frobbed=customer"],
        &[&file, &v1],
    );
    ok(
        &[
            "set",
            "--service",
            "Acme Apps",
            "--control",
            "AC-2",
            "--owner",
            "customer",
            "--reason",
            "We run every account ourselves",
        ],
        &[&file],
    );
    let rows = json(&ok(&["matrix", "--json"], &[&file]));
    let row = |control: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["control"] == control)
            .unwrap()
            .clone()
    };
    // AC-1, a policy, is the client's own once: the provider's matrix does not decide it.
    let ac1 = row("AC-1");
    assert_eq!(
        (&ac1["scope"], &ac1["service"], &ac1["source"]),
        (
            &"entity".into(),
            &serde_json::Value::Null,
            &"layer_default".into()
        )
    );
    assert!(ac1["provider_label"].is_null());
    // The override beats the provider's "Partial", which stays visible with its source.
    let ac2 = row("AC-2");
    assert_eq!(
        (&ac2["source"], &ac2["owner"]),
        (&"override".into(), &"customer".into())
    );
    assert_eq!(ac2["provider_label"], "Partial");
    let source = &ac2["provider_source"];
    assert_eq!(source["file"], "acme-crm.xlsx");
    assert_eq!(source["sheet"], "CRM");
    assert_eq!(source["row"], 4);
    assert_eq!(source["columns"][0], "B");
    assert_eq!(source["control_id"], "AC-02");
    let sc7 = row("SC-7");
    assert_eq!(
        (&sc7["source"], &sc7["owner"], &sc7["provider_label"]),
        (
            &"provider_matrix".into(),
            &"customer".into(),
            &"Frobbed".into()
        ),
        "the mapping given with --map applies"
    );
    let au2 = row("AU-2");
    assert_eq!(au2["source"], "layer_default");
    assert!(au2["provider_label"].is_null() && au2["provider_source"].is_null());
}

#[test]
fn errors_name_the_service_file_and_sheet() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let v1 = crm(&dir, "acme-crm.xlsx", V1);
    let before = ok(&["log"], &[&file]);

    let (code, _, err) = run(
        &["import", "--provider", "Acme", "--service", "Acme Queues"],
        &[&file, &v1],
    );
    assert_eq!(code, 1);
    assert!(err.contains("Acme Queues"), "{err}");
    assert_eq!(ok(&["log"], &[&file]), before, "nothing written");

    let (code, _, err) = run(
        &["import", "--provider", "Acme", "--sheet", "Nope"],
        &[&file, &v1],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("acme-crm.xlsx") && err.contains("'Nope'"),
        "{err}"
    );

    let lock = dir.path().join("~$acme-crm.xlsx");
    std::fs::write(&lock, b"\x0bdana     ").unwrap();
    let (code, _, err) = run(&["import", "--provider", "Acme"], &[&file, &lock]);
    assert_eq!(code, 1);
    assert!(
        err.contains("~$acme-crm.xlsx") && err.contains("lock file"),
        "{err}"
    );

    let (code, _, err) = run(&["diff", "--provider", "Acme"], &[&file]);
    assert_eq!(code, 1);
    assert!(err.contains("no matrix of provider \"Acme\""), "{err}");

    let (code, _, _) = run(&["import"], &[&file, &v1]);
    assert_eq!(code, 2, "--provider is required");
    let (code, _, _) = run(
        &["import", "--provider", "Acme", "--map", "Frobbed"],
        &[&file, &v1],
    );
    assert_eq!(code, 2, "--map needs LABEL=OWNER");
    assert_eq!(ok(&["log"], &[&file]), before, "nothing written");
}

#[test]
fn cloud_gov_workbook_imports_into_a_fedramp_engagement() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/cloudgov_CIS-Worksheet_2025.xlsx");
    if !fixture.exists() {
        eprintln!(
            "SKIPPED: ../shared/fixtures not found ({})",
            fixture.display()
        );
        return;
    }
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("gov.demarc");
    ok(
        &["new", "--client", "Agency", "--framework", "fedramp"],
        &[&file],
    );
    ok(
        &[
            "service",
            "add",
            "--name",
            "cloud.gov",
            "--provider",
            "GSA",
            "--model",
            "paas",
            "--framework",
            "fedramp",
        ],
        &[&file],
    );
    let report = json(&ok(
        &[
            "import",
            "--provider",
            "cloud.gov",
            "--service",
            "cloud.gov",
            "--json",
        ],
        &[&file, &fixture],
    ));
    let crm = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["sheet"] == "PaaS CRM")
        .unwrap();
    assert_eq!(crm["rows"], 616);
    assert_eq!(crm["original_counts"]["No"], 350);
    assert_eq!(crm["original_counts"]["Partial"], 142);
    assert_eq!(crm["original_counts"]["Yes"], 124);

    let rows = json(&ok(&["matrix", "--json"], &[&file]));
    let from_provider: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "provider_matrix")
        .collect();
    // The CRM decides the service's own rows, never the client's entity-level ones.
    assert!(from_provider.len() > 200, "{}", from_provider.len());
    assert!(from_provider.iter().all(|r| r["scope"] == "system"));
    assert!(from_provider
        .iter()
        .all(|r| r["provider_source"]["file"] == "cloudgov_CIS-Worksheet_2025.xlsx"));
}

#[test]
fn a_mapping_profile_is_kept_in_the_engagement_and_named_on_the_next_import() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let matrix = dir.path().join("vendor.csv");
    std::fs::write(
        &matrix,
        "Vendor matrix\nRef,Who does it,,Notes\n,Acme,Client,\nAC-2,x,,Ours\nAC-3,,x,\nSC-7,x,x,\n",
    )
    .unwrap();
    let profile = dir.path().join("acme-layout.json");
    std::fs::write(
        &profile,
        r#"{ "control_id": { "title": "Ref" }, "header_rows": 2,
             "marks": [{ "column": { "title": "Acme" }, "owner": "provider" },
                       { "column": { "title": "Client" }, "owner": "customer" }],
             "provider_narrative": { "title": "Notes" } }"#,
    )
    .unwrap();
    let (code, _, stderr) = run(&["import", "--provider", "Acme"], &[&file, &matrix]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no recognisable header"), "{stderr}");

    let out = ok(
        &["import", "--provider", "Acme", "--mapping"],
        &[&profile, &file, &matrix],
    );
    assert!(out.contains("(profile), 3 rows"), "{out}");
    let log = ok(&["log"], &[&file]);
    assert!(log.contains("mapping profile \"acme-layout\""), "{log}");

    // The engagement keeps it: named, it reads the next version.
    let report = json(&ok(
        &[
            "import",
            "--provider",
            "Acme",
            "--json",
            "--mapping",
            "ACME-LAYOUT",
        ],
        &[&file, &matrix],
    ));
    assert_eq!(report["version"], 2);
    assert_eq!(report["tables"][0]["normalized_counts"]["shared"], 1);
    let (code, _, stderr) = run(
        &["import", "--provider", "Acme", "--mapping", "other"],
        &[&file, &matrix],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no mapping profile of that name") && stderr.contains("acme-layout"),
        "{stderr}"
    );
}
