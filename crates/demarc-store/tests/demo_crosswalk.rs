//! The demo engagement shows the crosswalk trail on first start: Microsoft's real Azure Storage
//! security baseline (shipped with the app) imported for the backup store through the path a
//! user's import takes, its rows reaching the demo's NIST CSF 2.0 rows through the bundled
//! crosswalks as suggestions, two of them accepted as overrides that cite their trail.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use demarc_catalogs::shipped_matrices;
use demarc_core::crosswalk::{IdSpace, Step};
use demarc_core::{Framework, MatrixFilter, MatrixRow, OwnerSource, Ownership, Subject};
use demarc_store::{write_demo, EngagementFile};
use tempfile::TempDir;

const STORE: &str = "Azure Blob Storage";

fn demo() -> (TempDir, EngagementFile) {
    let dir = TempDir::new().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

fn csf_rows(file: &EngagementFile) -> Vec<MatrixRow> {
    file.matrix(&MatrixFilter {
        service: Some(STORE.into()),
        framework: Some(Framework::NistCsf),
        scope: None,
    })
    .unwrap()
}

#[test]
fn the_demo_imports_the_shipped_matrix_as_a_user_import_stores_it() {
    let (_dir, file) = demo();
    let shipped = &shipped_matrices()[0];
    assert_eq!(
        file.matrix_sha256("Microsoft", 1).unwrap().as_deref(),
        Some(shipped.origin.sha256.as_str())
    );
    let imported = file.decisions().unwrap().into_iter().find(|d| {
        matches!(&d.about, Subject::ProviderMatrix { provider, version }
            if provider == "Microsoft" && *version == 1)
    });
    let imported = imported.expect("the import is in the decision log");
    assert!(
        imported
            .new_value
            .as_deref()
            .unwrap()
            .contains(&shipped.origin.sha256),
        "{imported:?}"
    );
    // Every suggestion's row is a row of the shipped file, with its label and the provider's
    // own words kept.
    let rows = csf_rows(&file);
    let trail = rows
        .iter()
        .flat_map(|r| r.crosswalk.iter())
        .flat_map(|c| &c.suggestions)
        .next()
        .expect("a suggestion");
    let source = &trail.row.source;
    assert_eq!(source.file, shipped.origin.file);
    assert_eq!((source.provider.as_str(), source.version), ("Microsoft", 1));
    assert_eq!(source.sheet, "Feature Summary");
    assert_eq!(source.columns, ["E"]);
    let stored = file.provider_row(source).unwrap();
    let original = shipped.matrix.tables[0]
        .rows
        .iter()
        .find(|r| r.row == source.row)
        .unwrap();
    assert_eq!(stored.label, original.ownership[0].original);
    assert_eq!(stored.customer_narrative, original.customer_narrative);
    assert!(stored.customer_narrative.is_some());
}

#[test]
fn the_shipped_rows_reach_csf_rows_as_suggestions_with_their_trail() {
    let (_dir, file) = demo();
    let rows = csf_rows(&file);
    let suggested: Vec<&MatrixRow> = rows
        .iter()
        .filter(|r| r.source != OwnerSource::Override)
        .filter(|r| r.crosswalk.as_ref().is_some_and(|c| c.suggested.is_some()))
        .collect();
    assert!(suggested.len() >= 20, "{} rows suggested", suggested.len());
    for r in &suggested {
        let reach = r.crosswalk.as_ref().unwrap();
        // Every bundled mapping between two frameworks only suggests: nothing decided alone.
        assert!(reach.decided.is_none(), "{}", r.control_id);
        assert_ne!(r.source, OwnerSource::Crosswalk);
        let t = &reach.suggestions[0];
        assert_eq!(t.row.space, IdSpace::AzureSecurityBenchmark3);
        assert_eq!(t.target, r.control_id);
        assert!(t.depth <= 2);
        assert!(t.text().contains("Microsoft "), "{}", t.text());
    }
    // The Azure Security Benchmark to SP 800-53 Rev 4 to Rev 5 to CSF 2.0 chain is followed.
    let through_800_53 = suggested.iter().flat_map(|r| {
        let c = r.crosswalk.as_ref().unwrap();
        c.suggestions.iter()
    });
    let spaces = |t: &demarc_core::crosswalk::Trail| -> Vec<IdSpace> {
        t.steps
            .iter()
            .filter_map(|s| match s {
                Step::Crosswalk { to_space, .. } => Some(to_space.clone()),
                Step::Parent { .. } => None,
            })
            .collect()
    };
    assert!(
        through_800_53.clone().any(|t| spaces(t)
            == [
                IdSpace::Nist80053R4,
                IdSpace::Nist80053R5,
                IdSpace::NistCsf2
            ]),
        "no trail through SP 800-53 Rev 4 and Rev 5"
    );
    // Other services of the demo have no provider matrix: nothing reaches them.
    let s3 = file
        .matrix(&MatrixFilter {
            service: Some("Amazon S3".into()),
            framework: Some(Framework::NistCsf),
            scope: None,
        })
        .unwrap();
    assert!(s3.iter().all(|r| r.crosswalk.is_none()));
}

#[test]
fn two_suggestions_are_accepted_as_overrides_citing_the_trail() {
    let (_dir, mut file) = demo();
    let rows = csf_rows(&file);
    let accepted: Vec<&MatrixRow> = rows
        .iter()
        .filter(|r| r.source == OwnerSource::Override)
        .collect();
    let ids: Vec<(&str, Ownership)> = accepted
        .iter()
        .map(|r| (r.control_id.as_str(), r.owner))
        .collect();
    assert_eq!(
        ids,
        [
            ("PR.DS-01", Ownership::Shared),
            ("PR.DS-11", Ownership::Customer)
        ]
    );
    for r in &accepted {
        let reason = r.reason.as_deref().unwrap();
        assert!(
            reason.starts_with("crosswalk suggestion accepted: "),
            "{reason}"
        );
        // It cites a Microsoft row that says an owner, never one set aside.
        assert!(reason.contains("Microsoft BR-1 'Customer' (Feature Summary, row 9)"));
        assert!(!reason.contains("'Not Applicable'"), "{reason}");
        let suggested = r.crosswalk.as_ref().unwrap().suggested.as_ref().unwrap();
        assert_eq!(suggested.owner, r.owner);
    }
    // Logged as the consultant's decisions about those rows, each one undo step.
    let store = file.service_id(STORE).unwrap();
    let logged: Vec<(i64, String)> = file
        .decisions()
        .unwrap()
        .into_iter()
        .filter_map(|d| match d.about {
            Subject::Control {
                service_id,
                framework,
                control_id,
                ..
            } if service_id == store && framework == Framework::NistCsf => Some((d.id, control_id)),
            _ => None,
        })
        .collect();
    assert_eq!(logged.len(), 2, "{logged:?}");
    let (id, _) = logged.iter().find(|(_, c)| c == "PR.DS-11").unwrap();
    file.revert_decision(*id, "test", "test").unwrap();
    let row = |file: &EngagementFile, control: &str| {
        csf_rows(file)
            .into_iter()
            .find(|r| r.control_id == control)
            .unwrap()
    };
    let pr_ds_11 = row(&file, "PR.DS-11");
    assert_ne!(
        pr_ds_11.source,
        OwnerSource::Override,
        "reverted in one step"
    );
    assert_eq!(
        pr_ds_11
            .crosswalk
            .as_ref()
            .unwrap()
            .suggested
            .as_ref()
            .unwrap()
            .owner,
        Ownership::Customer,
        "the suggestion is offered again"
    );
    assert_eq!(row(&file, "PR.DS-01").source, OwnerSource::Override);
}

#[test]
fn coverage_counts_the_csf_controls_the_shipped_matrix_reaches() {
    let (_dir, file) = demo();
    let coverage = file.crosswalk_coverage().unwrap();
    let csf = coverage
        .iter()
        .find(|c| c.framework == Framework::NistCsf)
        .expect("NIST CSF in scope of the demo");
    assert!(csf.suggestion > 0, "{csf:?}");
    assert_eq!(
        csf.controls,
        csf.direct + csf.crosswalk + csf.suggestion + csf.none + csf.entity
    );
    // The other frameworks have no mapping from the Azure Security Benchmark.
    for c in coverage
        .iter()
        .filter(|c| c.framework != Framework::NistCsf)
    {
        assert_eq!(c.suggestion + c.crosswalk + c.direct, 0, "{c:?}");
    }
}

/// The import's report counts the rows its suggestions reach, so a matrix that only suggests
/// does not read as reaching nothing.
#[test]
fn importing_the_shipped_matrix_again_reports_the_rows_it_suggests_for() {
    let (_dir, mut file) = demo();
    let shipped = &shipped_matrices()[0];
    let request = demarc_store::MatrixImport {
        provider: shipped.provider.clone(),
        services: vec![STORE.into()],
        ..demarc_store::MatrixImport::default()
    };
    let report = file
        .import_matrix(shipped.matrix.clone(), &request, "test")
        .unwrap();
    assert_eq!(report.matrix_rows, 0, "no CSF ID in an Azure baseline");
    assert_eq!(report.crosswalk_rows, 0, "no bundled mapping is strong");
    let offered = csf_rows(&file)
        .iter()
        .filter(|r| r.source != OwnerSource::Crosswalk)
        .filter(|r| r.crosswalk.as_ref().is_some_and(|c| c.suggested.is_some()))
        .count();
    assert!(offered > 0);
    assert_eq!(report.suggested_rows, offered);
}
