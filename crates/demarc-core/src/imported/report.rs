//! The summary `inspect` prints: per table, what was found and how the labels count.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DocumentInfo, Layout, Matrix, Table};
use crate::Ownership;

/// Key under which rows with nothing written count in `original_counts`.
pub const BLANK_LABEL: &str = "(blank)";

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InspectReport {
    pub file: String,
    pub sha256: String,
    pub layout: String,
    pub document: DocumentInfo,
    pub warnings: Vec<String>,
    pub tables: Vec<TableReport>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TableReport {
    pub sheet: String,
    pub layout: Layout,
    pub title: Option<String>,
    /// First header row, 1-based.
    pub header_row: u32,
    /// `3`, or `2-3` for a two-level header.
    pub header_rows: String,
    /// Number of data rows (controls) read.
    pub rows: usize,
    pub id_column: String,
    pub ownership_columns: Vec<String>,
    pub provider_narrative_column: Option<String>,
    pub customer_narrative_column: Option<String>,
    /// Each ownership label exactly as written, and how often.
    pub original_counts: BTreeMap<String, usize>,
    /// Each normalized value, and how often.
    pub normalized_counts: BTreeMap<Ownership, usize>,
    /// Labels nobody mapped: they read as `undetermined` until the user maps them.
    pub unknown_labels: Vec<String>,
    /// Each implementation answer as written, and how often.
    #[serde(default)]
    pub implementation_counts: BTreeMap<String, usize>,
    pub warnings: Vec<String>,
}

impl From<&Matrix> for InspectReport {
    fn from(m: &Matrix) -> Self {
        InspectReport {
            file: m.file.clone(),
            sha256: m.sha256.clone(),
            layout: m.layout.clone(),
            document: m.document.clone(),
            warnings: m.warnings.clone(),
            tables: m.tables.iter().map(TableReport::from).collect(),
        }
    }
}

impl From<&Table> for TableReport {
    fn from(t: &Table) -> Self {
        let mut original_counts = BTreeMap::new();
        let mut normalized_counts = BTreeMap::new();
        let mut unknown_labels: Vec<String> = Vec::new();
        for value in t.rows.iter().flat_map(|r| &r.ownership) {
            let label = if value.original.trim().is_empty() {
                BLANK_LABEL.to_string()
            } else {
                value.original.clone()
            };
            if !value.known && !unknown_labels.contains(&label) {
                unknown_labels.push(label.clone());
            }
            *original_counts.entry(label).or_insert(0) += 1;
            *normalized_counts.entry(value.normalized).or_insert(0) += 1;
        }
        let mut implementation_counts = BTreeMap::new();
        for answer in t.rows.iter().filter_map(|r| r.implementation.as_ref()) {
            *implementation_counts.entry(answer.clone()).or_insert(0) += 1;
        }
        let (first, last) = t.header_rows;
        TableReport {
            sheet: t.sheet.clone(),
            layout: t.layout,
            title: t.title.clone(),
            header_row: first,
            header_rows: if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            },
            rows: t.rows.len(),
            id_column: t.id_column.letter.clone(),
            ownership_columns: t
                .ownership_columns
                .iter()
                .map(|c| c.letter.clone())
                .collect(),
            provider_narrative_column: t
                .provider_narrative_column
                .as_ref()
                .map(|c| c.letter.clone()),
            customer_narrative_column: t
                .customer_narrative_column
                .as_ref()
                .map(|c| c.letter.clone()),
            original_counts,
            normalized_counts,
            unknown_labels,
            implementation_counts,
            warnings: t.warnings.clone(),
        }
    }
}
