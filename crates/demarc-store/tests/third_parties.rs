//! CAIQ's third-party classes on the engagement file: a row the provider outsources to a third
//! party (a subservice organisation) is inherited only under a report that includes it or the
//! third party's own attestation; otherwise a gap says which.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::NaiveDate;
use demarc_core::{
    AttestationDetails, Engagement, Framework, Gap, GapKind, MatrixFilter, MatrixRow,
    NewAttestation, NewService, Opinion, Ownership, Sensitivity, ServiceModel, Soc2Report,
    Soc2Type, SubserviceMethod, ThirdParty, TrustCategory,
};
use demarc_import::{read_matrix, ReadOptions};
use demarc_store::{EngagementFile, MatrixImport};

const WHO: &str = "test";
const SERVICE: &str = "Acme Storage";

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-09-01")
}

/// A SOC 2 engagement with one service of Acme and Acme's CAIQ imported: CC6.1 Acme's own,
/// CC6.4 outsourced, CC6.5 shared with a third party, CC6.6 the customer's.
fn engagement(dir: &tempfile::TempDir) -> EngagementFile {
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(&dir.path().join("client.demarc"), &e).unwrap();
    file.add_service(
        &NewService {
            name: SERVICE.into(),
            provider: "Acme".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks: vec![Framework::Soc2],
        },
        WHO,
    )
    .unwrap();
    let caiq = dir.path().join("acme-caiq.csv");
    std::fs::write(
        &caiq,
        "Question ID,CSP CAIQ Answer,SSRM Control Ownership\n\
         CC6.1,Yes,CSP-owned\n\
         CC6.4,Yes,3rd-party outsourced\n\
         CC6.5,Yes,Shared CSP and 3rd-party\n\
         CC6.6,Yes,CSC-owned\n",
    )
    .unwrap();
    let matrix = read_matrix(&caiq, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "Acme".into(),
        ..MatrixImport::default()
    };
    let report = file.import_matrix(matrix, &request, WHO).unwrap();
    assert_eq!(report.tables[0].normalized_counts[&Ownership::Provider], 3);
    file
}

fn soc2(provider: &str, method: SubserviceMethod, organisations: &[&str]) -> NewAttestation {
    NewAttestation {
        provider: provider.into(),
        services: vec![SERVICE.into()],
        details: AttestationDetails::Soc2(Soc2Report {
            report_type: Soc2Type::Type2,
            period_start: d("2025-07-01"),
            period_end: d("2026-06-30"),
            issued: None,
            auditor: "Auditors LLP".into(),
            categories: vec![TrustCategory::Security],
            opinion: Opinion::Unqualified,
            exceptions_noted: false,
            subservice_method: method,
            subservice_organizations: organisations.iter().map(|o| o.to_string()).collect(),
            carved_out_criteria: Vec::new(),
            cuecs: Vec::new(),
            no_cuecs: true,
            exceptions: Vec::new(),
            bridge_letter: None,
            reference: "vendor portal".into(),
        }),
        outside_scope: Vec::new(),
    }
}

fn row(file: &EngagementFile, control: &str) -> MatrixRow {
    file.matrix_on(
        &MatrixFilter {
            service: Some(SERVICE.into()),
            framework: Some(Framework::Soc2),
            scope: None,
        },
        today(),
    )
    .unwrap()
    .into_iter()
    .find(|r| r.control_id == control)
    .unwrap_or_else(|| panic!("no row {control}"))
}

fn row_gaps(file: &EngagementFile, control: &str) -> Vec<Gap> {
    file.gaps(today())
        .unwrap()
        .gaps
        .into_iter()
        .filter(|g| g.control.as_deref() == Some(control) && g.service.as_deref() == Some(SERVICE))
        .collect()
}

#[test]
fn a_carved_out_third_party_keeps_its_rows_the_provider_s_and_the_gap_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = engagement(&dir);

    // No report yet: provider's, and the gap says a third party does it.
    let outsourced = row(&file, "CC6.4");
    assert_eq!(
        (outsourced.owner, outsourced.third_party),
        (Ownership::Provider, Some(ThirdParty::Outsourced))
    );
    let gaps = row_gaps(&file, "CC6.4");
    assert_eq!(gaps[0].kind, GapKind::ProviderUnattested);
    assert!(
        gaps[0].message.contains("outsourced to a third party"),
        "{}",
        gaps[0].message
    );

    // Acme's report carves Equinix out: Acme's own row is inherited, the third party's are not.
    file.add_attestation(&soc2("Acme", SubserviceMethod::CarveOut, &["Equinix"]), WHO)
        .unwrap();
    assert_eq!(row(&file, "CC6.1").owner, Ownership::Inherited);
    for control in ["CC6.4", "CC6.5"] {
        let r = row(&file, control);
        assert_eq!(r.owner, Ownership::Provider, "{control}");
        assert!(
            r.carved_out.as_deref().unwrap().contains("(Equinix)"),
            "{r:?}"
        );
        let gaps = row_gaps(&file, control);
        assert_eq!(gaps.len(), 1, "{gaps:#?}");
        assert_eq!(gaps[0].kind, GapKind::ThirdPartyCarvedOut);
        assert!(
            gaps[0]
                .message
                .contains("carves out its subservice organisations (Equinix)"),
            "{}",
            gaps[0].message
        );
    }
    assert!(row_gaps(&file, "CC6.5")[0]
        .message
        .starts_with("shared between the provider and a third party"));

    // A third party's report may cover the service only once Acme's report names it.
    let err = file
        .add_attestation(
            &soc2("Digital Realty", SubserviceMethod::CarveOut, &[]),
            WHO,
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("names Digital Realty among its subservice organisations"),
        "{err}"
    );

    // The third party's own report, covering the service: inherited through it.
    let equinix = file
        .add_attestation(&soc2("Equinix", SubserviceMethod::CarveOut, &[]), WHO)
        .unwrap();
    for control in ["CC6.4", "CC6.5"] {
        let r = row(&file, control);
        assert_eq!(r.owner, Ownership::Inherited, "{control}");
        assert!(r.attestation.unwrap().label.starts_with("Equinix SOC 2"));
        assert_eq!(r.carved_out, None);
        assert!(row_gaps(&file, control).is_empty());
    }

    // Without it, an inclusive report of Acme speaks for the third party too.
    file.delete_attestation(equinix.id, "replaced by Acme's inclusive report", WHO)
        .unwrap();
    let acme = file.attestations().unwrap()[0].id;
    file.update_attestation(
        acme,
        &soc2("Acme", SubserviceMethod::Inclusive, &["Equinix"]),
        WHO,
    )
    .unwrap();
    let r = row(&file, "CC6.4");
    assert_eq!(r.owner, Ownership::Inherited);
    assert!(r.attestation.unwrap().label.starts_with("Acme SOC 2"));
    assert!(!file
        .gaps(today())
        .unwrap()
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::ThirdPartyCarvedOut));
}
