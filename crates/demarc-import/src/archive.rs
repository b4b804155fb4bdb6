//! Checks an .xlsx or .ods file (a zip) against the limits before calamine reads it. Calamine
//! inflates parts as it goes and trusts what they declare, so a small file can claim gigabytes:
//! a zip bomb, a shared-strings count it reserves memory for, repeated ODS cells it expands.
//! The zip's central directory and a streamed pass over the ODS content tell the cost first.

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::error::ImportError;
use crate::Limits;

/// Rows and columns of a sheet as Excel and calamine count them.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Sizes of every part, then the shared-strings count of an .xlsx.
pub(crate) fn check_xlsx(file: &Path, bytes: &[u8], limits: &Limits) -> Result<(), ImportError> {
    let mut zip = open(file, bytes)?;
    check_sizes(file, &mut zip, limits)?;
    let strings = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
    });
    if let Some(index) = strings {
        check_shared_strings(file, &mut zip, index)?;
    }
    Ok(())
}

/// Sizes of every part, then the area the content's sheets span once repeats are expanded.
pub(crate) fn check_ods(file: &Path, bytes: &[u8], limits: &Limits) -> Result<(), ImportError> {
    let mut zip = open(file, bytes)?;
    check_sizes(file, &mut zip, limits)?;
    let Some(index) = zip.index_for_name("content.xml") else {
        return Ok(());
    };
    let content = zip.by_index(index).map_err(|e| damaged(file, e))?;
    check_ods_extent(file, BufReader::new(content), limits)
}

fn open<'a>(file: &Path, bytes: &'a [u8]) -> Result<Zip<'a>, ImportError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(file, e))
}

fn damaged(file: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Damaged {
        file: file.to_path_buf(),
        detail: detail.to_string(),
    }
}

fn too_large(file: &Path, what: String, limit: String) -> ImportError {
    ImportError::TooLarge {
        file: file.to_path_buf(),
        what,
        limit,
    }
}

/// The uncompressed sizes the central directory declares; the zip reader stops any part that
/// inflates past its declared size, so these bound what reading can cost. Only XML parts are
/// ever read: a large embedded picture or video costs nothing and counts for nothing.
fn check_sizes(file: &Path, zip: &mut Zip, limits: &Limits) -> Result<(), ImportError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| damaged(file, e))?;
        let name = part.name().map_err(|e| damaged(file, e))?;
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            continue;
        }
        if part.size() > limits.max_part_bytes {
            return Err(too_large(
                file,
                format!("the part '{}' ({} bytes unpacked)", name, part.size()),
                format!("{} bytes per part", limits.max_part_bytes),
            ));
        }
        total = total.saturating_add(part.size());
    }
    if total > limits.max_unpacked_bytes {
        return Err(too_large(
            file,
            format!(
                "the unpacked content ({total} bytes in {} parts)",
                zip.len()
            ),
            format!("{} bytes", limits.max_unpacked_bytes),
        ));
    }
    Ok(())
}

/// Calamine reserves room for `uniqueCount` strings up front; every string takes at least the
/// five bytes of `<si/>`, so a larger count is a lie.
fn check_shared_strings(file: &Path, zip: &mut Zip, index: usize) -> Result<(), ImportError> {
    let part = zip.by_index(index).map_err(|e| damaged(file, e))?;
    let name = part.name().map_err(|e| damaged(file, e))?.into_owned();
    let size = part.size();
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part.take(64 * 1024)));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let declared = number(&e, "uniqueCount").unwrap_or(0);
                if declared > size / 5 + 1 {
                    return Err(damaged(
                        file,
                        format!("{name} declares {declared} strings, more than its {size} bytes can hold"),
                    ));
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => buf.clear(),
        }
    }
}

/// A numeric attribute; absent or unreadable is `None`.
fn number(e: &BytesStart, name: &str) -> Option<u64> {
    let attr = e.try_get_attribute(name).ok()??;
    attr.value.trim().parse().ok()
}

/// Where the valued cells of one ODS table lie, rows and columns counted with their repeats.
#[derive(Default)]
struct Extent {
    name: String,
    row: u64,
    first_row: Option<u64>,
    last_row: u64,
    columns: u64,
}

impl Extent {
    fn cells(&self) -> u64 {
        self.first_row.map_or(0, |first| {
            (self.last_row.saturating_sub(first) + 1).saturating_mul(self.columns)
        })
    }
}

/// Calamine expands `number-rows-repeated` and `number-columns-repeated` into cells (up to
/// 100 million), so a few bytes can ask for gigabytes. Counts the area of valued cells the way
/// calamine will lay them out and refuses it past the cell limit.
fn check_ods_extent(
    file: &Path,
    content: impl std::io::BufRead,
    limits: &Limits,
) -> Result<(), ImportError> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut table = Extent::default();
    let (mut row_repeats, mut column, mut row_has_value) = (1, 0u64, false);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(event) => event,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                table = Extent {
                    name: e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default(),
                    ..Extent::default()
                };
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row_repeats = number(&e, "table:number-rows-repeated").unwrap_or(1).max(1);
                column = 0;
                row_has_value = false;
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                let repeats = number(&e, "table:number-rows-repeated").unwrap_or(1);
                table.row = table.row.saturating_add(repeats).min(MAX_ROWS);
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if row_has_value {
                    let row = table.row.min(MAX_ROWS - 1);
                    table.first_row.get_or_insert(row);
                    table.last_row = row.saturating_add(row_repeats - 1).min(MAX_ROWS - 1);
                }
                table.row = table.row.saturating_add(row_repeats).min(MAX_ROWS);
                if table.cells() > limits.max_cells {
                    return Err(too_large(
                        file,
                        format!(
                            "sheet '{}' (at least {} cells once repeated rows and columns are \
                             expanded)",
                            table.name,
                            table.cells()
                        ),
                        format!("{} cells", limits.max_cells),
                    ));
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let repeats = number(e, "table:number-columns-repeated").unwrap_or(1);
                let end = column.saturating_add(repeats).min(MAX_COLUMNS);
                // A cell with content (an open element) counts as valued, to err on the safe
                // side; an empty element only when it carries a value or a formula.
                let valued = matches!(event, Event::Start(_))
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some()
                    || e.try_get_attribute("table:formula")
                        .ok()
                        .flatten()
                        .is_some();
                if valued {
                    row_has_value = true;
                    table.columns = table.columns.max(end);
                }
                column = end;
            }
            _ => {}
        }
        buf.clear();
    }
}
