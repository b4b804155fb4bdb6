//! A provider matrix as the importer reads it and the engagement file stores it: every table
//! and row with its provenance (sheet, row, column letters), each ownership label as written and
//! as Demarc reads it. `demarc-import` produces these records from a file; the store consumes
//! them, so neither depends on the other.

mod layout;
mod profile;
mod provider_names;
mod report;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{fold, Ownership};

pub use layout::Layout;
pub use profile::{Column, MappingProfile, MarkColumn};
pub use provider_names::{names_provider, provider_names};
pub use report::{InspectReport, TableReport, BLANK_LABEL};

/// Everything read from one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Matrix {
    pub file: String,
    pub sha256: String,
    /// The layouts of the tables found, joined by `+` (`fedramp_cis+fedramp_crm`).
    pub layout: String,
    pub document: DocumentInfo,
    /// Warnings about the file as a whole (hidden sheets, sheets without a matrix).
    pub warnings: Vec<String>,
    pub tables: Vec<Table>,
}

/// The provider document's own title, version and date, where the workbook carries them
/// (document properties, or the last line of a revision history sheet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentInfo {
    pub title: Option<String>,
    pub version: Option<String>,
    pub date: Option<String>,
}

/// A column as Excel shows it, with its header title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnRef {
    pub letter: String,
    pub title: String,
}

/// One matrix found in one sheet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table {
    pub sheet: String,
    pub layout: Layout,
    /// The title row above the header, if any.
    pub title: Option<String>,
    /// First and last header row, 1-based; equal unless the header has two levels.
    pub header_rows: (u32, u32),
    pub id_column: ColumnRef,
    pub ownership_columns: Vec<ColumnRef>,
    pub provider_narrative_column: Option<ColumnRef>,
    pub customer_narrative_column: Option<ColumnRef>,
    /// Columns of implementation answers (CAIQ's answer, CAIQ v3's Yes / No / Not Applicable).
    #[serde(default)]
    pub implementation_columns: Vec<ColumnRef>,
    /// A column of section titles named by a mapping profile.
    #[serde(default)]
    pub section_column: Option<ColumnRef>,
    pub rows: Vec<Row>,
    pub warnings: Vec<String>,
}

/// One control (or question, or feature) of a matrix.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// 1-based, as Excel shows it.
    pub row: u32,
    pub control_id: String,
    pub control_id_normalized: String,
    /// One value per row, except CCM's one per service model.
    pub ownership: Vec<OwnershipValue>,
    pub provider_narrative: Option<String>,
    pub customer_narrative: Option<String>,
    /// The section (CCM domain and the like) the row sits under, if the sheet has section rows.
    pub section: Option<String>,
    /// The provider's answer on implementation, as written (`Yes`, `Not Applicable`,
    /// `implemented`): kept beside the ownership, never read as it.
    #[serde(default)]
    pub implementation: Option<String>,
    /// What the importer read about the row beyond its ownership (a feature the customer must
    /// configure).
    #[serde(default)]
    pub note: Option<String>,
    /// Where in a structured file the row was read (a JSON path), where rows are not numbered.
    #[serde(default)]
    pub location: Option<String>,
}

/// An ownership as the provider wrote it and as Demarc reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnershipValue {
    /// What the value applies to, for matrices with one column per service model (`IaaS`).
    pub scope: Option<String>,
    /// The label exactly as written; for marked columns, the titles of the marked columns
    /// joined by `; `. Empty when nothing was written.
    pub original: String,
    pub normalized: Ownership,
    /// False when the label is not in the crosswalk (nor the profile's value map).
    pub known: bool,
    /// The letters of the column(s) the value was read from.
    pub columns: Vec<String>,
    /// A provider-side label that names a third party (CAIQ's `3rd-party outsourced`).
    #[serde(default)]
    pub third_party: Option<crate::ThirdParty>,
}

impl Matrix {
    /// Resolves labels nobody mapped with the engagement's remembered `mappings` (keyed by
    /// folded label), and reads every provider-side value as `provider`: `inherited` needs a
    /// current attestation, which is decided when the control matrix is read. Returns the
    /// labels the mappings resolved.
    pub fn apply_label_mappings(
        &mut self,
        mappings: &HashMap<String, Ownership>,
    ) -> BTreeMap<String, Ownership> {
        let mut mapped = BTreeMap::new();
        let values = self
            .tables
            .iter_mut()
            .flat_map(|t| t.rows.iter_mut())
            .flat_map(|r| r.ownership.iter_mut());
        for value in values {
            if !value.known {
                if let Some(&owner) = mappings.get(&fold(&value.original)) {
                    value.normalized = owner;
                    value.known = true;
                    mapped.insert(value.original.clone(), owner);
                }
            }
            if value.normalized == Ownership::Inherited {
                value.normalized = Ownership::Provider;
            }
        }
        mapped
    }

    /// Reads every label nobody mapped that is the provider's own name, or a known alias of
    /// it, as `provider`. Returns those labels, each once as first written.
    pub fn apply_provider_name(&mut self, provider: &str) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        let values = self
            .tables
            .iter_mut()
            .flat_map(|t| t.rows.iter_mut())
            .flat_map(|r| r.ownership.iter_mut());
        for value in values {
            if !value.known && names_provider(&value.original, provider) {
                value.normalized = Ownership::Provider;
                value.known = true;
                if !labels.iter().any(|l| fold(l) == fold(&value.original)) {
                    labels.push(value.original.clone());
                }
            }
        }
        labels
    }
}
