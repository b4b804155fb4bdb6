#![allow(clippy::unwrap_used)]
//! The PDF pack of the demo engagement read back: its length, its outline and contents, the
//! cover's hash, status and manifest, the timeline, the compact matrix and the readiness
//! section only when asked. Page text through pdftotext (poppler-utils), the outline through
//! lopdf.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use chrono::{NaiveDate, NaiveDateTime};
use demarc_export::{write_pack, ExportData, ExportPlan, Layout, PackOptions, Paper, Part};
use demarc_store::EngagementFile;
use sha2::{Digest, Sha256};

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn demo(dir: &Path) -> ExportData {
    let path = dir.join("demo.demarc");
    if !path.exists() {
        drop(demarc_store::write_demo(&path).unwrap());
    }
    let file = EngagementFile::open_for_reading(&path).unwrap();
    ExportData::load(&file, generated_at()).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of each page, or `None` without pdftotext.
fn page_texts(dir: &Path, bytes: &[u8]) -> Option<Vec<String>> {
    let path = dir.join("read-back.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = match Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
            return None;
        }
        Err(e) => panic!("pdftotext: {e}"),
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// The titles of the outline's bookmarks, in order, with the page (from 1) each opens.
fn outline(bytes: &[u8]) -> Vec<(String, usize)> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let page_of: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut next = outlines.get(b"First").and_then(|o| o.as_reference()).ok();
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        let page = page_of[&dest[0].as_reference().unwrap()] as usize;
        out.push((title, page));
        next = item.get(b"Next").and_then(|o| o.as_reference()).ok();
    }
    out
}

const SECTIONS: [&str; 15] = [
    "Cover",
    "Contents",
    "Executive summary",
    "Attestation timeline",
    "Owner heat map",
    "Legend and methodology",
    "Provider register",
    "Service stacks",
    "Entity-level controls",
    "System-level rows: SOC 2",
    "System-level rows: HIPAA",
    "System-level rows: PCI DSS",
    "System-level rows: NIST CSF",
    "Decision log summary",
    "Sign-off",
];

#[test]
fn the_demo_pack_is_25_to_40_pages_with_every_section_in_its_outline_and_contents() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let outline = outline(&bytes);
    let titles: Vec<&str> = outline.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, SECTIONS, "{outline:?}");
    let pages_of = |title: &str| outline.iter().find(|(t, _)| t == title).unwrap().1;
    let count = lopdf::Document::load_mem(&bytes).unwrap().get_pages().len();
    assert!((25..=40).contains(&count), "{count} pages");

    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    assert_eq!(pages.len(), count);
    // Each bookmark opens the page whose heading it names, and the contents page gives
    // that page's number.
    let contents = &pages[1];
    for (title, page) in &outline[2..] {
        let body = &pages[page - 1];
        assert!(
            body.lines().take(6).any(|l| l.trim() == title.as_str()),
            "{title} is not the heading of page {page}"
        );
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(title.as_str()))
            .unwrap_or_else(|| panic!("{title} not in the contents:\n{contents}"));
        assert!(line.trim_end().ends_with(&format!(" {page}")), "{line}");
    }
    // The summary's parts, on their pages, in the contents too.
    for part in ["Reliance on attestations", "Exceptions", "Methodology"] {
        assert!(contents.contains(part), "{part} not in the contents");
    }
    assert!(pages_of("Executive summary") + 3 >= pages_of("Owner heat map"));
}

#[test]
fn the_cover_carries_the_full_sha256_the_status_and_the_manifest_of_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let hash = sha256(&std::fs::read(dir.path().join("demo.demarc")).unwrap());
    assert_eq!(data.file_sha256, hash);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let plan = ExportPlan::named_after(
        &out.join("pack.demarc"),
        true,
        Some(Paper::A4),
        &[Layout::Csv],
    );
    plan.run(&data, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    let pdf = std::fs::read(out.join("pack.pdf")).unwrap();
    let Some(pages) = page_texts(dir.path(), &pdf) else {
        return;
    };
    let cover = &pages[0];
    assert!(cover.contains(&format!("SHA-256 {hash}")), "{cover}");
    assert!(
        cover.contains("Draft version 0.2: not approved; open: 1 undetermined row"),
        "{cover}"
    );
    assert!(cover.contains("cannot state its own hash"), "{cover}");
    for name in ["pack.xlsx", "pack-csv.csv"] {
        let written = sha256(&std::fs::read(out.join(name)).unwrap());
        let line = cover
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not in the manifest:\n{cover}"));
        assert!(line.contains(&written), "{line}");
    }
    assert!(!cover.contains("pack.pdf"), "the PDF lists itself");

    // Alone, the pack says no other file came with it.
    let alone = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let alone = page_texts(dir.path(), &alone).unwrap();
    assert!(alone[0].contains("No other file was written with this PDF"));
}

#[test]
fn the_timeline_draws_each_attestation_against_the_window_and_today() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    let timeline = pages
        .iter()
        .find(|p| {
            p.lines()
                .take(6)
                .any(|l| l.trim() == "Attestation timeline")
        })
        .expect("a timeline page");
    for expected in [
        "Audit window 2027-01-01 to 2027-06-30",
        "Today 2027-01-15",
        // AWS's report with its bridge letter, Stripe's AOC going stale in the window,
        // Microsoft's stale AOC, the SOC 2 report nobody has of Stripe.
        "current until 2027-09-30",
        "stale after 2027-06-15, inside the",
        "stale since 2026-09-30",
        "missing: no SOC 2 report on file",
        "bridge letter",
    ] {
        assert!(timeline.contains(expected), "{expected:?}:\n{timeline}");
    }
}

#[test]
fn the_matrix_is_compact_pci_dss_by_requirement_with_its_tpsp_and_aoc() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    let text = pages.join("\n");
    assert!(text.contains("is in the workbook"));
    // Rows saying the same thing are one line of ranges.
    assert!(text.contains("CC6.8–CC7.2"), "no range of SOC 2 rows");
    let pci: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Service and TPSP"))
        .collect();
    assert!(!pci.is_empty());
    let pci = pci
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "Network security",
        "Policies and",
        "Appendix A1:",
        "TPSP: Stripe",
        "Stripe PCI DSS 4.0.1",
        "No AOC on file lists",
        "Customer",
        "TPSP",
    ] {
        assert!(
            pci.contains(expected),
            "{expected:?} not in the PCI DSS tables"
        );
    }
    // Requirement 1 comes before requirement 12, and 12 before the appendices.
    let at = |s: &str| pci.find(s).unwrap();
    assert!(at("Network security") < at("Policies and"));
    assert!(at("Policies and") < at("Appendix A1:"));
    // The entity-level controls are listed once, not per service.
    let entity = pages
        .iter()
        .filter(|p| p.contains("Entity-level controls"))
        .count();
    assert!(entity >= 1);
}

#[test]
fn gaps_stay_out_of_the_pack_unless_the_readiness_section_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let plain = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let mut options = PackOptions::new(Paper::A4);
    options.readiness = true;
    let with = write_pack(&data, &options).unwrap();
    assert!(!outline(&plain)
        .iter()
        .any(|(t, _)| t.starts_with("Readiness")));
    assert!(outline(&with)
        .iter()
        .any(|(t, _)| t.starts_with("Readiness")));
    let Some(plain) = page_texts(dir.path(), &plain) else {
        return;
    };
    assert!(!plain.iter().any(|p| p.contains("What is missing")));
    let with = page_texts(dir.path(), &with).unwrap();
    assert!(with.iter().any(|p| p.contains("What is missing")));

    // The plan's part carries the choice.
    let part = Part::Pdf {
        paper: Paper::A4,
        readiness: true,
    };
    assert_ne!(part, Part::pdf(Paper::A4));
}

#[test]
fn the_paper_follows_the_locale() {
    for (locale, paper) in [
        ("en-US", Paper::Letter),
        ("en-CA", Paper::Letter),
        ("fr_CA.UTF-8", Paper::Letter),
        ("es-MX", Paper::Letter),
        ("en-GB", Paper::A4),
        ("de-DE", Paper::A4),
        ("en", Paper::A4),
        ("", Paper::A4),
    ] {
        assert_eq!(Paper::for_locale(locale), paper, "{locale}");
    }
}

/// The pack's provider register credits Microsoft's shipped baseline, which the demo's NIST CSF
/// rows cite through crosswalks, and those rows print their accepted trail.
#[test]
fn the_pack_credits_the_shipped_matrix_and_prints_the_accepted_trail() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    if page_texts(dir.path(), &bytes).is_none() {
        return;
    }
    // In reading order (no layout, so the register's columns do not interleave), words only:
    // its narrow column breaks lines anywhere.
    let path = dir.path().join("read-back.pdf");
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let words = |text: &str| text.split_whitespace().collect::<String>();
    let all = words(&String::from_utf8_lossy(&out.stdout));
    assert!(
        all.contains(&words(
            "© Microsoft Corporation, Azure Storage security baseline v3"
        )),
        "no credit"
    );
    assert!(all.contains(&words("CC BY 4.0")));
    assert!(all.contains(&words("System-level rows: NIST CSF")));
    assert!(all.contains(&words(
        "crosswalk suggestion accepted: all 2 rows reaching it say customer; Microsoft BR-1"
    )));
}
