//! Column-mapping profiles saved in the engagement: by name, logged, refused without a name or
//! when they contradict themselves, and saved with the import that used them.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use demarc_core::imported::{Column, MappingProfile, MarkColumn};
use demarc_core::{Engagement, Framework, NewService, Ownership, Sensitivity, ServiceModel};
use demarc_import::{read_matrix, ReadOptions};
use demarc_store::{EngagementFile, MatrixImport, StoreError};
use tempfile::TempDir;

const WHO: &str = "test";

fn engagement(dir: &TempDir) -> EngagementFile {
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Nist80053];
    let mut file = EngagementFile::create(&dir.path().join("client.demarc"), &e).unwrap();
    file.add_service(
        &NewService {
            name: "Vendor PaaS".into(),
            provider: "Vendor".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks: vec![Framework::Nist80053],
        },
        WHO,
    )
    .unwrap();
    file
}

fn profile(name: Option<&str>) -> MappingProfile {
    MappingProfile {
        name: name.map(str::to_string),
        sheet: None,
        header_row: None,
        header_rows: None,
        first_row: None,
        last_row: None,
        control_id: Column::Title("Ref".into()),
        ownership: Vec::new(),
        marks: vec![
            MarkColumn {
                column: Column::Title("Vendor".into()),
                owner: Ownership::Provider,
            },
            MarkColumn {
                column: Column::Title("Client".into()),
                owner: Ownership::Customer,
            },
        ],
        provider_narrative: None,
        customer_narrative: None,
        section: None,
        values: Default::default(),
    }
}

fn field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("{other}"),
    }
}

#[test]
fn profiles_are_saved_by_name_and_logged() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    file.save_mapping_profile(&profile(Some(" Vendor matrix ")), WHO)
        .unwrap();
    let saved = file.mapping_profiles().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name.as_deref(), Some("Vendor matrix"));
    assert_eq!(saved[0].marks, profile(None).marks);

    // The same name in other case replaces it; saving it unchanged logs nothing.
    let mut changed = profile(Some("VENDOR MATRIX"));
    changed.header_row = Some(2);
    file.save_mapping_profile(&changed, WHO).unwrap();
    file.save_mapping_profile(&changed, WHO).unwrap();
    let saved = file.mapping_profiles().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].header_row, Some(2));
    let entries: Vec<_> = file
        .decisions()
        .unwrap()
        .into_iter()
        .filter(|d| serde_json::to_value(&d.about).unwrap()["kind"] == "mapping_profile")
        .collect();
    assert_eq!(entries.len(), 2, "{entries:#?}");
    assert!(
        entries[1].old_value.is_some()
            && entries[1]
                .new_value
                .as_deref()
                .unwrap()
                .contains("\"header_row\":2")
    );

    assert_eq!(
        field(file.save_mapping_profile(&profile(None), WHO).unwrap_err()),
        "name"
    );
    let mut both = profile(Some("both"));
    both.ownership = vec![Column::Letter("B".into())];
    assert_eq!(
        field(file.save_mapping_profile(&both, WHO).unwrap_err()),
        "marks"
    );
    assert_eq!(file.mapping_profiles().unwrap().len(), 1);
}

#[test]
fn an_import_saves_its_named_profile_in_the_same_transaction() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    let csv = dir.path().join("vendor.csv");
    std::fs::write(&csv, "Ref,Vendor,Client\nAC-2,x,\nAC-3,,x\n").unwrap();
    let options = ReadOptions {
        profile: Some(profile(Some("Vendor matrix"))),
        ..ReadOptions::default()
    };
    let request = |services: Vec<String>| MatrixImport {
        provider: "Vendor".into(),
        services,
        profile: options.profile.clone(),
        ..MatrixImport::default()
    };
    // Refused (no such service): nothing is kept, the profile neither.
    let matrix = read_matrix(&csv, &options).unwrap();
    file.import_matrix(matrix, &request(vec!["Nope".into()]), WHO)
        .unwrap_err();
    assert!(file.mapping_profiles().unwrap().is_empty());

    let matrix = read_matrix(&csv, &options).unwrap();
    let report = file.import_matrix(matrix, &request(vec![]), WHO).unwrap();
    assert_eq!((report.layout.as_str(), report.rows), ("profile", 2));
    assert_eq!(
        file.mapping_profiles().unwrap()[0].name.as_deref(),
        Some("Vendor matrix")
    );
}
