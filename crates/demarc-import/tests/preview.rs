//! The preview the import wizard shows: per table, the columns with what each was recognised as
//! and the first data rows as the sheet shows them.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::Path;

use demarc_import::{preview, ColumnRole, ReadOptions};
use rust_xlsxwriter::Workbook;

#[test]
fn columns_carry_their_role_and_rows_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CRM").unwrap();
    ws.write_string(0, 0, "Acme Customer Responsibility Matrix")
        .unwrap();
    for (c, title) in [
        "Control ID",
        "Internal notes",
        "Can Be Inherited from CSP",
        "Specific Inheritance and Customer Agency/CSP Responsibilities",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *title).unwrap();
    }
    ws.set_column_hidden(1).unwrap();
    for r in 0..15u32 {
        ws.write_string(r + 2, 0, format!("AC-{}", r + 1)).unwrap();
        ws.write_string(r + 2, 2, "Yes").unwrap();
        ws.write_string(r + 2, 3, "x".repeat(400)).unwrap();
    }
    book.save(&path).unwrap();

    let shown = preview(&path, &ReadOptions::default(), 10).unwrap();
    assert_eq!(shown.report.tables[0].rows, 15);
    let table = &shown.tables[0];
    assert_eq!(table.sheet, "CRM");
    let columns: Vec<_> = table
        .columns
        .iter()
        .map(|c| (c.letter.as_str(), c.role, c.hidden))
        .collect();
    assert_eq!(
        columns,
        [
            ("A", Some(ColumnRole::ControlId), false),
            ("B", None, true),
            ("C", Some(ColumnRole::Ownership), false),
            ("D", Some(ColumnRole::CustomerNarrative), false),
        ]
    );
    assert_eq!(table.columns[2].title, "Can Be Inherited from CSP");
    assert_eq!(table.rows.len(), 10);
    assert_eq!(table.rows[0].row, 3);
    assert_eq!(table.rows[0].cells[..3], ["AC-1", "", "Yes"]);
    // Narratives run long; the preview cuts them.
    assert!(table.rows[0].cells[3].chars().count() < 200);
}

#[test]
fn the_cloud_gov_workbook_previews_both_tables() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/cloudgov_CIS-Worksheet_2025.xlsx");
    if !path.exists() {
        eprintln!("SKIPPED: ../shared/fixtures not found");
        return;
    }
    let shown = preview(&path, &ReadOptions::default(), 10).unwrap();
    let sheets: Vec<_> = shown.tables.iter().map(|t| t.sheet.as_str()).collect();
    assert_eq!(sheets, ["CIS Worksheet", "PaaS CRM"]);
    let crm = &shown.tables[1];
    assert_eq!(crm.rows.len(), 10);
    assert_eq!(crm.rows[0].cells[0], "AC-01 (a)");
    let hidden: Vec<_> = crm
        .columns
        .iter()
        .filter(|c| c.hidden)
        .map(|c| c.letter.as_str())
        .collect();
    assert_eq!(hidden, ["D"]);
    // The CIS worksheet's two-level header: the group title and the column's own.
    let cis = &shown.tables[0];
    let marked: Vec<_> = cis
        .columns
        .iter()
        .filter(|c| c.role == Some(ColumnRole::Ownership))
        .collect();
    assert_eq!(marked.len(), 8);
    assert!(marked.iter().any(|c| c.title.contains(" / ")), "{marked:?}");
}
