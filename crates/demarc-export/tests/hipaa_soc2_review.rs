#![allow(clippy::unwrap_used)]
//! The HIPAA and SOC 2 findings of the third assessor review, read back from the demo's
//! exports: Stripe's determination cites the payment-processing exemption, Microsoft's BAA terms
//! are recorded, each review date says whose review it is and an overdue one is marked, each
//! CSOC names the report behind it, a report ending before the audit window says so, vendors
//! are counted by provider, and the workbook's cover carries the full hash and the manifest.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use demarc_export::{
    write_layout, write_pdf, write_workbook, ExportData, ExportPlan, Layout, Paper, Part,
};
use sha2::{Digest, Sha256};

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn demo(dir: &Path) -> ExportData {
    let file = demarc_store::write_demo(&dir.join("demo.demarc")).unwrap();
    ExportData::load(&file, generated_at()).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    Xlsx::new(Cursor::new(bytes.to_vec()))
        .unwrap()
        .worksheet_range(name)
        .unwrap()
}

/// The header (the row under the status line) and the rows under it, each cell as text.
fn table(range: &Range<Data>) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = range
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<String>>());
    let header = rows.next().unwrap();
    (header, rows.collect())
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first:?}"))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The pack's words separated by single spaces, or `None` without pdftotext.
fn pdf_words(dir: &Path, bytes: &[u8]) -> Option<String> {
    let path = dir.join("pack.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(out) => Some(
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
            None
        }
        Err(e) => panic!("pdftotext: {e}"),
    }
}

#[test]
fn the_ba_register_cites_stripes_exemption_records_microsofts_terms_and_names_the_baa_review() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_layout(&data, Layout::HipaaBa).unwrap();
    let (header, rows) = table(&sheet(&bytes, "Business associates"));
    assert!(header.iter().any(|h| h == "BAA next review"), "{header:?}");
    assert!(!header.iter().any(|h| h == "Next review"), "{header:?}");

    let stripe = row(&rows, "Stripe");
    assert_eq!(
        stripe[col(&header, "Determination")],
        "Not a business associate"
    );
    // A determination is no agreement: it covers no service.
    assert_eq!(
        stripe[col(&header, "Services the BAA covers")],
        "no agreement"
    );
    let why = &stripe[col(&header, "Why")];
    assert!(
        why.contains("section 1179 of the Social Security Act") && why.contains("1320d-8"),
        "{why}"
    );

    // Microsoft handles PHI in the backup store: no term of its signed BAA is left blank.
    let microsoft = row(&rows, "Microsoft");
    assert_eq!(microsoft[col(&header, "BAA status")], "signed");
    for term in [
        "Subcontractor flow-down",
        "Breach notice",
        "Agreement (where it is kept)",
        "Eligible services (reference)",
    ] {
        let cell = &microsoft[col(&header, term)];
        assert!(
            !cell.is_empty() && cell != "not recorded",
            "{term}: {cell:?}"
        );
    }

    // The pack gives the same determination with its citation.
    if let Some(words) = pdf_words(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) {
        assert!(
            words.contains("Not a business associate: Payment processing only: under section 1179")
                && words.contains("(42 U.S.C. 1320d-8)"),
            "{words}"
        );
    }
}

#[test]
fn review_dates_say_whose_review_they_are_and_an_overdue_vendor_review_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_workbook(&data).unwrap();
    let (header, rows) = table(&sheet(&bytes, "Providers"));
    assert!(!header.iter().any(|h| h == "Next review"), "{header:?}");
    let due = col(&header, "Vendor review due");
    col(&header, "Vendor next review");
    // Stripe's review was due 2026-09-20, before the export's day; AWS's is due 2027-01-05.
    assert_eq!(row(&rows, "Stripe")[due], "2026-09-20 (OVERDUE)");
    assert_eq!(row(&rows, "AWS")[due], "2027-01-05");

    let Some(words) = pdf_words(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) else {
        return;
    };
    assert!(
        words.contains("Vendor next review: 2026-09-20 (OVERDUE)"),
        "{words}"
    );
    assert!(words.contains("Vendor next review: 2027-01-05 "), "{words}");
    assert!(words.contains("BAA next review: 2027-03-01"), "{words}");
    assert!(!words.contains(" Next review:"), "{words}");
    assert!(!words.contains(" Last review:"), "{words}");
}

#[test]
fn each_csoc_names_the_providers_report_behind_it_and_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_layout(&data, Layout::Soc2Cuec).unwrap();
    let (header, rows) = table(&sheet(&bytes, "CSOCs"));
    let (assurance, status) = (
        col(&header, "Assurance (the provider's SOC 2 report)"),
        col(&header, "Status"),
    );
    assert_eq!(rows.len(), data.csocs.len());
    let aws = row(&rows, "AWS");
    assert!(
        aws[assurance].starts_with(
            "AWS SOC 2 Type II 2025-10-01..2026-09-30: in force, but ends before the audit window"
        ),
        "{}",
        aws[assurance]
    );
    assert_eq!(aws[status], "Supported by the report");
    let stripe = row(&rows, "Stripe");
    assert!(
        stripe[assurance].contains("stale for the audit window"),
        "{}",
        stripe[assurance]
    );
    assert!(stripe[status].starts_with("Unsupported"), "{stripe:?}");
    let microsoft = row(&rows, "Microsoft");
    assert!(
        microsoft[assurance].starts_with("No SOC 2 report of Microsoft on file"),
        "{microsoft:?}"
    );
    assert!(
        microsoft[status].starts_with("Unsupported"),
        "{microsoft:?}"
    );
}

#[test]
fn a_report_ending_before_the_audit_window_is_not_labelled_current() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let expected = "in force, but ends before the audit window: period to 2026-09-30, bridge \
                    letter to 2026-12-01";
    let bytes = write_workbook(&data).unwrap();
    let (header, rows) = table(&sheet(&bytes, "Providers"));
    let (attestation, status) = (col(&header, "Attestation"), col(&header, "Status"));
    let aws = rows
        .iter()
        .find(|r| r[attestation].starts_with("AWS SOC 2"))
        .unwrap();
    assert_eq!(aws[status], expected);

    let Some(words) = pdf_words(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) else {
        return;
    };
    assert!(
        words.contains(&format!(
            "AWS SOC 2 Type II 2025-10-01..2026-09-30 ({expected})"
        )),
        "{words}"
    );
    assert!(!words.contains("2026-09-30 (current)"), "{words}");
}

#[test]
fn the_packs_exceptions_count_vendors_by_provider() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let Some(words) = pdf_words(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) else {
        return;
    };
    let at = words
        .find("SOC 2 report stale or short of the window")
        .unwrap();
    let line = &words[at..at + 400];
    // AWS, Microsoft, Salesforce and Stripe: Stripe's stale report and its service's days of
    // the window are one vendor.
    assert!(line.contains("4 vendors"), "{line}");
    assert!(line.contains("Stripe (Stripe Payments)"), "{line}");
    assert!(!line.contains("; Stripe Payments"), "{line}");
}

#[test]
fn the_workbook_cover_carries_the_full_hash_and_the_manifest_of_its_export() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let cover = |bytes: &[u8]| -> Vec<String> {
        sheet(bytes, "Cover")
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let alone = cover(&write_workbook(&data).unwrap());
    let engagement = alone
        .iter()
        .find(|l| l.starts_with("Engagement file"))
        .unwrap();
    assert!(
        engagement.contains(&format!("(sha256 {})", data.file_sha256)),
        "{engagement}"
    );
    assert!(
        alone
            .iter()
            .any(|l| l.contains("No other file was written with this workbook")),
        "{alone:?}"
    );

    // In an export, the files made with it (the pack after it, whatever the order of the plan).
    for pack_first in [false, true] {
        let out = dir.path().join(format!("out-{pack_first}"));
        std::fs::create_dir(&out).unwrap();
        let base = out.join("pack.demarc");
        let mut plan = ExportPlan::default();
        if pack_first {
            plan.add(base.with_extension("pdf"), Part::pdf(Paper::A4));
        }
        plan.add(base.with_extension("xlsx"), Part::Workbook);
        if !pack_first {
            plan.add(base.with_extension("pdf"), Part::pdf(Paper::A4));
        }
        plan.add_layouts(&base, &[Layout::Csv, Layout::HipaaBa]);
        plan.run(&data, &AtomicBool::new(false), &mut |_| {})
            .unwrap();
        let lines = cover(&std::fs::read(out.join("pack.xlsx")).unwrap());
        for name in ["pack-csv.csv", "pack-hipaa-ba.xlsx"] {
            let written = sha256(&std::fs::read(out.join(name)).unwrap());
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(&written) && l.contains(name)),
                "{name} ({written}) not on the cover: {lines:?}"
            );
        }
        assert!(
            lines
                .iter()
                .any(|l| l.contains("pack.pdf: made after this workbook")),
            "{lines:?}"
        );
        // The pack lists the workbook's own hash.
        let workbook = sha256(&std::fs::read(out.join("pack.xlsx")).unwrap());
        if let Some(words) = pdf_words(dir.path(), &std::fs::read(out.join("pack.pdf")).unwrap()) {
            assert!(words.contains(&format!("{workbook} pack.xlsx")), "{words}");
        }
    }
}
