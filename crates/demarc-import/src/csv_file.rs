//! Plain CSV (or semicolon- or tab-separated text) as a one-sheet workbook of text cells, so IDs
//! such as `1.10` stay exactly as written.

use std::path::PathBuf;

use calamine::{Cell, Data, Range};

use crate::error::ImportError;
use crate::workbook::{Bounds, Properties, Sheet, Workbook};
use crate::Limits;

pub(crate) fn read(file: PathBuf, bytes: &[u8], limits: &Limits) -> Result<Workbook, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let sheet_name = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "csv".to_string());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut bounds = Bounds::new(&file, &sheet_name, limits);
    let mut cells = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError::Csv {
            file: file.clone(),
            line: e.position().map_or(row as u64 + 1, |p| p.line()),
            detail: match e.kind() {
                csv::ErrorKind::Utf8 { .. } => "not UTF-8 text; save the file as CSV UTF-8".into(),
                _ => e.to_string(),
            },
        })?;
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let pos = (row, u32::try_from(col).unwrap_or(u32::MAX));
            bounds.add(pos)?;
            cells.push(Cell::new(pos, Data::String(field.to_string())));
        }
    }
    Ok(Workbook {
        sheets: vec![Sheet {
            name: sheet_name,
            hidden: false,
            cells: Range::from_sparse(cells),
            merged: Vec::new(),
            hidden_columns: Vec::new(),
            formulas_without_value: Vec::new(),
        }],
        properties: Properties::default(),
    })
}

/// Comma unless the first line clearly uses semicolons (European exports) or tabs.
fn delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    [b'\t', b';']
        .into_iter()
        .find(|&d| count(d) > count(b','))
        .unwrap_or(b',')
}
