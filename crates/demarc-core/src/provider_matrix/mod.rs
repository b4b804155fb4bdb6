//! The rules over imported provider matrices, free of storage: which imported row speaks for a
//! control of a service (`lookup`), and what changed between two versions (`diff`).

mod crosswalked;
mod diff;
mod lookup;

use crate::Ownership;

pub use crosswalked::CrosswalkRows;
pub use diff::{diff_versions, Change, ChangeKind};
pub(crate) use lookup::control_of_part;
pub use lookup::{ProviderIndex, ProviderMatch};

/// One ownership value of an imported matrix row, with where it came from: a row of a CCM-style
/// table gives one entry per service model it scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEntry {
    /// The id of the table's `Layout` (`fedramp_cis`).
    pub layout: String,
    pub sheet: String,
    pub row: u32,
    pub control_id: String,
    /// The control ID through `normalize_control_id`.
    pub normalized: String,
    pub scope: Option<String>,
    pub label: String,
    pub owner: Ownership,
    pub columns: Vec<String>,
    pub provider_narrative: Option<String>,
    pub customer_narrative: Option<String>,
    /// The provider outsources the row to a third party, or shares it with one.
    pub third_party: Option<crate::ThirdParty>,
}
