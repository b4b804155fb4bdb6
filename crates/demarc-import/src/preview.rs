//! The first rows of each table as the sheet shows them, so that a person can check what
//! detection found before importing.

use serde::Serialize;
use ts_rs::TS;

use crate::sheet::Sheet;
use crate::workbook;
use crate::{
    column_index, column_letter, read_book, ColumnRef, ImportError, InspectReport, ReadOptions,
    Table,
};

/// Cell text past this many characters is cut in a preview; narratives run to pages.
const CELL_CHARS: usize = 160;

/// What a column of a table was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ColumnRole {
    ControlId,
    Ownership,
    ProviderNarrative,
    CustomerNarrative,
    /// The provider's implementation answers (kept, not read as ownership).
    Implementation,
    Section,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewColumn {
    pub letter: String,
    /// The header text, both levels joined for a two-level header.
    pub title: String,
    pub role: Option<ColumnRole>,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// 1-based, as Excel shows it.
    pub row: u32,
    /// One text per column of the preview.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TablePreview {
    pub sheet: String,
    pub columns: Vec<PreviewColumn>,
    pub rows: Vec<PreviewRow>,
}

/// The inspection of a file and the first rows of each of its tables, from one read.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Preview {
    pub report: InspectReport,
    pub tables: Vec<TablePreview>,
}

impl Preview {
    /// The preview of a file in which nothing was recognised: no table.
    pub fn nothing(path: &std::path::Path) -> Preview {
        Preview {
            report: InspectReport {
                file: path.display().to_string(),
                sha256: String::new(),
                layout: String::new(),
                document: Default::default(),
                warnings: Vec::new(),
                tables: Vec::new(),
            },
            tables: Vec::new(),
        }
    }
}

/// Inspects the file and shows the first `rows` data rows of each table found.
pub fn preview(
    path: &std::path::Path,
    options: &ReadOptions,
    rows: usize,
) -> Result<Preview, ImportError> {
    let bytes = workbook::read_bytes(path, &options.limits)?;
    if crate::oscal::is_json(path, &bytes) {
        let matrix = crate::read_oscal(path, &bytes, options)?;
        return Ok(Preview {
            report: InspectReport::from(&matrix),
            tables: matrix
                .tables
                .iter()
                .map(|t| rows_preview(t, rows))
                .collect(),
        });
    }
    let book = workbook::open(path, &bytes, &options.limits)?;
    let matrix = read_book(path, &bytes, &book, options)?;
    let tables = matrix
        .tables
        .iter()
        .filter_map(|t| {
            let sheet = book.sheets.iter().find(|s| s.name == t.sheet)?;
            Some(table_preview(sheet, t, rows))
        })
        .collect();
    Ok(Preview {
        report: InspectReport::from(&matrix),
        tables,
    })
}

fn table_preview(sheet: &Sheet, table: &Table, rows: usize) -> TablePreview {
    let (first, last) = table.header_rows;
    let role_of = |col: u32| {
        let is = |c: &ColumnRef| column_index(&c.letter) == Some(col);
        if is(&table.id_column) {
            Some(ColumnRole::ControlId)
        } else if table.ownership_columns.iter().any(is) {
            Some(ColumnRole::Ownership)
        } else if table.provider_narrative_column.as_ref().is_some_and(is) {
            Some(ColumnRole::ProviderNarrative)
        } else if table.customer_narrative_column.as_ref().is_some_and(is) {
            Some(ColumnRole::CustomerNarrative)
        } else if table.implementation_columns.iter().any(is) {
            Some(ColumnRole::Implementation)
        } else if table.section_column.as_ref().is_some_and(is) {
            Some(ColumnRole::Section)
        } else {
            None
        }
    };
    let title_of = |col: u32| {
        let mut parts: Vec<String> = Vec::new();
        for r in first.saturating_sub(1)..last {
            // A title merged across columns belongs to each of them.
            let (mr, mc) = sheet.merge_origin(r, col).unwrap_or((r, col));
            let text = sheet.text(mr, mc);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() && !parts.contains(&text) {
                parts.push(text);
            }
        }
        parts.join(" / ")
    };
    let columns: Vec<(u32, PreviewColumn)> = sheet
        .columns()
        .filter_map(|col| {
            let title = title_of(col);
            let role = role_of(col);
            (role.is_some() || !title.is_empty()).then(|| {
                let column = PreviewColumn {
                    letter: column_letter(col),
                    title,
                    role,
                    hidden: sheet.hidden_columns.contains(&col),
                };
                (col, column)
            })
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .take(rows)
        .map(|r| PreviewRow {
            row: r.row,
            cells: columns
                .iter()
                .map(|(col, _)| cut(&sheet.text(r.row.saturating_sub(1), *col)))
                .collect(),
        })
        .collect();
    TablePreview {
        sheet: table.sheet.clone(),
        columns: columns.into_iter().map(|(_, c)| c).collect(),
        rows,
    }
}

/// A table read from a structured file (OSCAL) shown by the fields of its rows, each field a
/// column named by where it was read.
fn rows_preview(table: &Table, rows: usize) -> TablePreview {
    let column = |c: &ColumnRef, role: Option<ColumnRole>| PreviewColumn {
        letter: c.title.clone(),
        title: c.title.clone(),
        role,
        hidden: false,
    };
    let mut columns = vec![column(&table.id_column, Some(ColumnRole::ControlId))];
    columns.extend(
        table
            .ownership_columns
            .iter()
            .map(|c| column(c, Some(ColumnRole::Ownership))),
    );
    let fields: [(Option<&ColumnRef>, ColumnRole); 3] = [
        (
            table.provider_narrative_column.as_ref(),
            ColumnRole::ProviderNarrative,
        ),
        (
            table.customer_narrative_column.as_ref(),
            ColumnRole::CustomerNarrative,
        ),
        (
            table.implementation_columns.first(),
            ColumnRole::Implementation,
        ),
    ];
    columns.extend(
        fields
            .iter()
            .filter_map(|(c, role)| Some(column((*c)?, Some(*role)))),
    );
    columns.push(PreviewColumn {
        letter: "component".into(),
        title: "component".into(),
        role: Some(ColumnRole::Section),
        hidden: false,
    });
    columns.push(PreviewColumn {
        letter: "path".into(),
        title: "JSON path".into(),
        role: None,
        hidden: false,
    });
    let text = |t: &Option<String>| cut(t.as_deref().unwrap_or_default());
    let rows = table
        .rows
        .iter()
        .take(rows)
        .map(|r| {
            let mut cells = vec![cut(&r.control_id)];
            cells.extend(table.ownership_columns.iter().map(|_| {
                r.ownership
                    .first()
                    .map(|o| cut(&o.original))
                    .unwrap_or_default()
            }));
            if table.provider_narrative_column.is_some() {
                cells.push(text(&r.provider_narrative));
            }
            if table.customer_narrative_column.is_some() {
                cells.push(text(&r.customer_narrative));
            }
            if !table.implementation_columns.is_empty() {
                cells.push(text(&r.implementation));
            }
            cells.push(text(&r.section));
            cells.push(text(&r.location));
            PreviewRow { row: r.row, cells }
        })
        .collect();
    TablePreview {
        sheet: table.sheet.clone(),
        columns,
        rows,
    }
}

pub(crate) fn cut(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(CELL_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
