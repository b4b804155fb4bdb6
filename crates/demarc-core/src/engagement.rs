//! The engagement and what it holds, as the rest of the product sees them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{default_owner, Invalid, Layer, Ownership, ReviewState, ServiceModel, Subject};

/// A framework an engagement or a service can be in scope for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Framework {
    Soc2,
    Hipaa,
    PciDss,
    Fedramp,
    Nist80053,
    NistCsf,
    Iso27001,
}

impl Framework {
    pub const ALL: [Framework; 7] = [
        Framework::Soc2,
        Framework::Hipaa,
        Framework::PciDss,
        Framework::Fedramp,
        Framework::Nist80053,
        Framework::NistCsf,
        Framework::Iso27001,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Framework::Soc2 => "soc2",
            Framework::Hipaa => "hipaa",
            Framework::PciDss => "pci_dss",
            Framework::Fedramp => "fedramp",
            Framework::Nist80053 => "nist80053",
            Framework::NistCsf => "nist_csf",
            Framework::Iso27001 => "iso27001",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Framework::Soc2 => "SOC 2",
            Framework::Hipaa => "HIPAA",
            Framework::PciDss => "PCI DSS",
            Framework::Fedramp => "FedRAMP",
            Framework::Nist80053 => "NIST SP 800-53",
            Framework::NistCsf => "NIST CSF",
            Framework::Iso27001 => "ISO 27001",
        }
    }

    pub fn from_id(id: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// A kind of data a service handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DataType {
    Phi,
    CardholderData,
    Pii,
    Credentials,
    Confidential,
}

impl DataType {
    pub const ALL: [DataType; 5] = [
        DataType::Phi,
        DataType::CardholderData,
        DataType::Pii,
        DataType::Credentials,
        DataType::Confidential,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DataType::Phi => "phi",
            DataType::CardholderData => "cardholder_data",
            DataType::Pii => "pii",
            DataType::Credentials => "credentials",
            DataType::Confidential => "confidential",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DataType::Phi => "PHI",
            DataType::CardholderData => "Cardholder data",
            DataType::Pii => "PII",
            DataType::Credentials => "Credentials",
            DataType::Confidential => "Confidential",
        }
    }

    pub fn from_id(id: &str) -> Option<DataType> {
        DataType::ALL.into_iter().find(|d| d.id() == id)
    }
}

/// How sensitive the data a service handles is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sensitivity {
    Low,
    Medium,
    High,
}

impl Sensitivity {
    pub const ALL: [Sensitivity; 3] = [Sensitivity::Low, Sensitivity::Medium, Sensitivity::High];

    pub fn id(self) -> &'static str {
        match self {
            Sensitivity::Low => "low",
            Sensitivity::Medium => "medium",
            Sensitivity::High => "high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sensitivity::Low => "Low",
            Sensitivity::Medium => "Medium",
            Sensitivity::High => "High",
        }
    }

    pub fn from_id(id: &str) -> Option<Sensitivity> {
        Sensitivity::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Someone who prepares, reviews or approves the engagement's documents.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub name: String,
    pub role: String,
}

/// The engagement: one client, one audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Engagement {
    pub client: String,
    pub name: String,
    pub scope: String,
    pub frameworks: Vec<Framework>,
    pub audit_start: Option<NaiveDate>,
    pub audit_end: Option<NaiveDate>,
    pub document_version: String,
    pub preparer: Option<Person>,
    pub reviewers: Vec<Person>,
    /// The language and region whose date style the app shows (`en-GB`); empty for the
    /// system's own.
    pub locale: String,
    /// Sample data (the demo), not a client's engagement.
    pub sample: bool,
}

impl Engagement {
    pub fn new(client: &str) -> Engagement {
        Engagement {
            client: client.to_string(),
            name: format!("{client} shared responsibility matrix"),
            scope: String::new(),
            frameworks: Vec::new(),
            audit_start: None,
            audit_end: None,
            document_version: "0.1".to_string(),
            preparer: None,
            reviewers: Vec::new(),
            locale: String::new(),
            sample: false,
        }
    }

    /// Checks what a person could get wrong: an empty client, a window that ends before it starts.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.client.trim().is_empty() {
            return Err(Invalid::new("client", "the client's name is empty"));
        }
        if let (Some(start), Some(end)) = (self.audit_start, self.audit_end) {
            if end < start {
                return Err(Invalid::new(
                    "audit_end",
                    format!("the audit window ends ({end}) before it starts ({start})"),
                ));
            }
        }
        check_locale(&self.locale)?;
        for p in self.preparer.iter().chain(&self.reviewers) {
            p.validate()?;
        }
        Ok(())
    }
}

impl Person {
    /// A person needs a name; the role may stay empty.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.name.trim().is_empty() {
            return Err(Invalid::new("name", "the person's name is empty"));
        }
        Ok(())
    }
}

/// A locale is empty (the system's) or a language tag: a language of two or three letters,
/// then parts of letters and digits joined by hyphens (`en`, `en-GB`, `de-CH`, `es-419`).
pub fn check_locale(locale: &str) -> Result<(), Invalid> {
    if locale.is_empty() {
        return Ok(());
    }
    let mut parts = locale.split('-');
    let language = parts.next().unwrap_or_default();
    let language_ok =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if language_ok && rest_ok {
        Ok(())
    } else {
        Err(Invalid::new(
            "locale",
            format!("{locale:?} is not a language tag such as en-GB or de-CH"),
        ))
    }
}

/// One layer of one service: its default owner under the service's model and, when someone
/// overrode it, the override and its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LayerOwner {
    pub layer: Layer,
    /// The owner in force: the override when there is one, otherwise the default.
    pub owner: Ownership,
    pub default_owner: Ownership,
    /// Why the layer was overridden; `None` while it follows the default.
    pub reason: Option<String>,
}

impl LayerOwner {
    pub fn overridden(&self) -> bool {
        self.reason.is_some()
    }
}

/// A cloud service in scope, with the owner of each of its 14 layers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Service {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub provider: String,
    pub model: ServiceModel,
    pub sensitivity: Sensitivity,
    pub data_types: Vec<DataType>,
    pub frameworks: Vec<Framework>,
    /// Every layer, top to bottom.
    pub layers: Vec<LayerOwner>,
    /// Where it runs (`us-east-1`, `us-gov-west-1`), when recorded: what an attestation's
    /// regions are checked against.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub region: Option<String>,
}

/// What removing a service takes with it, shown before it is removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceRemoval {
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    /// Layers set away from their default.
    pub overrides: u32,
    /// Control matrix rows on which a person recorded something.
    pub control_decisions: u32,
    pub evidence: u32,
    /// Attestations that list the service among those they cover.
    pub attestations: u32,
    /// Imported provider matrices linked to the service.
    pub provider_matrices: u32,
}

impl ServiceRemoval {
    /// What the decision log keeps of it, for example `layer overrides 3, control decisions 0, ...`.
    pub fn summary(&self) -> String {
        format!(
            "layer overrides {}, control decisions {}, evidence {}, attestations {}, provider matrices {}",
            self.overrides,
            self.control_decisions,
            self.evidence,
            self.attestations,
            self.provider_matrices
        )
    }
}

/// What taking a framework out of the engagement's scope takes with it, shown before it is
/// taken out. What people recorded on its rows stays in the file and comes back with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FrameworkRemoval {
    pub framework: Framework,
    /// The services in scope for it, by name.
    pub services: Vec<String>,
    /// Rows of the control matrix (and of the exports) that go.
    pub rows: u32,
    /// Rows on which a person recorded something: kept, not shown.
    pub kept_decisions: u32,
    /// Evidence records on its rows: kept, not shown.
    pub kept_evidence: u32,
    /// Whether its scoping questions were answered (the answers are kept).
    pub scoping_answered: bool,
}

impl FrameworkRemoval {
    /// What the decision log keeps of it, for example `3 services, 183 matrix rows, ...`.
    pub fn summary(&self) -> String {
        format!(
            "{} services, {} matrix rows; kept: control decisions {}, evidence {}",
            self.services.len(),
            self.rows,
            self.kept_decisions,
            self.kept_evidence
        )
    }
}

/// What a person gives to add a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewService {
    pub name: String,
    pub provider: String,
    pub model: ServiceModel,
    pub sensitivity: Sensitivity,
    pub data_types: Vec<DataType>,
    pub frameworks: Vec<Framework>,
}

/// The whole engagement as the UI and `demarc show` present it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EngagementView {
    pub engagement: Engagement,
    pub services: Vec<Service>,
}

/// One entry of the append-only decision log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decision {
    #[ts(type = "number")]
    pub id: i64,
    /// When, as an RFC 3339 UTC timestamp.
    pub at: String,
    pub who: String,
    /// What changed, as the log shows it, for example `service "EC2" layer os`.
    pub subject: String,
    /// What changed, as data: the kind of thing and its ids.
    pub about: Subject,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
    /// Where the entry stands with its reviewers.
    pub review: ReviewState,
}

/// The layers of a service under `model`, keeping the overrides in `current` (by layer).
pub fn layers_for_model(model: ServiceModel, current: &[LayerOwner]) -> Vec<LayerOwner> {
    Layer::ALL
        .iter()
        .map(|&layer| {
            let default_owner = default_owner(model, layer);
            match current.iter().find(|l| l.layer == layer && l.overridden()) {
                Some(kept) => LayerOwner {
                    default_owner,
                    ..kept.clone()
                },
                None => LayerOwner {
                    layer,
                    owner: default_owner,
                    default_owner,
                    reason: None,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_the_model_recomputes_defaults_and_keeps_overrides() {
        let mut layers = layers_for_model(ServiceModel::Iaas, &[]);
        assert!(layers
            .iter()
            .all(|l| !l.overridden() && l.owner == l.default_owner));
        let os = Layer::Os.index();
        layers[os].owner = Ownership::Shared;
        layers[os].reason = Some("hardened AMIs patched by the provider".into());

        let paas = layers_for_model(ServiceModel::Paas, &layers);
        assert_eq!(paas[os].owner, Ownership::Shared);
        assert_eq!(paas[os].default_owner, Ownership::Provider);
        assert_eq!(
            paas[os].reason.as_deref(),
            Some("hardened AMIs patched by the provider")
        );
        let runtime = &paas[Layer::Runtime.index()];
        assert_eq!(
            (runtime.owner, runtime.default_owner),
            (Ownership::Provider, Ownership::Provider)
        );
        assert_eq!(paas.len(), 14);
    }

    #[test]
    fn an_audit_window_that_ends_before_it_starts_is_refused() {
        let mut e = Engagement::new("Acme");
        e.audit_start = NaiveDate::from_ymd_opt(2026, 7, 1);
        e.audit_end = NaiveDate::from_ymd_opt(2026, 6, 30);
        assert_eq!(e.validate().unwrap_err().field, "audit_end");
        e.audit_end = e.audit_start;
        assert!(e.validate().is_ok());
        e.client = "  ".into();
        assert_eq!(e.validate().unwrap_err().field, "client");
    }

    #[test]
    fn a_locale_is_a_language_tag_or_nothing() {
        for ok in ["", "en", "en-GB", "de-CH", "es-419", "zh-Hant-TW"] {
            assert!(check_locale(ok).is_ok(), "{ok}");
        }
        for bad in ["e", "english", "en_GB", "en-", "12-GB", "en GB", "-en"] {
            assert_eq!(check_locale(bad).unwrap_err().field, "locale", "{bad}");
        }
        let mut e = Engagement::new("Acme");
        e.reviewers.push(Person {
            name: " ".into(),
            role: "QSA".into(),
        });
        assert_eq!(e.validate().unwrap_err().field, "name");
    }
}
