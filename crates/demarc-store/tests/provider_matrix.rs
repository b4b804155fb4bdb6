//! Provider matrices imported into an engagement: provenance per row, versions, the diff
//! between versions, remembered label mappings, refusals, and precedence in the control matrix.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};
use std::time::Instant;

use demarc_core::{
    Engagement, Framework, MatrixFilter, MatrixRow, NewService, OwnerSource, Ownership, Scope,
    Sensitivity, ServiceModel,
};
use demarc_import::{read_matrix, ReadOptions};
use demarc_store::{
    write_demo, ChangeKind, ControlSelector, EngagementFile, MatrixImport, StoreError,
};
use rusqlite::Connection;
use rust_xlsxwriter::Workbook;
use tempfile::TempDir;

const WHO: &str = "test";

/// A FedRAMP CRM sheet named `CRM`: title row, header row 2, then `(control, label, text)`.
fn crm(dir: &TempDir, name: &str, rows: &[(&str, &str, &str)]) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CRM").unwrap();
    ws.write_string(0, 0, "Acme PaaS Customer Responsibility Matrix")
        .unwrap();
    for (c, title) in [
        "Control ID",
        "Can Be Inherited from CSP",
        "Specific Inheritance and Customer Agency/CSP Responsibilities",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *title).unwrap();
    }
    for (r, (id, label, text)) in rows.iter().enumerate() {
        for (c, value) in [id, label, text].iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32 + 2, c as u16, **value).unwrap();
            }
        }
    }
    let path = dir.path().join(name);
    book.save(&path).unwrap();
    path
}

const V1: &[(&str, &str, &str)] = &[
    ("AC-01", "No", "Customers write their own access policy."),
    ("AC-02", "Partial", "Customers manage their own accounts."),
    ("AC-3(a)", "Yes", ""),
    ("AC-3(b)", "Yes", ""),
    ("SC-07", "Frobbed", ""),
    ("SI-02", "Yes", ""),
];

/// An engagement in scope for NIST SP 800-53 with one PaaS service of Acme.
fn engagement(dir: &TempDir) -> (EngagementFile, i64) {
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Nist80053];
    let mut file = EngagementFile::create(&dir.path().join("client.demarc"), &e).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "Acme Apps".into(),
                provider: "Acme".into(),
                model: ServiceModel::Paas,
                sensitivity: Sensitivity::Medium,
                data_types: vec![],
                frameworks: vec![Framework::Nist80053],
            },
            WHO,
        )
        .unwrap();
    (file, s.id)
}

fn import(file: &mut EngagementFile, path: &Path) -> demarc_store::ImportReport {
    let matrix = read_matrix(path, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "Acme".into(),
        ..MatrixImport::default()
    };
    file.import_matrix(matrix, &request, WHO).unwrap()
}

fn row(file: &EngagementFile, control: &str) -> MatrixRow {
    file.matrix(&MatrixFilter {
        service: Some("Acme Apps".into()),
        framework: Some(Framework::Nist80053),
        scope: None,
    })
    .unwrap()
    .into_iter()
    .find(|r| r.control_id == control)
    .unwrap_or_else(|| panic!("no row {control}"))
}

/// The one row of an entity-level control (AC-1, a policy: the client's own).
fn entity_row(file: &EngagementFile, control: &str) -> MatrixRow {
    let rows: Vec<MatrixRow> = file
        .matrix(&MatrixFilter {
            framework: Some(Framework::Nist80053),
            scope: Some(demarc_core::Scope::Entity),
            ..MatrixFilter::default()
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.control_id == control)
        .collect();
    assert_eq!(rows.len(), 1, "{control}");
    rows.into_iter().next().unwrap()
}

fn count(file: &EngagementFile, sql: &str) -> i64 {
    Connection::open(file.path())
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn import_stores_every_row_with_its_provenance() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    let path = crm(&dir, "acme-crm.xlsx", V1);
    let report = import(&mut file, &path);

    assert_eq!(report.version, 1);
    assert_eq!(report.file, "acme-crm.xlsx");
    assert_eq!(report.layout, "fedramp_crm");
    assert_eq!(
        report.services,
        ["Acme Apps"],
        "every service of the provider"
    );
    assert_eq!(report.rows, 6);
    let t = &report.tables[0];
    assert_eq!((t.sheet.as_str(), t.rows), ("CRM", 6));
    assert_eq!(t.original_counts["Yes"], 3);
    assert_eq!(t.normalized_counts[&Ownership::Provider], 3);
    assert_eq!(t.unknown_labels, ["Frobbed"]);

    let conn = Connection::open(file.path()).unwrap();
    let stored: (
        String,
        u32,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    ) = conn
        .query_row(
            "SELECT t.sheet, r.row_number, r.ownership_columns, r.control_id,
             r.control_id_normalized, r.label, r.ownership, r.customer_narrative
             FROM provider_matrix_row r JOIN provider_matrix_table t ON t.id = r.table_id
             WHERE r.control_id = 'AC-02'",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        stored,
        (
            "CRM".into(),
            4,
            "B".into(),
            "AC-02".into(),
            "AC-2".into(),
            "Partial".into(),
            "shared".into(),
            Some("Customers manage their own accounts.".into())
        )
    );
    let (sha, id_column): (String, String) = conn
        .query_row(
            "SELECT m.sha256, t.id_column FROM provider_matrix m
             JOIN provider_matrix_table t ON t.matrix_id = m.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(sha, report.sha256);
    assert_eq!(id_column, "A");
    assert_eq!(
        count(
            &file,
            "SELECT COUNT(*) FROM provider_matrix_row WHERE ownership = 'inherited'"
        ),
        0,
        "provider-side labels are stored as provider"
    );

    let log = file.decisions().unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.subject, "provider matrix \"Acme\" version 1");
    let logged = last.new_value.as_deref().unwrap();
    assert!(
        logged.contains("acme-crm.xlsx")
            && logged.contains(&report.sha256)
            && logged.contains("6 rows"),
        "{logged}"
    );
}

#[test]
fn a_newer_version_keeps_the_old_one_and_the_diff_lists_what_changed() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    import(&mut file, &crm(&dir, "v1.xlsx", V1));
    let v2 = crm(
        &dir,
        "v2.xlsx",
        &[
            ("AC-1", "No", "Customers write their own access policy.\n"),
            ("AC-2", "Yes", ""),
            ("AC-3(a)", "Yes", ""),
            ("AC-3(b)", "Yes", "Acme enforces access."),
            ("SI-02", "Yes", ""),
            ("AU-02", "No", ""),
        ],
    );
    let report = import(&mut file, &v2);
    assert_eq!(report.version, 2);
    assert_eq!(count(&file, "SELECT COUNT(*) FROM provider_matrix"), 2);
    assert_eq!(
        count(
            &file,
            "SELECT COUNT(*) FROM provider_matrix_row r JOIN provider_matrix_table t
             ON t.id = r.table_id JOIN provider_matrix m ON m.id = t.matrix_id
             WHERE m.version = 1"
        ),
        6,
        "version 1 keeps its rows"
    );
    assert_eq!(
        row(&file, "AC-2").owner,
        Ownership::Provider,
        "the latest version decides"
    );

    let changes = file.matrix_diff("acme").unwrap();
    let summary: Vec<(String, ChangeKind)> = changes
        .iter()
        .map(|c| (c.control.clone(), c.what.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "AC-2".to_string(),
                ChangeKind::Ownership {
                    old_label: "Partial".into(),
                    old_owner: Ownership::Shared,
                    new_label: "Yes".into(),
                    new_owner: Ownership::Provider,
                }
            ),
            (
                "AC-2".to_string(),
                ChangeKind::CustomerNarrative {
                    old: Some("Customers manage their own accounts.".into()),
                    new: None,
                }
            ),
            (
                "AC-3(b)".to_string(),
                ChangeKind::CustomerNarrative {
                    old: None,
                    new: Some("Acme enforces access.".into()),
                }
            ),
            (
                "AU-02".to_string(),
                ChangeKind::Added {
                    label: "No".into(),
                    owner: Ownership::Customer,
                }
            ),
            (
                "SC-07".to_string(),
                ChangeKind::Removed {
                    label: "Frobbed".into(),
                    owner: Ownership::Undetermined,
                }
            ),
        ],
        "AC-01 and AC-1 are one control; a trailing line break is no change"
    );
    assert_eq!((changes[0].sheet.as_str(), changes[0].row), ("CRM", 4));
}

#[test]
fn diff_needs_two_versions() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    let err = file.matrix_diff("Acme").unwrap_err();
    assert!(
        err.to_string().contains("no matrix of provider \"Acme\""),
        "{err}"
    );
    import(&mut file, &crm(&dir, "v1.xlsx", V1));
    let err = file.matrix_diff("Acme").unwrap_err();
    assert!(err.to_string().contains("only one version"), "{err}");
}

#[test]
fn remembered_label_mappings_apply_on_import() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    file.remember_label("  FROBBED ", Ownership::Customer, WHO)
        .unwrap();
    let report = import(&mut file, &crm(&dir, "v1.xlsx", V1));
    assert!(report.tables[0].unknown_labels.is_empty());
    assert_eq!(report.mapped_labels["Frobbed"], Ownership::Customer);
    let sc7 = row(&file, "SC-7");
    assert_eq!(
        (sc7.owner, sc7.source, sc7.provider_label.as_deref()),
        (
            Ownership::Customer,
            OwnerSource::ProviderMatrix,
            Some("Frobbed")
        )
    );

    // A mapping given with the import is remembered in the same transaction; `inherited`
    // reads as `provider` until vendor assurance says otherwise.
    let request = MatrixImport {
        provider: "Acme".into(),
        services: vec!["acme apps".into()],
        label_mappings: vec![("Frobbed".into(), Ownership::Inherited)],
        profile: None,
    };
    let matrix = read_matrix(&crm(&dir, "v2.xlsx", V1), &ReadOptions::default()).unwrap();
    let report = file.import_matrix(matrix, &request, WHO).unwrap();
    assert_eq!(report.services, ["Acme Apps"]);
    assert_eq!(row(&file, "SC-7").owner, Ownership::Provider);
    let mappings = file.label_mappings().unwrap();
    assert_eq!(mappings.len(), 1);
    assert_eq!(
        (mappings[0].label.as_str(), mappings[0].owner),
        ("Frobbed", Ownership::Inherited)
    );
    assert!(file
        .decisions()
        .unwrap()
        .iter()
        .any(|d| d.subject == "label mapping \"Frobbed\""
            && d.old_value.as_deref() == Some("customer")));
}

/// A plain CSV matrix of `(control, label)` rows.
fn csv_matrix(dir: &TempDir, name: &str, rows: &[(&str, &str)]) -> PathBuf {
    let mut text = String::from("Control ID,Responsibility\n");
    for (id, label) in rows {
        text += &format!("{id},{label}\n");
    }
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_label_naming_the_matrix_provider_or_an_alias_of_it_is_provider() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    let path = csv_matrix(
        &dir,
        "aws.csv",
        &[
            ("AC-2", "AWS"),
            ("AC-3", "Amazon Web Services"),
            ("AC-4", "amazon"),
            ("AC-5", "Amazon Web Services (AWS)"),
            ("AC-6", "Google"),
            ("AC-7", "Customer"),
            ("AC-8", "Frobbed"),
        ],
    );
    let matrix = read_matrix(&path, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "AWS".into(),
        services: vec!["Acme Apps".into()],
        // A person's mapping wins over the provider's name.
        label_mappings: vec![("amazon".into(), Ownership::Shared)],
        profile: None,
    };
    let report = file.import_matrix(matrix, &request, WHO).unwrap();
    let t = &report.tables[0];
    assert_eq!(t.unknown_labels, ["Google", "Frobbed"], "{t:#?}");
    assert_eq!(t.normalized_counts[&Ownership::Provider], 3, "{t:#?}");
    assert_eq!(
        report.provider_labels,
        ["AWS", "Amazon Web Services", "Amazon Web Services (AWS)"]
    );
    assert_eq!(row(&file, "AC-2").owner, Ownership::Provider);
    assert_eq!(row(&file, "AC-2").provider_label.as_deref(), Some("AWS"));
    assert_eq!(row(&file, "AC-4").owner, Ownership::Shared);

    // The same labels in another provider's matrix stay for a person to map.
    let matrix = read_matrix(&path, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "Acme".into(),
        ..MatrixImport::default()
    };
    let report = file.import_matrix(matrix, &request, WHO).unwrap();
    assert!(report.provider_labels.is_empty());
    assert!(report.tables[0]
        .unknown_labels
        .contains(&"Amazon Web Services".to_string()));
}

#[test]
fn an_unknown_service_is_refused_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    let decisions = file.decisions().unwrap().len();
    let matrix = read_matrix(&crm(&dir, "v1.xlsx", V1), &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "Acme".into(),
        services: vec!["Acme Apps".into(), "Acme Queues".into()],
        label_mappings: vec![("Frobbed".into(), Ownership::Customer)],
        profile: None,
    };
    let err = file.import_matrix(matrix, &request, WHO).unwrap_err();
    assert!(
        matches!(&err, StoreError::UnknownService { name } if name == "Acme Queues"),
        "{err}"
    );
    assert!(err.to_string().contains("Acme Queues"));
    for table in [
        "provider_matrix",
        "provider_matrix_table",
        "provider_matrix_row",
        "provider_matrix_service",
        "label_mapping",
    ] {
        assert_eq!(
            count(&file, &format!("SELECT COUNT(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    assert_eq!(file.decisions().unwrap().len(), decisions);
}

#[test]
fn precedence_override_then_provider_matrix_then_layer_default() {
    let dir = TempDir::new().unwrap();
    let (mut file, service) = engagement(&dir);
    let before = row(&file, "AC-2");
    assert_eq!(before.source, OwnerSource::LayerDefault);
    assert_eq!(before.provider_label, None);
    import(&mut file, &crm(&dir, "acme-crm.xlsx", V1));

    // AC-1 (a policy) is the client's own once: no provider's matrix decides it.
    let ac1 = entity_row(&file, "AC-1");
    assert_eq!(
        (ac1.owner, ac1.source, ac1.provider_label),
        (Ownership::Customer, OwnerSource::LayerDefault, None)
    );
    // (control, owner, source, provider label)
    let expected = [
        (
            "AC-2",
            Ownership::Shared,
            OwnerSource::ProviderMatrix,
            Some("Partial"),
        ),
        // Only statement parts: they agree, so they speak for the control.
        (
            "AC-3",
            Ownership::Provider,
            OwnerSource::ProviderMatrix,
            Some("Yes"),
        ),
        // An unmapped label decides nothing but stays visible.
        (
            "SC-7",
            row(&file, "SC-7").default_owner,
            OwnerSource::LayerDefault,
            Some("Frobbed"),
        ),
        (
            "AU-2",
            row(&file, "AU-2").default_owner,
            OwnerSource::LayerDefault,
            None,
        ),
    ];
    for (control, owner, source, label) in expected {
        let r = row(&file, control);
        assert_eq!(
            (r.owner, r.source, r.provider_label.as_deref()),
            (owner, source, label),
            "{control}"
        );
    }
    let ac2 = row(&file, "AC-2").provider_source.unwrap();
    assert_eq!(
        (ac2.file.as_str(), ac2.sheet.as_str(), ac2.row, ac2.version),
        ("acme-crm.xlsx", "CRM", 4, 1)
    );
    assert_eq!(
        (ac2.control_id.as_str(), ac2.columns.clone()),
        ("AC-02", vec!["B".to_string()])
    );
    let ac3 = row(&file, "AC-3").provider_source.unwrap();
    assert_eq!((ac3.control_id.as_str(), ac3.row), ("AC-3(a)", 5));

    file.set_control_owner(
        Some(service),
        Some(Framework::Nist80053),
        &ControlSelector::Control("AC-2".into()),
        Ownership::Customer,
        "We run the accounts ourselves",
        WHO,
    )
    .unwrap();
    let ac2 = row(&file, "AC-2");
    assert_eq!(
        (ac2.owner, ac2.source),
        (Ownership::Customer, OwnerSource::Override)
    );
    assert_eq!(
        ac2.provider_label.as_deref(),
        Some("Partial"),
        "still visible"
    );
}

#[test]
fn an_exact_row_beats_statement_parts_and_parts_that_differ_are_shared() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    import(
        &mut file,
        &crm(
            &dir,
            "parts.xlsx",
            &[
                ("AC-2(a)", "No", ""),
                ("AC-02", "Yes", ""),
                ("AC-3(a)", "Yes", ""),
                ("AC-3(b)", "No", ""),
            ],
        ),
    );
    let ac2 = row(&file, "AC-2");
    assert_eq!(
        (ac2.owner, ac2.provider_label.as_deref()),
        (Ownership::Provider, Some("Yes"))
    );
    let ac3 = row(&file, "AC-3");
    assert_eq!(ac3.owner, Ownership::Shared);
    assert_eq!(
        ac3.provider_label.as_deref(),
        Some("AC-3(a): Yes; AC-3(b): No")
    );
}

#[test]
fn a_matrix_applies_only_to_its_services() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    file.add_service(
        &NewService {
            name: "Other".into(),
            provider: "Elsewhere".into(),
            model: ServiceModel::Iaas,
            sensitivity: Sensitivity::Low,
            data_types: vec![],
            frameworks: vec![Framework::Nist80053],
        },
        WHO,
    )
    .unwrap();
    import(&mut file, &crm(&dir, "v1.xlsx", V1));
    let rows = file
        .matrix(&MatrixFilter {
            service: Some("Other".into()),
            framework: None,
            scope: None,
        })
        .unwrap();
    assert!(rows.iter().all(|r| r.provider_source.is_none()));
}

/// The real cloud.gov CIS/CRM workbook into the demo engagement, for a FedRAMP PaaS service.
#[test]
fn cloud_gov_workbook_into_the_demo_engagement() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/cloudgov_CIS-Worksheet_2025.xlsx");
    if !fixture.exists() {
        eprintln!(
            "SKIPPED: ../shared/fixtures not found ({})",
            fixture.display()
        );
        return;
    }
    let dir = TempDir::new().unwrap();
    let mut file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    let mut e = file.engagement().unwrap();
    e.frameworks.push(Framework::Fedramp);
    file.update_engagement(&e).unwrap();
    file.add_service(
        &NewService {
            name: "cloud.gov".into(),
            provider: "GSA".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks: vec![Framework::Fedramp],
        },
        WHO,
    )
    .unwrap();

    let started = Instant::now();
    let matrix = read_matrix(&fixture, &ReadOptions::default()).unwrap();
    let read = started.elapsed();
    let request = MatrixImport {
        provider: "cloud.gov".into(),
        services: vec!["cloud.gov".into()],
        label_mappings: vec![],
        profile: None,
    };
    let report = file.import_matrix(matrix, &request, WHO).unwrap();
    let imported = started.elapsed();

    let crm = report
        .tables
        .iter()
        .find(|t| t.sheet == "PaaS CRM")
        .unwrap();
    assert_eq!(crm.rows, 616);
    let counts: Vec<(&str, usize)> = crm
        .original_counts
        .iter()
        .map(|(l, n)| (l.as_str(), *n))
        .collect();
    assert_eq!(counts, [("No", 350), ("Partial", 142), ("Yes", 124)]);

    let conn = Connection::open(file.path()).unwrap();
    let (rows, first, last): (i64, u32, u32) = conn
        .query_row(
            "SELECT COUNT(*), MIN(r.row_number), MAX(r.row_number) FROM provider_matrix_row r
             JOIN provider_matrix_table t ON t.id = r.table_id WHERE t.sheet = 'PaaS CRM'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((rows, first), (616, 4));
    assert!(last >= 619, "last row {last}");

    let started_matrix = Instant::now();
    let rows = file
        .matrix(&MatrixFilter {
            service: Some("cloud.gov".into()),
            framework: Some(Framework::Fedramp),
            scope: None,
        })
        .unwrap();
    let matrix_time = started_matrix.elapsed();
    let from_provider: Vec<&MatrixRow> = rows
        .iter()
        .filter(|r| r.source == OwnerSource::ProviderMatrix)
        .collect();
    // The CRM decides the service's own rows; the client's entity-level controls (policies,
    // training, personnel) stay the client's, whatever the provider wrote for its own.
    let system = rows.iter().filter(|r| r.scope == Scope::System).count();
    assert!(
        from_provider.len() > 200 && from_provider.len() * 10 > system * 8,
        "{} of {system} system rows",
        from_provider.len(),
    );
    assert!(from_provider.iter().all(|r| r.scope == Scope::System));
    for r in &from_provider {
        let source = r.provider_source.as_ref().unwrap();
        assert_eq!(source.file, "cloudgov_CIS-Worksheet_2025.xlsx");
        assert_eq!(source.sheet, "PaaS CRM", "the CRM speaks before the CIS");
        assert!(
            ["Yes", "Partial", "No"].contains(&r.provider_label.as_deref().unwrap()),
            "{r:?}"
        );
    }
    eprintln!(
        "cloud.gov: {} rows stored ({} tables), read {read:?}, read and stored {imported:?}; \
         FedRAMP matrix of {} rows with {} from the provider matrix in {matrix_time:?}",
        report.rows,
        report.tables.len(),
        rows.len(),
        from_provider.len()
    );
}

#[test]
fn a_version_2_file_migrates_and_takes_an_import() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.demarc");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x444D_5243)
            .unwrap();
        conn.execute_batch(include_str!("../src/migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(include_str!("../src/migrations/0002_control_matrix.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO engagement (id, client, name, created_at)
                 VALUES (1, 'Old Co', 'Old Co matrix', '2026-01-01T00:00:00Z');
             INSERT INTO engagement_framework VALUES ('nist80053');
             INSERT INTO provider (id, name) VALUES (1, 'Acme');
             INSERT INTO service (id, provider_id, name, model) VALUES (1, 1, 'Acme Apps', 'paas');
             INSERT INTO service_framework VALUES (1, 'nist80053');
             INSERT INTO control_row (service_id, framework, control_id, override_owner, reason)
                 VALUES (1, 'nist80053', 'AC-1', 'shared', 'agreed in the workshop');",
        )
        .unwrap();
        for layer in demarc_core::Layer::ALL {
            let owner = demarc_core::default_owner(ServiceModel::Paas, layer);
            conn.execute(
                "INSERT INTO service_layer (service_id, layer, default_owner) VALUES (1, ?1, ?2)",
                [layer.id(), owner.id()],
            )
            .unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
    }

    let mut file = EngagementFile::open(&path).unwrap();
    assert!(dir.path().join("old.demarc.v2.bak").exists());
    assert_eq!(count(&file, "SELECT COUNT(*) FROM provider_matrix"), 0);
    assert!(file.label_mappings().unwrap().is_empty());
    let report = import(&mut file, &crm(&dir, "v1.xlsx", V1));
    assert_eq!(report.version, 1);
    // The old per-service decision on AC-1, an entity-level control, carries to its one row.
    let ac1 = entity_row(&file, "AC-1");
    assert_eq!(
        (ac1.owner, ac1.source, ac1.reason.as_deref()),
        (
            Ownership::Shared,
            OwnerSource::Override,
            Some("agreed in the workshop")
        )
    );
    assert_eq!(row(&file, "AC-2").source, OwnerSource::ProviderMatrix);
}

#[test]
fn a_framework_brought_into_scope_shows_the_provider_rows_and_is_logged_once() {
    let dir = TempDir::new().unwrap();
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(&dir.path().join("client.demarc"), &e).unwrap();
    let service = file
        .add_service(
            &NewService {
                name: "Acme Apps".into(),
                provider: "Acme".into(),
                model: ServiceModel::Paas,
                sensitivity: Sensitivity::Medium,
                data_types: vec![],
                frameworks: vec![Framework::Soc2],
            },
            WHO,
        )
        .unwrap();
    import(&mut file, &crm(&dir, "v1.xlsx", V1));
    let nist = MatrixFilter {
        service: None,
        framework: Some(Framework::Nist80053),
        scope: None,
    };
    assert!(file.matrix(&nist).unwrap().is_empty());

    let decisions = file.decisions().unwrap().len();
    file.add_framework(service.id, Framework::Nist80053, WHO)
        .unwrap();
    file.add_framework(service.id, Framework::Nist80053, WHO)
        .unwrap();
    assert_eq!(file.decisions().unwrap().len(), decisions + 1);
    assert!(file
        .engagement()
        .unwrap()
        .frameworks
        .contains(&Framework::Nist80053));
    assert_eq!(row(&file, "AC-2").source, OwnerSource::ProviderMatrix);

    let unknown = file.add_framework(service.id + 99, Framework::Fedramp, WHO);
    assert!(unknown.is_err());
}

#[test]
fn a_matrix_row_opens_the_provider_row_it_came_from() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    import(&mut file, &crm(&dir, "crm.xlsx", V1));
    let ac2 = row(&file, "AC-2");
    let source = ac2.provider_source.clone().unwrap();
    let provider_row = file.provider_row(&source).unwrap();
    assert_eq!(provider_row.control_id, "AC-02");
    assert_eq!(provider_row.label, "Partial");
    let words = [
        provider_row.provider_narrative,
        provider_row.customer_narrative,
    ];
    assert!(
        words
            .iter()
            .flatten()
            .any(|t| t == "Customers manage their own accounts."),
        "{words:?}"
    );

    let missing = demarc_core::ProviderSource { row: 999, ..source };
    let err = file.provider_row(&missing).unwrap_err().to_string();
    assert!(
        err.starts_with("source: no row 999 in sheet \"CRM\""),
        "{err}"
    );
}

#[test]
fn a_provider_row_keeps_its_implementation_answer_and_the_importer_note() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    let path = dir.path().join("caiq.csv");
    std::fs::write(
        &path,
        "Question ID,CSP CAIQ Answer,SSRM Control Ownership\nAC-2,Yes,CSP-owned\nAC-3,No,CSC-owned\n",
    )
    .unwrap();
    import(&mut file, &path);
    let source = row(&file, "AC-2").provider_source.unwrap();
    let stored = file.provider_row(&source).unwrap();
    assert_eq!(stored.implementation.as_deref(), Some("Yes"));
    assert_eq!((stored.note, stored.location), (None, None));
}

/// The OSCAL files `demarc-import`'s tests make with compliance-trestle, or `None` (with a
/// loud SKIPPED) without its venv.
fn trestle_ssp(dir: &TempDir) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join("target/trestle-venv/bin/python");
    if !python.exists() {
        eprintln!(
            "\n*** SKIPPED: {} is absent; no OSCAL import ***\n",
            python.display()
        );
        return None;
    }
    let out = std::process::Command::new(python)
        .arg(root.join("crates/demarc-import/tests/oscal/make_oscal.py"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(dir.path().join("provider-ssp.json"))
}

#[test]
fn an_oscal_ssp_imports_statement_rows_that_decide_their_controls() {
    let dir = TempDir::new().unwrap();
    let Some(plan) = trestle_ssp(&dir) else {
        return;
    };
    let (mut file, _) = engagement(&dir);
    let report = import(&mut file, &plan);
    assert_eq!((report.layout.as_str(), report.rows), ("oscal_ssp", 8));
    assert_eq!(
        report.document.title.as_deref(),
        Some("Acme Cloud PaaS System Security Plan")
    );
    // AC-2 is given by its statement parts, which differ: shared, from the first part's row.
    let ac2 = row(&file, "AC-2");
    assert_eq!(
        (ac2.owner, ac2.source),
        (Ownership::Shared, OwnerSource::ProviderMatrix)
    );
    let source = ac2.provider_source.unwrap();
    assert_eq!(
        (source.sheet.as_str(), source.row),
        ("control-implementation", 2)
    );
    assert_eq!(source.control_id, "ac-2_smt.a");
    let stored = file.provider_row(&source).unwrap();
    assert_eq!(
        stored.location.as_deref(),
        Some("$.system-security-plan.control-implementation.implemented-requirements[1].statements[0].by-components[0]")
    );
    assert_eq!(stored.implementation.as_deref(), Some("implemented"));
    assert_eq!(
        stored.customer_narrative.as_deref(),
        Some("The customer defines the account types of its buckets.")
    );
    assert_eq!(row(&file, "AU-2").owner, Ownership::Shared);
    assert_eq!(row(&file, "SC-28").owner, Ownership::Customer);
    assert_eq!(row(&file, "SC-7").owner, Ownership::NotApplicable);
}

#[test]
fn the_report_counts_the_control_matrix_rows_an_import_reaches() {
    let dir = TempDir::new().unwrap();
    let (mut file, _) = engagement(&dir);
    // AC-2, AC-3 (from two statement parts), SC-7 and SI-2 of the one service; AC-1 is the
    // client's own policy, an entity-level row no provider matrix reaches.
    let report = import(&mut file, &crm(&dir, "v1.xlsx", V1));
    assert_eq!((report.rows, report.matrix_rows), (6, 4));

    // The same matrix for a service in scope of SOC 2 only: stored, and reaching nothing.
    let dir = TempDir::new().unwrap();
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(&dir.path().join("client.demarc"), &e).unwrap();
    file.add_service(
        &NewService {
            name: "Acme Apps".into(),
            provider: "Acme".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks: vec![Framework::Soc2],
        },
        WHO,
    )
    .unwrap();
    let report = import(&mut file, &crm(&dir, "v1.xlsx", V1));
    assert_eq!((report.rows, report.matrix_rows), (6, 0));
}

/// The Azure Key Vault baseline speaks in Microsoft cloud security benchmark IDs, which no
/// framework of the demo has: 36 rows stored, none reaching the control matrix.
#[test]
fn the_key_vault_baseline_reaches_no_control_of_the_demo() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/msft_key-vault-security-baseline-v3.xlsx");
    if !fixture.exists() {
        eprintln!(
            "SKIPPED: ../shared/fixtures not found ({})",
            fixture.display()
        );
        return;
    }
    let dir = TempDir::new().unwrap();
    let mut file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    let frameworks = file.engagement().unwrap().frameworks;
    file.add_service(
        &NewService {
            name: "Azure Key Vault".into(),
            provider: "Microsoft".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::High,
            data_types: vec![],
            frameworks,
        },
        WHO,
    )
    .unwrap();
    let matrix = read_matrix(&fixture, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "Microsoft".into(),
        services: vec!["Azure Key Vault".into()],
        ..MatrixImport::default()
    };
    let report = file.import_matrix(matrix, &request, WHO).unwrap();
    assert_eq!((report.rows, report.matrix_rows), (36, 0));
}
