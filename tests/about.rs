//! The About dialog's facts: one version for the app, the package and the CLI, the day of the
//! build, the licence and every bundled catalog and crosswalk with its terms.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use demarc_app::{about, third_party_notices};
use demarc_core::Framework;

fn root_file(name: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// The `version = "..."` of the workspace's `[workspace.package]`.
fn workspace_version() -> String {
    let manifest = root_file("Cargo.toml");
    let section = manifest.split("[workspace.package]").nth(1).unwrap();
    let line = section
        .lines()
        .find(|l| l.trim_start().starts_with("version"))
        .unwrap();
    line.split('"').nth(1).unwrap().to_string()
}

#[test]
fn the_version_is_the_workspace_version_and_tauri_has_none_of_its_own() {
    assert_eq!(about().version, workspace_version());
    // Without a version of its own, Tauri names the packages and the window after Cargo's.
    let config: serde_json::Value = serde_json::from_str(&root_file("tauri.conf.json")).unwrap();
    assert!(
        config.get("version").is_none(),
        "tauri.conf.json must not carry a second version number"
    );
}

#[test]
fn the_build_date_is_a_day() {
    let date = about().build_date;
    assert!(
        chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_ok(),
        "{date:?}"
    );
}

#[test]
fn the_licence_is_named_and_its_text_shipped() {
    let about = about();
    assert_eq!(about.licence, "MIT");
    assert!(about.licence_text.starts_with("MIT License"));
    assert_eq!(about.licence_text, root_file("LICENSE"));
}

#[test]
fn every_bundled_catalog_is_listed_with_its_terms() {
    let sources = about().sources;
    for framework in Framework::ALL {
        let name = format!("{} catalog", framework.label());
        let source = sources.iter().find(|s| s.name == name).unwrap();
        assert!(!source.version.is_empty() && !source.terms.is_empty());
    }
}

#[test]
fn the_notices_are_there_exactly_when_the_about_says_so() {
    assert_eq!(
        about().has_notices,
        !third_party_notices().trim().is_empty()
    );
}

#[test]
fn every_bundled_crosswalk_is_listed_with_its_terms() {
    let sources = about().sources;
    let crosswalks: Vec<_> = sources
        .iter()
        .filter(|s| s.name.ends_with(" crosswalk"))
        .collect();
    assert_eq!(
        crosswalks.len(),
        demarc_catalogs::bundled_crosswalks().len()
    );
    assert!(crosswalks.iter().all(|s| !s.terms.is_empty()));
    assert!(crosswalks
        .iter()
        .any(|s| s.terms.contains("CC BY 4.0") && s.source.contains("Microsoft")));
}
