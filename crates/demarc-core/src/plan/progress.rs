//! Progress: how many management items and tasks were open at the end of each day the
//! decision log records a change, for a burn-down chart.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The open work at the end of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressDay {
    pub day: NaiveDate,
    pub management: u32,
    pub tasks: u32,
    /// The open gaps they account for.
    pub gaps: u32,
}

/// The burn-down of an engagement, oldest day first, up to today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Progress {
    pub days: Vec<ProgressDay>,
    /// The day customer evidence is due, if the audit window is set.
    pub evidence_due: Option<NaiveDate>,
    pub audit_start: Option<NaiveDate>,
}

impl Progress {
    /// The open items and tasks at the end of the last day, or none.
    pub fn last(&self) -> Option<&ProgressDay> {
        self.days.last()
    }
}
