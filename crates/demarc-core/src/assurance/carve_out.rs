//! Which SOC 2 criterion a control of another framework rests on when a SOC 2 report is the
//! attestation that covers it: a report that carves the criterion out to its subservice
//! organisations speaks for those rows no more than for the criterion itself.
//!
//! Kept small on purpose, the physical safeguards only:
//! - CC6.4 (physical access to facilities) ↔ HIPAA 164.310(a)(1) facility access controls,
//!   (a)(2)(ii) facility security plan, (a)(2)(iii) access control and validation,
//!   (a)(2)(iv) maintenance records, (b) workstation use, (c) workstation security;
//! - CC6.5 (disposal of physical assets) ↔ HIPAA 164.310(d)(1) device and media controls,
//!   (d)(2)(i) disposal, (d)(2)(ii) media re-use;
//! - A1.2 (environmental protections and recovery infrastructure) ↔ HIPAA 164.310(a)(2)(i)
//!   contingency operations.

use crate::Framework;

/// (framework, control, the SOC 2 criterion it rests on).
const RESTS_ON: &[(Framework, &str, &str)] = &[
    (Framework::Hipaa, "164.310(a)(1)", "CC6.4"),
    (Framework::Hipaa, "164.310(a)(2)(ii)", "CC6.4"),
    (Framework::Hipaa, "164.310(a)(2)(iii)", "CC6.4"),
    (Framework::Hipaa, "164.310(a)(2)(iv)", "CC6.4"),
    (Framework::Hipaa, "164.310(b)", "CC6.4"),
    (Framework::Hipaa, "164.310(c)", "CC6.4"),
    (Framework::Hipaa, "164.310(d)(1)", "CC6.5"),
    (Framework::Hipaa, "164.310(d)(2)(i)", "CC6.5"),
    (Framework::Hipaa, "164.310(d)(2)(ii)", "CC6.5"),
    (Framework::Hipaa, "164.310(a)(2)(i)", "A1.2"),
];

/// The SOC 2 criterion a report's carve-out of which also reaches `control` of `framework`: the
/// control itself under SOC 2, the mapped criterion for another framework's control, `None`
/// for a control the mapping leaves out.
pub fn carve_out_criterion(framework: Framework, control: &str) -> Option<&str> {
    let control = control.trim();
    if framework == Framework::Soc2 {
        return Some(control);
    }
    RESTS_ON
        .iter()
        .find(|(f, c, _)| *f == framework && c.eq_ignore_ascii_case(control))
        .map(|(_, _, criterion)| *criterion)
}

/// Every mapped pair, for documentation and tests: (framework, control, SOC 2 criterion).
pub fn carve_out_mapping() -> &'static [(Framework, &'static str, &'static str)] {
    RESTS_ON
}
