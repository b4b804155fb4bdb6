//! Mapping profiles as the desktop wizard makes them: two header rows, mark columns bound to
//! owners, a section column, a data range; named by title so that the next file of the same
//! layout fits; each sheet's first rows for mapping by hand.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::imported::{Column, MappingProfile, MarkColumn};
use demarc_core::Ownership;
use demarc_import::{
    fitting_profiles, inspect, inspect_with, name_columns_by_letter, name_columns_by_title,
    read_matrix, sheet_grids, ImportError, Layout, Limits, ReadOptions,
};
use rust_xlsxwriter::{Format, Workbook};
use tempfile::TempDir;

/// A vendor's matrix no layout rule knows: a title, a two-row header with one marked column per
/// party under `Who does it`, an area per row, totals and a note under the data. `shift` puts
/// a hidden column first and `sheet` names the sheet, as the next version of the file might.
fn vendor(dir: &TempDir, name: &str, sheet: &str, shift: bool) -> PathBuf {
    let rows: &[&[&str]] = &[
        &["Vendor X shared responsibility, 2025"],
        &[
            "Ref",
            "Area",
            "Who does it",
            "",
            "",
            "Vendor notes",
            "Customer action",
        ],
        &["", "", "Vendor", "Client", "Both", "", ""],
        &["V-1", "Identity", "x", "", "", "SSO for staff", ""],
        &["V-2", "Identity", "", "X", "", "", "Manage your users"],
        &[
            "V-3",
            "Data",
            "",
            "",
            "✓",
            "Disks encrypted",
            "Classify data",
        ],
        &["V-4", "Data", "x", "x", "", "", ""],
        &["V-5", "Network", "", "", "", "", ""],
        &["V-6", "Network", "TRUE", "", "", "Firewalls", ""],
        &["Totals", "", "3", "2", "1", "", ""],
        &["Rows above are indicative only."],
    ];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let offset = u16::from(shift);
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16 + offset, *text).unwrap();
            }
        }
    }
    ws.merge_range(1, 2 + offset, 1, 4 + offset, "Who does it", &Format::new())
        .unwrap();
    if shift {
        ws.write_string(3, 0, "internal").unwrap();
        ws.set_column_hidden(0).unwrap();
    }
    let path = dir.path().join(name);
    book.save(&path).unwrap();
    path
}

fn letter(l: &str) -> Column {
    Column::Letter(l.into())
}

/// What the wizard sends: columns by letter, as the person picked them in the grid.
fn picked() -> MappingProfile {
    MappingProfile {
        name: Some("Vendor X".into()),
        sheet: Some("Matrix".into()),
        header_row: Some(2),
        header_rows: Some(2),
        first_row: None,
        last_row: Some(9),
        control_id: letter("A"),
        ownership: Vec::new(),
        marks: vec![
            MarkColumn {
                column: letter("C"),
                owner: Ownership::Provider,
            },
            MarkColumn {
                column: letter("D"),
                owner: Ownership::Customer,
            },
            MarkColumn {
                column: letter("E"),
                owner: Ownership::Shared,
            },
        ],
        provider_narrative: Some(letter("F")),
        customer_narrative: Some(letter("G")),
        section: Some(letter("B")),
        values: Default::default(),
    }
}

fn with(profile: &MappingProfile) -> ReadOptions {
    ReadOptions {
        profile: Some(profile.clone()),
        ..ReadOptions::default()
    }
}

fn check_read(path: &Path, profile: &MappingProfile) {
    let report = inspect_with(path, &with(profile)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.tables.len(), 1, "{report:#?}");
    let t = &report.tables[0];
    assert_eq!(
        (t.layout, t.header_rows.as_str(), t.rows),
        (Layout::Profile, "2-3", 6)
    );
    let n = |o: Ownership| t.normalized_counts.get(&o).copied().unwrap_or(0);
    assert_eq!(
        [
            n(Ownership::Provider),
            n(Ownership::Customer),
            n(Ownership::Shared),
            n(Ownership::Undetermined)
        ],
        [2, 1, 2, 1],
        "{t:#?}"
    );
    assert!(t.unknown_labels.is_empty(), "{t:#?}");
    let m = read_matrix(path, &with(profile)).unwrap();
    let rows = &m.tables[0].rows;
    assert_eq!(rows[0].ownership[0].original, "Vendor");
    assert_eq!(rows[3].ownership[0].original, "Vendor; Client");
    assert_eq!(rows[2].section.as_deref(), Some("Data"));
    assert_eq!(rows[5].section.as_deref(), Some("Network"));
    assert_eq!(
        rows[2].provider_narrative.as_deref(),
        Some("Disks encrypted")
    );
    assert_eq!(
        rows[1].customer_narrative.as_deref(),
        Some("Manage your users")
    );
    assert_eq!(m.tables[0].section_column.as_ref().unwrap().title, "Area");
}

#[test]
fn a_profile_reads_marks_sections_two_header_rows_and_a_data_range() {
    let dir = TempDir::new().unwrap();
    let path = vendor(&dir, "vendor.xlsx", "Matrix", false);
    let err = inspect(&path).unwrap_err();
    assert!(matches!(err, ImportError::NoHeader { .. }), "{err}");
    check_read(&path, &picked());

    // Without the range, the totals row is read too; the note under it is not an ID.
    let mut open_ended = picked();
    open_ended.last_row = None;
    let t = &inspect_with(&path, &with(&open_ended)).unwrap().tables[0];
    assert_eq!(t.rows, 6, "'Totals' is no control ID: {t:#?}");
    // A first data row past the header skips what lies between.
    let mut later = picked();
    later.first_row = Some(6);
    assert_eq!(
        inspect_with(&path, &with(&later)).unwrap().tables[0].rows,
        4
    );

    // Titles of either header row name columns; a missing one is named with both rows.
    let mut titled = picked();
    titled.marks[0].column = Column::Title("vendor".into());
    titled.provider_narrative = Some(Column::Title("Vendor Notes".into()));
    check_read(&path, &titled);
    titled.customer_narrative = Some(Column::Title("Customer duty".into()));
    let err = inspect_with(&path, &with(&titled)).unwrap_err().to_string();
    assert!(
        err.contains("sheet 'Matrix': no column titled 'Customer duty' in rows 2-3"),
        "{err}"
    );
}

#[test]
fn a_saved_profile_fits_the_next_file_of_the_same_layout() {
    let dir = TempDir::new().unwrap();
    let first = vendor(&dir, "vendor-2025.xlsx", "Matrix", false);
    let named = name_columns_by_title(&first, &picked(), &Limits::default()).unwrap();
    assert_eq!(named.control_id, Column::Title("Ref".into()));
    assert_eq!(named.marks[1].column, Column::Title("Client".into()));
    assert_eq!(named.section, Some(Column::Title("Area".into())));
    assert_eq!(
        named.customer_narrative,
        Some(Column::Title("Customer action".into()))
    );
    check_read(&first, &named);

    // Next year's file: a hidden column first, the sheet renamed.
    let next = vendor(&dir, "vendor-2026.xlsx", "Responsibilities", true);
    let letters_only = MappingProfile {
        sheet: None,
        ..picked()
    };
    let other = MappingProfile {
        control_id: Column::Title("Control ID".into()),
        ..named.clone()
    };
    let saved = [other, letters_only, named.clone()];
    let fitting = fitting_profiles(&next, &saved, &Limits::default()).unwrap();
    assert_eq!(fitting.len(), 1, "{fitting:?}");
    let (at, adapted) = &fitting[0];
    assert_eq!(*at, 2);
    assert_eq!(
        adapted.sheet, None,
        "the sheet was renamed: whichever holds the titles"
    );
    check_read(&next, adapted);
    let read = inspect_with(&next, &with(adapted)).unwrap();
    assert_eq!(
        read.tables[0].title.as_deref(),
        Some("Vendor X shared responsibility, 2025"),
        "the title is what the sheet shows, not a hidden column's text"
    );
    assert!(
        fitting_profiles(&first, &saved, &Limits::default()).unwrap()[0]
            .1
            .sheet
            .is_some()
    );

    // Shown for editing as it applies to the new file: letters, sheet and header rows.
    let shown = name_columns_by_letter(&next, adapted, &Limits::default()).unwrap();
    assert_eq!(shown.control_id, letter("B"));
    assert_eq!(shown.marks[2].column, letter("F"));
    assert_eq!(shown.section, Some(letter("C")));
    assert_eq!(shown.sheet.as_deref(), Some("Responsibilities"));
    assert_eq!((shown.header_row, shown.header_rows), (Some(2), Some(2)));
    check_read(&next, &shown);
}

#[test]
fn every_sheet_shows_its_first_rows_to_map() {
    let dir = TempDir::new().unwrap();
    let path = vendor(&dir, "vendor.xlsx", "Matrix", true);
    let grids = sheet_grids(&path, &Limits::default(), 3).unwrap();
    assert_eq!(grids.len(), 1);
    let g = &grids[0];
    assert_eq!(g.name, "Matrix");
    assert_eq!(g.columns, ["A", "B", "C", "D", "E", "F", "G", "H"]);
    let numbers: Vec<u32> = g.rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(g.rows[1].cells[1], "Ref");
    assert_eq!(g.rows[2].cells[3], "Vendor");
}
