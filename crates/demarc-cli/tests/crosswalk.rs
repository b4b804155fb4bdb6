//! `demarc crosswalk import` and `demarc crosswalk list` as a user runs them.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::PathBuf;

use assert_cmd::Command;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use tempfile::TempDir;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

fn engagement(dir: &TempDir) -> PathBuf {
    let file = dir.path().join("client.demarc");
    demarc()
        .args(["new", "--client", "Client", "--framework", "soc2"])
        .arg(&file)
        .assert()
        .success();
    file
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// A CCM-like mapping sheet to SOC 2: IAM-09 to CC6.1 and CC9.9 (no such criterion).
fn ccm(dir: &TempDir) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Scope Applicability (Mappings)").unwrap();
    ws.merge_range(1, 3, 1, 5, "AICPA TSC 2017", &Format::new())
        .unwrap();
    for (c, leaf) in [
        "Control Domain",
        "Control Title",
        "Control ID",
        "Control Mapping",
        "Gap Level",
        "Addendum",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *leaf).unwrap();
    }
    for (c, value) in ["", "Passwords", "IAM-09", "CC6.1\nCC9.9", "No Gap"]
        .iter()
        .enumerate()
    {
        if !value.is_empty() {
            ws.write_string(3, c as u16, *value).unwrap();
        }
    }
    let path = dir.path().join("ccm.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn import_reports_what_it_stored_and_left_out_and_logs_it() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    // Written once: the workbook's creation time is in its bytes, so a second write may differ.
    let mapping = ccm(&dir);
    let text = stdout(
        demarc()
            .args(["crosswalk", "import"])
            .arg(&file)
            .arg(&mapping),
    );
    assert!(text.contains("read ccm.xlsx (ccm_mappings)"), "{text}");
    assert!(
        text.contains("imported #1: CSA CCM v4 to SOC 2 (AICPA TSC 2017) (ccm.xlsx)"),
        "{text}"
    );
    assert!(text.contains("1 pairs (No Gap 1)"), "{text}");
    assert!(
        text.contains("left out:")
            && text.contains("\"CC9.9\" (Scope Applicability (Mappings) row 4, column D)"),
        "{text}"
    );

    let log: Value =
        serde_json::from_str(&stdout(demarc().arg("log").arg(&file).arg("--json"))).unwrap();
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["about"]["kind"] == "crosswalk")
        .expect("the import is in the decision log");
    assert_eq!(entry["who"], "cli-test");
    assert_eq!(entry["about"]["crosswalk_id"], 1);

    // Again: nothing new, and said.
    let again = stdout(
        demarc()
            .args(["crosswalk", "import"])
            .arg(&file)
            .arg(&mapping),
    );
    assert!(again.contains("not imported again"), "{again}");
}

#[test]
fn import_json_report() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let report: Value = serde_json::from_str(&stdout(
        demarc()
            .args(["crosswalk", "import", "--json"])
            .arg(&file)
            .arg(ccm(&dir)),
    ))
    .unwrap();
    assert_eq!(report["layout"], "ccm_mappings");
    assert_eq!(report["imported"][0]["target"], "soc2_tsc_2017");
    assert_eq!(report["imported"][0]["pairs"], 1);
    assert_eq!(report["unknown"][0]["count"], 1);
    assert_eq!(report["unknown"][0]["first"][0]["id"], "CC9.9");
}

#[test]
fn list_shows_bundled_and_imported_with_source_and_licence() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    demarc()
        .args(["crosswalk", "import"])
        .arg(&file)
        .arg(ccm(&dir))
        .assert()
        .success();
    let text = stdout(demarc().args(["crosswalk", "list"]).arg(&file));
    assert!(
        text.contains("13 crosswalks: 12 bundled, 1 imported"),
        "{text}"
    );
    assert!(
        text.contains("licence: CC BY 4.0, \u{a9} Microsoft"),
        "{text}"
    );
    assert!(text.contains("SP 800-53 Rev 4 to Rev 5 (NIST comparison workbook)"));
    assert!(text.contains("imported #1, "), "{text}");

    let list: Value = serde_json::from_str(&stdout(
        demarc().args(["crosswalk", "list", "--json"]).arg(&file),
    ))
    .unwrap();
    let all = list["crosswalks"].as_array().unwrap();
    assert_eq!(all.len(), 13);
    assert!(all.iter().all(|c| c["pairs"].as_u64().unwrap() > 0));
    let csf = all
        .iter()
        .find(|c| c["source"] == "nist_csf_2" && c["target"] == "nist_800_53_r5")
        .unwrap();
    assert_eq!(csf["bundled"], true);
    assert_eq!(csf["origin"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(list["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn a_file_that_does_not_name_its_frameworks_is_refused_until_they_are_given() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let csv = dir.path().join("pairs.csv");
    std::fs::write(&csv, "IAM-09,CC6.1\nIAM-10,CC6.2\n").unwrap();
    let failed = demarc()
        .args(["crosswalk", "import"])
        .arg(&file)
        .arg(&csv)
        .assert()
        .code(1);
    let err = String::from_utf8(failed.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("pairs.csv") && err.contains("--source-framework"),
        "{err}"
    );
    let text = stdout(
        demarc()
            .args(["crosswalk", "import", "--source-framework", "CSA CCM v4"])
            .args(["--target-framework", "soc2"])
            .arg(&file)
            .arg(&csv),
    );
    assert!(text.contains("2 pairs (unstated 2)"), "{text}");
}

#[test]
fn an_unknown_framework_is_a_usage_error_and_nothing_known_a_user_error() {
    let dir = TempDir::new().unwrap();
    let file = engagement(&dir);
    let csv = dir.path().join("pairs.csv");
    std::fs::write(&csv, "CCM v4,SOC 2\nIAM-09,CC9.9\n").unwrap();
    demarc()
        .args(["crosswalk", "import", "--source-framework", "ccm"])
        .arg(&file)
        .arg(&csv)
        .assert()
        .code(2);
    let failed = demarc()
        .args(["crosswalk", "import"])
        .arg(&file)
        .arg(&csv)
        .assert()
        .code(1);
    let err = String::from_utf8(failed.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("file: pairs.csv holds no pair of known control IDs"),
        "{err}"
    );
    let list = stdout(demarc().args(["crosswalk", "list"]).arg(&file));
    assert!(list.contains("0 imported"), "{list}");
}

/// A CAIQ v4-like answer sheet of WhitePact: IAM-09.1 CSP-owned, LOG-01.1 CSC-owned.
fn caiq(dir: &TempDir) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CAIQv4.0.3").unwrap();
    ws.write_string(
        0,
        0,
        "Consensus Assessments Initiative Questionnaire v4.0.3",
    )
    .unwrap();
    for (c, title) in [
        (0, "Question ID"),
        (1, "Question"),
        (2, "CSP CAIQ Answer"),
        (3, "SSRM Control Ownership"),
        (4, "CSP Implementation Description (Optional/Recommended)"),
        (5, "CSC Responsibilities (Optional/Recommended)"),
        (8, "CCM Control ID"),
    ] {
        ws.write_string(1, c, title).unwrap();
    }
    for (r, (id, label)) in [("IAM-09.1", "CSP-owned"), ("LOG-01.1", "CSC-owned")]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, "Is it done?").unwrap();
        ws.write_string(r, 2, "Yes").unwrap();
        ws.write_string(r, 3, *label).unwrap();
        ws.write_string(r, 8, id.rsplit_once('.').unwrap().0)
            .unwrap();
    }
    let path = dir.path().join("caiq.xlsx");
    book.save(&path).unwrap();
    path
}

/// A CCM-like mapping: IAM-09 covers CC6.1 (No Gap), LOG-01 partly covers CC7.2.
fn ccm_two(dir: &TempDir) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Scope Applicability (Mappings)").unwrap();
    ws.merge_range(1, 3, 1, 5, "AICPA TSC 2017", &Format::new())
        .unwrap();
    let leaves = [
        "Control Domain",
        "Control Title",
        "Control ID",
        "Control Mapping",
        "Gap Level",
        "Addendum",
    ];
    for (c, leaf) in leaves.iter().enumerate() {
        ws.write_string(2, c as u16, *leaf).unwrap();
    }
    for (r, (id, target, gap)) in [
        ("IAM-09", "CC6.1", "No Gap"),
        ("LOG-01", "CC7.2", "Partial Gap"),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 3;
        ws.write_string(r, 1, "A control").unwrap();
        ws.write_string(r, 2, *id).unwrap();
        ws.write_string(r, 3, *target).unwrap();
        ws.write_string(r, 4, *gap).unwrap();
    }
    let path = dir.path().join("ccm-two.xlsx");
    book.save(&path).unwrap();
    path
}

/// A SOC 2 engagement with WhitePact's CAIQ imported and the CCM mapping beside it.
fn crosswalked(dir: &TempDir) -> PathBuf {
    let file = engagement(dir);
    demarc()
        .args(["service", "add"])
        .arg(&file)
        .args(["--name", "WhitePact CRM", "--provider", "WhitePact"])
        .args(["--model", "saas", "--framework", "soc2"])
        .assert()
        .success();
    demarc()
        .args(["import", "--provider", "WhitePact"])
        .arg(&file)
        .arg(caiq(dir))
        .assert()
        .success();
    demarc()
        .args(["crosswalk", "import"])
        .arg(&file)
        .arg(ccm_two(dir))
        .assert()
        .success();
    file
}

fn soc2_row(file: &PathBuf, control: &str) -> Value {
    let rows: Value = serde_json::from_str(&stdout(
        demarc()
            .args(["matrix", "--json", "--framework", "soc2"])
            .arg(file),
    ))
    .unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == control && r["service"] == "WhitePact CRM")
        .unwrap()
        .clone()
}

#[test]
fn matrix_json_rows_carry_the_crosswalk_source_and_its_chain() {
    let dir = TempDir::new().unwrap();
    let file = crosswalked(&dir);
    let cc61 = soc2_row(&file, "CC6.1");
    assert_eq!(cc61["source"], "crosswalk");
    assert_eq!(cc61["owner"], "provider");
    let trail = &cc61["crosswalk"]["trails"][0];
    let from = &trail["row"]["source"];
    assert_eq!(
        (
            &from["file"],
            &from["sheet"],
            &from["row"],
            &trail["row"]["label"]
        ),
        (
            &Value::from("caiq.xlsx"),
            &Value::from("CAIQv4.0.3"),
            &Value::from(3),
            &Value::from("CSP-owned")
        )
    );
    let steps = trail["steps"].as_array().unwrap();
    assert_eq!(steps[0]["step"], "parent");
    assert_eq!(steps[0]["to"], "IAM-09");
    assert_eq!(steps[1]["step"], "crosswalk");
    assert_eq!(steps[1]["to"], "CC6.1");
    assert_eq!(steps[1]["relation"]["grade"], "No Gap");
    assert_eq!(steps[1]["origin"]["file"], "ccm-two.xlsx");
    assert_eq!(trail["depth"], 1);

    // A partial gap only suggests; a row no crosswalk reaches carries no crosswalk field.
    let cc72 = soc2_row(&file, "CC7.2");
    assert_eq!(cc72["source"], "layer_default");
    assert_eq!(cc72["crosswalk"]["suggested"]["owner"], "customer");
    assert!(soc2_row(&file, "CC6.8").get("crosswalk").is_none());

    // The table says where the owner came from.
    let table = stdout(
        demarc()
            .args([
                "matrix",
                "--framework",
                "soc2",
                "--service",
                "WhitePact CRM",
            ])
            .arg(&file),
    );
    let line = table.lines().find(|l| l.contains("CC6.1")).unwrap();
    assert!(
        line.contains("crosswalk") && line.contains("WhitePact IAM-09.1"),
        "{line}"
    );
    assert!(table.contains(" 1 crosswalk, "), "{table}");
}

#[test]
fn accept_makes_a_suggestion_an_override_and_coverage_counts_the_reach() {
    let dir = TempDir::new().unwrap();
    let file = crosswalked(&dir);
    let coverage: Value = serde_json::from_str(&stdout(
        demarc()
            .args(["crosswalk", "coverage", "--json"])
            .arg(&file),
    ))
    .unwrap();
    let soc2 = &coverage[0];
    assert_eq!(soc2["framework"], "soc2");
    assert_eq!(
        (&soc2["direct"], &soc2["crosswalk"], &soc2["suggestion"]),
        (&Value::from(0), &Value::from(1), &Value::from(1))
    );
    let text = stdout(demarc().args(["crosswalk", "coverage"]).arg(&file));
    assert!(text.starts_with("framework"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("soc2"), "{text}");

    let out = stdout(demarc().args(["crosswalk", "accept"]).arg(&file).args([
        "--service",
        "WhitePact CRM",
        "--framework",
        "soc2",
        "--control",
        "CC7.2",
    ]));
    assert!(
        out.starts_with(
            "WhitePact CRM CC7.2 of soc2 set to customer (override): crosswalk suggestion accepted"
        ),
        "{out}"
    );
    let cc72 = soc2_row(&file, "CC7.2");
    assert_eq!(
        (&cc72["source"], &cc72["owner"]),
        (&Value::from("override"), &Value::from("customer"))
    );
    let log = stdout(demarc().args(["log"]).arg(&file));
    assert!(log.contains("crosswalk suggestion accepted"), "{log}");

    // Nothing left to accept: a user error naming the row.
    let refused = demarc()
        .args(["crosswalk", "accept"])
        .arg(&file)
        .args([
            "--service",
            "WhitePact CRM",
            "--framework",
            "soc2",
            "--control",
            "CC6.8",
        ])
        .assert()
        .code(1);
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("no crosswalk suggests an owner for CC6.8"),
        "{err}"
    );
}

/// The demo shows the crosswalk trail on first start: Microsoft's shipped Azure Storage baseline
/// reaches NIST CSF 2.0 rows by suggestion, and two accepted suggestions are overrides citing it.
#[test]
fn the_demo_reaches_csf_rows_through_the_bundled_crosswalks() {
    let dir = TempDir::new().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let coverage: Value = serde_json::from_str(&stdout(
        demarc()
            .args(["crosswalk", "coverage", "--json"])
            .arg(&file),
    ))
    .unwrap();
    let csf = coverage
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["framework"] == "nist_csf")
        .expect("NIST CSF in scope of the demo");
    let reached = csf["crosswalk"].as_u64().unwrap() + csf["suggestion"].as_u64().unwrap();
    assert!(reached > 0, "{csf}");

    let rows: Vec<Value> = serde_json::from_str(&stdout(
        demarc()
            .args(["matrix", "--json", "--service", "Azure Blob Storage"])
            .args(["--framework", "nist_csf"])
            .arg(&file),
    ))
    .unwrap();
    let suggested: Vec<&Value> = rows
        .iter()
        .filter(|r| !r["crosswalk"]["suggested"].is_null())
        .collect();
    assert_eq!(suggested.len() as u64, csf["suggestion"].as_u64().unwrap());
    let trail = &suggested[0]["crosswalk"]["suggestions"][0];
    assert_eq!(
        trail["row"]["source"]["file"],
        "msft_storage-security-baseline-v3.xlsx"
    );
    assert_eq!(trail["row"]["source"]["provider"], "Microsoft");
    let accepted: Vec<&str> = rows
        .iter()
        .filter(|r| r["source"] == "override")
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(accepted.len(), 2, "{accepted:?}");
    for reason in accepted {
        assert!(
            reason.starts_with("crosswalk suggestion accepted: ")
                && reason.contains("Microsoft BR-1 'Customer' (Feature Summary, row 9)"),
            "{reason}"
        );
    }
}
