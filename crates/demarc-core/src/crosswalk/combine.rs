//! Several provider rows reaching one control: one owner, and why.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::SourceRow;
use crate::Ownership;

/// The owner several rows give a control together, and why in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Combined {
    pub owner: Ownership,
    pub reason: String,
}

/// The owner the rows reaching one control give it: any row whose label nobody mapped makes it
/// `undetermined`, naming that row; rows saying not applicable count only when all do; rows
/// that all say one owner give that owner; rows on both sides (customer and provider, or any
/// shared) give `shared`. `None` for no rows. Provider-side rows read as `provider`:
/// `inherited` still needs a current covering attestation, decided where the matrix is read.
pub fn combine(rows: &[&SourceRow]) -> Option<Combined> {
    let first = rows.first()?;
    if let Some(open) = rows
        .iter()
        .find(|r| r.source.owner == Ownership::Undetermined)
    {
        return Some(Combined {
            owner: Ownership::Undetermined,
            reason: format!(
                "{} says {:?}, which is not mapped to an owner: undetermined until it is",
                where_from(open),
                open.label.trim()
            ),
        });
    }
    let owner = |r: &SourceRow| match r.source.owner {
        Ownership::Inherited => Ownership::Provider,
        other => other,
    };
    let applicable: Vec<&SourceRow> = rows
        .iter()
        .filter(|r| r.source.owner != Ownership::NotApplicable)
        .copied()
        .collect();
    let set_aside = rows.len() - applicable.len();
    if applicable.is_empty() {
        return Some(Combined {
            owner: Ownership::NotApplicable,
            reason: if rows.len() == 1 {
                format!("{} says not applicable", where_from(first))
            } else {
                format!("all {} rows reaching it say not applicable", rows.len())
            },
        });
    }
    let mut owners: Vec<Ownership> = applicable.iter().map(|r| owner(r)).collect();
    owners.sort();
    owners.dedup();
    let aside = match set_aside {
        0 => String::new(),
        1 => "; 1 row saying not applicable set aside".to_string(),
        n => format!("; {n} rows saying not applicable set aside"),
    };
    let combined = if owners.len() == 1 {
        let only = owners[0];
        let reason = if applicable.len() == 1 {
            format!("{} says {only}", where_from(applicable[0]))
        } else {
            format!("all {} rows reaching it say {only}", applicable.len())
        };
        Combined {
            owner: only,
            reason: reason + &aside,
        }
    } else {
        let counts: Vec<String> = owners
            .iter()
            .map(|o| {
                let n = applicable.iter().filter(|r| owner(r) == *o).count();
                format!("{n} {o}")
            })
            .collect();
        Combined {
            owner: Ownership::Shared,
            reason: format!(
                "rows reaching it differ ({}), so shared{aside}",
                counts.join(", ")
            ),
        }
    };
    Some(combined)
}

/// `Acme IAM-09.1 (CAIQv4.0.3, row 12)`.
fn where_from(row: &SourceRow) -> String {
    let s = &row.source;
    format!(
        "{} {} ({}, row {})",
        s.provider, s.control_id, s.sheet, s.row
    )
}
