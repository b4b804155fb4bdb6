//! How time changes an item's severity.

use chrono::NaiveDate;

use crate::Severity;

/// A forward-looking gap this close to its date is high.
pub const DUE_SOON_DAYS: i64 = 30;
/// A forward-looking gap further away than this is low.
pub const LOW_BEYOND_DAYS: i64 = 90;

/// The severity of a forward-looking gap whose first day is `from`, on `today`.
pub fn time_severity(from: NaiveDate, today: NaiveDate) -> Severity {
    let left = (from - today).num_days();
    if left <= DUE_SOON_DAYS {
        Severity::High
    } else if left <= LOW_BEYOND_DAYS {
        Severity::Medium
    } else {
        Severity::Low
    }
}

/// One step more severe.
pub(super) fn raised(s: Severity) -> Severity {
    match s {
        Severity::Low => Severity::Medium,
        _ => Severity::High,
    }
}

/// The worst of two severities (`High` orders first).
pub(super) fn worst(a: Severity, b: Severity) -> Severity {
    a.min(b)
}
