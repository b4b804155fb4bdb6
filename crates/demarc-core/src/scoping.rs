//! The scoping profile: what the client is under each framework that asks (PCI DSS, HIPAA,
//! SOC 2, FedRAMP). The profile decides which requirements can apply (`applicability.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::pci_scope::checked_notes;
use crate::{Framework, Invalid, PciValidation, ServiceScope, ServiceScopeNote, TrustCategory};

/// What a client is under PCI DSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PciEntity {
    Merchant,
    ServiceProvider,
    /// A merchant that is also a service provider to others.
    Both,
}

impl PciEntity {
    pub const ALL: [PciEntity; 3] = [
        PciEntity::Merchant,
        PciEntity::ServiceProvider,
        PciEntity::Both,
    ];

    pub fn id(self) -> &'static str {
        match self {
            PciEntity::Merchant => "merchant",
            PciEntity::ServiceProvider => "service_provider",
            PciEntity::Both => "both",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PciEntity::Merchant => "Merchant",
            PciEntity::ServiceProvider => "Service provider",
            PciEntity::Both => "Merchant and service provider",
        }
    }

    pub fn from_id(id: &str) -> Option<PciEntity> {
        PciEntity::ALL.into_iter().find(|e| e.id() == id)
    }

    /// True for a service provider, alone or as well as a merchant.
    pub fn is_service_provider(self) -> bool {
        matches!(self, PciEntity::ServiceProvider | PciEntity::Both)
    }
}

/// How a client takes card payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentChannel {
    /// Card-not-present: the buyer is sent to the provider's payment page (URL redirect).
    Redirect,
    /// Card-not-present: the provider's payment form sits in the client's page (iframe).
    Iframe,
    /// Card-not-present: the client's page posts card data straight to the provider.
    DirectPost,
    /// Card-not-present: the client's page builds the form with the provider's script.
    ProviderScript,
    /// Card-not-present: the client's own payment page and servers receive card data.
    OwnPage,
    /// Card-present: point-of-interaction terminals.
    CardPresent,
    /// Mail or telephone order.
    Moto,
}

impl PaymentChannel {
    pub const ALL: [PaymentChannel; 7] = [
        PaymentChannel::Redirect,
        PaymentChannel::Iframe,
        PaymentChannel::DirectPost,
        PaymentChannel::ProviderScript,
        PaymentChannel::OwnPage,
        PaymentChannel::CardPresent,
        PaymentChannel::Moto,
    ];

    pub fn id(self) -> &'static str {
        match self {
            PaymentChannel::Redirect => "redirect",
            PaymentChannel::Iframe => "iframe",
            PaymentChannel::DirectPost => "direct_post",
            PaymentChannel::ProviderScript => "provider_script",
            PaymentChannel::OwnPage => "own_page",
            PaymentChannel::CardPresent => "card_present",
            PaymentChannel::Moto => "moto",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentChannel::Redirect => "Card-not-present: redirect to the provider's payment page",
            PaymentChannel::Iframe => {
                "Card-not-present: the provider's form embedded in our page (iframe)"
            }
            PaymentChannel::DirectPost => {
                "Card-not-present: our page posts card data to the provider (direct post)"
            }
            PaymentChannel::ProviderScript => {
                "Card-not-present: our page builds the form with the provider's script"
            }
            PaymentChannel::OwnPage => "Card-not-present: our own payment page receives card data",
            PaymentChannel::CardPresent => "Card-present: POI terminals",
            PaymentChannel::Moto => "Mail or telephone order",
        }
    }

    /// A few words, as a profile summary lists it.
    pub fn short(self) -> &'static str {
        match self {
            PaymentChannel::Redirect => "redirect",
            PaymentChannel::Iframe => "iframe",
            PaymentChannel::DirectPost => "direct post",
            PaymentChannel::ProviderScript => "provider's script on our page",
            PaymentChannel::OwnPage => "own payment page",
            PaymentChannel::CardPresent => "card-present POI",
            PaymentChannel::Moto => "mail/telephone order",
        }
    }

    pub fn from_id(id: &str) -> Option<PaymentChannel> {
        PaymentChannel::ALL.into_iter().find(|c| c.id() == id)
    }

    /// True when a page of the client's own carries, embeds or builds the payment form, so
    /// that its scripts can reach card data (PCI DSS 6.4.3 and 11.6.1).
    pub fn client_page_holds_the_form(self) -> bool {
        matches!(
            self,
            PaymentChannel::Iframe
                | PaymentChannel::DirectPost
                | PaymentChannel::ProviderScript
                | PaymentChannel::OwnPage
        )
    }
}

/// The PCI DSS answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PciProfile {
    pub entity: PciEntity,
    pub channels: Vec<PaymentChannel>,
    /// A service provider hosting several customers' environments (Appendix A1).
    pub multi_tenant: bool,
    /// Designated by a payment brand or acquirer for supplemental validation (Appendix A3).
    pub designated_entity: bool,
    /// POS POI terminals (the client's, or those a service provider connects to) still use SSL
    /// or early TLS (Appendix A2).
    pub early_tls_poi: bool,
    /// Issues cards or supports issuing services (3.3.3).
    pub issuer: bool,
    /// The services (by id) that serve the client's payment page, the page that holds,
    /// embeds or posts to the payment form: the payment page requirements (6.4.3, 11.6.1)
    /// apply to them only. Empty: not named, they apply to every service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<i32>>")]
    pub payment_page_services: Vec<i64>,
    /// How the client validates (a questionnaire or a ROC); `None` while not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub validation: Option<PciValidation>,
    /// Why that validation, in a line (say why when it is not the lightest the channels
    /// allow).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(optional, as = "Option<String>")]
    pub validation_reason: String,
    /// Why each service is in scope or not, with a one-line rationale. A service serving the
    /// payment page is among `payment_page_services`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ServiceScopeNote>>")]
    pub service_scope: Vec<ServiceScopeNote>,
}

impl PciProfile {
    /// The scope recorded for a service, if any.
    pub fn scope_of(&self, service_id: i64) -> Option<&ServiceScopeNote> {
        self.service_scope
            .iter()
            .find(|n| n.service_id == service_id)
    }

    /// The validation, then one line per service with its scope and rationale, for the
    /// exports and `demarc profile`.
    pub fn scope_lines(&self, names: ServiceNames) -> Vec<String> {
        let validation = match (self.validation, self.validation_reason.as_str()) {
            (None, _) => "Validation: not recorded".to_string(),
            (Some(v), "") => format!("Validation: {}", v.label()),
            (Some(v), why) => format!("Validation: {} ({why})", v.label()),
        };
        std::iter::once(validation)
            .chain(self.service_scope.iter().map(|n| {
                format!(
                    "{}: {}. {}",
                    service_name(names, n.service_id),
                    n.scope.label(),
                    n.rationale
                )
            }))
            .collect()
    }
}

/// A service's name, by id, for the words a person reads; `None` for an id no service has.
pub type ServiceNames<'a> = &'a dyn Fn(i64) -> Option<String>;

/// A service named by `names`, or by its id when it is gone.
fn service_name(names: ServiceNames, id: i64) -> String {
    names(id).unwrap_or_else(|| format!("a removed service (#{id})"))
}

/// What a client is under HIPAA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HipaaRole {
    CoveredEntity,
    BusinessAssociate,
    /// A covered entity whose covered functions are only part of its business (164.105).
    HybridEntity,
}

impl HipaaRole {
    pub const ALL: [HipaaRole; 3] = [
        HipaaRole::CoveredEntity,
        HipaaRole::BusinessAssociate,
        HipaaRole::HybridEntity,
    ];

    pub fn id(self) -> &'static str {
        match self {
            HipaaRole::CoveredEntity => "covered_entity",
            HipaaRole::BusinessAssociate => "business_associate",
            HipaaRole::HybridEntity => "hybrid_entity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HipaaRole::CoveredEntity => "Covered entity",
            HipaaRole::BusinessAssociate => "Business associate",
            HipaaRole::HybridEntity => "Hybrid entity",
        }
    }

    pub fn from_id(id: &str) -> Option<HipaaRole> {
        HipaaRole::ALL.into_iter().find(|r| r.id() == id)
    }

    /// A hybrid entity is a covered entity for its health care components.
    pub fn is_covered_entity(self) -> bool {
        matches!(self, HipaaRole::CoveredEntity | HipaaRole::HybridEntity)
    }
}

/// The HIPAA answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HipaaProfile {
    pub role: HipaaRole,
    /// The client is (or sponsors as a covered entity) a group health plan (164.314(b)).
    pub group_health_plan: bool,
    /// The client is or contains a health care clearinghouse (164.308(a)(4)(ii)(A)).
    pub clearinghouse: bool,
}

/// The SOC 2 answers: the trust services categories the client's report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Soc2Profile {
    /// Always holds Security.
    pub categories: Vec<TrustCategory>,
}

/// What a client is under FedRAMP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FedrampRole {
    /// A cloud service provider seeking or holding an authorization.
    Csp,
    /// An agency using an authorized cloud service.
    Agency,
}

impl FedrampRole {
    pub const ALL: [FedrampRole; 2] = [FedrampRole::Csp, FedrampRole::Agency];

    pub fn id(self) -> &'static str {
        match self {
            FedrampRole::Csp => "csp",
            FedrampRole::Agency => "agency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FedrampRole::Csp => "Cloud service provider seeking authorization",
            FedrampRole::Agency => "Agency customer of an authorized service",
        }
    }

    pub fn from_id(id: &str) -> Option<FedrampRole> {
        FedrampRole::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// The FedRAMP answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FedrampProfile {
    pub role: FedrampRole,
}

/// What the client is under one framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "framework", rename_all = "snake_case")]
#[ts(export)]
pub enum ScopingProfile {
    PciDss(PciProfile),
    Hipaa(HipaaProfile),
    Soc2(Soc2Profile),
    Fedramp(FedrampProfile),
}

impl ScopingProfile {
    /// The frameworks that ask for a profile.
    pub const FRAMEWORKS: [Framework; 4] = [
        Framework::PciDss,
        Framework::Hipaa,
        Framework::Soc2,
        Framework::Fedramp,
    ];

    pub fn framework(&self) -> Framework {
        match self {
            ScopingProfile::PciDss(_) => Framework::PciDss,
            ScopingProfile::Hipaa(_) => Framework::Hipaa,
            ScopingProfile::Soc2(_) => Framework::Soc2,
            ScopingProfile::Fedramp(_) => Framework::Fedramp,
        }
    }

    /// The profile as it is stored: channels and categories in order, each once, SOC 2's
    /// Security always present. Refuses answers that contradict each other, naming the field.
    pub fn checked(&self) -> Result<ScopingProfile, Invalid> {
        let mut p = self.clone();
        match &mut p {
            ScopingProfile::PciDss(pci) => {
                pci.channels.sort_unstable();
                pci.channels.dedup();
                pci.service_scope = checked_notes(&pci.service_scope)?;
                for n in &pci.service_scope {
                    if n.scope == ServiceScope::PaymentPage {
                        pci.payment_page_services.push(n.service_id);
                    }
                }
                pci.payment_page_services.sort_unstable();
                pci.payment_page_services.dedup();
                if let Some(n) = pci.payment_page_services.iter().find_map(|id| {
                    pci.scope_of(*id).filter(|n| {
                        !matches!(n.scope, ServiceScope::PaymentPage | ServiceScope::Cde)
                    })
                }) {
                    return Err(Invalid::new(
                        "service_scope",
                        format!(
                            "a service serving the payment page is in scope as payment page or \
                             CDE, not {}",
                            n.scope.label().to_lowercase()
                        ),
                    ));
                }
                pci.validation_reason = pci.validation_reason.trim().to_string();
                if pci.validation_reason.contains(['\n', '\r']) {
                    return Err(Invalid::new(
                        "validation_reason",
                        "the reason for the validation type is one line",
                    ));
                }
                if let Some(v) = pci.validation {
                    v.check(pci.entity, &pci.channels)?;
                }
                if !pci.payment_page_services.is_empty()
                    && !pci.entity.is_service_provider()
                    && !pci.channels.iter().any(|c| c.client_page_holds_the_form())
                {
                    return Err(Invalid::new(
                        "payment_page_services",
                        "no channel puts the payment form on a page of the client's (iframe, \
                         direct post, a provider's script on the client's page, the client's own \
                         form): no service of the client serves a payment page",
                    ));
                }
                if pci.entity != PciEntity::ServiceProvider && pci.channels.is_empty() {
                    return Err(Invalid::new(
                        "channels",
                        "a merchant takes cards through at least one channel; name it",
                    ));
                }
                if pci.multi_tenant && !pci.entity.is_service_provider() {
                    return Err(Invalid::new(
                        "multi_tenant",
                        "only a service provider can be a multi-tenant service provider \
                         (Appendix A1); choose service provider or both",
                    ));
                }
                if pci.early_tls_poi
                    && !pci.entity.is_service_provider()
                    && !pci.channels.contains(&PaymentChannel::CardPresent)
                {
                    return Err(Invalid::new(
                        "early_tls_poi",
                        "SSL or early TLS on POI terminals needs card-present terminals \
                         among the channels (Appendix A2)",
                    ));
                }
            }
            ScopingProfile::Hipaa(h) => {
                if h.group_health_plan && !h.role.is_covered_entity() {
                    return Err(Invalid::new(
                        "group_health_plan",
                        "a group health plan is a covered entity; choose covered entity or \
                         hybrid entity",
                    ));
                }
            }
            ScopingProfile::Soc2(s) => {
                s.categories.push(TrustCategory::Security);
                s.categories
                    .sort_unstable_by_key(|c| TrustCategory::ALL.iter().position(|a| a == c));
                s.categories.dedup();
            }
            ScopingProfile::Fedramp(_) => {}
        }
        Ok(p)
    }

    /// The answers in one line, for the decision log and the exports' scope: `merchant;
    /// channels iframe; not multi-tenant; ...`, services by the names `names` gives.
    pub fn summary(&self, names: ServiceNames) -> String {
        let yes_no = |b: bool, what: &str| {
            if b {
                what.to_string()
            } else {
                format!("not {what}")
            }
        };
        match self {
            ScopingProfile::PciDss(p) => {
                let channels: Vec<&str> = p.channels.iter().map(|c| c.short()).collect();
                let channels = if channels.is_empty() {
                    "none".to_string()
                } else {
                    channels.join(", ")
                };
                [
                    p.entity.label().to_lowercase(),
                    format!("channels: {channels}"),
                    yes_no(p.multi_tenant, "a multi-tenant provider"),
                    yes_no(p.designated_entity, "a designated entity"),
                    if p.early_tls_poi {
                        "SSL/early TLS on POI terminals".to_string()
                    } else {
                        "no SSL/early TLS on POI terminals".to_string()
                    },
                    yes_no(p.issuer, "an issuer"),
                ]
                .into_iter()
                .chain((!p.payment_page_services.is_empty()).then(|| {
                    let served: Vec<String> = p
                        .payment_page_services
                        .iter()
                        .map(|id| service_name(names, *id))
                        .collect();
                    format!("payment page served by {}", served.join(", "))
                }))
                .chain(
                    p.validation
                        .map(|v| format!("validates with {}", v.label())),
                )
                .chain((!p.service_scope.is_empty()).then(|| {
                    let scoped: Vec<String> = p
                        .service_scope
                        .iter()
                        .filter(|n| n.scope.in_scope())
                        .map(|n| {
                            format!(
                                "{} ({})",
                                service_name(names, n.service_id),
                                n.scope.short()
                            )
                        })
                        .collect();
                    let out = p.service_scope.len() - scoped.len();
                    let scoped = if scoped.is_empty() {
                        "none".to_string()
                    } else {
                        scoped.join(", ")
                    };
                    match out {
                        0 => format!("in scope: {scoped}"),
                        n => format!("in scope: {scoped}; {n} out of scope"),
                    }
                }))
                .collect::<Vec<_>>()
                .join("; ")
            }
            ScopingProfile::Hipaa(h) => [
                h.role.label().to_lowercase(),
                yes_no(h.group_health_plan, "a group health plan"),
                yes_no(h.clearinghouse, "a clearinghouse"),
            ]
            .join("; "),
            ScopingProfile::Soc2(s) => {
                let names: Vec<&str> = s.categories.iter().map(|c| c.label()).collect();
                format!("categories: {}", names.join(", "))
            }
            ScopingProfile::Fedramp(f) => f.role.label().to_lowercase(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pci(entity: PciEntity, channels: &[PaymentChannel]) -> PciProfile {
        PciProfile {
            entity,
            channels: channels.to_vec(),
            multi_tenant: false,
            designated_entity: false,
            early_tls_poi: false,
            issuer: false,
            payment_page_services: Vec::new(),
            validation: None,
            validation_reason: String::new(),
            service_scope: Vec::new(),
        }
    }

    #[test]
    fn the_summary_names_services_and_the_scope_says_why() {
        let mut p = pci(PciEntity::Merchant, &[PaymentChannel::Iframe]);
        p.validation = Some(PciValidation::SaqA);
        p.service_scope = vec![
            ServiceScopeNote {
                service_id: 4,
                scope: ServiceScope::PaymentPage,
                rationale: "serves the checkout page".into(),
            },
            ServiceScopeNote {
                service_id: 6,
                scope: ServiceScope::SecurityImpacting,
                rationale: "admins of the page sign in through it".into(),
            },
        ];
        let ScopingProfile::PciDss(p) = ScopingProfile::PciDss(p).checked().unwrap() else {
            unreachable!()
        };
        assert_eq!(p.payment_page_services, vec![4]);
        let names = |id: i64| (id == 4).then(|| "Amazon EKS".to_string());
        let summary = ScopingProfile::PciDss(p.clone()).summary(&names);
        assert!(
            summary.ends_with(
                "payment page served by Amazon EKS; validates with SAQ A; in scope: Amazon EKS \
                 (payment page), a removed service (#6) (security-impacting)"
            ),
            "{summary}"
        );
        assert_eq!(
            p.scope_lines(&names),
            vec![
                "Validation: SAQ A".to_string(),
                "Amazon EKS: Payment page. serves the checkout page".into(),
                "a removed service (#6): Security-impacting. admins of the page sign in \
                 through it"
                    .into(),
            ]
        );
        let mut wrong = p.clone();
        wrong.service_scope[0].scope = ServiceScope::ConnectedTo;
        assert_eq!(
            ScopingProfile::PciDss(wrong).checked().unwrap_err().field,
            "service_scope"
        );
        let mut wrong = p;
        wrong.validation = Some(PciValidation::SaqDServiceProvider);
        assert_eq!(
            ScopingProfile::PciDss(wrong).checked().unwrap_err().field,
            "validation"
        );
    }

    #[test]
    fn contradicting_answers_are_refused_by_field() {
        let field = |p: ScopingProfile| p.checked().unwrap_err().field;
        assert_eq!(
            field(ScopingProfile::PciDss(pci(PciEntity::Merchant, &[]))),
            "channels"
        );
        assert_eq!(
            field(ScopingProfile::PciDss(pci(PciEntity::Both, &[]))),
            "channels"
        );
        assert!(ScopingProfile::PciDss(pci(PciEntity::ServiceProvider, &[]))
            .checked()
            .is_ok());
        let mut tenant = pci(PciEntity::Merchant, &[PaymentChannel::Iframe]);
        tenant.multi_tenant = true;
        assert_eq!(
            field(ScopingProfile::PciDss(tenant.clone())),
            "multi_tenant"
        );
        tenant.entity = PciEntity::Both;
        assert!(ScopingProfile::PciDss(tenant).checked().is_ok());
        let mut tls = pci(PciEntity::Merchant, &[PaymentChannel::Iframe]);
        tls.early_tls_poi = true;
        assert_eq!(field(ScopingProfile::PciDss(tls.clone())), "early_tls_poi");
        tls.channels.push(PaymentChannel::CardPresent);
        assert!(ScopingProfile::PciDss(tls).checked().is_ok());
        let plan = HipaaProfile {
            role: HipaaRole::BusinessAssociate,
            group_health_plan: true,
            clearinghouse: false,
        };
        assert_eq!(field(ScopingProfile::Hipaa(plan)), "group_health_plan");
    }

    #[test]
    fn security_is_always_in_a_soc2_profile() {
        let p = ScopingProfile::Soc2(Soc2Profile {
            categories: vec![TrustCategory::Privacy, TrustCategory::Availability],
        })
        .checked()
        .unwrap();
        assert_eq!(
            p.summary(&|_| None),
            "categories: Security, Availability, Privacy"
        );
    }

    #[test]
    fn the_summary_reads_as_the_answers() {
        let p = ScopingProfile::PciDss(pci(
            PciEntity::Merchant,
            &[PaymentChannel::Moto, PaymentChannel::Iframe],
        ))
        .checked()
        .unwrap();
        assert_eq!(
            p.summary(&|_| None),
            "merchant; channels: iframe, mail/telephone order; not a multi-tenant provider; \
             not a designated entity; no SSL/early TLS on POI terminals; not an issuer"
        );
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.starts_with(r#"{"framework":"pci_dss","entity":"merchant""#),
            "{json}"
        );
    }
}
