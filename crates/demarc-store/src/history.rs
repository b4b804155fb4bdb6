//! Undo and redo, through the append-only decision log.
//!
//! A change that can be undone logs, beside what it did, the state it replaced. Undo restores
//! that state and logs it as a new entry pointing at the one it undid (and carrying the state
//! it replaced in turn, which is what redo restores). Nothing in the log is rewritten.
//!
//! A window undoes only what it did itself: it names the last entry that was in the log when it
//! opened, and undo and redo leave that entry and every earlier one alone.

use demarc_core::Subject;
use rusqlite::Transaction;
use serde::Serialize;
use ts_rs::TS;

use crate::file::{EngagementFile, WriteError};
use crate::log::{next_batch, read_subject, required_reason, LogEntry};
use crate::undoable::{Snapshot, Target};
use crate::{Result, StoreError};

struct Entry {
    id: i64,
    subject: String,
    about: Subject,
    undoes: Option<i64>,
    batch: Option<i64>,
    revert: Option<Snapshot>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Undo,
    Redo,
}

/// What an undo or a redo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Stepped {
    /// As the decision log names it: `undo: service "Amazon EC2" layer os`.
    pub summary: String,
    /// In a person's words: `Undid: Amazon EC2 · Operating system back to Provider`.
    pub words: String,
}

impl EngagementFile {
    /// Undoes the last change that can be undone; returns what it undid, or `None`.
    pub fn undo(&mut self, who: &str) -> Result<Option<String>> {
        Ok(self.step(Step::Undo, 0, who)?.map(|s| s.summary))
    }

    /// Redoes the last undone change, unless something was changed since; returns what it
    /// redid, or `None`.
    pub fn redo(&mut self, who: &str) -> Result<Option<String>> {
        Ok(self.step(Step::Redo, 0, who)?.map(|s| s.summary))
    }

    /// Undoes the last change made after log entry `after` (the last one there was when the
    /// window opened), or returns `None` when there is none.
    pub fn undo_after(&mut self, after: i64, who: &str) -> Result<Option<Stepped>> {
        self.step(Step::Undo, after, who)
    }

    /// Redoes the last change undone after log entry `after`, unless something was changed
    /// since.
    pub fn redo_after(&mut self, after: i64, who: &str) -> Result<Option<Stepped>> {
        self.step(Step::Redo, after, who)
    }

    /// Puts back what decision `id` replaced, as a new change with its own reason (which undo
    /// takes back like any other). Refused when the decision recorded nothing to put back, or
    /// when a later decision changed the same thing.
    pub fn revert_decision(&mut self, id: i64, reason: &str, who: &str) -> Result<Stepped> {
        let reason = required_reason(reason)?;
        self.write(|tx| {
            let entries = load(tx)?;
            let found = entries
                .iter()
                .filter(|e| e.id == id)
                .find_map(|e| e.revert.as_ref().map(|r| (e, r)));
            let Some((e, revert)) = found else {
                return Err(StoreError::invalid(
                    "decision",
                    format!("decision #{id} records nothing to put back"),
                )
                .into());
            };
            if matches!(revert.target, Target::Service { .. }) {
                return Err(StoreError::invalid(
                    "decision",
                    "a service's addition or removal is not reverted from the log: \
                     remove the service, or add it again, instead",
                )
                .into());
            }
            let later = entries.iter().find(|l| {
                l.id > id && l.revert.as_ref().is_some_and(|r| r.target == revert.target)
            });
            if let Some(later) = later {
                return Err(StoreError::invalid(
                    "decision",
                    format!(
                        "decision #{} changed the same thing since; revert that one first",
                        later.id
                    ),
                )
                .into());
            }
            let now = revert.target.snapshot(tx)?;
            revert.restore(tx)?;
            let words = format!(
                "Reverted: {}",
                in_words(tx, Step::Undo, &e.about, &now, revert)?
            );
            LogEntry::again(who, e.about.clone(), e.subject.clone())
                .values(Some(&now.describe_in(tx)?), Some(&revert.describe_in(tx)?))
                .reason(&format!("revert of decision #{id}: {reason}"))
                .undoable(&now, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(Stepped {
                summary: format!("revert: {}", e.subject),
                words,
            })
        })
    }

    fn step(&mut self, step: Step, after: i64, who: &str) -> Result<Option<Stepped>> {
        self.write(|tx| {
            let entries = load(tx)?;
            let picked = pick(&entries, step, after);
            let Some(first) = picked.first() else {
                return Ok(None);
            };
            let summary = entries[*first].subject.clone();
            let count = picked.len();
            let mut said = None;
            let batch = next_batch(tx)?;
            let word = match step {
                Step::Undo => "undo",
                Step::Redo => "redo",
            };
            for i in picked {
                let e = &entries[i];
                let Some(revert) = &e.revert else { continue };
                let now = revert.target.snapshot(tx)?;
                revert.restore(tx)?;
                if said.is_none() {
                    let verb = match step {
                        Step::Undo => "Undid",
                        Step::Redo => "Redid",
                    };
                    said = Some(format!(
                        "{verb}: {}",
                        in_words(tx, step, &e.about, &now, revert)?
                    ));
                }
                LogEntry::again(who, e.about.clone(), e.subject.clone())
                    .values(Some(&now.describe_in(tx)?), Some(&revert.describe_in(tx)?))
                    .reason(&format!("{word} of decision #{}", e.id))
                    .undoable(&now, Some(batch))
                    .undoes(e.id)
                    .append(tx)?;
            }
            let more = if count > 1 {
                format!(" and {} more", count - 1)
            } else {
                String::new()
            };
            Ok(Some(Stepped {
                summary: format!("{word}: {summary}{more}"),
                words: format!("{}{more}", said.unwrap_or_default()),
            }))
        })
    }
}

/// What a step did to one entry's target, from the state it found (`now`) and the one it
/// restored: `Amazon EC2 · Operating system back to Provider`.
fn in_words(
    tx: &Transaction,
    step: Step,
    about: &Subject,
    now: &Snapshot,
    restored: &Snapshot,
) -> rusqlite::Result<String> {
    let thing = about.words();
    Ok(match (step, now.is_absent(), restored.is_absent()) {
        (Step::Undo, _, true) | (Step::Redo, true, false) => format!("adding {thing}"),
        (Step::Undo, true, false) | (Step::Redo, _, true) => format!("removing {thing}"),
        (Step::Undo, false, false) => format!("{thing} back to {}", restored.in_words(tx)?),
        (Step::Redo, false, false) => format!("{thing} to {}", restored.in_words(tx)?),
    })
}

fn load(tx: &Transaction) -> std::result::Result<Vec<Entry>, WriteError> {
    let mut stmt = tx.prepare(
        "SELECT d.id, d.subject, d.undoes, d.batch, d.revert, s.subject
         FROM decision d LEFT JOIN decision_subject s ON s.decision_id = d.id
         WHERE d.revert IS NOT NULL ORDER BY d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get::<_, String>(4)?,
            r.get(5)?,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (id, subject, undoes, batch, revert, about) = row?;
        // An entry this version cannot read is left alone rather than undone wrongly.
        let revert = serde_json::from_str(&revert).ok();
        entries.push(Entry {
            id,
            subject,
            about: read_subject(about),
            undoes,
            batch,
            revert,
        });
    }
    Ok(entries)
}

/// The entries (indexes into `entries`, newest first) that an undo or a redo reverts now,
/// among those logged after entry `after`.
fn pick(entries: &[Entry], step: Step, after: i64) -> Vec<usize> {
    let index = |id: i64| entries.iter().position(|e| e.id == id);
    // An entry goes forward (a change or a redo) or back (an undo): the opposite of the one
    // it reverted. Entries come in id order, so the one reverted is already classified.
    let mut forward: Vec<bool> = Vec::with_capacity(entries.len());
    let mut undone = vec![false; entries.len()];
    for e in entries {
        let is_forward = match e.undoes.and_then(index) {
            Some(i) => {
                undone[i] = true;
                !forward[i]
            }
            None => true,
        };
        forward.push(is_forward);
    }
    let last_change = entries.iter().rposition(|e| e.undoes.is_none());
    let candidate = |i: usize| {
        entries[i].id > after
            && !undone[i]
            && entries[i].revert.is_some()
            && match step {
                Step::Undo => forward[i],
                Step::Redo => !forward[i] && last_change.is_none_or(|c| i > c),
            }
    };
    let Some(latest) = (0..entries.len()).rev().find(|&i| candidate(i)) else {
        return Vec::new();
    };
    let batch = entries[latest].batch;
    (0..=latest)
        .rev()
        .filter(|&i| {
            candidate(i) && (i == latest || (batch.is_some() && entries[i].batch == batch))
        })
        .collect()
}
