//! Malformed spreadsheets built to hurt: zip bombs, deeply nested XML, sheets claiming millions
//! of rows, gigantic shared strings, repeated ODS cells, impossible cell references, truncated
//! zips, random bytes. Each is read in a child
//! process whose address space is capped (`prlimit --as`), so that a read which would take
//! gigabytes fails the test instead of the machine; each must end in a clear error naming the
//! file, or a bounded result, and never in a panic.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use demarc_import::inspect;
use support::{deflate_spaces, raw_zip, xlsx_frame, RawPart, SHEET_END, SHEET_START};
use tempfile::TempDir;

/// Address space of the child that reads the files.
const MEMORY_CAP: u64 = 1 << 30;
/// Wall-clock time a child may take for one group of files (debug build).
const TIME_CAP: Duration = Duration::from_secs(120);
const DIR_VARIABLE: &str = "DEMARC_HOSTILE_DIR";

/// The child's side: reads every file of the directory named by `DEMARC_HOSTILE_DIR` and prints
/// one outcome line per file. In an ordinary test run there is no directory and nothing to do.
#[test]
fn child_reads_a_directory() {
    let Ok(dir) = std::env::var(DIR_VARIABLE) else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = match inspect(&path) {
            Ok(report) => format!(
                "read {} table(s), {} row(s)",
                report.tables.len(),
                report.tables.iter().map(|t| t.rows).sum::<usize>()
            ),
            Err(e) => format!("error {e}"),
        };
        println!("OUTCOME {name}\t{}", outcome.replace('\n', " "));
    }
}

/// Writes the files, reads them in a capped child, and returns each file's outcome.
fn read_capped(files: &[(&str, Vec<u8>)]) -> BTreeMap<String, String> {
    let dir = TempDir::new().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let mut child = Command::new("prlimit")
        .arg(format!("--as={MEMORY_CAP}"))
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args(["child_reads_a_directory", "--exact", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(DIR_VARIABLE, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs the reads under a memory cap");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_CAP {
            child.kill().unwrap();
            panic!("reading took longer than {TIME_CAP:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        status.success(),
        "the reading child failed under a {MEMORY_CAP}-byte cap ({status}):\n{stdout}\n{stderr}"
    );
    let outcomes: BTreeMap<String, String> = stdout
        .lines()
        .filter_map(|l| l.split_once("OUTCOME ").map(|(_, rest)| rest))
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, outcome)| (name.to_string(), outcome.to_string()))
        .collect();
    assert_eq!(outcomes.len(), files.len(), "{stdout}");
    eprintln!(
        "{} file(s) read under a {MEMORY_CAP}-byte cap in {:?}",
        files.len(),
        started.elapsed()
    );
    outcomes
}

/// The outcome is an error holding `needle` and naming the file.
fn expect_error(outcomes: &BTreeMap<String, String>, name: &str, needle: &str) {
    let outcome = &outcomes[name];
    assert!(
        outcome.starts_with("error ") && outcome.contains(needle) && outcome.contains(name),
        "{name}: expected an error with '{needle}', got: {outcome}"
    );
}

fn xlsx_with_sheet(sheet_xml: &str) -> Vec<u8> {
    support::xlsx(sheet_xml.as_bytes(), None)
}

const HEADER_ROWS: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Control ID</t></is></c><c r="B1" t="inlineStr"><is><t>Responsibility</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>AC-1</t></is></c><c r="B2" t="inlineStr"><is><t>Customer</t></is></c></row>"#;

#[test]
fn zip_bombs() {
    const GIB: u64 = 1 << 30;
    // Declared honestly: a 2 GiB sheet in a 14 MB file.
    let mut honest = xlsx_frame();
    let spaces = 2 * GIB;
    let size = SHEET_START.len() as u64 + spaces + SHEET_END.len() as u64;
    honest.push(RawPart {
        name: "xl/worksheets/sheet1.xml".into(),
        method: 8,
        crc: 0, // nothing may read far enough to check it
        size: u32::try_from(size).unwrap(),
        data: deflate_spaces(SHEET_START.as_bytes(), spaces, SHEET_END.as_bytes()),
    });
    // Lying: declares 64 KiB and inflates to 64 MiB.
    let mut lying = xlsx_frame();
    lying.push(RawPart {
        name: "xl/worksheets/sheet1.xml".into(),
        method: 8,
        crc: 0,
        size: 64 * 1024,
        data: deflate_spaces(SHEET_START.as_bytes(), 64 << 20, SHEET_END.as_bytes()),
    });
    // Many parts each under the part limit, together over the total.
    let mut many = xlsx_frame();
    many.push(RawPart::stored(
        "xl/worksheets/sheet1.xml",
        xlsx_sheet(HEADER_ROWS).as_bytes(),
    ));
    for i in 0..5 {
        many.push(RawPart {
            name: format!("xl/worksheets/filler{i}.xml"),
            method: 8,
            crc: 0,
            size: u32::try_from(120u64 << 20).unwrap(),
            data: deflate_spaces(b"", 120 << 20, b""),
        });
    }
    // A picture is never read, whatever size it declares.
    let mut picture = xlsx_frame();
    picture.push(RawPart::stored(
        "xl/worksheets/sheet1.xml",
        xlsx_sheet(HEADER_ROWS).as_bytes(),
    ));
    picture.push(RawPart {
        name: "xl/media/image1.png".into(),
        method: 8,
        crc: 0,
        size: u32::MAX,
        data: deflate_spaces(b"", 1 << 20, b""),
    });
    let honest = raw_zip(&honest);
    assert!(honest.len() < 20 << 20, "{} bytes", honest.len());
    let outcomes = read_capped(&[
        ("honest-bomb.xlsx", honest),
        ("lying-bomb.xlsx", raw_zip(&lying)),
        ("many-parts.xlsx", raw_zip(&many)),
        ("picture.xlsx", raw_zip(&picture)),
    ]);
    expect_error(
        &outcomes,
        "honest-bomb.xlsx",
        &format!(
            "the part 'xl/worksheets/sheet1.xml' ({size} bytes unpacked) exceeds the limit of \
             134217728 bytes per part"
        ),
    );
    expect_error(
        &outcomes,
        "lying-bomb.xlsx",
        "larger than its declared uncompressed size",
    );
    expect_error(
        &outcomes,
        "many-parts.xlsx",
        "exceeds the limit of 536870912 bytes",
    );
}

fn xlsx_sheet(rows: &str) -> String {
    format!("{SHEET_START}{rows}{SHEET_END}")
}

#[test]
fn deeply_nested_xml() {
    let depth = 100_000;
    let nested_cell = format!(
        r#"<row r="3"><c r="A3" t="inlineStr"><is>{}<t>deep</t>{}</is></c></row>"#,
        "<r>".repeat(depth),
        "</r>".repeat(depth)
    );
    let unclosed = format!(r#"<row r="3"><c r="A3">{}"#, "<x>".repeat(depth));
    let nested_strings = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si>{}<t>deep</t>{}</si></sst>"#,
        "<r>".repeat(depth),
        "</r>".repeat(depth)
    );
    let outcomes = read_capped(&[
        (
            "nested-cell.xlsx",
            xlsx_with_sheet(&xlsx_sheet(&format!("{HEADER_ROWS}{nested_cell}"))),
        ),
        (
            "unclosed.xlsx",
            xlsx_with_sheet(&format!("{SHEET_START}{HEADER_ROWS}{unclosed}")),
        ),
        (
            "nested-strings.xlsx",
            support::xlsx(
                xlsx_sheet(HEADER_ROWS).as_bytes(),
                Some(nested_strings.as_bytes()),
            ),
        ),
    ]);
    for (name, outcome) in &outcomes {
        assert!(
            outcome.starts_with("read ") || outcome.contains(name.as_str()),
            "{name}: {outcome}"
        );
    }
}

#[test]
fn a_million_rows_claimed_and_huge_dimensions() {
    let empty_rows: String = (3..=200_000).map(|r| format!("<row r=\"{r}\"/>")).collect();
    let far_cell =
        r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let same_cell = r#"<c r="C2"><v>1</v></c>"#.repeat(300_000);
    let outcomes = read_capped(&[
        (
            "dimension.xlsx",
            xlsx_with_sheet(&format!(
                r#"{}{HEADER_ROWS}{empty_rows}<row r="1048576"/>{SHEET_END}"#,
                SHEET_START.replace(
                    "<sheetData>",
                    r#"<dimension ref="A1:XFD1048576"/><sheetData>"#
                )
            )),
        ),
        (
            "far-cell.xlsx",
            xlsx_with_sheet(&xlsx_sheet(&format!("{HEADER_ROWS}{far_cell}"))),
        ),
        (
            "one-cell-repeated.xlsx",
            xlsx_with_sheet(&xlsx_sheet(&format!(
                "{HEADER_ROWS}<row r=\"3\">{same_cell}</row>"
            ))),
        ),
    ]);
    assert_eq!(outcomes["dimension.xlsx"], "read 1 table(s), 1 row(s)");
    expect_error(
        &outcomes,
        "far-cell.xlsx",
        "exceeds the limit of 10000000 cells",
    );
    assert!(
        outcomes["one-cell-repeated.xlsx"].starts_with("read "),
        "{outcomes:?}"
    );
}

#[test]
fn gigantic_shared_strings() {
    let sst = |unique: &str, body: &str| {
        format!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{unique}">{body}</sst>"#
        )
    };
    let sheet = xlsx_sheet(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>999999</v></c><c r="B2" t="s"><v>2</v></c></row>"#,
    );
    let mut many = String::from("<si><t>Control ID</t></si><si><t>Responsibility</t></si>");
    many.push_str(&"<si><t>Customer</t></si>".repeat(1_000_000));
    let huge_string = format!("<si><t>{}</t></si>", "x".repeat(64 << 20));
    let lying = sst("18446744073709551615", "<si><t>a</t></si>");
    let outcomes = read_capped(&[
        (
            "count-lies.xlsx",
            support::xlsx(sheet.as_bytes(), Some(lying.as_bytes())),
        ),
        (
            "a-million-strings.xlsx",
            support::xlsx(sheet.as_bytes(), Some(sst("1000002", &many).as_bytes())),
        ),
        (
            "one-huge-string.xlsx",
            support::xlsx(sheet.as_bytes(), Some(sst("1", &huge_string).as_bytes())),
        ),
    ]);
    expect_error(
        &outcomes,
        "count-lies.xlsx",
        "declares 18446744073709551615 strings",
    );
    assert!(
        outcomes["a-million-strings.xlsx"].starts_with("read "),
        "{outcomes:?}"
    );
    let huge = &outcomes["one-huge-string.xlsx"];
    assert!(
        huge.starts_with("read ") || huge.contains("one-huge-string.xlsx"),
        "{huge}"
    );
}

#[test]
fn repeated_ods_cells() {
    let valued = r#"<table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>"#;
    let bomb = format!(
        r#"<table:table table:name="Bomb"><table:table-row><table:table-cell office:value-type="string"><text:p>Control ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Responsibility</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575">{valued}</table:table-row></table:table>"#
    );
    // What office suites write: a few cells, then empty rows repeated to the sheet's end.
    let trailing = r#"<table:table table:name="Matrix"><table:table-row><table:table-cell office:value-type="string"><text:p>Control ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Responsibility</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>AC-1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Customer</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
    // Counts at the end of the integer range, after a million rows already.
    let extreme = r#"<table:table table:name="Max"><table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row><table:table-row table:number-rows-repeated="18446744073709551615"><table:table-cell office:value-type="string" table:number-columns-repeated="18446744073709551615"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
    let outcomes = read_capped(&[
        ("extreme.ods", support::ods_content(extreme)),
        ("repeats.ods", support::ods_content(&bomb)),
        ("trailing.ods", support::ods_content(trailing)),
    ]);
    expect_error(
        &outcomes,
        "repeats.ods",
        "sheet 'Bomb' (at least 17179869184 cells once repeated rows and columns are expanded)",
    );
    assert_eq!(outcomes["trailing.ods"], "read 1 table(s), 1 row(s)");
    let extreme = &outcomes["extreme.ods"];
    assert!(extreme.contains("extreme.ods"), "{extreme}");
}

#[test]
fn truncated_zips_and_random_bytes() {
    let whole = support::xlsx(xlsx_sheet(HEADER_ROWS).as_bytes(), None);
    let mut files: Vec<(String, Vec<u8>)> = (1..8)
        .map(|eighth| {
            (
                format!("truncated-{eighth}.xlsx"),
                whole[..whole.len() * eighth / 8].to_vec(),
            )
        })
        .collect();
    // A fixed xorshift sequence: the same files on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let prefixes: [&[u8]; 4] = [
        b"",
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        b"PK\x05\x06",
    ];
    for i in 0..60 {
        let len = (next() % 20_000) as usize;
        let mut bytes = prefixes[i % prefixes.len()].to_vec();
        bytes.extend((0..len).map(|_| next() as u8));
        let ext = ["xlsx", "xls", "ods", "csv", "bin"][i % 5];
        files.push((format!("random-{i}.{ext}"), bytes));
    }
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let outcomes = read_capped(&refs);
    for (name, outcome) in &outcomes {
        assert!(
            outcome.starts_with("error ") && outcome.contains(name.as_str()),
            "{name}: {outcome}"
        );
    }
    expect_error(&outcomes, "truncated-4.xlsx", "damaged or truncated");
}

/// References calamine would compute on with overflowing integers.
#[test]
fn absurd_references() {
    let cell = |r: &str| {
        xlsx_with_sheet(&xlsx_sheet(&format!(
            r#"{HEADER_ROWS}<row r="3"><c r="{r}" t="inlineStr"><is><t>x</t></is></c></row>"#
        )))
    };
    let outcomes = read_capped(&[
        ("long-row.xlsx", cell("A99999999999")),
        ("long-column.xlsx", cell("AAAAAAAAAAAAAAAAAAAAA3")),
        (
            "reversed-dimension.xlsx",
            xlsx_with_sheet(&format!(
                "{}{HEADER_ROWS}{SHEET_END}",
                SHEET_START.replace("<sheetData>", r#"<dimension ref="D9:A1"/><sheetData>"#)
            )),
        ),
        (
            "reversed-merge.xlsx",
            xlsx_with_sheet(&format!(
                r#"{SHEET_START}{HEADER_ROWS}</sheetData><mergeCells count="1"><mergeCell ref="B9:A1"/></mergeCells></worksheet>"#
            )),
        ),
        (
            "row-overflow.xlsx",
            xlsx_with_sheet(&xlsx_sheet(
                r#"<row r="4294967295"><c t="inlineStr"><is><t>x</t></is></c></row><row><c t="inlineStr"><is><t>y</t></is></c></row>"#,
            )),
        ),
    ]);
    for (name, reference) in [
        ("long-row.xlsx", "A99999999999"),
        ("long-column.xlsx", "AAAAAAAAAAAAAAAAAAAAA3"),
        ("reversed-dimension.xlsx", "D9:A1"),
        ("reversed-merge.xlsx", "B9:A1"),
        ("row-overflow.xlsx", "4294967295"),
    ] {
        expect_error(
            &outcomes,
            name,
            &format!("sheet 'Matrix' cannot be read: impossible cell reference '{reference}'"),
        );
    }
}
