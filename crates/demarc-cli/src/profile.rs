//! `demarc profile`: what the client is under PCI DSS, HIPAA, SOC 2 and FedRAMP, shown or set.
//! `demarc new` takes the same answers.

use std::path::PathBuf;

use clap::Args;
use demarc_core::{
    FedrampProfile, FedrampRole, Framework, HipaaProfile, HipaaRole, MatrixFilter, OwnerSource,
    PaymentChannel, PciEntity, PciProfile, PciValidation, ScopingProfile, ServiceScope,
    ServiceScopeNote, Soc2Profile, TrustCategory,
};
use demarc_store::{EngagementFile, StoreError};
use serde::Serialize;

use crate::{one_of, parse_framework, print_json, Who};

#[derive(Args)]
pub struct ProfileArgs {
    file: PathBuf,
    /// The framework whose profile the answers set (pci_dss, hipaa, soc2, fedramp); without
    /// answers the recorded profiles are printed.
    #[arg(long, value_parser = parse_framework)]
    framework: Option<Framework>,
    #[command(flatten)]
    answers: Answers,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    who: Who,
}

/// The scoping questions, each belonging to one framework. A profile is set whole: a flag left
/// out is a "no".
#[derive(Args, Default)]
pub struct Answers {
    /// PCI DSS: merchant, service_provider or both.
    #[arg(long, value_parser = parse_entity)]
    entity: Option<PciEntity>,
    /// PCI DSS: a payment channel (repeatable): redirect, iframe, direct_post, provider_script,
    /// own_page, card_present, moto.
    #[arg(long = "channel", value_parser = parse_channel)]
    channels: Vec<PaymentChannel>,
    /// PCI DSS: a multi-tenant service provider (Appendix A1).
    #[arg(long)]
    multi_tenant: bool,
    /// PCI DSS: a designated entity (Appendix A3).
    #[arg(long)]
    designated_entity: bool,
    /// PCI DSS: POS POI terminals still on SSL or early TLS (Appendix A2).
    #[arg(long)]
    early_tls_poi: bool,
    /// PCI DSS: issues cards or supports issuing services (3.3.3).
    #[arg(long)]
    issuer: bool,
    /// PCI DSS: a service that serves the payment page, the page that embeds, posts to or
    /// loads the payment form (repeatable): the payment page requirements (6.4.3, 11.6.1)
    /// apply to it only. Left out, they apply to every service.
    #[arg(long = "payment-page")]
    payment_page: Vec<String>,
    /// PCI DSS: how the client validates: saq_a, saq_a_ep, saq_b, saq_b_ip, saq_c, saq_c_vt,
    /// saq_p2pe, saq_d_merchant, saq_d_service_provider or roc.
    #[arg(long, value_parser = parse_validation)]
    validation: Option<PciValidation>,
    /// PCI DSS: why that validation, in a line.
    #[arg(long)]
    validation_reason: Option<String>,
    /// PCI DSS: a service's place in scope and why (repeatable): its name, one of cde,
    /// connected_to, security_impacting, payment_page, tpsp, out_of_scope, and a one-line
    /// rationale.
    #[arg(long = "service-scope", num_args = 3, value_names = ["SERVICE", "SCOPE", "WHY"])]
    service_scope: Vec<String>,
    /// HIPAA: covered_entity, business_associate or hybrid_entity.
    #[arg(long, value_parser = parse_hipaa_role)]
    hipaa_role: Option<HipaaRole>,
    /// HIPAA: a group health plan (164.314(b)).
    #[arg(long)]
    group_health_plan: bool,
    /// HIPAA: a health care clearinghouse (164.308(a)(4)(ii)(A)).
    #[arg(long)]
    clearinghouse: bool,
    /// SOC 2: a trust services category the report covers (repeatable): security,
    /// availability, processing_integrity, confidentiality, privacy. Security always is.
    #[arg(long = "category", value_parser = parse_category)]
    categories: Vec<TrustCategory>,
    /// FedRAMP: csp (seeking authorization) or agency (customer of an authorized service).
    #[arg(long, value_parser = parse_fedramp_role)]
    fedramp_role: Option<FedrampRole>,
}

impl Answers {
    /// The flags given, each with the framework it answers for.
    fn given(&self) -> Vec<(&'static str, Framework)> {
        let pci = Framework::PciDss;
        let hipaa = Framework::Hipaa;
        [
            (self.entity.is_some(), "--entity", pci),
            (!self.channels.is_empty(), "--channel", pci),
            (self.multi_tenant, "--multi-tenant", pci),
            (self.designated_entity, "--designated-entity", pci),
            (self.early_tls_poi, "--early-tls-poi", pci),
            (self.issuer, "--issuer", pci),
            (!self.payment_page.is_empty(), "--payment-page", pci),
            (self.validation.is_some(), "--validation", pci),
            (self.validation_reason.is_some(), "--validation-reason", pci),
            (!self.service_scope.is_empty(), "--service-scope", pci),
            (self.hipaa_role.is_some(), "--hipaa-role", hipaa),
            (self.group_health_plan, "--group-health-plan", hipaa),
            (self.clearinghouse, "--clearinghouse", hipaa),
            (!self.categories.is_empty(), "--category", Framework::Soc2),
            (
                self.fedramp_role.is_some(),
                "--fedramp-role",
                Framework::Fedramp,
            ),
        ]
        .into_iter()
        .filter(|(given, _, _)| *given)
        .map(|(_, flag, framework)| (flag, framework))
        .collect()
    }

    /// The frameworks the answers speak of, in the order of `ScopingProfile::FRAMEWORKS`.
    pub fn frameworks(&self) -> Vec<Framework> {
        let given = self.given();
        ScopingProfile::FRAMEWORKS
            .into_iter()
            .filter(|f| given.iter().any(|(_, g)| g == f))
            .collect()
    }

    /// The profile of every framework the answers speak of, each checked, for `demarc new`:
    /// refused when one of them is not among `in_scope`.
    pub fn profiles(&self, in_scope: &[Framework]) -> Result<Vec<ScopingProfile>, StoreError> {
        if !self.payment_page.is_empty() || !self.service_scope.is_empty() {
            return Err(StoreError::invalid(
                if self.payment_page.is_empty() {
                    "service-scope"
                } else {
                    "payment-page"
                },
                "a new engagement has no services yet: name the payment page's service with \
                 demarc profile once it is added (and each service's scope)",
            ));
        }
        self.frameworks()
            .into_iter()
            .map(|f| {
                if !in_scope.contains(&f) {
                    let flag = self.given().into_iter().find(|(_, g)| *g == f);
                    return Err(StoreError::invalid(
                        flag.map_or("framework", |(flag, _)| flag.trim_start_matches('-')),
                        format!(
                            "{} answers for {}, which is not among the frameworks (--framework {})",
                            flag.map_or("", |(flag, _)| flag),
                            f.label(),
                            f.id()
                        ),
                    ));
                }
                Ok(self.profile_of(f)?.checked()?)
            })
            .collect()
    }

    /// The profile of `framework` from the answers. Refuses an answer of another framework and
    /// a missing one the framework needs, naming the flag.
    pub fn profile(&self, framework: Framework) -> Result<ScopingProfile, StoreError> {
        if let Some((flag, other)) = self.given().into_iter().find(|(_, f)| *f != framework) {
            return Err(StoreError::invalid(
                flag.trim_start_matches('-'),
                format!(
                    "{flag} answers for {}, not {}",
                    other.label(),
                    framework.label()
                ),
            ));
        }
        self.profile_of(framework)
    }

    fn profile_of(&self, framework: Framework) -> Result<ScopingProfile, StoreError> {
        let needed = |flag: &str, values: &str| {
            StoreError::invalid(
                flag,
                format!(
                    "the {} profile needs --{flag} ({values})",
                    framework.label()
                ),
            )
        };
        Ok(match framework {
            Framework::PciDss => ScopingProfile::PciDss(PciProfile {
                entity: self
                    .entity
                    .ok_or_else(|| needed("entity", "merchant, service_provider or both"))?,
                channels: self.channels.clone(),
                multi_tenant: self.multi_tenant,
                designated_entity: self.designated_entity,
                early_tls_poi: self.early_tls_poi,
                issuer: self.issuer,
                payment_page_services: Vec::new(),
                validation: self.validation,
                validation_reason: self.validation_reason.clone().unwrap_or_default(),
                service_scope: Vec::new(),
            }),
            Framework::Hipaa => ScopingProfile::Hipaa(HipaaProfile {
                role: self.hipaa_role.ok_or_else(|| {
                    needed(
                        "hipaa-role",
                        "covered_entity, business_associate or hybrid_entity",
                    )
                })?,
                group_health_plan: self.group_health_plan,
                clearinghouse: self.clearinghouse,
            }),
            Framework::Soc2 => ScopingProfile::Soc2(Soc2Profile {
                categories: self.categories.clone(),
            }),
            Framework::Fedramp => ScopingProfile::Fedramp(FedrampProfile {
                role: self
                    .fedramp_role
                    .ok_or_else(|| needed("fedramp-role", "csp or agency"))?,
            }),
            other => {
                return Err(StoreError::invalid(
                    "framework",
                    format!(
                        "{} asks no scoping questions; these do: PCI DSS, HIPAA, SOC 2, FedRAMP",
                        other.label()
                    ),
                ))
            }
        })
    }
}

/// What `demarc profile FILE --json` prints.
#[derive(Serialize)]
struct Profiles {
    profiles: Vec<ScopingProfile>,
    /// Frameworks in scope that ask for a profile and have none.
    unanswered: Vec<Framework>,
}

pub fn profile(a: ProfileArgs) -> Result<(), StoreError> {
    let frameworks = match a.framework {
        Some(f) => vec![f],
        None => a.answers.frameworks(),
    };
    match frameworks.as_slice() {
        [] => show(&a),
        [framework] => set(&a, *framework),
        _ => Err(StoreError::invalid(
            "framework",
            "the answers speak of several frameworks; set one at a time with --framework",
        )),
    }
}

fn show(a: &ProfileArgs) -> Result<(), StoreError> {
    let file = EngagementFile::open_for_reading(&a.file)?;
    let profiles = file.scoping_profiles()?;
    let in_scope = file.engagement()?.frameworks;
    let unanswered: Vec<Framework> = ScopingProfile::FRAMEWORKS
        .into_iter()
        .filter(|f| in_scope.contains(f) && !profiles.iter().any(|p| p.framework() == *f))
        .collect();
    if a.json {
        print_json(&Profiles {
            profiles,
            unanswered,
        });
        return Ok(());
    }
    let names = file.service_names()?;
    let names = |id: i64| names.get(&id).cloned();
    for p in &profiles {
        println!("{}: {}", p.framework().label(), p.summary(&names));
        if let ScopingProfile::PciDss(pci) = p {
            for line in pci.scope_lines(&names) {
                println!("  {line}");
            }
        }
    }
    for f in unanswered {
        println!("{}: not answered", f.label());
    }
    Ok(())
}

fn set(a: &ProfileArgs, framework: Framework) -> Result<(), StoreError> {
    let mut profile = a.answers.profile(framework)?;
    let mut file = EngagementFile::open(&a.file)?;
    if let ScopingProfile::PciDss(p) = &mut profile {
        for name in &a.answers.payment_page {
            let id = file.service_id(name).map_err(|_| {
                StoreError::invalid(
                    "payment_page_services",
                    format!("no service named {:?}", name.trim()),
                )
            })?;
            p.payment_page_services.push(id);
        }
        for triple in a.answers.service_scope.chunks(3) {
            let [name, scope, why] = triple else {
                return Err(StoreError::invalid(
                    "service_scope",
                    "--service-scope takes a service, a scope and a rationale",
                ));
            };
            let service_id = file.service_id(name).map_err(|_| {
                StoreError::invalid(
                    "service_scope",
                    format!("no service named {:?}", name.trim()),
                )
            })?;
            let scope = ServiceScope::from_id(scope.trim()).ok_or_else(|| {
                StoreError::invalid(
                    "service_scope",
                    format!(
                        "{scope:?} is no scope; one of: {}",
                        ServiceScope::ALL.map(ServiceScope::id).join(", ")
                    ),
                )
            })?;
            p.service_scope.push(ServiceScopeNote {
                service_id,
                scope,
                rationale: why.clone(),
            });
        }
    }
    let saved = file.set_scoping_profile(&profile, &a.who.name())?;
    if a.json {
        print_json(&saved);
        return Ok(());
    }
    let names = file.service_names()?;
    let names = |id: i64| names.get(&id).cloned();
    println!("{} scoping: {}", framework.label(), saved.summary(&names));
    if let ScopingProfile::PciDss(pci) = &saved {
        for line in pci.scope_lines(&names) {
            println!("  {line}");
        }
    }
    let rows = file.matrix(&MatrixFilter {
        framework: Some(framework),
        ..MatrixFilter::default()
    })?;
    let mut ruled_out: Vec<&str> = rows
        .iter()
        .filter(|r| r.source == OwnerSource::Scoping)
        .map(|r| r.control_id.as_str())
        .collect();
    ruled_out.sort_unstable();
    ruled_out.dedup();
    if !ruled_out.is_empty() {
        println!(
            "not applicable under this profile: {} requirements ({})",
            ruled_out.len(),
            ruled_out.join(", ")
        );
    }
    Ok(())
}

fn parse_entity(s: &str) -> Result<PciEntity, String> {
    one_of("entity type", s, &PciEntity::ALL, PciEntity::id)
}

fn parse_channel(s: &str) -> Result<PaymentChannel, String> {
    one_of(
        "payment channel",
        s,
        &PaymentChannel::ALL,
        PaymentChannel::id,
    )
}

fn parse_validation(s: &str) -> Result<PciValidation, String> {
    one_of("validation", s, &PciValidation::ALL, PciValidation::id)
}

fn parse_hipaa_role(s: &str) -> Result<HipaaRole, String> {
    one_of("HIPAA role", s, &HipaaRole::ALL, HipaaRole::id)
}

fn parse_fedramp_role(s: &str) -> Result<FedrampRole, String> {
    one_of("FedRAMP role", s, &FedrampRole::ALL, FedrampRole::id)
}

fn category_id(c: TrustCategory) -> &'static str {
    match c {
        TrustCategory::Security => "security",
        TrustCategory::Availability => "availability",
        TrustCategory::ProcessingIntegrity => "processing_integrity",
        TrustCategory::Confidentiality => "confidentiality",
        TrustCategory::Privacy => "privacy",
    }
}

fn parse_category(s: &str) -> Result<TrustCategory, String> {
    one_of(
        "trust services category",
        s,
        &TrustCategory::ALL,
        category_id,
    )
}
