//! Sign-off: reviews of the decisions in the log, the document version with its change log,
//! and the approval of a version. What the exports state ("Draft", or who approved which
//! version and when) is decided here, from records the store reads.

mod change_log;
mod readiness;
mod review;
mod status;
mod version;

pub use change_log::{change_log, ChangeCount, ChangeLog};
pub use readiness::{customer_evidence, reads_as_readiness, READINESS_DRAFT};
pub use review::{check_review, review_states, DecisionReview, NewReview, ReviewState, Verdict};
pub use status::{
    next_unused_version, sign_off, version_changes, DocumentState, SignOff, SignOffInput,
};
pub use version::{check_approval, next_version, Approval, DocumentVersion};

#[cfg(test)]
mod tests;
