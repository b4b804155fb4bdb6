//! Changing the work plan: who has an item, task group or task and by when, and the risks
//! accepted for them. Each is logged and one undo step.

use chrono::NaiveDate;
use demarc_core::plan::{Assignment, NewRiskAcceptance, Plan, RiskAcceptance};
use demarc_core::{PlanField, Subject};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::log::{next_batch, LogEntry};
use crate::sql::parse_date;
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

/// An accepted risk as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RiskRow {
    pub(crate) reason: String,
    pub(crate) approver: String,
    pub(crate) expires: String,
    pub(crate) accepted_on: String,
}

impl EngagementFile {
    /// Gives an item, task group or task of today's plan to a team member (`None`: nobody)
    /// with a due date (`None`: the computed one). Both `None` clears the assignment.
    pub fn assign(
        &mut self,
        item_id: &str,
        owner: Option<&str>,
        due: Option<NaiveDate>,
        who: &str,
    ) -> Result<Assignment> {
        let today = crate::clock::today();
        let plan = self.gap_plan(today, None)?;
        let title = item_title(&plan, item_id)?;
        let person = match owner.map(str::trim).filter(|o| !o.is_empty()) {
            Some(name) => Some(self.team_member(name)?),
            None => None,
        };
        let next = match (&person, due) {
            (None, None) => None,
            (p, d) => Some((p.as_ref().map(|p| p.id), d.map(|d| d.to_string()))),
        };
        let words = match (&person, due) {
            (None, None) => "nobody".to_string(),
            (p, d) => format!(
                "{}, due {}",
                p.as_ref().map_or("nobody", |p| p.name.as_str()),
                d.map_or("as computed".to_string(), |d| d.to_string())
            ),
        };
        self.write(|tx| {
            let target = Target::Assignment {
                item_id: item_id.to_string(),
            };
            let replaced = target.snapshot(tx)?;
            write_assignment(tx, item_id, next.as_ref())?;
            LogEntry::new(who, plan_subject(item_id, PlanField::Assignment))
                .values(Some(&replaced.describe()), Some(&words))
                .reason(&title)
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        Ok(Assignment {
            item_id: item_id.to_string(),
            owner: person.map(|p| p.name),
            due,
        })
    }

    /// Accepts the risk of an item, task group or task of today's plan: its gaps are not open
    /// until `expires` has passed. One decision-log entry, one undo step.
    pub fn accept_risk(
        &mut self,
        item_id: &str,
        acceptance: &NewRiskAcceptance,
        who: &str,
    ) -> Result<RiskAcceptance> {
        let today = crate::clock::today();
        let accepted = acceptance.checked(item_id, today)?;
        let plan = self.gap_plan(today, None)?;
        let title = item_title(&plan, item_id)?;
        let row = RiskRow {
            reason: accepted.reason.clone(),
            approver: accepted.approver.clone(),
            expires: accepted.expires.to_string(),
            accepted_on: today.to_string(),
        };
        self.write(|tx| {
            let replaced = Target::Risk {
                item_id: item_id.to_string(),
            }
            .snapshot(tx)?;
            write_risk(tx, item_id, Some(&row))?;
            LogEntry::new(who, plan_subject(item_id, PlanField::RiskAcceptance))
                .values(
                    Some(&replaced.describe()),
                    Some(&format!(
                        "accepted until {} by {}: {title}",
                        row.expires, row.approver
                    )),
                )
                .reason(&row.reason)
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        Ok(accepted)
    }

    /// Withdraws the risk accepted for an item: its gaps are open again.
    pub fn withdraw_risk(&mut self, item_id: &str, reason: &str, who: &str) -> Result<()> {
        let reason = crate::log::required_reason(reason)?;
        let exists = self
            .risk_acceptances()?
            .iter()
            .any(|a| a.item_id == item_id);
        if !exists {
            return Err(StoreError::invalid(
                "item",
                format!("no risk is accepted for {item_id:?}"),
            ));
        }
        self.write(|tx| {
            let replaced = Target::Risk {
                item_id: item_id.to_string(),
            }
            .snapshot(tx)?;
            write_risk(tx, item_id, None)?;
            LogEntry::new(who, plan_subject(item_id, PlanField::RiskAcceptance))
                .values(Some(&replaced.describe()), Some("not accepted"))
                .reason(reason)
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })
    }

    /// Every assignment, by item id.
    pub fn assignments(&self) -> Result<Vec<Assignment>> {
        read_assignments(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Every accepted risk, expired or not.
    pub fn risk_acceptances(&self) -> Result<Vec<RiskAcceptance>> {
        read_risks(&self.conn).map_err(|e| self.read_error(e))
    }
}

/// The title of item `id` in `plan` (an item, a task group, a task, or one already accepted),
/// or the refusal.
fn item_title(plan: &Plan, id: &str) -> Result<String> {
    let found = plan
        .items
        .iter()
        .find(|i| i.id == id)
        .map(|i| i.title.clone())
        .or_else(|| {
            plan.items
                .iter()
                .filter(|i| i.level == demarc_core::plan::PlanLevel::Task)
                .flat_map(|i| &i.members)
                .find(|m| m.id == id)
                .map(|m| m.title.clone())
        })
        .or_else(|| {
            plan.accepted
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.title.clone())
        });
    found.ok_or_else(|| {
        StoreError::invalid(
            "item",
            format!("{id:?} is no item, task group or task of today's plan"),
        )
    })
}

fn plan_subject(item_id: &str, field: PlanField) -> Subject {
    Subject::PlanItem {
        item_id: item_id.to_string(),
        field,
    }
}

fn read_assignments(conn: &Connection) -> rusqlite::Result<Vec<Assignment>> {
    let mut stmt = conn.prepare(
        "SELECT a.item_id, m.name, a.due FROM plan_assignment a
         LEFT JOIN team_member m ON m.id = a.person_id ORDER BY a.item_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Assignment {
            item_id: r.get(0)?,
            owner: r.get(1)?,
            due: parse_date(2, r.get(2)?)?,
        })
    })?;
    rows.collect()
}

fn read_risks(conn: &Connection) -> rusqlite::Result<Vec<RiskAcceptance>> {
    let mut stmt = conn.prepare(
        "SELECT item_id, reason, approver, expires, accepted_on FROM risk_acceptance
         ORDER BY item_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RiskAcceptance {
            item_id: r.get(0)?,
            reason: r.get(1)?,
            approver: r.get(2)?,
            expires: parse_date(3, r.get(3)?)?.unwrap_or(NaiveDate::MIN),
            accepted_on: parse_date(4, r.get(4)?)?.unwrap_or(NaiveDate::MIN),
        })
    })?;
    rows.collect()
}

pub(crate) fn read_assignment(
    tx: &Transaction,
    item_id: &str,
) -> rusqlite::Result<Option<(Option<i64>, Option<String>)>> {
    tx.query_row(
        "SELECT person_id, due FROM plan_assignment WHERE item_id = ?1",
        [item_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

pub(crate) fn write_assignment(
    tx: &Transaction,
    item_id: &str,
    assignment: Option<&(Option<i64>, Option<String>)>,
) -> rusqlite::Result<()> {
    match assignment {
        Some((person, due)) if person.is_some() || due.is_some() => tx.execute(
            "INSERT INTO plan_assignment (item_id, person_id, due) VALUES (?1, ?2, ?3)
             ON CONFLICT (item_id) DO UPDATE SET person_id = excluded.person_id,
                 due = excluded.due",
            params![item_id, person, due],
        )?,
        _ => tx.execute("DELETE FROM plan_assignment WHERE item_id = ?1", [item_id])?,
    };
    Ok(())
}

pub(crate) fn read_risk(tx: &Transaction, item_id: &str) -> rusqlite::Result<Option<RiskRow>> {
    tx.query_row(
        "SELECT reason, approver, expires, accepted_on FROM risk_acceptance WHERE item_id = ?1",
        [item_id],
        |r| {
            Ok(RiskRow {
                reason: r.get(0)?,
                approver: r.get(1)?,
                expires: r.get(2)?,
                accepted_on: r.get(3)?,
            })
        },
    )
    .optional()
}

pub(crate) fn write_risk(
    tx: &Transaction,
    item_id: &str,
    row: Option<&RiskRow>,
) -> rusqlite::Result<()> {
    match row {
        Some(r) => tx.execute(
            "INSERT INTO risk_acceptance (item_id, reason, approver, expires, accepted_on)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (item_id) DO UPDATE SET reason = excluded.reason,
                 approver = excluded.approver, expires = excluded.expires,
                 accepted_on = excluded.accepted_on",
            params![item_id, r.reason, r.approver, r.expires, r.accepted_on],
        )?,
        None => tx.execute("DELETE FROM risk_acceptance WHERE item_id = ?1", [item_id])?,
    };
    Ok(())
}
