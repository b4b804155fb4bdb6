//! The SOC 2 and HIPAA findings of the second assessor review (issue 13), at the store
//! boundary: a bridge letter never speaks past its own date, a carved-out criterion reaches
//! the HIPAA physical safeguards resting on it, the demo's carve-outs and CSOCs name the party
//! that performs the control, and an assessed exception carries a real impact statement.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use demarc_core::{
    AttestationDetails, Baa, BaaMechanism, BaaStatus, BaaTerms, BridgeLetter, DataType, Engagement,
    ExceptionAssessment, Framework, GapKind, MatrixFilter, MatrixRow, NewAttestation, NewService,
    Opinion, Ownership, ReportException, Sensitivity, ServiceModel, Soc2Report, Soc2Type,
    SubserviceMethod, TrustCategory, IMPACT_MIN_WORDS,
};
use demarc_store::{EngagementFile, StoreError};

const WHO: &str = "test";

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northwind.demarc");
    (dir, path)
}

/// An engagement under SOC 2 and HIPAA, audit window the first half of 2027, with one IaaS
/// service of AWS handling PHI.
fn engagement(path: &Path) -> EngagementFile {
    let mut e = Engagement::new("Northwind");
    e.frameworks = vec![Framework::Soc2, Framework::Hipaa];
    e.audit_start = Some(d("2027-01-01"));
    e.audit_end = Some(d("2027-06-30"));
    let mut file = EngagementFile::create(path, &e).unwrap();
    file.add_service(
        &NewService {
            name: "Amazon EC2".into(),
            provider: "AWS".into(),
            model: ServiceModel::Iaas,
            sensitivity: Sensitivity::High,
            data_types: vec![DataType::Phi],
            frameworks: vec![Framework::Soc2, Framework::Hipaa],
        },
        WHO,
    )
    .unwrap();
    file
}

fn soc2(start: &str, end: &str) -> Soc2Report {
    Soc2Report {
        report_type: Soc2Type::Type2,
        period_start: d(start),
        period_end: d(end),
        issued: None,
        auditor: "Ernst & Young LLP".into(),
        categories: vec![TrustCategory::Security, TrustCategory::Availability],
        opinion: Opinion::Unqualified,
        exceptions_noted: false,
        exceptions: Vec::new(),
        subservice_method: SubserviceMethod::CarveOut,
        subservice_organizations: Vec::new(),
        carved_out_criteria: Vec::new(),
        cuecs: Vec::new(),
        no_cuecs: true,
        bridge_letter: None,
        reference: "vendor portal".into(),
    }
}

fn new_attestation(provider: &str, details: AttestationDetails) -> NewAttestation {
    NewAttestation {
        provider: provider.into(),
        services: vec!["Amazon EC2".into()],
        details,
        outside_scope: Vec::new(),
    }
}

fn attest(file: &mut EngagementFile, provider: &str, details: AttestationDetails) -> i64 {
    file.add_attestation(&new_attestation(provider, details), WHO)
        .unwrap()
        .id
}

fn baa() -> AttestationDetails {
    AttestationDetails::Baa(Baa {
        status: BaaStatus::Signed,
        mechanism: Some(BaaMechanism::ClickThrough),
        effective: Some(d("2024-03-01")),
        accounts: vec!["4821-7730-1956".into()],
        next_review: None,
        eligible_services: Vec::new(),
        terms: BaaTerms::default(),
    })
}

fn rows(file: &EngagementFile, framework: Framework, on: &str) -> Vec<MatrixRow> {
    file.matrix_on(
        &MatrixFilter {
            service: Some("Amazon EC2".into()),
            framework: Some(framework),
            scope: None,
        },
        d(on),
    )
    .unwrap()
}

fn row(file: &EngagementFile, framework: Framework, control: &str, on: &str) -> MatrixRow {
    rows(file, framework, on)
        .into_iter()
        .find(|r| r.control_id == control)
        .unwrap_or_else(|| panic!("no row {control}"))
}

fn refusal(e: StoreError) -> (String, String) {
    match e {
        StoreError::Invalid { field, message } => (field, message),
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn a_bridge_letter_ending_after_its_own_date_is_refused_and_an_old_one_ends_on_its_date() {
    let (_dir, path) = temp();
    let mut file = engagement(&path);
    // Dated 1 December, "covering" to 31 December: refused, naming the field.
    let mut report = soc2("2025-10-01", "2026-09-30");
    report.bridge_letter = Some(BridgeLetter {
        date: d("2026-12-01"),
        covers_to: d("2026-12-31"),
    });
    let refused = file
        .add_attestation(
            &new_attestation("AWS", AttestationDetails::Soc2(report.clone())),
            WHO,
        )
        .unwrap_err();
    let (field, message) = refusal(refused);
    assert_eq!(field, "bridge_letter");
    assert!(message.contains("never past it"), "{message}");
    assert!(file.attestations().unwrap().is_empty());

    // The same letter ending on its date is recorded.
    let mut consistent = report.clone();
    consistent.bridge_letter = Some(BridgeLetter {
        date: d("2026-12-01"),
        covers_to: d("2026-12-01"),
    });
    let id = attest(&mut file, "AWS", AttestationDetails::Soc2(consistent));

    // An older file holding the overstated letter (written before the rule) is read as ending
    // on its date: the window gap says the report speaks only up to 1 December.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let json = serde_json::to_string(&AttestationDetails::Soc2(report)).unwrap();
    conn.execute(
        "UPDATE attestation SET details = ?1 WHERE id = ?2",
        rusqlite::params![json, id],
    )
    .unwrap();
    drop(conn);
    drop(file);
    let mut file = EngagementFile::open(&path).unwrap();
    let gaps = file.gaps(d("2026-12-15")).unwrap().gaps;
    let window: Vec<_> = gaps
        .iter()
        .filter(|g| g.kind == GapKind::Soc2WindowGap)
        .collect();
    assert_eq!(window.len(), 1, "{gaps:?}");
    assert!(
        window[0]
            .message
            .contains("181 days of the audit window have no SOC 2 coverage"),
        "{}",
        window[0].message
    );
    assert!(
        window[0]
            .message
            .contains("with its bridge letter of 2026-12-01 speaks only up to 2026-12-01"),
        "{}",
        window[0].message
    );
    // Nothing saved is lost: the old letter stays as stored, and the report can still be
    // worked on (its CUECs, its exceptions) without being refused for it.
    let stored = file.attestation(id).unwrap();
    let AttestationDetails::Soc2(r) = &stored.details else {
        panic!("not a report")
    };
    assert_eq!(r.bridge_letter.as_ref().unwrap().covers_to, d("2026-12-31"));
    assert_eq!(r.bridge_letter.as_ref().unwrap().ends(), d("2026-12-01"));
    file.add_exception(id, "CC7.2: a review was late", WHO)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_demo_bridge_letter_is_consistent_and_the_window_is_a_forward_looking_plan_item() {
    let dir = tempfile::tempdir().unwrap();
    let file = demarc_store::write_demo(&dir.path().join("demo.demarc")).unwrap();
    let aws = file
        .attestations()
        .unwrap()
        .into_iter()
        .find(|a| a.provider == "AWS" && matches!(a.details, AttestationDetails::Soc2(_)))
        .unwrap();
    let AttestationDetails::Soc2(r) = &aws.details else {
        unreachable!()
    };
    let letter = r.bridge_letter.as_ref().unwrap();
    assert!(letter.covers_to <= letter.date, "{letter:?}");
    // No day of the 2027 window is covered: one forward-looking item names AWS's services,
    // low while the window is far, high as it nears.
    for (today, severity) in [("2026-06-01", "low"), ("2026-12-15", "high")] {
        let plan = file.gap_plan(d(today), None).unwrap();
        let item = plan
            .items
            .iter()
            .find(|i| i.title == "Days of the audit window without AWS SOC 2 coverage")
            .unwrap_or_else(|| panic!("no window item on {today}"));
        assert_eq!(item.due, Some(d("2027-01-01")));
        assert_eq!(
            serde_json::to_value(item.severity).unwrap(),
            serde_json::json!(severity),
            "{today}"
        );
        let gaps = file.gaps(d(today)).unwrap().gaps;
        let ec2 = gaps
            .iter()
            .find(|g| {
                g.kind == GapKind::Soc2WindowGap && g.service.as_deref() == Some("Amazon EC2")
            })
            .unwrap();
        assert!(
            ec2.message.contains("(2027-01-01 to 2027-06-30)")
                && ec2.message.contains("speaks only up to 2026-12-01"),
            "{}",
            ec2.message
        );
    }
}

#[test]
fn a_carved_out_criterion_stops_the_hipaa_physical_rows_resting_on_it() {
    let (_dir, path) = temp();
    let mut file = engagement(&path);
    let mut report = soc2("2026-04-01", "2027-03-31");
    report.subservice_organizations = vec!["Equinix".into()];
    report.carved_out_criteria = vec!["CC6.4".into(), "A1.2".into()];
    attest(&mut file, "AWS", AttestationDetails::Soc2(report));
    attest(&mut file, "AWS", baa());
    let on = "2027-05-01";
    // Facility access rests on physical access (CC6.4), contingency operations on the
    // environmental protections (A1.2): neither is inherited through the report.
    for (control, criterion) in [
        ("164.310(a)(1)", "CC6.4"),
        ("164.310(a)(2)(ii)", "CC6.4"),
        ("164.310(a)(2)(iii)", "CC6.4"),
        ("164.310(a)(2)(iv)", "CC6.4"),
        ("164.310(a)(2)(i)", "A1.2"),
    ] {
        let r = row(&file, Framework::Hipaa, control, on);
        assert_eq!(r.owner, Ownership::Provider, "{control}: {}", r.explanation);
        assert_eq!(r.attestation, None, "{control}");
        let why = r.carved_out.clone().unwrap_or_default();
        assert!(
            why.contains(&format!("carves {criterion} out"))
                && why.contains(&format!("on which {control} rests"))
                && why.contains("Equinix"),
            "{control}: {why}"
        );
    }
    // Rows resting on no carved-out criterion still inherit: media disposal (CC6.5), and the
    // technical safeguards.
    for control in ["164.310(d)(2)(i)", "164.312(a)(1)"] {
        let r = rows(&file, Framework::Hipaa, on)
            .into_iter()
            .find(|r| r.control_id == control);
        if let Some(r) = r.filter(|r| r.owner.is_provider_side()) {
            assert_eq!(r.owner, Ownership::Inherited, "{control}");
            assert_eq!(r.carved_out, None, "{control}");
        }
    }
    // The gaps name the carve-out on each HIPAA row.
    let gaps = file.gaps(d(on)).unwrap().gaps;
    let hipaa: Vec<_> = gaps
        .iter()
        .filter(|g| g.kind == GapKind::ThirdPartyCarvedOut && g.framework == Some(Framework::Hipaa))
        .collect();
    assert!(
        hipaa
            .iter()
            .any(|g| g.control.as_deref() == Some("164.310(a)(1)")),
        "{gaps:?}"
    );
    // A1.2, a shared row, shows the carve-out note too (no gap: the customer's part is its own).
    let a12 = row(&file, Framework::Soc2, "A1.2", on);
    assert_eq!(a12.owner, Ownership::Shared);
    assert!(
        a12.carved_out
            .as_deref()
            .is_some_and(|w| w.contains("carves A1.2 out")),
        "{a12:?}"
    );

    // Equinix's own report covering the service carries the physical rows.
    let equinix = attest(
        &mut file,
        "Equinix",
        AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31")),
    );
    let r = row(&file, Framework::Hipaa, "164.310(a)(1)", on);
    assert_eq!(r.owner, Ownership::Inherited, "{}", r.explanation);
    assert_eq!(r.attestation.map(|a| a.id), Some(equinix));
    assert_eq!(r.carved_out, None);
}

#[test]
fn the_demo_carve_outs_and_csocs_name_the_party_that_performs_the_control() {
    let dir = tempfile::tempdir().unwrap();
    let file = demarc_store::write_demo(&dir.path().join("demo.demarc")).unwrap();
    let attestations = file.attestations().unwrap();
    let report = |provider: &str| {
        attestations
            .iter()
            .find_map(|a| match &a.details {
                AttestationDetails::Soc2(r) if a.provider == provider => Some(r.clone()),
                _ => None,
            })
            .unwrap()
    };
    // CarePortal runs in AWS's own data centres: AWS's report leaves none of their criteria
    // to a subservice organisation, so physical access is AWS's, inherited through it.
    let aws = report("AWS");
    assert!(aws.carved_out_criteria.is_empty(), "{aws:?}");
    assert!(!aws.subservice_organizations.is_empty());
    let today = d("2026-12-15");
    let ec2 = |framework: Framework, control: &str| {
        file.matrix_on(
            &MatrixFilter {
                service: Some("Amazon EC2".into()),
                framework: Some(framework),
                scope: None,
            },
            today,
        )
        .unwrap()
        .into_iter()
        .find(|r| r.control_id == control)
        .unwrap()
    };
    assert_eq!(ec2(Framework::Soc2, "CC6.4").owner, Ownership::Inherited);
    assert_eq!(
        ec2(Framework::Hipaa, "164.310(a)(1)").owner,
        Ownership::Inherited
    );
    // Salesforce's report names the parties it runs on and carves their safeguards out.
    let salesforce = report("Salesforce");
    assert!(
        salesforce.subservice_organizations.len() >= 2,
        "{salesforce:?}"
    );
    assert!(salesforce
        .subservice_organizations
        .iter()
        .any(|o| o.contains("Amazon Web Services")));
    assert_eq!(salesforce.carved_out_criteria, ["CC6.4", "A1.2"]);
    // Every CSOC expects of a provider what that provider's own report does not carve out,
    // and each subservice organisation of the client has its CSOCs.
    let csocs = file.csocs().unwrap();
    for c in &csocs {
        for a in attestations.iter().filter(|a| a.provider == c.provider) {
            for criterion in &c.criteria {
                assert!(
                    !a.carves_out(Framework::Soc2, criterion),
                    "CSOC {c:?} expects of {} what {} carves out",
                    c.provider,
                    a.label()
                );
            }
        }
    }
    let mut providers: Vec<&str> = csocs.iter().map(|c| c.provider.as_str()).collect();
    providers.sort_unstable();
    providers.dedup();
    assert_eq!(providers, ["AWS", "Microsoft", "Salesforce", "Stripe"]);
}

#[test]
fn an_assessed_exception_carries_a_real_impact_statement() {
    let (_dir, path) = temp();
    let mut file = engagement(&path);
    let mut report = soc2("2026-04-01", "2027-03-31");
    report.exceptions_noted = true;
    report.exceptions = vec![ReportException {
        description: "CC6.2: 2 of 40 leavers kept access for 3 days".into(),
        impact: None,
        response: None,
    }];
    let id = attest(&mut file, "AWS", AttestationDetails::Soc2(report.clone()));
    let assess = |impact: Option<&str>, response: Option<&str>| ExceptionAssessment {
        impact: impact.map(String::from),
        response: response.map(String::from),
    };
    // A response with no impact, or a placeholder for one, is refused, naming the field.
    for bad in [
        assess(None, Some("Checked our leaver log")),
        assess(Some("None"), Some("Checked our leaver log")),
        assess(Some("n/a"), None),
        assess(Some("no impact"), Some("Checked our leaver log")),
    ] {
        let refused = file.assess_exception(id, 1, &bad, WHO).unwrap_err();
        assert_eq!(refusal(refused).0, "impact", "{bad:?}");
    }
    let stored = file.attestation(id).unwrap();
    let AttestationDetails::Soc2(r) = &stored.details else {
        unreachable!()
    };
    assert_eq!(r.exceptions[0].impact, None, "nothing was recorded");
    file.assess_exception(
        id,
        1,
        &assess(
            Some("Low: our access to AWS goes through our own single sign-on"),
            Some("Checked our leaver log for the period"),
        ),
        WHO,
    )
    .unwrap();
    // A whole report recorded with an exception marked assessed by a bare word is refused too.
    report.exceptions[0].impact = Some("none".into());
    report.exceptions[0].response = Some("accepted".into());
    let refused = file
        .update_attestation(
            id,
            &new_attestation("AWS", AttestationDetails::Soc2(report)),
            WHO,
        )
        .unwrap_err();
    assert_eq!(refusal(refused).0, "exceptions");

    // The demo's assessed exceptions carry real statements.
    let dir = tempfile::tempdir().unwrap();
    let demo = demarc_store::write_demo(&dir.path().join("demo.demarc")).unwrap();
    let mut assessed = 0;
    for a in demo.attestations().unwrap() {
        if let AttestationDetails::Soc2(r) = &a.details {
            for x in r.exceptions.iter().filter(|x| x.assessed()) {
                assessed += 1;
                let impact = x.impact.as_deref().unwrap();
                assert!(
                    impact.split_whitespace().count() >= 2 * IMPACT_MIN_WORDS,
                    "{impact}"
                );
                assert!(!impact.to_lowercase().starts_with("none"), "{impact}");
            }
        }
    }
    assert!(assessed >= 1);
}
