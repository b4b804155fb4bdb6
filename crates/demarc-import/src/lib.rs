//! Reads provider responsibility matrices: layout detection, vocabulary crosswalk, provenance.
//! And reads crosswalks between control frameworks from the user's own files
//! ([`read_crosswalks`]).
//!
//! [`inspect`] says what a file holds (layout, header rows, label counts, warnings);
//! [`read_matrix`] returns every row with its original and normalized control ID and ownership,
//! its narratives and where it came from (sheet, row, column letters). Files: .xlsx, .xlsm,
//! .xls, .ods and .csv, and OSCAL system security plans and component definitions (JSON).
//! Layouts recognised without help are listed in [`Layout`]; anything else is read with a
//! [`MappingProfile`].

mod archive;
mod crosswalks;
mod csv_file;
mod error;
mod grid;
mod layout;
mod mapping;
mod matrix;
mod oscal;
mod preview;
mod profile;
mod sheet;
mod vocabulary;
mod workbook;
mod xlsx_xml;

use std::path::Path;

use sha2::{Digest, Sha256};

// The records a read produces are the core's, so the store takes them without this crate.
pub use crosswalks::{read_crosswalks, read_crosswalks_bytes, CrosswalkOptions, MAX_PAIRS};
pub use demarc_core::crosswalk::{CrosswalkFile, CrosswalkLayout};
pub use demarc_core::imported::{Column, MappingProfile, MarkColumn};
pub use demarc_core::imported::{
    ColumnRef, DocumentInfo, InspectReport, Layout, Matrix, OwnershipValue, Row, Table,
    TableReport, BLANK_LABEL,
};
pub use demarc_core::{fold, normalize_control_id};
pub use error::ImportError;
pub use mapping::{
    fitting_profiles, name_columns_by_letter, name_columns_by_title, sheet_grids, SheetGrid,
};
pub use preview::{preview, ColumnRole, Preview, PreviewColumn, PreviewRow, TablePreview};
pub use profile::{load_profile, profile_from_json};
pub use vocabulary::{crosswalk, lookup, CrosswalkEntry};

use crate::sheet::{Sheet, Workbook};

/// Bounds on what one file may cost; past them the read stops with [`ImportError::TooLarge`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    /// Cells in the area one sheet spans (rows times columns), and cells read from one sheet.
    pub max_cells: u64,
    /// Unpacked bytes of one part of an .xlsx or .ods (a zip): a sheet, the shared strings.
    pub max_part_bytes: u64,
    /// Unpacked bytes of all the parts of an .xlsx or .ods together.
    pub max_unpacked_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_cells: 10_000_000,
            // The largest real matrices unpack to a few megabytes; shared strings of this size
            // still fit in a few hundred megabytes of memory.
            max_part_bytes: 128 * 1024 * 1024,
            max_unpacked_bytes: 512 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Columns named by the user instead of detection.
    pub profile: Option<MappingProfile>,
    /// Read only this sheet.
    pub sheet: Option<String>,
    pub limits: Limits,
}

/// What a file holds, with default options.
pub fn inspect(path: &Path) -> Result<InspectReport, ImportError> {
    inspect_with(path, &ReadOptions::default())
}

/// What a file holds, read with a mapping profile, one sheet or other limits.
pub fn inspect_with(path: &Path, options: &ReadOptions) -> Result<InspectReport, ImportError> {
    Ok(InspectReport::from(&read_matrix(path, options)?))
}

/// What a file already in memory holds; `name` stands for its path in messages and gives the
/// extension when the content does not tell the kind.
pub fn inspect_bytes(name: &str, bytes: &[u8]) -> Result<InspectReport, ImportError> {
    Ok(InspectReport::from(&read_matrix_bytes(
        name,
        bytes,
        &ReadOptions::default(),
    )?))
}

/// Every matrix in the file, row by row.
pub fn read_matrix(path: &Path, options: &ReadOptions) -> Result<Matrix, ImportError> {
    let bytes = workbook::read_bytes(path, &options.limits)?;
    read_from(path, &bytes, options)
}

/// Every matrix in a file already in memory; `name` as for [`inspect_bytes`].
pub fn read_matrix_bytes(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Matrix, ImportError> {
    let path = Path::new(name);
    workbook::check_size(path, bytes.len() as u64, &options.limits)?;
    read_from(path, bytes, options)
}

fn read_from(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<Matrix, ImportError> {
    if oscal::is_json(path, bytes) {
        return read_oscal(path, bytes, options);
    }
    let book = workbook::open(path, bytes, &options.limits)?;
    read_book(path, bytes, &book, options)
}

/// An OSCAL file, its tables limited to `options.sheet` when one is named.
fn read_oscal(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<Matrix, ImportError> {
    if options.profile.is_some() {
        return Err(ImportError::Profile {
            profile: "(given)".into(),
            detail: format!(
                "a mapping profile names spreadsheet columns; {} is OSCAL JSON, read without one",
                path.display()
            ),
        });
    }
    // A parsed JSON document takes several times its size in memory.
    let limit = options.limits.max_part_bytes / 2;
    if bytes.len() as u64 > limit {
        return Err(ImportError::TooLarge {
            file: path.to_path_buf(),
            what: format!("the OSCAL JSON ({} bytes)", bytes.len()),
            limit: format!("{limit} bytes"),
        });
    }
    let mut matrix = oscal::read(path, bytes, sha256_hex(bytes))?;
    if let Some(name) = &options.sheet {
        let available = matrix
            .tables
            .iter()
            .map(|t| format!("'{}'", t.sheet))
            .collect::<Vec<_>>()
            .join(", ");
        matrix.tables.retain(|t| &t.sheet == name);
        if matrix.tables.is_empty() {
            return Err(ImportError::NoSuchSheet {
                file: path.to_path_buf(),
                sheet: name.clone(),
                available,
            });
        }
    }
    Ok(matrix)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The matrices of a workbook already opened from `bytes`.
fn read_book(
    path: &Path,
    bytes: &[u8],
    book: &Workbook,
    options: &ReadOptions,
) -> Result<Matrix, ImportError> {
    let sha256 = sha256_hex(bytes);
    let file = path.to_path_buf();

    let sheets: Vec<&Sheet> = match &options.sheet {
        Some(name) => vec![book
            .sheets
            .iter()
            .find(|s| &s.name == name)
            .ok_or_else(|| ImportError::NoSuchSheet {
                file: file.clone(),
                sheet: name.clone(),
                available: sheet_names(&book.sheets),
            })?],
        None => book.sheets.iter().collect(),
    };
    let value_map = options
        .profile
        .as_ref()
        .map(profile::folded_values)
        .unwrap_or_default();

    let mut tables = Vec::new();
    let mut warnings = Vec::new();
    let mut without_matrix = Vec::new();
    for sheet in &sheets {
        let spec = match &options.profile {
            Some(profile) => match &profile.sheet {
                Some(wanted) if wanted != &sheet.name => continue,
                _ => profile::spec(profile, path, sheet)?,
            },
            None => layout::detect(sheet),
        };
        match spec {
            Some(spec) => tables.push(matrix::read_table(sheet, &spec, &value_map)),
            None => {
                if sheet.hidden {
                    warnings.push(format!("sheet '{}' is hidden", sheet.name));
                }
                without_matrix.push(sheet);
            }
        }
    }
    if let (Some(profile_sheet), true) = (
        options.profile.as_ref().and_then(|p| p.sheet.as_ref()),
        tables.is_empty(),
    ) {
        if !book.sheets.iter().any(|s| &s.name == profile_sheet) {
            return Err(ImportError::NoSuchSheet {
                file,
                sheet: profile_sheet.clone(),
                available: sheet_names(&book.sheets),
            });
        }
    }
    if tables.is_empty() {
        return Err(ImportError::NoHeader {
            file,
            sheets: sheet_names_of(&sheets),
            scanned: layout::HEADER_SCAN_ROWS,
        });
    }
    if !without_matrix.is_empty() {
        warnings.push(format!(
            "no matrix found in sheet(s): {}",
            sheet_names_of(&without_matrix.iter().map(|s| **s).collect::<Vec<_>>())
        ));
    }

    let mut layouts: Vec<&str> = Vec::new();
    for t in &tables {
        if !layouts.contains(&t.layout.id()) {
            layouts.push(t.layout.id());
        }
    }
    let history = without_matrix.iter().find_map(|s| revision_history(s));
    let document = DocumentInfo {
        title: book
            .properties
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| tables.iter().find_map(|t| t.title.clone())),
        version: history
            .as_ref()
            .map(|h| h.0.clone())
            .or(book.properties.version.clone()),
        date: history
            .and_then(|h| h.1)
            .or(book.properties.modified.clone()),
    };
    Ok(Matrix {
        file: path.display().to_string(),
        sha256,
        layout: layouts.join("+"),
        document,
        warnings,
        tables,
    })
}

fn sheet_names(sheets: &[Sheet]) -> String {
    sheet_names_of(&sheets.iter().collect::<Vec<_>>())
}

fn sheet_names_of(sheets: &[&Sheet]) -> String {
    sheets
        .iter()
        .map(|s| format!("'{}'", s.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last line of a revision history table (`Date` ... `Version`): the document's version and
/// date.
fn revision_history(sheet: &Sheet) -> Option<(String, Option<String>)> {
    let first = sheet.first_row()?;
    let last = sheet.last_row()?;
    let find = |r: u32, title: &str| sheet.columns().find(|&c| fold(&sheet.text(r, c)) == title);
    let (header, date_col, version_col) = (first..=last.min(first.saturating_add(60)))
        .find_map(|r| Some((r, find(r, "date")?, find(r, "version")?)))?;
    ((header + 1)..=last)
        .take_while(|&r| !sheet.text(r, version_col).trim().is_empty())
        .last()
        .map(|r| {
            let date = sheet.date_text(r, date_col);
            (
                sheet.text(r, version_col).trim().to_string(),
                Some(date).filter(|d| !d.is_empty()),
            )
        })
}

/// `A`, `B`, ... `Z`, `AA` for a 0-based column.
pub fn column_letter(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The 0-based column of a letter such as `C` or `AA`.
pub fn column_index(letters: &str) -> Option<u32> {
    let letters = letters.trim();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    letters
        .chars()
        .try_fold(0u32, |n, c| {
            let c = c.to_ascii_uppercase();
            c.is_ascii_uppercase()
                .then(|| n * 26 + (c as u32 - 'A' as u32 + 1))
        })
        .map(|n| n - 1)
}

/// `B7` for 0-based row and column.
pub(crate) fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for (i, l) in [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), l);
            assert_eq!(column_index(l), Some(i));
        }
        assert_eq!(column_index("1"), None);
        assert_eq!(cell_name(6, 1), "B7");
    }
}
