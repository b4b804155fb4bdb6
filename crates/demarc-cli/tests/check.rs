//! `demarc check`: SQLite's integrity and foreign key checks, a nonzero exit on a problem.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

fn demo(dir: &Path) -> PathBuf {
    demarc().arg("demo").arg(dir).assert().success();
    dir.join("demo.demarc")
}

#[test]
fn a_sound_file_passes() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = demarc().arg("check").arg(&file).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).ends_with(": ok\n"));
    let out = demarc()
        .arg("check")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["integrity"].as_array().unwrap().len(), 0);
    assert_eq!(json["foreign_keys"].as_array().unwrap().len(), 0);
}

#[test]
fn a_row_whose_parent_is_gone_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        // As a writer that broke the rules would: references unchecked.
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        conn.execute(
            "INSERT INTO provider_matrix_service (matrix_id, service_id) VALUES (999, 1)",
            [],
        )
        .unwrap();
    }
    let out = demarc()
        .arg("check")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["foreign_keys"][0]["table"], "provider_matrix_service");
    assert_eq!(json["foreign_keys"][0]["parent"], "provider_matrix");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The demo's own import holds row 1; the broken row is the next.
    assert!(
        stderr.contains("provider_matrix_service row 2 refers to a missing row of provider_matrix"),
        "{stderr}"
    );
}

#[test]
fn a_damaged_page_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let len = std::fs::metadata(&file).unwrap().len();
    assert!(
        len > 8 * 4096,
        "the demo is smaller than expected: {len} bytes"
    );
    // Scribble over the last page, its b-tree header included: a table or index the schema
    // still names. (Past the header, the scribble may land only in the page's free space,
    // which holds nothing to check, depending on how full the demo leaves that page.)
    let mut f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.seek(SeekFrom::Start(len - 4096)).unwrap();
    f.write_all(&[0xA5; 2000]).unwrap();
    drop(f);
    let out = demarc().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("demarc: "), "{stderr}");
}

#[test]
fn a_file_that_is_not_an_engagement_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.demarc");
    std::fs::write(&file, "my notes").unwrap();
    demarc().arg("check").arg(&file).assert().code(1);
}
