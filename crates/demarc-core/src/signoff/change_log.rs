//! The change log of a version: the decisions made between it and the version before,
//! counted by kind.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Decision;

/// How many decisions of one kind a version made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeCount {
    pub kind: String,
    pub count: u32,
}

/// What was decided between version `since` and version `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeLog {
    pub version: String,
    /// The version before, if there was one.
    pub since: Option<String>,
    /// By kind, most first (ties in the order of their first entry).
    pub counts: Vec<ChangeCount>,
    /// The decisions, oldest first; records (reviews, versions, approvals, the team, who has
    /// a plan item) left out.
    pub entries: Vec<Decision>,
}

impl ChangeLog {
    /// One line: `12 decisions since version 0.1: control rows 8, layer owners 4`.
    pub fn summary(&self) -> String {
        let since = self
            .since
            .as_ref()
            .map(|v| format!(" since version {v}"))
            .unwrap_or_default();
        let n = self.entries.len();
        if n == 0 {
            return format!("No decision{since}");
        }
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|c| format!("{} {}", c.kind, c.count))
            .collect();
        let noun = if n == 1 { "decision" } else { "decisions" };
        format!("{n} {noun}{since}: {}", counts.join(", "))
    }
}

/// The change log of `version`: the entries of `log` with an id in `after + 1 ..= until` (to
/// the end when `until` is `None`), sign-off records left out.
pub fn change_log(
    log: &[Decision],
    version: &str,
    since: Option<&str>,
    after: i64,
    until: Option<i64>,
) -> ChangeLog {
    let entries: Vec<Decision> = log
        .iter()
        .filter(|d| d.id > after && until.is_none_or(|u| d.id <= u) && !d.about.is_record())
        .cloned()
        .collect();
    let mut counts: Vec<ChangeCount> = Vec::new();
    for d in &entries {
        let kind = d.about.kind_words();
        match counts.iter_mut().find(|c| c.kind == kind) {
            Some(c) => c.count += 1,
            None => counts.push(ChangeCount {
                kind: kind.to_string(),
                count: 1,
            }),
        }
    }
    // A stable sort keeps the order of first appearance among equal counts.
    counts.sort_by_key(|c| std::cmp::Reverse(c.count));
    ChangeLog {
        version: version.to_string(),
        since: since.map(str::to_string),
        counts,
        entries,
    }
}
