//! The parts of an OSCAL system security plan that Demarc writes, as serde sees them, and the
//! text rules OSCAL sets for titles and property values.

use serde::Serialize;

/// The OSCAL version the document declares: the one compliance-trestle's models validate.
pub const OSCAL_VERSION: &str = "1.2.1";
/// The namespace of the FedRAMP extensions (control origination, leveraged authorization).
pub const FEDRAMP_NS: &str = "https://fedramp.gov/ns/oscal";
/// The namespace of Demarc's own properties (the normalized ownership, its source).
pub const DEMARC_NS: &str = "urn:demarc:oscal";

#[derive(Serialize)]
pub(super) struct Document {
    #[serde(rename = "system-security-plan")]
    pub system_security_plan: Plan,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Plan {
    pub uuid: String,
    pub metadata: Metadata,
    pub import_profile: ImportProfile,
    pub system_characteristics: SystemCharacteristics,
    pub system_implementation: SystemImplementation,
    pub control_implementation: ControlImplementation,
    pub back_matter: BackMatter,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Metadata {
    pub title: String,
    pub published: String,
    pub last_modified: String,
    pub version: String,
    pub oscal_version: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    pub parties: Vec<Party>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsible_parties: Vec<ResponsibleParty>,
    pub remarks: String,
}

#[derive(Serialize)]
pub(super) struct Role {
    pub id: String,
    pub title: String,
}

#[derive(Serialize)]
pub(super) struct Party {
    pub uuid: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ResponsibleParty {
    pub role_id: String,
    pub party_uuids: Vec<String>,
}

/// Who answers for a statement: a role of the metadata and the parties in it.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ResponsibleRole {
    pub role_id: String,
    pub party_uuids: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ImportProfile {
    pub href: String,
    pub remarks: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SystemCharacteristics {
    pub system_ids: Vec<SystemId>,
    pub system_name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_sensitivity_level: Option<&'static str>,
    pub system_information: SystemInformation,
    pub status: State,
    pub authorization_boundary: Described,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SystemId {
    pub identifier_type: &'static str,
    pub id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SystemInformation {
    pub information_types: Vec<InformationType>,
}

#[derive(Serialize)]
pub(super) struct InformationType {
    pub uuid: String,
    pub title: String,
    pub description: String,
}

#[derive(Serialize)]
pub(super) struct State {
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Described {
    pub description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct SystemImplementation {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leveraged_authorizations: Vec<LeveragedAuthorization>,
    pub components: Vec<Component>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct LeveragedAuthorization {
    pub uuid: String,
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    pub party_uuid: String,
    pub date_authorized: String,
    pub remarks: String,
}

#[derive(Serialize)]
pub(super) struct Component {
    pub uuid: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    pub status: State,
}

/// A reference from an item to another part of the document (`#UUID`) or to a URL.
#[derive(Serialize, Clone, PartialEq, Eq)]
pub(super) struct Link {
    pub href: String,
    pub rel: &'static str,
}

impl Link {
    /// A reference to the back-matter resource `uuid`.
    pub fn resource(uuid: &str) -> Link {
        Link {
            href: format!("#{uuid}"),
            rel: "reference",
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ControlImplementation {
    pub description: String,
    pub implemented_requirements: Vec<ImplementedRequirement>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ImplementedRequirement {
    pub uuid: String,
    pub control_id: String,
    pub props: Vec<Prop>,
    pub by_components: Vec<ByComponent>,
    pub remarks: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ByComponent {
    pub component_uuid: String,
    pub uuid: String,
    pub description: String,
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    pub implementation_status: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<Export>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inherited: Vec<Inherited>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub satisfied: Vec<Satisfied>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsible_roles: Vec<ResponsibleRole>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// What the client's statement inherits from a leveraged FedRAMP authorization: the provided
/// entry of the service's statement it takes (`provided-uuid`), the authorization named by the
/// `leveraged-authorization-uuid` property.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Inherited {
    pub uuid: String,
    pub provided_uuid: String,
    pub description: String,
    pub props: Vec<Prop>,
}

/// What a service's statement provides and what it leaves to the leveraging side: the
/// provided entries the client's statement inherits and the responsibilities its `satisfied`
/// entries answer.
#[derive(Serialize)]
pub(super) struct Export {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provided: Vec<Provided>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<Responsibility>,
}

/// What the provider's component does for the control.
#[derive(Serialize)]
pub(super) struct Provided {
    pub uuid: String,
    pub description: String,
}

/// What the provider's component leaves to the customer, following from what it provides
/// (`provided-uuid`).
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Responsibility {
    pub uuid: String,
    pub provided_uuid: String,
    pub description: String,
}

/// The client's answer to a responsibility another component's statement exports.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Satisfied {
    pub uuid: String,
    /// The responsibility (of a service's statement's `export`) this answers.
    pub responsibility_uuid: String,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsible_roles: Vec<ResponsibleRole>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Serialize)]
pub(super) struct BackMatter {
    pub resources: Vec<Resource>,
}

#[derive(Serialize)]
pub(super) struct Resource {
    pub uuid: String,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<Rlink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base64: Option<Base64>,
}

/// Where a resource can be fetched.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Rlink {
    pub href: String,
    pub media_type: &'static str,
}

/// A resource carried in the document itself.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Base64 {
    pub filename: String,
    pub media_type: &'static str,
    pub value: String,
}

#[derive(Serialize, Clone, PartialEq, Eq)]
pub(super) struct Prop {
    pub name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<&'static str>,
    pub value: String,
}

impl Prop {
    /// A core OSCAL property.
    pub fn core(name: &'static str, value: &str) -> Prop {
        Prop {
            name,
            ns: None,
            value: one_line(value),
        }
    }

    pub fn fedramp(name: &'static str, value: &str) -> Prop {
        Prop {
            ns: Some(FEDRAMP_NS),
            ..Prop::core(name, value)
        }
    }

    pub fn demarc(name: &'static str, value: &str) -> Prop {
        Prop {
            ns: Some(DEMARC_NS),
            ..Prop::core(name, value)
        }
    }
}

/// Text on one line with single spaces, as OSCAL titles, names and property values must be.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` when it has any, `fallback` otherwise.
pub(super) fn or(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_folded_onto_one_line() {
        assert_eq!(one_line("  a\n b\t\tc  "), "a b c");
        assert_eq!(or("  ", "x"), "x");
        assert_eq!(or(" y ", "x"), "y");
    }
}
