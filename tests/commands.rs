//! The desktop shell's commands without a window: the same state the UI drives, on a real
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails
//! engagement file in a temporary data folder.

use std::path::Path;

use demarc_app::{AppState, ErrorCode, ExistingFiles, LabelToMap};
use demarc_core::{
    Framework, Layer, MatrixFilter, MatrixRow, NewEvidence, OwnerSource, Ownership, RowKey,
};
use demarc_import::ColumnRole;
use demarc_store::MatrixImport;

fn start(data_dir: &Path) -> AppState {
    AppState::start(data_dir, None).expect("the app starts")
}

#[test]
fn first_start_opens_the_demo_and_a_restart_reopens_it_with_changes() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let opened = state.current().unwrap();
    assert!(opened.path.ends_with("demo.demarc"), "{}", opened.path);
    let ec2 = opened
        .view
        .services
        .iter()
        .find(|s| s.name == "Amazon EC2")
        .unwrap()
        .id;
    state
        .set_layer_owner(ec2, Layer::Os, Ownership::Shared, "hardened images")
        .unwrap();
    drop(state);

    let again = start(dir.path()).current().unwrap();
    let os = &again
        .view
        .services
        .iter()
        .find(|s| s.id == ec2)
        .unwrap()
        .layers[Layer::Os.index()];
    assert_eq!(os.owner, Ownership::Shared);
    assert_eq!(os.reason.as_deref(), Some("hardened images"));
}

#[test]
fn errors_cross_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let err = state
        .set_layer_owner(1, Layer::Os, Ownership::Shared, "")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("reason"));
    assert_eq!(err.message, "a reason is required for this change");

    let err = state
        .set_layer_owner(999, Layer::Os, Ownership::Shared, "r")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    let bogus = dir.path().join("notes.demarc");
    std::fs::write(&bogus, "meeting notes").unwrap();
    state.grant(&bogus).unwrap();
    let err = state.open(&bogus).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAnEngagement);
    assert!(err.message.contains("notes.demarc"), "{}", err.message);
    assert!(
        state.current().unwrap().path.ends_with("demo.demarc"),
        "the open file stays open"
    );
}

#[test]
fn a_refused_value_crosses_with_its_field_apart_from_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let err = state
        .add_attestation(&demarc_core::NewAttestation {
            provider: "AWS".into(),
            services: vec!["Amazon EC2".into()],
            details: soc2(("2026-10-01", "2026-09-30"), None),
            outside_scope: Vec::new(),
        })
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        serde_json::json!({
            "code": "invalid_input",
            "message": "the period ends (2026-09-30) before it starts (2026-10-01)",
            "field": "period_end",
        })
    );
    // Other errors name no field.
    let err = state
        .set_layer_owner(999, Layer::Os, Ownership::Shared, "r")
        .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "not_found");
    assert!(json.get("field").is_none(), "{json}");
}

#[test]
fn commands_refuse_paths_the_user_did_not_choose() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let elsewhere = dir.path().join("elsewhere.demarc");
    let csv = dir.path().join("vendor.csv");
    std::fs::write(&csv, "Control ID,Responsibility\nAC-2,Customer\n").unwrap();
    let request = MatrixImport {
        provider: "AWS".into(),
        services: vec!["Amazon EC2".into()],
        label_mappings: vec![],
        profile: None,
    };
    let refusals = [
        state.save_as(&elsewhere).unwrap_err(),
        state.create(&elsewhere, "Acme").unwrap_err(),
        state.open(&state_file(&state)).unwrap_err(),
        state.inspect_file(&csv).unwrap_err(),
        state.import_file(&csv, &request, None).unwrap_err(),
    ];
    for err in refusals {
        assert_eq!(err.code, ErrorCode::NotPermitted, "{}", err.message);
        assert!(err.message.contains("file dialog"), "{}", err.message);
    }
    assert!(!elsewhere.exists(), "nothing was written");
    assert!(state.current().unwrap().path.ends_with("demo.demarc"));

    state.grant(&csv).unwrap();
    assert_eq!(
        state
            .inspect_file(&csv)
            .unwrap()
            .preview
            .report
            .tables
            .len(),
        1
    );
}

fn state_file(state: &AppState) -> std::path::PathBuf {
    state.current().unwrap().path.into()
}

#[test]
fn new_and_save_as_switch_the_open_file_and_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let copy = dir.path().join("copy.demarc");
    state.grant(&copy).unwrap();
    let opened = state.save_as(&copy).unwrap();
    assert_eq!(opened.view.services.len(), 9);
    assert!(opened.path.ends_with("copy.demarc"));

    let fresh = dir.path().join("acme.demarc");
    state.grant(&fresh).unwrap();
    let opened = state.create(&fresh, "Acme").unwrap();
    assert_eq!(opened.view.engagement.client, "Acme");
    assert!(opened.view.services.is_empty());
    drop(state);
    assert_eq!(
        start(dir.path()).current().unwrap().view.engagement.client,
        "Acme"
    );
}

#[test]
fn a_remembered_file_that_no_longer_opens_falls_back_to_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let other = dir.path().join("acme.demarc");
    state.grant(&other).unwrap();
    state.create(&other, "Acme").unwrap();
    drop(state);
    std::fs::write(&other, "overwritten by something else").unwrap();

    let again = start(dir.path()).current().unwrap();
    assert_eq!(again.view.engagement.client, "Northwind Health");

    let err = AppState::start(dir.path(), Some(&other)).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotAnEngagement);
}

fn service_id(state: &AppState, name: &str) -> i64 {
    state
        .current()
        .unwrap()
        .view
        .services
        .iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

fn row<'a>(rows: &'a [MatrixRow], framework: Framework, control: &str) -> &'a MatrixRow {
    rows.iter()
        .find(|r| r.framework == framework && r.control_id == control)
        .unwrap()
}

#[test]
fn the_matrix_follows_a_layer_change_and_takes_bulk_changes() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let rds = service_id(&state, "Amazon RDS for PostgreSQL");
    let filter = MatrixFilter {
        service: Some("Amazon RDS for PostgreSQL".into()),
        framework: None,
        scope: None,
    };
    let before = state.matrix(&filter).unwrap();
    // SOC 2 Security and Availability (36), HIPAA (64) and NIST CSF (106) less their 19, 30 and
    // 51 entity-level controls, which have one row of their own; AWS's CUECs belong to its
    // report, not to rows
    assert_eq!(before.len(), 36 - 19 + 64 - 30 + 106 - 51);
    let cc72 = row(&before, Framework::Soc2, "CC7.2");
    assert_eq!(
        (cc72.owner, cc72.source),
        (Ownership::Shared, OwnerSource::LayerDefault)
    );

    state
        .set_layer_owner(rds, Layer::Os, Ownership::Customer, "self-managed engine")
        .unwrap();
    let after = state.matrix(&filter).unwrap();
    assert_eq!(
        row(&after, Framework::Soc2, "CC7.2").owner,
        Ownership::Customer
    );

    let cc6_keys: Vec<RowKey> = state
        .matrix(&MatrixFilter {
            service: filter.service.clone(),
            framework: Some(Framework::Soc2),
            scope: None,
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.family == "CC6")
        .map(|r| RowKey {
            service_id: r.service_id,
            framework: r.framework,
            control_id: r.control_id,
        })
        .collect();
    let changed = state
        .set_rows_owner(
            &cc6_keys,
            Ownership::Inherited,
            "covered by the provider's SOC 2 report",
        )
        .unwrap();
    let soc2 = state
        .matrix(&MatrixFilter {
            service: filter.service.clone(),
            framework: Some(Framework::Soc2),
            scope: None,
        })
        .unwrap();
    let cc6: Vec<&MatrixRow> = soc2.iter().filter(|r| r.family == "CC6").collect();
    assert_eq!(changed, cc6.len());
    // AWS's report covers its own data centres (it carves out no criterion): all inherited.
    for r in &cc6 {
        assert_eq!(r.source, OwnerSource::Override);
        assert_eq!(r.owner, Ownership::Inherited, "{}", r.control_id);
        assert!(!r.claimed_inherited, "{}", r.control_id);
    }
    assert!(state
        .decision_log()
        .unwrap()
        .iter()
        .any(|d| d.subject.contains("CC6.1")
            && d.reason.as_deref() == Some("covered by the provider's SOC 2 report")));
}

#[test]
fn customer_part_and_evidence_are_kept_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = service_id(&state, "Amazon EC2");
    let row = state
        .set_customer_part(
            Some(ec2),
            Framework::Soc2,
            "CC6.1",
            "  MFA on every console user ",
        )
        .unwrap();
    assert_eq!(
        row.customer_part.as_deref(),
        Some("MFA on every console user")
    );
    let row = state
        .add_evidence(
            Some(ec2),
            Framework::Soc2,
            "CC6.1",
            &NewEvidence {
                title: "IAM policy export".into(),
                location: "binder/iam.pdf".into(),
                date: None,
                owner: None,
                due_date: None,
            },
        )
        .unwrap();
    assert_eq!(row.evidence.len(), 1);
    assert_eq!(row.evidence[0].title, "IAM policy export");
}

#[test]
fn matrix_refusals_cross_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = service_id(&state, "Amazon EC2");
    let key = |control: &str| RowKey {
        service_id: Some(ec2),
        framework: Framework::Soc2,
        control_id: control.into(),
    };
    let err = state
        .set_rows_owner(&[key("CC6.1")], Ownership::Customer, " ")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let err = state
        .set_rows_owner(&[key("ZZ-99")], Ownership::Customer, "why")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("ZZ-99"), "{}", err.message);
    let err = state
        .matrix(&MatrixFilter {
            service: Some("Nothing".into()),
            framework: None,
            scope: None,
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = state
        .add_evidence(
            Some(ec2),
            Framework::Soc2,
            "CC6.1",
            &NewEvidence {
                title: "".into(),
                location: "".into(),
                date: None,
                owner: None,
                due_date: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn undo_and_redo_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = state.current().unwrap().view.services[0].id;
    state
        .set_layer_owner(ec2, Layer::Data, Ownership::Shared, "tokenized")
        .unwrap();
    let undone = state.undo().unwrap().unwrap().summary;
    assert!(undone.contains("layer data"), "{undone}");
    let owner = |s: &AppState| s.current().unwrap().view.services[0].layers[0].owner;
    assert_eq!(owner(&state), Ownership::Customer);
    state.redo().unwrap().unwrap();
    assert_eq!(owner(&state), Ownership::Shared);
}

#[test]
fn backup_now_writes_a_copy_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let copy = std::path::PathBuf::from(state.backup_now().unwrap());
    assert!(
        copy.starts_with(dir.path().join("demo.backups")),
        "{}",
        copy.display()
    );
    assert!(copy.exists());
}

#[test]
fn a_provider_matrix_is_previewed_imported_and_shown_in_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let csv = dir.path().join("vendor.csv");
    std::fs::write(
        &csv,
        "Control ID,Responsibility,Notes\nAC-2,Customer,accounts\nAC-3,Vendor decides,\n",
    )
    .unwrap();

    state.grant(&csv).unwrap();
    let inspection = state.inspect_file(&csv).unwrap();
    let preview = &inspection.preview;
    assert_eq!(preview.report.tables[0].unknown_labels, ["Vendor decides"]);
    assert_eq!(
        inspection.labels,
        [LabelToMap {
            label: "Vendor decides".into(),
            owner: Ownership::Undetermined
        }]
    );
    let table = &preview.tables[0];
    let roles: Vec<_> = table.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            Some(ColumnRole::ControlId),
            Some(ColumnRole::Ownership),
            None
        ]
    );
    assert_eq!(table.rows[0].row, 2);
    assert_eq!(table.rows[0].cells, ["AC-2", "Customer", "accounts"]);

    let ec2 = service_id(&state, "Amazon EC2");
    let opened = state.add_framework(ec2, Framework::Nist80053).unwrap();
    assert!(opened
        .view
        .engagement
        .frameworks
        .contains(&Framework::Nist80053));

    let request = MatrixImport {
        provider: "AWS".into(),
        services: vec!["Amazon EC2".into()],
        label_mappings: vec![("Vendor decides".into(), Ownership::Shared)],
        profile: None,
    };
    let report = state.import_file(&csv, &request, None).unwrap();
    assert_eq!(report.rows, 2);
    assert_eq!(report.mapped_labels["Vendor decides"], Ownership::Shared);
    assert_eq!(state.last_import().unwrap().unwrap().rows, 2);
    assert_eq!(state.label_mappings().unwrap()[0].label, "Vendor decides");
    // The next inspection starts each label from what the engagement remembers, folded as the
    // importer folds it.
    std::fs::write(&csv, "Control ID,Responsibility\nAC-3,VENDOR  decides\n").unwrap();
    let again = state.inspect_file(&csv).unwrap();
    assert_eq!(
        again.labels,
        [LabelToMap {
            label: "VENDOR  decides".into(),
            owner: Ownership::Shared
        }]
    );

    let rows = state
        .matrix(&MatrixFilter {
            service: Some("Amazon EC2".into()),
            framework: Some(Framework::Nist80053),
            scope: None,
        })
        .unwrap();
    let ac3 = row(&rows, Framework::Nist80053, "AC-3");
    assert_eq!(ac3.source, OwnerSource::ProviderMatrix);
    assert_eq!(ac3.owner, Ownership::Shared);

    let absent = dir.path().join("absent.xlsx");
    state.grant(&absent).unwrap();
    let missing = state.inspect_file(&absent).unwrap_err();
    assert_eq!(missing.code, ErrorCode::Io);
    assert!(
        missing.message.contains("absent.xlsx"),
        "{}",
        missing.message
    );
}

fn soc2(period: (&str, &str), bridge: Option<(&str, &str)>) -> demarc_core::AttestationDetails {
    let date = |s: &str| s.parse().unwrap();
    demarc_core::AttestationDetails::Soc2(demarc_core::Soc2Report {
        report_type: demarc_core::Soc2Type::Type2,
        period_start: date(period.0),
        period_end: date(period.1),
        issued: None,
        auditor: "Ernst & Young LLP".into(),
        categories: vec![demarc_core::TrustCategory::Security],
        opinion: demarc_core::Opinion::Unqualified,
        exceptions_noted: false,
        subservice_method: demarc_core::SubserviceMethod::CarveOut,
        subservice_organizations: Vec::new(),
        carved_out_criteria: Vec::new(),
        cuecs: Vec::new(),
        no_cuecs: false,
        exceptions: Vec::new(),
        bridge_letter: bridge.map(|(d, to)| demarc_core::BridgeLetter {
            date: date(d),
            covers_to: date(to),
        }),
        reference: "AWS Artifact".into(),
    })
}

#[test]
fn the_register_lists_providers_with_attestations_services_and_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let register = state.register().unwrap();
    let aws = register.iter().find(|p| p.name == "AWS").unwrap();
    assert!(aws.services.contains(&"Amazon EC2".to_string()));
    let kinds: Vec<_> = aws.attestations.iter().map(|a| a.kind().id()).collect();
    assert_eq!(kinds, ["soc2", "baa", "aoc", "fedramp"]);
    assert!(aws.current.contains(&aws.attestations[0].id));
    assert!(aws.review.as_ref().unwrap().last_reviewed.is_some());

    let review = state
        .set_vendor_review(&demarc_core::VendorReview {
            provider: "Salesforce".into(),
            last_reviewed: "2026-11-02".parse().ok(),
            next_review: "2027-02-02".parse().ok(),
        })
        .unwrap();
    assert_eq!(review.provider, "Salesforce");
    let register = state.register().unwrap();
    let salesforce = register.iter().find(|p| p.name == "Salesforce").unwrap();
    assert_eq!(salesforce.review.as_ref(), Some(&review));
}

#[test]
fn an_expired_soc2_report_turns_inherited_rows_into_provider_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let today = "2026-12-15";
    let ec2 = service_id(&state, "Amazon EC2");
    // HIPAA rows inherit through AWS's report (its carve-out leaves no SOC 2 row of EC2
    // inherited) and the BAA.
    let filter = MatrixFilter {
        service: Some("Amazon EC2".into()),
        framework: Some(Framework::Hipaa),
        scope: None,
    };
    let inherited = state
        .matrix(&filter)
        .unwrap()
        .into_iter()
        .find(|r| r.owner == Ownership::Inherited)
        .unwrap();
    let report = state
        .register()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "AWS")
        .unwrap()
        .attestations
        .into_iter()
        .find(|a| a.kind().id() == "soc2")
        .unwrap();
    let gap_on_row = |gaps: &demarc_core::GapReport| {
        gaps.gaps.iter().any(|g| {
            g.kind == demarc_core::GapKind::ProviderUnattested
                && g.control.as_deref() == Some(inherited.control_id.as_str())
                && g.service.as_deref() == Some("Amazon EC2")
        })
    };
    assert!(!gap_on_row(&state.gaps(Some(today)).unwrap()));

    let two_years_back = demarc_core::NewAttestation {
        provider: report.provider.clone(),
        services: report.services.clone(),
        details: soc2(
            ("2023-10-01", "2024-09-30"),
            Some(("2024-12-31", "2024-12-31")),
        ),
        outside_scope: Vec::new(),
    };
    state
        .update_attestation(report.id, &two_years_back)
        .unwrap();
    let row = row(
        &state.matrix(&filter).unwrap(),
        Framework::Hipaa,
        &inherited.control_id,
    )
    .clone();
    assert_eq!(row.owner, Ownership::Provider);
    assert_eq!(row.service_id, Some(ec2));
    let gaps = state.gaps(Some(today)).unwrap();
    assert!(gap_on_row(&gaps));
    assert!(gaps
        .gaps
        .iter()
        .any(|g| g.kind == demarc_core::GapKind::Soc2Stale));
}

#[test]
fn attestation_refusals_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let backwards = demarc_core::NewAttestation {
        provider: "AWS".into(),
        services: vec!["Amazon EC2".into()],
        details: soc2(("2026-10-01", "2026-09-30"), None),
        outside_scope: Vec::new(),
    };
    let err = state.add_attestation(&backwards).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("period_end"), "{err:?}");
    assert!(
        err.message.starts_with("the period ends"),
        "{}",
        err.message
    );

    let early_letter = demarc_core::NewAttestation {
        details: soc2(
            ("2025-10-01", "2026-09-30"),
            Some(("2026-12-01", "2026-09-01")),
        ),
        ..backwards.clone()
    };
    let err = state.add_attestation(&early_letter).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("bridge_letter"), "{err:?}");

    // The form's check answers with the same refusal and saves nothing.
    let before = state.register().unwrap();
    let err = state.check_attestation(&backwards.details).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("period_end"), "{err:?}");
    assert!(
        err.message.starts_with("the period ends"),
        "{}",
        err.message
    );
    let err = state.check_attestation(&early_letter.details).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("bridge_letter"), "{err:?}");
    state
        .check_attestation(&soc2(("2025-10-01", "2026-09-30"), None))
        .unwrap();
    assert_eq!(state.register().unwrap(), before);

    let err = state.gaps(Some("15/12/2026")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("today"), "{err:?}");

    let added = state
        .add_attestation(&demarc_core::NewAttestation {
            details: soc2(("2025-10-01", "2026-09-30"), None),
            ..backwards
        })
        .unwrap()
        .attestation;
    let err = state.delete_attestation(added.id, " ").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("reason"), "{err:?}");
    state.delete_attestation(added.id, "entered twice").unwrap();
    assert!(!state
        .register()
        .unwrap()
        .iter()
        .flat_map(|p| &p.attestations)
        .any(|a| a.id == added.id));
}

/// The rules the attestation form answers with before it saves, each on its field.
#[test]
fn the_attestation_check_answers_each_rule_on_its_field() {
    use demarc_core::{AttestationDetails, Baa, BaaStatus, Soc2Type};
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let date = |s: &str| s.parse().unwrap();
    let report = |change: &dyn Fn(&mut demarc_core::Soc2Report)| {
        let mut details = soc2(("2025-10-01", "2026-09-30"), None);
        if let AttestationDetails::Soc2(r) = &mut details {
            change(r);
        }
        details
    };
    let letter = |d: &str, to: &str| {
        Some(demarc_core::BridgeLetter {
            date: date(d),
            covers_to: date(to),
        })
    };
    let baa = |status: BaaStatus, effective: Option<&str>, next_review: Option<&str>| {
        AttestationDetails::Baa(Baa {
            status,
            mechanism: None,
            effective: effective.map(date),
            accounts: Vec::new(),
            next_review: next_review.map(date),
            eligible_services: Vec::new(),
            terms: demarc_core::BaaTerms::default(),
        })
    };
    let accepted = [
        report(&|r| r.bridge_letter = letter("2026-12-01", "2026-12-01")),
        baa(BaaStatus::Requested, None, None),
    ];
    for details in accepted {
        assert_eq!(state.check_attestation(&details), Ok(()), "{details:?}");
    }
    let refused = [
        (
            report(&|r| r.period_end = date("2025-09-30")),
            "period_end",
            "ends (2025-09-30) before it starts",
        ),
        (
            report(&|r| r.report_type = Soc2Type::Type1),
            "period_end",
            "a Type I report is as of one day; give the same start and end",
        ),
        (
            report(&|r| r.issued = Some(date("2026-09-01"))),
            "issued",
            "before its period ends",
        ),
        (
            report(&|r| r.bridge_letter = letter("2026-12-01", "2026-09-30")),
            "bridge_letter",
            "which is not after the period end",
        ),
        (
            report(&|r| r.bridge_letter = letter("2026-09-01", "2026-12-31")),
            "bridge_letter",
            "dated 2026-09-01, not after the period ends",
        ),
        (
            report(&|r| {
                r.period_start = date("2025-06-01");
                r.period_end = date("2026-05-31");
                r.bridge_letter = letter("2026-10-01", "2026-10-01");
            }),
            "bridge_letter",
            "more than 3 months after the period ends (2026-05-31)",
        ),
        (
            report(&|r| r.issued = Some(date("2099-01-01"))),
            "issued",
            "after today",
        ),
        (
            baa(BaaStatus::Signed, None, None),
            "effective",
            "a signed BAA needs its effective date",
        ),
        (
            baa(BaaStatus::Signed, Some("2026-05-01"), Some("2026-04-01")),
            "next_review",
            "is before the effective date",
        ),
    ];
    for (details, field, message) in refused {
        let err = state.check_attestation(&details).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{err:?}");
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
        assert!(err.message.contains(message), "{}", err.message);
    }
}

#[test]
fn recording_an_attestation_says_which_gaps_it_closed() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let before = state.gaps(None).unwrap().gaps;
    let unattested = |gaps: &[demarc_core::Gap], service: &str| {
        gaps.iter()
            .filter(|g| {
                g.kind == demarc_core::GapKind::ProviderUnattested
                    && g.service.as_deref() == Some(service)
                    && g.framework == Some(Framework::Soc2)
            })
            .count() as u32
    };
    let (service, provider) = before
        .iter()
        .find(|g| {
            g.kind == demarc_core::GapKind::ProviderUnattested
                && g.framework == Some(Framework::Soc2)
        })
        .map(|g| (g.service.clone().unwrap(), g.provider.clone().unwrap()))
        .expect("the demo has a provider row of SOC 2 without a report");
    let open = unattested(&before, &service);

    // A current report of every trust services category: its period ended a month ago.
    let end = demarc_store::today() - chrono::Days::new(30);
    let start = end - chrono::Days::new(364);
    let mut details = soc2((&start.to_string(), &end.to_string()), None);
    if let demarc_core::AttestationDetails::Soc2(r) = &mut details {
        r.categories = demarc_core::TrustCategory::ALL.to_vec();
    }
    let recorded = state
        .add_attestation(&demarc_core::NewAttestation {
            provider: provider.clone(),
            services: vec![service.clone()],
            details,
            outside_scope: Vec::new(),
        })
        .unwrap();
    assert_eq!(recorded.attestation.provider, provider);
    let after = state.gaps(None).unwrap().gaps;
    assert_eq!(unattested(&after, &service), 0);
    let closed = &recorded.closed;
    assert!(
        closed.total >= open && open > 0,
        "{closed:?}, {open} open before"
    );
    assert_eq!(
        closed.by_kind[0].kind,
        demarc_core::GapKind::ProviderUnattested
    );
    assert!(closed.by_kind[0].count >= open, "{closed:?}");
}

#[test]
fn a_row_takes_its_accountable_person_a_justification_and_a_review() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let s3 = state
        .current()
        .unwrap()
        .view
        .services
        .iter()
        .find(|s| s.name == "Amazon S3")
        .unwrap()
        .id;
    let soc2 = demarc_core::Framework::Soc2;
    let row = state
        .set_row_owner(Some(s3), soc2, "CC6.1", "Priya Raman")
        .unwrap();
    assert_eq!(row.row_owner.as_deref(), Some("Priya Raman"));
    let row = state
        .set_na_justification(Some(s3), soc2, "CC6.1", "No logical access in scope")
        .unwrap();
    assert_eq!(
        row.na_justification.as_deref(),
        Some("No logical access in scope")
    );
    let row = state.mark_reviewed(Some(s3), soc2, "CC6.1").unwrap();
    let reviewed = row.last_reviewed.unwrap();
    assert_eq!(reviewed.on, demarc_store::today());
    let err = state
        .set_row_owner(Some(s3), soc2, "CC99.9", "x")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
}

#[test]
fn an_entity_row_is_set_with_no_service_and_a_control_moves_between_levels() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let soc2 = demarc_core::Framework::Soc2;
    let row = state
        .set_customer_part(None, soc2, "CC1.1", "HR publishes the code of conduct")
        .unwrap();
    assert_eq!(
        (row.service_id, row.scope),
        (None, demarc_core::Scope::Entity)
    );
    assert_eq!(
        row.customer_part.as_deref(),
        Some("HR publishes the code of conduct")
    );
    let row = state.mark_reviewed(None, soc2, "CC1.1").unwrap();
    assert!(row.last_reviewed.is_some());
    let changed = state
        .set_rows_owner(
            &[RowKey {
                service_id: None,
                framework: soc2,
                control_id: "CC1.1".into(),
            }],
            Ownership::Shared,
            "each team trains on it",
        )
        .unwrap();
    assert_eq!(changed, 1);
    assert!(state.undo().unwrap().is_some());

    let count = |state: &AppState| {
        state
            .matrix(&MatrixFilter::default())
            .unwrap()
            .iter()
            .filter(|r| r.control_id == "CC6.1")
            .count()
    };
    // One CC6.1 row per SOC 2 service of the demo.
    let services = state.current().unwrap().view.services;
    let soc2_services = services
        .iter()
        .filter(|s| s.frameworks.contains(&soc2))
        .count();
    assert_eq!(count(&state), soc2_services);
    state
        .set_control_scope(soc2, "CC6.1", demarc_core::Scope::Entity, "one IdP")
        .unwrap();
    assert_eq!(count(&state), 1);
    let err = state
        .set_control_scope(soc2, "CC6.1", demarc_core::Scope::Entity, "again")
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("scope"), "{}", err.message);
    assert!(state.undo().unwrap().is_some());
    assert_eq!(count(&state), soc2_services);
}

#[test]
fn a_provider_row_is_read_back_from_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let source = demarc_core::ProviderSource {
        provider: "AWS".into(),
        version: 1,
        file: "none.xlsx".into(),
        sheet: "CRM".into(),
        row: 4,
        control_id: "AC-2".into(),
        columns: vec!["B".into()],
        owner: Ownership::Provider,
        third_party: None,
    };
    let err = state.provider_row(&source).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("no row 4 in sheet \"CRM\""),
        "{}",
        err.message
    );
}

fn export_request(state: &AppState, services: &[&str]) -> demarc_app::ExportRequest {
    demarc_app::ExportRequest {
        workbook: true,
        pdf: true,
        readiness: false,
        layouts: vec!["kickoff".into(), "csv".into()],
        frameworks: vec![Framework::Soc2],
        services: services.iter().map(|s| service_id(state, s)).collect(),
        paper: demarc_app::PaperSize::Letter,
        existing: ExistingFiles::Refuse,
    }
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_export_writes_the_chosen_files_into_the_chosen_folder_and_reports_each() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let engagement = state_file(&state);
    let before = std::fs::read(&engagement).unwrap();
    let log_before = state.decision_log().unwrap().len();
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    let request = export_request(&state, &["Stripe Payments"]);

    let err = state.export(&request, &folder, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotPermitted);
    assert!(names_in(&folder).is_empty());

    state.grant(&folder).unwrap();
    let mut seen = Vec::new();
    let done = state
        .export(&request, &folder, &mut |p| {
            seen.push((p.done, p.total, p.file))
        })
        .unwrap();
    let expected = ["demo.xlsx", "demo.pdf", "demo-kickoff.xlsx", "demo-csv.csv"];
    assert_eq!(
        seen,
        [
            (0, 4, "demo.xlsx".to_string()),
            (1, 4, "demo.pdf".to_string()),
            (2, 4, "demo-kickoff.xlsx".to_string()),
            (3, 4, "demo-csv.csv".to_string()),
            (4, 4, "demo-csv.csv".to_string()),
        ]
    );
    let written: Vec<String> = expected
        .iter()
        .map(|n| folder.join(n).display().to_string())
        .collect();
    assert_eq!(done.files, written);
    let mut sorted = expected.map(String::from).to_vec();
    sorted.sort();
    assert_eq!(
        names_in(&folder),
        sorted,
        "no temporary file is left behind"
    );
    for name in expected {
        assert!(
            std::fs::metadata(folder.join(name)).unwrap().len() > 0,
            "{name}"
        );
    }
    assert!(std::fs::read(folder.join("demo.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    let csv = std::fs::read_to_string(folder.join("demo-csv.csv")).unwrap();
    assert!(csv.lines().count() > 1);
    for line in csv.lines().skip(1) {
        // Stripe's rows and the entity-level rows of the framework chosen.
        assert!(
            line.starts_with("Stripe Payments,system,") || line.starts_with("Entity,entity,"),
            "{line}"
        );
        assert_eq!(line.split(',').nth(3), Some("soc2"), "{line}");
    }

    // The engagement is read, never written, and stays open for changes.
    assert_eq!(std::fs::read(&engagement).unwrap(), before);
    assert_eq!(state.decision_log().unwrap().len(), log_before);

    // Only what the last export wrote may be shown in a file manager.
    state.check_exported(&folder.join("demo.pdf")).unwrap();
    for other in [engagement.clone(), folder.join("elsewhere.pdf")] {
        let err = state.check_exported(&other).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotPermitted, "{}", other.display());
    }
}

#[test]
fn a_cancelled_export_stops_before_its_next_file_and_keeps_the_whole_ones() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    state.grant(&folder).unwrap();
    let request = export_request(&state, &["Stripe Payments"]);

    // Cancelled while the PDF is being written: the PDF is finished, nothing after it starts.
    let done = state
        .export(&request, &folder, &mut |p| {
            if p.done == 1 {
                state.cancel_export();
            }
        })
        .unwrap();
    assert!(done.cancelled);
    assert_eq!(
        done.files,
        ["demo.xlsx", "demo.pdf"].map(|n| folder.join(n).display().to_string())
    );
    assert_eq!(names_in(&folder), ["demo.pdf", "demo.xlsx"]);
    let pdf = std::fs::read(folder.join("demo.pdf")).unwrap();
    assert!(
        pdf.starts_with(b"%PDF")
            && pdf[pdf.len().saturating_sub(16)..]
                .windows(5)
                .any(|w| w == b"%%EOF"),
        "a whole PDF"
    );

    // The next export starts afresh.
    let request = demarc_app::ExportRequest {
        existing: ExistingFiles::Replace,
        ..request
    };
    let again = state.export(&request, &folder, &mut |_| {}).unwrap();
    assert!(!again.cancelled);
    assert_eq!(again.files.len(), 4);
}

#[test]
fn a_second_export_into_one_folder_replaces_only_when_asked_or_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    let request = export_request(&state, &["Stripe Payments"]);
    assert_eq!(
        state.export_existing(&request, &folder).unwrap_err().code,
        ErrorCode::NotPermitted
    );
    state.grant(&folder).unwrap();
    assert!(state.export_existing(&request, &folder).unwrap().is_empty());
    state.export(&request, &folder, &mut |_| {}).unwrap();
    std::fs::write(folder.join("demo.pdf"), "signed").unwrap();

    let all = ["demo.xlsx", "demo.pdf", "demo-kickoff.xlsx", "demo-csv.csv"];
    assert_eq!(state.export_existing(&request, &folder).unwrap(), all);
    let err = state.export(&request, &folder, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("existing"));
    assert!(err.message.contains("demo.pdf"), "{}", err.message);
    assert_eq!(std::fs::read(folder.join("demo.pdf")).unwrap(), b"signed");

    let keep = demarc_app::ExportRequest {
        existing: ExistingFiles::KeepBoth,
        ..request.clone()
    };
    let done = state.export(&keep, &folder, &mut |_| {}).unwrap();
    let versioned = [
        "demo (2).xlsx",
        "demo (2).pdf",
        "demo-kickoff (2).xlsx",
        "demo-csv (2).csv",
    ];
    assert_eq!(
        done.files,
        versioned.map(|n| folder.join(n).display().to_string())
    );
    assert_eq!(std::fs::read(folder.join("demo.pdf")).unwrap(), b"signed");
    state.check_exported(&folder.join("demo (2).pdf")).unwrap();

    let replace = demarc_app::ExportRequest {
        existing: ExistingFiles::Replace,
        ..request
    };
    state.export(&replace, &folder, &mut |_| {}).unwrap();
    assert!(std::fs::read(folder.join("demo.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    assert_eq!(names_in(&folder).len(), 8);
}

#[test]
fn export_refusals_cross_as_code_and_message_and_leave_no_half_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    state.grant(&folder).unwrap();
    let good = export_request(&state, &["Stripe Payments"]);
    let refused = |request: demarc_app::ExportRequest, code: ErrorCode, says: &str| {
        let err = state.export(&request, &folder, &mut |_| {}).unwrap_err();
        assert_eq!(err.code, code, "{}", err.message);
        assert!(err.message.contains(says), "{}", err.message);
    };
    refused(
        demarc_app::ExportRequest {
            layouts: vec!["poster".into()],
            ..good.clone()
        },
        ErrorCode::InvalidInput,
        "poster",
    );
    refused(
        demarc_app::ExportRequest {
            workbook: false,
            pdf: false,
            layouts: vec![],
            ..good.clone()
        },
        ErrorCode::InvalidInput,
        "at least one file",
    );
    refused(
        demarc_app::ExportRequest {
            frameworks: vec![],
            ..good.clone()
        },
        ErrorCode::InvalidInput,
        "framework",
    );
    refused(
        demarc_app::ExportRequest {
            frameworks: vec![Framework::Fedramp],
            ..good.clone()
        },
        ErrorCode::InvalidInput,
        "FedRAMP",
    );
    refused(
        demarc_app::ExportRequest {
            services: vec![9999],
            ..good.clone()
        },
        ErrorCode::NotFound,
        "9999",
    );
    assert!(names_in(&folder).is_empty());

    // A file that cannot take the export's name: the error names it, and neither a partial
    // file nor a temporary one is left.
    std::fs::create_dir(folder.join("demo.pdf")).unwrap();
    std::fs::write(folder.join("demo.pdf").join("keep"), "x").unwrap();
    refused(
        demarc_app::ExportRequest {
            existing: ExistingFiles::Replace,
            ..good.clone()
        },
        ErrorCode::Io,
        "demo.pdf",
    );
    assert_eq!(names_in(&folder), ["demo.pdf", "demo.xlsx"]);
    state.check_exported(&folder.join("demo.xlsx")).unwrap();
    assert!(state.check_exported(&folder.join("demo.pdf")).is_err());
}

#[test]
fn a_fresh_window_has_nothing_to_undo_though_the_file_has_undoable_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    assert_eq!(state.undo().unwrap(), None, "the demo's decisions stay");
    let ec2 = service_id(&state, "Amazon EC2");
    state
        .set_layer_owner(ec2, Layer::Os, Ownership::Shared, "hardened images")
        .unwrap();
    drop(state);

    // The next window opens the same file, whose last decision can be undone, but not by it.
    let state = start(dir.path());
    assert_eq!(state.undo().unwrap(), None);
    assert_eq!(state.redo().unwrap(), None);
    let os = |s: &AppState| s.current().unwrap().view.services[0].layers[Layer::Os.index()].owner;
    assert_eq!(os(&state), Ownership::Shared);

    // Its own change it undoes, and then nothing more.
    state
        .set_layer_owner(ec2, Layer::Os, Ownership::Provider, "managed hosts")
        .unwrap();
    let undone = state.undo().unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: Amazon EC2 · Operating system back to Shared"
    );
    assert_eq!(os(&state), Ownership::Shared);
    assert_eq!(state.undo().unwrap(), None);
    let redone = state.redo().unwrap().unwrap();
    assert_eq!(
        redone.words,
        "Redid: Amazon EC2 · Operating system to Provider"
    );
}

#[test]
fn undo_after_add_service_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let before = state.current().unwrap().view.services.len();
    state
        .add_service(&demarc_core::NewService {
            name: "AWS Lambda prod".into(),
            provider: "Amazon Web Services".into(),
            model: demarc_core::ServiceModel::Faas,
            sensitivity: demarc_core::Sensitivity::High,
            data_types: vec![],
            frameworks: vec![Framework::Soc2],
        })
        .unwrap();
    assert_eq!(state.current().unwrap().view.services.len(), before + 1);

    let undone = state.undo().unwrap().unwrap();
    assert_eq!(undone.words, "Undid: adding AWS Lambda prod");
    let services = state.current().unwrap().view.services;
    assert_eq!(services.len(), before);
    assert!(services.iter().all(|s| s.name != "AWS Lambda prod"));
    assert_eq!(
        state.undo().unwrap(),
        None,
        "the next undo reaches nothing from before the window"
    );

    let redone = state.redo().unwrap().unwrap();
    assert_eq!(redone.words, "Redid: adding AWS Lambda prod");
    assert!(service_id(&state, "AWS Lambda prod") > 0);
}

#[test]
fn save_as_keeps_this_window_s_changes_undoable() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = service_id(&state, "Amazon EC2");
    state
        .set_layer_owner(ec2, Layer::Os, Ownership::Shared, "hardened images")
        .unwrap();
    let copy = dir.path().join("copy.demarc");
    state.grant(&copy).unwrap();
    state.save_as(&copy).unwrap();
    assert!(state.undo().unwrap().is_some());
    assert_eq!(state.undo().unwrap(), None);
}

#[test]
fn an_older_decision_is_reverted_from_the_log_and_undone_by_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = service_id(&state, "Amazon EC2");
    state
        .set_layer_owner(ec2, Layer::Os, Ownership::Shared, "hardened images")
        .unwrap();
    let decided = state.decision_log().unwrap().last().unwrap().id;
    drop(state);

    let state = start(dir.path());
    let reverted = state
        .revert_decision(decided, "the client patches")
        .unwrap();
    assert_eq!(
        reverted.words,
        "Reverted: Amazon EC2 · Operating system back to Customer"
    );
    let err = state.revert_decision(decided, "again").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let undone = state.undo().unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: Amazon EC2 · Operating system back to Shared"
    );
}

#[test]
fn a_service_is_renamed_and_removed_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = service_id(&state, "Amazon EC2");
    let renamed = state.rename_service(ec2, "EC2 prod").unwrap();
    assert_eq!(renamed.name, "EC2 prod");
    let rows = state.matrix(&MatrixFilter::default()).unwrap();
    assert!(rows
        .iter()
        .filter(|r| r.service_id == Some(ec2))
        .all(|r| r.service.as_deref() == Some("EC2 prod")));

    let shown = state.service_removal(ec2).unwrap();
    assert_eq!(shown.service, "EC2 prod");
    assert_eq!(shown.overrides, 1);
    assert_eq!(state.remove_service(ec2).unwrap(), shown);
    let view = state.current().unwrap().view;
    assert!(view.services.iter().all(|s| s.id != ec2));
    let err = state.service_removal(ec2).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    // The removal is this window's change: undo puts the service back, redo takes it again.
    let undone = state.undo().unwrap().unwrap();
    assert_eq!(undone.words, "Undid: removing EC2 prod");
    assert_eq!(state.service_removal(ec2).unwrap(), shown);
    let redone = state.redo().unwrap().unwrap();
    assert_eq!(redone.words, "Redid: removing EC2 prod");
    assert_eq!(
        state.service_removal(ec2).unwrap_err().code,
        ErrorCode::NotFound
    );

    state.rename_provider("AWS", "Amazon Web Services").unwrap();
    let register = state.register().unwrap();
    assert!(register.iter().any(|p| p.name == "Amazon Web Services"));
    assert!(register.iter().all(|p| p.name != "AWS"));
}

#[test]
fn a_rename_refused_names_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let ec2 = service_id(&state, "Amazon EC2");
    for name in ["", "   ", "Amazon S3"] {
        let err = state.rename_service(ec2, name).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{name:?}");
        assert_eq!(err.field.as_deref(), Some("name"), "{name:?}");
    }
    let err = state.rename_provider("AWS", "stripe").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("name"));
    let err = state.rename_provider("Nobody", "Somebody").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("provider"));
}

#[test]
fn the_register_maps_cuecs_assesses_exceptions_and_lists_csocs() {
    use demarc_core::{CuecMapping, ExceptionAssessment, GapKind, NewCsoc};
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let today = Some("2026-12-15");
    let open = |kind: GapKind| {
        state
            .gaps(today)
            .unwrap()
            .gaps
            .iter()
            .filter(|g| g.kind == kind)
            .count()
    };
    let aws = state
        .register()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "AWS")
        .unwrap();
    assert_eq!(aws.csocs.len(), 1);
    let report = aws
        .attestations
        .iter()
        .find(|a| a.kind().id() == "soc2")
        .unwrap()
        .id;

    let err = state
        .map_cuec(
            report,
            3,
            &CuecMapping {
                criteria: vec!["CC99.1".into()],
                ..CuecMapping::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("criteria"), "{err:?}");
    assert_eq!(open(GapKind::CuecNoEvidence), 1);
    state
        .map_cuec(
            report,
            3,
            &CuecMapping {
                criteria: vec!["CC6.6".into()],
                owner: Some("Marcus Oyelaran".into()),
                evidence: Some("binder / security groups".into()),
            },
        )
        .unwrap();
    assert_eq!(open(GapKind::CuecNoEvidence), 0);

    assert_eq!(open(GapKind::ExceptionUnassessed), 1);
    state
        .assess_exception(
            report,
            2,
            &ExceptionAssessment {
                impact: Some("None: the alarms are our own".into()),
                response: Some("Reviewed our thresholds".into()),
            },
        )
        .unwrap();
    assert_eq!(open(GapKind::ExceptionUnassessed), 0);
    state.undo().unwrap().unwrap();
    assert_eq!(open(GapKind::ExceptionUnassessed), 1);

    let microsoft = |state: &AppState| {
        state
            .register()
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Microsoft")
            .unwrap()
    };
    let before = microsoft(&state).csocs;
    let csoc = state
        .add_csoc(&NewCsoc {
            provider: "Microsoft".into(),
            text: "Microsoft enforces MFA for its administrators".into(),
            criteria: vec!["CC6.1".into()],
        })
        .unwrap();
    let mut with = before.clone();
    with.push(csoc.clone());
    assert_eq!(microsoft(&state).csocs, with);
    state.remove_csoc(csoc.id, "entered twice").unwrap();
    assert_eq!(microsoft(&state).csocs, before);

    // EC2 runs in us-east-1, covered by AWS's East/West package: not moved out of it.
    let ec2 = service_id(&state, "Amazon EC2");
    let err = state
        .set_service_region(ec2, Some("us-gov-west-1"))
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("region"), "{err:?}");

    let err = state.set_bridge_letter_months(Some(13)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("bridge_letter_months"));
    assert_eq!(state.set_bridge_letter_months(Some(4)).unwrap(), 4);
    assert_eq!(state.bridge_letter_months().unwrap(), 4);
}

#[test]
fn the_scoping_profile_is_read_set_refused_and_undone() {
    use demarc_core::{HipaaProfile, HipaaRole, ScopingProfile};
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    // The demo answers PCI DSS, HIPAA and SOC 2.
    assert_eq!(state.scoping_profiles().unwrap().len(), 3);
    let covered = ScopingProfile::Hipaa(HipaaProfile {
        role: HipaaRole::CoveredEntity,
        group_health_plan: true,
        clearinghouse: false,
    });
    state.set_scoping_profile(&covered).unwrap();
    assert_eq!(
        state.scoping_profile(Framework::Hipaa).unwrap(),
        Some(covered)
    );
    // 164.314(b)(1) (group health plans) is the client's own, once: its entity row.
    let plan = state
        .matrix(&MatrixFilter {
            framework: Some(Framework::Hipaa),
            scope: Some(demarc_core::Scope::Entity),
            ..MatrixFilter::default()
        })
        .unwrap()
        .into_iter()
        .find(|r| r.control_id == "164.314(b)(1)")
        .unwrap();
    assert_ne!(plan.source, OwnerSource::Scoping);

    let err = state
        .set_scoping_profile(&ScopingProfile::Hipaa(HipaaProfile {
            role: HipaaRole::BusinessAssociate,
            group_health_plan: true,
            clearinghouse: false,
        }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("group_health_plan"));

    let undone = state.undo().unwrap().unwrap();
    assert_eq!(undone.words, "Undid: HIPAA scoping profile back to business associate; not a group health plan; not a clearinghouse");
    assert!(matches!(
        state.scoping_profile(Framework::Hipaa).unwrap(),
        Some(ScopingProfile::Hipaa(h)) if h.role == HipaaRole::BusinessAssociate
    ));
}

#[test]
fn a_file_the_system_asks_to_open_is_granted_and_taken_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(&dir.path().join("data"));
    let file = dir.path().join("Opened from the Finder.demarc");
    demarc_store::write_demo(&file).unwrap();
    assert_eq!(state.take_open_request().unwrap(), None);
    // Not chosen in a dialog: refused, until the system asks to open it.
    assert_eq!(state.open(&file).unwrap_err().code, ErrorCode::NotPermitted);
    state.request_open(&file).unwrap();
    let asked = state.take_open_request().unwrap().unwrap();
    assert_eq!(state.take_open_request().unwrap(), None, "taken once");
    assert_eq!(state.open(asked.as_ref()).unwrap().path, asked);
}

#[test]
fn sign_off_reviews_versions_and_approvals_cross_with_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let status = state.sign_off().unwrap();
    assert_eq!(status.version, "0.2");
    assert!(status.is_draft());
    assert!(status.undetermined > 0 && status.unreviewed > 0 && status.returned == 1);

    let log = state.decision_log().unwrap();
    let open = log
        .iter()
        .find(|d| d.review.id() == "unreviewed")
        .unwrap()
        .id;
    let accept = demarc_core::NewReview {
        verdict: demarc_core::Verdict::Accept,
        reviewer: "Priya Raman".into(),
        on: None,
        comment: None,
    };
    let made = state.review_decisions(&[open], &accept).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(state.sign_off().unwrap().unreviewed, status.unreviewed - 1);
    let returned = demarc_core::NewReview {
        verdict: demarc_core::Verdict::Return,
        ..accept
    };
    let err = state.review_decisions(&[open], &returned).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("comment"));

    let err = state
        .approve("Priya Raman", "Compliance lead", None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("approval"));
    let err = state
        .approve("Priya Raman", "Compliance lead", Some("31/01/2027"))
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("on"));

    let v = state.bump_version(None, Some("after workshop 2")).unwrap();
    assert_eq!(v.version, "0.3");
    assert_eq!(state.sign_off().unwrap().version, "0.3");
    assert!(state.change_log(Some("0.2")).unwrap().entries.len() > 1);
    assert_eq!(
        state.change_log(Some("9")).unwrap_err().field.as_deref(),
        Some("version")
    );
}

/// A vendor's matrix no layout rule knows: the party columns under a two-row header.
const UNKNOWN: &str = "Ref,Who does it,,Notes\n,Vendor,Client,\nAC-2,x,,Ours\nAC-3,,x,\nSC-7,x,x,\nSI-2,Sometimes,,\n";

fn vendor_profile(name: Option<&str>) -> demarc_core::imported::MappingProfile {
    use demarc_core::imported::{Column, MappingProfile, MarkColumn};
    let letter = |l: &str| Column::Letter(l.into());
    MappingProfile {
        name: name.map(str::to_string),
        sheet: None,
        header_row: Some(1),
        header_rows: Some(2),
        first_row: None,
        last_row: None,
        control_id: letter("A"),
        ownership: vec![],
        marks: vec![
            MarkColumn {
                column: letter("B"),
                owner: Ownership::Provider,
            },
            MarkColumn {
                column: letter("C"),
                owner: Ownership::Customer,
            },
        ],
        provider_narrative: Some(letter("D")),
        customer_narrative: None,
        section: None,
        values: Default::default(),
    }
}

#[test]
fn an_unrecognised_file_is_mapped_by_hand_kept_and_offered_for_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let first = dir.path().join("vendor-2025.csv");
    std::fs::write(&first, UNKNOWN).unwrap();
    state.grant(&first).unwrap();

    // Nothing recognised: the sheets to map instead, and the reason.
    let inspection = state.inspect_file(&first).unwrap();
    assert!(inspection.preview.report.tables.is_empty());
    let why = inspection.unrecognised.unwrap();
    assert!(
        why.contains("no recognisable header") && why.contains("'vendor-2025'"),
        "{why}"
    );
    assert_eq!(
        inspection.sheets[0].rows[0].cells,
        ["Ref", "Who does it", "", "Notes"]
    );
    assert!(inspection.offered.is_empty() && inspection.profile.is_none());

    // The columns as the person names them: the preview follows; a contradiction names its field.
    let read = state
        .inspect_with_profile(&first, &vendor_profile(None))
        .unwrap();
    let t = &read.preview.report.tables[0];
    assert_eq!((t.rows, t.header_rows.as_str()), (4, "1-2"));
    assert!(read.labels.is_empty(), "{:?}", read.labels);
    assert!(
        t.warnings
            .iter()
            .any(|w| w.contains("'Sometimes' in a column of marks")),
        "{:?}",
        t.warnings
    );
    let mut both = vendor_profile(None);
    both.ownership = vec![demarc_core::imported::Column::Letter("B".into())];
    let err = state.inspect_with_profile(&first, &both).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("marks"), "{}", err.message);

    // Exported as the command line's JSON, columns by title and mapped labels among its values.
    let exported = dir.path().join("vendor.json");
    state.grant(&exported).unwrap();
    let mapped = vec![("Sometimes".to_string(), Ownership::Shared)];
    state
        .export_mapping_profile(&first, &vendor_profile(Some("Vendor")), &mapped, &exported)
        .unwrap();
    let written = demarc_import::load_profile(&exported).unwrap();
    assert_eq!(
        written.control_id,
        demarc_core::imported::Column::Title("Ref".into())
    );
    assert_eq!(written.values["Sometimes"], Ownership::Shared);

    // Imported with a named profile: kept in the engagement and the library.
    let request = MatrixImport {
        provider: "Vendor".into(),
        profile: Some(vendor_profile(Some("Vendor matrix"))),
        ..MatrixImport::default()
    };
    let report = state.import_file(&first, &request, None).unwrap();
    assert_eq!((report.layout.as_str(), report.rows), ("profile", 4));
    let library = dir.path().join("profiles/vendor matrix.json");
    assert!(library.exists(), "{}", library.display());

    // Next year's file, its columns moved: offered and read with the saved profile at once.
    let next = dir.path().join("vendor-2026.csv");
    std::fs::write(
        &next,
        UNKNOWN
            .lines()
            .map(|l| format!("x,{l}\n"))
            .collect::<String>(),
    )
    .unwrap();
    state.grant(&next).unwrap();
    let offered = state.inspect_file(&next).unwrap();
    assert_eq!(offered.offered.len(), 1, "{:?}", offered.offered);
    assert_eq!(
        offered.offered[0].source,
        demarc_app::ProfileSource::Engagement
    );
    let applied = offered.profile.unwrap();
    assert_eq!(applied.name.as_deref(), Some("Vendor matrix"));
    assert_eq!(offered.preview.report.tables[0].rows, 4);
    assert_eq!(offered.preview.report.tables[0].id_column, "B");

    // Another engagement knows it from the user's library.
    let other = dir.path().join("other.demarc");
    state.grant(&other).unwrap();
    state.create(&other, "Other client").unwrap();
    let from_library = state.inspect_file(&next).unwrap();
    assert_eq!(
        from_library.offered[0].source,
        demarc_app::ProfileSource::Library
    );
}

#[test]
fn a_new_engagement_is_set_up_from_the_window_and_its_undo_stays_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    assert!(
        state.current().unwrap().view.engagement.sample,
        "the demo is sample data"
    );
    let fresh = dir.path().join("acme.demarc");
    state.grant(&fresh).unwrap();
    let opened = state.create(&fresh, "Acme Health").unwrap();
    assert!(!opened.view.engagement.sample);

    state.add_engagement_framework(Framework::Soc2).unwrap();
    state.add_engagement_framework(Framework::Hipaa).unwrap();
    let window = ("2026-04-01".parse().ok(), "2027-03-31".parse().ok());
    state.set_audit_window(window.0, window.1).unwrap();
    let rds = state
        .add_service(&demarc_core::NewService {
            name: "Amazon RDS".into(),
            provider: "AWS".into(),
            model: demarc_core::ServiceModel::Paas,
            sensitivity: demarc_core::Sensitivity::Medium,
            data_types: vec![],
            frameworks: vec![Framework::Soc2, Framework::Hipaa],
        })
        .unwrap();
    state
        .set_data_types(rds.id, &[demarc_core::DataType::Phi])
        .unwrap();
    assert!(!state
        .matrix(&MatrixFilter {
            framework: Some(Framework::Hipaa),
            ..MatrixFilter::default()
        })
        .unwrap()
        .is_empty());

    let taken = state.remove_engagement_framework(Framework::Soc2).unwrap();
    assert_eq!(taken.services, vec!["Amazon RDS".to_string()]);
    let undone = state.undo().unwrap().unwrap();
    assert_eq!(undone.words, "Undid: removing SOC 2");
    let undone = state.undo().unwrap().unwrap();
    assert_eq!(undone.words, "Undid: Amazon RDS · data types back to none");
    // Down to the new file's first change, and never past it.
    while state.undo().unwrap().is_some() {}
    let e = state.current().unwrap().view.engagement;
    assert_eq!((e.client.as_str(), e.frameworks.len()), ("Acme Health", 0));
    assert_eq!(e.audit_start, None);
}

#[test]
fn a_subservice_organisation_a_report_names_joins_the_register_and_may_cover_the_services() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let mut details = soc2(("2026-01-01", "2026-06-30"), None);
    if let demarc_core::AttestationDetails::Soc2(r) = &mut details {
        r.subservice_organizations = vec!["Equinix".into()];
    }
    state
        .add_attestation(&demarc_core::NewAttestation {
            provider: "AWS".into(),
            services: vec!["Amazon EC2".into()],
            details: details.clone(),
            outside_scope: Vec::new(),
        })
        .unwrap();
    let register = state.register().unwrap();
    let equinix = register.iter().find(|p| p.name == "Equinix").unwrap();
    assert!(equinix.services.is_empty());
    assert!(equinix
        .third_party_services
        .contains(&"Amazon EC2".to_string()));
    let aws = register.iter().find(|p| p.name == "AWS").unwrap();
    assert!(aws.third_party_services.is_empty());

    // Its own report covering an AWS service is accepted.
    state
        .add_attestation(&demarc_core::NewAttestation {
            provider: "Equinix".into(),
            services: vec!["Amazon EC2".into()],
            details,
            outside_scope: Vec::new(),
        })
        .unwrap();
}

#[test]
fn the_wizard_reads_and_imports_an_oscal_ssp() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let plan = dir.path().join("aws-ssp.json");
    std::fs::write(
        &plan,
        r#"{"system-security-plan": {"metadata": {"title": "AWS SSP", "oscal-version": "1.1.2"},
            "control-implementation": {"implemented-requirements": [
              {"control-id": "ac-2", "statements": [{"statement-id": "ac-2_smt.a", "by-components": [
                {"component-uuid": "c", "description": "Accounts.",
                 "export": {"provided": [{"description": "We do."}],
                            "responsibilities": [{"description": "You do."}]}}]}]}]}}}"#,
    )
    .unwrap();
    state.grant(&plan).unwrap();
    let inspection = state.inspect_file(&plan).unwrap();
    assert!(inspection.sheets.is_empty() && inspection.unrecognised.is_none());
    let table = &inspection.preview.tables[0];
    assert_eq!(table.rows[0].cells[0], "ac-2_smt.a");
    assert_eq!(inspection.preview.report.tables[0].header_row, 0);
    let request = MatrixImport {
        provider: "AWS".into(),
        services: vec!["Amazon EC2".into()],
        ..MatrixImport::default()
    };
    let report = state.import_file(&plan, &request, None).unwrap();
    assert_eq!((report.layout.as_str(), report.rows), ("oscal_ssp", 1));
}

#[test]
fn the_work_plan_closes_many_tasks_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let plan = state.gap_plan(None).unwrap();
    assert!(plan.items.len() <= 30, "{} entries", plan.items.len());
    let tasks: Vec<String> = plan
        .items
        .iter()
        .flat_map(|i| &i.members)
        .filter(|m| m.kind == "customer_no_evidence" && m.count == 1)
        .take(20)
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(tasks.len(), 20);
    let open = |s: &AppState| s.gaps(None).unwrap().gaps.len();
    let before = open(&state);
    let evidence = NewEvidence {
        title: "Policy set".into(),
        location: "binder".into(),
        date: Some(demarc_store::today()),
        owner: Some("Dana".into()),
        due_date: None,
    };
    assert_eq!(
        state.attach_evidence_to_tasks(&tasks, &evidence).unwrap(),
        20
    );
    assert_eq!(open(&state), before - 20);
    let progress = state.burndown(None).unwrap();
    assert_eq!(progress.days.last().unwrap().gaps as usize, before - 20);
    state.undo().unwrap().unwrap();
    assert_eq!(open(&state), before);
    // A refused date crosses with its field.
    let e = state.gap_plan(Some("not a date")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("today"));
}

#[test]
fn an_export_can_write_the_readiness_report_beside_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let state = start(dir.path());
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    state.grant(&folder).unwrap();
    let request = demarc_app::ExportRequest {
        workbook: false,
        pdf: false,
        readiness: true,
        layouts: Vec::new(),
        ..export_request(&state, &["Stripe Payments"])
    };
    let done = state.export(&request, &folder, &mut |_| {}).unwrap();
    assert_eq!(names_in(&folder), ["demo-readiness.pdf"]);
    assert_eq!(done.files.len(), 1);
    let bytes = std::fs::read(folder.join("demo-readiness.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000);
}
