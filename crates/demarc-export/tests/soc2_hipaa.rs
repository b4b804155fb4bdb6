#![allow(clippy::unwrap_used)]
//! The SOC 2 and HIPAA findings of the second assessor review, read back from the exports: one
//! BAA story in the business associate register, the pack's exceptions and the HIPAA rows, and
//! a bridge letter printed as speaking no further than its own date.

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use demarc_core::{AttestationDetails, DataType, Framework, GapKind, Ownership};
use demarc_export::{write_layout, write_pdf, write_workbook, ExportData, Layout, Paper};

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn demo(dir: &std::path::Path) -> ExportData {
    let file = demarc_store::write_demo(&dir.join("demo.demarc")).unwrap();
    ExportData::load(&file, generated_at()).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    Xlsx::new(Cursor::new(bytes.to_vec()))
        .unwrap()
        .worksheet_range(name)
        .unwrap()
}

/// The header (row `header_row`) and the rows under it, each cell as text.
fn table(range: &Range<Data>, header_row: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = range
        .rows()
        .skip(header_row)
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

fn split(cell: &str) -> Vec<String> {
    cell.split([',', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The pack's text, or `None` without pdftotext.
fn pdf_text(dir: &std::path::Path, bytes: &[u8]) -> Option<String> {
    let path = dir.join("pack.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
            None
        }
        Err(e) => panic!("pdftotext: {e}"),
    }
}

#[test]
fn the_ba_register_the_exceptions_and_the_rows_agree_for_every_phi_service() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_layout(&data, Layout::HipaaBa).unwrap();
    let range = sheet(&bytes, "Business associates");
    let (header, rows) = table(&range, 1);
    let vendor = col(&header, "Vendor");
    let covers = col(&header, "Services the BAA covers");
    let flag = col(&header, "PHI services without a signed BAA");
    let eligible = col(&header, "Eligible services (reference)");
    let row = |name: &str| rows.iter().find(|r| r[vendor] == name).unwrap();

    // What the BAA covers: its eligible-services reference and every service in scope it
    // covers, Lambda included (an eligible service the agreement does not name).
    let aws = row("AWS");
    assert!(
        aws[eligible].contains("AWS HIPAA Eligible Services Reference"),
        "{}",
        aws[eligible]
    );
    assert!(
        split(&aws[covers]).contains(&"AWS Lambda".to_string()),
        "{aws:?}"
    );

    // The exceptions: the gaps of PHI without a BAA, which the pack's exceptions list.
    let without: Vec<&str> = data
        .gaps
        .gaps
        .iter()
        .filter(|g| g.kind == GapKind::PhiWithoutBaa)
        .filter_map(|g| g.service.as_deref())
        .collect();
    let phi: Vec<_> = data
        .view
        .services
        .iter()
        .filter(|s| s.data_types.contains(&DataType::Phi))
        .collect();
    assert!(phi.len() >= 6, "{phi:?}");
    for s in &phi {
        let r = row(&s.provider);
        let flagged = split(r[flag].trim_start_matches("FLAG:")).contains(&s.name);
        let covered = split(&r[covers]).contains(&s.name);
        let excepted = without.contains(&s.name.as_str());
        assert_eq!(flagged, excepted, "{}: register flag vs exceptions", s.name);
        assert_eq!(covered, !excepted, "{}: covered vs exceptions", s.name);
        // Every HIPAA row inherited on a business associate's word names a BAA whose
        // register row lists the service.
        for m in data.rows.iter().filter(|m| {
            m.framework == Framework::Hipaa
                && m.service.as_deref() == Some(s.name.as_str())
                && m.owner == Ownership::Inherited
        }) {
            let baa = m.baa.as_ref().unwrap_or_else(|| panic!("{m:?}"));
            assert!(baa.label.starts_with(&s.provider), "{}", baa.label);
            assert!(
                covered,
                "{} inherits with {} yet is not listed",
                s.name, baa.label
            );
        }
    }
    // The pack says the same: no PHI without a BAA, when none is flagged.
    if let Some(text) = pdf_text(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) {
        let line = text
            .lines()
            .skip_while(|l| !l.contains("PHI without a BAA"))
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(without.is_empty(), line.contains("none"), "{line}");
    }
}

#[test]
fn the_register_prints_a_bridge_letter_as_ending_on_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = demo(dir.path());
    let details = |data: &ExportData| {
        let bytes = write_workbook(data).unwrap();
        let range = sheet(&bytes, "Providers");
        let (header, rows) = table(&range, 1);
        let (attestation, details) = (
            col(&header, "Attestation"),
            col(&header, "Details (reports are referenced, never included)"),
        );
        rows.iter()
            .find(|r| r[attestation].starts_with("AWS SOC 2"))
            .unwrap()[details]
            .clone()
    };
    // The pack's summary says plainly that the report, in force, does not cover the window.
    if let Some(pack) = pdf_text(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) {
        let words = pack.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(
                "in force, but ends before the audit window: period to 2026-09-30, bridge letter \
                 to 2026-12-01"
            ),
            "{words}"
        );
    }
    let text = details(&data);
    assert!(
        text.contains("Bridge letter of 2026-12-01: covers 2026-10-01 to 2026-12-01"),
        "{text}"
    );
    assert!(
        text.contains("Speaks for 2025-10-01 to 2026-12-01"),
        "{text}"
    );
    assert!(!text.contains("2026-12-31"), "{text}");

    // An older file's letter that states an end after its own date is printed as read.
    for a in &mut data.attestations {
        if let (true, AttestationDetails::Soc2(r)) = (a.provider == "AWS", &mut a.details) {
            if let Some(b) = r.bridge_letter.as_mut() {
                b.covers_to = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
            }
        }
    }
    let text = details(&data);
    assert!(
        text.contains(
            "The letter states 2026-12-31, after its own date: read as ending on 2026-12-01"
        ),
        "{text}"
    );
    assert!(
        text.contains("Speaks for 2025-10-01 to 2026-12-01"),
        "{text}"
    );
}

#[test]
fn the_cuec_layout_names_each_reports_subservice_organisations_and_what_it_carves_out() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_layout(&data, Layout::Soc2Cuec).unwrap();
    let (header, reports) = table(&sheet(&bytes, "Reports"), 1);
    let (vendor, orgs) = (
        col(&header, "Vendor"),
        col(&header, "Subservice organisations"),
    );
    let of = |name: &str| {
        reports
            .iter()
            .find(|r| r[vendor] == name)
            .unwrap_or_else(|| panic!("no report of {name}"))[orgs]
            .clone()
    };
    // AWS's own data centres are in its report: the carve-out leaves no criterion of the
    // services in scope. Salesforce leaves its hosts' physical safeguards to them.
    let aws = of("AWS");
    assert!(
        aws.starts_with("Carve-out: Colocation providers of AWS edge"),
        "{aws}"
    );
    assert!(
        aws.contains("No criterion of these services carved out"),
        "{aws}"
    );
    let salesforce = of("Salesforce");
    assert!(
        salesforce.contains("Amazon Web Services (Hyperforce infrastructure)")
            && salesforce.contains("Colocation providers of Salesforce's first-party data centers")
            && salesforce.contains("Carved out: CC6.4, A1.2"),
        "{salesforce}"
    );
}
