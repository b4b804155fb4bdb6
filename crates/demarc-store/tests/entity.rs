//! Entity-level controls: the client's once for the engagement, one row with no service; moved
//! to and from the system level with a reason; untouched by a service's layer overrides.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::NaiveDate;
use demarc_core::{
    Engagement, Framework, GapKind, Layer, MatrixFilter, MatrixRow, NewEvidence, NewService,
    OwnerSource, Ownership, RowField, RowKey, Scope, Sensitivity, ServiceModel, Subject,
};
use demarc_store::{write_demo, ControlSelector, EngagementFile, StoreError};

const WHO: &str = "test";

fn demo() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

fn rows_of(file: &EngagementFile, framework: Framework, control: &str) -> Vec<MatrixRow> {
    file.matrix(&MatrixFilter {
        framework: Some(framework),
        ..MatrixFilter::default()
    })
    .unwrap()
    .into_iter()
    .filter(|r| r.control_id == control)
    .collect()
}

/// The one row of an entity-level control.
fn entity(file: &EngagementFile, framework: Framework, control: &str) -> MatrixRow {
    let mut rows = rows_of(file, framework, control);
    assert_eq!(rows.len(), 1, "{control}: one row, not one per service");
    let row = rows.remove(0);
    assert_eq!(row.scope, Scope::Entity, "{control}");
    assert_eq!((row.service_id, row.service.as_deref()), (None, None));
    row
}

/// The demo's services in scope for SOC 2.
fn soc2_services(file: &EngagementFile) -> usize {
    let view = file.view().unwrap();
    let soc2 = view.services.iter();
    soc2.filter(|s| s.frameworks.contains(&Framework::Soc2))
        .count()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

#[test]
fn cc1_1_appears_once_in_the_demo_matrix() {
    let (_dir, file) = demo();
    let row = entity(&file, Framework::Soc2, "CC1.1");
    assert_eq!(
        (row.owner, row.source),
        (Ownership::Customer, OwnerSource::LayerDefault)
    );
    assert!(row.explanation.contains("client"), "{}", row.explanation);
    // System-level controls stay per service: CC6.1 on every SOC 2 service.
    let cc6_1 = rows_of(&file, Framework::Soc2, "CC6.1");
    assert_eq!(cc6_1.len(), soc2_services(&file));
    assert!(cc6_1
        .iter()
        .all(|r| r.scope == Scope::System && r.service_id.is_some()));
    // PCI DSS 12.x and the HIPAA administrative safeguards too, once each.
    entity(&file, Framework::PciDss, "12.8.5");
    entity(&file, Framework::Hipaa, "164.308(a)(1)(ii)(A)");
    // A filter by service leaves the entity rows out; a filter by scope keeps only them.
    let ec2 = file
        .matrix(&MatrixFilter {
            service: Some("Amazon EC2".into()),
            ..MatrixFilter::default()
        })
        .unwrap();
    assert!(ec2.iter().all(|r| r.scope == Scope::System));
    let entity_only = file
        .matrix(&MatrixFilter {
            scope: Some(Scope::Entity),
            ..MatrixFilter::default()
        })
        .unwrap();
    assert!(!entity_only.is_empty());
    assert!(entity_only.iter().all(|r| r.service.is_none()));
}

#[test]
fn an_entity_control_is_in_scope_whatever_services_carry_its_framework() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Engagement::new("Acme");
    e.frameworks = vec![Framework::Soc2];
    let file = EngagementFile::create(&dir.path().join("a.demarc"), &e).unwrap();
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    assert!(rows.iter().any(|r| r.control_id == "CC1.1"));
    assert!(rows.iter().all(|r| r.scope == Scope::Entity));
}

#[test]
fn no_evidence_gaps_of_entity_controls_come_once() {
    let (_dir, file) = demo();
    let gaps = file.gaps(day()).unwrap();
    let cc1_1: Vec<_> = gaps
        .gaps
        .iter()
        .filter(|g| g.kind == GapKind::CustomerNoEvidence && g.control.as_deref() == Some("CC1.1"))
        .collect();
    assert_eq!(cc1_1.len(), 1);
    assert_eq!(cc1_1[0].service, None);
    assert_eq!(cc1_1[0].provider, None);
}

#[test]
fn a_client_devices_override_leaves_the_workstation_safeguards_alone() {
    let (_dir, mut file) = demo();
    // The demo marks EC2's client devices not applicable; a SaaS service with every layer
    // the provider's or not applicable must not move the safeguards either.
    let entra = file.service_id("Microsoft Entra ID").unwrap();
    file.set_layer_owner(
        entra,
        Layer::Endpoints,
        Ownership::NotApplicable,
        "no devices",
        WHO,
    )
    .unwrap();
    for control in [
        "164.310(b)",
        "164.310(c)",
        "164.310(d)(1)",
        "164.310(d)(2)(iii)",
        "164.308(a)(3)(ii)(C)",
    ] {
        let row = entity(&file, Framework::Hipaa, control);
        assert_eq!(row.owner, Ownership::Customer, "{control}");
        assert!(row.attestation.is_none(), "{control}");
    }
    // POI devices are the client's, not a cloud service's: one row, which the demo's PCI DSS
    // profile (no card-present channel) rules out, not any service's layer.
    let poi = entity(&file, Framework::PciDss, "9.5.1.1");
    assert_eq!(
        (poi.owner, poi.source),
        (Ownership::NotApplicable, OwnerSource::Scoping)
    );
    // Disposal and media re-use are about the physical hosts' media: per service, the
    // provider's, whatever the client devices.
    for r in rows_of(&file, Framework::Hipaa, "164.310(d)(2)(i)") {
        assert!(r.service_id.is_some());
        assert!(r.owner.is_provider_side(), "{:?}", r.service);
    }
    // A control about the layer's technology still follows the layer: automatic logoff
    // (164.312(a)(2)(iii)) touches client devices and the application.
    let ec2 = file.service_id("Amazon EC2").unwrap();
    let logoff = rows_of(&file, Framework::Hipaa, "164.312(a)(2)(iii)");
    assert!(logoff.iter().any(|r| r.service_id == Some(ec2)));
}

#[test]
fn a_layer_override_never_moves_an_entity_row() {
    let (_dir, mut file) = demo();
    let before: Vec<MatrixRow> = file
        .matrix(&MatrixFilter {
            scope: Some(Scope::Entity),
            ..MatrixFilter::default()
        })
        .unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    for layer in Layer::ALL {
        file.set_layer_owner(ec2, layer, Ownership::NotApplicable, "gone", WHO)
            .unwrap();
    }
    let after: Vec<MatrixRow> = file
        .matrix(&MatrixFilter {
            scope: Some(Scope::Entity),
            ..MatrixFilter::default()
        })
        .unwrap();
    assert_eq!(before, after);
    // Only the scoping profile makes an entity row not applicable, never a layer.
    assert!(after
        .iter()
        .filter(|r| r.source != OwnerSource::Scoping)
        .all(|r| !matches!(
            r.owner,
            Ownership::NotApplicable | Ownership::Inherited | Ownership::Provider
        )));
}

#[test]
fn entity_row_setters_are_logged_and_the_owner_undone() {
    let (_dir, mut file) = demo();
    let soc2 = Framework::Soc2;
    let changed = file
        .set_control_owner(
            None,
            Some(soc2),
            &ControlSelector::Control("CC1.1".into()),
            Ownership::Shared,
            "HR writes the code, each team trains on it",
            WHO,
        )
        .unwrap();
    assert_eq!(changed, 1);
    let row = entity(&file, soc2, "CC1.1");
    assert_eq!(
        (row.owner, row.source),
        (Ownership::Shared, OwnerSource::Override)
    );

    file.set_customer_part(None, soc2, "CC1.1", "HR publishes the code", WHO)
        .unwrap();
    file.set_na_justification(None, soc2, "CC1.2", "no board", WHO)
        .unwrap();
    file.set_row_owner(None, soc2, "CC1.1", "Priya Raman", WHO)
        .unwrap();
    file.set_reviewed(None, soc2, "CC1.1", "Marcus", day())
        .unwrap();
    let evidence = NewEvidence {
        title: "Code of conduct".into(),
        location: "intranet/code.pdf".into(),
        date: None,
        owner: None,
        due_date: None,
    };
    let row = file
        .add_evidence(None, soc2, "CC1.1", &evidence, WHO)
        .unwrap();
    assert_eq!(row.customer_part.as_deref(), Some("HR publishes the code"));
    assert_eq!(row.row_owner.as_deref(), Some("Priya Raman"));
    assert_eq!(row.last_reviewed.unwrap().by, "Marcus");
    assert_eq!(row.evidence.len(), 1);
    assert_eq!(
        entity(&file, soc2, "CC1.2").na_justification.as_deref(),
        Some("no board")
    );
    // Nothing was written on any service's row.
    assert!(rows_of(&file, soc2, "CC1.1")[0].service_id.is_none());
    // The log says the entity row, not a service.
    let log = file.decisions().unwrap();
    let fields: Vec<RowField> = log
        .iter()
        .filter_map(|d| match &d.about {
            Subject::Entity {
                framework,
                control_id,
                field,
            } if *framework == soc2 && control_id == "CC1.1" => Some(*field),
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [
            RowField::Owner,
            RowField::CustomerPart,
            RowField::RowOwner,
            RowField::Reviewed,
            RowField::Evidence
        ]
    );
    assert!(log
        .iter()
        .any(|d| d.subject == "entity control soc2 CC1.1 owner"));
    // A reason is required, as for any override.
    let refused = file.set_control_owner(
        None,
        Some(soc2),
        &ControlSelector::Control("CC1.1".into()),
        Ownership::Customer,
        " ",
        WHO,
    );
    assert!(matches!(refused, Err(StoreError::Invalid { ref field, .. }) if field == "reason"));

    // Undo puts the owner back, redo sets it again.
    let undone = file.undo(WHO).unwrap().unwrap();
    assert!(
        undone.contains("entity control soc2 CC1.1 owner"),
        "{undone}"
    );
    let row = entity(&file, soc2, "CC1.1");
    assert_eq!(
        (row.owner, row.source),
        (Ownership::Customer, OwnerSource::LayerDefault)
    );
    file.redo(WHO).unwrap().unwrap();
    assert_eq!(entity(&file, soc2, "CC1.1").owner, Ownership::Shared);
}

#[test]
fn a_system_control_of_the_entity_level_is_refused_by_service() {
    let (_dir, mut file) = demo();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    let refused = file.set_customer_part(Some(ec2), Framework::Soc2, "CC1.1", "x", WHO);
    assert!(
        matches!(refused, Err(StoreError::Invalid { ref field, ref message }) if field == "control" && message.contains("entity")),
        "{refused:?}"
    );
    let refused = file.set_customer_part(None, Framework::Soc2, "CC6.1", "x", WHO);
    assert!(matches!(refused, Err(StoreError::Invalid { ref field, .. }) if field == "control"));
}

#[test]
fn row_keys_name_entity_rows_with_no_service() {
    let (_dir, mut file) = demo();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    let keys = [
        RowKey {
            service_id: None,
            framework: Framework::Soc2,
            control_id: "CC2.1".into(),
        },
        RowKey {
            service_id: Some(ec2),
            framework: Framework::Soc2,
            control_id: "CC6.1".into(),
        },
    ];
    let changed = file
        .set_rows_owner(&keys, Ownership::Shared, "workshop 3", WHO)
        .unwrap();
    assert_eq!(changed, 2);
    assert_eq!(
        entity(&file, Framework::Soc2, "CC2.1").owner,
        Ownership::Shared
    );
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(
        entity(&file, Framework::Soc2, "CC2.1").owner,
        Ownership::Customer,
        "one undo step takes both back"
    );
}

#[test]
fn a_control_moves_between_entity_and_system_level_with_a_reason() {
    let (_dir, mut file) = demo();
    let soc2 = Framework::Soc2;
    let refused = file.set_control_scope(soc2, "CC6.1", Scope::Entity, "", WHO);
    assert!(matches!(refused, Err(StoreError::Invalid { ref field, .. }) if field == "reason"));
    let refused = file.set_control_scope(soc2, "CC6.1", Scope::System, "already", WHO);
    assert!(matches!(refused, Err(StoreError::Invalid { ref field, .. }) if field == "scope"));
    let refused = file.set_control_scope(soc2, "CC99.9", Scope::Entity, "x", WHO);
    assert!(matches!(refused, Err(StoreError::Invalid { ref field, .. }) if field == "control"));

    // CC6.1 run once for the whole company: one row.
    file.set_control_scope(soc2, "CC6.1", Scope::Entity, "one IdP for everything", WHO)
        .unwrap();
    let row = entity(&file, soc2, "CC6.1");
    assert_eq!(row.owner, Ownership::Customer);
    assert!(
        row.explanation.contains("one IdP for everything"),
        "{}",
        row.explanation
    );
    let last = file.decisions().unwrap().pop().unwrap();
    assert_eq!(
        last.about,
        Subject::Scope {
            framework: soc2,
            control_id: "CC6.1".into()
        }
    );
    assert_eq!(
        (last.old_value.as_deref(), last.new_value.as_deref()),
        (Some("system"), Some("entity"))
    );
    assert_eq!(last.reason.as_deref(), Some("one IdP for everything"));

    // Undo brings back the row per service.
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(rows_of(&file, soc2, "CC6.1").len(), soc2_services(&file));

    // CC1.1 run differently per service: a row per SOC 2 service, each with its own owner.
    file.set_control_scope(
        soc2,
        "CC1.1",
        Scope::System,
        "each team has its own code",
        WHO,
    )
    .unwrap();
    let rows = rows_of(&file, soc2, "CC1.1");
    assert_eq!(rows.len(), soc2_services(&file));
    assert!(rows.iter().all(|r| r.scope == Scope::System));
    let ec2 = file.service_id("Amazon EC2").unwrap();
    file.set_control_owner(
        Some(ec2),
        Some(soc2),
        &ControlSelector::Control("CC1.1".into()),
        Ownership::NotApplicable,
        "no staff",
        WHO,
    )
    .unwrap();
    // Back to the entity level: the per-service decisions disagree and say so.
    file.set_control_scope(soc2, "CC1.1", Scope::Entity, "one code after all", WHO)
        .unwrap();
    let row = entity(&file, soc2, "CC1.1");
    assert_eq!(row.owner, Ownership::Undetermined);
    assert!(row.disagreement.as_deref().unwrap().contains("Amazon EC2"));
    // Nothing recorded per service was deleted: back at the system level it is there again.
    file.undo(WHO).unwrap().unwrap();
    let ec2_row = rows_of(&file, soc2, "CC1.1")
        .into_iter()
        .find(|r| r.service_id == Some(ec2))
        .unwrap();
    assert_eq!(ec2_row.owner, Ownership::NotApplicable);
}

#[test]
fn a_new_service_adds_no_entity_rows() {
    let (_dir, mut file) = demo();
    let count = |file: &EngagementFile| {
        file.matrix(&MatrixFilter {
            scope: Some(Scope::Entity),
            ..MatrixFilter::default()
        })
        .unwrap()
        .len()
    };
    let before = count(&file);
    file.add_service(
        &NewService {
            name: "Amazon SQS".into(),
            provider: "AWS".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::Medium,
            data_types: Vec::new(),
            frameworks: vec![Framework::Soc2, Framework::Hipaa],
        },
        WHO,
    )
    .unwrap();
    assert_eq!(count(&file), before);
}
