//! The one clock of the store: when a change is stamped, and which day the matrix is read on.

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, Utc};

/// Now, as the RFC 3339 UTC timestamp (to the second) every stored time is written in.
pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The day the matrix is read on when none is given: the user's local date.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// The user's local date of a stored time (RFC 3339), or `None` when it does not read as one.
pub(crate) fn local_day(at: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&Local).date_naive())
}
