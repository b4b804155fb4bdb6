//! The gaps of an engagement in order, with counts by service, framework and kind.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Gap, Severity};

/// Counts of gaps under one key (a service or a framework).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GapCount {
    pub key: String,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub total: u32,
}

/// Every gap of the engagement on `today`, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GapReport {
    pub today: NaiveDate,
    pub gaps: Vec<Gap>,
    pub by_service: Vec<GapCount>,
    pub by_framework: Vec<GapCount>,
    pub by_kind: Vec<GapCount>,
    /// Gaps under a risk accepted that holds on `today`: not open, listed apart.
    #[serde(default)]
    pub accepted: Vec<crate::plan::AcceptedGap>,
}

/// How many gaps are open on `today`, for the top bar: the list itself is read only where it is
/// shown (on a 50-service engagement it is some 30,000 gaps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GapTally {
    pub today: NaiveDate,
    pub open: u32,
    /// Of them, scoping questions not answered yet.
    pub scoping_open: u32,
}

impl GapReport {
    /// The counts of the top bar.
    pub fn tally(&self) -> GapTally {
        let scoping = self
            .gaps
            .iter()
            .filter(|g| g.kind == super::GapKind::ScopingNotAnswered);
        GapTally {
            today: self.today,
            open: u32::try_from(self.gaps.len()).unwrap_or(u32::MAX),
            scoping_open: u32::try_from(scoping.count()).unwrap_or(u32::MAX),
        }
    }

    /// Orders the gaps (severity, then service, framework, control) and counts them.
    pub fn new(today: NaiveDate, mut gaps: Vec<Gap>) -> GapReport {
        gaps.sort_by(|a, b| {
            (a.severity, &a.service, a.framework, &a.control, a.kind).cmp(&(
                b.severity,
                &b.service,
                b.framework,
                &b.control,
                b.kind,
            ))
        });
        let by_service = count(&gaps, |g| g.service.clone());
        let by_framework = count(&gaps, |g| g.framework.map(|f| f.id().to_string()));
        let by_kind = count(&gaps, |g| Some(g.kind.id().to_string()));
        GapReport {
            today,
            gaps,
            by_service,
            by_framework,
            by_kind,
            accepted: Vec::new(),
        }
    }
}

fn count(gaps: &[Gap], key: impl Fn(&Gap) -> Option<String>) -> Vec<GapCount> {
    let mut counts: Vec<GapCount> = Vec::new();
    for g in gaps {
        let Some(k) = key(g) else { continue };
        let i = match counts.iter().position(|c| c.key == k) {
            Some(i) => i,
            None => {
                counts.push(GapCount {
                    key: k,
                    high: 0,
                    medium: 0,
                    low: 0,
                    total: 0,
                });
                counts.len() - 1
            }
        };
        let c = &mut counts[i];
        c.total += 1;
        match g.severity {
            Severity::High => c.high += 1,
            Severity::Medium => c.medium += 1,
            Severity::Low => c.low += 1,
        }
    }
    counts.sort_by(|a, b| a.key.cmp(&b.key));
    counts
}
