//! The shared responsibility as an OSCAL system security plan (SSP) fragment, in JSON.
//!
//! The plan is the customer's: the services in scope are its components, the provider
//! attestations on file are its leveraged authorizations, and every control of the matrix is an
//! implemented requirement with one by-component statement per service. Each statement says who
//! does the work in the terms of OSCAL and of the FedRAMP extensions: the provider's part is an
//! `inherited` entry (control origination `inherited`, with the leveraged authorization that
//! backs it), the customer's own part has control origination `sp-system` (the system owner's,
//! this plan being the customer's), the customer's answer to a responsibility a provider's report
//! imposes (a SOC 2 complementary user entity control) and its part of a shared control are
//! `satisfied` entries, a control that does not apply is `not-applicable` and one still
//! undecided is `planned`. Demarc's own value is kept beside them as a property.
//!
//! Every UUID is a version 5 UUID of stable keys, so the same engagement gives the same
//! identifiers in every export, and the same `generated_at` gives the same bytes.

use std::collections::BTreeMap;

use demarc_core::{
    covering_attestation, is_current, AttestationDetails, AttestationKind, Framework, MatrixRow,
    Ownership, Sensitivity, CUEC_FAMILY,
};
use serde::Serialize;
use uuid::Uuid;

use crate::layouts::by_control;
use crate::register::details;
use crate::xlsx::{evidence_text, provider_document, rationale};
use crate::ExportData;

/// The OSCAL version the document declares: the one compliance-trestle's models validate.
pub const OSCAL_VERSION: &str = "1.2.1";
/// The namespace of the FedRAMP extensions (control origination, leveraged authorization).
pub const FEDRAMP_NS: &str = "https://fedramp.gov/ns/oscal";
/// The namespace of Demarc's own properties (the normalized ownership, its source).
pub const DEMARC_NS: &str = "urn:demarc:oscal";
/// The root of every UUID Demarc derives.
const NAMESPACE: Uuid = uuid::uuid!("e73ea37c-655c-4c45-a899-79f82a1dccfc");

/// The document as the bytes of a JSON file (pretty-printed, UTF-8, a final newline).
pub fn write_oscal(data: &ExportData) -> Vec<u8> {
    let doc = Document {
        system_security_plan: plan(data),
    };
    // Plain structs of strings and vectors: serialization cannot fail.
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

#[derive(Serialize)]
struct Document {
    #[serde(rename = "system-security-plan")]
    system_security_plan: Plan,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Plan {
    uuid: String,
    metadata: Metadata,
    import_profile: ImportProfile,
    system_characteristics: SystemCharacteristics,
    system_implementation: SystemImplementation,
    control_implementation: ControlImplementation,
    back_matter: BackMatter,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    title: String,
    published: String,
    last_modified: String,
    version: String,
    oscal_version: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<Role>,
    parties: Vec<Party>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_parties: Vec<ResponsibleParty>,
    remarks: String,
}

#[derive(Serialize)]
struct Role {
    id: &'static str,
    title: &'static str,
}

#[derive(Serialize)]
struct Party {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ResponsibleParty {
    role_id: &'static str,
    party_uuids: Vec<String>,
}

#[derive(Serialize)]
struct ImportProfile {
    href: String,
    remarks: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemCharacteristics {
    system_ids: Vec<SystemId>,
    system_name: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_sensitivity_level: Option<&'static str>,
    system_information: SystemInformation,
    status: State,
    authorization_boundary: Described,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemId {
    identifier_type: &'static str,
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemInformation {
    information_types: Vec<InformationType>,
}

#[derive(Serialize)]
struct InformationType {
    uuid: String,
    title: String,
    description: String,
}

#[derive(Serialize)]
struct State {
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
struct Described {
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemImplementation {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    leveraged_authorizations: Vec<LeveragedAuthorization>,
    components: Vec<Component>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LeveragedAuthorization {
    uuid: String,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    party_uuid: String,
    date_authorized: String,
    remarks: String,
}

#[derive(Serialize)]
struct Component {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    status: State,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlImplementation {
    description: String,
    implemented_requirements: Vec<ImplementedRequirement>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ImplementedRequirement {
    uuid: String,
    control_id: String,
    props: Vec<Prop>,
    by_components: Vec<ByComponent>,
    remarks: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ByComponent {
    component_uuid: String,
    uuid: String,
    description: String,
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    implementation_status: Option<State>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inherited: Vec<Inherited>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    satisfied: Vec<Satisfied>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
struct Inherited {
    uuid: String,
    description: String,
}

#[derive(Serialize)]
struct Satisfied {
    uuid: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
struct BackMatter {
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct Resource {
    uuid: String,
    title: String,
    description: String,
    props: Vec<Prop>,
}

#[derive(Serialize, Clone, PartialEq, Eq)]
struct Prop {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ns: Option<&'static str>,
    value: String,
}

impl Prop {
    /// A core OSCAL property.
    fn core(name: &'static str, value: &str) -> Prop {
        Prop {
            name,
            ns: None,
            value: one_line(value),
        }
    }

    fn fedramp(name: &'static str, value: &str) -> Prop {
        Prop {
            ns: Some(FEDRAMP_NS),
            ..Prop::core(name, value)
        }
    }

    fn demarc(name: &'static str, value: &str) -> Prop {
        Prop {
            ns: Some(DEMARC_NS),
            ..Prop::core(name, value)
        }
    }
}

/// Text on one line with single spaces, as OSCAL titles, names and property values must be.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` when it has any, `fallback` otherwise.
fn or(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text.trim().to_string()
    }
}

/// The identifiers of one plan: version 5 UUIDs under the plan's own UUID, which derives from
/// the client and the engagement's name.
struct Ids {
    root: Uuid,
}

impl Ids {
    fn new(data: &ExportData) -> Ids {
        let e = &data.view.engagement;
        let key = format!(
            "system-security-plan\n{}\n{}",
            e.client.trim(),
            e.name.trim()
        );
        Ids {
            root: Uuid::new_v5(&NAMESPACE, key.as_bytes()),
        }
    }

    fn of(&self, key: &str) -> String {
        Uuid::new_v5(&self.root, key.as_bytes()).to_string()
    }

    fn this_system(&self) -> String {
        self.of("component\nthis-system")
    }

    fn service(&self, service_id: i64) -> String {
        self.of(&format!("component\nservice\n{service_id}"))
    }

    fn provider(&self, provider: &str) -> String {
        self.of(&format!(
            "party\nprovider\n{}",
            provider.trim().to_lowercase()
        ))
    }

    fn authorization(&self, attestation_id: i64) -> String {
        self.of(&format!("leveraged-authorization\n{attestation_id}"))
    }

    fn baselines(&self) -> String {
        self.of("resource\nbaselines")
    }
}

/// The identifier of a control in the document: NIST SP 800-53 and FedRAMP controls as NIST's
/// OSCAL catalog writes them (`AC-2(3)` is `ac-2.3`); the others prefixed with their framework
/// (`soc2-CC6.1`, `hipaa-164.312.b`, `pci-dss-8.4.2`), since OSCAL identifiers start with a
/// letter and hold only letters, digits, `.`, `-` and `_`.
pub fn control_token(framework: Framework, control_id: &str) -> String {
    let mut token = String::new();
    for c in control_id.trim().chars() {
        match c {
            '(' | '.' if !token.ends_with('.') && !token.is_empty() => token.push('.'),
            '(' | '.' | ')' => {}
            c if c.is_whitespace() => {}
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => token.push(c),
            _ if !token.ends_with('-') => token.push('-'),
            _ => {}
        }
    }
    let token = token.trim_end_matches(['.', '-']);
    match framework {
        Framework::Nist80053 | Framework::Fedramp
            if token.starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            token.to_lowercase()
        }
        _ => format!("{}-{token}", framework.id().replace('_', "-")),
    }
}

/// FedRAMP's control origination values of a row, from the plan owner's side: the customer's
/// own work is `sp-system`, the provider's `inherited`, a shared control both.
fn origination(owner: Ownership) -> &'static [&'static str] {
    match owner {
        Ownership::Customer => &["sp-system"],
        Ownership::Shared => &["sp-system", "inherited"],
        Ownership::Inherited | Ownership::Provider => &["inherited"],
        Ownership::NotApplicable | Ownership::Undetermined => &[],
    }
}

fn timestamp(data: &ExportData) -> String {
    data.generated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn plan(data: &ExportData) -> Plan {
    let ids = Ids::new(data);
    Plan {
        uuid: ids.root.to_string(),
        metadata: metadata(data, &ids),
        import_profile: ImportProfile {
            href: format!("#{}", ids.baselines()),
            remarks: format!(
                "The control baselines in scope: {}.",
                baselines(data).join("; ")
            ),
        },
        system_characteristics: characteristics(data, &ids),
        system_implementation: SystemImplementation {
            leveraged_authorizations: leveraged_authorizations(data, &ids),
            components: components(data, &ids),
        },
        control_implementation: ControlImplementation {
            description: "The shared responsibility for each control in scope, per service: what \
                          the provider implements and the customer inherits, under which \
                          attestation, and what the customer implements itself."
                .into(),
            implemented_requirements: requirements(data, &ids),
        },
        back_matter: BackMatter {
            resources: vec![Resource {
                uuid: ids.baselines(),
                title: "Control baselines in scope".into(),
                description: baselines(data).join("\n"),
                props: data
                    .framework_versions()
                    .iter()
                    .map(|(f, version)| Prop::demarc("framework", &format!("{} {version}", f.id())))
                    .collect(),
            }],
        },
    }
}

/// Each framework in scope with the version of its catalog.
fn baselines(data: &ExportData) -> Vec<String> {
    data.framework_versions()
        .iter()
        .map(|(f, version)| format!("{} ({version})", f.label()))
        .collect()
}

fn metadata(data: &ExportData, ids: &Ids) -> Metadata {
    let e = &data.view.engagement;
    let client = one_line(&or(&e.client, "Client"));
    let mut parties = vec![Party {
        uuid: ids.of("party\nclient"),
        kind: "organization",
        name: client.clone(),
        remarks: None,
    }];
    let mut roles = vec![Role {
        id: "system-owner",
        title: "System owner",
    }];
    let mut responsible = vec![ResponsibleParty {
        role_id: "system-owner",
        party_uuids: vec![parties[0].uuid.clone()],
    }];
    let people = [
        (
            "prepared-by",
            "Prepared by",
            e.preparer.iter().collect::<Vec<_>>(),
        ),
        ("content-approver", "Reviewer", e.reviewers.iter().collect()),
    ];
    for (role, title, persons) in people {
        let mut uuids = Vec::new();
        for p in persons.into_iter().filter(|p| !p.name.trim().is_empty()) {
            let uuid = ids.of(&format!("party\nperson\n{}", p.name.trim()));
            if !parties.iter().any(|q| q.uuid == uuid) {
                parties.push(Party {
                    uuid: uuid.clone(),
                    kind: "person",
                    name: one_line(&p.name),
                    remarks: (!p.role.trim().is_empty()).then(|| p.role.trim().to_string()),
                });
            }
            uuids.push(uuid);
        }
        if !uuids.is_empty() {
            roles.push(Role { id: role, title });
            responsible.push(ResponsibleParty {
                role_id: role,
                party_uuids: uuids,
            });
        }
    }
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
    Metadata {
        title: format!("{client} system security plan: shared responsibility"),
        published: timestamp(data),
        last_modified: timestamp(data),
        version: one_line(&or(&e.document_version, "draft")),
        oscal_version: OSCAL_VERSION,
        roles,
        parties,
        responsible_parties: responsible,
        remarks,
    }
}

fn characteristics(data: &ExportData, ids: &Ids) -> SystemCharacteristics {
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
    let level = data
        .view
        .services
        .iter()
        .map(|s| s.sensitivity)
        .max_by_key(|s| Sensitivity::ALL.iter().position(|x| x == s))
        .map(|s| match s {
            Sensitivity::Low => "low",
            Sensitivity::Medium => "moderate",
            Sensitivity::High => "high",
        });
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
        security_sensitivity_level: level,
        system_information: SystemInformation {
            information_types: types,
        },
        status: State {
            state: "operational",
            remarks: None,
        },
        authorization_boundary: Described { description: scope },
    }
}

/// The attestations on file that vouch for a provider's side, each a leveraged authorization
/// whether current or not (a property says which). A business associate agreement is a
/// contract, not an assessment, and is left out.
fn leveraged_authorizations(data: &ExportData, ids: &Ids) -> Vec<LeveragedAuthorization> {
    let today = data.generated_at.date();
    data.attestations
        .iter()
        .filter_map(|a| {
            let mut props = vec![
                Prop::demarc("attestation-kind", a.kind().id()),
                Prop::demarc(
                    "status",
                    if is_current(&a.details, today) {
                        "current"
                    } else {
                        "not-current"
                    },
                ),
            ];
            let mut remarks = details(a);
            let date = match &a.details {
                AttestationDetails::Soc2(r) => r.issued.unwrap_or(r.period_end),
                AttestationDetails::Aoc(aoc) => aoc.date,
                AttestationDetails::Fedramp(f) => {
                    props.push(Prop::fedramp("leveraged-system-identifier", &f.package_id));
                    // OSCAL spells the tailored baseline `li-saas`.
                    let level = f.level.id().replace('_', "-");
                    props.push(Prop::fedramp("impact-level", &level));
                    f.date
                }
                AttestationDetails::Iso27001(c) => {
                    remarks += "\nThe date of issue is not recorded: the date authorized is \
                                three years before the expiry, one certification cycle.";
                    c.expiry
                        .checked_sub_months(chrono::Months::new(36))
                        .unwrap_or(c.expiry)
                }
                AttestationDetails::Baa(_) => return None,
            };
            if !a.services.is_empty() {
                remarks += &format!("\nServices covered: {}", a.services.join(", "));
            }
            Some(LeveragedAuthorization {
                uuid: ids.authorization(a.id),
                title: one_line(&a.label()),
                props,
                party_uuid: ids.provider(&a.provider),
                date_authorized: date.to_string(),
                remarks,
            })
        })
        .collect()
}

fn components(data: &ExportData, ids: &Ids) -> Vec<Component> {
    let e = &data.view.engagement;
    let mut out = vec![Component {
        uuid: ids.this_system(),
        kind: "this-system",
        title: one_line(&or(&e.name, &e.client)),
        description: or(&e.scope, "No scope statement recorded."),
        props: Vec::new(),
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
        props.extend(
            data.attestations
                .iter()
                .filter(|a| a.kind() != AttestationKind::Baa && a.covers(&s.name))
                .map(|a| Prop::core("leveraged-authorization-uuid", &ids.authorization(a.id))),
        );
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
            status: State {
                state: "operational",
                remarks: None,
            },
        });
    }
    out
}

/// One implemented requirement per control identifier, frameworks in their fixed order and
/// controls in matrix order; NIST SP 800-53 and FedRAMP rows of one control share it.
fn requirements(data: &ExportData, ids: &Ids) -> Vec<ImplementedRequirement> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<&MatrixRow>> = BTreeMap::new();
    for framework in Framework::ALL {
        for (control, rows) in by_control(&data.rows, framework) {
            let token = control_token(framework, control);
            let group = groups.entry(token.clone()).or_default();
            if group.is_empty() {
                order.push(token);
            }
            group.extend(rows);
        }
    }
    order
        .into_iter()
        .map(|token| {
            let rows = groups.remove(&token).unwrap_or_default();
            requirement(data, ids, token, &rows)
        })
        .collect()
}

fn push_unique(props: &mut Vec<Prop>, prop: Prop) {
    if !props.contains(&prop) {
        props.push(prop);
    }
}

fn requirement(
    data: &ExportData,
    ids: &Ids,
    token: String,
    rows: &[&MatrixRow],
) -> ImplementedRequirement {
    let by_components: Vec<ByComponent> = rows.iter().map(|r| by_component(data, ids, r)).collect();
    let mut props = Vec::new();
    let mut remarks = Vec::new();
    for r in rows {
        push_unique(&mut props, Prop::demarc("framework", r.framework.id()));
        push_unique(&mut props, Prop::demarc("control-id", &r.control_id));
        let line = format!("{} {}: {}", r.framework.label(), r.control_id, r.title);
        if !remarks.contains(&line) {
            remarks.push(line);
        }
    }
    // The control's originations and leveraged authorizations: those of its statements.
    for name in ["control-origination", "leveraged-authorization-uuid"] {
        for p in by_components.iter().flat_map(|b| &b.props) {
            if p.name == name && p.ns == Some(FEDRAMP_NS) {
                push_unique(&mut props, p.clone());
            }
        }
    }
    ImplementedRequirement {
        uuid: ids.of(&format!("implemented-requirement\n{token}")),
        control_id: token,
        props,
        by_components,
        remarks: remarks.join("\n"),
    }
}

fn by_component(data: &ExportData, ids: &Ids, r: &MatrixRow) -> ByComponent {
    let key = format!("{}\n{}\n{}", r.framework.id(), r.control_id, r.service_id);
    let provider = data
        .view
        .services
        .iter()
        .find(|s| s.id == r.service_id)
        .map_or("The provider", |s| s.provider.as_str());
    let is_cuec = r.family == CUEC_FAMILY;
    // The attestation the provider's part leans on: the row's own, or for a shared row the one
    // that would make the provider's part inherited.
    let leaning = match r.owner {
        Ownership::Inherited | Ownership::Provider if !is_cuec => r.attestation.clone(),
        Ownership::Shared => covering_attestation(
            &data.attestations,
            &r.service,
            r.framework,
            data.generated_at.date(),
        )
        .map(|a| a.reference()),
        _ => None,
    }
    .filter(|a| a.kind != AttestationKind::Baa);

    let mut props = vec![
        Prop::demarc("framework", r.framework.id()),
        Prop::demarc("ownership", r.owner.id()),
        Prop::demarc("owner-source", r.source.id()),
    ];
    if let Some(label) = r.provider_label.as_deref().filter(|l| !l.trim().is_empty()) {
        props.push(Prop::demarc("provider-label", label));
    }
    for value in origination(r.owner) {
        props.push(Prop::fedramp("control-origination", value));
    }
    if let Some(a) = &leaning {
        props.push(Prop::fedramp(
            "leveraged-authorization-uuid",
            &ids.authorization(a.id),
        ));
    }

    let description = match r.owner {
        Ownership::Customer | Ownership::Shared if is_cuec => {
            r.customer_part.clone().unwrap_or_else(|| r.title.clone())
        }
        Ownership::Customer | Ownership::Shared => {
            r.customer_part.clone().unwrap_or_else(|| rationale(r))
        }
        Ownership::NotApplicable => r.na_justification.clone().unwrap_or_else(|| rationale(r)),
        _ => rationale(r),
    };
    let description = or(&description, r.owner.label());

    let mut inherited = Vec::new();
    if matches!(
        r.owner,
        Ownership::Inherited | Ownership::Provider | Ownership::Shared
    ) && !is_cuec
    {
        let part = if r.owner == Ownership::Shared {
            "implements its part of this control"
        } else {
            "implements this control"
        };
        let mut text = format!("{provider} {part} for {}", r.service);
        match &leaning {
            Some(a) => text += &format!("; {} covers it.", a.label),
            None => {
                text += &format!(
                    "; no current attestation covering {} for {} is on file.",
                    r.service,
                    r.framework.label()
                )
            }
        }
        let document = provider_document(r);
        if !document.is_empty() {
            text += &format!(" Provider's matrix: {document}.");
        }
        inherited.push(Inherited {
            uuid: ids.of(&format!("inherited\n{key}")),
            description: text,
        });
    }

    let mut satisfied = Vec::new();
    if is_cuec && matches!(r.owner, Ownership::Customer | Ownership::Shared) {
        satisfied.push(Satisfied {
            uuid: ids.of(&format!("satisfied\n{key}")),
            description: r.customer_part.clone().unwrap_or_else(|| r.title.clone()),
            remarks: r
                .attestation
                .as_ref()
                .map(|a| format!("A complementary user entity control of {}.", a.label)),
        });
    } else if r.owner == Ownership::Shared {
        satisfied.push(Satisfied {
            uuid: ids.of(&format!("satisfied\n{key}")),
            description: r.customer_part.clone().unwrap_or_else(|| {
                "The customer's part of this shared control is not described yet.".into()
            }),
            remarks: None,
        });
    }

    let implementation_status = match r.owner {
        Ownership::NotApplicable => Some(State {
            state: "not-applicable",
            remarks: r.na_justification.clone(),
        }),
        Ownership::Undetermined => Some(State {
            state: "planned",
            remarks: Some("Who implements this control is not decided yet.".into()),
        }),
        Ownership::Inherited if leaning.is_some() => Some(State {
            state: "implemented",
            remarks: None,
        }),
        _ => None,
    };

    let mut remarks = Vec::new();
    let evidence = evidence_text(r);
    if !evidence.is_empty() {
        remarks.push(format!("Evidence:\n{evidence}"));
    }
    if let Some(owner) = &r.row_owner {
        remarks.push(format!("Owner: {owner}"));
    }
    if let Some(review) = &r.last_reviewed {
        remarks.push(format!("Last reviewed {} by {}", review.on, review.by));
    }

    ByComponent {
        component_uuid: ids.service(r.service_id),
        uuid: ids.of(&format!("by-component\n{key}")),
        description,
        props,
        implementation_status,
        inherited,
        satisfied,
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_become_oscal_tokens() {
        use Framework::*;
        let cases = [
            (Nist80053, "AC-2", "ac-2"),
            (Nist80053, "AC-2(3)", "ac-2.3"),
            (Fedramp, "AC-02 (03)", "ac-02.03"),
            (Fedramp, "SC-7(4)(a)", "sc-7.4.a"),
            (Soc2, "CC6.1", "soc2-CC6.1"),
            (Soc2, "CUEC-12.3", "soc2-CUEC-12.3"),
            (Hipaa, "164.308(a)(7)(ii)(A)", "hipaa-164.308.a.7.ii.A"),
            (Hipaa, "164.312(b)", "hipaa-164.312.b"),
            (PciDss, "8.4.2", "pci-dss-8.4.2"),
            (PciDss, "A1.1.1", "pci-dss-A1.1.1"),
            (Iso27001, "A.5.1", "iso27001-A.5.1"),
            (NistCsf, "PR.AA-01", "nist-csf-PR.AA-01"),
            (Nist80053, "1 odd/id", "nist80053-1odd-id"),
        ];
        for (framework, id, token) in cases {
            assert_eq!(control_token(framework, id), token, "{id}");
        }
    }

    #[test]
    fn originations_follow_the_fedramp_values() {
        let allowed = [
            "sp-corporate",
            "sp-system",
            "customer-configured",
            "customer-provided",
            "inherited",
        ];
        for o in Ownership::ALL {
            assert!(origination(o).iter().all(|v| allowed.contains(v)), "{o}");
        }
        assert_eq!(origination(Ownership::Shared), ["sp-system", "inherited"]);
        assert!(origination(Ownership::Undetermined).is_empty());
    }

    #[test]
    fn text_is_folded_onto_one_line() {
        assert_eq!(one_line("  a\n b\t\tc  "), "a b c");
        assert_eq!(or("  ", "x"), "x");
        assert_eq!(or(" y ", "x"), "y");
    }
}
