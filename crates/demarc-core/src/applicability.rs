//! Which requirements can apply under a scoping profile. The rules are data (the table in
//! `demarc-catalogs`, `data/applicability.json`): a requirement, or a prefix of requirements,
//! applies when every condition of its rule holds under the framework's profile. One that
//! cannot apply is either not applicable, with the profile as its recorded reason, or, for SOC
//! 2 categories left out of the report, out of the matrix altogether. With no profile recorded,
//! everything applies and a gap asks for the profile.

use serde::{Deserialize, Serialize};

use crate::{
    Framework, Gap, GapKind, GapLink, MatrixRow, OwnerSource, Ownership, PaymentChannel,
    ScopingProfile, TrustCategory,
};

/// A fact of a scoping profile that a requirement can depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// PCI DSS: a service provider (alone or as well as a merchant).
    ServiceProvider,
    /// PCI DSS: a multi-tenant service provider (Appendix A1).
    MultiTenant,
    /// PCI DSS: a designated entity (Appendix A3).
    DesignatedEntity,
    /// PCI DSS: POI terminals on SSL or early TLS (Appendix A2).
    EarlyTlsPoi,
    /// PCI DSS: card-present POI terminals among the channels.
    CardPresent,
    /// PCI DSS: a page of the client's own holds, embeds or builds the payment form, or the
    /// client is a service provider (whose pages may be its customers' payment pages).
    PaymentPage,
    /// PCI DSS: the service serves the client's payment page (a service-level condition: the
    /// profile names those services; while it names none, every service does).
    PaymentPageService,
    /// PCI DSS: issues cards or supports issuing services.
    Issuer,
    /// HIPAA: a covered entity (or a hybrid entity).
    CoveredEntity,
    /// HIPAA: a business associate.
    BusinessAssociate,
    /// HIPAA: a group health plan.
    GroupHealthPlan,
    /// HIPAA: a health care clearinghouse.
    Clearinghouse,
    /// SOC 2: the report covers Availability.
    Availability,
    /// SOC 2: the report covers Confidentiality.
    Confidentiality,
    /// SOC 2: the report covers Processing Integrity.
    ProcessingIntegrity,
    /// SOC 2: the report covers Privacy.
    Privacy,
}

impl Condition {
    /// The framework whose profile answers it.
    pub fn framework(self) -> Framework {
        match self {
            Condition::ServiceProvider
            | Condition::MultiTenant
            | Condition::DesignatedEntity
            | Condition::EarlyTlsPoi
            | Condition::CardPresent
            | Condition::PaymentPage
            | Condition::PaymentPageService
            | Condition::Issuer => Framework::PciDss,
            Condition::CoveredEntity
            | Condition::BusinessAssociate
            | Condition::GroupHealthPlan
            | Condition::Clearinghouse => Framework::Hipaa,
            Condition::Availability
            | Condition::Confidentiality
            | Condition::ProcessingIntegrity
            | Condition::Privacy => Framework::Soc2,
        }
    }

    /// Whether it holds under `profile`; `None` when the profile is another framework's, or
    /// the condition is one service's (`holds_for`).
    pub fn holds(self, profile: &ScopingProfile) -> Option<bool> {
        let category = |s: &crate::Soc2Profile, c: TrustCategory| s.categories.contains(&c);
        Some(match (self, profile) {
            (Condition::ServiceProvider, ScopingProfile::PciDss(p)) => {
                p.entity.is_service_provider()
            }
            (Condition::MultiTenant, ScopingProfile::PciDss(p)) => p.multi_tenant,
            (Condition::DesignatedEntity, ScopingProfile::PciDss(p)) => p.designated_entity,
            (Condition::EarlyTlsPoi, ScopingProfile::PciDss(p)) => p.early_tls_poi,
            (Condition::CardPresent, ScopingProfile::PciDss(p)) => {
                p.channels.contains(&PaymentChannel::CardPresent)
            }
            (Condition::PaymentPage, ScopingProfile::PciDss(p)) => {
                p.entity.is_service_provider()
                    || p.channels.iter().any(|c| c.client_page_holds_the_form())
            }
            (Condition::Issuer, ScopingProfile::PciDss(p)) => p.issuer,
            (Condition::PaymentPageService, _) => return None,
            (Condition::CoveredEntity, ScopingProfile::Hipaa(h)) => h.role.is_covered_entity(),
            (Condition::BusinessAssociate, ScopingProfile::Hipaa(h)) => {
                h.role == crate::HipaaRole::BusinessAssociate
            }
            (Condition::GroupHealthPlan, ScopingProfile::Hipaa(h)) => h.group_health_plan,
            (Condition::Clearinghouse, ScopingProfile::Hipaa(h)) => h.clearinghouse,
            (Condition::Availability, ScopingProfile::Soc2(s)) => {
                category(s, TrustCategory::Availability)
            }
            (Condition::Confidentiality, ScopingProfile::Soc2(s)) => {
                category(s, TrustCategory::Confidentiality)
            }
            (Condition::ProcessingIntegrity, ScopingProfile::Soc2(s)) => {
                category(s, TrustCategory::ProcessingIntegrity)
            }
            (Condition::Privacy, ScopingProfile::Soc2(s)) => category(s, TrustCategory::Privacy),
            _ => return None,
        })
    }

    /// The answer of `profile` the condition turns on, in words: `entity type merchant`.
    pub fn answer(self, profile: &ScopingProfile) -> String {
        let channels = || match profile {
            ScopingProfile::PciDss(p) if !p.channels.is_empty() => {
                let names: Vec<&str> = p.channels.iter().map(|c| c.short()).collect();
                format!("payment channels {}", names.join(", "))
            }
            _ => "no payment channel".to_string(),
        };
        match (self, profile) {
            (Condition::ServiceProvider, ScopingProfile::PciDss(p)) => {
                format!("entity type {}", p.entity.label().to_lowercase())
            }
            (Condition::MultiTenant, _) => "not a multi-tenant service provider".into(),
            (Condition::DesignatedEntity, _) => "not a designated entity".into(),
            (Condition::EarlyTlsPoi, _) => "no POI terminal on SSL or early TLS".into(),
            (Condition::CardPresent, _) => channels(),
            (Condition::PaymentPage, ScopingProfile::PciDss(p)) => format!(
                "entity type {}, {}",
                p.entity.label().to_lowercase(),
                channels()
            ),
            (Condition::Issuer, _) => "not an issuer".into(),
            (Condition::PaymentPageService, _) => "another service serves the payment page".into(),
            (Condition::CoveredEntity | Condition::BusinessAssociate, ScopingProfile::Hipaa(h)) => {
                format!("role {}", h.role.label().to_lowercase())
            }
            (Condition::GroupHealthPlan, _) => "not a group health plan".into(),
            (Condition::Clearinghouse, _) => "not a health care clearinghouse".into(),
            (_, ScopingProfile::Soc2(s)) => {
                let names: Vec<&str> = s.categories.iter().map(|c| c.label()).collect();
                format!("categories in the report {}", names.join(", "))
            }
            (_, other) => other.summary(&|_| None),
        }
    }
}

/// What happens to a requirement whose conditions do not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// It stays in the matrix, not applicable, with the profile as the reason.
    NotApplicable,
    /// It leaves the matrix: not part of what is assessed (a SOC 2 category left out).
    OutOfScope,
}

/// One rule of the applicability table: the requirements (ids or prefixes) it names, the
/// conditions under which they apply, and why, in Demarc's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicabilityRule {
    pub controls: Vec<String>,
    pub when: Vec<Condition>,
    pub effect: Effect,
    pub reason: String,
}

/// Whether a requirement applies under the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applicability {
    Applies,
    /// Not applicable, and why: the rule's reason with the profile answer it turns on.
    NotApplicable(String),
    OutOfScope,
}

/// How the rule of a requirement (if any) reads under the framework's profile (if any).
pub fn applicability(
    rule: Option<&ApplicabilityRule>,
    profile: Option<&ScopingProfile>,
) -> Applicability {
    let (Some(rule), Some(profile)) = (rule, profile) else {
        return Applicability::Applies;
    };
    let failed = rule.when.iter().find(|c| c.holds(profile) == Some(false));
    match (failed, rule.effect) {
        (None, _) => Applicability::Applies,
        (Some(_), Effect::OutOfScope) => Applicability::OutOfScope,
        (Some(c), Effect::NotApplicable) => Applicability::NotApplicable(format!(
            "{} scoping profile, {}: {}",
            profile.framework().label(),
            c.answer(profile),
            rule.reason
        )),
    }
}

/// Why a requirement that applies under the profile does not apply to service `service_id`:
/// a service-level condition of its rule fails (the payment page requirements apply to the
/// services the profile names as serving the payment page). `served_by` names those
/// services for the reason. `None` when it applies.
pub fn service_scope_out(
    rule: Option<&ApplicabilityRule>,
    profile: Option<&ScopingProfile>,
    service_id: i64,
    served_by: &[&str],
) -> Option<String> {
    let (Some(rule), Some(ScopingProfile::PciDss(p))) = (rule, profile) else {
        return None;
    };
    let named = !p.payment_page_services.is_empty();
    (rule.when.contains(&Condition::PaymentPageService)
        && named
        && !p.payment_page_services.contains(&service_id))
    .then(|| {
        format!(
            "PCI DSS scoping profile, payment page served by {}: {} It applies to the service \
             that serves the payment page, not to this one.",
            served_by.join(", "),
            rule.reason
        )
    })
}

/// Makes a row not applicable by the scoping profile, unless a person set its owner: a
/// person's override still wins. A justification a person wrote stays.
pub fn scope_out(row: &mut MatrixRow, why: &str) {
    if row.source == OwnerSource::Override {
        return;
    }
    row.owner = Ownership::NotApplicable;
    row.source = OwnerSource::Scoping;
    if row.na_justification.is_none() {
        row.na_justification = Some(why.to_string());
    }
}

/// A gap for each framework in scope that asks for a profile and has none.
pub fn scoping_gaps(in_scope: &[Framework], profiles: &[ScopingProfile]) -> Vec<Gap> {
    ScopingProfile::FRAMEWORKS
        .into_iter()
        .filter(|f| in_scope.contains(f))
        .filter(|f| !profiles.iter().any(|p| p.framework() == *f))
        .map(|framework| Gap {
            framework: Some(framework),
            ..Gap::new(
                GapKind::ScopingNotAnswered,
                format!(
                    "{} scoping not answered: every requirement is treated as applicable",
                    framework.label()
                ),
                GapLink::Scoping { framework },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{HipaaProfile, HipaaRole, PciEntity, PciProfile, Soc2Profile};

    fn merchant(channels: &[PaymentChannel]) -> ScopingProfile {
        ScopingProfile::PciDss(PciProfile {
            entity: PciEntity::Merchant,
            channels: channels.to_vec(),
            multi_tenant: false,
            designated_entity: false,
            early_tls_poi: false,
            issuer: false,
            payment_page_services: Vec::new(),
            validation: None,
            validation_reason: String::new(),
            service_scope: Vec::new(),
        })
    }

    fn rule(when: &[Condition], effect: Effect) -> ApplicabilityRule {
        ApplicabilityRule {
            controls: vec!["12.9".into()],
            when: when.to_vec(),
            effect,
            reason: "for service providers only.".into(),
        }
    }

    #[test]
    fn a_failed_condition_names_the_answer() {
        let sp = rule(&[Condition::ServiceProvider], Effect::NotApplicable);
        let profile = merchant(&[PaymentChannel::Iframe]);
        assert_eq!(
            applicability(Some(&sp), Some(&profile)),
            Applicability::NotApplicable(
                "PCI DSS scoping profile, entity type merchant: for service providers only.".into()
            )
        );
        assert_eq!(applicability(Some(&sp), None), Applicability::Applies);
        assert_eq!(applicability(None, Some(&profile)), Applicability::Applies);
    }

    #[test]
    fn the_payment_page_follows_the_channel() {
        let page = |channels: &[PaymentChannel]| {
            Condition::PaymentPage.holds(&merchant(channels)).unwrap()
        };
        assert!(page(&[PaymentChannel::Iframe]));
        assert!(page(&[PaymentChannel::ProviderScript]));
        assert!(!page(&[PaymentChannel::Redirect]));
        assert!(!page(&[PaymentChannel::CardPresent, PaymentChannel::Moto]));
    }

    #[test]
    fn conditions_of_another_framework_decide_nothing() {
        let ba = ScopingProfile::Hipaa(HipaaProfile {
            role: HipaaRole::BusinessAssociate,
            group_health_plan: false,
            clearinghouse: false,
        });
        assert_eq!(Condition::ServiceProvider.holds(&ba), None);
        assert_eq!(Condition::BusinessAssociate.holds(&ba), Some(true));
        assert_eq!(Condition::CoveredEntity.holds(&ba), Some(false));
        let soc2 = ScopingProfile::Soc2(Soc2Profile {
            categories: vec![TrustCategory::Security],
        });
        let out = rule(&[Condition::Privacy], Effect::OutOfScope);
        assert_eq!(
            applicability(Some(&out), Some(&soc2)),
            Applicability::OutOfScope
        );
    }

    #[test]
    fn no_profile_is_a_gap_per_framework_that_asks() {
        let gaps = scoping_gaps(
            &[Framework::PciDss, Framework::Iso27001, Framework::Hipaa],
            &[merchant(&[PaymentChannel::Iframe])],
        );
        assert_eq!(gaps.len(), 1);
        assert_eq!(
            gaps[0].message,
            "HIPAA scoping not answered: every requirement is treated as applicable"
        );
    }
}
