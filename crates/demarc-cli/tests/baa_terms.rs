//! `demarc attest baa` and `attest aoc` record what the business associate register and the
//! PCI DSS 12.8.5 layout print: the BAA's terms and determination, the AOC's assessor.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

#[test]
fn baa_terms_and_aoc_assessor_are_recorded_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let attest = |args: &[&str]| demarc().arg("attest").arg(&file).args(args).assert();
    attest(&[
        "baa",
        "--provider",
        "Stripe",
        "--status",
        "not_required",
        "--service",
        "Stripe Payments",
        "--determination",
        "Payment-processing exemption: Stripe only processes card payments",
    ])
    .success();
    attest(&[
        "baa",
        "--provider",
        "Salesforce",
        "--status",
        "signed",
        "--effective",
        "2026-02-01",
        "--service",
        "Salesforce Sales Cloud",
        "--eligible-reference",
        "trust.salesforce.com HIPAA services list, read 2026-01-20",
        "--subcontractors",
        "Same restrictions flow down to subcontractors",
        "--breach-notice",
        "Within 10 days of discovery",
        "--document",
        "Contracts / Salesforce / BAA-2026.pdf",
    ])
    .success();
    attest(&[
        "aoc",
        "--provider",
        "Microsoft",
        "--date",
        "2026-10-01",
        "--service",
        "Microsoft Entra ID",
        "--assessor",
        "Coalfire Systems",
    ])
    .success();
    // An empty term names its field.
    let refused = attest(&[
        "baa",
        "--provider",
        "Salesforce",
        "--status",
        "requested",
        "--service",
        "Salesforce Sales Cloud",
        "--breach-notice",
        " ",
    ])
    .code(1);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("breach_notice"), "{stderr}");

    let out = demarc()
        .args(["register", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let register: Value = serde_json::from_slice(&out.stdout).unwrap();
    let details = |provider: &str, kind: &str| -> Value {
        register["attestations"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|a| a["provider"] == provider && a["details"]["kind"] == kind)
            .unwrap()["details"]
            .clone()
    };
    let stripe = details("Stripe", "baa");
    assert_eq!(stripe["status"], "not_required");
    assert!(stripe["determination"]
        .as_str()
        .unwrap()
        .starts_with("Payment-processing exemption"));
    let salesforce = details("Salesforce", "baa");
    assert_eq!(salesforce["breach_notice"], "Within 10 days of discovery");
    assert_eq!(
        salesforce["subcontractors"],
        "Same restrictions flow down to subcontractors"
    );
    assert_eq!(
        salesforce["document"],
        "Contracts / Salesforce / BAA-2026.pdf"
    );
    assert!(salesforce["eligible_reference"]
        .as_str()
        .unwrap()
        .starts_with("trust.salesforce.com"));
    assert_eq!(details("Microsoft", "aoc")["assessor"], "Coalfire Systems");

    // Each is in the decision log.
    let log = demarc().arg("log").arg(&file).output().unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("Stripe BAA (not required)"), "{log}");
    assert!(log.contains("Salesforce BAA (signed)"), "{log}");
}
