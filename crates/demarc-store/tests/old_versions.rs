//! Files written at every earlier schema version open, after a backup, with their work intact.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::PathBuf;

use demarc_core::{Layer, MatrixFilter, Ownership};
use demarc_store::{EngagementFile, LATEST_VERSION};
use rusqlite::Connection;

fn fixture(version: i64) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/schema-v{version}.demarc"))
}

fn user_version(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_earlier_version_migrates_after_a_backup() {
    for version in 1..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("client.demarc");
        std::fs::copy(fixture(version), &path).unwrap();
        let log_before = Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM decision", [], |r| r.get::<_, i64>(0))
            .unwrap();

        let mut file = EngagementFile::open(&path).unwrap_or_else(|e| panic!("v{version}: {e}"));
        let backup = dir.path().join(format!("client.demarc.v{version}.bak"));
        assert_eq!(
            user_version(&backup),
            version,
            "v{version}: the backup is the file as it was"
        );

        let view = file.view().unwrap();
        assert_eq!(view.engagement.client, "Northwind Health", "v{version}");
        assert_eq!(view.services.len(), 8, "v{version}");
        let ec2 = view
            .services
            .iter()
            .find(|s| s.name == "Amazon EC2")
            .unwrap();
        let endpoints = &ec2.layers[Layer::Endpoints.index()];
        assert_eq!(
            endpoints.owner,
            Ownership::NotApplicable,
            "v{version}: an override survives"
        );
        assert!(endpoints.reason.is_some());
        assert_eq!(
            file.decisions().unwrap().len() as i64,
            log_before,
            "v{version}: the log is whole"
        );
        assert!(
            !file.matrix(&MatrixFilter::default()).unwrap().is_empty(),
            "v{version}"
        );

        // The migrated file takes new work, and that work can be undone.
        file.set_layer_owner(
            ec2.id,
            Layer::Os,
            Ownership::Shared,
            "after the upgrade",
            "t",
        )
        .unwrap();
        assert!(file.undo("t").unwrap().is_some(), "v{version}");
        drop(file);
        assert_eq!(user_version(&path), LATEST_VERSION, "v{version}");
    }
}

#[test]
fn there_is_a_fixture_for_every_earlier_version() {
    for version in 1..LATEST_VERSION {
        assert!(
            fixture(version).exists(),
            "add tests/fixtures/schema-v{version}.demarc"
        );
    }
}

/// The demo at schema version 6 with per-service decisions on two controls that are now the
/// client's once (see `fixtures/README.md`).
#[test]
fn per_service_decisions_on_entity_controls_carry_over_or_are_reported() {
    use demarc_core::{GapKind, OwnerSource, Scope};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client.demarc");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entity-v6.demarc"),
        &path,
    )
    .unwrap();
    let stored = |path: &std::path::Path| -> (i64, i64) {
        let c = Connection::open(path).unwrap();
        let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        (
            count("SELECT count(*) FROM control_row"),
            count("SELECT count(*) FROM control_evidence"),
        )
    };
    let before = stored(&path);
    let mut file = EngagementFile::open(&path).unwrap();
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    let one = |control: &str| {
        let found: Vec<_> = rows.iter().filter(|r| r.control_id == control).collect();
        assert_eq!(found.len(), 1, "{control}");
        assert_eq!(found[0].scope, Scope::Entity);
        found[0].clone()
    };

    // They agree on 12.1.1: the entity row takes what they said, the evidence once.
    let agreed = one("12.1.1");
    assert_eq!(
        (agreed.owner, agreed.source),
        (Ownership::Customer, OwnerSource::Override)
    );
    assert_eq!(
        agreed.reason.as_deref(),
        Some("The information security policy is ours, approved by the board")
    );
    assert_eq!(
        agreed.customer_part.as_deref(),
        Some("The CISO publishes the policy and reviews it every year")
    );
    assert_eq!(agreed.row_owner.as_deref(), Some("Priya Raman"));
    assert_eq!(agreed.last_reviewed.as_ref().unwrap().by, "Marcus Oyelaran");
    let titles: Vec<&str> = agreed.evidence.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Information security policy v3",
            "Board minutes approving the policy"
        ]
    );
    assert!(agreed.disagreement.is_none());

    // They disagree on CC1.1: undetermined, naming the services and what each said.
    let disputed = one("CC1.1");
    assert_eq!(disputed.owner, Ownership::Undetermined);
    let said = disputed.disagreement.clone().unwrap();
    for part in [
        "Amazon EC2",
        "not applicable",
        "Microsoft Entra ID",
        "customer",
        "Salesforce Sales Cloud",
    ] {
        assert!(said.contains(part), "{part} in {said}");
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let reported: Vec<_> = file
        .gaps(day)
        .unwrap()
        .gaps
        .into_iter()
        .filter(|g| g.kind == GapKind::EntityDisagreement)
        .collect();
    // The demo's own Stripe decision on requirement 9 reaches the entity-level 9.1, 9.4.6 and
    // 9.5 (payment terminals): Stripe said inherited, EKS and Entra ID the customer's.
    let controls: Vec<&str> = reported
        .iter()
        .filter_map(|g| g.control.as_deref())
        .collect();
    assert_eq!(
        controls,
        [
            "CC1.1",
            "9.1.1",
            "9.1.2",
            "9.4.6",
            "9.5.1.1",
            "9.5.1.2.1",
            "9.5.1.3"
        ]
    );
    assert!(reported[0].message.contains("Amazon EC2"));
    assert!(reported[1].message.contains("Stripe Payments: inherited"));

    // Nothing recorded per service is deleted.
    assert_eq!(stored(&path), before);

    // A person setting the entity row's owner resolves it.
    file.set_control_owner(
        None,
        Some(demarc_core::Framework::Soc2),
        &demarc_store::ControlSelector::Control("CC1.1".into()),
        Ownership::Customer,
        "one code of conduct for the company",
        "t",
    )
    .unwrap();
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    let resolved = rows.iter().find(|r| r.control_id == "CC1.1").unwrap();
    assert_eq!(resolved.owner, Ownership::Customer);
    assert!(resolved.disagreement.is_none());
    assert!(!file
        .gaps(day)
        .unwrap()
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::EntityDisagreement && g.control.as_deref() == Some("CC1.1")));
    assert_eq!(stored(&path), before);
}
