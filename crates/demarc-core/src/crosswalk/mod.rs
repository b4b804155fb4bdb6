//! Crosswalks between control frameworks, and the rules by which a provider's answer for a
//! control in one framework's IDs reaches the controls of another.
//!
//! A [`Crosswalk`] maps the controls of one [`IdSpace`] to those of another, each [`Pair`] with
//! its [`Relation`] and the cell it was read from; the crosswalk says where it came from
//! (file, sha256, licence, whose mapping). [`CrosswalkIndex`] follows provider rows through
//! them ([`CrosswalkIndex::reach`]): strong relationships decide a target control's owner,
//! weak ones only suggest, several rows combine ([`combine`]), chains go through one pivot at
//! most, and every result carries its [`Trail`].

mod combine;
mod coverage;
mod ids;
mod imported;
mod propagate;
mod relation;
mod space;
mod trail;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use combine::{combine, Combined};
pub use coverage::{coverage, FrameworkCoverage};
pub use ids::split_ids;
pub use imported::{CrosswalkFile, CrosswalkLayout, Side, UnknownId, UnknownIds};
pub use propagate::{CrosswalkIndex, Problem, Reach, Reached, SourceRow, MAX_PIVOTS};
pub use relation::{GradeMeaning, Relation, Strength};
pub use space::{IdSpace, KNOWN_SPACES};
pub use trail::{Step, Trail};

/// What a crosswalk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CrosswalkKind {
    /// Between two frameworks.
    Mapping,
    /// From one version of a framework to its successor (SP 800-53 Rev 4 to Rev 5): it does not
    /// count as a pivot in a chain.
    Revision,
}

impl CrosswalkKind {
    pub fn id(self) -> &'static str {
        match self {
            CrosswalkKind::Mapping => "mapping",
            CrosswalkKind::Revision => "revision",
        }
    }

    pub fn from_id(id: &str) -> Option<CrosswalkKind> {
        [CrosswalkKind::Mapping, CrosswalkKind::Revision]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// Where a crosswalk came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Origin {
    /// The file it was read from, as named when read.
    pub file: String,
    /// SHA-256 of that file, lower-case hex.
    pub sha256: String,
    /// Whose mapping it is (`NIST`, `Microsoft`, `CSA, as submitted to NIST`).
    pub publisher: String,
    /// The source document's version or date, where known.
    pub version: Option<String>,
    /// The terms it is used under.
    pub licence: String,
    /// Other files read with it (checked against it, or annotating its pairs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<SourceFile>>")]
    pub also: Vec<SourceFile>,
}

/// A file a crosswalk was read from, by name and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SourceFile {
    pub file: String,
    pub sha256: String,
}

/// A source control the crosswalk names with no target, and why (`Technology-specific;
/// addressed as any other technology or protocol`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Unmapped {
    pub source: String,
    pub reason: String,
    pub at: PairSource,
}

/// The cell a pair was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PairSource {
    /// The sheet, or for a JSON file the array the pair sits in.
    pub sheet: String,
    /// 1-based, as Excel shows it (or the position in the JSON array).
    pub row: u32,
    /// The letter(s) of the column the target ID was read from, when the layout has several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub column: Option<String>,
}

/// One source control mapped to one target control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Pair {
    /// The source control as written (`AC-02 (01)`).
    pub source: String,
    /// The target control as written (`27001: A.5.14`).
    pub target: String,
    pub relation: Relation,
    pub at: PairSource,
    /// What the source says of the pair beyond its relationship (`Incorporated into AC-2k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// A crosswalk from the controls of one ID space to those of another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Crosswalk {
    /// A name a person recognises (`CCM v4 to SOC 2 (CCM mapping sheet)`).
    pub name: String,
    #[ts(type = "string")]
    pub source: IdSpace,
    #[ts(type = "string")]
    pub target: IdSpace,
    pub kind: CrosswalkKind,
    pub origin: Origin,
    pub pairs: Vec<Pair>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Unmapped>>")]
    pub unmapped: Vec<Unmapped>,
}

impl Crosswalk {
    /// Pairs per relationship kind (`subset_of`: 12), in kind order.
    pub fn relation_counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for pair in &self.pairs {
            let kind = match &pair.relation {
                Relation::Graded { grade, .. } => crate::latin_look_alikes(grade),
                other => other.kind_id().to_string(),
            };
            match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((kind, 1)),
            }
        }
        counts.sort();
        counts
    }
}
