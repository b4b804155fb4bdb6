//! What a decision-log entry is about, as data: the kind of thing changed and its ids, so that
//! the exports and the UI select entries without reading the entry's text back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AttestationKind, Framework, Layer, ENTITY_LABEL};

/// What a decision-log entry changed. Service entries carry the service's id and its name as
/// it was then; provider entries the provider's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Subject {
    /// A service added to the engagement.
    Service {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
    },
    /// The owner of one layer of a service.
    Layer {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
        layer: Layer,
    },
    /// A service's model.
    Model {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
    },
    /// A framework brought into scope for a service.
    Framework {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
        framework: Framework,
    },
    /// One field of one row of the control matrix.
    Control {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
        framework: Framework,
        control_id: String,
        field: RowField,
    },
    /// One field of an entity-level row: the client's, once for the engagement.
    Entity {
        framework: Framework,
        control_id: String,
        field: RowField,
    },
    /// Whether a control is decided once for the engagement or per service.
    Scope {
        framework: Framework,
        control_id: String,
    },
    /// One detail of a service: its provider, data types or sensitivity.
    ServiceDetail {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
        detail: ServiceDetail,
    },
    /// One of the engagement's own details: client, scope statement, audit window, people,
    /// locale.
    Engagement { field: EngagementField },
    /// A framework brought into, or taken out of, the engagement's scope.
    InScope { framework: Framework },
    /// The engagement's FedRAMP baseline.
    FedrampBaseline,
    /// The engagement's scoping profile of a framework.
    ScopingProfile { framework: Framework },
    /// An attestation of a provider.
    Attestation {
        provider: String,
        #[ts(type = "number")]
        attestation_id: i64,
        attestation: AttestationKind,
    },
    /// A provider's vendor review.
    VendorReview { provider: String },
    /// One of the client's complementary subservice organization controls for a provider.
    Csoc {
        provider: String,
        #[ts(type = "number")]
        csoc_id: i64,
    },
    /// The region a service runs in.
    Region {
        #[ts(type = "number")]
        service_id: i64,
        service: String,
    },
    /// How far past a SOC 2 period a bridge letter may reach.
    BridgeLetterWindow,
    /// A provider's name.
    Provider { provider: String },
    /// One imported version of a provider's matrix.
    ProviderMatrix { provider: String, version: u32 },
    /// What an unknown label of provider matrices means for the engagement.
    LabelMapping { label: String },
    /// A column-mapping profile saved in the engagement.
    MappingProfile { name: String },
    /// A review of an earlier entry of the log: accepted or returned.
    DecisionReview {
        #[ts(type = "number")]
        decision_id: i64,
    },
    /// The engagement's document version.
    DocumentVersion,
    /// An approval of a version of the engagement's documents.
    Approval { version: String },
    /// A crosswalk imported into the engagement.
    Crosswalk {
        #[ts(type = "number")]
        crosswalk_id: i64,
        name: String,
    },
    /// A person of the engagement's team, who may be given items and tasks.
    TeamMember {
        #[ts(type = "number")]
        person_id: i64,
        name: String,
    },
    /// An item, task group or task of the work plan: who has it and by when, or its accepted
    /// risk.
    PlanItem { item_id: String, field: PlanField },
    /// An entry of an older file whose text names nothing the file still holds.
    Unrecognized,
}

/// What a decision about an item of the work plan changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PlanField {
    Assignment,
    RiskAcceptance,
}

impl PlanField {
    pub fn id(self) -> &'static str {
        match self {
            PlanField::Assignment => "assignment",
            PlanField::RiskAcceptance => "risk_acceptance",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            PlanField::Assignment => "owner and due date",
            PlanField::RiskAcceptance => "accepted risk",
        }
    }
}

/// Which detail of a service a decision changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ServiceDetail {
    Provider,
    DataTypes,
    Sensitivity,
}

impl ServiceDetail {
    pub fn id(self) -> &'static str {
        match self {
            ServiceDetail::Provider => "provider",
            ServiceDetail::DataTypes => "data_types",
            ServiceDetail::Sensitivity => "sensitivity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceDetail::Provider => "provider",
            ServiceDetail::DataTypes => "data types",
            ServiceDetail::Sensitivity => "sensitivity",
        }
    }
}

/// Which of the engagement's own details a decision changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EngagementField {
    Client,
    Scope,
    AuditWindow,
    People,
    Locale,
}

impl EngagementField {
    pub fn id(self) -> &'static str {
        match self {
            EngagementField::Client => "client",
            EngagementField::Scope => "scope",
            EngagementField::AuditWindow => "audit_window",
            EngagementField::People => "people",
            EngagementField::Locale => "locale",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EngagementField::Client => "Client",
            EngagementField::Scope => "Scope statement",
            EngagementField::AuditWindow => "Audit window",
            EngagementField::People => "People",
            EngagementField::Locale => "Locale",
        }
    }
}

/// What a decision about a control matrix row changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowField {
    Owner,
    CustomerPart,
    NaJustification,
    RowOwner,
    Reviewed,
    Evidence,
}

impl RowField {
    pub fn id(self) -> &'static str {
        match self {
            RowField::Owner => "owner",
            RowField::CustomerPart => "customer_part",
            RowField::NaJustification => "na_justification",
            RowField::RowOwner => "row_owner",
            RowField::Reviewed => "reviewed",
            RowField::Evidence => "evidence",
        }
    }

    /// The field in a person's words.
    pub fn words(self) -> &'static str {
        match self {
            RowField::Owner => "owner",
            RowField::CustomerPart => "customer part",
            RowField::NaJustification => "not-applicable justification",
            RowField::RowOwner => "accountable person",
            RowField::Reviewed => "review",
            RowField::Evidence => "evidence",
        }
    }
}

impl Subject {
    /// The entry's subject as the log shows it, for example `service "EC2" layer os`: names
    /// quoted and escaped as Rust's `{:?}` writes them.
    pub fn text(&self) -> String {
        match self {
            Subject::Service { service, .. } => format!("service {service:?}"),
            Subject::Layer { service, layer, .. } => {
                format!("service {service:?} layer {}", layer.id())
            }
            Subject::Model { service, .. } => format!("service {service:?} model"),
            Subject::Framework { service, .. } => format!("service {service:?} frameworks"),
            Subject::Control {
                service,
                framework,
                control_id,
                field,
                ..
            } => format!(
                "service {service:?} control {} {control_id} {}",
                framework.id(),
                field.id()
            ),
            Subject::Entity {
                framework,
                control_id,
                field,
            } => format!(
                "entity control {} {control_id} {}",
                framework.id(),
                field.id()
            ),
            Subject::Scope {
                framework,
                control_id,
            } => format!("control {} {control_id} scope", framework.id()),
            Subject::ServiceDetail {
                service, detail, ..
            } => format!("service {service:?} {}", detail.id()),
            Subject::Engagement { field } => format!("engagement {}", field.id()),
            Subject::InScope { framework } => format!("engagement framework {}", framework.id()),
            Subject::FedrampBaseline => "engagement FedRAMP baseline".to_string(),
            Subject::ScopingProfile { framework } => {
                format!("engagement scoping profile {}", framework.id())
            }
            Subject::Attestation {
                provider,
                attestation_id,
                attestation,
            } => format!(
                "provider {provider:?} {} #{attestation_id}",
                attestation.id()
            ),
            Subject::VendorReview { provider } => format!("provider {provider:?} vendor review"),
            Subject::Csoc { provider, csoc_id } => format!("provider {provider:?} csoc #{csoc_id}"),
            Subject::Region { service, .. } => format!("service {service:?} region"),
            Subject::BridgeLetterWindow => "engagement bridge letter window".to_string(),
            Subject::Provider { provider } => format!("provider {provider:?}"),
            Subject::ProviderMatrix { provider, version } => {
                format!("provider matrix {provider:?} version {version}")
            }
            Subject::LabelMapping { label } => format!("label mapping {label:?}"),
            Subject::MappingProfile { name } => format!("mapping profile {name:?}"),
            Subject::DecisionReview { decision_id } => format!("review of decision #{decision_id}"),
            Subject::DocumentVersion => "engagement document version".to_string(),
            Subject::Approval { version } => format!("approval of version {version:?}"),
            Subject::Crosswalk { crosswalk_id, name } => {
                format!("crosswalk {name:?} #{crosswalk_id}")
            }
            Subject::TeamMember { person_id, name } => format!("person {name:?} #{person_id}"),
            Subject::PlanItem { item_id, field } => {
                format!("plan item {item_id:?} {}", field.id())
            }
            Subject::Unrecognized => "unrecognized".to_string(),
        }
    }

    /// The subject in a person's words, for example `Amazon EC2 · Operating system`.
    pub fn words(&self) -> String {
        match self {
            Subject::Service { service, .. } => service.clone(),
            Subject::Layer { service, layer, .. } => format!("{service} · {}", layer.label()),
            Subject::Model { service, .. } => format!("{service} · service model"),
            Subject::Framework {
                service, framework, ..
            } => format!("{service} · {}", framework.label()),
            Subject::Control {
                service,
                framework,
                control_id,
                field,
                ..
            } => format!(
                "{service} · {} {control_id} {}",
                framework.label(),
                field.words()
            ),
            Subject::Entity {
                framework,
                control_id,
                field,
            } => format!(
                "{ENTITY_LABEL} · {} {control_id} {}",
                framework.label(),
                field.words()
            ),
            Subject::Scope {
                framework,
                control_id,
            } => format!(
                "{} {control_id} · entity or system level",
                framework.label()
            ),
            Subject::ServiceDetail {
                service, detail, ..
            } => format!("{service} · {}", detail.label()),
            Subject::Engagement { field } => field.label().to_string(),
            Subject::InScope { framework } => framework.label().to_string(),
            Subject::FedrampBaseline => "FedRAMP baseline".to_string(),
            Subject::ScopingProfile { framework } => {
                format!("{} scoping profile", framework.label())
            }
            Subject::Attestation {
                provider,
                attestation,
                ..
            } => format!("{provider} · {}", attestation.label()),
            Subject::VendorReview { provider } => format!("{provider} · vendor review"),
            Subject::Csoc { provider, .. } => {
                format!("{provider} · complementary subservice organization control")
            }
            Subject::Region { service, .. } => format!("{service} · region"),
            Subject::BridgeLetterWindow => "bridge letter window".to_string(),
            Subject::Provider { provider } => provider.clone(),
            Subject::ProviderMatrix { provider, version } => {
                format!("{provider} · provider matrix version {version}")
            }
            Subject::LabelMapping { label } => format!("label {label:?}"),
            Subject::MappingProfile { name } => format!("mapping profile {name}"),
            Subject::DecisionReview { decision_id } => format!("review of decision #{decision_id}"),
            Subject::DocumentVersion => "document version".to_string(),
            Subject::Approval { version } => format!("approval of version {version}"),
            Subject::Crosswalk { name, .. } => format!("crosswalk {name}"),
            Subject::TeamMember { name, .. } => format!("{name} · team"),
            Subject::PlanItem { item_id, field } => format!("{item_id} · {}", field.words()),
            Subject::Unrecognized => "an earlier change".to_string(),
        }
    }

    /// What kind of thing the entry changed, as a change log counts it: `layer owners`.
    pub fn kind_words(&self) -> &'static str {
        match self {
            Subject::Service { .. } => "services",
            Subject::Layer { .. } => "layer owners",
            Subject::Model { .. } => "service models",
            Subject::Framework { .. } => "frameworks of services",
            Subject::ServiceDetail { .. } => "service details",
            Subject::Engagement { .. } => "engagement details",
            Subject::InScope { .. } => "frameworks in scope",
            Subject::Control { .. } => "control rows",
            Subject::Entity { .. } => "entity-level rows",
            Subject::Scope { .. } => "levels of controls",
            Subject::FedrampBaseline => "FedRAMP baseline",
            Subject::ScopingProfile { .. } => "scoping profiles",
            Subject::Attestation { .. } => "attestations",
            Subject::VendorReview { .. } => "vendor reviews",
            Subject::Csoc { .. } => "complementary subservice organization controls",
            Subject::Region { .. } => "service regions",
            Subject::BridgeLetterWindow => "bridge letter window",
            Subject::Provider { .. } => "providers",
            Subject::ProviderMatrix { .. } => "provider matrices",
            Subject::LabelMapping { .. } => "label mappings",
            Subject::MappingProfile { .. } => "mapping profiles",
            Subject::Crosswalk { .. } => "crosswalks",
            Subject::DecisionReview { .. } => "decision reviews",
            Subject::DocumentVersion => "document versions",
            Subject::Approval { .. } => "approvals",
            Subject::TeamMember { .. } => "team members",
            Subject::PlanItem { .. } => "work plan items",
            Subject::Unrecognized => "earlier changes",
        }
    }

    /// True for entries that record rather than decide: those of sign-off itself (a review,
    /// a version, an approval) and who works on the plan (the team, who has an item and by
    /// when). The documents do not rest on them, so they are neither reviewed nor in a change
    /// log, and they never make an approval stale. An accepted risk is a decision.
    pub fn is_record(&self) -> bool {
        matches!(
            self,
            Subject::DecisionReview { .. }
                | Subject::DocumentVersion
                | Subject::Approval { .. }
                | Subject::TeamMember { .. }
                | Subject::PlanItem {
                    field: PlanField::Assignment,
                    ..
                }
        )
    }

    /// What the entry is about, as a key two entries about the same thing share (names as
    /// they were then left out); `None` for an entry nothing can be matched with.
    pub fn key(&self) -> Option<String> {
        Some(match self {
            Subject::Service { service_id, .. } => format!("service {service_id}"),
            Subject::Layer {
                service_id, layer, ..
            } => format!("layer {service_id} {}", layer.id()),
            Subject::Model { service_id, .. } => format!("model {service_id}"),
            Subject::Framework {
                service_id,
                framework,
                ..
            } => format!("framework {service_id} {}", framework.id()),
            Subject::Control {
                service_id,
                framework,
                control_id,
                field,
                ..
            } => format!(
                "control {service_id} {} {control_id} {}",
                framework.id(),
                field.id()
            ),
            Subject::ServiceDetail {
                service_id, detail, ..
            } => format!("service detail {service_id} {}", detail.id()),
            // An entry about an attestation may change one CUEC or exception of a report, or the
            // whole record: none stands in for another, so each is reviewed on its own.
            Subject::Attestation { .. } => return None,
            Subject::VendorReview { provider } => {
                format!("vendor review {}", provider.to_lowercase())
            }
            Subject::Provider { provider } => format!("provider {}", provider.to_lowercase()),
            Subject::ProviderMatrix { provider, version } => {
                format!("provider matrix {} {version}", provider.to_lowercase())
            }
            Subject::Csoc { csoc_id, .. } => format!("csoc {csoc_id}"),
            Subject::Region { service_id, .. } => format!("region {service_id}"),
            Subject::Crosswalk { crosswalk_id, .. } => format!("crosswalk {crosswalk_id}"),
            Subject::TeamMember { person_id, .. } => format!("person {person_id}"),
            Subject::Unrecognized => return None,
            other => other.text(),
        })
    }

    /// The id of the service the entry is about, if it is about one.
    pub fn service_id(&self) -> Option<i64> {
        match self {
            Subject::Service { service_id, .. }
            | Subject::Layer { service_id, .. }
            | Subject::Model { service_id, .. }
            | Subject::Framework { service_id, .. }
            | Subject::ServiceDetail { service_id, .. }
            | Subject::Region { service_id, .. }
            | Subject::Control { service_id, .. } => Some(*service_id),
            _ => None,
        }
    }

    /// The framework the entry is about, if it is about one.
    pub fn framework(&self) -> Option<Framework> {
        match self {
            Subject::Framework { framework, .. }
            | Subject::Control { framework, .. }
            | Subject::Entity { framework, .. }
            | Subject::Scope { framework, .. }
            | Subject::InScope { framework }
            | Subject::ScopingProfile { framework } => Some(*framework),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_as_the_log_always_wrote_it() {
        let layer = Subject::Layer {
            service_id: 1,
            service: "Acme \"Edge\"".into(),
            layer: Layer::Os,
        };
        assert_eq!(layer.text(), r#"service "Acme \"Edge\"" layer os"#);
        let control = Subject::Control {
            service_id: 1,
            service: "EC2".into(),
            framework: Framework::Soc2,
            control_id: "CC6.1".into(),
            field: RowField::Owner,
        };
        assert_eq!(control.text(), r#"service "EC2" control soc2 CC6.1 owner"#);
        let attestation = Subject::Attestation {
            provider: "AWS".into(),
            attestation_id: 3,
            attestation: AttestationKind::Soc2,
        };
        assert_eq!(attestation.text(), r#"provider "AWS" soc2 #3"#);
        assert_eq!(
            Subject::ProviderMatrix {
                provider: "Acme".into(),
                version: 1
            }
            .text(),
            r#"provider matrix "Acme" version 1"#
        );
    }

    #[test]
    fn words_name_things_as_a_person_does() {
        let layer = Subject::Layer {
            service_id: 1,
            service: "Amazon EC2".into(),
            layer: Layer::Os,
        };
        assert_eq!(layer.words(), "Amazon EC2 · Operating system");
        let control = Subject::Control {
            service_id: 1,
            service: "EC2".into(),
            framework: Framework::Soc2,
            control_id: "CC6.1".into(),
            field: RowField::Owner,
        };
        assert_eq!(control.words(), "EC2 · SOC 2 CC6.1 owner");
        let entity = Subject::Entity {
            framework: Framework::Soc2,
            control_id: "CC1.1".into(),
            field: RowField::CustomerPart,
        };
        assert_eq!(entity.text(), "entity control soc2 CC1.1 customer_part");
        assert_eq!(entity.words(), "Entity · SOC 2 CC1.1 customer part");
        assert_eq!(entity.service_id(), None);
        assert_eq!(entity.framework(), Some(Framework::Soc2));
    }

    #[test]
    fn set_up_subjects_read_plainly() {
        let detail = Subject::ServiceDetail {
            service_id: 4,
            service: "Amazon S3".into(),
            detail: ServiceDetail::DataTypes,
        };
        assert_eq!(detail.text(), r#"service "Amazon S3" data_types"#);
        assert_eq!(detail.words(), "Amazon S3 · data types");
        assert_eq!(detail.service_id(), Some(4));
        let window = Subject::Engagement {
            field: EngagementField::AuditWindow,
        };
        assert_eq!(window.text(), "engagement audit_window");
        assert_eq!(window.words(), "Audit window");
        let scope = Subject::InScope {
            framework: Framework::Hipaa,
        };
        assert_eq!(scope.text(), "engagement framework hipaa");
        assert_eq!(scope.framework(), Some(Framework::Hipaa));
        assert_eq!(scope.service_id(), None);
    }

    #[test]
    fn json_names_its_kind() {
        let json = serde_json::to_string(&Subject::Framework {
            service_id: 2,
            service: "S3".into(),
            framework: Framework::Nist80053,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"kind":"framework","service_id":2,"service":"S3","framework":"nist80053"}"#
        );
    }
}
