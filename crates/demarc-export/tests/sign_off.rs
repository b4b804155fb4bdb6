#![allow(clippy::unwrap_used)]
//! Sign-off in every export: "Draft" on every page of the PDF pack and every sheet of the
//! workbooks while rows are undetermined, decisions unreviewed or no approval stands; the
//! approver, role and date once a version is approved; a draft of the next version after a
//! change; the change log on the cover, in its own section and sheet; OSCAL's metadata.

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use demarc_core::{
    Engagement, Framework, Layer, NewReview, NewService, Ownership, Sensitivity, ServiceModel,
    Verdict,
};
use demarc_export::{
    write_layout, write_oscal, write_pdf, write_workbook, ExportData, Layout, Paper,
};
use demarc_store::{today, EngagementFile};

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn load(path: &Path) -> ExportData {
    let file = EngagementFile::open_for_reading(path).unwrap();
    ExportData::load(&file, generated_at()).unwrap()
}

fn demo(dir: &Path) -> ExportData {
    let path = dir.join("demo.demarc");
    drop(demarc_store::write_demo(&path).unwrap());
    load(&path)
}

/// A small engagement, every decision reviewed and version 0.1 approved.
fn approved(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("acme.demarc");
    let mut e = Engagement::new("Acme");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(&path, &e).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "Okta".into(),
                provider: "Okta".into(),
                model: ServiceModel::Saas,
                sensitivity: Sensitivity::High,
                data_types: Vec::new(),
                frameworks: vec![Framework::Soc2],
            },
            "Dana",
        )
        .unwrap();
    file.set_layer_owner(s.id, Layer::Data, Ownership::Shared, "tokenized", "Dana")
        .unwrap();
    let ids: Vec<i64> = file.decisions().unwrap().iter().map(|d| d.id).collect();
    let accept = NewReview {
        verdict: Verdict::Accept,
        reviewer: "Priya Raman".into(),
        on: None,
        comment: None,
    };
    file.review_decisions(&ids, &accept, "Priya Raman").unwrap();
    file.approve("Priya Raman", "Compliance lead", None, "Dana")
        .unwrap();
    path
}

fn run(program: &str, args: &[&str]) -> Option<String> {
    match Command::new(program).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{program} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{program}: {e}"),
    }
}

/// The text of each page of a PDF, or `None` without pdftotext.
fn pdf_pages(dir: &Path, bytes: &[u8]) -> Option<Vec<String>> {
    let path = dir.join("pack.pdf");
    std::fs::write(&path, bytes).unwrap();
    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"])?;
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// Each sheet's name with its first cell and, for table sheets, the second row's first cell.
fn sheet_tops(bytes: &[u8]) -> Vec<(String, String)> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let top = range
            .get_value((0, 0))
            .map(|c| c.to_string())
            .unwrap_or_default();
        out.push((name, top));
    }
    out
}

/// The printed header of every sheet, from the workbook's XML.
fn printed_headers(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if !entry.name().unwrap().starts_with("xl/worksheets/sheet") {
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml).unwrap();
        let header = xml
            .split("<oddHeader>")
            .nth(1)
            .and_then(|h| h.split("</oddHeader>").next())
            .unwrap_or("")
            .replace("&amp;", "&");
        out.push(header);
    }
    out
}

fn workbooks(data: &ExportData) -> Vec<(String, Vec<u8>)> {
    let mut books = vec![("workbook".to_string(), write_workbook(data).unwrap())];
    for layout in Layout::ALL
        .into_iter()
        .filter(|l| l.extension() == "xlsx" && l.unavailable(data).is_none())
    {
        books.push((layout.id().to_string(), write_layout(data, layout).unwrap()));
    }
    books
}

#[test]
fn every_pdf_page_of_a_draft_says_draft() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    assert!(data.sign_off.is_draft());
    let Some(pages) = pdf_pages(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
        return;
    };
    assert!(pages.len() > 10);
    // The demo is unsigned with most customer rows lacking evidence: its header says it is a
    // readiness / gap analysis first.
    for (i, page) in pages.iter().enumerate() {
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(
            first
                .trim()
                .starts_with("Draft: readiness / gap analysis · version 0.2: 1 undetermined row"),
            "page {}: {first:?}",
            i + 1
        );
    }
    let cover = &pages[0];
    for expected in [
        "Document version",
        "0.2 (draft)",
        "Draft version 0.2: not approved; open: 1 undetermined row",
        "1 returned decision",
        "Changes",
        "decisions since version 0.1: attestations 16",
    ] {
        assert!(cover.contains(expected), "{expected:?} not on the cover");
    }
    let all = pages.join("\n");
    for expected in [
        "Decision log summary",
        "After workshop 1",
        "Decisions in version 0.2",
        "returned by Priya Raman",
    ] {
        assert!(all.contains(expected), "{expected:?} not in the pack");
    }
}

#[test]
fn every_sheet_of_a_draft_says_draft_at_the_top_and_in_its_printed_header() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    for (name, bytes) in workbooks(&data) {
        for (sheet, top) in sheet_tops(&bytes) {
            if sheet == "Cover" {
                continue;
            }
            assert!(
                top.starts_with("Draft version 0.2: "),
                "{name} {sheet}: {top:?}"
            );
        }
        let headers = printed_headers(&bytes);
        assert!(!headers.is_empty());
        for header in headers {
            assert!(
                header.starts_with("&L&BDraft version 0.2: "),
                "{name}: {header}"
            );
        }
    }
    let mut book = Xlsx::new(Cursor::new(write_workbook(&data).unwrap())).unwrap();
    let cover = book.worksheet_range("Cover").unwrap();
    let status = cover.get_value((2, 0)).unwrap().to_string();
    assert!(status.starts_with("Draft version 0.2: "), "{status}");
    let log = book.worksheet_range("Change log").unwrap();
    let rows: Vec<Vec<String>> = log
        .rows()
        .skip(2)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][0], "0.1");
    assert_eq!(rows[1][0], "0.2");
    assert!(rows[1][2].starts_with("After workshop 1"), "{:?}", rows[1]);
    assert!(rows[1][3].contains("since version 0.1"), "{:?}", rows[1]);
    let decisions = book.worksheet_range("Decision log").unwrap();
    let header: Vec<String> = decisions
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[7..], ["Version", "Review"]);
    assert!(decisions
        .rows()
        .any(|r| r[8].to_string().starts_with("returned by Priya Raman")));
    assert!(decisions.rows().any(|r| r[7] == Data::String("0.1".into())));
}

#[test]
fn an_approved_version_states_its_approver_on_every_page_and_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&approved(dir.path()));
    assert!(!data.sign_off.is_draft());
    let statement = format!(
        "Version 0.1 approved by Priya Raman (Compliance lead) on {}",
        today()
    );
    assert_eq!(data.status_line(), statement);
    if let Some(pages) = pdf_pages(dir.path(), &write_pdf(&data, Paper::Letter).unwrap()) {
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(&statement), "page {}", i + 1);
            assert!(!page.contains("Draft"), "page {}", i + 1);
        }
        // The cover's status and the closing sign-off table name the approver and the day.
        assert!(
            pages[0].contains(&format!(
                "Approved by Priya Raman (Compliance lead) on {}",
                today()
            )),
            "{}",
            pages[0]
        );
        let last = pages.last().unwrap();
        assert!(last.contains("Sign-off"), "{last}");
        let signed = last
            .lines()
            .find(|l| l.contains("Approved by") && l.contains("Priya Raman"))
            .unwrap_or_else(|| panic!("{last}"));
        assert!(signed.contains(&today().to_string()), "{signed}");
    } else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
    }
    for (name, bytes) in workbooks(&data) {
        for (sheet, top) in sheet_tops(&bytes) {
            if sheet != "Cover" {
                assert_eq!(top, statement, "{name} {sheet}");
            }
        }
        for header in printed_headers(&bytes) {
            assert_eq!(header, format!("&L&B{statement}"), "{name}");
        }
    }
    let ssp: serde_json::Value = serde_json::from_slice(&write_oscal(&data)).unwrap();
    let meta = &ssp["system-security-plan"]["metadata"];
    assert_eq!(meta["version"], "0.1");
    let prop = |name: &str| {
        meta["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
    };
    assert_eq!(prop("document-status").as_deref(), Some("approved"));
    assert_eq!(
        prop("approved-by").as_deref(),
        Some("Priya Raman (Compliance lead)")
    );
    assert_eq!(prop("approved-on"), Some(today().to_string()));
}

#[test]
fn a_change_after_approval_makes_the_next_export_a_draft_of_the_next_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = approved(dir.path());
    {
        let mut file = EngagementFile::open(&path).unwrap();
        let okta = file.service_id("Okta").unwrap();
        file.set_layer_owner(okta, Layer::Os, Ownership::Shared, "hardened", "Dana")
            .unwrap();
    }
    let data = load(&path);
    let line = data.status_line();
    assert!(
        line.starts_with(
            "Draft version 0.2: 1 unreviewed decision, changed since version 0.1 was approved on "
        ),
        "{line}"
    );
    let mut book = Xlsx::new(Cursor::new(write_workbook(&data).unwrap())).unwrap();
    let matrix = book.worksheet_range("Matrix").unwrap();
    assert_eq!(matrix.get_value((0, 0)), Some(&Data::String(line.clone())));
    let cover: Vec<String> = book
        .worksheet_range("Cover")
        .unwrap()
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect();
    assert!(cover.iter().any(|c| c == "0.2 (draft)"), "{cover:?}");
    assert!(
        cover
            .iter()
            .any(|c| c == "1 decision since version 0.1: layer owners 1"),
        "{cover:?}"
    );
    let ssp: serde_json::Value = serde_json::from_slice(&write_oscal(&data)).unwrap();
    assert_eq!(ssp["system-security-plan"]["metadata"]["version"], "0.2");
    if let Some(pages) = pdf_pages(dir.path(), &write_pdf(&data, Paper::A4).unwrap()) {
        assert!(pages.iter().all(|p| p.contains("Draft version 0.2")
            || p.contains("Draft: readiness / gap analysis · version 0.2")));
    }
}

#[test]
fn the_same_file_and_time_give_the_same_workbooks_and_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = approved(dir.path());
    let (a, b) = (load(&path), load(&path));
    assert_eq!(write_workbook(&a).unwrap(), write_workbook(&b).unwrap());
    for layout in Layout::ALL
        .into_iter()
        .filter(|l| l.unavailable(&a).is_none())
    {
        assert_eq!(
            write_layout(&a, layout).unwrap(),
            write_layout(&b, layout).unwrap()
        );
    }
    // The PDF pack is left out: printpdf names its font resources and the document ID at
    // random (as before sign-off), so two writes differ in those bytes.
    assert_eq!(write_oscal(&a), write_oscal(&b));
}
