//! How far the provider rows reach the controls of each framework in scope: directly, through
//! a crosswalk, by suggestion only, or not at all.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Framework, MatrixRow, Scope};

/// The controls of one framework by how provider rows reach them. Each control counts once,
/// under the strongest way any of its rows is reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FrameworkCoverage {
    pub framework: Framework,
    /// Controls with a row in the matrix.
    pub controls: usize,
    /// A provider row in the framework's own IDs speaks for some row of the control.
    pub direct: usize,
    /// No direct row, but rows in other IDs decide some row of it through a crosswalk.
    pub crosswalk: usize,
    /// Reached only by suggestions a person may accept.
    pub suggestion: usize,
    /// System-level controls no provider row reaches.
    pub none: usize,
    /// Entity-level controls: the client's own, never decided by a provider's answer.
    pub entity: usize,
}

/// How a control is reached, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Way {
    Direct,
    Crosswalk,
    Suggestion,
    None,
    Entity,
}

fn way(row: &MatrixRow) -> Way {
    if row.scope == Scope::Entity {
        return Way::Entity;
    }
    let reach = row.crosswalk.as_ref();
    if row.provider_source.is_some() {
        Way::Direct
    } else if reach.is_some_and(|r| r.decided.is_some()) {
        Way::Crosswalk
    } else if reach.is_some_and(|r| r.suggested.is_some()) {
        Way::Suggestion
    } else {
        Way::None
    }
}

/// Per framework of `frameworks`, in that order, its controls by how they are reached.
pub fn coverage(rows: &[MatrixRow], frameworks: &[Framework]) -> Vec<FrameworkCoverage> {
    frameworks
        .iter()
        .map(|&framework| {
            let mut best: std::collections::HashMap<&str, Way> = Default::default();
            for row in rows.iter().filter(|r| r.framework == framework) {
                let w = way(row);
                best.entry(&row.control_id)
                    .and_modify(|b| *b = (*b).min(w))
                    .or_insert(w);
            }
            let count = |w: Way| best.values().filter(|b| **b == w).count();
            FrameworkCoverage {
                framework,
                controls: best.len(),
                direct: count(Way::Direct),
                crosswalk: count(Way::Crosswalk),
                suggestion: count(Way::Suggestion),
                none: count(Way::None),
                entity: count(Way::Entity),
            }
        })
        .collect()
}
