//! Plain CSV (or semicolon- or tab-separated text) as a one-sheet workbook of text cells, so IDs
//! such as `1.10` stay exactly as written.

use std::path::PathBuf;

use calamine::{Cell, Data, Range};

use crate::error::ImportError;
use crate::sheet::{Bounds, Properties, Sheet, Workbook};
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
    let mut record = csv::StringRecord::new();
    // The csv reader skips blank lines; a spreadsheet shows each as an empty row, and the rows
    // named in messages and provenance must be the ones the user sees.
    let mut row = 0u64;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ImportError::Csv {
                file: file.clone(),
                line: e.position().map_or(row + 1, |p| p.line()),
                detail: match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "not UTF-8 text; save the file as CSV UTF-8".into()
                    }
                    _ => e.to_string(),
                },
            })?;
        if !more {
            break;
        }
        // A record's position is where the previous one ended, before the blank lines; after
        // a quoted field that can be between the `\r` and the `\n` of its line end.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        if start > 0 && bytes.get(start - 1..=start) == Some(b"\r\n") {
            start += 1;
        }
        row += blank_lines(bytes.get(start..).unwrap_or_default());
        let sheet_row = u32::try_from(row).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let pos = (sheet_row, u32::try_from(col).unwrap_or(u32::MAX));
            bounds.add(pos)?;
            cells.push(Cell::new(pos, Data::String(field.to_string())));
        }
        row += 1;
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

/// Blank lines at the start of the text: `\n`, `\r\n` or a lone `\r` each.
fn blank_lines(text: &[u8]) -> u64 {
    let mut lines = 0;
    let mut bytes = text.iter().peekable();
    while let Some(&b) = bytes.next_if(|&&b| b == b'\n' || b == b'\r') {
        if b == b'\r' {
            bytes.next_if_eq(&&b'\n');
        }
        lines += 1;
    }
    lines
}

/// Comma unless the first lines clearly use semicolons (European exports) or tabs; a title line
/// above the table alone does not decide.
fn delimiter(bytes: &[u8]) -> u8 {
    let head: Vec<&[u8]> = bytes.split(|&b| b == b'\n').take(20).collect();
    let count = |d: u8| -> usize {
        head.iter()
            .map(|line| line.iter().filter(|&&b| b == d).count())
            .sum()
    };
    [b'\t', b';']
        .into_iter()
        .find(|&d| count(d) > count(b','))
        .unwrap_or(b',')
}
