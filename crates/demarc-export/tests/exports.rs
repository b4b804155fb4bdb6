#![allow(clippy::unwrap_used)]
//! Read-back checks of every export: the workbooks through calamine and LibreOffice, the PDF
//! through pdftotext and pdfinfo.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use demarc_core::{
    AttestationDetails, Baa, BaaMechanism, BaaStatus, BaaTerms, DataType, Framework, Layer,
    NewAttestation, NewEvidence, NewService, Opinion, Ownership, Sensitivity, ServiceModel,
    Soc2Report, Soc2Type, SubserviceMethod, TrustCategory,
};
use demarc_export::{write_layout, write_pdf, write_workbook, ExportData, Layout, Paper};
use demarc_store::EngagementFile;

/// Client text a spreadsheet would run as a formula if written carelessly.
const HOSTILE: [&str; 4] = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "-2"];
const WHO: &str = "Test";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

/// The demo engagement plus a service with non-Latin text and the hostile strings in every
/// kind of free-text field.
fn engagement(dir: &Path) -> ExportData {
    let path = dir.join("demo.demarc");
    let mut file = demarc_store::write_demo(&path).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "Ελληνική υπηρεσία / Служба".into(),
                provider: "Ørsted Cloud".into(),
                model: ServiceModel::Saas,
                sensitivity: Sensitivity::High,
                data_types: vec![DataType::Phi],
                frameworks: vec![Framework::Soc2, Framework::Hipaa],
            },
            WHO,
        )
        .unwrap();
    file.set_layer_owner(s.id, Layer::Data, Ownership::Shared, HOSTILE[2], WHO)
        .unwrap();
    file.set_customer_part(Some(s.id), Framework::Soc2, "CC6.1", HOSTILE[0], WHO)
        .unwrap();
    file.set_row_owner(Some(s.id), Framework::Soc2, "CC6.1", HOSTILE[1], WHO)
        .unwrap();
    file.add_evidence(
        Some(s.id),
        Framework::Soc2,
        "CC6.1",
        &NewEvidence {
            title: HOSTILE[3].into(),
            location: "binder 4".into(),
            date: None,
            owner: None,
            due_date: None,
        },
        WHO,
    )
    .unwrap();
    file.set_reviewed(
        Some(s.id),
        Framework::Soc2,
        "CC6.1",
        "Priya Raman",
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    )
    .unwrap();
    let report = Soc2Report {
        report_type: Soc2Type::Type2,
        period_start: day(2026, 1, 1),
        period_end: day(2026, 9, 30),
        issued: Some(day(2026, 11, 2)),
        auditor: "Nordlys Revision".into(),
        categories: vec![TrustCategory::Security],
        opinion: Opinion::Unqualified,
        exceptions_noted: false,
        subservice_method: SubserviceMethod::CarveOut,
        subservice_organizations: Vec::new(),
        carved_out_criteria: Vec::new(),
        cuecs: Vec::new(),
        no_cuecs: false,
        exceptions: Vec::new(),
        bridge_letter: None,
        reference: "Vendor portal, folder 7".into(),
    };
    let baa = Baa {
        status: BaaStatus::Signed,
        mechanism: Some(BaaMechanism::Negotiated),
        effective: Some(day(2026, 3, 1)),
        accounts: Vec::new(),
        next_review: None,
        eligible_services: Vec::new(),
        terms: BaaTerms::default(),
    };
    for details in [
        AttestationDetails::Soc2(report),
        AttestationDetails::Baa(baa),
    ] {
        let a = NewAttestation {
            provider: "Ørsted Cloud".into(),
            services: vec![s.name.clone()],
            details,
            outside_scope: Vec::new(),
        };
        file.add_attestation(&a, WHO).unwrap();
    }
    drop(file);
    let file = EngagementFile::open_for_reading(&path).unwrap();
    ExportData::load(&file, generated_at()).unwrap()
}

fn book(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

/// The header row of a table sheet: the second row, under the sign-off line.
fn header(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<String> {
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// Every cell of every sheet as text.
fn all_cells(book: &mut Xlsx<Cursor<Vec<u8>>>) -> Vec<String> {
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        out.extend(range.rows().flatten().map(|c| c.to_string()));
    }
    out
}

/// No sheet holds a single formula.
fn assert_no_formulas(book: &mut Xlsx<Cursor<Vec<u8>>>) {
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "sheet {name} has a formula"
        );
    }
}

#[test]
fn workbook_has_every_sheet_with_its_columns_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let data = engagement(dir.path());
    let bytes = write_workbook(&data).unwrap();
    let mut b = book(&bytes);
    assert_eq!(
        b.sheet_names(),
        [
            "Cover",
            "Legend",
            "Providers",
            "Services",
            "Matrix",
            "Crosswalks",
            "Gaps",
            "Decision log",
            "Change log"
        ]
    );

    let cover = b.worksheet_range("Cover").unwrap();
    assert_eq!(
        cover.get_value((0, 0)),
        Some(&Data::String("Northwind Health".into()))
    );
    let cover_text: Vec<String> = cover.rows().flatten().map(|c| c.to_string()).collect();
    for expected in [
        "Scope",
        "Frameworks",
        "Audit window",
        "Document version",
        "Sign-off",
    ] {
        assert!(cover_text.iter().any(|c| c == expected), "{expected}");
    }
    assert!(cover_text.iter().any(|c| c.starts_with("SOC 2 (")));
    // The scoping profiles that decided which requirements apply.
    assert!(cover_text.iter().any(|c| c == "Scoping"));
    let scoping = cover_text
        .iter()
        .find(|c| c.starts_with("PCI DSS: merchant; channels: iframe"))
        .unwrap_or_else(|| panic!("no scoping on the cover: {cover_text:?}"));
    assert!(scoping.contains("HIPAA: business associate"), "{scoping}");
    assert!(
        scoping.contains("SOC 2: categories: Security, Availability"),
        "{scoping}"
    );
    assert!(cover_text.iter().any(|c| c == "Dana Whitfield"));
    assert!(cover_text.iter().any(|c| c == "Approved by"));
    assert!(cover
        .rows()
        .flatten()
        .any(|c| matches!(c, Data::DateTime(_))));

    let legend = b.worksheet_range("Legend").unwrap();
    let shared: Vec<String> = legend
        .rows()
        .nth(3)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(shared[0], "Shared");
    assert_eq!(shared[2], "Partial");
    assert_eq!(shared[3], "Shared CSP and CSC");

    let matrix = b.worksheet_range("Matrix").unwrap();
    assert_eq!(matrix.height(), data.rows.len() + 2);
    let columns = header(&mut b, "Matrix");
    for expected in [
        "Service",
        "Layers",
        "Framework",
        "Control ID",
        "Title",
        "Ownership",
        "Provider's original label",
        "Customer's part",
        "Evidence",
        "Owner",
        "Last reviewed",
    ] {
        assert!(columns.iter().any(|c| c == expected), "{expected}");
    }
    assert!(columns.iter().any(|c| c == "Covering attestation"));
    let ownership = columns.iter().position(|c| c == "Ownership").unwrap();
    let mut labels: Vec<&str> = Ownership::ALL.iter().map(|o| o.label()).collect();
    labels.push("claimed inherited, no attestation");
    for row in matrix.rows().skip(2) {
        assert!(labels.contains(&row[ownership].to_string().as_str()));
    }
    // Entra ID CC6.4, set to inherited with no attestation behind it, says so.
    let control = columns.iter().position(|c| c == "Control ID").unwrap();
    let claimed: Vec<String> = matrix
        .rows()
        .filter(|r| r[0] == "Microsoft Entra ID" && r[control] == "CC6.4")
        .map(|r| r[ownership].to_string())
        .collect();
    assert_eq!(claimed, ["claimed inherited, no attestation"]);
    let reviewed = columns.iter().position(|c| c == "Last reviewed").unwrap();
    assert!(matrix
        .rows()
        .any(|r| matches!(r[reviewed], Data::DateTime(_))));
    let part = columns.iter().position(|c| c == "Customer's part").unwrap();
    assert!(matrix
        .rows()
        .any(|r| r[part].to_string().contains("CloudTrail data events")));

    let providers = b.worksheet_range("Providers").unwrap();
    let register: Vec<Vec<String>> = providers
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let soc2 = register
        .iter()
        .find(|r| r[1] == "Ørsted Cloud SOC 2 Type II 2026-01-01..2026-09-30")
        .unwrap();
    // In force on a day of the demo's 2027 window, its period ending before the window opens.
    assert_eq!(
        soc2[2],
        "in force, but ends before the audit window: period to 2026-09-30"
    );
    assert_eq!(soc2[3], "Ελληνική υπηρεσία / Служба");
    assert!(
        soc2[4].contains("Kept at: Vendor portal, folder 7"),
        "{}",
        soc2[4]
    );
    assert_eq!(soc2[5], "signed");
    let attestation = columns
        .iter()
        .position(|c| c == "Covering attestation")
        .unwrap();
    assert!(matrix
        .rows()
        .any(|r| r[attestation].to_string().starts_with("Ørsted Cloud SOC 2")));

    let gaps = b.worksheet_range("Gaps").unwrap();
    assert_eq!(gaps.height(), data.gaps.gaps.len() + 2);
    assert!(data.gaps.gaps.len() > 10);
    assert_eq!(header(&mut b, "Gaps")[6], "What is missing");
    assert_eq!(
        header(&mut b, "Gaps")[9..],
        ["Level", "Item", "Item severity", "Item due"]
    );
    // The item's severity and due date are the plan's, as the readiness report gives them.
    let plan = data.work_plan();
    for r in gaps.rows().skip(2) {
        let item = plan
            .items
            .iter()
            .find(|i| r[10] == i.title.as_str())
            .unwrap();
        assert_eq!(r[11].to_string(), item.severity.id(), "{r:?}");
        assert_eq!(
            r[12].to_string(),
            item.due.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    // Every gap names the work plan item it belongs to.
    for r in gaps.rows().skip(2) {
        assert!(
            ["management", "task"].contains(&r[9].to_string().as_str()),
            "{r:?}"
        );
        assert!(!r[10].to_string().is_empty(), "{r:?}");
    }
    assert!(gaps.rows().skip(2).any(|r| r[9] == "management"));

    let services = b.worksheet_range("Services").unwrap();
    assert_eq!(services.height(), data.view.services.len() + 2);
    assert_eq!(header(&mut b, "Services").len(), 6 + 14 + 1);
    let log = b.worksheet_range("Decision log").unwrap();
    assert_eq!(log.height(), data.decisions.len() + 2);
    assert!(log
        .rows()
        .skip(2)
        .all(|r| matches!(r[1], Data::DateTime(_))));
}

#[test]
fn client_text_never_becomes_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let data = engagement(dir.path());
    let mut books = vec![write_workbook(&data).unwrap()];
    for layout in Layout::ALL
        .into_iter()
        .filter(|l| l.extension() == "xlsx" && l.unavailable(&data).is_none())
    {
        books.push(write_layout(&data, layout).unwrap());
    }
    for bytes in &books {
        let mut b = book(bytes);
        assert_no_formulas(&mut b);
        let cells = all_cells(&mut b);
        assert!(!cells.iter().any(|c| HOSTILE.contains(&c.as_str())));
    }
    let cells = all_cells(&mut book(&books[0]));
    for hostile in HOSTILE {
        let shown = format!("'{hostile}");
        assert!(
            cells
                .iter()
                .any(|c| c == &shown || c.contains(&format!("\n{shown}")) || c.contains(&shown)),
            "{hostile} is not in the workbook as plain text"
        );
    }
    let csv = String::from_utf8(write_layout(&data, Layout::Csv).unwrap()).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
    assert!(csv.contains(",'+1,"));
}

#[test]
fn the_same_engagement_gives_the_same_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let data = engagement(dir.path());
    assert_eq!(
        write_workbook(&data).unwrap(),
        write_workbook(&data).unwrap()
    );
    for layout in Layout::ALL
        .into_iter()
        .filter(|l| l.unavailable(&data).is_none())
    {
        assert_eq!(
            write_layout(&data, layout).unwrap(),
            write_layout(&data, layout).unwrap()
        );
    }
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

#[test]
fn pdf_text_has_every_section_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = engagement(dir.path());
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, write_pdf(&data, Paper::A4).unwrap()).unwrap();
    let p = path.to_str().unwrap();
    let Some(text) = run("pdftotext", &["-layout", p, "-"]) else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
        return;
    };
    for expected in [
        "Northwind Health 2027 audit readiness",
        "Sign-off",
        "Prepared by",
        "Approved by",
        "Legend and methodology",
        "CSC-owned",
        "Provider register",
        "Amazon EC2",
        "Stripe Payments",
        "Not applicable (default",
        "Entity-level controls",
        "System-level rows: SOC 2",
        "What the rows say",
        "Ørsted Cloud SOC 2 Type II",
        "CC6.1",
        "never",
        "Ελληνική υπηρεσία / Служба",
        "Ørsted Cloud",
        "=HYPERLINK(\"http://x\",\"y\")",
        "demo.demarc · sha256",
        "generated 2027-01-15 09:30 UTC",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the PDF text"
        );
    }
    let pages: usize = run("pdfinfo", &[p])
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(text.contains(&format!("Page 1 of {pages}")));
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    // The open gaps are the readiness report's, not the pack's.
    assert!(!text.contains("Open gaps"));
    assert!(!text.contains("What is missing"));
}

#[test]
fn pdf_comes_in_a4_and_letter() {
    let dir = tempfile::tempdir().unwrap();
    let data = engagement(dir.path());
    for (paper, size) in [(Paper::A4, "595.28 x 841.89"), (Paper::Letter, "612 x 792")] {
        let path = dir.path().join("pack.pdf");
        std::fs::write(&path, write_pdf(&data, paper).unwrap()).unwrap();
        let Some(info) = run("pdfinfo", &[path.to_str().unwrap()]) else {
            println!("SKIPPED: pdfinfo is not on PATH (install poppler-utils)");
            return;
        };
        assert!(info.contains(size), "{paper:?}: {info}");
        let fonts = run("pdffonts", &[path.to_str().unwrap()]).unwrap();
        assert!(fonts.contains("DejaVuSans-Bold"), "{fonts}");
        assert!(
            fonts.lines().skip(2).all(|l| l.contains(" yes yes ")),
            "{fonts}"
        );
    }
}

#[test]
fn pdf_marks_a_cell_it_cuts_as_the_workbook_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = engagement(dir.path());
    data.rows.truncate(3);
    // Far more lines than a page holds, in the customer's part of the second row.
    let long: Vec<String> = (0..600)
        .map(|i| format!("step{i} of a customer procedure"))
        .collect();
    data.rows[1].customer_part = Some(format!("{} LASTWORD", long.join(" ")));
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, write_pdf(&data, Paper::A4).unwrap()).unwrap();
    let Some(text) = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]) else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
        return;
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ");
    let marker = "… (cut: the full text is in the engagement)";
    assert_eq!(text.matches(marker).count(), 1, "{text}");
    assert!(
        text.contains("step1 ") && text.contains("step40 "),
        "{text}"
    );
    assert!(!text.contains("LASTWORD"), "the cut text does not show");
    // What follows the cut cell still follows: the rest of the pack.
    let after = &text[text.find(marker).unwrap()..];
    assert!(after.contains("Decision log summary"), "{after}");
}

#[test]
fn libreoffice_opens_every_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let data = engagement(dir.path());
    let mut files = vec![dir.path().join("book.xlsx")];
    std::fs::write(&files[0], write_workbook(&data).unwrap()).unwrap();
    for layout in Layout::ALL
        .into_iter()
        .filter(|l| l.extension() == "xlsx" && l.unavailable(&data).is_none())
    {
        let path = dir.path().join(format!("{}.xlsx", layout.id()));
        std::fs::write(&path, write_layout(&data, layout).unwrap()).unwrap();
        files.push(path);
    }
    let out = dir.path().join("converted");
    // A profile of its own, so that a LibreOffice already running elsewhere does not interfere.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let mut args = vec![
        profile.as_str(),
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        out.to_str().unwrap(),
    ];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    if run("libreoffice", &args).is_none() {
        println!("SKIPPED: libreoffice is not on PATH; the workbooks were not opened in it");
        return;
    }
    for file in &files {
        let pdf = out.join(file.with_extension("pdf").file_name().unwrap());
        let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 1000,
            "LibreOffice did not convert {}",
            file.display()
        );
    }
}
