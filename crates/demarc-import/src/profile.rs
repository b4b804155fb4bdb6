//! The column-mapping profile for layouts Demarc does not recognise.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use demarc_core::Ownership;
use serde::{Deserialize, Serialize};

use crate::error::ImportError;
use crate::layout::{title_key, Owners, Spec, HEADER_SCAN_ROWS};
use crate::sheet::Sheet;
use crate::{fold, Layout};

/// The column-mapping profile: for a matrix whose layout Demarc does not recognise, the user (or
/// the desktop wizard) names the columns once, as JSON:
///
/// ```json
/// {
///   "sheet": "Responsibilities",
///   "header_row": 4,
///   "control_id": { "title": "Ref" },
///   "ownership": [{ "title": "Who" }],
///   "provider_narrative": { "letter": "E" },
///   "customer_narrative": { "title": "Customer action" },
///   "values": { "Vendor": "provider", "Client": "customer", "Both": "shared" }
/// }
/// ```
///
/// Columns are named by header title (matched like every title: case, spacing and look-alike
/// letters ignored) or by letter. `sheet` and `header_row` (1-based) are optional: without them
/// every sheet is searched and the header is the first row holding the control ID title (row 1
/// when columns are given by letter). `values` maps labels to the six ownership ids and is
/// consulted before the built-in crosswalk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingProfile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    pub control_id: Column,
    pub ownership: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_narrative: Option<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_narrative: Option<Column>,
    #[serde(default)]
    pub values: BTreeMap<String, Ownership>,
}

/// A column named by its header title or by its letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Column {
    Title(String),
    Letter(String),
}

impl MappingProfile {
    pub fn from_json(text: &str) -> Result<MappingProfile, ImportError> {
        let profile: MappingProfile =
            serde_json::from_str(text).map_err(|e| ImportError::Profile {
                profile: "(text)".into(),
                detail: e.to_string(),
            })?;
        if profile.ownership.is_empty() {
            return Err(ImportError::Profile {
                profile: "(text)".into(),
                detail: "`ownership` names no column".into(),
            });
        }
        Ok(profile)
    }

    pub fn load(path: &Path) -> Result<MappingProfile, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|e| ImportError::Profile {
            profile: path.display().to_string(),
            detail: e.to_string(),
        })?;
        MappingProfile::from_json(&text).map_err(|e| match e {
            ImportError::Profile { detail, .. } => ImportError::Profile {
                profile: path.display().to_string(),
                detail,
            },
            other => other,
        })
    }

    /// The value map with folded keys, as the classifier wants it.
    pub(crate) fn folded_values(&self) -> HashMap<String, Ownership> {
        self.values.iter().map(|(k, v)| (fold(k), *v)).collect()
    }

    /// Applies the profile to a sheet. `Ok(None)` when the sheet does not hold the control ID
    /// title; an error when it does but another named column is missing.
    pub(crate) fn spec(&self, file: &Path, sheet: &Sheet) -> Result<Option<Spec>, ImportError> {
        let Some(first) = sheet.first_row() else {
            return Ok(None);
        };
        let header = match (self.header_row, &self.control_id) {
            (Some(row), _) => Some(row.saturating_sub(1)),
            (None, Column::Letter(_)) => Some(0),
            (None, Column::Title(t)) => {
                let key = title_key(t);
                (first..=first.saturating_add(HEADER_SCAN_ROWS))
                    .find(|&r| sheet.columns().any(|c| title_key(&sheet.text(r, c)) == key))
            }
        };
        let Some(header) = header else {
            return Ok(None);
        };
        let mismatch = |detail: String| ImportError::ProfileMismatch {
            file: file.to_path_buf(),
            sheet: sheet.name.clone(),
            detail,
        };
        let find = |column: &Column| -> Result<u32, ImportError> {
            match column {
                Column::Letter(l) => crate::column_index(l)
                    .ok_or_else(|| mismatch(format!("'{l}' is not a column letter"))),
                Column::Title(t) => {
                    let key = title_key(t);
                    sheet
                        .columns()
                        .find(|&c| title_key(&sheet.text(header, c)) == key)
                        .ok_or_else(|| {
                            mismatch(format!("no column titled '{t}' in row {}", header + 1))
                        })
                }
            }
        };
        let id_col = match find(&self.control_id) {
            Ok(c) => c,
            Err(_) if self.sheet.is_none() => return Ok(None),
            Err(e) => return Err(e),
        };
        let owners = self
            .ownership
            .iter()
            .map(|c| Ok((find(c)?, None)))
            .collect::<Result<Vec<_>, ImportError>>()?;
        let optional = |c: &Option<Column>| c.as_ref().map(find).transpose();
        let titles = sheet
            .columns()
            .map(|c| (c, sheet.text(header, c)))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        Ok(Some(Spec {
            layout: Layout::Profile,
            header_first: header,
            header_last: header,
            id_col,
            owners: Owners::Labels(owners),
            provider_text: optional(&self.provider_narrative)?,
            customer_text: optional(&self.customer_narrative)?,
            answer_col: None,
            answer_marks: Vec::new(),
            features: None,
            section_col: None,
            last_row: None,
            baseline: None,
            titles,
        }))
    }
}
