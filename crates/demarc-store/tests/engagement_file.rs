//! The engagement file at its boundary: create, reopen, change, refuse.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::{
    DataType, Engagement, Framework, Layer, NewService, Ownership, Person, Sensitivity,
    ServiceModel,
};
use demarc_store::{write_demo, EngagementFile, StoreError, LATEST_VERSION};
use rusqlite::Connection;

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.demarc");
    (dir, path)
}

fn ec2() -> NewService {
    NewService {
        name: "EC2".into(),
        provider: "AWS".into(),
        model: ServiceModel::Iaas,
        sensitivity: Sensitivity::High,
        data_types: vec![DataType::Phi],
        frameworks: vec![Framework::Hipaa],
    }
}

fn new_file(path: &Path) -> EngagementFile {
    EngagementFile::create(path, &Engagement::new("Acme")).unwrap()
}

#[test]
fn engagement_details_survive_a_reopen() {
    let (_dir, path) = temp();
    let mut e = Engagement::new("Acme Clinics");
    e.scope = "Patient portal — données de santé, 東京".into();
    e.frameworks = vec![Framework::PciDss, Framework::Soc2];
    e.audit_start = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
    e.audit_end = chrono::NaiveDate::from_ymd_opt(2027, 12, 31);
    e.preparer = Some(Person {
        name: "Ana".into(),
        role: "Consultant".into(),
    });
    e.reviewers = vec![Person {
        name: "Bo".into(),
        role: "CISO".into(),
    }];
    drop(EngagementFile::create(&path, &e).unwrap());

    let back = EngagementFile::open(&path).unwrap().engagement().unwrap();
    e.frameworks.sort();
    assert_eq!(back, e);
}

#[test]
fn create_refuses_to_overwrite() {
    let (_dir, path) = temp();
    std::fs::write(&path, b"precious").unwrap();
    let err = EngagementFile::create(&path, &Engagement::new("Acme"))
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
}

#[test]
fn a_new_service_gets_the_default_owner_of_every_layer() {
    let (_dir, path) = temp();
    let mut file = new_file(&path);
    let s = file.add_service(&ec2(), "tester").unwrap();
    assert_eq!(s.layers.len(), 14);
    assert_eq!(s.layers[Layer::Os.index()].owner, Ownership::Customer);
    assert_eq!(
        s.layers[Layer::Virtualization.index()].owner,
        Ownership::Provider
    );
    assert!(s
        .layers
        .iter()
        .all(|l| l.reason.is_none() && l.owner == l.default_owner));
    assert_eq!(s.data_types, vec![DataType::Phi]);

    let dup = file
        .add_service(
            &NewService {
                name: " ec2 ".into(),
                ..ec2()
            },
            "t",
        )
        .err()
        .unwrap();
    assert!(dup.to_string().contains("already exists"), "{dup}");
}

#[test]
fn an_override_needs_a_reason_and_is_kept_with_it_in_the_log() {
    let (_dir, path) = temp();
    let mut file = new_file(&path);
    let id = file.add_service(&ec2(), "tester").unwrap().id;

    let err = file
        .set_layer_owner(id, Layer::Os, Ownership::Shared, "  ", "tester")
        .err()
        .unwrap();
    assert!(err.to_string().starts_with("reason:"), "{err}");

    file.set_layer_owner(id, Layer::Os, Ownership::Shared, "Golden AMIs", "ana")
        .unwrap();
    drop(file);

    let file = EngagementFile::open(&path).unwrap();
    let os = &file.service(id).unwrap().layers[Layer::Os.index()];
    assert_eq!(
        (os.owner, os.default_owner),
        (Ownership::Shared, Ownership::Customer)
    );
    assert_eq!(os.reason.as_deref(), Some("Golden AMIs"));
    let last = file.decisions().unwrap().pop().unwrap();
    assert_eq!(last.subject, "service \"EC2\" layer os");
    assert_eq!(last.old_value.as_deref(), Some("customer"));
    assert_eq!(last.new_value.as_deref(), Some("shared"));
    assert_eq!(last.reason.as_deref(), Some("Golden AMIs"));
    assert_eq!(last.who, "ana");
}

#[test]
fn reset_returns_to_the_default_and_logs_it() {
    let (_dir, path) = temp();
    let mut file = new_file(&path);
    let id = file.add_service(&ec2(), "t").unwrap().id;
    file.set_layer_owner(id, Layer::Data, Ownership::Shared, "r1", "t")
        .unwrap();
    let s = file
        .reset_layer(id, Layer::Data, "workshop decision reverted", "t")
        .unwrap();
    let data = &s.layers[0];
    assert_eq!(
        (data.owner, data.reason.as_deref()),
        (Ownership::Customer, None)
    );
    assert_eq!(
        file.decisions()
            .unwrap()
            .last()
            .unwrap()
            .new_value
            .as_deref(),
        Some("customer (default)")
    );
}

#[test]
fn changing_the_model_recomputes_defaults_and_keeps_overrides() {
    let (_dir, path) = temp();
    let mut file = new_file(&path);
    let id = file.add_service(&ec2(), "t").unwrap().id;
    file.set_layer_owner(id, Layer::Os, Ownership::Shared, "Golden AMIs", "t")
        .unwrap();
    let s = file
        .set_service_model(id, ServiceModel::Paas, "moved to Beanstalk", "t")
        .unwrap();
    assert_eq!(s.model, ServiceModel::Paas);
    let os = &s.layers[Layer::Os.index()];
    assert_eq!(
        (os.owner, os.default_owner),
        (Ownership::Shared, Ownership::Provider)
    );
    assert_eq!(os.reason.as_deref(), Some("Golden AMIs"));
    let runtime = &s.layers[Layer::Runtime.index()];
    assert_eq!(
        (runtime.owner, runtime.default_owner),
        (Ownership::Provider, Ownership::Provider)
    );
}

#[test]
fn the_decision_log_is_append_only() {
    let (_dir, path) = temp();
    let mut file = new_file(&path);
    file.add_service(&ec2(), "t").unwrap();
    drop(file);
    let conn = Connection::open(&path).unwrap();
    assert!(conn
        .execute("UPDATE decision SET who = 'mallory'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM decision", []).is_err());
    let n: i64 = conn
        .query_row("SELECT count(*) FROM decision", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn the_file_uses_wal_foreign_keys_and_carries_its_schema_version() {
    let (_dir, path) = temp();
    let file = new_file(&path);
    drop(file);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let orphan = conn.execute(
        "INSERT INTO service (provider_id, name, model) VALUES (999, 'x', 'iaas')",
        [],
    );
    assert!(
        orphan.is_err(),
        "a service must reference an existing provider"
    );
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    drop(new_file(&path));
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = EngagementFile::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("newer version of Demarc") && text.contains("untouched"),
        "{text}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let dir = path.parent().unwrap();
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        1,
        "no backup, no WAL left behind"
    );
}

#[test]
fn an_older_file_is_backed_up_then_migrated() {
    let (_dir, path) = temp();
    {
        // A file as the first release would have left it before any migration ran.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x444D_5243)
            .unwrap();
        conn.execute("CREATE TABLE note (text TEXT)", []).unwrap();
        conn.execute("INSERT INTO note VALUES ('kept')", [])
            .unwrap();
    }
    let file = EngagementFile::open(&path).unwrap();
    drop(file);
    let backup = path.with_file_name("acme.demarc.v0.bak");
    let old = Connection::open(&backup).unwrap();
    let kept: String = old
        .query_row("SELECT text FROM note", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "kept");
    let new = Connection::open(&path).unwrap();
    let version: i64 = new
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
}

#[test]
fn files_that_are_not_engagements_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.demarc", vec![], "the file is empty"),
        (
            "text.demarc",
            b"client,scope\nAcme,all\n".to_vec(),
            "not an SQLite database",
        ),
        (
            "truncated.demarc",
            b"SQLite format 3\0\x10\x00".to_vec(),
            "not an SQLite database",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = EngagementFile::open(&path).err().unwrap().to_string();
        assert!(
            err.contains(name) && err.contains(expected),
            "{name}: {err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} changed");
    }

    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute("CREATE TABLE t (x)", [])
        .unwrap();
    let err = EngagementFile::open(&other).err().unwrap().to_string();
    assert!(err.contains("another application"), "{err}");

    let missing = dir.path().join("missing.demarc");
    let err = EngagementFile::open(&missing).err().unwrap();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
}

#[test]
fn save_as_writes_a_complete_copy() {
    let (dir, path) = temp();
    let file = write_demo(&path).unwrap();
    let copy = dir.path().join("copy.demarc");
    let opened = file.save_as(&copy).unwrap();
    assert_eq!(opened.view().unwrap(), file.view().unwrap());
    assert_eq!(opened.path(), copy);
    assert!(file.save_as(&copy).is_err(), "save as never overwrites");
}

#[test]
fn the_demo_is_a_realistic_engagement() {
    let (_dir, path) = temp();
    let view = write_demo(&path).unwrap().view().unwrap();
    assert_eq!(
        view.engagement.frameworks,
        vec![
            Framework::Soc2,
            Framework::Hipaa,
            Framework::PciDss,
            Framework::NistCsf
        ]
    );
    assert_eq!(view.services.len(), 9);
    let providers: std::collections::BTreeSet<&str> =
        view.services.iter().map(|s| s.provider.as_str()).collect();
    assert_eq!(
        providers.into_iter().collect::<Vec<_>>(),
        ["AWS", "Microsoft", "Salesforce", "Stripe"]
    );
    assert!(view.services.iter().all(|s| s.layers.len() == 14));
    let overridden = view
        .services
        .iter()
        .flat_map(|s| &s.layers)
        .filter(|l| l.reason.is_some());
    assert!(overridden.count() >= 5);
    let phi = view
        .services
        .iter()
        .filter(|s| s.data_types.contains(&DataType::Phi))
        .count();
    // Cards are taken in Stripe's form embedded in the checkout page: only Stripe holds
    // cardholder data, not the service (EKS) that serves the page.
    let chd: Vec<&str> = view
        .services
        .iter()
        .filter(|s| s.data_types.contains(&DataType::CardholderData))
        .map(|s| s.name.as_str())
        .collect();
    assert!(phi >= 4);
    assert_eq!(chd, ["Stripe Payments"]);
}

#[test]
fn a_second_writer_is_refused_with_who_has_the_file() {
    let (_dir, path) = temp();
    let mut first = new_file(&path);
    let err = EngagementFile::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("acme.demarc is open in Demarc by") && text.contains("process"),
        "{text}"
    );

    // A reader still gets in, read-only, and sees what the writer saved.
    first.add_service(&ec2(), "t").unwrap();
    let mut reader = EngagementFile::open_for_reading(&path).unwrap();
    assert!(reader
        .read_only_reason()
        .unwrap()
        .contains("open in Demarc by"));
    assert_eq!(reader.services().unwrap().len(), 1);
    let refused = reader.add_service(
        &NewService {
            name: "S3".into(),
            ..ec2()
        },
        "t",
    );
    assert!(matches!(refused, Err(StoreError::ReadOnly { .. })));

    drop(first);
    assert!(
        !path.with_file_name("acme.demarc.lock").exists(),
        "the lock goes with its holder"
    );
    let mut again = EngagementFile::open(&path).unwrap();
    assert!(again.read_only_reason().is_none());
    again
        .add_service(
            &NewService {
                name: "S3".into(),
                ..ec2()
            },
            "t",
        )
        .unwrap();
}

#[test]
fn backups_on_demand_rotate_and_open() {
    let (dir, path) = temp();
    let mut file = new_file(&path);
    let mut made = Vec::new();
    for i in 0..5 {
        file.add_service(
            &NewService {
                name: format!("S{i}"),
                ..ec2()
            },
            "t",
        )
        .unwrap();
        made.push(file.backup(3).unwrap());
    }
    let folder = dir.path().join("acme.backups");
    let mut kept: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    kept.sort();
    let mut newest_three = made[2..].to_vec();
    newest_three.sort();
    assert_eq!(kept, newest_three, "the three newest are kept");
    let newest = EngagementFile::open(made.last().unwrap()).unwrap();
    assert_eq!(newest.services().unwrap().len(), 5);
}

/// Copies `path` alone, without its write-ahead log, into a folder of its own.
fn copy_alone(path: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("copy.demarc");
    std::fs::copy(path, &copy).unwrap();
    copy
}

#[test]
fn the_file_alone_holds_every_committed_change_while_it_is_open() {
    let (dir, path) = temp();
    let mut file = new_file(&path);
    let id = file.add_service(&ec2(), "ana").unwrap().id;
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    for (n, owner) in [Ownership::Shared, Ownership::Provider, Ownership::Customer]
        .into_iter()
        .enumerate()
    {
        file.set_layer_owner(id, Layer::Os, owner, &format!("step {n}"), "ana")
            .unwrap();
        // Nothing waits in the log: the file itself has the change.
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
        let elsewhere = tempfile::tempdir().unwrap();
        let copy = EngagementFile::open(&copy_alone(&path, elsewhere.path())).unwrap();
        let os = &copy.service(id).unwrap().layers[Layer::Os.index()];
        assert_eq!(
            (os.owner, os.reason.clone()),
            (owner, Some(format!("step {n}")))
        );
        assert!(copy.check().unwrap().ok());
    }
    drop(dir);
}

#[test]
fn the_demo_is_written_whole_in_one_go_and_never_over_a_file() {
    let (dir, path) = temp();
    // What an interrupted first start left beside the demo is replaced, not trusted.
    let side = dir.path().join("acme.demarc.writing");
    std::fs::write(&side, b"half a demo").unwrap();
    let file = write_demo(&path).unwrap();
    assert!(!side.exists(), "the side file is renamed into place");
    assert!(
        file.read_only_reason().is_none(),
        "the demo opens for writing"
    );
    let rows = file.view().unwrap().services.len();
    drop(file);
    let reopened = EngagementFile::open(&path).unwrap();
    assert_eq!(reopened.view().unwrap().services.len(), rows);
    assert!(
        reopened.decisions().unwrap().len() > 50,
        "the decision log came along"
    );
    drop(reopened);

    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        write_demo(&path),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "an existing file is left alone"
    );
    assert!(!side.exists());
}
