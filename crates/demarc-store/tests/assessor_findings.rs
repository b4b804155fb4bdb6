//! The rules a SOC 2 auditor, a PCI QSA and a HIPAA assessor found wrong in the demo's
//! exports (issue 13), each at the store boundary: reliance judged against the audit window,
//! a report's carve-out, CUEC owners and evidence on their rows, CSOCs without a report, BAA
//! eligible services, BAAs named and asked only where PHI flows, the payment page requirements
//! on the service that serves the page, disposal and media re-use inherited from the provider.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use demarc_core::{
    AttestationDetails, Baa, BaaMechanism, BaaStatus, BaaTerms, Cuec, CuecMapping, DataType,
    Engagement, Framework, Gap, GapKind, MatrixFilter, MatrixRow, NewAttestation, NewCsoc,
    NewService, Opinion, OwnerSource, Ownership, PaymentChannel, PciEntity, PciProfile,
    ReviewState, ScopingProfile, Sensitivity, ServiceModel, Soc2Report, Soc2Type, Subject,
    SubserviceMethod, TrustCategory, VendorReview,
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

/// An engagement with an audit window of the first half of `year`.
fn engagement(path: &Path, frameworks: &[Framework], year: i32) -> EngagementFile {
    let mut e = Engagement::new("Northwind");
    e.frameworks = frameworks.to_vec();
    e.audit_start = NaiveDate::from_ymd_opt(year, 1, 1);
    e.audit_end = NaiveDate::from_ymd_opt(year, 6, 30);
    EngagementFile::create(path, &e).unwrap()
}

fn add(
    file: &mut EngagementFile,
    name: &str,
    provider: &str,
    model: ServiceModel,
    data: &[DataType],
    f: &[Framework],
) -> i64 {
    file.add_service(
        &NewService {
            name: name.into(),
            provider: provider.into(),
            model,
            sensitivity: Sensitivity::High,
            data_types: data.to_vec(),
            frameworks: f.to_vec(),
        },
        WHO,
    )
    .unwrap()
    .id
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

fn baa(eligible: &[&str]) -> AttestationDetails {
    AttestationDetails::Baa(Baa {
        status: BaaStatus::Signed,
        mechanism: Some(BaaMechanism::ClickThrough),
        effective: Some(d("2024-03-01")),
        accounts: vec!["4821-7730-1956".into()],
        next_review: None,
        eligible_services: eligible.iter().map(|s| s.to_string()).collect(),
        terms: BaaTerms::default(),
    })
}

fn attest(
    file: &mut EngagementFile,
    provider: &str,
    services: &[&str],
    details: AttestationDetails,
) -> i64 {
    file.add_attestation(
        &NewAttestation {
            provider: provider.into(),
            services: services.iter().map(|s| s.to_string()).collect(),
            details,
            outside_scope: Vec::new(),
        },
        WHO,
    )
    .unwrap()
    .id
}

fn row(
    file: &EngagementFile,
    service: &str,
    framework: Framework,
    control: &str,
    on: &str,
) -> MatrixRow {
    file.matrix_on(
        &MatrixFilter {
            service: Some(service.into()),
            framework: Some(framework),
            scope: None,
        },
        d(on),
    )
    .unwrap()
    .into_iter()
    .find(|r| r.control_id == control)
    .unwrap_or_else(|| panic!("no row {control} of {service}"))
}

fn gaps(file: &EngagementFile, on: &str) -> Vec<Gap> {
    file.gaps(d(on)).unwrap().gaps
}

fn of_kind(gaps: &[Gap], kind: GapKind) -> Vec<&Gap> {
    gaps.iter().filter(|g| g.kind == kind).collect()
}

fn refusal(e: StoreError) -> (String, String) {
    match e {
        StoreError::Invalid { field, message } => (field, message),
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn a_soc2_report_is_judged_against_the_audit_window_not_the_day_the_matrix_is_read() {
    // An engagement of 2025 reopened in 2027: the report that covered the window still does,
    // though it is stale today.
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2], 2025);
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[],
        &[Framework::Soc2],
    );
    let report = attest(
        &mut file,
        "AWS",
        &["Amazon EC2"],
        AttestationDetails::Soc2(soc2("2024-07-01", "2025-06-30")),
    );
    let cc64 = row(&file, "Amazon EC2", Framework::Soc2, "CC6.4", "2027-01-15");
    assert_eq!(cc64.owner, Ownership::Inherited, "{}", cc64.explanation);
    assert_eq!(cc64.attestation.map(|a| a.id), Some(report));
    let found = gaps(&file, "2027-01-15");
    assert!(of_kind(&found, GapKind::Soc2Stale).is_empty(), "{found:?}");
    assert!(of_kind(&found, GapKind::Soc2WindowGap).is_empty());

    // The other way round: current on the day it is read, stale before the window opens.
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2], 2027);
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[],
        &[Framework::Soc2],
    );
    attest(
        &mut file,
        "AWS",
        &["Amazon EC2"],
        AttestationDetails::Soc2(soc2("2024-10-01", "2025-09-30")),
    );
    let cc64 = row(&file, "Amazon EC2", Framework::Soc2, "CC6.4", "2026-06-01");
    assert_eq!(cc64.owner, Ownership::Provider);
    assert_eq!(cc64.attestation, None);
    let found = gaps(&file, "2026-06-01");
    let stale = of_kind(&found, GapKind::Soc2Stale);
    assert_eq!(stale.len(), 1, "{found:?}");
    assert!(
        stale[0]
            .message
            .contains("not current in the audit window 2027-01-01 to 2027-06-30"),
        "{}",
        stale[0].message
    );
}

#[test]
fn a_criterion_a_report_carves_out_is_inherited_only_with_the_subservice_orgs_assurance() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2], 2027);
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[],
        &[Framework::Soc2],
    );
    let mut report = soc2("2026-04-01", "2027-03-31");
    report.subservice_organizations = vec!["Equinix".into()];
    report.carved_out_criteria = vec!["CC6.4".into()];
    let aws = attest(
        &mut file,
        "AWS",
        &["Amazon EC2"],
        AttestationDetails::Soc2(report.clone()),
    );
    let on = "2027-05-01";
    // Physical access waits for Equinix's own assurance.
    let cc64 = row(&file, "Amazon EC2", Framework::Soc2, "CC6.4", on);
    assert_eq!(cc64.owner, Ownership::Provider);
    let why = cc64.carved_out.clone().unwrap();
    assert!(
        why.contains("carves CC6.4 out") && why.contains("Equinix"),
        "{why}"
    );
    let found = gaps(&file, on);
    let carved = of_kind(&found, GapKind::ThirdPartyCarvedOut);
    assert_eq!(carved.len(), 1, "{found:?}");
    assert_eq!(carved[0].control.as_deref(), Some("CC6.4"));
    assert!(carved[0].message.contains("carves CC6.4 out"));

    // Equinix's own report, covering the service, carries it.
    let equinix = attest(
        &mut file,
        "Equinix",
        &["Amazon EC2"],
        AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31")),
    );
    let cc64 = row(&file, "Amazon EC2", Framework::Soc2, "CC6.4", on);
    assert_eq!(cc64.owner, Ownership::Inherited);
    assert_eq!(cc64.attestation.map(|a| a.id), Some(equinix));
    assert_eq!(cc64.carved_out, None);
    assert!(of_kind(&gaps(&file, on), GapKind::ThirdPartyCarvedOut).is_empty());
    assert_ne!(aws, equinix);

    // Only a carve-out report leaves criteria to its subservice organisations.
    report.subservice_method = SubserviceMethod::Inclusive;
    let refused = file
        .update_attestation(
            aws,
            &NewAttestation {
                provider: "AWS".into(),
                services: vec!["Amazon EC2".into()],
                details: AttestationDetails::Soc2(report),
                outside_scope: Vec::new(),
            },
            WHO,
        )
        .unwrap_err();
    assert_eq!(refusal(refused).0, "carved_out_criteria");
}

#[test]
fn a_cuecs_owner_and_evidence_are_the_rows_it_is_mapped_to() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2], 2027);
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[],
        &[Framework::Soc2],
    );
    let mut report = soc2("2026-04-01", "2027-03-31");
    report.no_cuecs = false;
    report.cuecs = vec![Cuec::new("Customers manage access to their accounts")];
    let id = attest(
        &mut file,
        "AWS",
        &["Amazon EC2"],
        AttestationDetails::Soc2(report),
    );
    let on = "2027-05-01";
    let before = gaps(&file, on);
    assert!(before
        .iter()
        .any(|g| g.kind == GapKind::CustomerNoEvidence && g.control.as_deref() == Some("CC6.2")));
    file.map_cuec(
        id,
        1,
        &CuecMapping {
            criteria: vec!["CC6.2".into()],
            owner: Some("Marcus Oyelaran".into()),
            evidence: Some("Evidence binder / SOC 2 / CUEC / iam-review.pdf".into()),
        },
        WHO,
    )
    .unwrap();
    let cc62 = row(&file, "Amazon EC2", Framework::Soc2, "CC6.2", on);
    assert_eq!(cc62.owner, Ownership::Customer);
    assert_eq!(cc62.row_owner.as_deref(), Some("Marcus Oyelaran"));
    assert_eq!(
        cc62.cuecs[0].evidence.as_deref(),
        Some("Evidence binder / SOC 2 / CUEC / iam-review.pdf")
    );
    let after = gaps(&file, on);
    assert!(!after
        .iter()
        .any(|g| g.kind == GapKind::CustomerNoEvidence && g.control.as_deref() == Some("CC6.2")));
    // A person's own choice of owner on the row stays.
    file.set_row_owner(
        Some(file.service_id("Amazon EC2").unwrap()),
        Framework::Soc2,
        "CC6.2",
        "Priya Raman",
        WHO,
    )
    .unwrap();
    let cc62 = row(&file, "Amazon EC2", Framework::Soc2, "CC6.2", on);
    assert_eq!(cc62.row_owner.as_deref(), Some("Priya Raman"));
}

#[test]
fn each_superseded_vendor_review_names_the_review_that_replaced_it() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2], 2027);
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        &[],
        &[Framework::Soc2],
    );
    for last in ["2026-09-01", "2026-10-01", "2026-11-01"] {
        file.set_vendor_review(
            &VendorReview {
                provider: if last == "2026-10-01" { "aws" } else { "AWS" }.into(),
                last_reviewed: Some(d(last)),
                next_review: None,
            },
            WHO,
        )
        .unwrap();
    }
    let reviews: Vec<_> = file
        .decisions()
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.about, Subject::VendorReview { .. }))
        .collect();
    assert_eq!(reviews.len(), 3);
    assert_eq!(
        reviews[0].review,
        ReviewState::Superseded {
            by_decision: reviews[1].id
        }
    );
    assert_eq!(
        reviews[1].review,
        ReviewState::Superseded {
            by_decision: reviews[2].id
        }
    );
    assert_eq!(reviews[2].review, ReviewState::Unreviewed);
}

#[test]
fn a_csoc_with_no_report_of_its_provider_on_file_is_a_gap() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Soc2], 2027);
    add(
        &mut file,
        "Stripe Payments",
        "Stripe",
        ServiceModel::Saas,
        &[],
        &[Framework::Soc2],
    );
    let csoc = file
        .add_csoc(
            &NewCsoc {
                provider: "Stripe".into(),
                text: "Stripe protects the card data it receives".into(),
                criteria: vec!["CC6.7".into()],
            },
            WHO,
        )
        .unwrap();
    let on = "2027-05-01";
    let found = gaps(&file, on);
    let unsupported = of_kind(&found, GapKind::CsocUnsupported);
    assert_eq!(unsupported.len(), 1, "{found:?}");
    assert_eq!(unsupported[0].provider.as_deref(), Some("Stripe"));
    assert_eq!(
        unsupported[0].control.as_deref(),
        Some(format!("CSOC-{}", csoc.id).as_str())
    );
    assert!(unsupported[0].message.contains("CC6.7"));
    attest(
        &mut file,
        "Stripe",
        &["Stripe Payments"],
        AttestationDetails::Soc2(soc2("2026-04-01", "2027-03-31")),
    );
    assert!(of_kind(&gaps(&file, on), GapKind::CsocUnsupported).is_empty());
}

#[test]
fn a_baa_covers_its_eligible_services_and_hipaa_rows_name_it() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Hipaa], 2027);
    let phi = &[DataType::Phi];
    add(
        &mut file,
        "Amazon EC2",
        "AWS",
        ServiceModel::Iaas,
        phi,
        &[Framework::Hipaa],
    );
    add(
        &mut file,
        "AWS Lambda",
        "AWS",
        ServiceModel::Faas,
        phi,
        &[Framework::Hipaa],
    );
    let report = attest(
        &mut file,
        "AWS",
        &["Amazon EC2", "AWS Lambda"],
        AttestationDetails::Soc2(soc2("2026-04-01", "2027-03-31")),
    );
    // The agreement names EC2 only, and lists Lambda among the eligible services.
    let agreement = attest(
        &mut file,
        "AWS",
        &["Amazon EC2"],
        baa(&["Amazon EC2", "AWS Lambda", "Amazon S3"]),
    );
    let on = "2027-05-01";
    assert!(of_kind(&gaps(&file, on), GapKind::PhiWithoutBaa).is_empty());
    for service in ["Amazon EC2", "AWS Lambda"] {
        let facility = row(&file, service, Framework::Hipaa, "164.310(a)(1)", on);
        assert_eq!(facility.owner, Ownership::Inherited, "{service}");
        assert_eq!(facility.attestation.map(|a| a.id), Some(report));
        assert_eq!(facility.baa.map(|a| a.id), Some(agreement), "{service}");
    }
    // Without a signed BAA, PHI flowing, nothing is inherited.
    file.delete_attestation(agreement, "terminated", WHO)
        .unwrap();
    let facility = row(&file, "AWS Lambda", Framework::Hipaa, "164.310(a)(1)", on);
    assert_eq!(facility.owner, Ownership::Provider);
    assert_eq!(facility.baa, None);
    assert_eq!(of_kind(&gaps(&file, on), GapKind::PhiWithoutBaa).len(), 2);
}

#[test]
fn a_vendor_receiving_no_phi_is_no_business_associate_and_is_asked_for_no_baa() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Hipaa], 2027);
    add(
        &mut file,
        "Microsoft Entra ID",
        "Microsoft",
        ServiceModel::Saas,
        &[DataType::Pii, DataType::Credentials],
        &[Framework::Hipaa],
    );
    let report = attest(
        &mut file,
        "Microsoft",
        &["Microsoft Entra ID"],
        AttestationDetails::Soc2(soc2("2026-04-01", "2027-03-31")),
    );
    let on = "2027-05-01";
    let facility = row(
        &file,
        "Microsoft Entra ID",
        Framework::Hipaa,
        "164.310(a)(1)",
        on,
    );
    assert_eq!(
        facility.owner,
        Ownership::Inherited,
        "{}",
        facility.explanation
    );
    assert_eq!(facility.attestation.map(|a| a.id), Some(report));
    assert_eq!(facility.baa, None);
    let found = gaps(&file, on);
    assert!(of_kind(&found, GapKind::PhiWithoutBaa).is_empty());
    assert!(
        !found.iter().any(|g| g.kind == GapKind::ProviderUnattested
            && g.service.as_deref() == Some("Microsoft Entra ID")),
        "{found:?}"
    );
}

#[test]
fn disposal_and_media_reuse_are_system_level_and_inherited_from_the_provider() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::Hipaa], 2027);
    add(
        &mut file,
        "Amazon S3",
        "AWS",
        ServiceModel::Paas,
        &[DataType::Phi],
        &[Framework::Hipaa],
    );
    let report = attest(
        &mut file,
        "AWS",
        &["Amazon S3"],
        AttestationDetails::Soc2(soc2("2026-04-01", "2027-03-31")),
    );
    attest(&mut file, "AWS", &["Amazon S3"], baa(&[]));
    let on = "2027-05-01";
    let all = file.matrix_on(&MatrixFilter::default(), d(on)).unwrap();
    for control in ["164.310(d)(2)(i)", "164.310(d)(2)(ii)"] {
        assert!(
            !all.iter()
                .any(|r| r.service.is_none() && r.control_id == control),
            "{control} is still entity-level"
        );
        let r = row(&file, "Amazon S3", Framework::Hipaa, control, on);
        assert_eq!(r.owner, Ownership::Inherited, "{control}");
        assert_eq!(r.attestation.map(|a| a.id), Some(report));
    }
    // The rest of 164.310(d) stays the client's once.
    for control in ["164.310(d)(1)", "164.310(d)(2)(iii)", "164.310(d)(2)(iv)"] {
        assert!(
            all.iter()
                .any(|r| r.service.is_none() && r.control_id == control),
            "{control}"
        );
    }
}

fn pci_profile(payment_page: Vec<i64>) -> ScopingProfile {
    ScopingProfile::PciDss(PciProfile {
        entity: PciEntity::Merchant,
        channels: vec![PaymentChannel::Iframe],
        multi_tenant: false,
        designated_entity: false,
        early_tls_poi: false,
        issuer: false,
        payment_page_services: payment_page,
        validation: None,
        validation_reason: String::new(),
        service_scope: Vec::new(),
    })
}

#[test]
fn payment_page_requirements_apply_only_to_the_service_that_serves_the_page() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::PciDss], 2027);
    let pci = &[Framework::PciDss];
    let eks = add(
        &mut file,
        "Amazon EKS",
        "AWS",
        ServiceModel::CaasCustomerNodes,
        &[],
        pci,
    );
    // A name that says nothing of its role: the rule follows the profile, not names.
    add(
        &mut file,
        "Directory",
        "Microsoft",
        ServiceModel::Saas,
        &[],
        pci,
    );
    let on = "2027-05-01";
    // Until the profile names the page's service, the requirements apply to every service.
    file.set_scoping_profile(&pci_profile(Vec::new()), WHO)
        .unwrap();
    for control in ["6.4.3", "11.6.1"] {
        let r = row(&file, "Directory", Framework::PciDss, control, on);
        assert_ne!(r.owner, Ownership::NotApplicable, "{control}");
    }
    file.set_scoping_profile(&pci_profile(vec![eks]), WHO)
        .unwrap();
    for control in ["6.4.3", "11.6.1"] {
        let r = row(&file, "Directory", Framework::PciDss, control, on);
        assert_eq!(r.owner, Ownership::NotApplicable, "{control}");
        assert_eq!(r.source, OwnerSource::Scoping);
        let why = r.na_justification.unwrap();
        assert!(why.contains("payment page served by Amazon EKS"), "{why}");
        let page = row(&file, "Amazon EKS", Framework::PciDss, control, on);
        assert_eq!(page.owner, Ownership::Customer, "{control}");
    }
    // Not a gap: N/A by the profile carries its reason.
    assert!(!gaps(&file, on)
        .iter()
        .any(|g| g.kind == GapKind::NaNoJustification));
    // A service that is not in PCI DSS scope cannot serve the payment page.
    let outside = add(
        &mut file,
        "Salesforce",
        "Salesforce",
        ServiceModel::Saas,
        &[],
        &[],
    );
    let refused = file
        .set_scoping_profile(&pci_profile(vec![eks, outside]), WHO)
        .unwrap_err();
    assert_eq!(refusal(refused).0, "payment_page_services");
    let refused = file
        .set_scoping_profile(&pci_profile(vec![9999]), WHO)
        .unwrap_err();
    assert_eq!(refusal(refused).0, "payment_page_services");
}

#[test]
fn a_tpsp_whose_current_aoc_leaves_the_service_out_says_so() {
    let (_dir, path) = temp();
    let mut file = engagement(&path, &[Framework::PciDss], 2027);
    let pci = &[Framework::PciDss];
    add(&mut file, "Amazon EC2", "AWS", ServiceModel::Iaas, &[], pci);
    add(
        &mut file,
        "Amazon EKS",
        "AWS",
        ServiceModel::CaasCustomerNodes,
        &[],
        pci,
    );
    attest(
        &mut file,
        "AWS",
        &["Amazon EC2"],
        AttestationDetails::Aoc(demarc_core::Aoc {
            date: d("2026-08-14"),
            dss_version: "4.0.1".into(),
            next_review: None,
            requirements: None,
            assessor: None,
        }),
    );
    let found = gaps(&file, "2026-12-01");
    let missing = of_kind(&found, GapKind::AocServiceMissing);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].service.as_deref(), Some("Amazon EKS"));
    assert!(
        missing[0]
            .message
            .starts_with("AOC does not list Amazon EKS"),
        "{}",
        missing[0].message
    );
}
