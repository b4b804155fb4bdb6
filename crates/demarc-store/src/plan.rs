//! The work plan of an engagement file: its gaps on a day, grouped by root cause and action
//! (see `demarc_core::plan`).

use chrono::NaiveDate;
use demarc_core::plan::{plan, Plan, PlanContext};
use demarc_core::EVIDENCE_DUE_DAYS;

use crate::{EngagementFile, Result, StoreError};

/// The most days before the window that evidence may be asked for.
pub const MAX_LEAD_DAYS: u32 = 365;

impl EngagementFile {
    /// The gaps on `today` as management items and task groups; customer evidence is due
    /// `lead_days` before the audit window opens (60 by default).
    pub fn gap_plan(&self, today: NaiveDate, lead_days: Option<u32>) -> Result<Plan> {
        let lead_days = lead_days.unwrap_or(EVIDENCE_DUE_DAYS as u32);
        if lead_days > MAX_LEAD_DAYS {
            return Err(StoreError::invalid(
                "lead_days",
                format!(
                    "evidence is due at most {MAX_LEAD_DAYS} days before the window, not {lead_days}"
                ),
            ));
        }
        let (report, rows) = self.gaps_and_rows(today)?;
        let ctx = PlanContext::new(
            &self.engagement()?,
            &self.services()?,
            &rows,
            &self.attestations()?,
            self.bridge_letter_months()?,
            lead_days,
        );
        Ok(plan(&report.gaps, &ctx, today))
    }
}
