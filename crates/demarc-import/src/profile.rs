//! Reading a table with a column-mapping profile (the core's `MappingProfile`) for layouts
//! Demarc does not recognise: where its header and data are, and which column is which.

use std::collections::HashMap;
use std::path::Path;

use demarc_core::imported::{Column, MappingProfile};
use demarc_core::Ownership;

use crate::error::ImportError;
use crate::layout::{title_key, Owners, Spec, HEADER_SCAN_ROWS};
use crate::sheet::Sheet;
use crate::{fold, Layout};

/// A profile from its JSON text, checked.
pub fn profile_from_json(text: &str) -> Result<MappingProfile, ImportError> {
    MappingProfile::from_json(text).map_err(|e| ImportError::Profile {
        profile: "(text)".into(),
        detail: if e.field == "profile" {
            e.message
        } else {
            format!("`{}`: {}", e.field, e.message)
        },
    })
}

/// A profile from a JSON file, checked.
pub fn load_profile(path: &Path) -> Result<MappingProfile, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Profile {
        profile: path.display().to_string(),
        detail: e.to_string(),
    })?;
    profile_from_json(&text).map_err(|e| match e {
        ImportError::Profile { detail, .. } => ImportError::Profile {
            profile: path.display().to_string(),
            detail,
        },
        other => other,
    })
}

/// The value map with folded keys, as the classifier wants it.
pub(crate) fn folded_values(profile: &MappingProfile) -> HashMap<String, Ownership> {
    profile.values.iter().map(|(k, v)| (fold(k), *v)).collect()
}

/// The titles a column answers to under a header of one or two rows: each row's text (a
/// title merged across columns belongs to each of them) and both joined.
fn titles_of(sheet: &Sheet, header: u32, header_last: u32, col: u32) -> Vec<String> {
    let text = |r: u32| {
        let (mr, mc) = sheet.merge_origin(r, col).unwrap_or((r, col));
        sheet.text(mr, mc)
    };
    let mut keys = Vec::new();
    for r in header..=header_last {
        let key = title_key(&text(r));
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    if keys.len() > 1 {
        let joined = title_key(&format!("{} / {}", text(header), text(header_last)));
        keys.push(joined);
    }
    keys
}

/// Applies the profile to a sheet. `Ok(None)` when the sheet does not hold the control ID
/// title; an error when it does but another named column is missing.
pub(crate) fn spec(
    profile: &MappingProfile,
    file: &Path,
    sheet: &Sheet,
) -> Result<Option<Spec>, ImportError> {
    let Some(first) = sheet.first_row() else {
        return Ok(None);
    };
    let span = profile.header_rows.unwrap_or(1).clamp(1, 2) - 1;
    let header = match (profile.header_row, &profile.control_id) {
        (Some(row), _) => Some(row.saturating_sub(1)),
        (None, Column::Letter(_)) => Some(0),
        (None, Column::Title(t)) => {
            // The first rows holding every title the profile names, else the first holding
            // the control ID's (and the error names what is missing).
            let titled: Vec<String> = profile
                .columns()
                .iter()
                .filter_map(|(_, c)| match c {
                    Column::Title(t) => Some(title_key(t)),
                    Column::Letter(_) => None,
                })
                .collect();
            let holds = |r: u32, key: &String| {
                sheet
                    .columns()
                    .any(|c| titles_of(sheet, r, r + span, c).contains(key))
            };
            let rows = first..=first.saturating_add(HEADER_SCAN_ROWS);
            let id = title_key(t);
            rows.clone()
                .find(|&r| titled.iter().all(|k| holds(r, k)))
                .or_else(|| rows.clone().find(|&r| holds(r, &id)))
        }
    };
    let Some(header) = header else {
        return Ok(None);
    };
    let header_last = header.saturating_add(span);
    let mismatch = |detail: String| ImportError::ProfileMismatch {
        file: file.to_path_buf(),
        sheet: sheet.name.clone(),
        detail,
    };
    let rows_named = if span == 0 {
        format!("row {}", header + 1)
    } else {
        format!("rows {}-{}", header + 1, header_last + 1)
    };
    let find = |column: &Column| -> Result<u32, ImportError> {
        match column {
            Column::Letter(l) => crate::column_index(l)
                .ok_or_else(|| mismatch(format!("'{l}' is not a column letter"))),
            Column::Title(t) => {
                let key = title_key(t);
                sheet
                    .columns()
                    .find(|&c| titles_of(sheet, header, header_last, c).contains(&key))
                    .ok_or_else(|| mismatch(format!("no column titled '{t}' in {rows_named}")))
            }
        }
    };
    let id_col = match find(&profile.control_id) {
        Ok(c) => c,
        Err(_) if profile.sheet.is_none() => return Ok(None),
        Err(e) => return Err(e),
    };
    let owners = if profile.marks.is_empty() {
        Owners::Labels(
            profile
                .ownership
                .iter()
                .map(|c| Ok((find(c)?, None)))
                .collect::<Result<Vec<_>, ImportError>>()?,
        )
    } else {
        Owners::Marks(
            profile
                .marks
                .iter()
                .map(|m| Ok((find(&m.column)?, Some(m.owner))))
                .collect::<Result<Vec<_>, ImportError>>()?,
        )
    };
    let optional = |c: &Option<Column>| c.as_ref().map(find).transpose();
    let titles = sheet
        .columns()
        .map(|c| {
            let leaf = sheet.text(header_last, c);
            let title = if leaf.trim().is_empty() {
                let (mr, mc) = sheet.merge_origin(header, c).unwrap_or((header, c));
                sheet.text(mr, mc)
            } else {
                leaf
            };
            (c, title)
        })
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    Ok(Some(Spec {
        layout: Layout::Profile,
        header_first: header,
        header_last,
        id_col,
        owners,
        provider_text: optional(&profile.provider_narrative)?,
        customer_text: optional(&profile.customer_narrative)?,
        answer_col: None,
        answer_marks: Vec::new(),
        features: None,
        section_col: optional(&profile.section)?,
        first_row: profile.first_row.map(|r| r.saturating_sub(1)),
        last_row: profile.last_row.map(|r| r.saturating_sub(1)),
        baseline: None,
        titles,
    }))
}
