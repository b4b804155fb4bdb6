//! The changes between two versions of a provider's matrix.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::ProviderEntry;
use crate::{fold, Ownership};

/// One change between the two latest versions of a provider's matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The control ID as the provider wrote it (in the newer version, or the older if removed).
    pub control: String,
    /// The service model a per-model ownership applies to (CSA CCM), if any.
    pub scope: Option<String>,
    pub sheet: String,
    /// 1-based row in the newer version, or in the older if removed.
    pub row: u32,
    #[serde(flatten)]
    pub what: ChangeKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    Added {
        label: String,
        owner: Ownership,
    },
    Removed {
        label: String,
        owner: Ownership,
    },
    Ownership {
        old_label: String,
        old_owner: Ownership,
        new_label: String,
        new_owner: Ownership,
    },
    ProviderNarrative {
        old: Option<String>,
        new: Option<String>,
    },
    CustomerNarrative {
        old: Option<String>,
        new: Option<String>,
    },
}

/// Pairs a row with its counterpart in another version.
type RowKey<'a> = (&'a str, &'a str, Option<&'a str>);

fn key(r: &ProviderEntry) -> RowKey<'_> {
    (&r.layout, &r.normalized, r.scope.as_deref())
}

/// The first row of each key.
fn index(rows: &[ProviderEntry]) -> HashMap<RowKey<'_>, &ProviderEntry> {
    let mut map = HashMap::new();
    for r in rows {
        map.entry(key(r)).or_insert(r);
    }
    map
}

/// What changed from `old` to `new`, two versions of one provider's matrix in file order: per
/// control, ownership (label or normalized value), either narrative, added and removed rows.
/// Rows are paired by table layout, normalized control ID and scope, so a renamed sheet or a
/// Rev 4 spelling (`AC-02 (03)`) does not read as a change.
pub fn diff_versions(old: &[ProviderEntry], new: &[ProviderEntry]) -> Vec<Change> {
    let (old_by_key, new_by_key) = (index(old), index(new));
    let change = |r: &ProviderEntry, what: ChangeKind| Change {
        control: r.control_id.clone(),
        scope: r.scope.clone(),
        sheet: r.sheet.clone(),
        row: r.row,
        what,
    };
    let same_text = |a: &Option<String>, b: &Option<String>| {
        let words = |t: &Option<String>| {
            t.as_deref()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        words(a) == words(b)
    };

    let mut changes = Vec::new();
    let mut seen = HashSet::new();
    for n in new {
        if !seen.insert(key(n)) {
            continue;
        }
        let Some(o) = old_by_key.get(&key(n)) else {
            changes.push(change(
                n,
                ChangeKind::Added {
                    label: n.label.clone(),
                    owner: n.owner,
                },
            ));
            continue;
        };
        if o.owner != n.owner || fold(&o.label) != fold(&n.label) {
            changes.push(change(
                n,
                ChangeKind::Ownership {
                    old_label: o.label.clone(),
                    old_owner: o.owner,
                    new_label: n.label.clone(),
                    new_owner: n.owner,
                },
            ));
        }
        if !same_text(&o.provider_narrative, &n.provider_narrative) {
            changes.push(change(
                n,
                ChangeKind::ProviderNarrative {
                    old: o.provider_narrative.clone(),
                    new: n.provider_narrative.clone(),
                },
            ));
        }
        if !same_text(&o.customer_narrative, &n.customer_narrative) {
            changes.push(change(
                n,
                ChangeKind::CustomerNarrative {
                    old: o.customer_narrative.clone(),
                    new: n.customer_narrative.clone(),
                },
            ));
        }
    }
    let mut gone = HashSet::new();
    for o in old {
        if !new_by_key.contains_key(&key(o)) && gone.insert(key(o)) {
            changes.push(change(
                o,
                ChangeKind::Removed {
                    label: o.label.clone(),
                    owner: o.owner,
                },
            ));
        }
    }
    changes
}
