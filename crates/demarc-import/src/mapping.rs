//! What a person needs to map a table's columns by hand: each sheet's first rows as they are,
//! the saved profiles that fit a file, and a profile's columns named by title so that it fits
//! the next file whose columns moved.

use std::path::Path;

use demarc_core::imported::{Column, MappingProfile};
use serde::Serialize;
use ts_rs::TS;

use crate::layout::{title_key, Owners, Spec};
use crate::preview::cut;
use crate::sheet::{Sheet, Workbook};
use crate::{column_index, column_letter, profile, workbook, ImportError, Limits, PreviewRow};

/// Columns past this many are left out of a sheet's grid.
const GRID_COLUMNS: u32 = 40;

/// A sheet's first rows as the sheet shows them, every cell, for mapping its columns by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetGrid {
    pub name: String,
    pub hidden: bool,
    /// The letters of the columns shown, from the sheet's first.
    pub columns: Vec<String>,
    /// One text per column, rows numbered as Excel shows them.
    pub rows: Vec<PreviewRow>,
}

/// The first `rows` rows of every sheet of a spreadsheet.
pub fn sheet_grids(path: &Path, limits: &Limits, rows: u32) -> Result<Vec<SheetGrid>, ImportError> {
    let book = open(path, limits)?;
    Ok(book.sheets.iter().map(|s| grid(s, rows)).collect())
}

fn open(path: &Path, limits: &Limits) -> Result<Workbook, ImportError> {
    let bytes = workbook::read_bytes(path, limits)?;
    if crate::oscal::is_json(path, &bytes) {
        return Err(ImportError::Profile {
            profile: "(columns)".into(),
            detail: format!(
                "{} is OSCAL JSON: its fields are known, there are no columns to map",
                path.display()
            ),
        });
    }
    workbook::open(path, &bytes, limits)
}

fn grid(sheet: &Sheet, rows: u32) -> SheetGrid {
    let columns: Vec<u32> = sheet.columns().take(GRID_COLUMNS as usize).collect();
    let shown = match (sheet.first_row(), sheet.last_row()) {
        (Some(first), Some(last)) => (first..=last.min(first.saturating_add(rows.max(1) - 1)))
            .map(|r| PreviewRow {
                row: r + 1,
                cells: columns.iter().map(|&c| cut(&sheet.text(r, c))).collect(),
            })
            .collect(),
        _ => Vec::new(),
    };
    SheetGrid {
        name: sheet.name.clone(),
        hidden: sheet.hidden,
        columns: columns.iter().map(|&c| column_letter(c)).collect(),
        rows: shown,
    }
}

/// The saved profiles that read at least one row of the file, by their position in
/// `profiles`, each as it applies to this file: one whose columns are named by title but whose
/// sheet the file does not have (renamed) reads whichever sheet holds those titles. A profile
/// naming its columns by letter only fits a sheet it names: letters fit anything.
pub fn fitting_profiles(
    path: &Path,
    profiles: &[MappingProfile],
    limits: &Limits,
) -> Result<Vec<(usize, MappingProfile)>, ImportError> {
    let book = open(path, limits)?;
    Ok(profiles
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, fit(path, &book, p)?)))
        .collect())
}

fn fit(path: &Path, book: &Workbook, p: &MappingProfile) -> Option<MappingProfile> {
    let by_title = matches!(p.control_id, Column::Title(_));
    let has_sheet = |name: &String| book.sheets.iter().any(|s| &s.name == name);
    let p = match &p.sheet {
        Some(name) if !has_sheet(name) && by_title => MappingProfile {
            sheet: None,
            ..p.clone()
        },
        None if !by_title => return None,
        _ => p.clone(),
    };
    let values = profile::folded_values(&p);
    let reads = book
        .sheets
        .iter()
        .filter(|s| p.sheet.as_ref().is_none_or(|name| name == &s.name))
        .any(|sheet| match profile::spec(&p, path, sheet) {
            Ok(Some(spec)) => !crate::matrix::read_table(sheet, &spec, &values)
                .rows
                .is_empty(),
            _ => false,
        });
    reads.then_some(p)
}

/// The profile as it applies to this file, every column given by letter, the sheet and header
/// rows it reads named: what the wizard shows a person to change.
pub fn name_columns_by_letter(
    path: &Path,
    p: &MappingProfile,
    limits: &Limits,
) -> Result<MappingProfile, ImportError> {
    let book = open(path, limits)?;
    let (sheet, spec) = applied(path, &book, p)?;
    let letter = |c: u32| Column::Letter(column_letter(c));
    let mut named = p.clone();
    named.sheet = Some(sheet.name.clone());
    named.header_row = Some(spec.header_first + 1);
    named.header_rows = Some(spec.header_last - spec.header_first + 1);
    named.control_id = letter(spec.id_col);
    match &spec.owners {
        Owners::Labels(cols) => named.ownership = cols.iter().map(|(c, _)| letter(*c)).collect(),
        Owners::Marks(cols) => {
            for (m, (c, _)) in named.marks.iter_mut().zip(cols) {
                m.column = letter(*c);
            }
        }
        Owners::Nothing => {}
    }
    named.provider_narrative = spec.provider_text.map(letter);
    named.customer_narrative = spec.customer_text.map(letter);
    named.section = spec.section_col.map(letter);
    Ok(named)
}

/// The sheet a profile reads and where it finds its columns there.
fn applied<'a>(
    path: &Path,
    book: &'a Workbook,
    p: &MappingProfile,
) -> Result<(&'a Sheet, Spec), ImportError> {
    for sheet in book
        .sheets
        .iter()
        .filter(|s| p.sheet.as_ref().is_none_or(|name| name == &s.name))
    {
        if let Some(spec) = profile::spec(p, path, sheet)? {
            return Ok((sheet, spec));
        }
    }
    Err(ImportError::ProfileMismatch {
        file: path.to_path_buf(),
        sheet: p.sheet.clone().unwrap_or_default(),
        detail: "the mapping reads no table of this file".into(),
    })
}

/// The profile with each column given by letter named by its header title instead, where that
/// title is the only one of its kind in the header: the profile then fits the next file of the
/// same layout even if its columns moved. The profile must fit the file.
pub fn name_columns_by_title(
    path: &Path,
    p: &MappingProfile,
    limits: &Limits,
) -> Result<MappingProfile, ImportError> {
    let book = open(path, limits)?;
    let (_, spec) = applied(path, &book, p)?;
    let unique = |col: u32| -> Option<String> {
        let (_, title) = spec.titles.iter().find(|(c, _)| *c == col)?;
        let key = title_key(title);
        let same = spec
            .titles
            .iter()
            .filter(|(_, t)| title_key(t) == key)
            .count();
        (same == 1 && !key.is_empty())
            .then(|| title.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let rename = |c: &Column| match c {
        Column::Letter(l) => column_index(l)
            .and_then(unique)
            .map_or_else(|| c.clone(), Column::Title),
        Column::Title(_) => c.clone(),
    };
    let mut named = p.clone();
    named.control_id = rename(&p.control_id);
    named.ownership = p.ownership.iter().map(rename).collect();
    for m in &mut named.marks {
        m.column = rename(&m.column);
    }
    named.provider_narrative = p.provider_narrative.as_ref().map(rename);
    named.customer_narrative = p.customer_narrative.as_ref().map(rename);
    named.section = p.section.as_ref().map(rename);
    Ok(named)
}
