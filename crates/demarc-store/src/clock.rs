//! The one clock of the store: when a change is stamped, and which day the matrix is read on.

use chrono::{Local, NaiveDate, SecondsFormat, Utc};

/// Now, as the RFC 3339 UTC timestamp (to the second) every stored time is written in.
pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The day the matrix is read on when none is given: the user's local date.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}
