//! Crosswalks as an importer reads them from a user's file, with the IDs it could not place:
//! `demarc-import` produces these records, the store consumes them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Crosswalk, PairSource};

/// The layouts a crosswalk file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CrosswalkLayout {
    /// CSA CCM v4's `Scope Applicability (Mappings)` sheet: per framework a `Control Mapping` /
    /// `Gap Level` / `Addendum` triple under a group header naming it.
    CcmMappings,
    /// NIST OLIR: `Focal Document Element`, `Relationship`, `Reference Document Element`.
    Olir,
    /// The Secure Controls Framework: an `SCF #` column and one column per framework.
    ScfColumns,
    /// An OSCAL `mapping-collection` (JSON).
    OscalMappingCollection,
    /// Any sheet or CSV of source ID, target ID and, optionally, a relationship.
    TwoColumns,
}

impl CrosswalkLayout {
    pub fn id(self) -> &'static str {
        match self {
            CrosswalkLayout::CcmMappings => "ccm_mappings",
            CrosswalkLayout::Olir => "olir",
            CrosswalkLayout::ScfColumns => "scf_columns",
            CrosswalkLayout::OscalMappingCollection => "oscal_mapping_collection",
            CrosswalkLayout::TwoColumns => "two_columns",
        }
    }
}

/// Which side of a pair an ID was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Side {
    Source,
    Target,
}

/// One ID that is not an ID of its framework, where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnknownId {
    /// As written.
    pub id: String,
    pub at: PairSource,
}

/// The IDs of one side of one crosswalk that were left out, counted, with the first few.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnknownIds {
    /// The crosswalk's name.
    pub crosswalk: String,
    pub side: Side,
    /// The framework the IDs should belong to.
    pub framework: String,
    /// Every ID left out, counting repeats.
    pub count: usize,
    /// The first ones, in file order.
    pub first: Vec<UnknownId>,
}

impl UnknownIds {
    /// How many of the unknown IDs `first` keeps.
    pub const KEPT: usize = 10;

    /// The line a report shows: `CCM v4 to SOC 2: 3 target IDs not of SOC 2 (AICPA TSC 2017),
    /// first "CC9.9" (Mappings row 12, column F), ...`.
    pub fn text(&self) -> String {
        let side = match self.side {
            Side::Source => "source",
            Side::Target => "target",
        };
        let first: Vec<String> = self
            .first
            .iter()
            .map(|u| {
                let column =
                    u.at.column
                        .as_ref()
                        .map(|c| format!(", column {c}"))
                        .unwrap_or_default();
                format!("{:?} ({} row {}{column})", u.id, u.at.sheet, u.at.row)
            })
            .collect();
        format!(
            "{}: {} {side} ID{} not of {} left out: {}{}",
            self.crosswalk,
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.framework,
            first.join(", "),
            if self.count > self.first.len() {
                ", ..."
            } else {
                ""
            }
        )
    }
}

/// Everything read from one crosswalk file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CrosswalkFile {
    /// The file's name as read.
    pub file: String,
    pub sha256: String,
    pub layout: CrosswalkLayout,
    /// One per pair of frameworks the file maps (a CCM mapping sheet gives one per target).
    pub crosswalks: Vec<Crosswalk>,
    /// IDs left out because they are not IDs of their framework.
    pub unknown: Vec<UnknownIds>,
    pub warnings: Vec<String>,
}
