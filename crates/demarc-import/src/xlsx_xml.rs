//! Hidden columns of an .xlsx file, which calamine does not expose: the `<cols>` element of each
//! sheet's XML carries `hidden="1"`. Read with the zip and XML readers calamine itself uses.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;

/// Sheet name to its hidden columns (0-based). Anything unreadable yields no entry: the cells
/// themselves were already read by calamine, this only adds warnings.
pub(crate) fn hidden_columns(bytes: &[u8]) -> HashMap<String, Vec<u32>> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return HashMap::new();
    };
    let sheets = read_entry(&mut zip, "xl/workbook.xml")
        .map(|xml| elements(&xml, "sheet", &["name", "r:id"]))
        .unwrap_or_default();
    let targets: HashMap<String, String> = read_entry(&mut zip, "xl/_rels/workbook.xml.rels")
        .map(|xml| elements(&xml, "Relationship", &["Id", "Target"]))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|mut attrs| Some((attrs.remove(0)?, attrs.remove(0)?)))
        .collect();
    let mut out = HashMap::new();
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
            let hidden = hidden_in_sheet(&xml);
            if !hidden.is_empty() {
                out.insert(name, hidden);
            }
        }
    }
    out
}

/// The start of an entry: `<cols>` sits near the top of a sheet, so a bounded prefix is enough
/// and a huge sheet costs nothing here.
fn read_entry(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    const PREFIX: u64 = 4 << 20;
    let mut bytes = Vec::new();
    zip.by_name(name)
        .ok()?
        .take(PREFIX)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
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

/// Reads `<col min max hidden>` and stops at `<sheetData>`, which `<cols>` always precedes.
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
