//! The document version, its change log and its approval, and where the documents stand.

use chrono::NaiveDate;
use demarc_core::{
    check_approval, next_unused_version, sign_off, version_changes, Approval, ChangeLog, Decision,
    DocumentVersion, MatrixFilter, MatrixRow, Ownership, SignOff, SignOffInput, Subject,
};
use rusqlite::{params, Connection, Transaction};

use crate::clock::{local_day, now, today};
use crate::log::LogEntry;
use crate::sql::{non_empty, parse_date};
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// The versions of the engagement's documents, oldest first.
    pub fn document_versions(&self) -> Result<Vec<DocumentVersion>> {
        read_versions(&self.conn).map_err(|e| self.read_error(e))
    }

    /// The approvals, oldest first.
    pub fn approvals(&self) -> Result<Vec<Approval>> {
        read_approvals(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Where the documents stand on `today` (the day the matrix is read on).
    pub fn sign_off(&self, today: NaiveDate) -> Result<SignOff> {
        let rows = self.matrix_on(&MatrixFilter::default(), today)?;
        self.sign_off_of(&rows)
    }

    /// Where the documents stand, counting the undetermined rows among `rows` (the whole
    /// matrix, already read).
    pub fn sign_off_of(&self, rows: &[MatrixRow]) -> Result<SignOff> {
        let log = self.decisions()?;
        let versions = self.document_versions()?;
        let approvals = self.approvals()?;
        Ok(sign_off(&SignOffInput {
            log: &log,
            versions: &versions,
            approvals: &approvals,
            undetermined: undetermined(rows),
        }))
    }

    /// What was decided in `version` (by default the version an export states now).
    pub fn change_log(&self, version: Option<&str>) -> Result<ChangeLog> {
        let log = self.decisions()?;
        let versions = self.document_versions()?;
        let approvals = self.approvals()?;
        let input = SignOffInput {
            log: &log,
            versions: &versions,
            approvals: &approvals,
            undetermined: 0,
        };
        let version = match version.map(str::trim) {
            Some(v) => v.to_string(),
            None => sign_off(&input).version,
        };
        version_changes(&input, &version).ok_or_else(|| {
            let known: Vec<&str> = versions.iter().map(|v| v.version.as_str()).collect();
            StoreError::invalid(
                "version",
                format!(
                    "there is no version {version:?}; the versions are {}",
                    known.join(", ")
                ),
            )
        })
    }

    /// Starts the next version of the documents: `to` when given, otherwise the current one
    /// counted on (0.1 to 0.2). The decisions from here on are its change log.
    pub fn bump_version(
        &mut self,
        to: Option<&str>,
        note: Option<&str>,
        who: &str,
    ) -> Result<DocumentVersion> {
        let versions = self.document_versions()?;
        let approvals = self.approvals()?;
        let current = versions.last().map_or("0.1", |v| v.version.as_str());
        let version = match to {
            Some(to) => non_empty(to)
                .ok_or_else(|| StoreError::invalid("version", "give the new version"))?
                .to_string(),
            None => next_unused_version(&versions, current),
        };
        if versions.iter().any(|v| v.version == version) {
            return Err(StoreError::invalid(
                "version",
                format!("version {version} was used already; choose another"),
            ));
        }
        let approved = approvals.iter().rev().find(|a| a.version == current);
        let note = note.and_then(non_empty);
        self.write(|tx| {
            let after = match approved {
                // The decisions after the approval are the new version's, not the approved one's.
                Some(a) => a.through,
                None => last_entry(tx)?,
            };
            Ok(start_version(tx, current, &version, after, note, who)?)
        })
    }

    /// Approves the version an export states now, on `on` (today when `None`). Refused,
    /// naming the field, while any row is undetermined or any decision in force is
    /// unreviewed or returned. When the current version was approved and changed since, the
    /// next version is started and approved.
    pub fn approve(
        &mut self,
        approver: &str,
        role: &str,
        on: Option<NaiveDate>,
        who: &str,
    ) -> Result<Approval> {
        let today = today();
        let on = on.unwrap_or(today);
        let status = self.sign_off(today)?;
        let log = self.decisions()?;
        let last_decided = last_decision(&log).and_then(|d| local_day(&d.at));
        check_approval(approver, role, on, today, last_decided)?;
        status.check_approvable()?;
        let (approver, role) = (approver.trim(), role.trim());
        let current = status.versions.last().map(|v| v.version.clone());
        self.write(|tx| {
            if let (Some(stale), Some(current)) = (&status.stale, &current) {
                start_version(tx, current, &status.version, stale.through, None, who)?;
            }
            let through = last_entry(tx)?;
            tx.execute(
                "INSERT INTO approval (version, approver, role, approved_on, through, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    status.version,
                    approver,
                    role,
                    on.to_string(),
                    through,
                    now()
                ],
            )?;
            let approval = Approval {
                id: tx.last_insert_rowid(),
                version: status.version.clone(),
                approver: approver.to_string(),
                role: role.to_string(),
                on,
                through,
            };
            LogEntry::new(
                who,
                Subject::Approval {
                    version: status.version.clone(),
                },
            )
            .values(
                None,
                Some(&format!("approved by {approver} ({role}) on {on}")),
            )
            .append(tx)?;
            Ok(approval)
        })
    }
}

/// The rows still undetermined.
fn undetermined(rows: &[MatrixRow]) -> u32 {
    rows.iter()
        .filter(|r| r.owner == Ownership::Undetermined)
        .count() as u32
}

/// The last decision about the engagement (not a sign-off record).
fn last_decision(log: &[Decision]) -> Option<&Decision> {
    log.iter().rev().find(|d| !d.about.is_record())
}

fn last_entry(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row("SELECT coalesce(max(id), 0) FROM decision", [], |r| {
        r.get(0)
    })
}

/// Records `version` after `current`, its changes the decisions after entry `after`, and
/// logs it.
fn start_version(
    tx: &Transaction,
    current: &str,
    version: &str,
    after: i64,
    note: Option<&str>,
    who: &str,
) -> rusqlite::Result<DocumentVersion> {
    let at = now();
    tx.execute(
        "INSERT INTO document_version (version, after, at, by, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![version, after, at, who, note],
    )?;
    tx.execute(
        "UPDATE engagement SET document_version = ?1 WHERE id = 1",
        [version],
    )?;
    let mut entry =
        LogEntry::new(who, Subject::DocumentVersion).values(Some(current), Some(version));
    if let Some(note) = note {
        entry = entry.reason(note);
    }
    entry.append(tx)?;
    Ok(DocumentVersion {
        version: version.to_string(),
        after,
        at,
        by: who.to_string(),
        note: note.map(str::to_string),
    })
}

fn read_versions(conn: &Connection) -> rusqlite::Result<Vec<DocumentVersion>> {
    let mut stmt =
        conn.prepare("SELECT version, after, at, by, note FROM document_version ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(DocumentVersion {
            version: r.get(0)?,
            after: r.get(1)?,
            at: r.get(2)?,
            by: r.get(3)?,
            note: r.get(4)?,
        })
    })?;
    rows.collect()
}

fn read_approvals(conn: &Connection) -> rusqlite::Result<Vec<Approval>> {
    let mut stmt = conn.prepare(
        "SELECT id, version, approver, role, approved_on, through FROM approval ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Approval {
            id: r.get(0)?,
            version: r.get(1)?,
            approver: r.get(2)?,
            role: r.get(3)?,
            on: parse_date(4, r.get(4)?)?.unwrap_or(NaiveDate::MIN),
            through: r.get(5)?,
        })
    })?;
    rows.collect()
}
