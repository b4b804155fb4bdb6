//! Reading the public sources the bundled data is generated from: only built with the `gen`
//! feature (`scripts/gen-catalogs`), never in the app, which embeds the generated JSON.

pub mod crosswalks;
pub mod provider_matrices;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use sha2::{Digest, Sha256};

/// SHA-256 of a file, lower-case hex.
pub fn sha256_hex(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn sheet(path: &Path, name: &str) -> Result<Range<Data>, String> {
    let mut book = open_workbook_auto(path).map_err(|e| format!("{}: {e}", path.display()))?;
    book.worksheet_range(name)
        .map_err(|e| format!("{}, sheet {name}: {e}", path.display()))
}

/// A cell as trimmed text; formulas arrive as their cached value.
pub fn text(row: &[Data], column: usize) -> String {
    match row.get(column) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string().trim().to_string(),
    }
}

/// The column whose header is `name`.
pub fn column(header: &[Data], name: &str) -> Result<usize, String> {
    (0..header.len())
        .find(|&i| text(header, i) == name)
        .ok_or_else(|| format!("no column {name:?}"))
}

/// The column whose header, folded (case, line breaks, spacing), starts with `name`.
pub fn column_starting(header: &[Data], name: &str) -> Result<usize, String> {
    (0..header.len())
        .find(|&i| demarc_core::fold(&text(header, i)).starts_with(name))
        .ok_or_else(|| format!("no column starting {name:?}"))
}

pub fn check(what: &str, got: usize, expected: usize) -> Result<(), String> {
    if got == expected {
        Ok(())
    } else {
        Err(format!("{what}: found {got}, expected {expected}"))
    }
}

/// The 1-based row Excel shows for the `i`th row of a range.
pub fn excel_row(range: &Range<Data>, i: usize) -> u32 {
    range.start().map_or(0, |(r, _)| r) + i as u32 + 1
}

/// `A`, `B`, ... `AA` for a 0-based column of a range.
pub fn excel_column(range: &Range<Data>, col: usize) -> String {
    let mut n = u64::from(range.start().map_or(0, |(_, c)| c)) + col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}
