//! The real provider matrices in the shared fixtures read exactly as their README says.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::Ownership;
use demarc_import::{inspect, InspectReport, TableReport};

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/fixtures not found");
        None
    }
}

fn report(name: &str) -> Option<InspectReport> {
    let path = fixtures()?.join(name);
    Some(inspect(&path).unwrap_or_else(|e| panic!("{e}")))
}

fn table<'a>(report: &'a InspectReport, sheet: &str) -> &'a TableReport {
    report
        .tables
        .iter()
        .find(|t| t.sheet == sheet)
        .unwrap_or_else(|| panic!("no table in sheet {sheet}: {report:#?}"))
}

/// Sheet, header rows and row count, plus the label counts when given.
fn check(t: &TableReport, header_rows: &str, rows: usize, labels: &[(&str, usize)]) {
    assert_eq!(t.header_rows, header_rows, "{}", t.sheet);
    assert_eq!(t.rows, rows, "{}", t.sheet);
    if !labels.is_empty() {
        let expected = labels.iter().map(|(l, n)| (l.to_string(), *n)).collect();
        assert_eq!(t.original_counts, expected, "{}", t.sheet);
        assert!(t.unknown_labels.is_empty(), "{:?}", t.unknown_labels);
    }
}

fn normalized(t: &TableReport, owner: Ownership) -> usize {
    t.normalized_counts.get(&owner).copied().unwrap_or(0)
}

#[test]
fn cloud_gov_cis_and_crm() {
    let Some(r) = report("cloudgov_CIS-Worksheet_2025.xlsx") else {
        return;
    };
    assert_eq!(r.sha256.len(), 64);
    assert_eq!(r.tables.len(), 2);
    // The last line of the Instructions sheet's revision history.
    assert_eq!(r.document.version.as_deref(), Some("4"));
    assert_eq!(r.document.date.as_deref(), Some("2020-08-06"));

    let crm = table(&r, "PaaS CRM");
    check(
        crm,
        "3",
        616,
        &[("No", 350), ("Partial", 142), ("Yes", 124)],
    );
    assert_eq!(crm.id_column, "A");
    assert_eq!(crm.ownership_columns, ["B"]);
    assert_eq!(crm.customer_narrative_column.as_deref(), Some("C"));
    assert_eq!(normalized(crm, Ownership::Customer), 350);
    assert_eq!(normalized(crm, Ownership::Shared), 142);
    assert_eq!(normalized(crm, Ownership::Provider), 124);
    assert!(
        crm.warnings
            .iter()
            .any(|w| w.starts_with("column D") && w.contains("hidden")),
        "{:?}",
        crm.warnings
    );

    let cis = table(&r, "CIS Worksheet");
    check(cis, "2-3", 616, &[]);
    assert_eq!(cis.header_row, 2);
    assert_eq!(
        cis.ownership_columns,
        ["G", "H", "I", "J", "K", "L", "M", "F"]
    );
    // The two rows without an origination mark are marked N/A under Implementation Status.
    assert_eq!(cis.original_counts.get("N/A"), Some(&2));
    assert_eq!(normalized(cis, Ownership::NotApplicable), 2);
    assert_eq!(normalized(cis, Ownership::Undetermined), 0);
    assert!(cis.unknown_labels.is_empty(), "{:?}", cis.unknown_labels);
    let most_marks = cis
        .original_counts
        .keys()
        .map(|label| label.matches("; ").count() + 1)
        .max();
    assert_eq!(most_marks, Some(3));
    assert!(cis
        .original_counts
        .keys()
        .any(|l| l.contains("Service Provider Corporate (GSA/18F)")));
}

#[test]
fn fedramp_rev5_template() {
    let Some(r) = report("fedramp-gov_SSP-Appendix-J-CIS-CRM-Workbook_rev5.xlsx") else {
        return;
    };
    for (level, rows) in [
        ("High", 791),
        ("Moderate", 688),
        ("Low", 424),
        ("LI-SaaS", 424),
    ] {
        let cis = table(&r, &format!("{level} CIS Worksheet"));
        check(cis, "2-3", rows, &[("(blank)", rows)]);
        let crm = table(&r, &format!("{level} CRM Worksheet"));
        let header = if level == "High" { "3" } else { "4" };
        assert_eq!(crm.header_rows, header, "{level}");
        assert_eq!(crm.rows, rows, "{level} CRM");
    }
    assert_ne!(
        r.document.date.as_deref(),
        Some("MM/DD/YYYY"),
        "a placeholder is no date"
    );
    let example = table(&r, "Example CRM Worksheet Responses");
    check(example, "2", 62, &[("No", 34), ("Partial", 28)]);
}

#[test]
fn key_vault_baseline_v3() {
    let Some(r) = report("msft_key-vault-security-baseline-v3.xlsx") else {
        return;
    };
    assert_eq!(r.tables.len(), 1);
    let t = table(&r, "Feature Summary");
    check(
        t,
        "1",
        36,
        &[("Customer", 16), ("Not Applicable", 16), ("Microsoft", 4)],
    );
    assert_eq!(t.layout, demarc_import::Layout::MicrosoftBaseline);
}

#[test]
fn aks_and_storage_baselines_v3_say_which_features_the_customer_configures() {
    let Some(dir) = fixtures() else {
        return;
    };
    for (name, configured, unsupported, customer) in [
        (
            "msft_azure-kubernetes-service-aks-security-baseline-v3.xlsx",
            20,
            2,
            20,
        ),
        ("msft_storage-security-baseline-v3.xlsx", 18, 2, 18),
    ] {
        let m = demarc_import::read_matrix(&dir.join(name), &Default::default()).unwrap();
        let rows = &m.tables[0].rows;
        let noted = |start: &str| {
            rows.iter()
                .filter(|r| r.note.as_deref().is_some_and(|n| n.starts_with(start)))
                .count()
        };
        assert_eq!(noted("customer-configured"), configured, "{name}");
        assert_eq!(noted("the feature is not supported"), unsupported, "{name}");
        let customers = rows
            .iter()
            .filter(|r| r.ownership[0].normalized == Ownership::Customer)
            .count();
        assert_eq!(customers, customer, "{name}");
    }
}

#[test]
fn key_vault_baseline_v1_1() {
    let Some(r) = report("msft_key-vault-security-baseline-v1.1.xlsx") else {
        return;
    };
    let t = table(&r, "Security Baseline");
    check(
        t,
        "1",
        88,
        &[
            ("Customer", 55),
            ("Not applicable", 26),
            ("Microsoft", 6),
            ("Shared", 1),
        ],
    );
    assert_eq!(t.id_column, "C");
    assert_eq!(normalized(t, Ownership::NotApplicable), 26);
}

#[test]
fn every_fixture_is_inspected() {
    let Some(dir) = fixtures() else {
        return;
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let r = inspect(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!r.tables.is_empty(), "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 6, "the README describes six matrices");
}
