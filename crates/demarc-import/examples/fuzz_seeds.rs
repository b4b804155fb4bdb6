//! Writes the seed corpus of a fuzz target. For `inspect_bytes` (the default): small matrices
//! of every kind the importer reads, each file starting with the byte the target reads as its
//! extension (0 xlsx, 2 ods, 3 csv). For `read_crosswalks`: a CCM-like mapping sheet, an OLIR
//! sheet, a two-column CSV and an OSCAL mapping collection (0 xlsx, 1 csv, 2 json). For
//! `read_oscal`: small OSCAL system security plans (1.0 and 1.2) and a component definition.
//! For `mapping_profile`: mapping profiles naming columns by title, letter and marks.
//!
//! `cargo run -p demarc-import --example fuzz_seeds -- DIR [TARGET]`

use std::error::Error;
use std::io::{Cursor, Write};
use std::path::Path;

use rust_xlsxwriter::{DocProperties, Format, Formula, Workbook, Worksheet};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const XLSX: u8 = 0;
const ODS: u8 = 2;
const CSV: u8 = 3;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: fuzz_seeds DIR [TARGET]")?;
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let write = |name: &str, kind: u8, bytes: &[u8]| {
        let mut seed = vec![kind];
        seed.extend_from_slice(bytes);
        std::fs::write(dir.join(name), seed)
    };
    let raw = |name: &str, text: &str| std::fs::write(dir.join(name), text);
    match std::env::args().nth(2).as_deref() {
        Some("read_oscal") => {
            for (name, text) in OSCAL_SEEDS {
                raw(name, text)?;
            }
            return Ok(());
        }
        Some("mapping_profile") => {
            for (name, text) in PROFILE_SEEDS {
                raw(name, text)?;
            }
            return Ok(());
        }
        _ => {}
    }
    if std::env::args().nth(2).as_deref() == Some("read_crosswalks") {
        write("ccm.xlsx", 0, &ccm_mappings()?)?;
        write("olir.xlsx", 0, &olir()?)?;
        write(
            "pairs.csv",
            1,
            "CCM v4 ID,SOC 2,Relationship\nIAM-09,\"CC6.1\n\u{0421}C6.2\",subset of\nIAM-10,N/A,\n"
                .as_bytes(),
        )?;
        write(
            "oscal.json",
            2,
            br#"{"mapping-collection":{"metadata":{"title":"t"},"mappings":[{"source-resource":{"href":"catalogs/NIST_SP-800-53_rev5/catalog.json"},"target-resource":{"href":"catalogs/NIST_SP-800-53_rev4/catalog.json"},"maps":[{"relationship":"subset-of","sources":[{"id-ref":"ac-2.1"}],"targets":[{"id-ref":"ac-2"}]}]}]}}"#,
        )?;
        return Ok(());
    }
    write("generic.xlsx", XLSX, &generic()?)?;
    write("cis.xlsx", XLSX, &cis()?)?;
    write("crm.xlsx", XLSX, &crm()?)?;
    write(
        "plain.csv",
        CSV,
        b"Control ID,Responsibility,Notes\nAC-1,Customer,\"quoted, text\"\nAC-2(3),Shared,\n1.10,Microsoft,x\n",
    )?;
    write(
        "semicolon.csv",
        CSV,
        "\u{feff}Control ID;Responsibility\nAC-1;Kunde\nAC-2;Not applicable\n".as_bytes(),
    )?;
    write(
        "tabs.csv",
        CSV,
        b"Requirement\tResponsibility\n1.1.1\tShared\n1.1.2\tService Provider\n",
    )?;
    write("matrix.ods", ODS, &ods()?)?;
    Ok(())
}

const OSCAL_SEEDS: [(&str, &str); 3] = [
    (
        "ssp-1.2.json",
        r#"{"system-security-plan":{"uuid":"u","metadata":{"title":"Acme SSP","last-modified":"2025-03-01T00:00:00Z","version":"1","oscal-version":"1.2.1"},"system-implementation":{"components":[{"uuid":"c1","type":"service","title":"Storage"}]},"control-implementation":{"description":"d","implemented-requirements":[{"uuid":"r1","control-id":"ac-2","props":[{"name":"control-origination","value":"sp-system"}],"statements":[{"statement-id":"ac-2_smt.a","uuid":"s1","by-components":[{"component-uuid":"c1","uuid":"b1","description":"Accounts.","implementation-status":{"state":"implemented"},"export":{"provided":[{"uuid":"p1","description":"We do."}],"responsibilities":[{"uuid":"q1","provided-uuid":"p1","description":"You do."}]}}]}]},{"uuid":"r2","control-id":"sc-7","by-components":[{"component-uuid":"c1","uuid":"b2","description":"n/a","implementation-status":{"state":"not-applicable"}}]}]}}}"#,
    ),
    (
        "ssp-1.0.json",
        r#"{"system-security-plan":{"metadata":{"oscal-version":"1.0.4"},"control-implementation":{"implemented-requirements":[{"control-id":"ac-1.1","by-components":[{"component-uuid":"x","description":"d","props":[{"name":"implementation-status","value":"planned"}],"inherited":[{"description":"From IaaS."}]}]}]}}}"#,
    ),
    (
        "component.json",
        r#"{"component-definition":{"metadata":{"title":"c"},"components":[{"title":"Bucket","control-implementations":[{"source":"cat","implemented-requirements":[{"control-id":"sc-28","description":"Encrypted.","statements":[{"statement-id":"sc-28_smt.a","description":"AES."}]},{"control-id":"ac-3","props":[{"name":"control-origination","value":"customer-configured"}]}]}]}]}}"#,
    ),
];

const PROFILE_SEEDS: [(&str, &str); 3] = [
    (
        "marks.json",
        r#"{"name":"Vendor","sheet":"fuzz","header_row":2,"header_rows":2,"first_row":4,"last_row":8,"control_id":{"title":"Ref"},"marks":[{"column":{"title":"Vendor"},"owner":"provider"},{"column":{"letter":"C"},"owner":"customer"}],"section":{"letter":"A"},"provider_narrative":{"title":"Vendor notes"}}"#,
    ),
    (
        "titles.json",
        r#"{"sheet":"fuzz","header_row":2,"control_id":{"title":"Ref"},"ownership":[{"title":"Who"}],"provider_narrative":{"title":"Vendor notes"},"customer_narrative":{"letter":"E"},"values":{"Vendor":"provider","Client":"customer"}}"#,
    ),
    (
        "letters.json",
        r#"{"control_id":{"letter":"A"},"ownership":[{"letter":"B"},{"letter":"C"}]}"#,
    ),
];

/// A CCM v4-like mapping sheet: group headers over repeated leaf names, multi-ID cells.
fn ccm_mappings() -> Result<Vec<u8>, Box<dyn Error>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Scope Applicability (Mappings)")?;
    ws.merge_range(1, 3, 1, 5, "AICPA TSC 2017", &Format::new())?;
    ws.merge_range(1, 6, 1, 8, "NIST 800-53 r5", &Format::new())?;
    rows(
        ws,
        &[
            &["CCM v4.0.12"],
            &[],
            &[
                "Control Domain",
                "Control Title",
                "Control ID",
                "Control Mapping",
                "Gap Level",
                "Addendum",
                "Control Mapping",
                "Gap Level",
                "Addendum",
            ],
            &[
                "",
                "Password",
                "IAM-09",
                "\nCC6.1, CC6.2",
                "\u{039D}o Gap",
                "",
                "AC-2\nAC-02(01)",
                "Partial Gap",
            ],
        ],
    )?;
    Ok(book.save_to_buffer()?)
}

/// An OLIR relationship sheet with its frameworks named on a general sheet.
fn olir() -> Result<Vec<u8>, Box<dyn Error>> {
    let mut book = Workbook::new();
    let general = book.add_worksheet();
    general.set_name("General Information")?;
    rows(
        general,
        &[
            &["Focal Document:", "NIST SP 800-53 Rev. 5"],
            &["Reference Document:", "HIPAA Security Rule"],
        ],
    )?;
    let ws = book.add_worksheet();
    ws.set_name("Relationships")?;
    rows(
        ws,
        &[
            &[
                "Focal Document Element",
                "Relationship",
                "Reference Document Element",
            ],
            &["AC-02", "subset of", "164.308(a)(3)(ii)(B)"],
            &["", "intersects with", "164.310(C)"],
        ],
    )?;
    Ok(book.save_to_buffer()?)
}

fn rows(sheet: &mut Worksheet, rows: &[&[&str]]) -> Result<(), Box<dyn Error>> {
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(u32::try_from(r)?, u16::try_from(c)?, *text)?;
            }
        }
    }
    Ok(())
}

/// One responsibility column with the awkward cells: a hidden column, a merge, a formula, an
/// error value, a hidden second sheet and document properties.
fn generic() -> Result<Vec<u8>, Box<dyn Error>> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title("Matrix seed"));
    let ws = book.add_worksheet();
    ws.set_name("Matrix")?;
    rows(
        ws,
        &[
            &["Internal", "Control ID", "Responsibility", "Notes"],
            &["x", "AC-1", "Customer", ""],
            &["", "AC-2", "", ""],
            &["", "AC-3", "", ""],
            &["", "AC-4", "Shared", "Shared"],
            &["", "", "Customer", ""],
        ],
    )?;
    ws.set_column_hidden(0)?;
    ws.merge_range(2, 2, 3, 2, "Provider", &Format::new())?;
    ws.write_formula(5, 1, Formula::new("=NA()").set_result("#N/A"))?;
    ws.write_formula(4, 3, Formula::new("=\"Sh\"&\"ared\"").set_result("Shared"))?;
    ws.write_number(6, 1, 1.1)?;
    let old = book.add_worksheet();
    old.set_name("Old")?;
    rows(
        old,
        &[&["Control ID", "Responsibility"], &["AC-1", "Shared"]],
    )?;
    old.set_hidden(true);
    Ok(book.save_to_buffer()?)
}

/// A FedRAMP CIS worksheet: two header rows, X marks in origination columns.
fn cis() -> Result<Vec<u8>, Box<dyn Error>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CIS Worksheet")?;
    rows(
        ws,
        &[
            &[
                "Control ID",
                "Implementation Status",
                "",
                "Control Origination",
            ],
            &[
                "",
                "Implemented",
                "Partially Implemented",
                "Service Provider Corporate",
                "Service Provider System Specific",
                "Configured by Customer (Customer System Specific)",
                "Provided by Customer (Customer System Specific)",
                "Inherited from pre-existing FedRAMP Authorization",
            ],
            &["AC-1", "x", "", "X", "", "", "", ""],
            &["AC-2 (1)", "X", "", "", "x", "X", "", ""],
            &["AC-3", "", "x", "", "", "", "", "x"],
        ],
    )?;
    ws.merge_range(0, 3, 0, 7, "Control Origination", &Format::new())?;
    Ok(book.save_to_buffer()?)
}

/// A FedRAMP CRM sheet: guidance rows above the header, Yes / Partial / No.
fn crm() -> Result<Vec<u8>, Box<dyn Error>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("PaaS CRM")?;
    rows(
        ws,
        &[
            &["Customer Responsibility Matrix"],
            &["Guidance: describe what the customer must do."],
            &[
                "Control ID",
                "Can Be Inherited from CSP",
                "Specific Inheritance and Customer Agency/CSP Responsibilities",
            ],
            &["AC-1", "No", "The customer writes policy."],
            &["AC-2", "Partial", "Shared account management."],
            &["AC-3", "Yes", ""],
        ],
    )?;
    Ok(book.save_to_buffer()?)
}

/// An OpenDocument spreadsheet of text cells; its mimetype part comes first, stored.
fn ods() -> Result<Vec<u8>, Box<dyn Error>> {
    let cells = [
        ["Control ID", "Responsibility"],
        ["AC-1", "Customer"],
        ["AC-2", "Shared"],
    ];
    let mut body = String::new();
    for row in cells {
        body.push_str("<table:table-row>");
        for text in row {
            body.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
            ));
        }
        body.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Matrix">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("content.xml", deflated)?;
    zip.write_all(content.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )?;
    Ok(zip.finish()?.into_inner())
}
