#![allow(clippy::unwrap_used)]
//! The crosswalk trail read back from the auditor workbook: a column with the one-line trail on
//! each row a crosswalk decided, and a Crosswalks sheet listing every crosswalk with its source,
//! licence, version, sha256, pairs and the rows it decided.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use demarc_core::{Engagement, Framework, NewService, Sensitivity, ServiceModel};
use demarc_export::{write_workbook, ExportData};
use demarc_import::{read_crosswalks, read_matrix, CrosswalkOptions, ReadOptions};
use demarc_store::{EngagementFile, MatrixImport};
use rust_xlsxwriter::{Format, Workbook};

const WHO: &str = "Test";

fn write(path: &Path, sheet: &str, rows: &[&[&str]], merge: Option<&str>) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    if let Some(title) = merge {
        ws.merge_range(1, 3, 1, 5, title, &Format::new()).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// A SOC 2 engagement with WhitePact's CAIQ (IAM-09.1 CSP-owned) and a CCM mapping (IAM-09 to
/// CC6.1, No Gap).
fn engagement(dir: &Path) -> EngagementFile {
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(&dir.join("client.demarc"), &e).unwrap();
    file.add_service(
        &NewService {
            name: "WhitePact CRM".into(),
            provider: "WhitePact".into(),
            model: ServiceModel::Saas,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks: vec![Framework::Soc2],
        },
        WHO,
    )
    .unwrap();
    let caiq: PathBuf = dir.join("caiq.xlsx");
    write(
        &caiq,
        "CAIQv4.0.3",
        &[
            &["Consensus Assessments Initiative Questionnaire v4.0.3"],
            &[
                "Question ID",
                "Question",
                "CSP CAIQ Answer",
                "SSRM Control Ownership",
                "CSP Implementation Description (Optional/Recommended)",
                "CSC Responsibilities (Optional/Recommended)",
                "",
                "",
                "CCM Control ID",
            ],
            &[
                "IAM-09.1",
                "Strong?",
                "Yes",
                "CSP-owned",
                "",
                "",
                "",
                "",
                "IAM-09",
            ],
        ],
        None,
    );
    let matrix = read_matrix(&caiq, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: "WhitePact".into(),
        ..MatrixImport::default()
    };
    file.import_matrix(matrix, &request, WHO).unwrap();
    let ccm = dir.join("ccm.xlsx");
    write(
        &ccm,
        "Scope Applicability (Mappings)",
        &[
            &["CCM v4.0.12"],
            &[],
            &[
                "Control Domain",
                "Control Title",
                "Control ID",
                "Control Mapping",
                "Gap Level",
                "Addendum",
            ],
            &["", "Passwords", "IAM-09", "CC6.1", "No Gap"],
        ],
        Some("AICPA TSC 2017"),
    );
    let read = read_crosswalks(&ccm, &CrosswalkOptions::default()).unwrap();
    file.import_crosswalks(read, WHO).unwrap();
    file
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    book.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn the_workbook_shows_the_trail_and_lists_the_crosswalks() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let data = ExportData::load(&file, at).unwrap();
    let mut book = Xlsx::new(Cursor::new(write_workbook(&data).unwrap())).unwrap();

    let matrix = sheet(&mut book, "Matrix");
    let header = &matrix[1];
    let col = |title: &str| header.iter().position(|c| c == title).unwrap();
    let (control, source, trail) = (
        col("Control ID"),
        col("Owner source"),
        col("Crosswalk trail"),
    );
    let cc61 = matrix.iter().find(|r| r[control] == "CC6.1").unwrap();
    assert_eq!(cc61[source], "Provider matrix through a crosswalk");
    assert!(
        cc61[trail].starts_with(
            "WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 3) → CCM IAM-09 → SOC 2 CC6.1"
        ),
        "{}",
        cc61[trail]
    );
    assert!(cc61[trail].contains("No Gap"), "{}", cc61[trail]);
    assert_eq!(
        cc61[col("Rationale")],
        "WhitePact IAM-09.1 (CAIQv4.0.3, row 3) says provider"
    );
    let cc62 = matrix.iter().find(|r| r[control] == "CC6.2").unwrap();
    assert_eq!(cc62[trail], "");

    let crosswalks = sheet(&mut book, "Crosswalks");
    let header = &crosswalks[1];
    for expected in [
        "Crosswalk",
        "Licence",
        "Version",
        "SHA-256",
        "Pairs",
        "Rows it decided",
    ] {
        assert!(
            header.iter().any(|c| c == expected),
            "{expected}: {header:?}"
        );
    }
    let col = |title: &str| header.iter().position(|c| c == title).unwrap();
    // The bundled twelve and the imported one.
    assert_eq!(crosswalks.len(), 2 + 13);
    let imported = crosswalks
        .iter()
        .find(|r| r[col("Bundled or imported")] == "imported")
        .unwrap();
    assert_eq!(imported[col("File")], "ccm.xlsx");
    assert_eq!(imported[col("SHA-256")].len(), 64);
    assert_eq!(imported[col("Pairs")], "1");
    assert_eq!(imported[col("Rows it decided")], "1");
    let asb = crosswalks
        .iter()
        .find(|r| r[col("Licence")].contains("CC BY 4.0"))
        .unwrap();
    assert_eq!(asb[col("Rows it decided")], "0");
}

/// The demo's rows cite Microsoft's shipped Azure Storage baseline through crosswalks: the
/// provider register credits it as its CC BY 4.0 licence asks.
#[test]
fn the_workbook_credits_the_shipped_matrix_the_demo_rows_cite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.demarc");
    drop(demarc_store::write_demo(&path).unwrap());
    let file = EngagementFile::open_for_reading(&path).unwrap();
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let data = ExportData::load(&file, at).unwrap();
    let shipped = &demarc_catalogs::shipped_matrices()[0];
    assert_eq!(
        data.matrix_credits.get(&("Microsoft".to_string(), 1)),
        Some(&shipped.origin.attribution)
    );
    let mut book = Xlsx::new(Cursor::new(write_workbook(&data).unwrap())).unwrap();
    let providers = sheet(&mut book, "Providers");
    let header = &providers[1];
    let col = header
        .iter()
        .position(|h| h == "Imported responsibility matrix")
        .unwrap_or_else(|| panic!("{header:?}"));
    let cited: Vec<&str> = providers[2..]
        .iter()
        .map(|r| r[col].as_str())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(
        cited.iter().any(|c| c.starts_with(
            "msft_storage-security-baseline-v3.xlsx (version 1); © Microsoft Corporation"
        ) && c.contains("CC BY 4.0")),
        "{cited:?}"
    );
}
