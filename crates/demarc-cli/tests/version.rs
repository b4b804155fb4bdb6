//! `demarc --version` prints the one version of the workspace, the app's and the package's.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use assert_cmd::Command;

#[test]
fn version_is_the_workspace_version() {
    let manifest = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml"),
    )
    .unwrap();
    let section = manifest.split("[workspace.package]").nth(1).unwrap();
    let line = section
        .lines()
        .find(|l| l.trim_start().starts_with("version"))
        .unwrap();
    let version = line.split('"').nth(1).unwrap();

    let out = Command::cargo_bin("demarc")
        .unwrap()
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("demarc {version}\n")
    );
}
