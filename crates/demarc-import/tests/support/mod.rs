//! Spreadsheets built part by part with the zip writer, for files no spreadsheet writer would
//! produce (hostile ones) and for formats without a Rust writer (ODS); and plain workbooks
//! written cell by cell.
#![allow(dead_code)] // each test file uses its own part of these helpers

use std::io::{Cursor, Write};
use std::path::PathBuf;

use rust_xlsxwriter::{Workbook, Worksheet};
use tempfile::TempDir;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A zip of (name, content) parts, deflated.
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Matrix" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

/// The opening of a worksheet part, up to and including `<sheetData>`.
pub const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;

pub const SHEET_END: &str = "</sheetData></worksheet>";

/// A one-sheet .xlsx (sheet `Matrix`) with this worksheet XML and, if given, this shared
/// strings part.
pub fn xlsx(sheet_xml: &[u8], shared_strings: Option<&[u8]>) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings));
    }
    zip(&parts)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// A one-sheet OpenDocument spreadsheet of text cells; `""` leaves a cell empty. The mimetype
/// comes first and stored, as the format requires.
pub fn ods(sheet: &str, rows: &[&[&str]]) -> Vec<u8> {
    let mut body = String::new();
    for row in rows {
        body.push_str("<table:table-row>");
        for text in *row {
            if text.is_empty() {
                body.push_str("<table:table-cell/>");
            } else {
                body.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    escape(text)
                ));
            }
        }
        body.push_str("</table:table-row>");
    }
    ods_content(&format!(
        "<table:table table:name=\"{}\">{body}</table:table>",
        escape(sheet)
    ))
}

/// An OpenDocument spreadsheet whose `<office:spreadsheet>` holds this XML.
pub fn ods_content(spreadsheet: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{spreadsheet}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(ODS_MANIFEST.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// One part of a zip written by hand: its name, method (0 stored, 8 deflated), CRC, declared
/// uncompressed size and the bytes as stored.
pub struct RawPart {
    pub name: String,
    pub method: u16,
    pub crc: u32,
    pub size: u32,
    pub data: Vec<u8>,
}

impl RawPart {
    /// A part stored as it is, declared honestly.
    pub fn stored(name: &str, content: &[u8]) -> RawPart {
        RawPart {
            name: name.to_string(),
            method: 0,
            crc: crc32(content),
            size: u32::try_from(content.len()).unwrap(),
            data: content.to_vec(),
        }
    }
}

/// A zip written field by field, so that a part may declare any size and hold any deflate
/// stream: what no zip writer produces and what a zip bomb is.
pub fn raw_zip(parts: &[RawPart]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for part in parts {
        let offset = u32::try_from(out.len()).unwrap();
        let fields = |out: &mut Vec<u8>| {
            out.extend(20u16.to_le_bytes()); // version needed
            out.extend(0u16.to_le_bytes()); // flags
            out.extend(part.method.to_le_bytes());
            out.extend(0u16.to_le_bytes()); // time
            out.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            out.extend(part.crc.to_le_bytes());
            out.extend(u32::try_from(part.data.len()).unwrap().to_le_bytes());
            out.extend(part.size.to_le_bytes());
            out.extend(u16::try_from(part.name.len()).unwrap().to_le_bytes());
            out.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend(part.name.as_bytes());
        out.extend(&part.data);

        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        fields(&mut central);
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(part.name.as_bytes());
    }
    let start = u32::try_from(out.len()).unwrap();
    let count = u16::try_from(parts.len()).unwrap();
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // disk numbers
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}

/// The .xlsx parts around a worksheet part given by the caller.
pub fn xlsx_frame() -> Vec<RawPart> {
    vec![
        RawPart::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawPart::stored("_rels/.rels", ROOT_RELS.as_bytes()),
        RawPart::stored("xl/workbook.xml", WORKBOOK.as_bytes()),
        RawPart::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
    ]
}

/// A deflate stream (fixed Huffman codes) of `prefix`, then `spaces` spaces, then `suffix`:
/// 13 bits for every 258 spaces, so gigabytes fit in megabytes.
pub fn deflate_spaces(prefix: &[u8], spaces: u64, suffix: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    let literal = |bits: &mut Bits, byte: u8| {
        assert!(byte < 144, "only bytes below 144 have 8-bit codes");
        bits.code(0x30 + u32::from(byte), 8);
    };
    prefix.iter().for_each(|&b| literal(&mut bits, b));
    literal(&mut bits, b' ');
    for _ in 0..(spaces - 1) / 258 {
        bits.code(0xC5, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    for _ in 0..(spaces - 1) % 258 {
        literal(&mut bits, b' ');
    }
    suffix.iter().for_each(|&b| literal(&mut bits, b));
    bits.code(0, 7); // end of block
    bits.bytes
}

#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u64,
}

impl Bits {
    /// `n` bits of `value`, least significant first (block headers, extra bits).
    fn put(&mut self, value: u32, n: u32) {
        for i in 0..n {
            self.bit((value >> i) & 1);
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        for i in (0..n).rev() {
            self.bit((code >> i) & 1);
        }
    }

    fn bit(&mut self, bit: u32) {
        if self.used.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if bit == 1 {
            *self.bytes.last_mut().unwrap() |= 1 << (self.used % 8);
        }
        self.used += 1;
    }
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Writes rows of text from A1; "" leaves a cell empty.
pub fn write_rows(sheet: &mut Worksheet, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
}

/// A one-sheet workbook in `dir`, shaped further by `extra`.
pub fn book(
    dir: &TempDir,
    name: &str,
    sheet: &str,
    data: &[&[&str]],
    extra: impl FnOnce(&mut Worksheet),
) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    write_rows(ws, data);
    extra(ws);
    let path = dir.path().join(name);
    book.save(&path).unwrap();
    path
}
