//! Reviews of decisions: a reviewer accepts a decision or returns it with a comment. Each
//! review is a record of its own, and is logged.

use demarc_core::{check_review, DecisionReview, NewReview, Subject};
use rusqlite::params;

use crate::clock::{local_day, now, today};
use crate::log::LogEntry;
use crate::sql::non_empty;
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Records one review of each decision `ids` (accepted, or returned with a comment) in one
    /// transaction, each logged. Refused, naming the field, for an entry that is not in the
    /// log, that is itself a sign-off record or that a later decision replaced.
    pub fn review_decisions(
        &mut self,
        ids: &[i64],
        review: &NewReview,
        who: &str,
    ) -> Result<Vec<DecisionReview>> {
        if ids.is_empty() {
            return Err(StoreError::invalid("decision", "name a decision to review"));
        }
        let today = today();
        let log = self.decisions()?;
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut states = Vec::with_capacity(ids.len());
        for &id in &ids {
            let Some(d) = log.iter().find(|d| d.id == id) else {
                return Err(StoreError::invalid(
                    "decision",
                    format!("there is no decision #{id} in the log"),
                ));
            };
            let decided = local_day(&d.at).unwrap_or(chrono::NaiveDate::MIN);
            check_review(id, &d.review, decided, review, today)?;
            states.push(d.review.id());
        }
        let on = review.on.unwrap_or(today);
        let reviewer = review.reviewer.trim().to_string();
        let comment = review.comment.as_deref().and_then(non_empty);
        self.write(|tx| {
            let mut made = Vec::with_capacity(ids.len());
            for (&decision_id, state) in ids.iter().zip(&states) {
                tx.execute(
                    "INSERT INTO decision_review (decision_id, verdict, reviewer, reviewed_on,
                     comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        decision_id,
                        review.verdict.id(),
                        reviewer,
                        on.to_string(),
                        comment,
                        now()
                    ],
                )?;
                made.push(DecisionReview {
                    id: tx.last_insert_rowid(),
                    decision_id,
                    verdict: review.verdict,
                    reviewer: reviewer.clone(),
                    on,
                    comment: comment.map(str::to_string),
                });
                let done = format!("{} by {reviewer} on {on}", review.verdict.done());
                let mut entry = LogEntry::new(who, Subject::DecisionReview { decision_id })
                    .values(Some(state), Some(&done));
                if let Some(c) = comment {
                    entry = entry.reason(c);
                }
                entry.append(tx)?;
            }
            Ok(made)
        })
    }
}
