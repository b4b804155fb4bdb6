//! Reading cells as text the way a person sees them, with the warnings a cell deserves.

use calamine::Data;

use crate::sheet::Sheet;
use crate::{cell_name, column_letter};

/// Excel's day zero for serial dates (1900 system, after the 1900 leap-year quirk).
fn excel_date(serial: f64) -> Option<String> {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = chrono::TimeDelta::try_days(serial.floor() as i64)?;
    base.checked_add_signed(days).map(|d| d.to_string())
}

/// A number as Excel shows it by default: whole numbers without `.0`.
pub(crate) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

impl Sheet {
    pub fn data(&self, row: u32, col: u32) -> Option<&Data> {
        self.cells.get_value((row, col))
    }

    /// The text of a cell; errors (also written out as text, as a CSV export does), empty cells
    /// and cells outside the sheet read as "".
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.data(row, col) {
            Some(Data::String(s)) if is_error_text(s) => String::new(),
            Some(Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s)) => s.clone(),
            Some(Data::Float(f)) => number_text(*f),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Some(Data::DateTime(d)) => excel_date(d.as_f64()).unwrap_or_default(),
            Some(Data::Error(_) | Data::Empty) | None => String::new(),
        }
    }

    /// Text of a cell meant to hold a date, as an ISO date for serials; a template placeholder
    /// such as `MM/DD/YYYY` (no digit at all) is no date.
    pub fn date_text(&self, row: u32, col: u32) -> String {
        match self.data(row, col) {
            Some(Data::Float(f)) => excel_date(*f).unwrap_or_default(),
            _ => Some(self.text(row, col))
                .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
                .unwrap_or_default(),
        }
    }

    /// The error a cell holds (`#N/A`), as a value or as text.
    pub fn error_text(&self, row: u32, col: u32) -> Option<String> {
        match self.data(row, col)? {
            Data::Error(e) => Some(e.to_string()),
            Data::String(s) if is_error_text(s) => Some(s.trim().to_string()),
            _ => None,
        }
    }

    /// A warning for a cell whose value is not what it seems, if any.
    pub fn cell_warning(&self, row: u32, col: u32, id_column: bool) -> Option<String> {
        let at = || cell_name(row, col);
        match self.data(row, col)? {
            Data::Error(e) => Some(format!("cell {}: error value {e} read as missing", at())),
            Data::String(s) if is_error_text(s) => Some(format!(
                "cell {}: error value {} read as missing",
                at(),
                s.trim()
            )),
            Data::Float(f) if id_column && f.fract() != 0.0 => Some(format!(
                "cell {}: control ID stored as the number {}; read as \"{}\" (if \"{}0\" was \
                 meant, store the column as text)",
                at(),
                number_text(*f),
                number_text(*f),
                number_text(*f)
            )),
            Data::DateTime(_) if id_column => Some(format!(
                "cell {}: control ID stored as a date ({}); Excel turns IDs such as 1.10 into \
                 dates, check the original",
                at(),
                self.text(row, col)
            )),
            _ => None,
        }
    }

    pub fn last_row(&self) -> Option<u32> {
        self.cells.end().map(|(r, _)| r)
    }

    pub fn first_row(&self) -> Option<u32> {
        self.cells.start().map(|(r, _)| r)
    }

    /// Columns (absolute) spanned by the sheet's cells.
    pub fn columns(&self) -> std::ops::RangeInclusive<u32> {
        match (self.cells.start(), self.cells.end()) {
            (Some((_, first)), Some((_, last))) => first..=last,
            #[allow(clippy::reversed_empty_ranges)]
            _ => 1..=0,
        }
    }

    /// The first non-blank text of a row in a column the sheet shows, for titles and section
    /// rows.
    pub fn first_text(&self, row: u32) -> Option<String> {
        self.columns()
            .filter(|c| !self.hidden_columns.contains(c))
            .map(|c| self.text(row, c))
            .find(|t| !t.trim().is_empty())
    }

    /// The top-left cell of the merged range covering this cell, if it is covered.
    pub fn merge_origin(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        self.merged
            .iter()
            .find(|d| d.contains(row, col))
            .map(|d| d.start)
    }
}

/// The error values a spreadsheet shows, as text.
const ERROR_TEXTS: &[&str] = &[
    "#N/A",
    "#REF!",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
];

/// A cell whose text is a spreadsheet error value.
fn is_error_text(text: &str) -> bool {
    text.trim_start().starts_with('#') && ERROR_TEXTS.contains(&text.trim())
}

/// `D` and the header title, for messages.
pub(crate) fn describe_column(col: u32, title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        format!("column {}", column_letter(col))
    } else {
        format!("column {} ('{}')", column_letter(col), title)
    }
}
