//! Reviews of decisions. The log is append-only, so a review is a record of its own that names
//! the entry it reviews; the state of an entry is read from the reviews and the entries after
//! it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Invalid, Subject};

/// What a reviewer said of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    Accept,
    /// Sent back to the person who made it, with a comment saying why.
    Return,
}

impl Verdict {
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Return => "return",
        }
    }

    pub fn from_id(id: &str) -> Option<Verdict> {
        match id {
            "accept" => Some(Verdict::Accept),
            "return" => Some(Verdict::Return),
            _ => None,
        }
    }

    /// As the log and the exports say it: `accepted`, `returned`.
    pub fn done(self) -> &'static str {
        match self {
            Verdict::Accept => "accepted",
            Verdict::Return => "returned",
        }
    }
}

/// One review of one decision-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionReview {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub decision_id: i64,
    pub verdict: Verdict,
    pub reviewer: String,
    pub on: NaiveDate,
    pub comment: Option<String>,
}

/// Where a decision stands with its reviewers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewState {
    /// A record, not a decision (sign-off itself, the team, who has a plan item): not reviewed.
    Record,
    /// In force and not reviewed yet.
    Unreviewed,
    Accepted {
        reviewer: String,
        on: NaiveDate,
        comment: Option<String>,
    },
    /// Sent back: stays so until a later decision on the same thing or a later acceptance.
    Returned {
        reviewer: String,
        on: NaiveDate,
        comment: String,
    },
    /// A later decision on the same thing replaced it; that one is reviewed instead.
    Superseded {
        #[ts(type = "number")]
        by_decision: i64,
    },
}

impl ReviewState {
    /// One word for lists and filters: `unreviewed`, `accepted`...
    pub fn id(&self) -> &'static str {
        match self {
            ReviewState::Record => "record",
            ReviewState::Unreviewed => "unreviewed",
            ReviewState::Accepted { .. } => "accepted",
            ReviewState::Returned { .. } => "returned",
            ReviewState::Superseded { .. } => "superseded",
        }
    }

    /// True for a decision in force that no reviewer has accepted: unreviewed or returned.
    pub fn is_open(&self) -> bool {
        matches!(self, ReviewState::Unreviewed | ReviewState::Returned { .. })
    }

    /// The state in a few words: `accepted by Priya Raman on 2027-01-10`.
    pub fn words(&self) -> String {
        match self {
            ReviewState::Record => "record, not reviewed".into(),
            ReviewState::Unreviewed => "unreviewed".into(),
            ReviewState::Accepted { reviewer, on, .. } => {
                format!("accepted by {reviewer} on {on}")
            }
            ReviewState::Returned {
                reviewer,
                on,
                comment,
            } => format!("returned by {reviewer} on {on}: {comment}"),
            ReviewState::Superseded { by_decision } => {
                format!("replaced by decision #{by_decision}")
            }
        }
    }
}

/// The state of each entry of `log` (id and subject, oldest first), from `reviews` (in the
/// order they were made). An entry replaced by a later one about the same thing is superseded;
/// otherwise its latest review decides.
pub fn review_states(log: &[(i64, &Subject)], reviews: &[DecisionReview]) -> Vec<ReviewState> {
    let mut states = Vec::with_capacity(log.len());
    let mut next_about: std::collections::HashMap<String, i64> = Default::default();
    // Walking from the newest, the later entry about the same thing is already known.
    for &(id, about) in log.iter().rev() {
        if about.is_record() {
            states.push(ReviewState::Record);
            continue;
        }
        let key = about.key();
        if let Some(later) = key.as_ref().and_then(|k| next_about.get(k)) {
            states.push(ReviewState::Superseded {
                by_decision: *later,
            });
        } else {
            let latest = reviews.iter().rev().find(|r| r.decision_id == id);
            states.push(match latest {
                None => ReviewState::Unreviewed,
                Some(r) => match r.verdict {
                    Verdict::Accept => ReviewState::Accepted {
                        reviewer: r.reviewer.clone(),
                        on: r.on,
                        comment: r.comment.clone(),
                    },
                    Verdict::Return => ReviewState::Returned {
                        reviewer: r.reviewer.clone(),
                        on: r.on,
                        comment: r.comment.clone().unwrap_or_default(),
                    },
                },
            });
        }
        if let Some(k) = key {
            next_about.insert(k, id);
        }
    }
    states.reverse();
    states
}

/// What a reviewer gives: the verdict, their name, the day (today when none) and a comment
/// (required to return a decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewReview {
    pub verdict: Verdict,
    pub reviewer: String,
    pub on: Option<NaiveDate>,
    pub comment: Option<String>,
}

/// Checks a review of entry `decision_id` before it is recorded: an entry that can be reviewed
/// (`state`, its state now), a reviewer named, a return with its comment, a date neither
/// before the decision (`decided`) nor after `today`.
pub fn check_review(
    decision_id: i64,
    state: &ReviewState,
    decided: NaiveDate,
    review: &NewReview,
    today: NaiveDate,
) -> Result<(), Invalid> {
    match state {
        ReviewState::Record => {
            return Err(Invalid::new(
                "decision",
                format!(
                    "entry #{decision_id} is a record (a review, a version, an approval, the \
                     team or who has a plan item); only decisions are reviewed"
                ),
            ))
        }
        ReviewState::Superseded { by_decision } => {
            return Err(Invalid::new(
                "decision",
                format!(
                    "decision #{decision_id} was replaced by decision #{by_decision}; review that \
                     one instead"
                ),
            ))
        }
        _ => {}
    }
    if review.reviewer.trim().is_empty() {
        return Err(Invalid::new("reviewer", "name the reviewer"));
    }
    let comment = review.comment.as_deref().map(str::trim).unwrap_or("");
    if review.verdict == Verdict::Return && comment.is_empty() {
        return Err(Invalid::new(
            "comment",
            "say why the decision is returned, so that its author can act on it",
        ));
    }
    let on = review.on.unwrap_or(today);
    if on > today {
        return Err(Invalid::new(
            "on",
            format!("the review date {on} is after today ({today})"),
        ));
    }
    if on < decided {
        return Err(Invalid::new(
            "on",
            format!("the review date {on} is before the decision was made ({decided})"),
        ));
    }
    Ok(())
}
