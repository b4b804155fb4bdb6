//! The change log as the exports show it: the versions, and what was decided in the version
//! an export states, from the decision log the export carries.

use std::collections::HashMap;

use demarc_core::{version_changes, ChangeLog, Decision, SignOffInput};

use crate::ExportData;

/// The change log of `version`, from the export's decision log (so a restricted export counts
/// only the entries it keeps).
pub(crate) fn changes_of(data: &ExportData, version: &str) -> Option<ChangeLog> {
    let input = SignOffInput {
        log: &data.decisions,
        versions: &data.sign_off.versions,
        approvals: &data.sign_off.approvals,
        undetermined: data.sign_off.undetermined,
    };
    version_changes(&input, version)
}

/// The change log of the version the export states.
pub(crate) fn current_changes(data: &ExportData) -> ChangeLog {
    changes_of(data, &data.sign_off.version).unwrap_or_else(|| data.sign_off.changes.clone())
}

/// One version as the change log lists it.
pub(crate) struct VersionRow {
    pub version: String,
    /// The day it was started (from its RFC 3339 time), and by whom.
    pub started: String,
    pub note: String,
    pub approvals: String,
    pub changes: String,
}

/// Every version, oldest first, then the one an export states when it is not recorded yet
/// (the next version after a change to an approved one).
pub(crate) fn versions(data: &ExportData) -> Vec<VersionRow> {
    let s = &data.sign_off;
    let mut names: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
    if !names.contains(&s.version.as_str()) {
        names.push(&s.version);
    }
    names
        .into_iter()
        .map(|name| {
            let recorded = s.versions.iter().find(|v| v.version == name);
            let approvals: Vec<String> = s
                .approvals
                .iter()
                .filter(|a| a.version == name)
                .map(|a| format!("{} ({}) on {}", a.approver, a.role, a.on))
                .collect();
            VersionRow {
                version: name.to_string(),
                started: recorded.map_or_else(
                    || "not started yet: changes after the approval".to_string(),
                    |v| format!("{} by {}", v.at.get(..10).unwrap_or(&v.at), v.by),
                ),
                note: recorded.and_then(|v| v.note.clone()).unwrap_or_default(),
                approvals: approvals.join("\n"),
                changes: changes_of(data, name)
                    .map(|c| c.summary())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The version each decision of the export's log belongs to, by entry id (sign-off records
/// belong to none).
pub(crate) fn version_of_entries(data: &ExportData) -> HashMap<i64, String> {
    let mut out = HashMap::new();
    for v in versions(data) {
        for d in changes_of(data, &v.version)
            .map(|c| c.entries)
            .unwrap_or_default()
        {
            out.insert(d.id, v.version.clone());
        }
    }
    out
}

/// What an entry changed: `old -> new`.
pub(crate) fn change_text(d: &Decision) -> String {
    match (&d.old_value, &d.new_value) {
        (Some(old), Some(new)) => format!("{old} -> {new}"),
        (None, Some(new)) => new.clone(),
        (Some(old), None) => format!("{old} removed"),
        (None, None) => String::new(),
    }
}
