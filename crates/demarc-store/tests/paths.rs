//! The engagement file's companions (the lock, the backups) on every kind of disk: named from the
//! file's own name, so a disk that ignores case (Windows, macOS) folds them with it, and
//! nothing assumes a case-sensitive file system or a Linux path.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::Path;

use demarc_core::Engagement;
use demarc_store::{EngagementFile, StoreError};

fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_lock_is_the_file_name_as_given_plus_lock_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Société Générale – Acme 2027.demarc");
    let file = EngagementFile::create(&path, &Engagement::new("Acme")).unwrap();
    assert!(names(dir.path()).contains(&"Société Générale – Acme 2027.demarc.lock".to_string()));
    // A second writer is refused through the same name.
    match EngagementFile::open(&path) {
        Err(StoreError::Busy { .. }) => {}
        other => panic!("a second writer was not refused: {:?}", other.map(|_| ())),
    }
    drop(file);
    assert!(!names(dir.path()).iter().any(|n| n.ends_with(".lock")));
}

#[test]
fn backups_written_under_another_case_of_the_name_count_as_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Acme.demarc");
    let file = EngagementFile::create(&path, &Engagement::new("Acme")).unwrap();
    // On a disk that ignores case, `acme.demarc` and `ACME.demarc` are this file: their
    // backups landed in this folder under those names, before the ones below.
    let folder = dir.path().join("Acme.backups");
    std::fs::create_dir_all(&folder).unwrap();
    for old in ["acme-20200101-000000.demarc", "ACME-20200102-000000.demarc"] {
        std::fs::copy(&path, folder.join(old)).unwrap();
        let f = std::fs::File::options()
            .write(true)
            .open(folder.join(old))
            .unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_836_800))
            .unwrap();
    }
    let newest = file.backup(2).unwrap();
    let second = file.backup(2).unwrap();
    let kept = names(&folder);
    assert_eq!(
        kept.len(),
        2,
        "the oldest are removed whatever their case: {kept:?}"
    );
    for made in [newest, second] {
        assert!(kept.contains(&made.file_name().unwrap().to_string_lossy().into_owned()));
    }
}
