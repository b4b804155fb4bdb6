//! What an .xlsx sheet's XML says around its cells: hidden columns (the `<cols>` element before
//! `<sheetData>`, which calamine does not expose) and merged ranges (`<mergeCells>` after it).
//! Calamine finds merges by parsing the whole sheet a second time; here the part is inflated
//! once and only the few elements outside `<sheetData>` are parsed, beside calamine's reading
//! (`workbook` runs it on a thread of its own, a sheet ahead).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;

use crate::column_index;

#[derive(Default)]
pub(crate) struct SheetXml {
    /// 0-based.
    pub hidden_columns: Vec<u32>,
    pub merged: Vec<Dimensions>,
    /// The first cell reference no sheet can hold, if any.
    pub bad_reference: Option<String>,
    /// A cell holds a formula (`<f>`): only then are formulas read with the cells.
    pub has_formulas: bool,
}

/// What each sheet's XML says, sheet by sheet in the workbook's order, handed to `each` with
/// the sheet's name until it returns false. A sheet whose part cannot be found or read is left
/// out (the caller falls back on calamine); a malformed element is skipped.
pub(crate) fn each_sheet(bytes: &[u8], mut each: impl FnMut(String, SheetXml) -> bool) {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return;
    };
    let sheets = read_entry(&mut zip, "xl/workbook.xml")
        .map(|xml| elements(&String::from_utf8_lossy(&xml), "sheet", &["name", "r:id"]))
        .unwrap_or_default();
    let targets: HashMap<String, String> = read_entry(&mut zip, "xl/_rels/workbook.xml.rels")
        .map(|xml| {
            elements(
                &String::from_utf8_lossy(&xml),
                "Relationship",
                &["Id", "Target"],
            )
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|mut attrs| Some((attrs.remove(0)?, attrs.remove(0)?)))
        .collect();
    for mut attrs in sheets {
        let (Some(name), Some(id)) = (attrs.remove(0), attrs.remove(0)) else {
            continue;
        };
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        if let Some(xml) = read_entry(&mut zip, &path) {
            if !each(name, sheet_xml(&xml)) {
                return;
            }
        }
    }
}

/// A whole entry; its size was checked against the limits before (`archive`).
fn read_entry(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    zip.by_name(name).ok()?.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Parses only what lies before the first `sheetData` (the start tag) and after the last
/// `sheetData>` (the end tag): the cells between are calamine's to read.
fn sheet_xml(xml: &[u8]) -> SheetXml {
    const TAG: &[u8] = b"sheetData";
    let head_end = memchr::memmem::find(xml, TAG).unwrap_or(xml.len());
    let tail_start = memchr::memmem::rfind(xml, b"sheetData>").unwrap_or(0);
    let cells = xml
        .get(head_end..tail_start.max(head_end))
        .unwrap_or_default();
    SheetXml {
        hidden_columns: hidden_in_sheet(&String::from_utf8_lossy(&xml[..head_end])),
        merged: merged_ranges(&String::from_utf8_lossy(&xml[tail_start..])),
        bad_reference: bad_reference(xml),
        has_formulas: memchr::memmem::find(cells, b"<f").is_some(),
    }
}

/// Calamine does its arithmetic on cell references in `u32` without checking it (a debug build
/// panics on overflow, a release build wraps), so every `r` and `ref` attribute is checked
/// first against the largest sheet Excel allows: columns A to XFD, rows 1 to 1048576, and a
/// range's corners in order. Read as bytes, with nothing allocated per cell: every cell has one.
fn bad_reference(xml: &[u8]) -> Option<String> {
    const NAMES: [&[u8]; 6] = [b" r", b"\tr", b"\nr", b" ref", b"\tref", b"\nref"];
    for equals in memchr::memchr_iter(b'=', xml) {
        let before = &xml[..equals];
        if !NAMES.iter().any(|name| before.ends_with(name)) {
            continue;
        }
        let quote = match xml.get(equals + 1) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => continue,
        };
        let value_start = equals + 2;
        let Some(length) = memchr::memchr(quote, &xml[value_start..]) else {
            continue;
        };
        let value = &xml[value_start..value_start + length];
        // Only what looks like a reference is one (other elements may reuse the names).
        if !value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'$' | b':'))
        {
            continue;
        }
        if !reference_fits(value) {
            return Some(String::from_utf8_lossy(value).into_owned());
        }
    }
    None
}

/// `C7`, `7` (a row) or `B2:C3` within Excel's largest sheet, corners in order.
fn reference_fits(text: &[u8]) -> bool {
    match memchr::memchr(b':', text) {
        None => corner(text).is_some(),
        Some(at) => match (corner(&text[..at]), corner(&text[at + 1..])) {
            (Some((r1, c1)), Some((r2, c2))) => r1 <= r2 && c1 <= c2,
            _ => false,
        },
    }
}

/// One corner of a reference, `$` anchors ignored: letters (at most three, up to XFD), then
/// the row's digits (1 to 1048576); `(row, column)`, the column `None` for a whole row.
fn corner(part: &[u8]) -> Option<(u32, Option<u32>)> {
    let mut letters = 0u32;
    let mut col = 0u32;
    let mut row: Option<u32> = None;
    for &b in part {
        match b {
            b'$' => {}
            b'A'..=b'Z' | b'a'..=b'z' if row.is_none() => {
                letters += 1;
                if letters > 3 {
                    return None;
                }
                col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
            }
            b'0'..=b'9' => {
                let digit = u32::from(b - b'0');
                row = Some(row.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
            }
            _ => return None,
        }
    }
    let row = row.filter(|r| (1..=1_048_576).contains(r))?;
    if letters == 0 {
        return Some((row, None));
    }
    (col <= 16_384).then_some((row, Some(col - 1)))
}

/// `<mergeCell ref="B2:C3">` in document order, as calamine lists them.
fn merged_ranges(xml: &str) -> Vec<Dimensions> {
    let mut reader = Reader::from_str(xml);
    // The text starts inside the sheet: end tags without their start are expected.
    reader.config_mut().check_end_names = false;
    let mut merged = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(range) = attribute(&e, "ref").as_deref().and_then(range) {
                    merged.push(range);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    merged
}

/// `B2:C3` or `B2` as 0-based (row, column) corners.
fn range(text: &str) -> Option<Dimensions> {
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    let (start, end) = (cell(first)?, cell(last)?);
    Some(Dimensions::new(
        (start.0.min(end.0), start.1.min(end.1)),
        (start.0.max(end.0), start.1.max(end.1)),
    ))
}

/// `C7` as 0-based (row, column); `$` anchors are ignored.
fn cell(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = text.split_at(digits);
    let row = number.parse::<u32>().ok()?.checked_sub(1)?;
    Some((row, column_index(letters)?))
}

/// The wanted attributes of every element with this local name, in the order asked.
fn elements(xml: &str, local: &str, wanted: &[&str]) -> Vec<Vec<Option<String>>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                out.push(wanted.iter().map(|w| attribute(&e, w)).collect());
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Reads `<col min max hidden>` of the part of a sheet before `<sheetData>`.
fn hidden_in_sheet(xml: &str) -> Vec<u32> {
    let mut reader = Reader::from_str(xml);
    let mut hidden = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "col" => {
                    let is_hidden =
                        matches!(attribute(&e, "hidden").as_deref(), Some("1" | "true"));
                    let number = |n: &str| attribute(&e, n).and_then(|v| v.parse::<u32>().ok());
                    if let (true, Some(min), Some(max)) = (is_hidden, number("min"), number("max"))
                    {
                        // Excel numbers columns from 1; a whole-sheet range is capped sensibly.
                        hidden.extend((min.max(1) - 1)..max.min(16_384));
                    }
                }
                "sheetData" => break,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    hidden
}
