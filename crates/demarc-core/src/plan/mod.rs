//! The work plan: an engagement's gaps grouped by root cause and action, so that a consultant
//! sees the decisions to take (management items) and the control tasks to hand out (task
//! groups by theme) instead of one card per gap.
//!
//! Rules (see `group.rs`):
//! - every gap that fails because of one attestation (stale, not listing a service, no BAA, days
//!   of the window uncovered), with the provider-side rows it leaves unattested, is one
//!   management item under that attestation or provider;
//! - the same control with the same gap on several services is one task listing the services;
//!   an entity-level row is a task of its own;
//! - tasks are gathered into groups by theme (the control's family), coarser (framework, then
//!   action) when the families alone would make more than `MAX_ENTRIES` entries.
//!
//! Severity (see `severity.rs`) comes from the worst member and from time: an item past its due
//! date is raised one step; a forward-looking coverage gap is low while its first uncovered day
//! is more than 90 days away, medium within 90 days, high within 30.
//!
//! People (see `assign.rs`): an item, a task group or a task may be given to a person of the
//! engagement's team with a due date; the assigned date replaces the computed one, so an
//! assignment past its date raises severity too. A risk accepted for an item (see
//! `accept.rs`) takes its gaps out of the open ones until the acceptance expires; they are
//! listed as accepted.

mod accept;
mod assign;
mod group;
mod progress;
mod severity;
mod tally;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

use crate::{
    soc2_coverage, uncovered, validity, vendor_review_due, Attestation, AttestationDetails,
    Engagement, Framework, MatrixRow, Service, Severity, VendorReview,
};

pub use accept::{split_accepted, AcceptedGap, AcceptedItem, NewRiskAcceptance, RiskAcceptance};
pub use assign::{Assignment, TeamMember};
pub use group::{item_of_each, plan};
pub use progress::{Progress, ProgressDay};
pub use severity::{time_severity, DUE_SOON_DAYS, LOW_BEYOND_DAYS};
pub use tally::{plural, Tally};

/// The most entries the first view of the plan holds.
pub const MAX_ENTRIES: usize = 30;

/// Management item or task group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PlanLevel {
    Management,
    Task,
}

/// One member of an item: a gap of a management item, or a task (one control, one action, the
/// services it is missing on) of a task group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanMember {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub framework: Option<Framework>,
    pub control: Option<String>,
    pub services: Vec<String>,
    pub severity: Severity,
    /// How many gaps this member stands for.
    pub count: u32,
    /// The person a task is given to.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

/// A management item or a task group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanItem {
    /// Stable across runs while the cause is the same.
    pub id: String,
    pub level: PlanLevel,
    pub kind: String,
    pub title: String,
    /// The provider, services or framework the item is about.
    pub scope: String,
    pub severity: Severity,
    /// How many gaps the item accounts for.
    pub count: u32,
    pub members: Vec<PlanMember>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub action: String,
}

/// The plan on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Plan {
    pub as_of: NaiveDate,
    pub items: Vec<PlanItem>,
    /// Items, task groups and tasks whose risk is accepted on `as_of`: not open.
    pub accepted: Vec<AcceptedItem>,
}

impl Plan {
    /// The plan as one person sees it: the items given to `owner` whole, and of the others
    /// only the tasks given to `owner` (names compared without case).
    pub fn for_owner(&self, owner: &str) -> Plan {
        let mine = |o: &Option<String>| {
            o.as_deref()
                .is_some_and(|o| o.trim().eq_ignore_ascii_case(owner.trim()))
        };
        let items = self
            .items
            .iter()
            .filter_map(|i| {
                if mine(&i.owner) {
                    return Some(i.clone());
                }
                let members: Vec<PlanMember> = i
                    .members
                    .iter()
                    .filter(|m| mine(&m.owner))
                    .cloned()
                    .collect();
                (!members.is_empty()).then(|| PlanItem {
                    count: members.iter().map(|m| m.count).sum(),
                    severity: members
                        .iter()
                        .map(|m| m.severity)
                        .fold(Severity::Low, Severity::min),
                    members,
                    ..i.clone()
                })
            })
            .collect();
        Plan {
            as_of: self.as_of,
            items,
            accepted: self.accepted.clone(),
        }
    }

    /// How many management items and tasks are open.
    pub fn open_counts(&self) -> (u32, u32) {
        let management = self
            .items
            .iter()
            .filter(|i| i.level == PlanLevel::Management)
            .count() as u32;
        let tasks = self
            .items
            .iter()
            .filter(|i| i.level == PlanLevel::Task)
            .map(|i| i.members.len() as u32)
            .sum();
        (management, tasks)
    }
}

/// What grouping needs besides the gaps.
#[derive(Debug, Clone, Default)]
pub struct PlanContext {
    pub audit_start: Option<NaiveDate>,
    /// Customer evidence is due this many days before the window opens (60 to 90).
    pub lead_days: u32,
    /// The family of each control, by framework and control id.
    pub families: HashMap<(Framework, String), String>,
    /// For each service with a SOC 2 window gap, the first day of the window left uncovered.
    pub uncovered_from: HashMap<String, NaiveDate>,
    /// The last day each attestation may be relied on, by its id (those that end).
    pub valid_until: HashMap<i64, NaiveDate>,
    /// When each provider's vendor review is due, by the provider's name in lower case (those
    /// with a review recorded).
    pub review_due: HashMap<String, NaiveDate>,
    /// Who each item, task group or task is given to and by when, by its id.
    pub assignments: HashMap<String, Assignment>,
    /// The risks accepted, by item id (current or expired: the day decides).
    pub accepted: HashMap<String, RiskAcceptance>,
}

impl PlanContext {
    /// The context of an engagement: the families of its `rows`, and for each of its
    /// `services` under SOC 2 the first day of the audit window no report of `attestations`
    /// covers (a bridge letter counting up to `bridge_letter_months` past the period).
    pub fn new(
        engagement: &Engagement,
        services: &[Service],
        rows: &[MatrixRow],
        attestations: &[Attestation],
        bridge_letter_months: u32,
        lead_days: u32,
    ) -> PlanContext {
        let mut ctx = PlanContext {
            audit_start: engagement.audit_start,
            lead_days,
            ..PlanContext::default()
        };
        ctx.valid_until = attestations
            .iter()
            .filter_map(|a| validity(&a.details).1.map(|end| (a.id, end)))
            .collect();
        for r in rows {
            ctx.families
                .entry((r.framework, r.control_id.clone()))
                .or_insert_with(|| r.family.clone());
        }
        let Some(window) = engagement.audit_start.zip(engagement.audit_end) else {
            return ctx;
        };
        for s in services
            .iter()
            .filter(|s| s.frameworks.contains(&Framework::Soc2))
        {
            let coverage: Vec<(NaiveDate, NaiveDate)> = attestations
                .iter()
                .filter(|a| a.covers(&s.name))
                .filter_map(|a| match &a.details {
                    AttestationDetails::Soc2(r) => Some(soc2_coverage(r, bridge_letter_months)),
                    _ => None,
                })
                .collect();
            if let Some((from, _)) = uncovered(window, &coverage).first() {
                ctx.uncovered_from.insert(s.name.clone(), *from);
            }
        }
        ctx
    }

    /// Takes when each provider's vendor review is due from `reviews`.
    pub fn with_reviews(mut self, reviews: &[VendorReview]) -> PlanContext {
        self.review_due = reviews
            .iter()
            .filter_map(|r| vendor_review_due(Some(r)).map(|d| (r.provider.to_lowercase(), d)))
            .collect();
        self
    }

    /// The day customer evidence is due, if the window is set.
    pub fn evidence_due(&self) -> Option<NaiveDate> {
        self.audit_start
            .and_then(|s| s.checked_sub_days(chrono::Days::new(u64::from(self.lead_days))))
    }
}
