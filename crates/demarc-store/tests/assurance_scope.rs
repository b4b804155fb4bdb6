//! What an attestation covers, per requirement and per region, whether "inherited" has one
//! behind it, and whether its dates make sense: the rules an assessor checks in the register.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use demarc_core::{
    Aoc, AttestationDetails, Baa, BaaMechanism, BaaStatus, BaaTerms, BridgeLetter, ControlSelector,
    Engagement, FedrampAuthorization, FedrampLevel, Framework, GapKind, MatrixFilter, MatrixRow,
    NewAttestation, NewEvidence, NewService, Opinion, OwnerSource, Ownership, ScopeOverride,
    Sensitivity, ServiceModel, Severity, Soc2Report, Soc2Type, Subject, SubserviceMethod,
    TrustCategory,
};
use demarc_store::{EngagementFile, StoreError};

const WHO: &str = "test";
/// The day the matrix and gaps are read on; every document below is dated before it.
const ON: &str = "2026-11-20";

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northwind.demarc");
    (dir, path)
}

fn engagement(path: &Path, frameworks: &[Framework]) -> EngagementFile {
    let mut e = Engagement::new("Northwind");
    e.frameworks = frameworks.to_vec();
    e.audit_start = Some(d("2027-01-01"));
    e.audit_end = Some(d("2027-06-30"));
    EngagementFile::create(path, &e).unwrap()
}

fn add(
    file: &mut EngagementFile,
    name: &str,
    provider: &str,
    model: ServiceModel,
    f: &[Framework],
) -> i64 {
    file.add_service(
        &NewService {
            name: name.into(),
            provider: provider.into(),
            model,
            sensitivity: Sensitivity::High,
            data_types: Vec::new(),
            frameworks: f.to_vec(),
        },
        WHO,
    )
    .unwrap()
    .id
}

fn attestation(provider: &str, services: &[&str], details: AttestationDetails) -> NewAttestation {
    NewAttestation {
        provider: provider.into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        details,
        outside_scope: Vec::new(),
    }
}

fn aoc(requirements: Option<&[&str]>) -> AttestationDetails {
    AttestationDetails::Aoc(Aoc {
        date: d("2026-06-15"),
        dss_version: "4.0.1".into(),
        next_review: None,
        requirements: requirements.map(|r| r.iter().map(|x| x.to_string()).collect()),
        assessor: None,
    })
}

fn soc2(categories: &[TrustCategory], bridge: Option<(&str, &str)>) -> AttestationDetails {
    AttestationDetails::Soc2(Soc2Report {
        report_type: Soc2Type::Type2,
        period_start: d("2025-10-01"),
        period_end: d("2026-09-30"),
        issued: Some(d("2026-11-15")),
        auditor: "Ernst & Young LLP".into(),
        categories: categories.to_vec(),
        opinion: Opinion::Unqualified,
        exceptions_noted: false,
        exceptions: Vec::new(),
        subservice_method: SubserviceMethod::CarveOut,
        subservice_organizations: Vec::new(),
        carved_out_criteria: Vec::new(),
        cuecs: Vec::new(),
        no_cuecs: true,
        bridge_letter: bridge.map(|(date, to)| BridgeLetter {
            date: d(date),
            covers_to: d(to),
        }),
        reference: "vendor portal".into(),
    })
}

fn fedramp(boundary: &[&str], regions: &[&str]) -> AttestationDetails {
    AttestationDetails::Fedramp(FedrampAuthorization {
        level: FedrampLevel::High,
        date: d("2016-06-21"),
        package_id: "F1603047866".into(),
        boundary: boundary.iter().map(|s| s.to_string()).collect(),
        regions: regions.iter().map(|s| s.to_string()).collect(),
    })
}

fn rows(file: &EngagementFile, service: &str, framework: Framework) -> Vec<MatrixRow> {
    file.matrix_on(
        &MatrixFilter {
            service: Some(service.into()),
            framework: Some(framework),
            scope: None,
        },
        d(ON),
    )
    .unwrap()
}

fn row(file: &EngagementFile, service: &str, framework: Framework, control: &str) -> MatrixRow {
    rows(file, service, framework)
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
fn an_aoc_makes_inherited_only_the_requirements_it_covers() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::PciDss]);
    add(
        &mut file,
        "Stripe Payments",
        "Stripe",
        ServiceModel::Saas,
        &[Framework::PciDss],
    );
    // Provider-side by the SaaS layer defaults: the payment page's scripts and the change
    // detection on it (application layer), and media security (physical layers).
    for control in ["6.4.3", "11.6.1", "9.4.1.1"] {
        assert!(row(&file, "Stripe Payments", Framework::PciDss, control)
            .owner
            .is_provider_side());
    }
    let listed: &[&str] = &["1", "2", "3", "4", "6.4.1", "6.4.2", "9.4", "11.1", "11.2"];
    let a = file
        .add_attestation(
            &attestation("Stripe", &["Stripe Payments"], aoc(Some(listed))),
            WHO,
        )
        .unwrap();

    // Not listed: Stripe does not claim them, so they stay the customer's, whatever the AOC.
    for control in ["6.4.3", "11.6.1"] {
        let r = row(&file, "Stripe Payments", Framework::PciDss, control);
        assert_eq!(
            (r.owner, r.source),
            (Ownership::Customer, OwnerSource::VendorReport),
            "{control}"
        );
        assert!(r.attestation.is_none());
        assert!(
            r.explanation.contains(&format!("does not list {control}")),
            "{}",
            r.explanation
        );
    }
    // Listed (9.4.1.1 under 9.4): inherited, naming the AOC.
    let media = row(&file, "Stripe Payments", Framework::PciDss, "9.4.1.1");
    assert_eq!(media.owner, Ownership::Inherited);
    assert_eq!(media.attestation.as_ref().map(|x| x.id), Some(a.id));
    for r in rows(&file, "Stripe Payments", Framework::PciDss) {
        if r.owner == Ownership::Inherited {
            assert!(
                listed
                    .iter()
                    .any(|l| r.control_id == *l || r.control_id.starts_with(&format!("{l}."))),
                "{} is inherited but not listed",
                r.control_id
            );
        }
    }
    // The same AOC covering every requirement takes them in.
    file.update_attestation(
        a.id,
        &attestation("Stripe", &["Stripe Payments"], aoc(None)),
        WHO,
    )
    .unwrap();
    assert_eq!(
        row(&file, "Stripe Payments", Framework::PciDss, "6.4.3").owner,
        Ownership::Inherited
    );

    let bad = file
        .add_attestation(
            &attestation("Stripe", &["Stripe Payments"], aoc(Some(&["6.4.x"]))),
            WHO,
        )
        .unwrap_err();
    assert_eq!(refusal(bad).0, "requirements");
    let none = file
        .add_attestation(
            &attestation("Stripe", &["Stripe Payments"], aoc(Some(&[]))),
            WHO,
        )
        .unwrap_err();
    assert_eq!(refusal(none).0, "requirements");
}

#[test]
fn a_soc2_report_covers_only_its_trust_services_categories() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2]);
    add(
        &mut file,
        "Sales Cloud",
        "Salesforce",
        ServiceModel::Saas,
        &[Framework::Soc2],
    );
    let security = attestation(
        "Salesforce",
        &["Sales Cloud"],
        soc2(&[TrustCategory::Security], None),
    );
    let a = file.add_attestation(&security, WHO).unwrap();
    // CC6.4 (physical access) is Security: inherited. PI1.1 (processing integrity), the
    // provider's in SaaS, is not covered by a Security-only report.
    assert_eq!(
        row(&file, "Sales Cloud", Framework::Soc2, "CC6.4").owner,
        Ownership::Inherited
    );
    let pi = row(&file, "Sales Cloud", Framework::Soc2, "PI1.1");
    assert_eq!((pi.owner, pi.attestation), (Ownership::Provider, None));
    let both = attestation(
        "Salesforce",
        &["Sales Cloud"],
        soc2(
            &[TrustCategory::Security, TrustCategory::ProcessingIntegrity],
            None,
        ),
    );
    file.update_attestation(a.id, &both, WHO).unwrap();
    let pi = row(&file, "Sales Cloud", Framework::Soc2, "PI1.1");
    assert_eq!(pi.owner, Ownership::Inherited);
    assert_eq!(pi.attestation.map(|x| x.id), Some(a.id));
}

#[test]
fn inherited_without_a_covering_attestation_is_a_flagged_claim() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2]);
    let entra = add(
        &mut file,
        "Microsoft Entra ID",
        "Microsoft",
        ServiceModel::Saas,
        &[Framework::Soc2],
    );
    let reason = "Microsoft runs the datacenters behind Entra ID";
    file.set_control_owner(
        Some(entra),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.4".into()),
        Ownership::Inherited,
        reason,
        WHO,
    )
    .unwrap();
    let r = row(&file, "Microsoft Entra ID", Framework::Soc2, "CC6.4");
    assert_eq!(
        (r.owner, r.source),
        (Ownership::Provider, OwnerSource::Override)
    );
    assert!(r.claimed_inherited);
    assert!(r.attestation.is_none());
    assert_eq!(r.reason.as_deref(), Some(reason));
    let gaps = file.gaps(d(ON)).unwrap();
    let claim: Vec<_> = gaps
        .gaps
        .iter()
        .filter(|g| g.control.as_deref() == Some("CC6.4"))
        .collect();
    assert_eq!(claim.len(), 1);
    assert_eq!(
        (claim[0].kind, claim[0].severity),
        (GapKind::InheritedUnattested, Severity::High)
    );
    assert!(claim[0].message.contains(reason), "{}", claim[0].message);
    // The person's decision is logged as they made it.
    let last = file.decisions().unwrap().pop().unwrap();
    assert_eq!(last.new_value.as_deref(), Some("inherited"));

    // A current report covering the service makes it inherited, naming the report.
    let a = file
        .add_attestation(
            &attestation(
                "Microsoft",
                &["Microsoft Entra ID"],
                soc2(&[TrustCategory::Security], None),
            ),
            WHO,
        )
        .unwrap();
    let r = row(&file, "Microsoft Entra ID", Framework::Soc2, "CC6.4");
    assert_eq!(r.owner, Ownership::Inherited);
    assert!(!r.claimed_inherited);
    assert_eq!(r.attestation.map(|x| x.id), Some(a.id));
}

#[test]
fn a_bridge_letter_follows_the_period_and_reaches_no_further_than_the_window() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2]);
    add(
        &mut file,
        "EC2",
        "AWS",
        ServiceModel::Iaas,
        &[Framework::Soc2],
    );
    let letter = |date: &str, to: &str| {
        attestation(
            "AWS",
            &["EC2"],
            soc2(&[TrustCategory::Security], Some((date, to))),
        )
    };
    let today = demarc_store::today();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap().to_string();
    for (date, to, words) in [
        // Signed on 15 October, "covering" to 2027-01-15: a letter never speaks past its date
        // (the window's own limit is read in the CLI's test, with an earlier period).
        ("2026-10-15", "2027-01-15", "never past it"),
        ("2026-10-15", "2026-12-31", "never past it"),
        ("2026-09-30", "2026-12-31", "not after the period ends"),
        (&tomorrow, &tomorrow, "after today"),
    ] {
        let (field, message) = refusal(file.add_attestation(&letter(date, to), WHO).unwrap_err());
        assert_eq!(field, "bridge_letter");
        assert!(message.contains(words), "{message}");
    }
    assert!(file.attestations().unwrap().is_empty());

    // Up to the day it was signed, inside the window the engagement allows.
    let a = file
        .add_attestation(&letter("2026-10-15", "2026-10-15"), WHO)
        .unwrap();
    let window_gap = |file: &EngagementFile| -> String {
        file.gaps(d(ON))
            .unwrap()
            .gaps
            .into_iter()
            .find(|g| g.kind == GapKind::Soc2WindowGap)
            .unwrap()
            .message
    };
    assert!(
        window_gap(&file).starts_with("181 days"),
        "{}",
        window_gap(&file)
    );

    // The engagement may allow a longer window; the change is logged.
    let refused = file.set_bridge_letter_months(Some(13), WHO).unwrap_err();
    assert_eq!(refusal(refused).0, "bridge_letter_months");
    assert_eq!(file.set_bridge_letter_months(Some(4), WHO).unwrap(), 4);
    let logged = file.decisions().unwrap().pop().unwrap();
    assert_eq!(logged.about, Subject::BridgeLetterWindow);
    assert_eq!(logged.new_value.as_deref(), Some("4 months"));
    // A later letter, up to its own day, still leaves the window, which starts in January,
    // open.
    file.update_attestation(a.id, &letter("2026-11-30", "2026-11-30"), WHO)
        .unwrap();
    assert!(
        window_gap(&file).starts_with("181 days"),
        "{}",
        window_gap(&file)
    );
    // Back to 3 months, the letter already recorded counts only as far as the window.
    file.set_bridge_letter_months(None, WHO).unwrap();
    assert!(
        window_gap(&file).starts_with("181 days"),
        "{}",
        window_gap(&file)
    );
}

#[test]
fn evidence_cannot_be_dated_after_today() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2]);
    let entra = add(
        &mut file,
        "Entra ID",
        "Microsoft",
        ServiceModel::Saas,
        &[Framework::Soc2],
    );
    let today = demarc_store::today();
    let evidence = |date: NaiveDate| NewEvidence {
        title: "Quarterly access review export".into(),
        location: "binder".into(),
        date: Some(date),
        owner: None,
        due_date: None,
    };
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap();
    let (field, message) = refusal(
        file.add_evidence(
            Some(entra),
            Framework::Soc2,
            "CC6.2",
            &evidence(tomorrow),
            WHO,
        )
        .unwrap_err(),
    );
    assert_eq!(field, "date");
    assert!(message.contains("after today"), "{message}");
    assert!(row(&file, "Entra ID", Framework::Soc2, "CC6.2")
        .evidence
        .is_empty());
    let r = file
        .add_evidence(Some(entra), Framework::Soc2, "CC6.2", &evidence(today), WHO)
        .unwrap();
    assert_eq!(r.evidence.len(), 1);
}

#[test]
fn a_fedramp_package_covers_no_service_outside_its_regions_or_boundary_without_a_reason() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Fedramp]);
    let ec2 = add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[Framework::Fedramp],
    );
    add(
        &mut file,
        "Amazon S3",
        "AWS",
        ServiceModel::Paas,
        &[Framework::Fedramp],
    );
    let s = file
        .set_service_region(ec2, Some(" us-east-1 "), WHO)
        .unwrap();
    assert_eq!(s.region.as_deref(), Some("us-east-1"));
    assert!(matches!(
        file.decisions().unwrap().pop().unwrap().about,
        Subject::Region { .. }
    ));

    let govcloud = attestation("AWS", &["Amazon EC2"], fedramp(&[], &["us-gov-west-1"]));
    let (field, message) = refusal(file.add_attestation(&govcloud, WHO).unwrap_err());
    assert_eq!(field, "services");
    assert!(
        message.contains("us-east-1") && message.contains("us-gov-west-1"),
        "{message}"
    );
    assert!(file.attestations().unwrap().is_empty());

    // An override needs a reason, and must name a service the attestation covers.
    let with = |service: &str, reason: &str| NewAttestation {
        outside_scope: vec![ScopeOverride {
            service: service.into(),
            reason: reason.into(),
        }],
        ..govcloud.clone()
    };
    assert_eq!(
        refusal(
            file.add_attestation(&with("Amazon EC2", " "), WHO)
                .unwrap_err()
        )
        .0,
        "services"
    );
    assert_eq!(
        refusal(
            file.add_attestation(&with("Amazon S3", "why"), WHO)
                .unwrap_err()
        )
        .0,
        "outside_scope"
    );
    let reason = "The agency accepted the commercial region in its ATO letter";
    let a = file
        .add_attestation(&with("Amazon EC2", reason), WHO)
        .unwrap();
    assert_eq!(a.outside_scope[0].reason, reason);

    // A boundary that does not name the service.
    let boundary = attestation("AWS", &["Amazon S3"], fedramp(&["Amazon EC2"], &[]));
    let (field, message) = refusal(file.add_attestation(&boundary, WHO).unwrap_err());
    assert_eq!(field, "services");
    assert!(message.contains("boundary"), "{message}");

    // Moving a covered service out of a package's regions is refused too.
    let s3 = file.service_id("Amazon S3").unwrap();
    file.set_service_region(s3, Some("us-gov-west-1"), WHO)
        .unwrap();
    file.add_attestation(
        &attestation("AWS", &["Amazon S3"], fedramp(&[], &["us-gov-west-1"])),
        WHO,
    )
    .unwrap();
    let (field, _) = refusal(
        file.set_service_region(s3, Some("us-east-1"), WHO)
            .unwrap_err(),
    );
    assert_eq!(field, "region");

    // Deleting the overridden attestation and undoing it brings the reason back.
    file.delete_attestation(a.id, "recorded twice", WHO)
        .unwrap();
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(
        file.attestation(a.id).unwrap().outside_scope[0].reason,
        reason
    );
}

#[test]
fn a_baa_covers_no_service_outside_its_eligible_services_without_a_reason() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Hipaa]);
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[Framework::Hipaa],
    );
    add(
        &mut file,
        "Amazon Lightsail",
        "AWS",
        ServiceModel::Iaas,
        &[Framework::Hipaa],
    );
    let baa = |services: &[&str]| {
        attestation(
            "AWS",
            services,
            AttestationDetails::Baa(Baa {
                status: BaaStatus::Signed,
                mechanism: Some(BaaMechanism::ClickThrough),
                effective: Some(d("2025-03-01")),
                accounts: vec!["111122223333".into()],
                next_review: None,
                eligible_services: vec!["Amazon EC2".into(), "Amazon S3".into()],
                terms: BaaTerms::default(),
            }),
        )
    };
    let (field, message) = refusal(
        file.add_attestation(&baa(&["Amazon EC2", "Amazon Lightsail"]), WHO)
            .unwrap_err(),
    );
    assert_eq!(field, "services");
    assert!(
        message.contains("Amazon Lightsail is not among the BAA's eligible services"),
        "{message}"
    );
    file.add_attestation(&baa(&["Amazon EC2"]), WHO).unwrap();
}
