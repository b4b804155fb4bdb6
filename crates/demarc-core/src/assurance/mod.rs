//! Vendor assurance: the attestations a provider holds (SOC 2 reports, HIPAA BAAs, PCI DSS
//! AOCs, ISO 27001 certificates, FedRAMP authorizations), the rules that decide whether one
//! covers a service for a framework on a given day, and the gaps the tool surfaces.
//!
//! Every rule takes "today" as a parameter: nothing here reads the clock.
//!
//! Inheritance, as of `today`, for the services an attestation lists and, where the document
//! narrows it, the requirements it covers (an AOC's listed requirements, a SOC 2 report's
//! trust services categories):
//! - SOC 2 report → SOC 2 rows, while not stale (12 months after its period ends);
//! - PCI DSS AOC → PCI DSS rows, for 12 months from its date;
//! - FedRAMP authorization → FedRAMP and NIST SP 800-53 rows, from its date;
//! - ISO 27001 certificate → ISO 27001 rows, until it expires;
//! - HIPAA rows: a BAA is a legal obligation, not evidence that controls work, so a HIPAA row
//!   inherits only through a current SOC 2 report *and* a signed BAA, both covering the service;
//!   the SOC 2 report is the attestation the row refers to;
//! - NIST CSF rows: no attestation speaks for them, they stay `provider`;
//! - a row the provider outsources to a third party (a subservice organisation) inherits only
//!   through an inclusive SOC 2 report or the third party's own attestation (`third_party`);
//! - a criterion a SOC 2 report carves out to its subservice organisations is not inherited
//!   through it, nor are the rows of other frameworks that rest on it (`carve_out`).

mod attestation;
mod carve_out;
mod closed;
mod coverage;
mod csoc;
mod cuec;
mod gap;
mod gaps;
mod plausibility;
mod report;
mod scope;
#[cfg(test)]
mod tests;
mod third_party;
mod tpsp;

pub use attestation::*;
pub use carve_out::*;
pub use closed::*;
pub use coverage::*;
pub use csoc::*;
pub use cuec::*;
pub use gap::*;
pub use gaps::*;
pub use plausibility::*;
pub use report::*;
pub use scope::*;
pub use third_party::*;
pub use tpsp::*;
