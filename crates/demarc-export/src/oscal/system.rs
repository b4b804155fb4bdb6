//! The plan's description of the system: metadata and parties, system characteristics, the
//! provider attestations as leveraged authorizations, and the services as components.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use demarc_core::{validity, Attestation, AttestationDetails, Framework};

use super::ids::Ids;
use super::model::{
    one_line, or, Component, Described, InformationType, LeveragedAuthorization, Link, Metadata,
    Party, Prop, Resource, State, SystemCharacteristics, SystemId, SystemInformation,
    OSCAL_VERSION,
};
use super::people::People;
use super::reliance::used_authorizations;
use crate::register::details;
use crate::ExportData;

fn timestamp(data: &ExportData) -> String {
    data.generated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The client's party: the system owner.
pub(super) fn client_party(data: &ExportData, ids: &Ids) -> Party {
    Party {
        uuid: ids.of("party\nclient"),
        kind: "organization",
        name: one_line(&or(&data.view.engagement.client, "Client")),
        remarks: None,
    }
}

pub(super) fn metadata(data: &ExportData, ids: &Ids, people: People) -> Metadata {
    let client = one_line(&or(&data.view.engagement.client, "Client"));
    let People {
        roles,
        mut parties,
        responsible,
        ..
    } = people;
    for provider in data.providers() {
        if parties.iter().any(|q| q.uuid == ids.provider(provider)) {
            continue;
        }
        parties.push(Party {
            uuid: ids.provider(provider),
            kind: "organization",
            name: one_line(provider),
            remarks: Some("Cloud service provider".into()),
        });
    }
    let mut remarks = format!(
        "Shared responsibility map exported by Demarc from {}.",
        data.provenance()
    );
    if let Some(at) = &data.data_as_of {
        remarks += &format!(" Data as of {at}.");
    }
    remarks += &format!(" {}.", data.status_line());
    let s = &data.sign_off;
    let mut props = vec![Prop::demarc(
        "document-status",
        if s.is_draft() { "draft" } else { "approved" },
    )];
    if let Some(a) = s.approval.as_ref().filter(|_| !s.is_draft()) {
        props.push(Prop::demarc(
            "approved-by",
            &format!("{} ({})", a.approver, a.role),
        ));
        props.push(Prop::demarc("approved-on", &a.on.to_string()));
    }
    Metadata {
        title: format!("{client} system security plan: shared responsibility"),
        published: timestamp(data),
        last_modified: timestamp(data),
        version: one_line(&or(&s.version, "draft")),
        oscal_version: OSCAL_VERSION,
        props,
        roles,
        parties,
        responsible_parties: responsible,
        remarks,
    }
}

pub(super) fn characteristics(data: &ExportData, ids: &Ids) -> SystemCharacteristics {
    let e = &data.view.engagement;
    let mut types = Vec::new();
    let mut handled: BTreeMap<_, Vec<&str>> = BTreeMap::new();
    for s in &data.view.services {
        for d in &s.data_types {
            handled.entry(*d).or_default().push(&s.name);
        }
    }
    for (d, services) in handled {
        types.push(InformationType {
            uuid: ids.of(&format!("information-type\n{}", d.id())),
            title: d.label().to_string(),
            description: format!("Handled by {}.", services.join(", ")),
        });
    }
    if types.is_empty() {
        types.push(InformationType {
            uuid: ids.of("information-type\nnone"),
            title: "Data of the system".into(),
            description: "No data types are recorded for the services in scope.".into(),
        });
    }
    let (level, why) = sensitivity(data);
    let scope = or(&e.scope, "No scope statement recorded.");
    SystemCharacteristics {
        system_ids: vec![SystemId {
            identifier_type: "https://ietf.org/rfc/rfc4122",
            id: ids.root.to_string(),
        }],
        system_name: one_line(&or(&e.name, &e.client)),
        description: scope.clone(),
        props: data
            .audit_window()
            .map(|w| Prop::demarc("audit-window", &w))
            .into_iter()
            .collect(),
        security_sensitivity_level: Some(level),
        system_information: SystemInformation {
            information_types: types,
        },
        status: State {
            state: "operational",
            remarks: None,
        },
        authorization_boundary: Described { description: scope },
        remarks: Some(why),
    }
}

/// The system's security sensitivity level and why: the FedRAMP baseline the engagement is
/// assessed against when FedRAMP is in scope; otherwise Demarc's default, moderate, stated as
/// a default and not a FIPS 199 categorisation (the services' sensitivity tiers are the
/// client's own data classification).
fn sensitivity(data: &ExportData) -> (&'static str, String) {
    let e = &data.view.engagement;
    if e.frameworks.contains(&Framework::Fedramp) {
        let level = match data.fedramp_level {
            demarc_core::FedrampLevel::High => "high",
            demarc_core::FedrampLevel::Moderate => "moderate",
            demarc_core::FedrampLevel::Low | demarc_core::FedrampLevel::LiSaas => "low",
        };
        return (
            level,
            format!(
                "Security sensitivity level {level}: the FedRAMP {} baseline this engagement \
                 is assessed against.",
                data.fedramp_level.label()
            ),
        );
    }
    let default = demarc_catalogs::DEFAULT_FEDRAMP_LEVEL;
    let level = match default {
        demarc_core::FedrampLevel::High => "high",
        demarc_core::FedrampLevel::Moderate => "moderate",
        _ => "low",
    };
    (
        level,
        format!(
            "Security sensitivity level {level}: FedRAMP is not in scope and no FIPS 199 \
             categorisation is recorded, so this is Demarc's default ({} baseline), not a \
             categorisation. The services' sensitivity tiers are the client's own data \
             classification.",
            default.label()
        ),
    )
}

/// The FedRAMP authorizations on file, each a leveraged authorization whether current or not
/// (a property says which). Other attestations (SOC 2 reports, AOCs, ISO certificates, BAAs)
/// assess or bind the provider without authorizing anything: they are back-matter resources
/// (see `attestation_resources`).
pub(super) fn leveraged_authorizations(
    data: &ExportData,
    ids: &Ids,
) -> Vec<LeveragedAuthorization> {
    let used = used_authorizations(data);
    data.attestations
        .iter()
        .filter(|a| used.contains(&a.id))
        .filter_map(|a| {
            let AttestationDetails::Fedramp(f) = &a.details else {
                return None;
            };
            let mut props = vec![
                Prop::demarc("attestation-kind", a.kind().id()),
                status(a, data),
            ];
            props.push(Prop::fedramp("leveraged-system-identifier", &f.package_id));
            // OSCAL spells the tailored baseline `li-saas`.
            let level = f.level.id().replace('_', "-");
            props.push(Prop::fedramp("impact-level", &level));
            let mut remarks = details(a);
            if !a.services.is_empty() {
                remarks += &format!("\nServices covered: {}", a.services.join(", "));
            }
            Some(LeveragedAuthorization {
                uuid: ids.authorization(a.id),
                title: one_line(&a.label()),
                props,
                party_uuid: ids.provider(&a.provider),
                date_authorized: f.date.to_string(),
                remarks,
            })
        })
        .collect()
}

/// Where the attestation stands for the audit window, as the register says it.
fn status(a: &Attestation, data: &ExportData) -> Prop {
    Prop::demarc("status", crate::register::standing(a, data).id())
}

/// The attestations that are no FedRAMP authorization, as back-matter resources the statements
/// they back refer to: the document by reference (a SOC 2 report is under NDA), with the dates
/// it states and none it does not.
pub(super) fn attestation_resources(data: &ExportData, ids: &Ids) -> Vec<Resource> {
    let used = used_authorizations(data);
    data.attestations
        .iter()
        .filter(|a| !used.contains(&a.id))
        .map(|a| {
            let mut props = vec![
                Prop::demarc("attestation-kind", a.kind().id()),
                status(a, data),
                Prop::demarc("provider", &a.provider),
            ];
            let mut dated = |name: &'static str, d: Option<NaiveDate>| {
                if let Some(d) = d {
                    props.push(Prop::demarc(name, &d.to_string()));
                }
            };
            match &a.details {
                AttestationDetails::Soc2(r) => {
                    dated("period-start", Some(r.period_start));
                    dated("period-end", Some(r.period_end));
                    dated("issued", r.issued);
                }
                AttestationDetails::Aoc(aoc) => {
                    dated("aoc-date", Some(aoc.date));
                    // An AOC is relied on for 12 months from its date.
                    dated("valid-until", validity(&a.details).1);
                }
                AttestationDetails::Iso27001(c) => dated("expiry", Some(c.expiry)),
                AttestationDetails::Baa(b) => dated("effective", b.effective),
                AttestationDetails::Fedramp(f) => dated("authorized", Some(f.date)),
            }
            let mut description = details(a);
            if !a.services.is_empty() {
                description += &format!("\nServices covered: {}", a.services.join(", "));
            }
            Resource {
                uuid: ids.resource(a.id),
                title: one_line(&a.label()),
                description,
                props,
                rlinks: Vec::new(),
                base64: None,
            }
        })
        .collect()
}

pub(super) fn components(data: &ExportData, ids: &Ids) -> Vec<Component> {
    let e = &data.view.engagement;
    let used = used_authorizations(data);
    let mut out = vec![Component {
        uuid: ids.this_system(),
        kind: "this-system",
        title: one_line(&or(&e.name, &e.client)),
        description: or(&e.scope, "No scope statement recorded."),
        props: Vec::new(),
        links: Vec::new(),
        status: State {
            state: "operational",
            remarks: None,
        },
    }];
    for s in &data.view.services {
        let mut props = vec![
            Prop::core("implementation-point", "external"),
            Prop::demarc("provider", &s.provider),
            Prop::demarc("service-model", s.model.id()),
            Prop::demarc("sensitivity", s.sensitivity.id()),
        ];
        let covering = data.attestations.iter().filter(|a| a.covers(&s.name));
        props.extend(
            covering
                .clone()
                .filter(|a| used.contains(&a.id))
                .map(|a| Prop::core("leveraged-authorization-uuid", &ids.authorization(a.id))),
        );
        let links = covering
            .filter(|a| !used.contains(&a.id))
            .map(|a| Link::resource(&ids.resource(a.id)))
            .collect();
        let frameworks: Vec<&str> = s.frameworks.iter().map(|f| f.label()).collect();
        let data_types: Vec<&str> = s.data_types.iter().map(|d| d.label()).collect();
        let mut description = format!("{} {} from {}.", s.name, s.model.label(), s.provider);
        if !data_types.is_empty() {
            description += &format!(" Handles {}.", data_types.join(", "));
        }
        if !frameworks.is_empty() {
            description += &format!(" In scope for {}.", frameworks.join(", "));
        }
        out.push(Component {
            uuid: ids.service(s.id),
            kind: "service",
            title: one_line(&s.name),
            description,
            props,
            links,
            status: State {
                state: "operational",
                remarks: None,
            },
        });
    }
    out
}
