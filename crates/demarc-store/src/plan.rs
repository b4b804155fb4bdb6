//! The work plan of an engagement file: its gaps on a day, grouped by root cause and action
//! (see `demarc_core::plan`), with who has each item and the risks accepted.

use chrono::NaiveDate;
use demarc_core::plan::PlanLevel;
use demarc_core::plan::{plan, split_accepted, Plan, PlanContext};
use demarc_core::{GapReport, MatrixRow, RowKey, EVIDENCE_DUE_DAYS};

use crate::{EngagementFile, Result, StoreError};

/// The most days before the window that evidence may be asked for.
pub const MAX_LEAD_DAYS: u32 = 365;

impl EngagementFile {
    /// The gaps on `today` as management items and task groups; customer evidence is due
    /// `lead_days` before the audit window opens (60 by default). Items under a risk accepted
    /// that holds on `today` are listed apart.
    pub fn gap_plan(&self, today: NaiveDate, lead_days: Option<u32>) -> Result<Plan> {
        let (report, rows) = self.every_gap_and_rows(today)?;
        let ctx = self.plan_context(&rows, lead_days)?;
        Ok(plan(&report.gaps, &ctx, today))
    }

    /// The matrix rows of tasks and task groups of today's plan, by id: each task's control on
    /// each service it is missing on (or its entity row). An id that names no task or task
    /// group is refused.
    pub fn task_rows(&self, ids: &[String]) -> Result<Vec<RowKey>> {
        if ids.is_empty() {
            return Err(StoreError::invalid("tasks", "no task is selected"));
        }
        let plan = self.gap_plan(crate::clock::today(), None)?;
        let services = self.services()?;
        let mut keys = Vec::new();
        for id in ids {
            let members: Vec<_> = match plan
                .items
                .iter()
                .filter(|i| i.level == PlanLevel::Task)
                .find(|i| &i.id == id)
            {
                Some(group) => group.members.iter().collect(),
                None => plan
                    .items
                    .iter()
                    .filter(|i| i.level == PlanLevel::Task)
                    .flat_map(|i| &i.members)
                    .filter(|m| &m.id == id)
                    .collect(),
            };
            if members.is_empty() {
                return Err(StoreError::invalid(
                    "tasks",
                    format!("{id:?} is no task or task group of today's plan"),
                ));
            }
            for m in members {
                let (Some(framework), Some(control)) = (m.framework, &m.control) else {
                    continue;
                };
                if m.services.is_empty() {
                    keys.push(RowKey {
                        service_id: None,
                        framework,
                        control_id: control.clone(),
                    });
                }
                for name in &m.services {
                    if let Some(s) = services.iter().find(|s| &s.name == name) {
                        keys.push(RowKey {
                            service_id: Some(s.id),
                            framework,
                            control_id: control.clone(),
                        });
                    }
                }
            }
        }
        Ok(keys)
    }

    /// What grouping needs: the rows' families, the uncovered days, the lead time, the
    /// assignments and the accepted risks.
    pub(crate) fn plan_context(
        &self,
        rows: &[MatrixRow],
        lead_days: Option<u32>,
    ) -> Result<PlanContext> {
        let lead_days = lead_days.unwrap_or(EVIDENCE_DUE_DAYS as u32);
        if lead_days > MAX_LEAD_DAYS {
            return Err(StoreError::invalid(
                "lead_days",
                format!(
                    "evidence is due at most {MAX_LEAD_DAYS} days before the window, not {lead_days}"
                ),
            ));
        }
        let mut ctx = PlanContext::new(
            &self.engagement()?,
            &self.services()?,
            rows,
            &self.attestations()?,
            self.bridge_letter_months()?,
            lead_days,
        )
        .with_reviews(&self.vendor_reviews()?);
        ctx.assignments = self
            .assignments()?
            .into_iter()
            .map(|a| (a.item_id.clone(), a))
            .collect();
        ctx.accepted = self
            .risk_acceptances()?
            .into_iter()
            .map(|a| (a.item_id.clone(), a))
            .collect();
        Ok(ctx)
    }

    /// `report` with the gaps under an accepted risk that holds on `today` taken out and
    /// listed apart.
    pub(crate) fn without_accepted(
        &self,
        report: GapReport,
        rows: &[MatrixRow],
        today: NaiveDate,
    ) -> Result<GapReport> {
        if self.risk_acceptances()?.is_empty() {
            return Ok(report);
        }
        let ctx = self.plan_context(rows, None)?;
        let (open, accepted) = split_accepted(report.gaps, &ctx, today);
        let mut report = GapReport::new(today, open);
        report.accepted = accepted;
        Ok(report)
    }
}
