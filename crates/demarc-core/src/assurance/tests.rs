//! The rules of vendor assurance, each checked against dates and records built here.

use chrono::NaiveDate;

use super::*;
use crate::{
    layers_for_model, DataType, Engagement, Evidence, FedrampLevel, Framework, Layer, MatrixRow,
    OwnerSource, Ownership, Scope, Sensitivity, Service, ServiceModel,
};

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn soc2(start: &str, end: &str, bridge_to: Option<&str>) -> Soc2Report {
    Soc2Report {
        report_type: Soc2Type::Type2,
        period_start: d(start),
        period_end: d(end),
        issued: None,
        auditor: "Ernst & Young LLP".into(),
        categories: vec![TrustCategory::Security],
        opinion: Opinion::Unqualified,
        exceptions_noted: false,
        subservice_method: SubserviceMethod::CarveOut,
        subservice_organizations: Vec::new(),
        carved_out_criteria: Vec::new(),
        cuecs: Vec::new(),
        no_cuecs: true,
        exceptions: Vec::new(),
        bridge_letter: bridge_to.map(|to| BridgeLetter {
            date: d(to),
            covers_to: d(to),
        }),
        reference: "vendor portal".into(),
    }
}

fn attestation(id: i64, services: &[&str], details: AttestationDetails) -> Attestation {
    Attestation {
        id,
        provider: "AWS".into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        details,
        outside_scope: Vec::new(),
    }
}

fn baa(status: BaaStatus, effective: Option<&str>) -> AttestationDetails {
    AttestationDetails::Baa(Baa {
        status,
        mechanism: Some(BaaMechanism::ClickThrough),
        effective: effective.map(d),
        accounts: vec!["111122223333".into()],
        next_review: None,
        eligible_services: Vec::new(),
        terms: BaaTerms::default(),
    })
}

fn aoc(date: &str) -> AttestationDetails {
    AttestationDetails::Aoc(Aoc {
        date: d(date),
        dss_version: "4.0.1".into(),
        next_review: None,
        requirements: None,
        assessor: None,
    })
}

fn iso(expiry: &str) -> AttestationDetails {
    AttestationDetails::Iso27001(IsoCertificate {
        number: "IS 123".into(),
        scope: "AWS global infrastructure".into(),
        expiry: d(expiry),
    })
}

fn fedramp(date: &str) -> AttestationDetails {
    AttestationDetails::Fedramp(FedrampAuthorization {
        level: FedrampLevel::High,
        date: d(date),
        package_id: "F1603047866".into(),
        boundary: Vec::new(),
        regions: Vec::new(),
    })
}

fn service(name: &str, data: &[DataType], frameworks: &[Framework]) -> Service {
    Service {
        id: 1,
        name: name.into(),
        provider: "AWS".into(),
        model: ServiceModel::Paas,
        sensitivity: Sensitivity::High,
        data_types: data.to_vec(),
        frameworks: frameworks.to_vec(),
        layers: layers_for_model(ServiceModel::Paas, &[]),
        region: None,
    }
}

fn row(owner: Ownership) -> MatrixRow {
    MatrixRow {
        service_id: Some(1),
        service: Some("RDS".into()),
        scope: Scope::System,
        framework: Framework::Soc2,
        control_id: "CC6.1".into(),
        title: "Logical access".into(),
        family: "CC6".into(),
        layers: Vec::new(),
        owner,
        source: OwnerSource::LayerDefault,
        default_owner: owner,
        provider_label: None,
        provider_source: None,
        attestation: None,
        baa: None,
        explanation: String::new(),
        reason: None,
        customer_part: None,
        evidence: Vec::new(),
        row_owner: None,
        last_reviewed: None,
        na_justification: None,
        claimed_inherited: false,
        cuecs: Vec::new(),
        disagreement: None,
        third_party: None,
        carved_out: None,
        crosswalk: None,
    }
}

fn evidence(date: Option<&str>, due: Option<&str>) -> Evidence {
    Evidence {
        id: 1,
        title: "Access review".into(),
        location: "binder".into(),
        date: date.map(d),
        owner: None,
        due_date: due.map(d),
    }
}

#[test]
fn soc2_staleness() {
    // (period start, period end, today, current)
    let cases = [
        ("2025-01-01", "2025-12-31", "2026-12-31", true), // the last day of the 12 months
        ("2025-01-01", "2025-12-31", "2027-01-01", false), // the day after
        ("2023-03-01", "2024-02-29", "2025-02-28", true), // leap day: 12 months on is 28 February
        ("2023-03-01", "2024-02-29", "2025-03-01", false),
        ("2025-04-01", "2026-03-31", "2025-04-01", true), // within the period
        ("2025-04-01", "2026-03-31", "2025-03-31", false), // before the period starts
    ];
    for (start, end, today, current) in cases {
        let r = AttestationDetails::Soc2(soc2(start, end, None));
        assert_eq!(
            is_current(&r, d(today)),
            current,
            "{start}..{end}, today {today}"
        );
    }
}

#[test]
fn uncovered_days_of_the_window() {
    // (window, coverage, uncovered ranges, days)
    let w = (d("2027-01-01"), d("2027-06-30"));
    type Case = (
        &'static [(&'static str, &'static str)],
        &'static [(&'static str, &'static str)],
        i64,
    );
    let cases: &[Case] = &[
        // fully covered, exactly at both edges
        (&[("2027-01-01", "2027-06-30")], &[], 0),
        // covering more than the window
        (&[("2026-04-01", "2027-12-31")], &[], 0),
        // not at all: 31+28+31+30+31+30 days, both ends counted
        (&[], &[("2027-01-01", "2027-06-30")], 181),
        // coverage entirely outside the window
        (
            &[("2025-01-01", "2026-12-31")],
            &[("2027-01-01", "2027-06-30")],
            181,
        ),
        // ends the day before the window's last day: one day open
        (
            &[("2026-07-01", "2027-06-29")],
            &[("2027-06-30", "2027-06-30")],
            1,
        ),
        // starts the day after the window opens: one day open
        (
            &[("2027-01-02", "2027-12-31")],
            &[("2027-01-01", "2027-01-01")],
            1,
        ),
        // partly: covered to the end of March
        (
            &[("2026-04-01", "2027-03-31")],
            &[("2027-04-01", "2027-06-30")],
            91,
        ),
        // two reports with a hole between them
        (
            &[("2026-01-01", "2027-01-31"), ("2027-03-01", "2027-12-31")],
            &[("2027-02-01", "2027-02-28")],
            28,
        ),
        // overlapping and adjacent spans leave nothing
        (
            &[
                ("2027-03-01", "2027-06-30"),
                ("2026-06-01", "2027-02-28"),
                ("2027-02-01", "2027-04-01"),
            ],
            &[],
            0,
        ),
    ];
    for (coverage, open, days) in cases {
        let coverage: Vec<_> = coverage.iter().map(|(a, b)| (d(a), d(b))).collect();
        let got = uncovered(w, &coverage);
        let want: Vec<_> = open.iter().map(|(a, b)| (d(a), d(b))).collect();
        assert_eq!(got, want, "{coverage:?}");
        assert_eq!(days_in(&got), *days, "{coverage:?}");
    }
    // a leap year's February counts 29 days
    let leap = uncovered((d("2028-02-01"), d("2028-02-29")), &[]);
    assert_eq!(days_in(&leap), 29);
    let one_day = uncovered(
        (d("2028-02-29"), d("2028-02-29")),
        &[(d("2028-02-29"), d("2028-02-29"))],
    );
    assert!(one_day.is_empty());
}

#[test]
fn bridge_letters_extend_coverage_and_warn_when_long() {
    // (period end, bridge covers to, coverage end, warning)
    let cases = [
        ("2026-12-31", None, "2026-12-31", false),
        ("2026-12-31", Some("2027-03-31"), "2027-03-31", false), // exactly 3 months
        ("2026-12-31", Some("2027-04-01"), "2027-03-31", true),  // a day more counts to 3 months
        ("2026-11-30", Some("2027-02-28"), "2027-02-28", false), // 3 months to a short month
        ("2026-11-30", Some("2027-03-01"), "2027-02-28", true),
        ("2026-09-30", Some("2026-12-31"), "2026-12-31", false), // to the end of December
    ];
    for (end, bridge, coverage_end, warn) in cases {
        let r = soc2("2026-01-01", end, bridge);
        assert_eq!(
            soc2_coverage(&r, BRIDGE_LETTER_MONTHS),
            (d("2026-01-01"), d(coverage_end)),
            "{end} {bridge:?}"
        );
        assert_eq!(bridge_letter_too_long(&r), warn, "{end} {bridge:?}");
    }
    // a bridge letter closes the window's tail
    let r = soc2("2026-04-01", "2027-03-31", Some("2027-06-30"));
    assert!(uncovered(
        (d("2027-01-01"), d("2027-06-30")),
        &[soc2_coverage(&r, BRIDGE_LETTER_MONTHS)]
    )
    .is_empty());
    let r = soc2("2026-04-01", "2027-03-31", Some("2027-05-31"));
    assert_eq!(
        days_in(&uncovered(
            (d("2027-01-01"), d("2027-06-30")),
            &[soc2_coverage(&r, BRIDGE_LETTER_MONTHS)]
        )),
        30
    );
}

#[test]
fn a_bridge_letter_speaks_only_up_to_the_day_it_was_signed() {
    // Signed on 1 December, "covering" to 31 December: the days after signing are a promise,
    // not an assertion, and stay uncovered.
    let mut r = soc2("2025-10-01", "2026-09-30", Some("2026-12-31"));
    if let Some(letter) = r.bridge_letter.as_mut() {
        letter.date = d("2026-12-01");
    }
    assert_eq!(
        soc2_coverage(&r, BRIDGE_LETTER_MONTHS),
        (d("2025-10-01"), d("2026-12-01"))
    );
    assert_eq!(
        days_in(&uncovered(
            (d("2026-10-01"), d("2026-12-31")),
            &[soc2_coverage(&r, BRIDGE_LETTER_MONTHS)]
        )),
        30
    );
}

#[test]
fn validation_names_the_field() {
    let mut r = soc2("2026-01-01", "2025-12-31", None);
    // (report, expected field prefix or None)
    let mut cases: Vec<(Soc2Report, Option<&str>)> = vec![(r.clone(), Some("period_end"))];
    r.period_end = d("2026-12-31");
    cases.push((r.clone(), None));
    r.bridge_letter = Some(BridgeLetter {
        date: d("2027-01-15"),
        covers_to: d("2026-12-31"),
    });
    cases.push((r.clone(), Some("bridge_letter")));
    r.bridge_letter = Some(BridgeLetter {
        date: d("2026-12-01"),
        covers_to: d("2027-03-31"),
    });
    cases.push((r.clone(), Some("bridge_letter")));
    r.bridge_letter = Some(BridgeLetter {
        date: d("2027-01-15"),
        covers_to: d("2027-03-31"),
    });
    cases.push((r.clone(), None));
    r.issued = Some(d("2026-12-30"));
    cases.push((r.clone(), Some("issued")));
    r.issued = None;
    r.report_type = Soc2Type::Type1;
    cases.push((r.clone(), Some("period_end")));
    r.report_type = Soc2Type::Type2;
    r.cuecs = vec![Cuec::new("  ")];
    cases.push((r, Some("cuecs")));
    for (report, field) in cases {
        let got = AttestationDetails::Soc2(report.clone()).validate();
        match field {
            None => assert!(got.is_ok(), "{report:?}: {got:?}"),
            Some(f) => assert!(
                got.as_ref().is_err_and(|e| e.field == f),
                "{report:?}: {got:?}"
            ),
        }
    }
    let others = [
        (baa(BaaStatus::Signed, None), Some("effective")),
        (baa(BaaStatus::Requested, None), None),
        (
            AttestationDetails::Aoc(Aoc {
                date: d("2026-05-01"),
                dss_version: " ".into(),
                next_review: None,
                requirements: None,
                assessor: None,
            }),
            Some("dss_version"),
        ),
        (
            AttestationDetails::Aoc(Aoc {
                date: d("2026-05-01"),
                dss_version: "4.0.1".into(),
                next_review: Some(d("2026-04-01")),
                requirements: None,
                assessor: None,
            }),
            Some("next_review"),
        ),
        (
            AttestationDetails::Aoc(Aoc {
                date: d("2026-05-01"),
                dss_version: "4.0.1".into(),
                next_review: None,
                requirements: Some(vec!["6.4".into(), "twelve".into()]),
                assessor: None,
            }),
            Some("requirements"),
        ),
        (
            AttestationDetails::Iso27001(IsoCertificate {
                number: "".into(),
                scope: "".into(),
                expiry: d("2027-01-01"),
            }),
            Some("number"),
        ),
        (
            AttestationDetails::Fedramp(FedrampAuthorization {
                level: FedrampLevel::Moderate,
                date: d("2020-01-01"),
                package_id: "".into(),
                boundary: Vec::new(),
                regions: Vec::new(),
            }),
            Some("package_id"),
        ),
    ];
    for (details, field) in others {
        let got = details.validate();
        match field {
            None => assert!(got.is_ok(), "{got:?}"),
            Some(f) => assert!(got.as_ref().is_err_and(|e| e.field == f), "{got:?}"),
        }
    }
}

#[test]
fn inheritance_needs_a_current_attestation_covering_the_service_for_the_framework() {
    let today = d("2027-02-01");
    let all = vec![
        attestation(
            1,
            &["RDS", "S3"],
            AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
        ),
        attestation(2, &["RDS"], aoc("2026-06-01")),
        attestation(3, &["S3"], aoc("2025-06-01")),
        attestation(4, &["RDS"], iso("2026-12-31")),
        attestation(5, &["S3"], iso("2027-12-31")),
        attestation(6, &["RDS"], fedramp("2019-01-01")),
        attestation(7, &["RDS"], baa(BaaStatus::Signed, Some("2025-01-01"))),
        attestation(8, &["S3"], baa(BaaStatus::Requested, None)),
        attestation(9, &["Lambda"], baa(BaaStatus::Signed, Some("2025-01-01"))),
    ];
    // (service, framework, covering attestation id)
    let cases = [
        ("RDS", Framework::Soc2, Some(1)),
        ("rds", Framework::Soc2, Some(1)), // names match case-insensitively
        ("EC2", Framework::Soc2, None),    // not listed in the report
        ("RDS", Framework::PciDss, Some(2)),
        ("S3", Framework::PciDss, None), // its AOC is older than 12 months
        ("RDS", Framework::Iso27001, None), // its certificate expired
        ("S3", Framework::Iso27001, Some(5)),
        ("RDS", Framework::Fedramp, Some(6)),
        ("RDS", Framework::Nist80053, Some(6)),
        ("RDS", Framework::Hipaa, Some(1)), // SOC 2 report and a signed BAA
        ("S3", Framework::Hipaa, None),     // BAA only requested
        ("Lambda", Framework::Hipaa, None), // BAA but no SOC 2 report
        ("RDS", Framework::NistCsf, Some(6)), // the FedRAMP authorization, through 800-53
    ];
    for (service, framework, want) in cases {
        let got = covering_attestation(&all, service, framework, "1.1", today).map(|a| a.id);
        assert_eq!(got, want, "{service} {framework:?}");
    }
    // the same report, a year later, no longer covers anything
    assert!(covering_attestation(&all, "RDS", Framework::Soc2, "CC6.1", d("2028-01-01")).is_none());
}

#[test]
fn inherit_turns_provider_rows_inherited_and_back() {
    let a = attestation(
        1,
        &["RDS"],
        AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
    );
    // (owner before, covering?, owner after, attestation kept)
    let cases = [
        (Ownership::Provider, true, Ownership::Inherited, true),
        (Ownership::Provider, false, Ownership::Provider, false),
        (Ownership::Inherited, true, Ownership::Inherited, true),
        (Ownership::Inherited, false, Ownership::Provider, false), // a claim, flagged
        (Ownership::Customer, true, Ownership::Customer, false),
        (Ownership::Shared, true, Ownership::Shared, false),
    ];
    for (before, covering, after, kept) in cases {
        let mut r = row(before);
        inherit(&mut r, covering.then_some(&a));
        assert_eq!(
            (r.owner, r.attestation.is_some()),
            (after, kept),
            "{before:?} {covering}"
        );
        assert_eq!(
            r.claimed_inherited,
            before == Ownership::Inherited && !covering
        );
    }
}

#[test]
fn phi_needs_a_signed_baa_in_force_covering_the_service() {
    let today = d("2027-02-01");
    // (data, BAAs on file, finding)
    let cases: Vec<(&[DataType], Vec<Attestation>, bool)> = vec![
        (&[DataType::Pii], vec![], false),
        (&[DataType::Phi], vec![], true),
        (
            &[DataType::Phi],
            vec![attestation(
                1,
                &["RDS"],
                baa(BaaStatus::Signed, Some("2026-01-01")),
            )],
            false,
        ),
        (
            &[DataType::Phi],
            vec![attestation(
                1,
                &["S3"],
                baa(BaaStatus::Signed, Some("2026-01-01")),
            )],
            true,
        ),
        (
            &[DataType::Phi],
            vec![attestation(
                1,
                &["RDS"],
                baa(BaaStatus::Signed, Some("2027-03-01")),
            )],
            true,
        ),
        (
            &[DataType::Phi],
            vec![attestation(1, &["RDS"], baa(BaaStatus::Requested, None))],
            true,
        ),
        (
            &[DataType::Phi],
            vec![attestation(
                1,
                &["RDS"],
                baa(BaaStatus::Terminated, Some("2026-01-01")),
            )],
            true,
        ),
        (
            &[DataType::Phi],
            vec![attestation(1, &["RDS"], baa(BaaStatus::Declined, None))],
            true,
        ),
        (
            &[DataType::Phi],
            vec![attestation(
                1,
                &["RDS"],
                AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
            )],
            true,
        ),
    ];
    for (data, atts, finding) in cases {
        let s = service("RDS", data, &[Framework::Hipaa]);
        assert_eq!(
            phi_without_baa(&s, &atts, today),
            finding,
            "{data:?} {atts:?}"
        );
    }
}

#[test]
fn aoc_age_and_listing() {
    let today = d("2027-02-01");
    let all = vec![
        attestation(1, &["EC2"], aoc("2026-02-01")),
        attestation(2, &["S3"], aoc("2026-01-31")),
        attestation(3, &["Lambda"], aoc("2024-12-01")),
        attestation(4, &["Lambda"], aoc("2026-12-01")),
    ];
    // (service, status: 'c' current, 's' stale, 'n' not listed, attestation id)
    let cases = [
        ("EC2", 'c', Some(1)),    // exactly 12 months old
        ("S3", 's', Some(2)),     // 12 months and a day
        ("Lambda", 'c', Some(4)), // the newest AOC listing it decides
        ("EKS", 'n', None),
    ];
    for (service, status, id) in cases {
        let got = aoc_status(&all, service, today);
        let (s, got_id) = match got {
            AocStatus::Current(a) => ('c', Some(a.id)),
            AocStatus::Stale(a) => ('s', Some(a.id)),
            AocStatus::NotListed => ('n', None),
        };
        assert_eq!((s, got_id), (status, id), "{service}");
    }
}

#[test]
fn evidence_due_dates() {
    let start = Some(d("2027-01-01"));
    assert_eq!(
        evidence_collection(d("2027-01-01")),
        (d("2026-10-03"), d("2026-11-02"))
    );
    // leap year: 60 days before 1 March 2028 is 1 January 2028
    assert_eq!(evidence_collection(d("2028-03-01")).1, d("2028-01-01"));
    // (evidence date, its due date, audit start, today, overdue)
    let cases = [
        (None, None, start, "2026-11-02", false), // the last day of collection
        (None, None, start, "2026-11-03", true),
        (Some("2026-10-15"), None, start, "2026-12-01", false), // collected
        (None, Some("2026-12-15"), start, "2026-12-01", false), // its own due date is later
        (None, Some("2026-10-15"), start, "2026-10-16", true),
        (None, None, None, "2030-01-01", false), // no window, no due date: nothing to miss
    ];
    for (date, due, start, today, overdue) in cases {
        assert_eq!(
            evidence_overdue(&evidence(date, due), start, d(today)),
            overdue,
            "{date:?} {due:?} {today}"
        );
    }
}

#[test]
fn row_gaps_by_owner_and_content() {
    let today = d("2026-12-01");
    let start = Some(d("2027-01-01"));
    let a = attestation(
        1,
        &["RDS"],
        AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
    );
    let mut inherited = row(Ownership::Inherited);
    inherited.attestation = Some(a.reference());
    let mut described = row(Ownership::Shared);
    described.customer_part = Some("we rotate the keys".into());
    let mut justified = row(Ownership::NotApplicable);
    justified.na_justification = Some("no card data".into());
    let mut evidenced = row(Ownership::Customer);
    evidenced.evidence = vec![evidence(Some("2026-10-20"), None)];
    let mut late = row(Ownership::Customer);
    late.evidence = vec![evidence(None, None)];
    let mut claimed = row(Ownership::Provider);
    claimed.claimed_inherited = true;
    let mut cuec_part = row(Ownership::Shared);
    cuec_part.cuecs = vec![CuecRef {
        attestation_id: 1,
        report: "AWS SOC 2".into(),
        number: 1,
        text: "Customers manage their users".into(),
        owner: None,
        evidence: None,
    }];
    // (row, the gap kinds it raises)
    let cases: Vec<(MatrixRow, Vec<GapKind>)> = vec![
        (
            row(Ownership::Undetermined),
            vec![GapKind::UndeterminedControl],
        ),
        (row(Ownership::Provider), vec![GapKind::ProviderUnattested]),
        (
            row(Ownership::Inherited),
            vec![GapKind::InheritedUnattested],
        ),
        (inherited, vec![]),
        (row(Ownership::Customer), vec![GapKind::CustomerNoEvidence]),
        (evidenced, vec![]),
        (late, vec![GapKind::EvidenceOverdue]),
        (row(Ownership::Shared), vec![GapKind::SharedNoCustomerPart]),
        (described, vec![]),
        (
            row(Ownership::NotApplicable),
            vec![GapKind::NaNoJustification],
        ),
        (justified, vec![]),
        (claimed, vec![GapKind::InheritedUnattested]),
        (cuec_part, vec![]),
    ];
    for (r, kinds) in cases {
        let got: Vec<GapKind> = row_gaps(&r, start, today).iter().map(|g| g.kind).collect();
        assert_eq!(got, kinds, "{:?} {}", r.owner, r.control_id);
    }
    let g = &row_gaps(&row(Ownership::Provider), start, today)[0];
    assert_eq!(g.control.as_deref(), Some("CC6.1"));
    assert_eq!(g.severity, Severity::Medium);
    assert!(matches!(&g.link, GapLink::Row { control, .. } if control == "CC6.1"));
}

/// (attestations, reviews, today, the gap kinds expected)
type VendorCase<'a> = (Vec<Attestation>, &'a [VendorReview], &'a str, Vec<GapKind>);

#[test]
fn vendor_gaps_by_case() {
    let window = Some((d("2027-01-01"), d("2027-06-30")));
    let rds = service(
        "RDS",
        &[DataType::Phi],
        &[Framework::Soc2, Framework::Hipaa, Framework::PciDss],
    );
    let reviewed = vec![VendorReview {
        provider: "AWS".into(),
        last_reviewed: Some(d("2026-11-01")),
        next_review: Some(d("2027-02-01")),
    }];
    let covered = vec![
        attestation(
            1,
            &["RDS"],
            AttestationDetails::Soc2(soc2("2026-07-01", "2027-06-30", None)),
        ),
        attestation(2, &["RDS"], baa(BaaStatus::Signed, Some("2026-01-01"))),
        attestation(3, &["RDS"], aoc("2026-07-01")),
    ];
    let kinds = |atts: &[Attestation], reviews: &[VendorReview], today: &str| -> Vec<GapKind> {
        let mut k: Vec<GapKind> = vendor_gaps(
            std::slice::from_ref(&rds),
            atts,
            reviews,
            window,
            BRIDGE_LETTER_MONTHS,
            d(today),
        )
        .iter()
        .map(|g| g.kind)
        .collect();
        k.sort();
        k
    };
    // (attestations, reviews, today, kinds)
    let mut stale = covered.clone();
    stale[0] = attestation(
        1,
        &["RDS"],
        AttestationDetails::Soc2(soc2("2025-01-01", "2025-12-31", None)),
    );
    let mut bridged = covered.clone();
    bridged[0] = attestation(
        1,
        &["RDS"],
        AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", Some("2027-06-30"))),
    );
    let mut replaced = stale.clone();
    replaced.push(attestation(
        4,
        &["RDS"],
        AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", Some("2027-03-31"))),
    ));
    let mut expired = covered.clone();
    expired.push(attestation(5, &["RDS"], iso("2026-12-31")));
    let mut renewed = expired.clone();
    renewed.push(attestation(6, &["RDS"], iso("2029-12-31")));
    // An AOC in force today that lapses on 2027-06-01, inside the window; then its successor.
    let mut lapsing = covered.clone();
    lapsing[2] = attestation(3, &["RDS"], aoc("2026-06-01"));
    let mut succeeded = lapsing.clone();
    succeeded.push(attestation(7, &["RDS"], aoc("2027-01-10")));
    let cases: Vec<VendorCase> = vec![
        (covered.clone(), &reviewed, "2027-01-15", vec![]),
        (
            lapsing.clone(),
            &reviewed,
            "2027-01-15",
            vec![GapKind::LapsesInWindow],
        ),
        (succeeded, &reviewed, "2027-01-15", vec![]),
        (
            lapsing,
            &reviewed,
            "2027-06-02",
            vec![GapKind::AocStale, GapKind::VendorReviewOverdue],
        ),
        (
            covered.clone(),
            &[],
            "2027-01-15",
            vec![GapKind::VendorReviewOverdue],
        ),
        (
            covered.clone(),
            &reviewed,
            "2027-02-02",
            vec![GapKind::VendorReviewOverdue],
        ),
        (
            vec![],
            &reviewed,
            "2027-01-15",
            vec![
                GapKind::Soc2WindowGap,
                GapKind::PhiWithoutBaa,
                GapKind::AocServiceMissing,
            ],
        ),
        (
            stale,
            &reviewed,
            "2027-01-15",
            vec![GapKind::Soc2Stale, GapKind::Soc2WindowGap],
        ),
        // a letter reaching 6 months counts for 3: April to June stay open
        (
            bridged,
            &reviewed,
            "2027-01-15",
            vec![GapKind::BridgeLetterLong, GapKind::Soc2WindowGap],
        ),
        // the older report is replaced; the newer one's letter leaves April to June open
        (
            replaced,
            &reviewed,
            "2027-01-15",
            vec![GapKind::Soc2WindowGap],
        ),
        (
            covered.clone(),
            &reviewed,
            "2027-07-02",
            vec![GapKind::AocStale, GapKind::VendorReviewOverdue],
        ),
        (expired, &reviewed, "2027-01-15", vec![GapKind::IsoExpired]),
        (renewed, &reviewed, "2027-01-15", vec![]),
    ];
    for (atts, reviews, today, want) in cases {
        let mut want = want;
        want.sort();
        assert_eq!(kinds(&atts, reviews, today), want, "{today} {atts:?}");
    }
    let mut undecided = rds.clone();
    undecided.layers[0].owner = Ownership::Undetermined;
    let gaps = vendor_gaps(
        &[undecided],
        &covered,
        &reviewed,
        window,
        BRIDGE_LETTER_MONTHS,
        d("2027-01-15"),
    );
    assert_eq!(gaps.len(), 1);
    assert!(matches!(
        gaps[0].link,
        GapLink::Layer {
            layer: Layer::Data,
            ..
        }
    ));
}

#[test]
fn reports_count_per_service_framework_and_kind() {
    let today = d("2026-12-01");
    let mut a = row(Ownership::Provider);
    a.service = Some("B".into());
    let mut b = row(Ownership::Customer);
    b.service = Some("A".into());
    let mut c = row(Ownership::NotApplicable);
    c.framework = Framework::Hipaa;
    let gaps: Vec<Gap> = [a, b, c]
        .iter()
        .flat_map(|r| row_gaps(r, None, today))
        .collect();
    let report = GapReport::new(today, gaps);
    assert_eq!(report.gaps[0].severity, Severity::Medium);
    assert_eq!(report.gaps.last().map(|g| g.severity), Some(Severity::Low));
    let keys: Vec<(&str, u32)> = report
        .by_framework
        .iter()
        .map(|c| (c.key.as_str(), c.total))
        .collect();
    assert_eq!(keys, [("hipaa", 1), ("soc2", 2)]);
    assert_eq!(report.by_service.len(), 3);
    let json = serde_json::to_value(&report.gaps[0]).unwrap();
    assert_eq!(json["kind"], "customer_no_evidence");
    assert_eq!(json["link"]["to"], "row");
    for k in GapKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.id());
    }
}

#[test]
fn what_a_document_says_it_covers() {
    for (control, listed, within) in [
        ("6.4.3", "6", true),
        ("6.4.3", "6.4", true),
        ("6.4.3", "6.4.3", true),
        ("6.4.3", "6.4.1", false),
        ("6.4.30", "6.4.3", false),
        ("10.2.1", "1", false),
        ("A1.1.1", "a1", true),
    ] {
        assert_eq!(
            requirement_within(control, listed),
            within,
            "{control} {listed}"
        );
    }
    for (text, ok) in [
        ("3", true),
        ("12.8.5", true),
        ("A3.2.2", true),
        ("13", false),
        ("6.4.x", false),
        ("", false),
        ("A4", false),
        ("06", false),
    ] {
        assert_eq!(is_pci_requirement(text), ok, "{text:?}");
    }
    assert_eq!(criterion_category("CC6.1"), Some(TrustCategory::Security));
    assert_eq!(
        criterion_category("PI1.1"),
        Some(TrustCategory::ProcessingIntegrity)
    );
    assert_eq!(criterion_category("P4.3"), Some(TrustCategory::Privacy));
    assert_eq!(bridge_letter_limit(d("2026-09-30"), 3), d("2026-12-31"));
    assert_eq!(bridge_letter_limit(d("2026-09-15"), 3), d("2026-12-15"));
    assert_eq!(bridge_letter_limit(d("2026-11-30"), 3), d("2027-02-28"));
    let old: Cuec = serde_json::from_str(r#""Customers rotate keys""#).unwrap();
    assert_eq!(old, Cuec::new("Customers rotate keys"));
}

#[test]
fn engagement_gaps_name_providers_and_skip_frameworks_out_of_scope() {
    let mut engagement = Engagement::new("Acme");
    engagement.frameworks = vec![Framework::Soc2];
    let rds = service("RDS", &[], &[Framework::Soc2, Framework::PciDss]);
    let report = engagement_gaps(
        &engagement,
        vec![rds],
        &[row(Ownership::Undetermined)],
        &[],
        &[],
        BRIDGE_LETTER_MONTHS,
        d("2026-03-01"),
    );
    let undecided = report
        .gaps
        .iter()
        .find(|g| g.kind == GapKind::UndeterminedControl)
        .expect("the undecided row is a gap");
    assert_eq!(undecided.provider.as_deref(), Some("AWS"));
    assert!(
        !report
            .gaps
            .iter()
            .any(|g| g.framework == Some(Framework::PciDss)),
        "PCI DSS is not in the engagement's scope"
    );

    engagement.frameworks.push(Framework::PciDss);
    let rds = service("RDS", &[], &[Framework::Soc2, Framework::PciDss]);
    let report = engagement_gaps(
        &engagement,
        vec![rds],
        &[],
        &[],
        &[],
        BRIDGE_LETTER_MONTHS,
        d("2026-03-01"),
    );
    assert!(report
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::AocServiceMissing));
}

#[test]
fn a_bridge_letter_stating_an_end_past_its_date_is_refused_when_recorded_and_read_to_its_date() {
    let mut r = soc2("2025-10-01", "2026-09-30", None);
    r.bridge_letter = Some(BridgeLetter {
        date: d("2026-12-01"),
        covers_to: d("2026-12-31"),
    });
    let letter = r.bridge_letter.clone().unwrap();
    assert!(letter.overstated());
    assert_eq!(letter.ends(), d("2026-12-01"));
    let details = AttestationDetails::Soc2(r.clone());
    // An older file's letter still reads (validate), but is not recorded anew (check).
    assert!(details.validate().is_ok());
    let refused = details
        .check(Plausibility::on(d("2026-12-15")))
        .unwrap_err();
    assert_eq!(refused.field, "bridge_letter");
    assert_eq!(soc2_coverage(&r, BRIDGE_LETTER_MONTHS).1, d("2026-12-01"));
    assert!(!bridge_letter_too_long(&r));
}

#[test]
fn the_hipaa_physical_safeguards_rest_on_the_soc2_criteria_a_carve_out_names() {
    assert_eq!(carve_out_criterion(Framework::Soc2, "CC6.4"), Some("CC6.4"));
    assert_eq!(
        carve_out_criterion(Framework::Hipaa, "164.310(a)(2)(iii)"),
        Some("CC6.4")
    );
    assert_eq!(
        carve_out_criterion(Framework::Hipaa, "164.310(a)(2)(i)"),
        Some("A1.2")
    );
    assert_eq!(
        carve_out_criterion(Framework::Hipaa, "164.310(d)(2)(ii)"),
        Some("CC6.5")
    );
    assert_eq!(carve_out_criterion(Framework::Hipaa, "164.312(b)"), None);
    assert_eq!(carve_out_criterion(Framework::PciDss, "9.2.1"), None);
    // Every mapped criterion is a SOC 2 criterion.
    for (_, _, criterion) in carve_out_mapping() {
        assert!(criterion_category(criterion).is_some(), "{criterion}");
    }
    let mut r = soc2("2026-01-01", "2026-12-31", None);
    r.carved_out_criteria = vec!["CC6.4".into()];
    let a = attestation(1, &["EC2"], AttestationDetails::Soc2(r));
    assert_eq!(
        a.carved_out_criterion(Framework::Hipaa, "164.310(a)(1)"),
        Some("CC6.4")
    );
    assert!(!a.carves_out(Framework::Hipaa, "164.310(a)(2)(i)"));
}

#[test]
fn an_assessment_needs_an_impact_statement() {
    let a = |impact: Option<&str>, response: Option<&str>| ExceptionAssessment {
        impact: impact.map(String::from),
        response: response.map(String::from),
    };
    for bad in [
        a(None, Some("checked")),
        a(Some("  "), Some("checked")),
        a(Some("None"), None),
        a(Some("no impact at"), Some("checked")),
    ] {
        assert_eq!(bad.validate().unwrap_err().field, "impact", "{bad:?}");
    }
    for good in [
        a(None, None),
        a(Some("Low: our own single sign-on removes leavers"), None),
        a(
            Some("Low: our own single sign-on removes leavers"),
            Some("checked"),
        ),
    ] {
        assert!(good.validate().is_ok(), "{good:?}");
    }
}

/// 12.8.5: a row the TPSP runs stays "TPSP" whatever its AOC; without a current AOC covering
/// the service it is not validated, and the words say what the entity must do.
#[test]
fn a_tpsp_row_without_a_covering_aoc_is_the_tpsps_and_not_validated() {
    let today = d("2026-12-15");
    let all = vec![
        attestation(1, &["EC2"], aoc("2026-08-14")),
        attestation(2, &["Entra ID"], aoc("2025-09-30")),
    ];
    let pci = |service: &str, owner: Ownership| {
        let mut r = row(owner);
        r.service = Some(service.into());
        r.framework = Framework::PciDss;
        r.control_id = "1.2.1".into();
        apply_attestations(&mut r, &all, today);
        r
    };
    let ec2 = pci("EC2", Ownership::Provider);
    assert_eq!(ec2.owner, Ownership::Inherited);
    assert_eq!(pci_term(ec2.owner), "TPSP");
    let v = tpsp_validation(&ec2, "AWS", &all, today).unwrap();
    assert!(v.is_validated(), "{v:?}");
    for (service, why) in [
        ("Entra ID", "stale AOC: AWS PCI DSS 4.0.1 AOC 2025-09-30"),
        (
            "EKS",
            "AOC does not list EKS (AWS PCI DSS 4.0.1 AOC 2026-08-14)",
        ),
    ] {
        for owner in [Ownership::Provider, Ownership::Shared] {
            let r = pci(service, owner);
            assert_eq!(pci_term(r.owner), pci_term(owner), "{service}");
            let v = tpsp_validation(&r, "AWS", &all, today).unwrap();
            assert_eq!(v, TpspValidation::NotValidated(why.into()));
            assert!(v.words().starts_with("Not validated ("), "{}", v.words());
            assert!(v.words().contains("current AOC that covers the service"));
            assert!(v.words().contains("its own assessment"));
        }
    }
    assert_eq!(
        tpsp_validation(&pci("EKS", Ownership::Customer), "AWS", &all, today),
        None
    );
    let heading = tpsp_heading(&all, "AWS", &["EC2", "EKS"], today);
    assert!(
        heading.starts_with("Validated: EC2 by AWS PCI DSS"),
        "{heading}"
    );
    assert!(
        heading.contains("Not validated: EKS (AOC does not list EKS"),
        "{heading}"
    );
    assert!(
        heading.ends_with("AWS's PCI DSS compliance does not cover it"),
        "{heading}"
    );
}
