#![allow(clippy::unwrap_used)]
//! The companion layouts read back, each against what its framework expects: PCI DSS 12.8.5
//! in PCI's terms with the AOC behind each TPSP row, the SOC 2 CUEC table, the HIPAA business
//! associate register, the FedRAMP CRM, the kickoff matrix and the CSV.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use demarc_core::{AttestationDetails, Framework, Ownership};
use demarc_export::{write_layout, ExportData, ExportError, Layout};
use demarc_store::{EngagementFile, MatrixImport};

const WHO: &str = "Test";

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

/// Stripe's own PCI DSS responsibility matrix, as a TPSP publishes one.
const STRIPE_MATRIX: &str = "PCI DSS Requirement,Responsibility,Service Provider Responsibility,\
Customer Responsibility\r\n\
9.4.1.1,Service Provider,Stripe keeps backup media of card data in secured vaults,\r\n\
6.4.3,Customer,,The merchant manages the scripts on its own payment page\r\n";

/// The demo with Stripe's matrix imported.
fn demo(dir: &Path) -> EngagementFile {
    let path = dir.join("demo.demarc");
    let mut file = demarc_store::write_demo(&path).unwrap();
    let csv = dir.join("stripe-pci.csv");
    std::fs::write(&csv, STRIPE_MATRIX).unwrap();
    let matrix = demarc_import::read_matrix(&csv, &Default::default()).unwrap();
    let request = MatrixImport {
        provider: "Stripe".into(),
        ..MatrixImport::default()
    };
    file.import_matrix(matrix, &request, WHO).unwrap();
    file
}

fn load(file: &EngagementFile) -> ExportData {
    ExportData::load(file, generated_at()).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    Xlsx::new(Cursor::new(bytes.to_vec()))
        .unwrap()
        .worksheet_range(name)
        .unwrap()
}

/// A cell as text, a date as `YYYY-MM-DD`.
fn text(c: &Data) -> String {
    match c {
        Data::DateTime(d) => {
            let day = d.as_f64().floor() as i64;
            (NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Duration::days(day))
                .to_string()
        }
        _ => c.to_string(),
    }
}

/// The rows of a table sheet under its header (row 1), each cell as text.
fn table(range: &Range<Data>, header_row: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = range
        .rows()
        .skip(header_row)
        .map(|r| r.iter().map(text).collect::<Vec<String>>());
    let header = rows.next().unwrap();
    (header, rows.collect())
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

/// The QSA's findings on pci-tpsp: a TPSP row behind a stale AOC (Entra ID) or an AOC that does
/// not list the service (EKS on AWS's) stays "TPSP" but says on the row, and in the TPSP's
/// heading, that it is not validated and what 12.8.4 and 12.8.5 then ask; the cover says how
/// the client validates and why each service is in scope, by name.
#[test]
fn pci_tpsp_says_which_tpsp_rows_no_aoc_validates_and_why_each_service_is_in_scope() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&demo(dir.path()));
    let bytes = write_layout(&data, Layout::PciTpsp).unwrap();
    let (header, rows) = table(&sheet(&bytes, "PCI DSS 12.8.5"), 1);
    let (tpsp, req, resp, validation) = (
        col(&header, "TPSP"),
        col(&header, "Requirement"),
        col(&header, "Responsibility"),
        col(&header, "Validation"),
    );
    // The TPSP's own words, or a plain "none on file": never a blank an assessor must query.
    let statement = col(&header, "TPSP's statement (its imported matrix)");
    assert!(rows.iter().all(|r| !r[statement].trim().is_empty()));
    let mut seen = [0; 3];
    for r in &rows {
        let v = &r[validation];
        match (r[tpsp].as_str(), r[resp].as_str()) {
            ("Microsoft", "TPSP" | "Shared") => {
                assert!(
                    v.starts_with("Not validated (stale AOC: Microsoft PCI DSS 4.0.1 AOC"),
                    "{r:?}"
                );
                assert!(v.contains("must obtain a current AOC that covers the service"));
                assert!(
                    v.contains("include the service in its own assessment"),
                    "{r:?}"
                );
                seen[0] += 1;
            }
            ("AWS", "TPSP" | "Shared") => {
                assert!(
                    v.starts_with("Not validated (AOC does not list Amazon EKS"),
                    "{r:?}"
                );
                seen[1] += 1;
            }
            ("Stripe", "TPSP") => {
                assert!(
                    v.starts_with("Validated by Stripe PCI DSS 4.0.1 AOC"),
                    "{r:?}"
                );
                seen[2] += 1;
            }
            (_, "Customer" | "N/A") => assert_eq!(v, "", "{r:?}"),
            _ => {}
        }
    }
    assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
    assert!(rows
        .iter()
        .any(|r| r[tpsp] == "Microsoft" && r[req] == "6.3.1" && r[resp] == "TPSP"));

    // Each TPSP's heading.
    let (header, heads) = table(&sheet(&bytes, "TPSPs"), 1);
    let head = |who: &str| {
        heads
            .iter()
            .find(|r| r[0] == who)
            .unwrap_or_else(|| panic!("no heading for {who}"))
    };
    let (validation, follows) = (col(&header, "Validation"), col(&header, "What follows"));
    assert!(
        head("Microsoft")[validation].starts_with("Not validated: Microsoft Entra ID (stale AOC"),
        "{:?}",
        head("Microsoft")
    );
    assert!(head("AWS")[validation].starts_with("Not validated: Amazon EKS (AOC does not list"));
    assert!(head("AWS")[follows].contains("12.8.4 and 12.8.5"));
    assert!(head("Stripe")[validation].starts_with("Validated: Stripe Payments by Stripe"));
    assert!(head("Stripe")[follows].contains("every 12 months (12.8.4)"));
    // Stripe's AOC lapses on 2027-06-15, inside the window: said where its AOC is named.
    assert!(
        head("Stripe")[follows].contains("until 2027-06-15, inside the audit window"),
        "{:?}",
        head("Stripe")
    );
    assert!(head("Stripe")
        .iter()
        .any(|c| c.contains("(current; stale after 2027-06-15, inside the audit window)")));

    // The cover: the validation, every service's scope and rationale by name, no ids.
    let cover = sheet(&bytes, "Scope");
    let cells: Vec<Vec<String>> = cover.rows().map(|r| r.iter().map(text).collect()).collect();
    let fact = |label: &str| {
        cells
            .iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("no {label}"))
    };
    assert!(fact("Validation").starts_with("SAQ A (cards are taken only in Stripe's iframe"));
    let scoping = fact("Scoping");
    assert!(
        scoping.contains("payment page served by Amazon EKS"),
        "{scoping}"
    );
    assert!(!scoping.contains('#'), "{scoping}");
    let service = |name: &str| {
        cells
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("no {name} on the cover"))
    };
    assert_eq!(service("Amazon EKS")[2], "Payment page");
    assert!(service("Amazon EKS")[3].contains("embeds Stripe's payment iframe"));
    assert_eq!(service("Microsoft Entra ID")[2], "Security-impacting");
    assert_eq!(service("Amazon EC2")[2], "Out of scope");
    assert_eq!(service("Stripe Payments")[2], "TPSP (outsourced)");
}

#[test]
fn pci_tpsp_speaks_pci_and_names_the_aoc_behind_each_tpsp_row() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&demo(dir.path()));
    let bytes = write_layout(&data, Layout::PciTpsp).unwrap();
    let (header, rows) = table(&sheet(&bytes, "PCI DSS 12.8.5"), 1);
    let (tpsp, req, resp) = (
        col(&header, "TPSP"),
        col(&header, "Requirement"),
        col(&header, "Responsibility"),
    );
    let (aoc, aoc_date, covered, statement) = (
        col(&header, "AOC"),
        col(&header, "AOC date"),
        col(&header, "Requirements the AOC covers"),
        col(&header, "TPSP's statement (its imported matrix)"),
    );
    col(&header, "Assessor");
    // PCI's four terms, and nothing of Demarc's own vocabulary.
    for r in &rows {
        assert!(
            ["TPSP", "Customer", "Shared", "N/A", "Not yet determined"].contains(&r[resp].as_str()),
            "{r:?}"
        );
    }
    // Every TPSP of a PCI DSS service, each requirement once per TPSP.
    let entity = "Entity level (every TPSP)";
    let tpsps: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r[tpsp].as_str())
        .filter(|t| *t != entity)
        .collect();
    assert_eq!(
        tpsps.into_iter().collect::<Vec<_>>(),
        ["AWS", "Microsoft", "Stripe"]
    );
    // The entity-level requirements SAQ A asks are listed once, not under every TPSP.
    let entity_level: Vec<&str> = data
        .rows
        .iter()
        .filter(|r| r.service.is_none() && r.framework == demarc_core::Framework::PciDss)
        .filter(|r| r.owner != demarc_core::Ownership::NotApplicable)
        .map(|r| r.control_id.as_str())
        .collect();
    assert!(!entity_level.is_empty());
    for id in &entity_level {
        let lines: Vec<&str> = rows
            .iter()
            .filter(|r| r[req] == *id)
            .map(|r| r[tpsp].as_str())
            .collect();
        assert_eq!(lines, [entity], "{id}");
    }
    let line = |who: &str, id: &str| {
        rows.iter()
            .find(|r| r[tpsp] == who && r[req] == id)
            .unwrap_or_else(|| panic!("no {who} {id}"))
    };
    // Stripe's media vaults are Stripe's, under its AOC, in its own words.
    let media = line("Stripe", "9.4.1.1");
    assert_eq!(media[resp], "TPSP");
    assert_eq!(media[aoc], "Stripe PCI DSS 4.0.1 AOC 2026-06-15");
    assert_eq!(media[aoc_date], "2026-06-15");
    assert_eq!(media[covered], "Listed: 9.4", "{media:?}");
    assert!(media[statement].contains("secured vaults"), "{media:?}");
    // A requirement SAQ A does not ask is listed once, on its own sheet, N/A on every service
    // with the reason, never under each TPSP; one it asks stays under each TPSP.
    assert_ne!(line("AWS", "8.2.1")[resp], "N/A");
    assert!(!rows.iter().any(|r| r[req] == "1.2.1" || r[req] == "12.3.1"));
    let (asked_header, asked) = table(&sheet(&bytes, "Not asked"), 1);
    let find = |id: &str| {
        asked
            .iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("{id} not on the Not asked sheet"))
    };
    let (why, services) = (col(&asked_header, "Why"), col(&asked_header, "Services"));
    col(&asked_header, "TPSPs' statements (their imported matrices)");
    let analysis = find("12.3.1");
    assert_eq!(analysis[col(&asked_header, "Responsibility")], "N/A");
    assert!(
        analysis[why].contains("removed from SAQ A in its revision 1"),
        "{analysis:?}"
    );
    assert!(analysis[services].contains("Entity"), "{analysis:?}");
    // SAQ A's revision 1 replaced the payment page's scripts (6.4.3) by an eligibility
    // criterion that implementing them on the page's host shows: the merchant's on the
    // service serving the checkout page (EKS, under AWS), not applicable to Stripe's own
    // service, no AOC behind either.
    assert!(asked.iter().all(|r| r[0] != "6.4.3" && r[0] != "11.6.1"));
    let scripts = line("Stripe", "6.4.3");
    assert_eq!(scripts[resp], "N/A");
    assert!(scripts[aoc].is_empty());
    assert!(scripts[statement].contains("scripts on its own payment page"));
    let page = line("AWS", "6.4.3");
    assert_eq!(page[resp], "Customer");
    assert!(page[aoc].is_empty());
    let network = find("1.2.1");
    assert!(
        network[why].contains("not among the requirements SAQ A asks"),
        "{network:?}"
    );
    assert!(asked.iter().all(|r| r[0] != "8.2.1" && r[0] != "12.8.5"));
    assert_eq!(asked.iter().filter(|r| r[0] == "1.2.1").count(), 1);
    // A TPSP row with no AOC behind it says why: Microsoft's AOC is over a year old, AWS's
    // current AOC does not list EKS.
    let microsoft: Vec<_> = rows
        .iter()
        .filter(|r| r[tpsp] == "Microsoft" && r[resp] == "TPSP")
        .collect();
    assert!(!microsoft.is_empty());
    for r in microsoft {
        assert_eq!(
            r[aoc], "stale AOC: Microsoft PCI DSS 4.0.1 AOC 2025-09-30",
            "{r:?}"
        );
        assert_eq!(r[aoc_date], "2025-09-30", "the stale AOC's own date: {r:?}");
    }
    // G to J are never blank on a TPSP-side row: the AOC behind it, or the AOC on file that
    // does not validate it.
    let (assessor, services) = (
        col(&header, "Assessor"),
        col(&header, "Services the AOC covers"),
    );
    for r in rows
        .iter()
        .filter(|r| r[resp] == "TPSP" || r[resp] == "Shared")
    {
        for c in [aoc_date, assessor, services, covered] {
            assert!(!r[c].trim().is_empty(), "column {c} blank: {r:?}");
        }
    }
    let eks: Vec<_> = rows
        .iter()
        .filter(|r| r[tpsp] == "AWS" && (r[resp] == "TPSP" || r[resp] == "Shared"))
        .collect();
    assert!(!eks.is_empty());
    for r in eks {
        assert_eq!(
            r[aoc], "AOC does not list Amazon EKS (AWS PCI DSS 4.0.1 AOC 2026-08-14)",
            "{r:?}"
        );
    }
}

#[test]
fn soc2_cuec_lists_only_cuecs_per_report_with_csocs_and_exceptions() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&demo(dir.path()));
    let bytes = write_layout(&data, Layout::Soc2Cuec).unwrap();
    let (header, rows) = table(&sheet(&bytes, "CUECs"), 1);
    // AWS's three CUECs, once each: no criterion of the matrix is a CUEC.
    assert_eq!(rows.len(), 3);
    let (criteria, status) = (col(&header, "Client's criteria"), col(&header, "Status"));
    for name in ["Vendor", "Report", "Period", "Auditor", "Owner", "Evidence"] {
        col(&header, name);
    }
    let period = col(&header, "Period");
    assert_eq!(rows[0][period], "2025-10-01 to 2026-09-30");
    assert_eq!(rows[0][col(&header, "Auditor")], "Ernst & Young LLP");
    let mapped: Vec<&str> = rows.iter().map(|r| r[criteria].as_str()).collect();
    assert_eq!(mapped, ["CC6.1, CC6.2, CC6.3", "CC6.1, CC6.7", "CC6.6"]);
    assert_eq!(rows[2][status], "No evidence yet");
    assert_eq!(rows[0][status], "Mapped, owner and evidence on file");

    let (header, csocs) = table(&sheet(&bytes, "CSOCs"), 1);
    // One or more for each of the client's subservice organisations.
    let mut providers: Vec<&str> = csocs
        .iter()
        .map(|r| r[col(&header, "Provider")].as_str())
        .collect();
    providers.sort_unstable();
    assert_eq!(
        providers,
        ["AWS", "Microsoft", "Microsoft", "Salesforce", "Stripe"]
    );
    let (header, exceptions) = table(&sheet(&bytes, "Exceptions"), 1);
    let assessed = col(&header, "Assessment");
    let verdicts: Vec<&str> = exceptions.iter().map(|r| r[assessed].as_str()).collect();
    assert_eq!(verdicts, ["Assessed", "Not assessed"]);
    let (header, reports) = table(&sheet(&bytes, "Reports"), 1);
    let salesforce = reports
        .iter()
        .find(|r| r[col(&header, "Vendor")] == "Salesforce")
        .unwrap();
    assert_eq!(salesforce[col(&header, "CUECs")], "Not recorded yet");
}

#[test]
fn hipaa_ba_determines_every_vendor_and_flags_phi_without_a_baa() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = load(&demo(dir.path()));
    // Microsoft's breach notice term left blank, as an older file may hold it.
    for a in &mut data.attestations {
        if let (true, AttestationDetails::Baa(b)) = (a.provider == "Microsoft", &mut a.details) {
            b.terms.breach_notice = None;
        }
    }
    let bytes = write_layout(&data, Layout::HipaaBa).unwrap();
    let range = sheet(&bytes, "Business associates");
    let (header, rows) = table(&range, 1);
    let vendor = col(&header, "Vendor");
    let names: Vec<&str> = rows.iter().map(|r| r[vendor].as_str()).collect();
    assert_eq!(names, ["AWS", "Microsoft", "Salesforce", "Stripe"]);
    let row = |name: &str| rows.iter().find(|r| r[vendor] == name).unwrap();
    let (verdict, why, flag) = (
        col(&header, "Determination"),
        col(&header, "Why"),
        col(&header, "PHI services without a signed BAA"),
    );
    assert_eq!(row("AWS")[verdict], "Business associate");
    // Lambda handles PHI: the BAA names four services and lists Lambda among its eligible
    // services, which covers it.
    assert!(row("AWS")[flag].is_empty(), "{:?}", row("AWS"));
    assert_eq!(row("Stripe")[verdict], "Not a business associate");
    assert!(row("Stripe")[why].starts_with("Payment processing only: under section 1179"));
    // Microsoft's BAA covers the PHI the backup store holds.
    assert_eq!(row("Microsoft")[verdict], "Business associate");
    assert!(row("Microsoft")[flag].is_empty());
    let aws = row("AWS");
    assert_eq!(aws[col(&header, "Effective")], "2025-03-01");
    assert_eq!(aws[col(&header, "BAA next review")], "2027-03-01");
    assert!(aws[col(&header, "Accounts covered")].contains("4821-7730-1956"));
    // A term the agreement leaves unrecorded says so rather than printing blank.
    for term in [
        "Eligible services (reference)",
        "Subcontractor flow-down",
        "Breach notice",
        "Agreement (where it is kept)",
    ] {
        let cell = &aws[col(&header, term)];
        assert!(!cell.trim().is_empty(), "{term} is blank");
    }
    assert!(aws[col(&header, "Breach notice")].contains("60 days"));
    assert_eq!(
        row("Microsoft")[col(&header, "Breach notice")],
        "not recorded"
    );
    // A business associate register says nothing of card data.
    for cell in range.rows().flatten() {
        let text = cell.to_string().to_lowercase();
        assert!(
            !text.contains("cardholder") && !text.contains("card data"),
            "{text}"
        );
    }
}

#[test]
fn fedramp_crm_only_in_scope_with_its_title_block_and_the_template_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = demo(dir.path());
    let data = load(&file);
    assert!(matches!(
        write_layout(&data, Layout::FedrampCrm),
        Err(ExportError::Unavailable(_))
    ));

    file.add_engagement_framework(Framework::Fedramp, WHO)
        .unwrap();
    let data = load(&file);
    let bytes = write_layout(&data, Layout::FedrampCrm).unwrap();
    // A CRM is the leveraged CSP's view: one only for AWS, the one CSP with a FedRAMP
    // authorization on file; the CSPs sheet says why the others have none.
    let names = Xlsx::new(Cursor::new(bytes.clone())).unwrap().sheet_names();
    assert_eq!(names, ["CSPs", "CRM AWS"]);
    let (header, csps) = table(&sheet(&bytes, "CSPs"), 3);
    let csp_of = |name: &str| csps.iter().find(|r| r[0] == name).unwrap();
    assert_eq!(
        csps.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["AWS", "Microsoft", "Salesforce", "Stripe"]
    );
    let (held, crm) = (
        col(&header, "FedRAMP authorization on file"),
        col(&header, "CRM"),
    );
    assert_eq!(csp_of("AWS")[held], "AWS FedRAMP F1603087869");
    assert_eq!(csp_of("AWS")[crm], "Sheet CRM AWS.");
    for name in ["Microsoft", "Salesforce", "Stripe"] {
        assert_eq!(csp_of(name)[held], "None");
        assert!(
            csp_of(name)[crm].starts_with("None written")
                && csp_of(name)[crm].contains("no FedRAMP authorization on file"),
            "{:?}",
            csp_of(name)
        );
    }
    let range = sheet(&bytes, "CRM AWS");
    let block: Vec<(String, String)> = range
        .rows()
        .skip(2)
        .take(6)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    let labels: Vec<&str> = block.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "CSP",
            "System",
            "Impact level",
            "Date",
            "Version",
            "Whose CRM"
        ]
    );
    assert_eq!(block[0].1, "AWS");
    assert!(block[1].1.starts_with(&data.view.engagement.name));
    assert_eq!(block[2].1, "Moderate");
    assert_eq!(block[3].1, "2027-01-15");
    assert_eq!(block[4].1, data.sign_off.version);
    assert!(block[5].1.starts_with("The leveraged CSP's view (AWS)"));

    let (header, rows) = table(&range, 9);
    assert_eq!(
        header,
        [
            "Control ID",
            "Can Be Inherited from CSP",
            "Specific Inheritance and Customer Agency/CSP Responsibilities"
        ]
    );
    for r in &rows {
        assert!(["Yes", "Partial", "No"].contains(&r[1].as_str()), "{r:?}");
    }
    assert!(
        rows.iter().any(|r| r[1] == "Yes"),
        "no control is inherited"
    );
    // Policy and procedures are never inherited whole.
    let policies: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0].ends_with("-1") && r[0].len() == 4)
        .collect();
    assert!(!policies.is_empty());
    assert!(policies.iter().all(|r| r[1] != "Yes"), "{policies:?}");
}

/// The 3PAO's findings on fedramp-crm: `Can Be Inherited from CSP` disagreed with the line's
/// own text (AC-11 and AC-19 `Partial` over customer rows and a not-applicable one, IA-5 `No`
/// over shared rows that AWS's authorization covers), and CRMs were written for CSPs with no
/// FedRAMP authorization.
#[test]
fn fedramp_crm_values_follow_from_the_rows_they_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = demo(dir.path());
    file.add_engagement_framework(Framework::Fedramp, WHO)
        .unwrap();
    let data = load(&file);
    let bytes = write_layout(&data, Layout::FedrampCrm).unwrap();
    let (_, lines) = table(&sheet(&bytes, "CRM AWS"), 9);
    let line = |id: &str| lines.iter().find(|l| l[0] == id).unwrap();
    for id in ["AC-11", "AC-19"] {
        assert_eq!(line(id)[1], "No", "{:?}", line(id));
        assert!(line(id)[2].starts_with("Northwind Health implements it."));
    }
    assert_eq!(line("IA-5")[1], "Partial", "{:?}", line("IA-5"));
    assert!(line("IA-5")[2].starts_with("AWS covers part of it under AWS FedRAMP"));
    assert!(line("IA-5")[2].contains("Not yet determined for Amazon EKS"));

    // Every line: the value is what its applicable rows let the client inherit under a
    // FedRAMP authorization, and its text lists exactly those rows.
    let aws: Vec<i64> = data
        .view
        .services
        .iter()
        .filter(|s| s.provider == "AWS")
        .map(|s| s.id)
        .collect();
    let mut seen = [0; 3];
    for l in &lines {
        let rows: Vec<&demarc_core::MatrixRow> = data
            .rows
            .iter()
            .filter(|r| {
                r.framework == Framework::Fedramp
                    && r.control_id == l[0]
                    && r.owner != Ownership::NotApplicable
                    && r.service_id.is_none_or(|id| aws.contains(&id))
            })
            .collect();
        let fedramp = |r: &&demarc_core::MatrixRow| {
            r.attestation
                .as_ref()
                .is_some_and(|a| a.label.contains("FedRAMP"))
        };
        let whole = rows
            .iter()
            .filter(|r| r.owner == Ownership::Inherited && fedramp(r))
            .count();
        let part = rows
            .iter()
            .filter(|r| r.owner == Ownership::Shared && fedramp(r))
            .count();
        let policy = l[0].ends_with("-1") && l[0].len() == 4;
        let expected = match (whole + part, whole == rows.len()) {
            (_, true) if !policy => "Yes",
            (0, _) => "No",
            _ => "Partial",
        };
        assert_eq!(l[1], expected, "{l:?}");
        seen[["Yes", "Partial", "No"]
            .iter()
            .position(|v| *v == expected)
            .unwrap()] += 1;
        let notes: Vec<&str> = l[2].lines().skip(1).collect();
        assert_eq!(notes.len(), rows.len(), "{l:?}");
        for (note, r) in notes.iter().zip(&rows) {
            assert!(
                note.starts_with(&format!("{} (", r.service_label())),
                "{note}"
            );
        }
        if notes.iter().all(|n| n.contains(" (Customer): ")) {
            assert_eq!(l[1], "No", "{l:?}");
        }
    }
    assert!(seen.iter().all(|n| *n > 0), "{seen:?}");

    // Without AWS's authorization no CSP of the engagement has one: no CRM to write.
    let aws_fedramp = data
        .attestations
        .iter()
        .find(|a| a.label() == "AWS FedRAMP F1603087869")
        .unwrap()
        .id;
    file.delete_attestation(aws_fedramp, "test", WHO).unwrap();
    let data = load(&file);
    let Err(ExportError::Unavailable(why)) = write_layout(&data, Layout::FedrampCrm) else {
        panic!("a CRM was written with no FedRAMP authorization on file");
    };
    assert!(
        why.contains("no CSP") && why.contains("has a FedRAMP authorization on file"),
        "{why}"
    );
    assert_eq!(Layout::FedrampCrm.unavailable(&data), Some(why));
}

#[test]
fn kickoff_puts_one_control_a_line_citing_the_report_the_matrix_cites() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&demo(dir.path()));
    let bytes = write_layout(&data, Layout::Kickoff).unwrap();
    let range = sheet(&bytes, "Kickoff");
    let (_, rows) = table(&range, 1);
    // Nothing a row's height could cut: one control a cell.
    for r in &rows {
        for cell in r {
            assert!(!cell.contains('\n'), "{cell}");
            assert!(cell.chars().count() < 400, "{cell}");
        }
    }
    assert!(rows[0][0].starts_with("Entity-level controls"));
    // Each provider-covered line cites what the matrix's row cites.
    let mut checked = 0;
    for r in data
        .rows
        .iter()
        .filter(|r| r.service.is_some() && r.owner.is_provider_side())
    {
        let line = format!(
            "{} {} ({}): {}",
            r.framework.label(),
            r.control_id,
            if r.claimed_inherited {
                "claimed inherited, no attestation"
            } else {
                r.owner.label()
            },
            r.attestation
                .as_ref()
                .map_or("no covering report on file", |a| a.label.as_str())
        );
        let service = format!(
            "{} ({})",
            r.service.as_deref().unwrap(),
            data.view
                .services
                .iter()
                .find(|s| Some(s.id) == r.service_id)
                .unwrap()
                .provider
        );
        assert!(
            rows.iter().any(|k| k[0] == service && k[1] == line),
            "{service}: {line}"
        );
        checked += 1;
    }
    assert!(checked > 50, "{checked}");
    assert!(data
        .rows
        .iter()
        .any(|r| r.owner == Ownership::Provider && r.service.is_some()));
}

#[test]
fn csv_names_provider_and_covering_attestation_and_marks_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&demo(dir.path()));
    let csv = String::from_utf8(write_layout(&data, Layout::Csv).unwrap()).unwrap();
    let mut lines = records(&csv).into_iter();
    let header = lines.next().unwrap();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (provider, covering, version, status) = (
        at("provider"),
        at("covering_attestation"),
        at("document_version"),
        at("document_status"),
    );
    let fields = lines
        .clone()
        .find(|l| l[0] == "Stripe Payments" && l[3] == "pci_dss" && l[4] == "9.4.1.1")
        .unwrap();
    assert_eq!(fields[provider], "Stripe");
    assert_eq!(fields[covering], "Stripe PCI DSS 4.0.1 AOC 2026-06-15");
    assert_eq!(fields[version], data.sign_off.version);
    assert_eq!(fields[status], "draft");
    assert!(lines.clone().all(|l| l[status] == "draft"));
    // A shared row's provider part cites the report covering it, as an inherited row does:
    // AWS's SOC 2 report covers EC2's CC6.5, which the demo shares.
    let ownership = at("ownership");
    let shared = lines
        .clone()
        .find(|l| l[0] == "Amazon EC2" && l[3] == "soc2" && l[4] == "CC6.5")
        .unwrap();
    assert_eq!(shared[ownership], "shared");
    assert!(
        shared[covering].starts_with("AWS SOC 2 Type II"),
        "{shared:?}"
    );
    let baa = at("covering_baa");
    // Every HIPAA row of a service handling PHI names the BAA in force covering it: Azure Blob
    // Storage's under Microsoft's Product Terms, whoever owns the row.
    let blob: Vec<_> = lines
        .clone()
        .filter(|l| l[0] == "Azure Blob Storage" && l[3] == "hipaa")
        .collect();
    assert!(blob.len() > 10);
    assert!(
        blob.iter().all(|l| l[baa] == "Microsoft BAA (signed)"),
        "{:?}",
        blob[0]
    );
    // Other frameworks' rows name none.
    assert!(lines
        .clone()
        .filter(|l| l[3] != "hipaa")
        .all(|l| l[baa].is_empty()));
    // A HIPAA row inherited from a business associate names its BAA beside the report.
    let with_baa: Vec<_> = data.rows.iter().filter(|r| r.baa.is_some()).collect();
    assert!(!with_baa.is_empty());
    for r in with_baa {
        let fields = lines
            .clone()
            .find(|l| l[0] == r.service_label() && l[3] == r.framework.id() && l[4] == r.control_id)
            .unwrap();
        assert_eq!(r.framework, Framework::Hipaa);
        assert_eq!(fields[baa], r.baa.as_ref().unwrap().label, "{fields:?}");
        assert!(!fields[covering].is_empty(), "{fields:?}");
    }
    let kickoff = write_layout(&data, Layout::Kickoff).unwrap();
    assert!(demarc_export_text(&kickoff).contains("SOC 2 CC6.5 (Shared): AWS SOC 2 Type II"));
}

/// Every shared string of a workbook, joined: enough to look for a phrase.
fn demarc_export_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The records of a CSV file, each a list of fields (RFC 4180 quoting).
fn records(csv: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let (mut record, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    out
}

#[test]
fn the_workbooks_matrix_names_the_baa_and_carries_a_cuecs_owner_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(&demo(dir.path()));
    let bytes = demarc_export::write_workbook(&data).unwrap();
    let (header, rows) = table(&sheet(&bytes, "Matrix"), 1);
    let (service, framework, control) = (
        col(&header, "Service"),
        col(&header, "Framework"),
        col(&header, "Control ID"),
    );
    let row = |s: &str, f: &str, c: &str| {
        rows.iter()
            .find(|r| r[service] == s && r[framework] == f && r[control] == c)
            .unwrap_or_else(|| panic!("no row {s} {f} {c}"))
    };
    // A HIPAA row inherited from AWS, a business associate: the report and the BAA.
    let facility = row("AWS Lambda", "HIPAA", "164.310(a)(1)");
    assert_eq!(
        facility[col(&header, "Covering attestation")],
        "AWS SOC 2 Type II 2025-10-01..2026-09-30\nAWS BAA (signed)"
    );
    // AWS's first CUEC, mapped to CC6.2 with its owner and evidence.
    let access = row("Amazon EC2", "SOC 2", "CC6.2");
    assert_eq!(access[col(&header, "Owner")], "Marcus Oyelaran");
    assert!(
        access[col(&header, "Evidence")]
            .contains("CUEC 1 of AWS SOC 2 Type II 2025-10-01..2026-09-30: Evidence binder"),
        "{access:?}"
    );
}

/// The exports' work plan is the store's: each item with the same severity and due date
/// (Stripe's vendor review due when the last review said, 2026-09-20).
#[test]
fn the_exports_plan_is_the_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let data = load(&file);
    let ours = data.work_plan();
    let store = file.gap_plan(data.gaps.today, None).unwrap();
    assert_eq!(ours.items.len(), store.items.len());
    for (a, b) in ours.items.iter().zip(&store.items) {
        assert_eq!((&a.id, a.severity, a.due), (&b.id, b.severity, b.due));
    }
    let review = ours
        .items
        .iter()
        .find(|i| i.title == "Stripe's vendor review is due")
        .unwrap();
    assert_eq!(review.due, NaiveDate::from_ymd_opt(2026, 9, 20));
}
