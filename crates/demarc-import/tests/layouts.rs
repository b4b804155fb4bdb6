//! Layouts recognised without help, each from generated workbooks: a baseline row under the
//! control ID title, ID columns titled by number or requirement, responsibility columns with
//! error cells, Azure v3 feature columns, CAIQ v3.0.1's answers.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::Ownership;
use demarc_import::{inspect, read_matrix, ImportError, Layout, ReadOptions, TableReport};
use rust_xlsxwriter::{Format, Formula};
use tempfile::TempDir;

mod support;
use support::book as xlsx;

fn table(path: &Path) -> TableReport {
    let report = inspect(path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.tables.len(), 1, "{report:#?}");
    report.tables[0].clone()
}

fn counts(pairs: &[(&str, usize)]) -> std::collections::BTreeMap<String, usize> {
    pairs.iter().map(|(l, n)| (l.to_string(), *n)).collect()
}

fn normalized(t: &TableReport, owner: Ownership) -> usize {
    t.normalized_counts.get(&owner).copied().unwrap_or(0)
}

const ORIGINATION: [&str; 7] = [
    "Service Provider Corporate",
    "Service Provider System Specific",
    "Service Provider Hybrid (Corporate and System Specific)",
    "Configured by Customer (Customer System Specific)",
    "Provided by Customer (Customer System Specific)",
    "Shared (Service Provider and Customer Responsibility)",
    "Inherited from pre-existing FedRAMP Authorization",
];

/// An older FedRAMP CIS worksheet: `Control ID` in the first header row, the baseline's name
/// beneath it in the second, which also holds the status and origination titles; lower-case
/// marks. `merged` puts the group titles in merged ranges, else only in their first cell.
fn older_cis(dir: &TempDir, name: &str, merged: bool) -> PathBuf {
    let mut upper = vec!["Control ID", "Implementation Status", "", "", "", ""];
    upper.push("Control Origination");
    let mut lower = vec![
        "FedRAMP Controls Moderate",
        "Implemented",
        "Partially Implemented",
        "Planned",
        "Alternative Implementation",
        "N/A",
    ];
    lower.extend(ORIGINATION);
    let data: Vec<Vec<&str>> = vec![
        upper,
        lower,
        vec!["AC-1", "x", "", "", "", "", "x"],
        vec!["AC-2", "x", "", "", "", "", "", "", "", "x", "", "", ""],
        vec!["AC-2 (1)", "x", "", "", "", "", "x", "", "", "", "x"],
        vec!["AC-3", "", "", "", "", "x"],
        vec!["AC-4", "x", "", "", "", "", "", "", "", "", "", "", "x"],
    ];
    let data: Vec<&[&str]> = data.iter().map(Vec::as_slice).collect();
    xlsx(dir, name, "Moderate Controls", &data, |ws| {
        if merged {
            let f = Format::new();
            ws.merge_range(0, 1, 0, 5, "Implementation Status", &f)
                .unwrap();
            ws.merge_range(0, 6, 0, 12, "Control Origination", &f)
                .unwrap();
        }
    })
}

#[test]
fn older_fedramp_cis_with_the_baseline_named_under_the_id_title() {
    let dir = TempDir::new().unwrap();
    for merged in [true, false] {
        let path = older_cis(&dir, &format!("cis-{merged}.xlsx"), merged);
        let t = table(&path);
        assert_eq!(t.layout, Layout::FedrampCis, "merged {merged}: {t:#?}");
        assert_eq!(t.header_rows, "1-2");
        assert_eq!(t.rows, 5);
        assert_eq!(t.id_column, "A");
        assert_eq!(t.title.as_deref(), Some("FedRAMP Controls Moderate"));
        assert_eq!(normalized(&t, Ownership::Provider), 2, "{t:#?}");
        assert_eq!(normalized(&t, Ownership::Customer), 1, "{t:#?}");
        assert_eq!(normalized(&t, Ownership::Shared), 1, "{t:#?}");
        assert_eq!(normalized(&t, Ownership::NotApplicable), 1, "{t:#?}");
        assert!(t.unknown_labels.is_empty(), "{t:#?}");
    }
    let m = read_matrix(&older_cis(&dir, "cis.xlsx", true), &ReadOptions::default()).unwrap();
    assert_eq!(m.tables[0].rows[2].control_id_normalized, "AC-2(1)");
}

/// A benchmark-to-NIST mapping: the recommendation's own number first, the NIST control in a
/// column titled `NIST Control #`, a responsibility with `#N/A` error cells where nothing was
/// looked up.
#[test]
fn benchmark_to_nist_mapping_with_error_cells() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "benchmark.xlsx",
        "Mapping",
        &[
            &["Benchmark for Acme Cloud, mapped to NIST SP 800-53"],
            &[
                "Recommendation #",
                "Title",
                "NIST Control #",
                "Responsibility",
                "Notes",
            ],
            &["1.1", "Enable MFA", "IA-2(1)", "Customer", ""],
            &["1.2", "Rotate keys", "SC-12", "", ""],
            &["1.3", "Log access", "AU-2", "Shared", ""],
            &["2.1", "Patch hosts", "SI-2", "", ""],
            &["2.2", "Encrypt disks", "SC-28", "Provider", ""],
        ],
        |ws| {
            for r in [3, 5] {
                ws.write_formula(
                    r,
                    3,
                    Formula::new("=VLOOKUP(C4,X:Y,2,0)").set_result("#N/A"),
                )
                .unwrap();
            }
        },
    );
    let t = table(&path);
    assert_eq!(t.layout, Layout::Generic, "{t:#?}");
    assert_eq!((t.id_column.as_str(), t.rows), ("C", 5));
    assert_eq!(t.ownership_columns, ["D"]);
    assert_eq!(
        t.original_counts,
        counts(&[
            ("Customer", 1),
            ("Shared", 1),
            ("Provider", 1),
            ("(blank)", 2)
        ])
    );
    assert!(t.unknown_labels.is_empty(), "{t:#?}");
    assert!(
        t.warnings
            .iter()
            .any(|w| w
                .contains("column D ('Responsibility'): 2 error cells (#N/A) read as not given")),
        "{:?}",
        t.warnings
    );

    // The same exported to CSV: the error is text there, and still not a label to map.
    let csv = dir.path().join("benchmark.csv");
    std::fs::write(
        &csv,
        "Recommendation #,Title,NIST Control #,Responsibility\n\
         1.1,Enable MFA,IA-2(1),Customer\n1.2,Rotate keys,SC-12,#N/A\n1.3,Log,AU-2,#REF!\n",
    )
    .unwrap();
    let t = table(&csv);
    assert_eq!(t.id_column, "C");
    assert_eq!(
        t.original_counts,
        counts(&[("Customer", 1), ("(blank)", 2)])
    );
    assert!(t.unknown_labels.is_empty(), "{t:#?}");
}

#[test]
fn id_columns_titled_by_number_requirement_or_id() {
    let dir = TempDir::new().unwrap();
    for (i, (title, ids)) in [
        ("Control Number", ["AC-1", "AC-2", "AC-3"]),
        ("Req. #", ["1.2.1", "8.4.2", "12.8.5"]),
        ("Requirement", ["1.2.1", "8.4.2", "12.8.5"]),
        ("ID", ["CC6.1", "CC6.2", "CC7.1"]),
        ("800-53 Control #", ["AC-1", "AC-2", "AC-3"]),
        ("Control No", ["A.5.1", "A.5.2", "A.8.1"]),
    ]
    .into_iter()
    .enumerate()
    {
        let path = xlsx(
            &dir,
            &format!("ids-{i}.xlsx"),
            "Matrix",
            &[
                &["Topic", title, "Responsibility"],
                &["Access", ids[0], "Customer"],
                &["Access", ids[1], "Shared"],
                &["Access", ids[2], "Customer"],
            ],
            |_| {},
        );
        let t = table(&path);
        assert_eq!((t.id_column.as_str(), t.rows), ("B", 3), "{title}: {t:#?}");
        assert_eq!(normalized(&t, Ownership::Customer), 2, "{title}");
    }

    // A column titled ID whose cells are not control IDs does not make a matrix.
    let path = xlsx(
        &dir,
        "names.xlsx",
        "People",
        &[
            &["ID", "Responsibility"],
            &["alice", "Customer"],
            &["bob", "Shared"],
        ],
        |_| {},
    );
    let err = inspect(&path).unwrap_err();
    assert!(matches!(err, ImportError::NoHeader { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("'People'") && message.contains("first 30 rows"),
        "{message}"
    );
}

/// An Azure Security Benchmark v3 baseline's feature summary, as Microsoft publishes it.
#[test]
fn azure_v3_features_supported_but_not_enabled_by_default_are_customer_configured() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "aks-v3.xlsx",
        "Feature Summary",
        &[
            &[
                "Control Domain",
                "ASB Control ID",
                "ASB Control Title",
                "Guidance",
                "Responsibility",
                "Feature Name",
                "Feature Description",
                "Feature Supported",
                "Feature Enabled by Default",
                "Feature Reference",
            ],
            &[
                "Identity Management",
                "IM-1",
                "Use central identity",
                "Use Entra ID.",
                "Customer",
                "Entra ID auth",
                "",
                "True",
                "False",
                "None",
            ],
            &[
                "Network Security",
                "NS-2",
                "Private links",
                "None",
                "Microsoft",
                "Private link",
                "",
                "True",
                "True",
                "None",
            ],
            &[
                "Asset Management",
                "AM-5",
                "Approved apps",
                "None",
                "Not Applicable",
                "Defender",
                "",
                "Not Applicable",
                "Not Applicable",
                "None",
            ],
            &[
                "Data Protection",
                "DP-3",
                "Encrypt in transit",
                "Turn on TLS.",
                "",
                "TLS",
                "",
                "True",
                "False",
                "None",
            ],
            &[
                "Logging",
                "LT-4",
                "Resource logs",
                "None",
                "Customer",
                "Logs",
                "",
                "False",
                "False",
                "None",
            ],
        ],
        |_| {},
    );
    let t = table(&path);
    assert_eq!(t.layout, Layout::MicrosoftBaseline);
    assert_eq!(t.rows, 5);
    assert_eq!(normalized(&t, Ownership::Customer), 3, "{t:#?}");
    assert_eq!(normalized(&t, Ownership::Provider), 1);
    assert_eq!(normalized(&t, Ownership::NotApplicable), 1);
    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    let rows = &m.tables[0].rows;
    let note = |i: usize| rows[i].note.as_deref().unwrap_or("");
    assert!(note(0).contains("customer-configured"), "{:?}", rows[0]);
    assert_eq!(rows[1].note, None);
    assert_eq!(rows[2].note, None);
    // Nothing in Responsibility: the feature settings say whose it is; the label stays blank.
    assert!(note(3).contains("customer-configured"), "{:?}", rows[3]);
    assert_eq!(
        (
            rows[3].ownership[0].original.as_str(),
            rows[3].ownership[0].normalized
        ),
        ("", Ownership::Customer)
    );
    assert!(note(4).contains("not supported"), "{:?}", rows[4]);
}

/// CAIQ v3.0.1: a title row, the column titles, and under `Consensus Assessment Answers` a
/// third row of Yes / No / Not Applicable; the control ID only on a control's first question.
#[test]
fn caiq_v3_answers_are_kept_as_implementation_not_ownership() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "caiq-v3.xlsx",
        "CAIQ v3.0.1",
        &[
            &["CONSENSUS ASSESSMENTS INITIATIVE QUESTIONNAIRE v3.0.1"],
            &[
                "Control Domain",
                "Control ID",
                "Question ID",
                "Control Specification",
                "Consensus Assessment Questions",
                "Consensus Assessment Answers",
                "",
                "",
                "Notes",
            ],
            &["", "", "", "", "", "Yes", "No", "Not Applicable", ""],
            &[
                "Application & Interface Security\nApplication Security",
                "AIS-01",
                "AIS-01.1",
                "Spec",
                "Do you use standards?",
                "X",
                "",
                "",
                "We follow OWASP.",
            ],
            &["", "", "AIS-01.2", "", "Do you test code?", "", "x", "", ""],
            &["", "", "AIS-01.3", "", "Manual reviews?", "", "", "X", ""],
            &[
                "Audit Assurance & Compliance\nAudit Planning",
                "AAC-01",
                "AAC-01.1",
                "Spec",
                "Audit plans?",
                "x",
                "",
                "",
                "",
            ],
            &["", "", "AAC-01.2", "", "Unanswered?", "", "", "", ""],
            &["© Copyright 2014-2019 Cloud Security Alliance - All rights reserved."],
        ],
        |ws| {
            let f = Format::new();
            ws.merge_range(
                0,
                0,
                0,
                8,
                "CONSENSUS ASSESSMENTS INITIATIVE QUESTIONNAIRE v3.0.1",
                &f,
            )
            .unwrap();
            ws.merge_range(1, 5, 1, 7, "Consensus Assessment Answers", &f)
                .unwrap();
            ws.merge_range(3, 1, 5, 1, "AIS-01", &f).unwrap();
        },
    );
    let t = table(&path);
    assert_eq!(t.layout, Layout::CsaCaiqV3, "{t:#?}");
    assert_eq!(t.header_rows, "2-3");
    assert_eq!((t.id_column.as_str(), t.rows), ("C", 5));
    assert!(t.ownership_columns.is_empty(), "{t:#?}");
    assert_eq!(t.provider_narrative_column.as_deref(), Some("I"));
    assert_eq!(t.original_counts, counts(&[("(blank)", 5)]));
    assert_eq!(normalized(&t, Ownership::Undetermined), 5);
    assert!(t.unknown_labels.is_empty());
    assert_eq!(
        t.implementation_counts,
        counts(&[("Yes", 2), ("No", 1), ("Not Applicable", 1)])
    );
    assert!(
        t.warnings.iter().any(|w| w.contains("footer")),
        "{:?}",
        t.warnings
    );
    let m = read_matrix(&path, &ReadOptions::default()).unwrap();
    let rows = &m.tables[0].rows;
    assert_eq!(rows[0].implementation.as_deref(), Some("Yes"));
    assert_eq!(
        rows[0].provider_narrative.as_deref(),
        Some("We follow OWASP.")
    );
    assert_eq!(rows[4].implementation, None);
}

#[test]
fn caiq_v4_keeps_its_answer_beside_the_ownership() {
    let dir = TempDir::new().unwrap();
    let path = xlsx(
        &dir,
        "caiq-v4.xlsx",
        "CAIQv4.0.3",
        &[
            &["Consensus Assessments Initiative Questionnaire v4.0.3"],
            &[
                "Question ID",
                "Question",
                "CSP CAIQ Answer",
                "SSRM Control Ownership",
            ],
            &["A&A-01.1", "Policies?", "Yes", "CSP-owned"],
            &["A&A-02.1", "Audits?", "NA", ""],
        ],
        |_| {},
    );
    let t = table(&path);
    assert_eq!(t.layout, Layout::CsaCaiq);
    assert_eq!(t.implementation_counts, counts(&[("Yes", 1), ("NA", 1)]));
    assert_eq!(normalized(&t, Ownership::NotApplicable), 1);
}
