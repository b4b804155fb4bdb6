//! The same matrix in every format the importer reads: .ods (built part by part), CSV
//! variants, and .xls (converted by LibreOffice when it is installed; there is no Rust writer).
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use demarc_import::{inspect, inspect_bytes, InspectReport, Layout, TableReport};
use tempfile::TempDir;

const MATRIX: &[&[&str]] = &[
    &["Provider matrix, version 2"],
    &[],
    &[
        "Control ID",
        "",
        "Responsibility",
        "Customer Responsibility",
    ],
    &["AC-1", "", "Customer", "Write the policy"],
    &["AC-2(3)", "", "Shared", "Review accounts"],
    &["1.10", "", "Microsoft", ""],
    &["AU-6", "", "Not applicable", ""],
];

fn only_table(report: &InspectReport) -> &TableReport {
    assert_eq!(report.tables.len(), 1, "{report:#?}");
    &report.tables[0]
}

/// What every format of `MATRIX` must read as.
fn check(report: &InspectReport) {
    let t = only_table(report);
    assert_eq!(t.layout, Layout::Generic, "{t:#?}");
    assert_eq!(t.header_rows, "3", "{t:#?}");
    assert_eq!(t.rows, 4, "{t:#?}");
    assert_eq!(t.id_column, "A");
    assert_eq!(t.ownership_columns, ["C"]);
    let expected = [
        ("Customer", 1),
        ("Microsoft", 1),
        ("Not applicable", 1),
        ("Shared", 1),
    ]
    .iter()
    .map(|(l, n)| (l.to_string(), *n))
    .collect();
    assert_eq!(t.original_counts, expected, "{t:#?}");
    assert!(t.unknown_labels.is_empty(), "{:?}", t.unknown_labels);
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Reads a file from disk and from memory; both must agree.
fn read_both(path: &Path) -> InspectReport {
    let from_disk = inspect(path).unwrap_or_else(|e| panic!("{e}"));
    let name = path.to_string_lossy();
    let from_memory = inspect_bytes(&name, &std::fs::read(path).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&from_disk).unwrap(),
        serde_json::to_value(&from_memory).unwrap()
    );
    from_disk
}

#[test]
fn ods() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "matrix.ods", &support::ods("Matrix", MATRIX));
    let report = read_both(&path);
    check(&report);
    assert_eq!(only_table(&report).sheet, "Matrix");
}

/// Rows of `MATRIX` joined by `separator`, each field quoted when `quote` is set.
fn delimited(separator: &str, quote: bool, line_end: &str) -> String {
    MATRIX
        .iter()
        .map(|row| {
            row.iter()
                .map(|f| {
                    if quote {
                        format!("\"{f}\"")
                    } else {
                        f.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(separator)
        })
        .map(|line| line + line_end)
        .collect()
}

#[test]
fn csv_variants() {
    let dir = TempDir::new().unwrap();
    let variants = [
        ("comma.csv", delimited(",", false, "\n")),
        ("quoted-crlf.csv", delimited(",", true, "\r\n")),
        (
            "semicolon.csv",
            format!("\u{feff}{}", delimited(";", false, "\n")),
        ),
        ("tabs.tsv", delimited("\t", false, "\n")),
        ("tabs.txt", delimited("\t", true, "\r\n")),
    ];
    for (name, text) in variants {
        let report = read_both(&write(&dir, name, text.as_bytes()));
        check(&report);
    }
}

/// LibreOffice writes real .xls (BIFF8) files; without it this test says so and passes.
#[test]
fn xls_converted_by_libreoffice() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("SKIPPED: soffice (LibreOffice) not found; no .xls can be written to test");
        return;
    }
    let dir = TempDir::new().unwrap();
    let source = write(&dir, "matrix.ods", &support::ods("Matrix", MATRIX));
    // A profile of its own, so that a LibreOffice already running elsewhere does not interfere.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let output = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "xls", "--outdir"])
        .arg(dir.path())
        .arg(&source)
        .output()
        .unwrap();
    let converted = dir.path().join("matrix.xls");
    assert!(
        converted.exists(),
        "soffice wrote no .xls: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = read_both(&converted);
    check(&report);
}
