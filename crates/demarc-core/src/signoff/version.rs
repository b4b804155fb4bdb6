//! The document version and its approval.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Invalid;

/// One version of the engagement's documents. Its changes are the decisions logged after entry
/// `after`, up to the next version (or, once it is approved, up to what the approval covers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentVersion {
    pub version: String,
    #[ts(type = "number")]
    pub after: i64,
    /// When it was started, as an RFC 3339 UTC timestamp.
    pub at: String,
    pub by: String,
    pub note: Option<String>,
}

/// An approval of one version: who, in what role, on which day, and the last log entry it
/// covers. A decision logged after that entry makes it stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Approval {
    #[ts(type = "number")]
    pub id: i64,
    pub version: String,
    pub approver: String,
    pub role: String,
    pub on: NaiveDate,
    #[ts(type = "number")]
    pub through: i64,
}

impl Approval {
    /// `Version 0.3 approved by Priya Raman (Compliance lead) on 2027-01-10`.
    pub fn statement(&self) -> String {
        format!(
            "Version {} approved by {} ({}) on {}",
            self.version, self.approver, self.role, self.on
        )
    }
}

/// The version after `version`: its last number counted on (`0.1` to `0.2`, `0.9` to `0.10`,
/// `v2` to `v3`); `None` when it holds no number to count on.
pub fn next_version(version: &str) -> Option<String> {
    let end = version.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = version[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let number: u64 = version[start..end].parse().ok()?;
    Some(format!(
        "{}{}{}",
        &version[..start],
        number.checked_add(1)?,
        &version[end..]
    ))
}

/// Checks what an approver gives: a name, a role, and a day neither after `today` nor before
/// the last decision it approves (`last_decided`).
pub fn check_approval(
    approver: &str,
    role: &str,
    on: NaiveDate,
    today: NaiveDate,
    last_decided: Option<NaiveDate>,
) -> Result<(), Invalid> {
    if approver.trim().is_empty() {
        return Err(Invalid::new("approver", "name the approver"));
    }
    if role.trim().is_empty() {
        return Err(Invalid::new(
            "role",
            "give the approver's role (for example Compliance lead)",
        ));
    }
    if on > today {
        return Err(Invalid::new(
            "on",
            format!("the approval date {on} is after today ({today})"),
        ));
    }
    if let Some(last) = last_decided.filter(|&last| on < last) {
        return Err(Invalid::new(
            "on",
            format!("the approval date {on} is before the last decision it approves ({last})"),
        ));
    }
    Ok(())
}
