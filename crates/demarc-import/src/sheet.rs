//! A workbook as plain sheets of cells, whatever file kind it was read from, and the bound on
//! the area one sheet may span.

use std::path::Path;

use calamine::{Data, Dimensions, Range};

use crate::error::ImportError;
use crate::Limits;

/// One worksheet as read: cached values (formulas are not recalculated), merged ranges, hidden
/// columns (0-based) and the cells that hold a formula without a cached value.
pub(crate) struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub cells: Range<Data>,
    pub merged: Vec<Dimensions>,
    pub hidden_columns: Vec<u32>,
    pub formulas_without_value: Vec<(u32, u32)>,
}

/// Document properties as the file stores them.
#[derive(Default)]
pub(crate) struct Properties {
    pub title: Option<String>,
    pub version: Option<String>,
    pub modified: Option<String>,
}

pub(crate) struct Workbook {
    pub sheets: Vec<Sheet>,
    pub properties: Properties,
}

/// Tracks the area a sheet spans and refuses it past the cell limit.
pub(crate) struct Bounds<'a> {
    file: &'a Path,
    sheet: &'a str,
    limits: &'a Limits,
    first: (u32, u32),
    last: (u32, u32),
    count: u64,
}

impl<'a> Bounds<'a> {
    pub fn new(file: &'a Path, sheet: &'a str, limits: &'a Limits) -> Self {
        Bounds {
            file,
            sheet,
            limits,
            first: (u32::MAX, u32::MAX),
            last: (0, 0),
            count: 0,
        }
    }

    /// One more cell; a sheet repeating one position is refused by its count, not its area.
    pub fn add(&mut self, (row, col): (u32, u32)) -> Result<(), ImportError> {
        self.count += 1;
        if self.count > self.limits.max_cells {
            return Err(ImportError::TooLarge {
                file: self.file.to_path_buf(),
                what: format!(
                    "sheet '{}' (more than {} cells, the last at {})",
                    self.sheet,
                    self.limits.max_cells,
                    crate::cell_name(row, col)
                ),
                limit: format!("{} cells", self.limits.max_cells),
            });
        }
        self.first = (self.first.0.min(row), self.first.1.min(col));
        self.last = (self.last.0.max(row), self.last.1.max(col));
        let rows = u64::from(self.last.0 - self.first.0) + 1;
        let cols = u64::from(self.last.1 - self.first.1) + 1;
        if rows * cols > self.limits.max_cells {
            return Err(ImportError::TooLarge {
                file: self.file.to_path_buf(),
                what: format!(
                    "sheet '{}' (at least {rows} rows by {cols} columns, reaching cell {})",
                    self.sheet,
                    crate::cell_name(row, col)
                ),
                limit: format!("{} cells", self.limits.max_cells),
            });
        }
        Ok(())
    }
}
