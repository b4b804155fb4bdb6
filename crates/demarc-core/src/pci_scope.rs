//! How a client validates its PCI DSS compliance (a self-assessment questionnaire or a report
//! on compliance) and why each of its services is in PCI DSS scope or not, with a one-line
//! rationale: the part of the PCI DSS scoping profile an assessor reads first.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Invalid, PaymentChannel, PciEntity};

/// How the client validates: one of the PCI SSC's self-assessment questionnaires, or a report
/// on compliance by a QSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PciValidation {
    /// Card-not-present, every element of the payment page from a compliant TPSP (redirect or
    /// iframe), or mail/telephone orders fully outsourced.
    SaqA,
    /// E-commerce whose page posts to or builds the form with a compliant TPSP.
    SaqAEp,
    /// Imprint machines or standalone dial-out terminals only.
    SaqB,
    /// Standalone PTS terminals on IP only.
    SaqBIp,
    /// Payment applications on systems connected to the internet, no electronic storage.
    SaqC,
    /// Keyed entry into a TPSP's virtual terminal only.
    SaqCVt,
    /// Hardware terminals of a validated P2PE solution only.
    SaqP2pe,
    /// Every other merchant that may self-assess.
    SaqDMerchant,
    /// A service provider that may self-assess.
    SaqDServiceProvider,
    /// A report on compliance, by a QSA (or an internal security assessor).
    Roc,
}

impl PciValidation {
    pub const ALL: [PciValidation; 10] = [
        PciValidation::SaqA,
        PciValidation::SaqAEp,
        PciValidation::SaqB,
        PciValidation::SaqBIp,
        PciValidation::SaqC,
        PciValidation::SaqCVt,
        PciValidation::SaqP2pe,
        PciValidation::SaqDMerchant,
        PciValidation::SaqDServiceProvider,
        PciValidation::Roc,
    ];

    pub fn id(self) -> &'static str {
        match self {
            PciValidation::SaqA => "saq_a",
            PciValidation::SaqAEp => "saq_a_ep",
            PciValidation::SaqB => "saq_b",
            PciValidation::SaqBIp => "saq_b_ip",
            PciValidation::SaqC => "saq_c",
            PciValidation::SaqCVt => "saq_c_vt",
            PciValidation::SaqP2pe => "saq_p2pe",
            PciValidation::SaqDMerchant => "saq_d_merchant",
            PciValidation::SaqDServiceProvider => "saq_d_service_provider",
            PciValidation::Roc => "roc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PciValidation::SaqA => "SAQ A",
            PciValidation::SaqAEp => "SAQ A-EP",
            PciValidation::SaqB => "SAQ B",
            PciValidation::SaqBIp => "SAQ B-IP",
            PciValidation::SaqC => "SAQ C",
            PciValidation::SaqCVt => "SAQ C-VT",
            PciValidation::SaqP2pe => "SAQ P2PE",
            PciValidation::SaqDMerchant => "SAQ D for merchants",
            PciValidation::SaqDServiceProvider => "SAQ D for service providers",
            PciValidation::Roc => "Report on Compliance (ROC)",
        }
    }

    pub fn from_id(id: &str) -> Option<PciValidation> {
        PciValidation::ALL.into_iter().find(|v| v.id() == id)
    }

    /// The requirements this questionnaire asks, when it asks a subset of PCI DSS: SAQ A as of
    /// PCI DSS v4.0.1 SAQ A revision 1 (January 2025), which removed 6.4.3, 11.6.1 and 12.3.1
    /// (the first two for an eligibility criterion on script attacks, see `SAQ_A_ELIGIBILITY`).
    /// `None`: every requirement.
    pub fn requirements(self) -> Option<&'static [&'static str]> {
        match self {
            PciValidation::SaqA => Some(SAQ_A),
            _ => None,
        }
    }

    /// What the questionnaire keeps beyond its own requirements, and why, in a sentence.
    pub fn kept_as_evidence(self) -> Option<&'static str> {
        (self == PciValidation::SaqA).then_some(
            "6.4.3 and 11.6.1, which SAQ A's revision 1 replaced by an eligibility criterion \
             (the merchant's site is not susceptible to script attacks), stay on the payment \
             page's host as the evidence of that criterion (PCI SSC FAQ 1588).",
        )
    }

    /// Why `requirement` is outside this questionnaire, or `None` when it asks it (directly or
    /// through one of its sub-requirements, or as the evidence of its eligibility criterion).
    pub fn leaves_out(self, requirement: &str) -> Option<String> {
        let asked = self.requirements()?;
        let id = requirement.trim();
        let inside = asked
            .iter()
            .any(|a| *a == id || a.strip_prefix(id).is_some_and(|rest| rest.starts_with('.')));
        if inside {
            return None;
        }
        if self == PciValidation::SaqA && SAQ_A_ELIGIBILITY.contains(&id) {
            return None;
        }
        let removed = SAQ_A_REMOVED.contains(&id) && self == PciValidation::SaqA;
        Some(if removed {
            format!(
                "PCI DSS scoping profile, validation {}: removed from SAQ A in its revision 1 \
                 (January 2025).",
                self.label()
            )
        } else {
            format!(
                "PCI DSS scoping profile, validation {}: not among the requirements {} asks \
                 (PCI DSS v4.0.1).",
                self.label(),
                self.label()
            )
        })
    }

    /// The channels this questionnaire allows a merchant; `None`: any.
    fn channels_allowed(self) -> Option<&'static [PaymentChannel]> {
        use PaymentChannel::*;
        match self {
            PciValidation::SaqA => Some(&[Redirect, Iframe, Moto]),
            PciValidation::SaqAEp => Some(&[Redirect, Iframe, DirectPost, ProviderScript]),
            PciValidation::SaqB
            | PciValidation::SaqBIp
            | PciValidation::SaqC
            | PciValidation::SaqP2pe => Some(&[CardPresent, Moto]),
            PciValidation::SaqCVt => Some(&[Moto, CardPresent]),
            PciValidation::SaqDMerchant
            | PciValidation::SaqDServiceProvider
            | PciValidation::Roc => None,
        }
    }

    /// Refuses a validation the entity type or the channels rule out, naming `validation`.
    pub fn check(self, entity: PciEntity, channels: &[PaymentChannel]) -> Result<(), Invalid> {
        let refuse = |m: String| Err(Invalid::new("validation", m));
        if entity.is_service_provider() {
            if !matches!(
                self,
                PciValidation::SaqDServiceProvider | PciValidation::Roc
            ) {
                return refuse(format!(
                    "a service provider validates with SAQ D for service providers or a ROC, \
                     not {}",
                    self.label()
                ));
            }
            return Ok(());
        }
        if self == PciValidation::SaqDServiceProvider {
            return refuse(
                "SAQ D for service providers is for service providers; a merchant uses SAQ D \
                 for merchants"
                    .into(),
            );
        }
        if let Some(allowed) = self.channels_allowed() {
            if let Some(c) = channels.iter().find(|c| !allowed.contains(c)) {
                return refuse(format!(
                    "{} does not take in this channel: {}",
                    self.label(),
                    c.label()
                ));
            }
        }
        Ok(())
    }
}

/// The requirements SAQ A asks (PCI DSS v4.0.1, SAQ A revision 1): vendor defaults, the web
/// server's vulnerabilities and patches, user identification and authentication, paper media,
/// external scans, third-party service providers and incident response.
const SAQ_A: &[&str] = &[
    "2.2.2", "6.3.1", "6.3.3", "8.2.1", "8.2.2", "8.2.5", "8.3.1", "8.3.5", "8.3.6", "8.3.7",
    "8.3.9", "9.4.1", "9.4.1.1", "9.4.1.2", "9.4.2", "9.4.3", "9.4.4", "9.4.6", "11.3.2",
    "11.3.2.1", "12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5", "12.10.1",
];

/// Asked by SAQ A for PCI DSS v4.0.1 until its revision 1 took them out.
const SAQ_A_REMOVED: &[&str] = &["12.3.1"];

/// Taken out of SAQ A by its revision 1 for an eligibility criterion (the merchant's site is not
/// susceptible to script attacks), which implementing them on the payment page's host shows
/// (PCI SSC FAQ 1588): kept as that evidence, so the criterion has an owner and a task.
const SAQ_A_ELIGIBILITY: &[&str] = &["6.4.3", "11.6.1"];

/// Why a service is in PCI DSS scope, or that it is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ServiceScope {
    /// Stores, processes or transmits account data: part of the cardholder data environment.
    Cde,
    /// Connects to the CDE or can reach it.
    ConnectedTo,
    /// Can affect the security of the CDE or of the payment page (identities, logging,
    /// management).
    SecurityImpacting,
    /// Serves the page that holds, embeds or posts to the payment form.
    PaymentPage,
    /// A third-party service provider handles the account data on the client's behalf.
    Tpsp,
    /// Neither reaches nor can affect account data.
    OutOfScope,
}

impl ServiceScope {
    pub const ALL: [ServiceScope; 6] = [
        ServiceScope::Cde,
        ServiceScope::ConnectedTo,
        ServiceScope::SecurityImpacting,
        ServiceScope::PaymentPage,
        ServiceScope::Tpsp,
        ServiceScope::OutOfScope,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ServiceScope::Cde => "cde",
            ServiceScope::ConnectedTo => "connected_to",
            ServiceScope::SecurityImpacting => "security_impacting",
            ServiceScope::PaymentPage => "payment_page",
            ServiceScope::Tpsp => "tpsp",
            ServiceScope::OutOfScope => "out_of_scope",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceScope::Cde => "CDE",
            ServiceScope::ConnectedTo => "Connected-to",
            ServiceScope::SecurityImpacting => "Security-impacting",
            ServiceScope::PaymentPage => "Payment page",
            ServiceScope::Tpsp => "TPSP (outsourced)",
            ServiceScope::OutOfScope => "Out of scope",
        }
    }

    /// In a few words, as the profile's summary lists it.
    pub fn short(self) -> &'static str {
        match self {
            ServiceScope::Cde => "CDE",
            ServiceScope::ConnectedTo => "connected-to",
            ServiceScope::SecurityImpacting => "security-impacting",
            ServiceScope::PaymentPage => "payment page",
            ServiceScope::Tpsp => "TPSP-managed",
            ServiceScope::OutOfScope => "out of scope",
        }
    }

    pub fn from_id(id: &str) -> Option<ServiceScope> {
        ServiceScope::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Every category but out of scope.
    pub fn in_scope(self) -> bool {
        self != ServiceScope::OutOfScope
    }
}

/// One service's place in PCI DSS scope and why, in a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceScopeNote {
    #[ts(type = "number")]
    pub service_id: i64,
    pub scope: ServiceScope,
    pub rationale: String,
}

/// The longest rationale: one line.
pub const RATIONALE_MAX: usize = 300;

/// The notes in service order, each rationale trimmed and one line; refuses an empty or
/// multi-line rationale and a service named twice, naming `service_scope`.
pub fn checked_notes(notes: &[ServiceScopeNote]) -> Result<Vec<ServiceScopeNote>, Invalid> {
    let mut out: Vec<ServiceScopeNote> = Vec::new();
    for n in notes {
        let rationale = n.rationale.trim().to_string();
        let refuse = |m: &str| Err(Invalid::new("service_scope", m));
        if rationale.is_empty() {
            return refuse("each service's scope needs a one-line rationale");
        }
        if rationale.contains(['\n', '\r']) || rationale.chars().count() > RATIONALE_MAX {
            return refuse("a scope rationale is one line (up to 300 characters)");
        }
        if out.iter().any(|o| o.service_id == n.service_id) {
            return refuse("a service is given its scope twice");
        }
        out.push(ServiceScopeNote {
            rationale,
            ..n.clone()
        });
    }
    out.sort_by_key(|n| n.service_id);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentChannel::*;

    #[test]
    fn the_validation_follows_the_entity_and_the_channels() {
        let field = |v: PciValidation, e: PciEntity, c: &[PaymentChannel]| {
            v.check(e, c).err().map(|i| i.field)
        };
        assert_eq!(
            field(PciValidation::SaqA, PciEntity::Merchant, &[Iframe]),
            None
        );
        assert_eq!(
            field(
                PciValidation::SaqA,
                PciEntity::Merchant,
                &[Iframe, DirectPost]
            ),
            Some("validation")
        );
        assert_eq!(
            field(PciValidation::SaqAEp, PciEntity::Merchant, &[DirectPost]),
            None
        );
        assert_eq!(
            field(PciValidation::SaqAEp, PciEntity::Merchant, &[OwnPage]),
            Some("validation")
        );
        assert_eq!(
            field(
                PciValidation::SaqDServiceProvider,
                PciEntity::Merchant,
                &[Iframe]
            ),
            Some("validation")
        );
        assert_eq!(
            field(PciValidation::SaqA, PciEntity::ServiceProvider, &[]),
            Some("validation")
        );
        assert_eq!(field(PciValidation::Roc, PciEntity::Both, &[OwnPage]), None);
        assert_eq!(
            field(PciValidation::SaqDMerchant, PciEntity::Merchant, &[OwnPage]),
            None
        );
    }

    #[test]
    fn saq_a_asks_its_own_requirements_and_their_parents() {
        let saq = PciValidation::SaqA;
        assert_eq!(saq.leaves_out("12.8.5"), None);
        assert_eq!(
            saq.leaves_out("12.8"),
            None,
            "a parent of an asked requirement stays"
        );
        assert_eq!(saq.leaves_out("9.4.1.2"), None);
        assert!(saq.leaves_out("3.5.1").unwrap().contains("not among"));
        assert!(saq.leaves_out("12.8.50").is_some());
        assert!(saq.leaves_out("1").is_some());
        assert!(saq.leaves_out("12.3.1").unwrap().contains("revision 1"));
        assert_eq!(
            saq.leaves_out("6.4.3"),
            None,
            "the script-attack criterion's evidence"
        );
        assert_eq!(saq.leaves_out("11.6.1"), None);
        assert_eq!(PciValidation::SaqDMerchant.leaves_out("3.5.1"), None);
        assert_eq!(PciValidation::Roc.requirements(), None);
    }

    #[test]
    fn a_rationale_is_one_line_and_a_service_has_one() {
        let note = |id, why: &str| ServiceScopeNote {
            service_id: id,
            scope: ServiceScope::PaymentPage,
            rationale: why.into(),
        };
        assert_eq!(
            checked_notes(&[note(2, " serves checkout "), note(1, "x")]).unwrap()[1].rationale,
            "serves checkout"
        );
        for bad in [
            vec![note(1, "  ")],
            vec![note(1, "two\nlines")],
            vec![note(1, "a"), note(1, "b")],
            vec![note(1, &"x".repeat(301))],
        ] {
            assert_eq!(checked_notes(&bad).unwrap_err().field, "service_scope");
        }
    }
}
