//! Every layout and every broken file the importer meets, generated small, each expecting a
//! clear result, warning or error and never a panic.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::Path;

use demarc_core::Ownership;
use demarc_import::{
    inspect, inspect_with, profile_from_json, read_matrix, ImportError, InspectReport, Layout,
    Limits, ReadOptions, TableReport,
};
use rust_xlsxwriter::{Format, Formula, Workbook};
use tempfile::TempDir;

mod support;
use support::{book as xlsx, write_rows as rows};

fn only_table(report: &InspectReport) -> &TableReport {
    assert_eq!(report.tables.len(), 1, "{report:#?}");
    &report.tables[0]
}

/// Layout, row count and label counts of a one-table file.
fn check(path: &Path, layout: Layout, count: usize, labels: &[(&str, usize)]) -> TableReport {
    let report = inspect(path).unwrap_or_else(|e| panic!("{e}"));
    let t = only_table(&report).clone();
    assert_eq!(t.layout, layout, "{t:#?}");
    assert_eq!(t.rows, count, "{t:#?}");
    let expected = labels.iter().map(|(l, n)| (l.to_string(), *n)).collect();
    assert_eq!(t.original_counts, expected, "{t:#?}");
    t
}

fn normalized(t: &TableReport, owner: Ownership) -> usize {
    t.normalized_counts.get(&owner).copied().unwrap_or(0)
}

fn has_warning(t: &TableReport, needle: &str) -> bool {
    t.warnings.iter().any(|w| w.contains(needle))
}

/// The error's message, which must name the file.
fn check_error(path: &Path, options: &ReadOptions, needle: &str) -> ImportError {
    let err = inspect_with(path, options).expect_err("must fail");
    let message = err.to_string();
    assert!(message.contains(needle), "{message}");
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(message.contains(name.as_ref()), "{message}");
    err
}

// ---- layouts ----

#[test]
fn csa_caiq_v4_with_footer_and_merged_ccm_columns() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "caiq.xlsx",
        "CAIQv4.0.3",
        &[
            &["Consensus Assessments Initiative Questionnaire v4.0.3"],
            &[
                "Question ID",
                "Question",
                "CSP CAIQ Answer",
                "SSRM Control Ownership",
                "CSP Implementation Description\n(Optional/Recommended)",
                "CSC Responsibilities (Optional/Recommended)",
                "",
                "",
                "CCM Control ID",
                "CCM Control Specification",
            ],
            &[
                "A&A-01.1",
                "Are policies...",
                "Yes",
                "CSP-owned",
                "We audit.",
                "",
                "",
                "",
                "A&A-01",
                "Spec",
            ],
            &[
                "A&A-01.2",
                "Are they reviewed?",
                "Yes",
                "Shared CSP and CSC",
                "Yearly.",
                "Review yours.",
                "",
                "",
                "",
                "",
            ],
            &[
                "A&A-02.1",
                "Is X done?",
                "NA",
                "",
                "",
                "",
                "",
                "",
                "A&A-02",
                "Spec",
            ],
            &["End of Standard"],
            &["© Copyright 2021, Cloud Security Alliance. All rights reserved."],
        ],
        |ws| {
            ws.merge_range(2, 8, 3, 8, "A&A-01", &Format::new())
                .unwrap();
        },
    );
    let t = check(
        &path,
        Layout::CsaCaiq,
        3,
        &[("CSP-owned", 1), ("Shared CSP and CSC", 1), ("NA", 1)],
    );
    assert_eq!(t.id_column, "A");
    assert_eq!(t.provider_narrative_column.as_deref(), Some("E"));
    assert_eq!(t.customer_narrative_column.as_deref(), Some("F"));
    assert_eq!(normalized(&t, Ownership::NotApplicable), 1);
    assert!(has_warning(&t, "2 footer row(s)"), "{:?}", t.warnings);
    assert!(has_warning(&t, "End of Standard"));

    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    let row = &m.tables[0].rows[1];
    assert_eq!(row.row, 4);
    assert_eq!(row.customer_narrative.as_deref(), Some("Review yours."));
    assert_eq!(row.ownership[0].columns, ["D"]);
}

#[test]
fn csa_ccm_v4_models_sections_and_two_level_header() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "ccm.xlsx",
        "CCM",
        &[
            &["Cloud Controls Matrix v4.0.10"],
            &[
                "Control Domain",
                "Control Title",
                "Control ID",
                "Control Specification",
                "CCM Lite",
                "Shared Security Responsibility Model",
                "",
                "",
            ],
            &["", "", "", "", "", "IaaS", "PaaS", "SaaS"],
            &["Audit & Assurance - A&A"],
            &[
                "",
                "Audit and Assurance Policy",
                "A&A-01",
                "Establish...",
                "Yes",
                "CSP-Owned",
                "Shared (Dependent)",
                "CSC-Owned",
            ],
            &[
                "",
                "Independent Assessments",
                "A&A-02",
                "Conduct...",
                "No",
                "Shared (Independent)",
                "Shared",
                "CSP-Owned",
            ],
            &["Application & Interface Security - AIS"],
            &[
                "",
                "Application Security",
                "AIS-01",
                "Establish...",
                "Yes",
                "CSC-Owned",
                "CSC-Owned",
                "CSP-Owned",
            ],
            &["End of Standard"],
        ],
        |ws| {
            for r in [0u32, 1, 2, 3, 4] {
                ws.merge_range(
                    1,
                    r as u16,
                    2,
                    r as u16,
                    [
                        "Control Domain",
                        "Control Title",
                        "Control ID",
                        "Control Specification",
                        "CCM Lite",
                    ][r as usize],
                    &Format::new(),
                )
                .unwrap();
            }
            ws.merge_range(
                1,
                5,
                1,
                7,
                "Shared Security Responsibility Model",
                &Format::new(),
            )
            .unwrap();
            ws.merge_range(3, 0, 3, 7, "Audit & Assurance - A&A", &Format::new())
                .unwrap();
        },
    );
    let report = inspect(&path).unwrap();
    let t = only_table(&report);
    assert_eq!(t.layout, Layout::CsaCcm);
    assert_eq!(t.header_rows, "2-3");
    assert_eq!(t.rows, 3);
    assert_eq!(t.id_column, "C");
    assert_eq!(t.ownership_columns, ["F", "G", "H"]);
    assert_eq!(normalized(t, Ownership::Shared), 3);
    assert_eq!(normalized(t, Ownership::Provider), 3);
    assert_eq!(normalized(t, Ownership::Customer), 3);
    assert!(has_warning(t, "footer"), "{:?}", t.warnings);

    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    let ais = &m.tables[0].rows[2];
    assert_eq!(
        ais.section.as_deref(),
        Some("Application & Interface Security - AIS")
    );
    assert_eq!(ais.ownership[2].scope.as_deref(), Some("SaaS"));
    assert_eq!(ais.ownership[2].normalized, Ownership::Provider);
}

#[test]
fn fedramp_crm_header_below_guidance_with_inserted_and_renamed_columns() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "crm.xlsx",
        "Moderate CRM",
        &[
            &["FedRAMP Moderate Customer Responsibility Matrix (CRM) Worksheet"],
            &["GUIDANCE: refer to the CIS Worksheet."],
            &[],
            &[
                "Notes",
                "Control ID",
                "Can Be Inherited from CSP",
                "Acme PaaS Specific Inheritance and Customer Agency/CSP Responsibilities",
            ],
            &["", "AC-02 (03)", "Yes", ""],
            &[
                "checked",
                "AC-2(3)(a)",
                "Partial",
                "Customers disable their own accounts.",
            ],
            &[
                "",
                "IA-5(1)(g)",
                "\u{039D}o",
                "Customers set their own password rules.",
            ],
            &["", "IA-05 (01)", "Maybe", ""],
        ],
        |_| {},
    );
    let t = check(
        &path,
        Layout::FedrampCrm,
        4,
        &[("Yes", 1), ("Partial", 1), ("\u{039D}o", 1), ("Maybe", 1)],
    );
    assert_eq!(t.header_rows, "4");
    assert_eq!(t.id_column, "B");
    assert_eq!(t.ownership_columns, ["C"]);
    assert_eq!(t.customer_narrative_column.as_deref(), Some("D"));
    assert_eq!(
        normalized(&t, Ownership::Customer),
        1,
        "Greek Nu reads as N"
    );
    assert_eq!(t.unknown_labels, ["Maybe"]);
    assert_eq!(normalized(&t, Ownership::Undetermined), 1);

    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    let ids: Vec<&str> = m.tables[0]
        .rows
        .iter()
        .map(|r| r.control_id_normalized.as_str())
        .collect();
    assert_eq!(ids, ["AC-2(3)", "AC-2(3)(a)", "IA-5(1)(g)", "IA-5(1)"]);
    assert_eq!(m.tables[0].rows[0].control_id, "AC-02 (03)");
    assert_eq!(m.tables[0].rows[2].ownership[0].original, "\u{039D}o");
}

#[test]
fn fedramp_cis_lower_case_and_several_marks() {
    let dir = TempDir::new().unwrap();
    let origination = [
        "Service Provider Corporate (Acme Corp)",
        "Service Provider System Specific",
        "Service Provider Hybrid (Corporate and System Specific)",
        "Configured by Customer (Customer System Specific)",
        "Provided by Customer (Customer System Specific)",
        "Shared (Service Provider and Customer Responsibility)",
        "Inherited from Pre-Existing FedRAMP Authorization for AWS, date",
    ];
    let mut header: Vec<&str> = vec![
        "",
        "Implemented",
        "Partially Implemented",
        "Planned",
        "Alternative Implementation",
        "N/A",
    ];
    header.extend(origination);
    let path = xlsx(
        &dir,
        "cis.xlsx",
        "CIS Worksheet",
        &[
            &["FedRAMP Moderate Control Implementation Summary (CIS) Worksheet"],
            &[
                "Control ID",
                "Implementation Status",
                "",
                "",
                "",
                "",
                "Control Origination",
            ],
            &header,
            &["AC-1(a)", "X", "", "", "", "", "x"],
            &["AC-1(b)", "x", "", "", "", "", "", "X", "", "", "x"],
            &["AC-2(a)", "X", "", "", "", "", "", "", "", "", "", "X"],
            &["AC-2(b)", "", "", "", "", "x"],
            &["AC-2(c)"],
            &[
                "AC-2(d)",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "yes, partly",
            ],
        ],
        |ws| {
            ws.merge_range(
                0,
                0,
                0,
                12,
                "FedRAMP Moderate Control Implementation Summary (CIS) Worksheet",
                &Format::new(),
            )
            .unwrap();
            ws.merge_range(1, 0, 2, 0, "Control ID", &Format::new())
                .unwrap();
            ws.merge_range(1, 1, 1, 5, "Implementation Status", &Format::new())
                .unwrap();
            ws.merge_range(1, 6, 1, 12, "Control Origination", &Format::new())
                .unwrap();
        },
    );
    let t = check(
        &path,
        Layout::FedrampCis,
        6,
        &[
            (
                "Inherited from Pre-Existing FedRAMP Authorization for AWS, date",
                1,
            ),
            ("Service Provider Corporate (Acme Corp)", 1),
            (
                "Service Provider System Specific; Provided by Customer (Customer System Specific)",
                1,
            ),
            ("Shared (Service Provider and Customer Responsibility)", 1),
            ("N/A", 1),
            ("(blank)", 1),
        ],
    );
    assert_eq!(t.header_rows, "2-3");
    assert_eq!(normalized(&t, Ownership::Provider), 2);
    assert_eq!(normalized(&t, Ownership::Shared), 2);
    assert!(
        has_warning(
            &t,
            "cell M9: 'yes, partly' in a column of marks counts as a mark"
        ),
        "{:?}",
        t.warnings
    );
    assert_eq!(normalized(&t, Ownership::NotApplicable), 1);
    assert_eq!(normalized(&t, Ownership::Undetermined), 1);
}

#[test]
fn microsoft_baseline_true_none_text_and_numeric_ids() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "baseline.xlsx",
        "Security Baseline",
        &[
            &[
                "Service",
                "Azure Control",
                "Azure ID",
                "Customer Guidance",
                "Responsibility",
                "Feature Supported",
                "Feature Reference",
            ],
            &[
                "Key Vault",
                "Network Security",
                "1.10",
                "Use private endpoints.",
                "Customer",
                "True",
                "None",
            ],
            &[
                "Key Vault",
                "Network Security",
                "",
                "None",
                "Not applicable",
                "False",
                "None",
            ],
            &[
                "Key Vault",
                "Logging",
                "2.1",
                "None",
                "Microsoft\n",
                "True",
                "None",
            ],
        ],
        |ws| {
            ws.write_number(2, 2, 1.1).unwrap();
        },
    );
    let t = check(
        &path,
        Layout::MicrosoftBaseline,
        3,
        &[("Customer", 1), ("Not applicable", 1), ("Microsoft\n", 1)],
    );
    assert_eq!(
        normalized(&t, Ownership::Provider),
        1,
        "trailing newline ignored"
    );
    assert!(
        has_warning(&t, "cell C3: control ID stored as the number 1.1"),
        "{:?}",
        t.warnings
    );
    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    let rows = &m.tables[0].rows;
    assert_eq!(rows[0].control_id, "1.10");
    assert_eq!(rows[1].control_id, "1.1");
    assert_eq!(
        rows[0].customer_narrative.as_deref(),
        Some("Use private endpoints.")
    );
    assert_eq!(rows[1].customer_narrative, None, "the text None is empty");
}

#[test]
fn pci_dss_single_responsibility_column() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "pci.xlsx",
        "Responsibility Matrix",
        &[
            &[
                "PCI DSS v4.0.1 Requirement",
                "Description",
                "Responsibility",
                "Service Provider Implementation",
                "Customer Responsibility",
            ],
            &[
                "1.2.1",
                "Config standards",
                "Shared",
                "We do ours.",
                "Do yours.",
            ],
            &["8.4.2", "MFA", "Customer", "", "Enable MFA."],
            &["9.1.1", "Physical", "Service Provider", "Data centers.", ""],
            &["A3.1.1", "DESV", "Not Applicable", "", ""],
        ],
        |_| {},
    );
    let t = check(
        &path,
        Layout::PciDss,
        4,
        &[
            ("Shared", 1),
            ("Customer", 1),
            ("Service Provider", 1),
            ("Not Applicable", 1),
        ],
    );
    assert_eq!(t.provider_narrative_column.as_deref(), Some("D"));
    assert_eq!(t.customer_narrative_column.as_deref(), Some("E"));
}

#[test]
fn pci_dss_one_column_per_party() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "pci-marks.xlsx",
        "12.8.5",
        &[
            &[
                "Requirement",
                "Title",
                "Service Provider",
                "Customer",
                "Shared",
            ],
            &["1.2.1", "Config", "X", "", ""],
            &["8.4.2", "MFA", "", "x", ""],
            &["10.2.1", "Logs", "X", "X", ""],
            &["12.8.5", "TPSP list", "", "", "✓"],
        ],
        |_| {},
    );
    let t = check(
        &path,
        Layout::PciDss,
        4,
        &[
            ("Service Provider", 1),
            ("Customer", 1),
            ("Service Provider; Customer", 1),
            ("Shared", 1),
        ],
    );
    assert_eq!(normalized(&t, Ownership::Shared), 2);
    assert_eq!(t.ownership_columns, ["C", "D", "E"]);
}

#[test]
fn plain_csv() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("matrix.csv");
    std::fs::write(
        &path,
        "\u{feff}Control ID,Ownership,Provider Implementation,Customer Responsibility\n\
         CC6.1,Customer,,Manage users\n\
         1.10,Provider,Encrypts disks,\n\
         CC7.2,\"Shared\n\",Monitors,Reviews alerts\n",
    )
    .unwrap();
    let t = check(
        &path,
        Layout::Generic,
        3,
        &[("Customer", 1), ("Provider", 1), ("Shared\n", 1)],
    );
    assert_eq!(normalized(&t, Ownership::Shared), 1);
    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    assert_eq!(m.tables[0].rows[1].control_id, "1.10");
    assert_eq!(
        m.tables[0].rows[1].provider_narrative.as_deref(),
        Some("Encrypts disks")
    );
}

#[test]
fn mapping_profile_reads_an_unknown_layout() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "vendor.xlsx",
        "Matrix",
        &[
            &["Vendor matrix"],
            &["Ref", "Topic", "Who", "Vendor notes", "Customer action"],
            &["V-1", "Backups", "Vendor", "Daily", ""],
            &["V-2", "Accounts", "Client", "", "Review"],
            &["V-3", "Keys", "Both", "", ""],
            &["V-4", "Other", "Somebody", "", ""],
        ],
        |_| {},
    );
    check_error(&path, &ReadOptions::default(), "no recognisable header");
    let profile = profile_from_json(
        r#"{
            "control_id": { "title": "ref" },
            "ownership": [{ "letter": "C" }],
            "provider_narrative": { "title": "Vendor notes" },
            "customer_narrative": { "title": "Customer action" },
            "values": { "Vendor": "provider", "Client": "customer", "both": "shared" }
        }"#,
    )
    .unwrap();
    let options = ReadOptions {
        profile: Some(profile),
        ..ReadOptions::default()
    };
    let report = inspect_with(&path, &options).unwrap();
    let t = only_table(&report);
    assert_eq!(t.layout, Layout::Profile);
    assert_eq!(t.header_rows, "2");
    assert_eq!(t.rows, 4);
    assert_eq!(normalized(t, Ownership::Provider), 1);
    assert_eq!(normalized(t, Ownership::Shared), 1);
    assert_eq!(t.unknown_labels, ["Somebody"]);

    let bad = profile_from_json(r#"{ "control_id": { "title": "Ref" }, "ownership": [{ "title": "Owner" }], "sheet": "Matrix" }"#).unwrap();
    let options = ReadOptions {
        profile: Some(bad),
        ..ReadOptions::default()
    };
    let err = check_error(&path, &options, "no column titled 'Owner' in row 2");
    assert!(err.to_string().contains("sheet 'Matrix'"));
    let err = profile_from_json(r#"{ "control_id": "Ref" }"#).unwrap_err();
    assert!(err.to_string().starts_with("mapping profile"), "{err}");
}

// ---- broken and awkward files ----

#[test]
fn excel_lock_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("~$matrix.xlsx");
    let mut bytes = vec![5u8];
    bytes.extend(b"Alice Example");
    bytes.resize(165, b' ');
    std::fs::write(&path, bytes).unwrap();
    let err = check_error(
        &path,
        &ReadOptions::default(),
        "looks like an Excel lock file",
    );
    assert!(matches!(err, ImportError::LockFile { .. }));
}

#[test]
fn password_protected_workbook() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("protected.xlsx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(1024, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    std::fs::write(&path, bytes).unwrap();
    check_error(&path, &ReadOptions::default(), "password-protected");
}

#[test]
fn empty_and_truncated_files() {
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    check_error(&empty, &ReadOptions::default(), "is empty");

    let whole = xlsx(
        &dir,
        "whole.xlsx",
        "S",
        &[&["Control ID", "Responsibility"], &["AC-1", "Customer"]],
        |_| {},
    );
    let bytes = std::fs::read(&whole).unwrap();
    let truncated = dir.path().join("truncated.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    check_error(&truncated, &ReadOptions::default(), "damaged or truncated");

    let text = dir.path().join("notes.xlsx");
    std::fs::write(&text, "just some text").unwrap();
    check_error(&text, &ReadOptions::default(), "not a ZIP archive");
}

#[test]
fn no_recognisable_header() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "list.xlsx",
        "Shopping",
        &[&["Item", "Qty"], &["Apples", "3"]],
        |_| {},
    );
    check_error(&path, &ReadOptions::default(), "no recognisable header");
}

#[test]
fn formulas_count_by_cached_value_and_error_cells_are_missing() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "formulas.xlsx",
        "Matrix",
        &[
            &["Control ID", "Responsibility"],
            &["AC-1"],
            &["AC-2"],
            &["AC-3", "Customer"],
        ],
        |ws| {
            ws.write_formula(
                1,
                1,
                Formula::new("=\"Cust\"&\"omer\"").set_result("Customer"),
            )
            .unwrap();
            ws.write_formula(2, 1, Formula::new("=NA()").set_result("#N/A"))
                .unwrap();
        },
    );
    let t = check(
        &path,
        Layout::Generic,
        3,
        &[("Customer", 2), ("(blank)", 1)],
    );
    assert!(
        has_warning(&t, "cell B3: error value #N/A read as missing"),
        "{:?}",
        t.warnings
    );
}

#[test]
fn hidden_column_before_the_id_column_shifts_nothing() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "hidden.xlsx",
        "Matrix",
        &[
            &["Internal", "Control ID", "Responsibility"],
            &["secret", "AC-1", "Customer"],
            &["", "AC-2", "Shared"],
        ],
        |ws| {
            ws.set_column_hidden(0).unwrap();
        },
    );
    let t = check(&path, Layout::Generic, 2, &[("Customer", 1), ("Shared", 1)]);
    assert_eq!(t.id_column, "B");
    assert_eq!(t.ownership_columns, ["C"]);
    assert!(
        has_warning(&t, "column A ('Internal') is hidden"),
        "{:?}",
        t.warnings
    );
}

#[test]
fn hidden_sheet_is_reported() {
    let dir = TempDir::new().unwrap();
    let mut book = Workbook::new();
    rows(
        book.add_worksheet(),
        &[&["Control ID", "Responsibility"], &["AC-1", "Customer"]],
    );
    let hidden = book.add_worksheet();
    hidden.set_name("Old").unwrap();
    rows(
        hidden,
        &[&["Control ID", "Responsibility"], &["AC-1", "Shared"]],
    );
    hidden.set_hidden(true);
    let path = dir.path().join("sheets.xlsx");
    book.save(&path).unwrap();
    let report = inspect(&path).unwrap();
    let old = report.tables.iter().find(|t| t.sheet == "Old").unwrap();
    assert!(has_warning(old, "sheet 'Old' is hidden"));
}

#[test]
fn merged_ownership_applies_to_every_row() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "merged.xlsx",
        "Matrix",
        &[
            &["Control ID", "Responsibility"],
            &["AC-1"],
            &["AC-2"],
            &["AC-3", "Customer"],
        ],
        |ws| {
            ws.merge_range(1, 1, 2, 1, "Shared", &Format::new())
                .unwrap();
        },
    );
    let t = check(&path, Layout::Generic, 3, &[("Shared", 2), ("Customer", 1)]);
    assert!(has_warning(&t, "B2:B3"), "{:?}", t.warnings);
}

#[test]
fn shifted_values_are_flagged() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "shifted.xlsx",
        "Matrix",
        &[
            &["Control ID", "Responsibility", "Notes"],
            &["AC-1", "Customer", "fine"],
            &["AC-2", "", "Shared"],
            &["", "Customer", ""],
        ],
        |_| {},
    );
    let t = check(
        &path,
        Layout::Generic,
        2,
        &[("Customer", 1), ("(blank)", 1)],
    );
    assert!(
        has_warning(&t, "ownership cell B3 is empty but C3 holds 'Shared'"),
        "{:?}",
        t.warnings
    );
    assert!(has_warning(
        &t,
        "row 4: ownership 'Customer' but no control ID in column A"
    ));
}

#[test]
fn huge_sheet_stops_at_the_limit() {
    let dir = TempDir::new().unwrap();
    let mut data: Vec<Vec<String>> = vec![vec!["Control ID".into(), "Responsibility".into()]];
    data.extend((1..=500).map(|i| vec![format!("AC-{i}"), "Customer".to_string()]));
    let refs: Vec<Vec<&str>> = data
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows_ref: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let path = xlsx(&dir, "huge.xlsx", "Matrix", &rows_ref, |_| {});
    assert_eq!(inspect(&path).unwrap().tables[0].rows, 500);
    let options = ReadOptions {
        limits: Limits {
            max_cells: 100,
            ..Limits::default()
        },
        ..ReadOptions::default()
    };
    check_error(&path, &options, "exceeds the limit of 100 cells");
    let options = ReadOptions {
        limits: Limits {
            max_file_bytes: 10,
            ..Limits::default()
        },
        ..ReadOptions::default()
    };
    check_error(&path, &options, "exceeds the limit of 10 bytes");
}

#[test]
fn arbitrary_bytes_never_panic() {
    let dir = TempDir::new().unwrap();
    let seeds: [&[u8]; 4] = [
        b"PK\x03\x04garbage",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        b"a,b\n\xff\xfe",
        b"\0\0\0",
    ];
    for (i, bytes) in seeds.iter().enumerate() {
        for ext in ["xlsx", "xls", "ods", "csv"] {
            let path = dir.path().join(format!("f{i}.{ext}"));
            std::fs::write(&path, bytes).unwrap();
            let err = inspect(&path).expect_err("garbage must not read as a matrix");
            assert!(err.to_string().contains(&format!("f{i}.{ext}")), "{err}");
        }
    }
}
