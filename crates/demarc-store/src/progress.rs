//! Progress of the work plan, from the decision log: the open management items and tasks at
//! the end of each day a change was logged.
//!
//! The engagement is copied into memory and walked back through the log, newest day first:
//! the plan is counted as the day ended, then every entry of that day that recorded the state
//! it replaced is put back, which gives the state the day before. A change that recorded no
//! such state (one not undoable) is not walked back: its effect shows from the start.

use std::path::PathBuf;

use chrono::NaiveDate;
use demarc_core::plan::{plan, Progress, ProgressDay};

use crate::clock::local_day;
use crate::undoable::Snapshot;
use crate::{EngagementFile, Result, StoreError};

/// The most days a burn-down reaches back (the newest days with changes).
pub const MAX_PROGRESS_DAYS: usize = 120;

impl EngagementFile {
    /// The open management items and tasks at the end of each day the log records a change,
    /// up to `today` (counted as it stands).
    pub fn burndown(&self, today: NaiveDate) -> Result<Progress> {
        let entries = self.log_reverts()?;
        let mut days: Vec<NaiveDate> = entries
            .iter()
            .map(|(_, day, _)| *day)
            .filter(|d| *d <= today)
            .collect();
        days.push(today);
        days.sort_unstable();
        days.dedup();
        let days: Vec<NaiveDate> = days.into_iter().rev().take(MAX_PROGRESS_DAYS).collect();

        let mut copy = self.in_memory_copy()?;
        let mut out = Vec::with_capacity(days.len());
        // Entries newest first; those after `today` are walked back before counting.
        let mut pending = entries.iter().rev().peekable();
        for day in days {
            let later: Vec<&Snapshot> = std::iter::from_fn(|| {
                pending
                    .next_if(|(_, d, _)| *d > day)
                    .map(|(_, _, s)| s.as_ref())
            })
            .flatten()
            .collect();
            copy.put_back(&later)?;
            let (report, rows) = copy.every_gap_and_rows(day)?;
            let ctx = copy.plan_context(&rows, None)?;
            let p = plan(&report.gaps, &ctx, day);
            let (management, tasks) = p.open_counts();
            out.push(ProgressDay {
                day,
                management,
                tasks,
                gaps: p.items.iter().map(|i| i.count).sum(),
            });
        }
        out.reverse();
        let ctx = self.plan_context(&[], None)?;
        Ok(Progress {
            days: out,
            evidence_due: ctx.evidence_due(),
            audit_start: ctx.audit_start,
        })
    }

    /// Every log entry's id, local day and the state it replaced (when it recorded one).
    fn log_reverts(&self) -> Result<Vec<(i64, NaiveDate, Option<Snapshot>)>> {
        (|| -> rusqlite::Result<Vec<(i64, NaiveDate, Option<Snapshot>)>> {
            let mut stmt = self
                .conn
                .prepare("SELECT id, at, revert FROM decision ORDER BY id")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, at, revert) = row?;
                let Some(day) = local_day(&at) else { continue };
                let snapshot = revert.and_then(|r| serde_json::from_str(&r).ok());
                out.push((id, day, snapshot));
            }
            Ok(out)
        })()
        .map_err(|e| self.read_error(e))
    }

    /// Puts back each state of `states`, in order (newest change first).
    fn put_back(&mut self, states: &[&Snapshot]) -> Result<()> {
        if states.is_empty() {
            return Ok(());
        }
        let in_memory = |source| StoreError::Sqlite {
            path: PathBuf::from(":memory:"),
            source,
        };
        let tx = self.conn.transaction().map_err(in_memory)?;
        for s in states {
            s.restore(&tx).map_err(in_memory)?;
        }
        tx.commit().map_err(in_memory)
    }
}
