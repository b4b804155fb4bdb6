//! The decision log: append-only (SQL triggers refuse any update or delete), one entry per
//! change, each with what it is about as data (`decision_subject`) beside the text it shows.

use chrono::NaiveDate;
use demarc_core::{review_states, Decision, DecisionReview, ReviewState, Subject, Verdict};
use rusqlite::{params, Connection, Transaction};

use crate::clock::now;
use crate::sql::{parse, parse_date};
use crate::undoable::{encode, Snapshot};
use crate::{EngagementFile, Result, StoreError};

/// One entry to append.
pub(crate) struct LogEntry<'a> {
    who: &'a str,
    about: Subject,
    /// The subject as the log shows it: `about`'s text, or the text of the entry an undo copies.
    text: String,
    old: Option<String>,
    new: Option<String>,
    reason: Option<String>,
    /// The state the change replaced, which makes it undoable.
    revert: Option<&'a Snapshot>,
    undoes: Option<i64>,
    batch: Option<i64>,
}

impl<'a> LogEntry<'a> {
    pub(crate) fn new(who: &'a str, about: Subject) -> LogEntry<'a> {
        LogEntry {
            who,
            text: about.text(),
            about,
            old: None,
            new: None,
            reason: None,
            revert: None,
            undoes: None,
            batch: None,
        }
    }

    /// An entry that repeats the subject of an earlier one, text and all.
    pub(crate) fn again(who: &'a str, about: Subject, text: String) -> LogEntry<'a> {
        LogEntry {
            text,
            ..LogEntry::new(who, about)
        }
    }

    /// What the value was and what it became.
    pub(crate) fn values(mut self, old: Option<&str>, new: Option<&str>) -> LogEntry<'a> {
        self.old = old.map(str::to_string);
        self.new = new.map(str::to_string);
        self
    }

    pub(crate) fn reason(mut self, reason: &str) -> LogEntry<'a> {
        self.reason = Some(reason.to_string());
        self
    }

    /// Makes the entry undoable: `revert` is the state the change replaced; `batch` groups the
    /// entries undone in one step.
    pub(crate) fn undoable(mut self, revert: &'a Snapshot, batch: Option<i64>) -> LogEntry<'a> {
        self.revert = Some(revert);
        self.batch = batch;
        self
    }

    /// Marks the entry as the undo or redo of entry `id`.
    pub(crate) fn undoes(mut self, id: i64) -> LogEntry<'a> {
        self.undoes = Some(id);
        self
    }

    pub(crate) fn append(&self, tx: &Transaction) -> rusqlite::Result<()> {
        let revert = self.revert.map(encode).transpose()?;
        let about = serde_json::to_string(&self.about)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        tx.execute(
            "INSERT INTO decision (at, who, subject, old_value, new_value, reason, revert, undoes,
             batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                now(),
                self.who,
                self.text,
                self.old,
                self.new,
                self.reason,
                revert,
                self.undoes,
                self.batch
            ],
        )?;
        tx.execute(
            "INSERT INTO decision_subject (decision_id, subject) VALUES (?1, ?2)",
            params![tx.last_insert_rowid(), about],
        )?;
        Ok(())
    }
}

/// The batch number for the entries of the change a transaction is making.
pub(crate) fn next_batch(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM decision", [], |r| {
        r.get(0)
    })
}

/// What an entry is about, read back. The text stays the record of the entry; a structure this
/// version cannot read only leaves the entry unselected, never the log unreadable.
pub(crate) fn read_subject(json: Option<String>) -> Subject {
    json.and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or(Subject::Unrecognized)
}

/// The reason of a change that needs one, trimmed; refused when empty.
pub(crate) fn required_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::invalid(
            "reason",
            "a reason is required for this change",
        ));
    }
    Ok(reason)
}

impl EngagementFile {
    /// The id of the newest decision-log entry, 0 when the log is empty.
    pub fn last_decision_id(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM decision", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.read_error(e))
    }

    /// The decision log, oldest first, each entry with where it stands with its reviewers.
    pub fn decisions(&self) -> Result<Vec<Decision>> {
        let mut log = self.log_entries()?;
        let reviews = read_reviews(&self.conn).map_err(|e| self.read_error(e))?;
        let keys: Vec<(i64, &Subject)> = log.iter().map(|d| (d.id, &d.about)).collect();
        let states = review_states(&keys, &reviews);
        for (d, state) in log.iter_mut().zip(states) {
            d.review = state;
        }
        Ok(log)
    }

    /// The reviews of decisions, in the order they were made.
    pub fn decision_reviews(&self) -> Result<Vec<DecisionReview>> {
        read_reviews(&self.conn).map_err(|e| self.read_error(e))
    }

    fn log_entries(&self) -> Result<Vec<Decision>> {
        (|| {
            let mut stmt = self.conn.prepare(
                "SELECT d.id, d.at, d.who, d.subject, d.old_value, d.new_value, d.reason, s.subject
                 FROM decision d LEFT JOIN decision_subject s ON s.decision_id = d.id
                 ORDER BY d.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Decision {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    who: r.get(2)?,
                    subject: r.get(3)?,
                    old_value: r.get(4)?,
                    new_value: r.get(5)?,
                    reason: r.get(6)?,
                    about: read_subject(r.get(7)?),
                    review: ReviewState::Unreviewed,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<Decision>>>()
        })()
        .map_err(|e| self.read_error(e))
    }
}

/// The reviews of decisions, in the order they were made.
pub(crate) fn read_reviews(conn: &Connection) -> rusqlite::Result<Vec<DecisionReview>> {
    let mut stmt = conn.prepare(
        "SELECT id, decision_id, verdict, reviewer, reviewed_on, comment FROM decision_review
         ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DecisionReview {
            id: r.get(0)?,
            decision_id: r.get(1)?,
            verdict: parse(2, &r.get::<_, String>(2)?, Verdict::from_id)?,
            reviewer: r.get(3)?,
            on: parse_date(4, r.get(4)?)?.unwrap_or(NaiveDate::MIN),
            comment: r.get(5)?,
        })
    })?;
    rows.collect()
}
