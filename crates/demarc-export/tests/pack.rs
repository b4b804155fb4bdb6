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

/// The outline's bookmarks depth first, in order: title, the page (from 1) each opens, level
/// (0 for a section, 1 for a part of one).
fn outline_tree(bytes: &[u8]) -> Vec<(String, usize, usize)> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let page_of: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    fn walk(
        doc: &lopdf::Document,
        page_of: &std::collections::HashMap<lopdf::ObjectId, u32>,
        first: Option<lopdf::ObjectId>,
        level: usize,
        out: &mut Vec<(String, usize, usize)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
            let dest = item.get(b"Dest").unwrap().as_array().unwrap();
            let page = page_of[&dest[0].as_reference().unwrap()] as usize;
            out.push((title, page, level));
            let child = item.get(b"First").and_then(|o| o.as_reference()).ok();
            walk(doc, page_of, child, level + 1, out);
            next = item.get(b"Next").and_then(|o| o.as_reference()).ok();
        }
    }
    let mut out = Vec::new();
    let first = outlines.get(b"First").and_then(|o| o.as_reference()).ok();
    walk(&doc, &page_of, first, 0, &mut out);
    out
}

/// The titles of the outline's top-level bookmarks, in order, with the page (from 1) each
/// opens.
fn outline(bytes: &[u8]) -> Vec<(String, usize)> {
    outline_tree(bytes)
        .into_iter()
        .filter(|(_, _, level)| *level == 0)
        .map(|(t, p, _)| (t, p))
        .collect()
}

const SECTIONS: [&str; 13] = [
    "Cover",
    "Contents",
    "Executive summary",
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
    let tree = outline_tree(&bytes);
    let pages_of = |title: &str| tree.iter().find(|(t, _, _)| t == title).unwrap().1;
    // The summary's parts are bookmarks under it.
    for part in [
        "Reliance on attestations",
        "Attestation timeline",
        "Owner heat map",
        "Exceptions",
    ] {
        assert!(
            tree.iter().any(|(t, _, level)| t == part && *level == 1),
            "{part}: {tree:?}"
        );
    }
    let count = lopdf::Document::load_mem(&bytes).unwrap().get_pages().len();
    assert!((25..=40).contains(&count), "{count} pages");
    // Letter holds less a page: the demo's pack stays within 40 pages on it too.
    let letter = write_pack(&data, &PackOptions::new(Paper::Letter)).unwrap();
    let letter = lopdf::Document::load_mem(&letter)
        .unwrap()
        .get_pages()
        .len();
    assert!((25..=40).contains(&letter), "{letter} Letter pages");

    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    assert_eq!(pages.len(), count);
    // Each bookmark opens the page whose heading it names (at its top, or below the section
    // before when it fits there), and the contents page gives that page's number.
    let contents = &pages[1];
    for (title, page) in &outline[2..] {
        let body = &pages[page - 1];
        assert!(
            body.lines().any(|l| l.trim() == title.as_str()),
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
    // The whole outline, parts included, is the contents page: same entries, same order,
    // same pages.
    let listed: Vec<(String, usize)> = contents
        .lines()
        .filter(|l| !l.contains("Page 2 of"))
        .filter_map(|l| {
            let l = l.trim();
            let (head, page) = l.rsplit_once(' ')?;
            let page: usize = page.parse().ok()?;
            let title = head.trim_end_matches(['.', ' ']).trim().to_string();
            (!title.is_empty()).then_some((title, page))
        })
        .collect();
    let bookmarks: Vec<(String, usize)> = outline_tree(&bytes)
        .into_iter()
        .filter(|(t, _, _)| t != "Cover" && t != "Contents")
        .map(|(t, p, _)| (t, p))
        .collect();
    assert_eq!(bookmarks, listed);
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
        "in force; speaks only to 2026-12-01, before the",
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
        .filter(|p| p.contains("Service, TPSP and AOC"))
        .collect();
    assert!(!pci.is_empty());
    let pci = pci
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // Under SAQ A the requirements it does not ask are counted in a line, not listed.
    assert!(
        text.contains("SAQ A asks 26 requirements."),
        "no SAQ A line"
    );
    assert!(
        !pci.contains("Network security"),
        "requirement 1 listed under SAQ A"
    );
    for expected in [
        "User identification",
        "Policies and",
        "TPSP: Stripe",
        "Stripe PCI DSS 4.0.1",
        "AOC does not list",
        "Customer",
        "TPSP",
    ] {
        assert!(
            pci.contains(expected),
            "{expected:?} not in the PCI DSS tables"
        );
    }
    // Requirement 8 comes before requirement 12.
    let at = |s: &str| pci.find(s).unwrap();
    assert!(at("User identification") < at("Policies and"));
    // Evidence that names a folder and no date is not printed as held.
    let evidence = text
        .lines()
        .skip_while(|l| !l.contains("pgAudit configuration"))
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(evidence.contains("recorded, no file or date"), "{evidence}");
    // The entity-level controls are listed once, not per service.
    let entity = pages
        .iter()
        .filter(|p| p.contains("Entity-level controls"))
        .count();
    assert!(entity >= 1);
}

/// The QSA's findings on the pack: the PCI DSS section says how the client validates and why
/// each service is in scope, names services rather than ids, and says on each TPSP row no
/// current AOC covers, and in its TPSP's heading, that it is not validated and what follows.
#[test]
fn the_pci_section_says_how_the_client_validates_and_which_tpsp_rows_no_aoc_validates() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    // A table's cells in the order they are written, each cell's lines together.
    let path = dir.path().join("raw.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let raw = Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let raw = String::from_utf8_lossy(&raw.stdout).into_owned();
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = flat(&pages.join("\n"));
    assert!(text.contains("payment page served by Amazon EKS"), "cover");
    assert!(!text.contains("service #"), "a service named by its id");
    let pci = flat(
        &raw.split('\u{c}')
            .skip_while(|p| !p.contains("Validation and scope"))
            .take_while(|p| !p.contains("System-level rows: NIST CSF"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    for expected in [
        "Validation: SAQ A (cards are taken only in Stripe's iframe",
        "Amazon EKS (AWS) Payment page Serves the CarePortal checkout page",
        "Microsoft Entra ID (Microsoft) Security-impacting",
        "Amazon EC2 (AWS) Out of scope",
        "Stripe Payments (Stripe) TPSP (outsourced)",
        "TPSPs and their AOCs",
        "Not validated: Microsoft Entra ID (stale AOC: Microsoft PCI DSS 4.0.1 AOC 2025-09-30)",
        "Microsoft's PCI DSS compliance does not cover it",
        "Not validated: Amazon EKS (AOC does not list Amazon EKS",
        "Validated: Stripe Payments by Stripe PCI DSS 4.0.1 AOC 2026-06-15",
        "Under 12.8.4 and 12.8.5 the entity must obtain a current AOC that covers the service, \
         or include the service in its own assessment",
        "Not validated: needs a current AOC or the entity's own assessment (12.8.4, 12.8.5)",
        "Validated by its AOC",
    ] {
        assert!(
            pci.contains(&flat(expected)),
            "{expected:?} not in the PCI DSS section"
        );
    }
    // Responsibility stays in PCI's terms: no Demarc word for an unattested provider row.
    assert!(!pci.contains("no current AOC on file"));
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
    let pages = lopdf::Document::load_mem(&plain).unwrap().get_pages().len();
    assert!((25..=40).contains(&pages), "{pages} pages");
    let Some(plain) = page_texts(dir.path(), &plain) else {
        return;
    };
    assert!(!plain.iter().any(|p| p.contains("Management items")));
    // The readiness report's content, not a list of gaps of its own.
    let with = page_texts(dir.path(), &with).unwrap();
    for part in ["Burn-down", "Management items", "Task groups", "Owners"] {
        assert!(with.iter().any(|p| p.contains(part)), "{part}");
    }
    assert!(!with.iter().any(|p| p.contains("What is missing")));

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

/// A word and its box (x0, y0, x1, y1).
type Word = (String, [f32; 4]);

/// Each page's words with their boxes, through `pdftotext -bbox`, or `None` without pdftotext.
fn word_boxes(dir: &Path, bytes: &[u8]) -> Option<Vec<Vec<Word>>> {
    let path = dir.join("boxes.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = match Command::new("pdftotext")
        .args(["-bbox", path.to_str().unwrap(), "-"])
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
            return None;
        }
        Err(e) => panic!("pdftotext: {e}"),
    };
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let tag = format!(" {tag}");
        let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_string();
            let b = ["xMin", "yMin", "xMax", "yMax"].map(|n| attr(tag, n));
            words.push((text, b));
        }
        pages.push(words);
    }
    Some(pages)
}

#[test]
fn no_text_of_the_pack_overprints_other_text() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let mut options = PackOptions::new(Paper::A4);
    options.readiness = true;
    for options in [PackOptions::new(Paper::Letter), options] {
        let bytes = write_pack(&data, &options).unwrap();
        let Some(pages) = word_boxes(dir.path(), &bytes) else {
            return;
        };
        for (n, words) in pages.iter().enumerate() {
            for (i, (a, p)) in words.iter().enumerate() {
                for (b, q) in &words[i + 1..] {
                    // Boxes shrunk by half a point: touching is not overprinting.
                    let overlap = p[0] + 0.5 < q[2] - 0.5
                        && q[0] + 0.5 < p[2] - 0.5
                        && p[1] + 0.5 < q[3] - 0.5
                        && q[1] + 0.5 < p[3] - 0.5;
                    assert!(
                        !overlap,
                        "page {}: {a:?} {p:?} overprints {b:?} {q:?}",
                        n + 1
                    );
                }
            }
        }
    }
}

#[test]
fn a_range_of_controls_joins_only_controls_consecutive_in_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_pack(&data, &PackOptions::new(Paper::A4)).unwrap();
    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    let text = pages.join("\n");
    let ranges: Vec<(&str, &str)> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter_map(|t| t.split_once('–'))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .collect();
    assert!(ranges.len() > 10, "{ranges:?}");
    for (from, to) in ranges {
        // The methodology's "A–B" is prose.
        if (from, to) == ("A", "B") {
            continue;
        }
        let framework = data
            .view
            .engagement
            .frameworks
            .iter()
            .copied()
            .find(|&f| {
                let ids = &demarc_catalogs::catalog(f).controls;
                ids.iter().any(|c| c.id == from) && ids.iter().any(|c| c.id == to)
            })
            .unwrap_or_else(|| panic!("{from}–{to} is no range of one catalog"));
        let ids: Vec<&str> = demarc_catalogs::catalog(framework)
            .controls
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let (a, b) = (
            ids.iter().position(|i| *i == from).unwrap(),
            ids.iter().position(|i| *i == to).unwrap(),
        );
        assert!(a < b, "{from}–{to} runs backwards");
        // Every control between is one the range stands for: a row of the framework at the
        // level of its ends (entity or system), never a control of the other level or one out
        // of scope.
        let level = |id: &str| {
            data.rows
                .iter()
                .find(|r| r.framework == framework && r.control_id == id)
                .map(|r| r.service.is_some())
        };
        let system = level(from);
        for id in &ids[a..=b] {
            assert!(
                system.is_some() && level(id) == system,
                "{from}–{to} runs across {id}, not a row of the same level"
            );
        }
    }
}

/// The pack's bytes on A4 with no manifest.
fn pack_bytes(data: &ExportData) -> Vec<u8> {
    write_pack(
        data,
        &PackOptions {
            paper: Paper::A4,
            readiness: false,
            manifest: Vec::new(),
        },
    )
    .unwrap()
}

#[test]
fn an_unsigned_pack_without_evidence_reads_as_a_readiness_gap_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    // The demo has evidence and owners on some of its entity-level controls, not on others:
    // both states show.
    let entity: Vec<_> = data
        .rows
        .iter()
        .filter(|r| r.service_id.is_none())
        .collect();
    let evidenced = entity.iter().filter(|r| !r.evidence.is_empty()).count();
    let owned = entity.iter().filter(|r| r.row_owner.is_some()).count();
    assert!(evidenced >= 8, "{evidenced} entity rows with evidence");
    assert!(owned > evidenced, "{owned} entity rows with an owner");
    assert!(entity
        .iter()
        .any(|r| r.owner == demarc_core::Ownership::Customer && r.evidence.is_empty()));
    // Unsigned, and most customer-side rows have no evidence: a readiness / gap analysis, on
    // the cover and in the running header of every page.
    let (customer, without) = demarc_core::customer_evidence(&data.rows);
    assert!(without * 2 > customer && data.sign_off.is_draft());
    let bytes = pack_bytes(&data);
    let Some(pages) = page_texts(dir.path(), &bytes) else {
        return;
    };
    let label = "Draft: readiness / gap analysis";
    assert!(pages[0].contains(&format!("{label}\n")), "{}", pages[0]);
    assert!(pages[0].contains("Not an evidence pack"));
    for (n, page) in pages.iter().enumerate() {
        let header = page.lines().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            header.trim_start().starts_with(label),
            "page {}: {header}",
            n + 1
        );
    }

    // Evidence on most customer-side rows: still a draft, but no longer a gap analysis.
    let mut file = EngagementFile::open(&dir.path().join("demo.demarc")).unwrap();
    let keys: Vec<demarc_core::RowKey> = data
        .rows
        .iter()
        .filter(|r| {
            matches!(
                r.owner,
                demarc_core::Ownership::Customer | demarc_core::Ownership::Shared
            ) && r.evidence.is_empty()
        })
        .map(|r| demarc_core::RowKey {
            service_id: r.service_id,
            framework: r.framework,
            control_id: r.control_id.clone(),
        })
        .collect();
    file.attach_evidence(
        &keys,
        &demarc_core::NewEvidence {
            title: "Control evidence binder, first collection".into(),
            location: "Evidence binder / 2026".into(),
            date: NaiveDate::from_ymd_opt(2026, 10, 20),
            owner: Some("Priya Raman".into()),
            due_date: None,
        },
        "Test",
    )
    .unwrap();
    drop(file);
    let data = demo(dir.path());
    assert!(data.sign_off.is_draft());
    let pages = page_texts(dir.path(), &pack_bytes(&data)).unwrap();
    assert!(!pages.iter().any(|p| p.contains(label)));
    assert!(pages[0].contains("Draft version"));
}
