//! Vendor assurance as an assessor reads it, from the command line: what an attestation covers
//! per requirement and region, "inherited" only with an attestation behind it, plausible
//! register dates, CUECs once per report, exceptions assessed, the client's CSOCs.
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

/// Runs `demarc ARGS FILE REST`; returns (exit code, stdout, stderr).
fn run(args: &[&str], file: &Path, rest: &[&str]) -> (Option<i32>, String, String) {
    let out = demarc().args(args).arg(file).args(rest).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(args: &[&str], file: &Path, rest: &[&str]) -> String {
    let (code, out, err) = run(args, file, rest);
    assert_eq!(code, Some(0), "{args:?} {rest:?}: {err}");
    out
}

fn json(args: &[&str], file: &Path, rest: &[&str]) -> Value {
    serde_json::from_str(&ok(args, file, rest)).unwrap()
}

fn matrix(file: &Path, rest: &[&str]) -> Vec<Value> {
    json(&["matrix", "--json"], file, rest)
        .as_array()
        .unwrap()
        .clone()
}

fn gaps(file: &Path, kind: &str) -> Vec<Value> {
    json(&["gaps", "--json", "--today", DEMO_TODAY], file, &[])["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == kind)
        .cloned()
        .collect()
}

/// The id of `provider`'s attestation of `kind` in the register.
fn attestation_id(file: &Path, provider: &str, kind: &str) -> String {
    json(&["register", "--json"], file, &[])["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["provider"] == provider && a["details"]["kind"] == kind)
        .unwrap()["id"]
        .to_string()
}

#[test]
fn stripes_aoc_leaves_the_payment_page_and_poi_devices_to_the_merchant() {
    let (_dir, file) = demo();
    let rows = matrix(
        &file,
        &["--service", "Stripe Payments", "--framework", "pci_dss"],
    );
    let row = |control: &str| rows.iter().find(|r| r["control"] == control).unwrap();
    // The payment page's scripts: on the service serving the checkout page (EKS), Northwind's;
    // Stripe's own rows and Entra ID's are not applicable by the profile.
    let eks = matrix(
        &file,
        &["--service", "Amazon EKS", "--framework", "pci_dss"],
    );
    let entra = matrix(
        &file,
        &["--service", "Microsoft Entra ID", "--framework", "pci_dss"],
    );
    for control in ["6.4.3", "11.6.1"] {
        let r = row(control);
        assert_eq!(r["owner"], "not_applicable", "{r}");
        assert_eq!(r["source"], "scoping", "{r}");
        let page = eks.iter().find(|r| r["control"] == control).unwrap();
        assert_eq!(page["owner"], "customer", "{page}");
        let directory = entra.iter().find(|r| r["control"] == control).unwrap();
        assert_eq!(directory["owner"], "not_applicable", "{directory}");
        assert!(directory["na_justification"]
            .as_str()
            .unwrap()
            .contains("payment page served by Amazon EKS"));
    }
    // Point-of-interaction devices: never inherited from Stripe (whatever their level).
    let pci = matrix(&file, &["--framework", "pci_dss"]);
    let poi: Vec<&Value> = pci
        .iter()
        .filter(|r| r["control"].as_str().unwrap().starts_with("9.5.1"))
        .collect();
    assert!(!poi.is_empty());
    assert!(poi.iter().all(|r| r["owner"] != "inherited"), "{poi:?}");
    // What it covers is inherited, naming the AOC.
    let media = row("9.4.1.1");
    assert_eq!(media["owner"], "inherited");
    assert!(media["attestation"]["label"]
        .as_str()
        .unwrap()
        .starts_with("Stripe PCI DSS 4.0.1 AOC"));

    // Across the whole demo, nothing reads inherited without an attestation behind it.
    for r in matrix(&file, &[]) {
        if r["owner"] == "inherited" {
            assert!(r["attestation"].is_object(), "{r}");
        }
    }
    let register = ok(&["register"], &file, &[]);
    assert!(
        register.contains("requirements: 1, 2, 3, 4, 5, 6.1"),
        "{register}"
    );
}

#[test]
fn inherited_without_an_attestation_is_said_and_shown_as_a_claim() {
    let (dir, file) = demo();
    // Entra ID CC6.4 was set to inherited with no Microsoft report on file.
    let rows = matrix(
        &file,
        &["--service", "Microsoft Entra ID", "--framework", "soc2"],
    );
    let cc64 = rows.iter().find(|r| r["control"] == "CC6.4").unwrap();
    assert_eq!(cc64["owner"], "provider");
    assert_eq!(cc64["claimed_inherited"], true);
    assert_eq!(cc64["source"], "override");
    let claim = gaps(&file, "inherited_unattested");
    assert_eq!(claim.len(), 1);
    assert_eq!(
        (claim[0]["service"].as_str(), claim[0]["control"].as_str()),
        (Some("Microsoft Entra ID"), Some("CC6.4"))
    );
    assert_eq!(claim[0]["severity"], "high");

    // Setting another row to inherited says so.
    let (code, out, err) = run(
        &["set"],
        &file,
        &[
            "--service",
            "Microsoft Entra ID",
            "--framework",
            "soc2",
            "--control",
            "CC6.5",
            "--owner",
            "inherited",
            "--reason",
            "Microsoft disposes of the disks",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("1 row changed to inherited"), "{out}");
    assert!(
        err.contains("warning: no current attestation covers Microsoft Entra ID")
            && err.contains("soc2 CC6.5")
            && err.contains("claimed inherited"),
        "{err}"
    );

    // The exports say it the same way.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    demarc()
        .arg("export")
        .arg(&file)
        .arg("--xlsx")
        .arg(out.join("pack.xlsx"))
        .args(["--layout", "csv", "--layout", "oscal"])
        .args(["--generated-at", "2026-12-15T09:30:00Z"])
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("pack-csv.csv")).unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("Microsoft Entra ID,") && l.contains(",soc2,CC6.4,"))
        .unwrap();
    assert!(line.contains(",provider,"), "{line}");
    assert!(line.contains("claimed inherited, no attestation"), "{line}");
    assert!(!csv
        .lines()
        .any(|l| l.contains(",CC6.4,") && l.contains(",inherited,") && l.starts_with("Microsoft")));
    let oscal = std::fs::read_to_string(out.join("pack-oscal.json")).unwrap();
    assert!(oscal.contains("inherited-without-attestation"));
}

#[test]
fn a_bridge_letter_reaches_no_further_than_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.demarc");
    ok(
        &["new"],
        &file,
        &[
            "--client",
            "Acme",
            "--framework",
            "soc2",
            "--audit-start",
            "2027-01-01",
            "--audit-end",
            "2027-06-30",
        ],
    );
    ok(
        &["service", "add"],
        &file,
        &[
            "--name",
            "EC2",
            "--provider",
            "AWS",
            "--model",
            "iaas",
            "--framework",
            "soc2",
        ],
    );
    let report = |bridge_date: &str, bridge_to: &str| {
        run(
            &["attest"],
            &file,
            &[
                "soc2",
                "--provider",
                "AWS",
                "--service",
                "EC2",
                "--type",
                "2",
                "--period-start",
                "2025-07-01",
                "--period-end",
                "2026-06-30",
                "--bridge-date",
                bridge_date,
                "--bridge-to",
                bridge_to,
                "--no-cuecs",
            ],
        )
    };
    // A letter never speaks past its own date.
    let (code, _, err) = report("2026-10-01", "2026-10-15");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("bridge_letter: it is dated 2026-10-01 but says it covers to 2026-10-15"),
        "{err}"
    );
    // Nor further than the window past the period end.
    let (code, _, err) = report("2026-10-15", "2026-10-15");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("bridge_letter: it covers to 2026-10-15, more than 3 months after the period ends (2026-06-30); a bridge letter covers at most to 2026-09-30"),
        "{err}"
    );
    let (code, _, err) = report("2099-01-01", "2099-01-01");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("bridge_letter: the bridge letter is dated 2099-01-01, after today"),
        "{err}"
    );

    let said = ok(&["attest"], &file, &["bridge-window", "--months", "4"]);
    assert!(said.contains("up to 4 months"), "{said}");
    let (code, _, err) = report("2026-10-15", "2026-10-15");
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&["attest"], &file, &["bridge-window", "--months", "13"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("bridge_letter_months:"), "{err}");
    assert!(
        ok(&["log"], &file, &[]).contains("engagement bridge letter window: 3 months -> 4 months")
    );
}

#[test]
fn a_govcloud_package_covers_a_us_east_1_service_only_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gov.demarc");
    ok(
        &["new"],
        &file,
        &["--client", "Gov", "--framework", "fedramp"],
    );
    let said = ok(
        &["service", "add"],
        &file,
        &[
            "--name",
            "Amazon EC2",
            "--provider",
            "AWS",
            "--model",
            "iaas",
            "--framework",
            "fedramp",
            "--region",
            "us-east-1",
        ],
    );
    assert!(said.contains("us-east-1"), "{said}");
    let govcloud = [
        "fedramp",
        "--provider",
        "AWS",
        "--service",
        "Amazon EC2",
        "--level",
        "high",
        "--date",
        "2016-06-21",
        "--package-id",
        "F1603047866",
        "--region",
        "us-gov-west-1",
        "--region",
        "us-gov-east-1",
    ];
    let (code, _, err) = run(&["attest"], &file, &govcloud);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("services: Amazon EC2 runs in us-east-1, outside the regions of package F1603047866 (us-gov-west-1, us-gov-east-1)"),
        "{err}"
    );
    let reason = "Amazon EC2=The agency's ATO accepts the commercial region for this system";
    let mut with_reason = govcloud.to_vec();
    with_reason.extend(["--outside", reason]);
    ok(&["attest"], &file, &with_reason);
    let register = ok(&["register"], &file, &[]);
    assert!(
        register.contains("covers Amazon EC2 outside its scope: The agency's ATO"),
        "{register}"
    );
    assert!(
        register.contains("regions: us-gov-west-1, us-gov-east-1"),
        "{register}"
    );

    // A service inside the regions cannot then be moved out of them.
    ok(
        &["service", "add"],
        &file,
        &[
            "--name",
            "Amazon S3",
            "--provider",
            "AWS",
            "--model",
            "paas",
            "--framework",
            "fedramp",
            "--region",
            "us-gov-west-1",
        ],
    );
    ok(
        &["attest"],
        &file,
        &[
            "fedramp",
            "--provider",
            "AWS",
            "--service",
            "Amazon S3",
            "--level",
            "high",
            "--date",
            "2016-06-21",
            "--package-id",
            "F1603047866",
            "--region",
            "us-gov-west-1",
        ],
    );
    let (code, _, err) = run(
        &["service", "region"],
        &file,
        &["--service", "Amazon S3", "--region", "us-east-1"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("region: Amazon S3 runs in us-east-1"), "{err}");
}

#[test]
fn cuecs_are_listed_once_per_report_and_mapped_to_the_clients_criteria() {
    let (_dir, file) = demo();
    // No row per CUEC and service any more.
    assert!(!matrix(&file, &[])
        .iter()
        .any(|r| r["control"].as_str().unwrap().starts_with("CUEC-")));
    // AWS's three CUECs are mapped in the demo; the third still lacks evidence: one gap, on the
    // report, not one per service.
    let missing = gaps(&file, "cuec_no_evidence");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0]["service"].is_null());
    assert_eq!(missing[0]["link"]["to"], "attestation");
    assert!(gaps(&file, "cuec_no_owner").is_empty() && gaps(&file, "cuec_unmapped").is_empty());
    // The CUEC mapped to CC6.6 is the customer's part of every AWS service's CC6.6 row.
    let cc66: Vec<Value> = matrix(&file, &["--framework", "soc2"])
        .into_iter()
        .filter(|r| r["control"] == "CC6.6" && r["service"].as_str().unwrap().starts_with("Am"))
        .collect();
    assert!(!cc66.is_empty());
    for r in &cc66 {
        assert_eq!(r["cuecs"][0]["number"], 3, "{r}");
    }

    let aws = attestation_id(&file, "AWS", "soc2");
    let (code, _, err) = run(
        &["attest"],
        &file,
        &[
            "cuec",
            "--attestation",
            &aws,
            "--number",
            "3",
            "--criterion",
            "CC99.1",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("criteria: \"CC99.1\" is not a SOC 2 criterion"),
        "{err}"
    );
    let said = ok(
        &["attest"],
        &file,
        &[
            "cuec",
            "--attestation",
            &aws,
            "--number",
            "3",
            "--criterion",
            "CC6.6",
            "--owner",
            "Marcus Oyelaran",
            "--evidence",
            "binder / security groups export",
        ],
    );
    assert!(said.contains("CUEC 3: mapped to CC6.6"), "{said}");
    assert!(gaps(&file, "cuec_no_evidence").is_empty());

    // A new report's CUECs wait to be mapped, once each, whatever the services it covers.
    ok(
        &["attest"],
        &file,
        &[
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
            "Amazon S3",
            "--service",
            "AWS Lambda",
            "--cuec",
            "Customers rotate access keys",
            "--cuec",
            "Customers review CloudTrail logs",
        ],
    );
    assert_eq!(gaps(&file, "cuec_unmapped").len(), 2);
}

#[test]
fn a_report_with_no_cuecs_recorded_is_asked_about_until_answered() {
    let (_dir, file) = demo();
    let asked = gaps(&file, "cuecs_unconfirmed");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["provider"], "Salesforce");
    let salesforce = attestation_id(&file, "Salesforce", "soc2");
    let said = ok(
        &["attest"],
        &file,
        &["cuec", "--attestation", &salesforce, "--none-in-report"],
    );
    assert!(said.contains("no CUECs in the report"), "{said}");
    assert!(gaps(&file, "cuecs_unconfirmed").is_empty());
    assert!(ok(&["register"], &file, &[]).contains("CUECs: none in the report"));
}

#[test]
fn exceptions_noted_are_recorded_and_assessed() {
    let (_dir, file) = demo();
    let open = gaps(&file, "exception_unassessed");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["severity"], "high");
    assert!(open[0]["message"].as_str().unwrap().contains("exception 2"));
    let register = ok(&["register"], &file, &[]);
    assert!(
        register.contains("exception 1: CC6.2: for 2 of 40 sampled leavers"),
        "{register}"
    );
    assert!(register.contains("impact: Low for Northwind"), "{register}");

    let aws = attestation_id(&file, "AWS", "soc2");
    let (code, _, err) = run(
        &["attest"],
        &file,
        &[
            "exception",
            "--attestation",
            &aws,
            "--number",
            "3",
            "--impact",
            "x",
            "--response",
            "y",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("number: no exception 3"), "{err}");
    let said = ok(
        &["attest"],
        &file,
        &[
            "exception",
            "--attestation",
            &aws,
            "--number",
            "2",
            "--impact",
            "None: our alarms are our own",
            "--response",
            "Reviewed our own thresholds",
        ],
    );
    assert!(said.contains("2 exceptions recorded, 2 assessed"), "{said}");
    assert!(gaps(&file, "exception_unassessed").is_empty());
    ok(
        &["attest"],
        &file,
        &[
            "exception",
            "--attestation",
            &aws,
            "--add",
            "A1.2: a backup restore test was skipped",
        ],
    );
    assert_eq!(gaps(&file, "exception_unassessed").len(), 1);
}

#[test]
fn the_clients_csocs_are_listed_per_provider() {
    let (_dir, file) = demo();
    let register = ok(&["register"], &file, &[]);
    assert!(
        register.contains("CSOC #1 AWS: AWS restricts physical access to the data centers hosting CarePortal to authorized staff (CC6.4)"),
        "{register}"
    );
    let said = ok(
        &["attest"],
        &file,
        &[
            "csoc",
            "--provider",
            "Microsoft",
            "--text",
            "Microsoft enforces MFA for its own administrators",
            "--criterion",
            "CC6.1",
        ],
    );
    assert!(said.contains("added CSOC #6 for Microsoft"), "{said}");
    let csocs = json(&["register", "--json"], &file, &[])["csocs"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(csocs, 6);
    let (code, _, err) = run(
        &["attest"],
        &file,
        &["csoc", "--provider", "Nobody", "--text", "x"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("provider:"), "{err}");
    ok(
        &["attest"],
        &file,
        &["csoc", "--remove", "6", "--reason", "added by mistake"],
    );
    assert_eq!(
        json(&["register", "--json"], &file, &[])["csocs"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn a_report_records_the_criteria_it_carves_out_and_the_row_names_the_carve_out() {
    let (_dir, file) = demo();
    // CarePortal runs in AWS's own data centres, which AWS's report includes.
    let ec2 = matrix(&file, &["--service", "Amazon EC2", "--framework", "soc2"]);
    let cc64 = ec2.iter().find(|r| r["control"] == "CC6.4").unwrap();
    assert_eq!(cc64["owner"], "inherited", "{cc64}");
    assert!(cc64["carved_out"].is_null(), "{cc64}");
    let base = [
        "soc2",
        "--provider",
        "Salesforce",
        "--type",
        "2",
        "--period-start",
        "2025-10-01",
        "--period-end",
        "2026-09-30",
        "--service",
        "Salesforce Sales Cloud",
        "--no-cuecs",
        "--reference",
        "Trust portal",
        "--subservice",
        "Amazon Web Services",
        "--carved-out",
        "CC6.4,A1.2",
    ];
    let said = ok(&["attest"], &file, &base);
    assert!(said.contains("Salesforce"), "{said}");
    let register = json(&["register", "--json"], &file, &[]);
    let report = register["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|a| a["provider"] == "Salesforce" && a["details"]["kind"] == "soc2")
        .unwrap();
    assert_eq!(
        report["details"]["carved_out_criteria"],
        serde_json::json!(["CC6.4", "A1.2"])
    );
    // Salesforce's current report leaves physical access to AWS: the row names the carve-out,
    // and the shared A1.2 row notes it too.
    let crm = matrix(
        &file,
        &["--service", "Salesforce Sales Cloud", "--framework", "soc2"],
    );
    let cc64 = crm.iter().find(|r| r["control"] == "CC6.4").unwrap();
    assert_eq!(cc64["owner"], "provider", "{cc64}");
    assert!(cc64["carved_out"]
        .as_str()
        .unwrap()
        .contains("carves CC6.4 out to its subservice organisations (Amazon Web Services"));
    let a12 = crm.iter().find(|r| r["control"] == "A1.2").unwrap();
    assert!(
        a12["carved_out"]
            .as_str()
            .is_some_and(|w| w.contains("carves A1.2 out")),
        "{a12}"
    );
    let (code, _, err) = run(&["attest"], &file, &[&base[..], &["--inclusive"]].concat());
    assert_eq!(code, Some(1));
    assert!(err.contains("carved_out_criteria"), "{err}");
    let (code, _, err) = run(
        &["attest"],
        &file,
        &[&base[..14], &["--carved-out", "6.4.3"]].concat(),
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("carved_out_criteria"), "{err}");
}
