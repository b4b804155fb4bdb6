//! Undo and redo, through the append-only decision log.
//!
//! A change that can be undone logs, beside what it did, the state it replaced. Undo restores
//! that state and logs it as a new entry pointing at the one it undid (and carrying the state
//! it replaced in turn, which is what redo restores). Nothing in the log is rewritten.

use demarc_core::Subject;
use rusqlite::Transaction;

use crate::file::{EngagementFile, WriteError};
use crate::log::{next_batch, read_subject, LogEntry};
use crate::undoable::Snapshot;
use crate::Result;

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

impl EngagementFile {
    /// Undoes the last change that can be undone; returns what it undid, or `None`.
    pub fn undo(&mut self, who: &str) -> Result<Option<String>> {
        self.step(Step::Undo, who)
    }

    /// Redoes the last undone change, unless something was changed since; returns what it
    /// redid, or `None`.
    pub fn redo(&mut self, who: &str) -> Result<Option<String>> {
        self.step(Step::Redo, who)
    }

    fn step(&mut self, step: Step, who: &str) -> Result<Option<String>> {
        self.write(|tx| {
            let entries = load(tx)?;
            let picked = pick(&entries, step);
            let Some(first) = picked.first() else {
                return Ok(None);
            };
            let summary = entries[*first].subject.clone();
            let count = picked.len();
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
                LogEntry::again(who, e.about.clone(), e.subject.clone())
                    .values(Some(&now.describe()), Some(&revert.describe()))
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
            Ok(Some(format!("{word}: {summary}{more}")))
        })
    }
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

/// The entries (indexes into `entries`, newest first) that an undo or a redo reverts now.
fn pick(entries: &[Entry], step: Step) -> Vec<usize> {
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
        !undone[i]
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
