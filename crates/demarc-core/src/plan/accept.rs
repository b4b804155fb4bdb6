//! Accepted risks: an item, task group or task whose gaps a person decided to live with, with a
//! reason, an approver and an expiry. Until it expires its gaps are not open; they are listed
//! as accepted.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::group::task_id;
use super::*;
use crate::{Gap, Invalid};

/// The longest an acceptance may run: three years.
pub const MAX_ACCEPTANCE_DAYS: i64 = 3 * 366;

/// What a person gives to accept a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewRiskAcceptance {
    pub reason: String,
    pub approver: String,
    pub expires: NaiveDate,
}

impl NewRiskAcceptance {
    /// The acceptance as it is stored, accepted on `today`, or the refusal naming the field.
    pub fn checked(&self, item_id: &str, today: NaiveDate) -> Result<RiskAcceptance, Invalid> {
        let (reason, approver) = (self.reason.trim(), self.approver.trim());
        if item_id.trim().is_empty() {
            return Err(Invalid::new("item", "no item is named"));
        }
        if reason.is_empty() {
            return Err(Invalid::new("reason", "an accepted risk needs its reason"));
        }
        if approver.is_empty() {
            return Err(Invalid::new(
                "approver",
                "an accepted risk needs the person who approved it",
            ));
        }
        if self.expires <= today {
            return Err(Invalid::new(
                "expires",
                format!("the acceptance must run past today ({today})"),
            ));
        }
        if (self.expires - today).num_days() > MAX_ACCEPTANCE_DAYS {
            return Err(Invalid::new(
                "expires",
                "an acceptance runs at most three years: review it again before then",
            ));
        }
        Ok(RiskAcceptance {
            item_id: item_id.trim().to_string(),
            reason: reason.to_string(),
            approver: approver.to_string(),
            expires: self.expires,
            accepted_on: today,
        })
    }
}

/// A risk accepted for an item, task group or task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RiskAcceptance {
    pub item_id: String,
    pub reason: String,
    pub approver: String,
    /// The last day the acceptance holds.
    pub expires: NaiveDate,
    pub accepted_on: NaiveDate,
}

impl RiskAcceptance {
    /// Whether the acceptance holds on `today`: up to and including its expiry.
    pub fn holds_on(&self, today: NaiveDate) -> bool {
        today <= self.expires
    }
}

/// An item, task group or task whose risk is accepted, with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AcceptedItem {
    pub id: String,
    pub level: PlanLevel,
    pub title: String,
    /// How many gaps it stands for.
    pub count: u32,
    pub members: Vec<PlanMember>,
    pub acceptance: RiskAcceptance,
}

/// A gap under an accepted risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AcceptedGap {
    pub gap: Gap,
    pub acceptance: RiskAcceptance,
}

/// The gaps still open on `today` and those under a risk accepted in `ctx` that holds then.
pub fn split_accepted(
    gaps: Vec<Gap>,
    ctx: &PlanContext,
    today: NaiveDate,
) -> (Vec<Gap>, Vec<AcceptedGap>) {
    if !ctx.accepted.values().any(|a| a.holds_on(today)) {
        return (gaps, Vec::new());
    }
    let open_ctx = PlanContext {
        accepted: HashMap::new(),
        ..ctx.clone()
    };
    let plan = plan(&gaps, &open_ctx, today);
    let items = item_of_each(&plan, &gaps);
    let held = |id: &str| ctx.accepted.get(id).filter(|a| a.holds_on(today));
    let mut open = Vec::new();
    let mut accepted = Vec::new();
    for (g, item) in gaps.iter().zip(items) {
        let found = held(&task_id(g)).or_else(|| item.and_then(|i| held(&i.id)));
        match found {
            Some(a) => accepted.push(AcceptedGap {
                gap: g.clone(),
                acceptance: a.clone(),
            }),
            None => open.push(g.clone()),
        }
    }
    (open, accepted)
}
