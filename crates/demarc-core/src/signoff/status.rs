//! Where the engagement's documents stand: the version an export states, whether it is a draft
//! or approved, and why it is still a draft.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{change_log, next_version, Approval, ChangeLog, DocumentVersion};
use crate::{Decision, Invalid, ReviewState};

/// Whether an export is a draft or an approved version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentState {
    Draft,
    Approved,
}

/// What sign-off is decided from, as the store reads it.
pub struct SignOffInput<'a> {
    /// The decision log, oldest first, each entry with its review state.
    pub log: &'a [Decision],
    /// The versions, oldest first; none in a file that predates versions.
    pub versions: &'a [DocumentVersion],
    /// The approvals, oldest first.
    pub approvals: &'a [Approval],
    /// Rows of the control matrix still undetermined.
    pub undetermined: u32,
}

/// Where the documents stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignOff {
    /// The version an export made now states: the current one, or the next one when the
    /// current one was approved and something changed since.
    pub version: String,
    pub state: DocumentState,
    /// The approval of `version` that still stands.
    pub approval: Option<Approval>,
    /// The approval a later change made stale.
    pub stale: Option<Approval>,
    pub undetermined: u32,
    /// Decisions in force that no one has reviewed.
    pub unreviewed: u32,
    /// Decisions in force that a reviewer sent back.
    pub returned: u32,
    /// What was decided in `version`.
    pub changes: ChangeLog,
    pub versions: Vec<DocumentVersion>,
    pub approvals: Vec<Approval>,
}

impl SignOff {
    pub fn is_draft(&self) -> bool {
        self.state == DocumentState::Draft
    }

    /// What stands in the way of an approval, each in a few words: undetermined rows,
    /// unreviewed and returned decisions.
    pub fn open_items(&self) -> Vec<String> {
        let count = |n: u32, one: &str, many: &str| {
            (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
        };
        [
            count(self.undetermined, "undetermined row", "undetermined rows"),
            count(
                self.unreviewed,
                "unreviewed decision",
                "unreviewed decisions",
            ),
            count(self.returned, "returned decision", "returned decisions"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Why the documents are still a draft, each in a few words; empty once approved.
    pub fn why_draft(&self) -> Vec<String> {
        if !self.is_draft() {
            return Vec::new();
        }
        let mut why = self.open_items();
        match (&self.approval, &self.stale) {
            (_, Some(a)) => why.push(format!(
                "changed since version {} was approved on {}",
                a.version, a.on
            )),
            (None, None) => why.push("not approved".into()),
            (Some(_), None) => {}
        }
        why
    }

    /// Refuses an approval while a row is undetermined or a decision in force is unreviewed
    /// or returned: an approver signs what was decided and reviewed, not a working state.
    pub fn check_approvable(&self) -> Result<(), Invalid> {
        let open = self.open_items();
        if open.is_empty() {
            return Ok(());
        }
        Err(Invalid::new(
            "approval",
            format!(
                "version {} cannot be approved while there are {}: decide every row and have \
                 every decision reviewed and accepted first",
                self.version,
                open.join(", ")
            ),
        ))
    }

    /// The line every page and sheet of an export carries: `Draft version 0.2: not approved,
    /// 3 undetermined rows` or `Version 0.3 approved by Priya Raman (Compliance lead) on
    /// 2027-01-10`.
    pub fn statement(&self) -> String {
        match (&self.approval, self.is_draft()) {
            (Some(a), false) => a.statement(),
            _ => format!(
                "Draft version {}: {}",
                self.version,
                self.why_draft().join(", ")
            ),
        }
    }
}

/// The version that follows `version` and is not among `versions` yet.
pub fn next_unused_version(versions: &[DocumentVersion], version: &str) -> String {
    let taken = |v: &str| versions.iter().any(|d| d.version == v);
    let mut next = next_version(version).unwrap_or_else(|| format!("{version}.1"));
    for _ in 0..=versions.len() {
        if !taken(&next) {
            break;
        }
        next = next_version(&next).unwrap_or_else(|| format!("{next}.1"));
    }
    next
}

/// The versions of `input`, or the first one (0.1) of a file that predates versions.
fn versions(input: &SignOffInput) -> Vec<DocumentVersion> {
    if input.versions.is_empty() {
        vec![DocumentVersion {
            version: "0.1".into(),
            after: 0,
            at: String::new(),
            by: String::new(),
            note: None,
        }]
    } else {
        input.versions.to_vec()
    }
}

/// The latest approval of the current version, and whether a later decision made it stale.
fn current_approval<'a>(
    input: &'a SignOffInput,
    current: &DocumentVersion,
) -> Option<(&'a Approval, bool)> {
    let approval = input
        .approvals
        .iter()
        .rev()
        .find(|a| a.version == current.version)?;
    let last = input
        .log
        .iter()
        .rev()
        .find(|d| !d.about.is_record())
        .map_or(0, |d| d.id);
    Some((approval, last > approval.through))
}

/// The change log of `version`: one of the versions, or the one after a stale approval.
pub fn version_changes(input: &SignOffInput, version: &str) -> Option<ChangeLog> {
    let all = versions(input);
    let current = all.last()?;
    let approval = current_approval(input, current);
    if let Some((a, true)) = approval {
        if next_unused_version(&all, &current.version) == version {
            return Some(change_log(
                input.log,
                version,
                Some(&current.version),
                a.through,
                None,
            ));
        }
    }
    let i = all.iter().position(|v| v.version == version)?;
    let since = i.checked_sub(1).map(|p| all[p].version.as_str());
    let until = match all.get(i + 1) {
        Some(next) => Some(next.after),
        None => approval.filter(|(_, stale)| *stale).map(|(a, _)| a.through),
    };
    Some(change_log(input.log, version, since, all[i].after, until))
}

/// Where the documents stand: approved only while an approval of the current version stands
/// and no row is undetermined and no decision in force is unreviewed or returned.
pub fn sign_off(input: &SignOffInput) -> SignOff {
    let all = versions(input);
    let current = all.last().cloned().unwrap_or_else(|| all[0].clone());
    let (approval, stale) = match current_approval(input, &current) {
        Some((a, true)) => (None, Some(a.clone())),
        Some((a, false)) => (Some(a.clone()), None),
        None => (None, None),
    };
    let version = match &stale {
        Some(_) => next_unused_version(&all, &current.version),
        None => current.version.clone(),
    };
    let changes = version_changes(input, &version)
        .unwrap_or_else(|| change_log(input.log, &version, None, current.after, None));
    let count = |pick: fn(&ReviewState) -> bool| {
        input.log.iter().filter(|d| pick(&d.review)).count() as u32
    };
    let unreviewed = count(|s| matches!(s, ReviewState::Unreviewed));
    let returned = count(|s| matches!(s, ReviewState::Returned { .. }));
    let approved = approval.is_some() && input.undetermined == 0 && unreviewed + returned == 0;
    SignOff {
        version,
        state: if approved {
            DocumentState::Approved
        } else {
            DocumentState::Draft
        },
        approval,
        stale,
        undetermined: input.undetermined,
        unreviewed,
        returned,
        changes,
        versions: input.versions.to_vec(),
        approvals: input.approvals.to_vec(),
    }
}
