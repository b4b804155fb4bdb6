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
    let text = stdout(
        demarc()
            .args(["crosswalk", "import"])
            .arg(&file)
            .arg(ccm(&dir)),
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
            .arg(ccm(&dir)),
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
