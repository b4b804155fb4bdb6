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
