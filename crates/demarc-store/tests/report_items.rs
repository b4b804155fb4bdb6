//! What a vendor's SOC 2 report lists, as auditors use it: CUECs once per report, mapped to the
//! client's criteria; a report with none recorded questioned; exceptions recorded and assessed;
//! the client's CSOCs per provider; and the CUEC decisions of an older file kept.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use demarc_core::{
    AttestationDetails, Cuec, CuecMapping, Engagement, ExceptionAssessment, Framework, Gap,
    GapKind, MatrixFilter, MatrixRow, NewAttestation, NewCsoc, NewService, Opinion, Ownership,
    ReportException, Sensitivity, ServiceModel, Soc2Report, Soc2Type, Subject, SubserviceMethod,
    TrustCategory,
};
use demarc_store::{EngagementFile, StoreError};

const WHO: &str = "test";
const ON: &str = "2026-11-20";
const SERVICES: [&str; 3] = ["EC2", "RDS", "S3"];

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northwind.demarc");
    (dir, path)
}

/// SOC 2 in scope, three AWS services.
fn northwind(path: &Path) -> EngagementFile {
    let mut e = Engagement::new("Northwind");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(path, &e).unwrap();
    for (name, model) in
        SERVICES
            .into_iter()
            .zip([ServiceModel::Iaas, ServiceModel::Paas, ServiceModel::Paas])
    {
        file.add_service(
            &NewService {
                name: name.into(),
                provider: "AWS".into(),
                model,
                sensitivity: Sensitivity::High,
                data_types: Vec::new(),
                frameworks: vec![Framework::Soc2],
            },
            WHO,
        )
        .unwrap();
    }
    file
}

fn report(cuecs: &[&str], exceptions: &[&str]) -> NewAttestation {
    NewAttestation {
        provider: "AWS".into(),
        services: SERVICES.iter().map(|s| s.to_string()).collect(),
        details: AttestationDetails::Soc2(Soc2Report {
            report_type: Soc2Type::Type2,
            period_start: d("2025-10-01"),
            period_end: d("2026-09-30"),
            issued: Some(d("2026-11-15")),
            auditor: "Ernst & Young LLP".into(),
            categories: vec![TrustCategory::Security],
            opinion: Opinion::Unqualified,
            exceptions_noted: !exceptions.is_empty(),
            exceptions: exceptions
                .iter()
                .map(|x| ReportException {
                    description: x.to_string(),
                    impact: None,
                    response: None,
                })
                .collect(),
            subservice_method: SubserviceMethod::CarveOut,
            subservice_organizations: Vec::new(),
            carved_out_criteria: Vec::new(),
            cuecs: cuecs.iter().map(|c| Cuec::new(*c)).collect(),
            no_cuecs: false,
            bridge_letter: None,
            reference: "AWS Artifact".into(),
        }),
        outside_scope: Vec::new(),
    }
}

fn gaps_of(file: &EngagementFile, kind: GapKind) -> Vec<Gap> {
    file.gaps(d(ON))
        .unwrap()
        .gaps
        .into_iter()
        .filter(|g| g.kind == kind)
        .collect()
}

fn soc2_rows(file: &EngagementFile) -> Vec<MatrixRow> {
    file.matrix_on(
        &MatrixFilter {
            service: None,
            framework: Some(Framework::Soc2),
            scope: None,
        },
        d(ON),
    )
    .unwrap()
}

fn refusal(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn cuecs_belong_to_their_report_once_and_map_to_the_clients_criteria() {
    let (_dir, path) = temp();
    let mut file = northwind(&path);
    let rows_before = soc2_rows(&file).len();
    let a = file
        .add_attestation(
            &report(
                &[
                    "Customers manage access to their accounts, including MFA",
                    "Customers restrict physical access to their own offices",
                ],
                &[],
            ),
            WHO,
        )
        .unwrap();
    // No row per CUEC and service: two CUECs of a report covering three services are two
    // things to do, not six.
    assert_eq!(soc2_rows(&file).len(), rows_before);
    let unmapped = gaps_of(&file, GapKind::CuecUnmapped);
    assert_eq!(unmapped.len(), 2);
    assert!(unmapped
        .iter()
        .all(|g| g.service.is_none() && g.provider.as_deref() == Some("AWS")));

    let mapping = CuecMapping {
        criteria: vec!["cc6.1".into(), "CC6.4".into()],
        owner: None,
        evidence: None,
    };
    let mapped = file.map_cuec(a.id, 1, &mapping, WHO).unwrap();
    let AttestationDetails::Soc2(r) = &mapped.details else {
        panic!()
    };
    assert_eq!(r.cuecs[0].criteria, ["CC6.1", "CC6.4"]);
    // Each service's CC6.1 and CC6.4 rows carry it as the customer's part.
    for service in SERVICES {
        for control in ["CC6.1", "CC6.4"] {
            let row = soc2_rows(&file)
                .into_iter()
                .find(|r| r.service.as_deref() == Some(service) && r.control_id == control)
                .unwrap();
            assert_eq!(row.cuecs.len(), 1, "{service} {control}");
            assert_eq!(row.cuecs[0].number, 1);
            assert_ne!(row.owner, Ownership::Inherited, "{service} {control}");
        }
    }
    // CC6.4 is physical access, the provider's: with the customer's part it is shared, and the
    // CUEC describes that part (no "shared without the customer's part" gap on it).
    let cc64: Vec<MatrixRow> = soc2_rows(&file)
        .into_iter()
        .filter(|r| r.control_id == "CC6.4")
        .collect();
    assert!(cc64.iter().all(|r| r.owner == Ownership::Shared));
    assert!(!file
        .gaps(d(ON))
        .unwrap()
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::SharedNoCustomerPart && g.control.as_deref() == Some("CC6.4")));
    // What is still missing on the CUEC is one gap each, on the report.
    assert_eq!(gaps_of(&file, GapKind::CuecUnmapped).len(), 1);
    assert_eq!(gaps_of(&file, GapKind::CuecNoOwner).len(), 1);
    assert_eq!(gaps_of(&file, GapKind::CuecNoEvidence).len(), 1);
    file.map_cuec(
        a.id,
        1,
        &CuecMapping {
            owner: Some("Marcus Oyelaran".into()),
            evidence: Some("binder / CUEC 1".into()),
            ..mapping
        },
        WHO,
    )
    .unwrap();
    assert!(gaps_of(&file, GapKind::CuecNoOwner).is_empty());
    assert!(gaps_of(&file, GapKind::CuecNoEvidence).is_empty());

    // Refusals name the field and change nothing.
    let bad = |criteria: &[&str]| CuecMapping {
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        ..CuecMapping::default()
    };
    assert_eq!(
        refusal(file.map_cuec(a.id, 2, &bad(&["CC99.1"]), WHO).unwrap_err()),
        "criteria"
    );
    assert_eq!(
        refusal(file.map_cuec(a.id, 3, &bad(&["CC6.1"]), WHO).unwrap_err()),
        "number"
    );
    assert_eq!(gaps_of(&file, GapKind::CuecUnmapped).len(), 1);

    // Logged on the report and undone in one step.
    let last = file.decisions().unwrap().pop().unwrap();
    assert!(
        matches!(last.about, Subject::Attestation { attestation_id, .. } if attestation_id == a.id)
    );
    assert!(last.new_value.unwrap().contains("Marcus Oyelaran"));
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(gaps_of(&file, GapKind::CuecNoOwner).len(), 1);
}

#[test]
fn a_report_with_no_cuecs_recorded_asks_whether_it_has_none() {
    let (_dir, path) = temp();
    let mut file = northwind(&path);
    let a = file.add_attestation(&report(&[], &[]), WHO).unwrap();
    let asked = gaps_of(&file, GapKind::CuecsUnconfirmed);
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0].message.contains("really list none"),
        "{}",
        asked[0].message
    );
    file.confirm_no_cuecs(a.id, WHO).unwrap();
    assert!(gaps_of(&file, GapKind::CuecsUnconfirmed).is_empty());

    let b = file
        .add_attestation(&report(&["Customers rotate keys"], &[]), WHO)
        .unwrap();
    assert_eq!(
        refusal(file.confirm_no_cuecs(b.id, WHO).unwrap_err()),
        "cuecs"
    );
}

#[test]
fn exceptions_noted_are_recorded_and_each_assessed() {
    let (_dir, path) = temp();
    let mut file = northwind(&path);
    let mut noted = report(&["Customers rotate keys"], &[]);
    if let AttestationDetails::Soc2(r) = &mut noted.details {
        r.exceptions_noted = true;
    }
    let a = file.add_attestation(&noted, WHO).unwrap();
    assert_eq!(gaps_of(&file, GapKind::ExceptionsUnrecorded).len(), 1);

    file.add_exception(a.id, "CC6.2: 2 of 40 leavers kept access beyond a day", WHO)
        .unwrap();
    assert!(gaps_of(&file, GapKind::ExceptionsUnrecorded).is_empty());
    let open = gaps_of(&file, GapKind::ExceptionUnassessed);
    assert_eq!(open.len(), 1);
    assert!(
        open[0].message.contains("2 of 40 leavers"),
        "{}",
        open[0].message
    );

    let half = ExceptionAssessment {
        impact: Some("None: our access goes through single sign-on".into()),
        response: None,
    };
    file.assess_exception(a.id, 1, &half, WHO).unwrap();
    assert_eq!(gaps_of(&file, GapKind::ExceptionUnassessed).len(), 1);
    file.assess_exception(
        a.id,
        1,
        &ExceptionAssessment {
            response: Some("Checked our leaver log for the period".into()),
            ..half
        },
        WHO,
    )
    .unwrap();
    assert!(gaps_of(&file, GapKind::ExceptionUnassessed).is_empty());
    assert_eq!(
        refusal(
            file.assess_exception(a.id, 2, &ExceptionAssessment::default(), WHO)
                .unwrap_err()
        ),
        "number"
    );

    // Exceptions recorded on a report that notes none are refused.
    let mut contradictory = report(&[], &["CC7.2: a review was late"]);
    if let AttestationDetails::Soc2(r) = &mut contradictory.details {
        r.exceptions_noted = false;
    }
    assert_eq!(
        refusal(file.add_attestation(&contradictory, WHO).unwrap_err()),
        "exceptions"
    );
}

#[test]
fn the_clients_csocs_are_listed_per_provider() {
    let (_dir, path) = temp();
    let mut file = northwind(&path);
    let csoc = |provider: &str, text: &str, criteria: &[&str]| NewCsoc {
        provider: provider.into(),
        text: text.into(),
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
    };
    let added = file
        .add_csoc(
            &csoc(
                "aws",
                "AWS restricts physical access to its data centers",
                &["cc6.4"],
            ),
            WHO,
        )
        .unwrap();
    assert_eq!(
        (added.provider.as_str(), added.criteria.as_slice()),
        ("AWS", &["CC6.4".to_string()][..])
    );
    assert_eq!(file.csocs().unwrap(), std::slice::from_ref(&added));
    assert_eq!(
        refusal(file.add_csoc(&csoc("Oracle", "x", &[]), WHO).unwrap_err()),
        "provider"
    );
    assert_eq!(
        refusal(file.add_csoc(&csoc("AWS", " ", &[]), WHO).unwrap_err()),
        "text"
    );
    assert_eq!(
        refusal(file.add_csoc(&csoc("AWS", "x", &["Z9"]), WHO).unwrap_err()),
        "criteria"
    );
    assert_eq!(
        refusal(file.remove_csoc(added.id, " ", WHO).unwrap_err()),
        "reason"
    );
    file.remove_csoc(added.id, "covered by the new subservice section", WHO)
        .unwrap();
    assert!(file.csocs().unwrap().is_empty());
    let log = file.decisions().unwrap();
    let about: Vec<_> = log
        .iter()
        .filter(|d| matches!(d.about, Subject::Csoc { .. }))
        .collect();
    assert_eq!(about.len(), 2);
    assert_eq!(
        about[1].reason.as_deref(),
        Some("covered by the new subservice section")
    );
}

#[test]
fn an_older_file_keeps_what_its_per_service_cuec_rows_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northwind.demarc");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v5.demarc"),
        &path,
    )
    .unwrap();
    let file = EngagementFile::open(&path).unwrap();
    let aws = file
        .attestations()
        .unwrap()
        .into_iter()
        .find(|a| a.provider == "AWS" && matches!(a.details, AttestationDetails::Soc2(_)))
        .unwrap();
    let AttestationDetails::Soc2(r) = &aws.details else {
        panic!()
    };
    assert_eq!(r.cuecs.len(), 3);
    // The person named on EC2's row of the first CUEC is now the CUEC's owner.
    assert_eq!(r.cuecs[0].owner.as_deref(), Some("Marcus Oyelaran"));
    assert!(r.cuecs.iter().all(|c| c.criteria.is_empty()));
    assert!(!file
        .matrix(&MatrixFilter::default())
        .unwrap()
        .iter()
        .any(|r| r.control_id.starts_with("CUEC-")));
}
