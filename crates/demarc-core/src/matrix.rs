//! The control matrix: one row per entity-level control in scope (the client's, once for the
//! engagement) and one per (service, system-level control in scope), with its owner and where
//! that owner comes from.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::crosswalk::Reach;
use crate::{AttestationRef, CuecRef, Framework, Layer, Ownership, ThirdParty};

/// Where a row's owner comes from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OwnerSource {
    /// A person set the owner, with a reason.
    Override,
    /// An imported provider responsibility matrix gave the owner.
    ProviderMatrix,
    /// Provider matrix rows in another framework's IDs gave the owner through crosswalks
    /// (strong relationships only; the row's `crosswalk` holds the trails).
    Crosswalk,
    /// Derived from the owners of the layers the control touches.
    LayerDefault,
    /// What a vendor's attestation says decided it: a PCI DSS requirement the provider's AOC
    /// does not list stays the customer's.
    VendorReport,
    /// Not applicable under the engagement's scoping profile of the framework.
    Scoping,
}

impl OwnerSource {
    pub fn id(self) -> &'static str {
        match self {
            OwnerSource::Override => "override",
            OwnerSource::ProviderMatrix => "provider_matrix",
            OwnerSource::Crosswalk => "crosswalk",
            OwnerSource::LayerDefault => "layer_default",
            OwnerSource::VendorReport => "vendor_report",
            OwnerSource::Scoping => "scoping",
        }
    }
}

/// Whether a control is decided once for the engagement or once per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Scope {
    /// The client's own, once for the engagement (policies, governance, people, risk): one row
    /// with no service.
    Entity,
    /// Decided per service, from the layers the control is about: one row per service.
    System,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Entity, Scope::System];

    pub fn id(self) -> &'static str {
        match self {
            Scope::Entity => "entity",
            Scope::System => "system",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scope::Entity => "Entity level",
            Scope::System => "System level",
        }
    }

    pub fn from_id(id: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// What the service column of an entity-level row shows, in every front end and export.
pub const ENTITY_LABEL: &str = "Entity";

/// A reference to evidence for one row: where it lives, never the document itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evidence {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// A path, a URL or a binder reference.
    pub location: String,
    /// The date of the evidence itself (a report's date, a screenshot's day).
    pub date: Option<NaiveDate>,
    /// Who is responsible for producing it.
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
}

/// What a person gives to add an evidence reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewEvidence {
    pub title: String,
    pub location: String,
    pub date: Option<NaiveDate>,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
}

/// Where a provider matrix row that matched a control came from: enough to open the file at
/// the right cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProviderSource {
    pub provider: String,
    /// The imported matrix version (1, 2, ...) of that provider.
    pub version: u32,
    /// The file name as imported.
    pub file: String,
    pub sheet: String,
    /// 1-based, as Excel shows it.
    pub row: u32,
    /// The control ID as the provider wrote it (`AC-02 (03)`).
    pub control_id: String,
    /// The letters of the column(s) the ownership was read from.
    pub columns: Vec<String>,
    /// What the provider's label means; `undetermined` labels never decide a row's owner.
    pub owner: Ownership,
    /// The provider outsources the row to a third party, or shares it with one.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub third_party: Option<ThirdParty>,
}

/// A provider matrix row as it was imported: what the provider wrote for a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProviderRow {
    pub control_id: String,
    pub label: String,
    pub provider_narrative: Option<String>,
    pub customer_narrative: Option<String>,
    /// The section or domain the row sits under, where the sheet has them.
    pub section: Option<String>,
    /// The provider's implementation answer, as written.
    pub implementation: Option<String>,
    /// What the importer read about the row beyond its ownership.
    pub note: Option<String>,
    /// Where in a structured file (OSCAL) the row was read: a JSON path.
    pub location: Option<String>,
}

/// Who last reviewed a row, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Review {
    pub by: String,
    pub on: NaiveDate,
}

/// One row of the matrix by its keys, as a change to several rows names them. An entity-level
/// row has no service (`service_id` null).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowKey {
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub framework: Framework,
    #[serde(rename = "control")]
    pub control_id: String,
}

/// One row of the control matrix. Everything but the person-set fields is computed when the
/// matrix is read, so a change of a layer owner shows at once in every dependent row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatrixRow {
    /// `None` for an entity-level row.
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    /// `None` for an entity-level row.
    pub service: Option<String>,
    pub scope: Scope,
    pub framework: Framework,
    /// The control's id in its framework (`CC6.1`, `164.312(b)`, `8.4.2`, `AC-2`).
    #[serde(rename = "control")]
    pub control_id: String,
    pub title: String,
    /// The family the control belongs to (`AC`, `CC6`, `164.312`, `8`).
    pub family: String,
    /// The layers the control touches; empty for an organisational control.
    pub layers: Vec<Layer>,
    /// The owner in force, from `source`.
    pub owner: Ownership,
    pub source: OwnerSource,
    /// The owner derived from the service's current layer owners.
    pub default_owner: Ownership,
    /// The ownership label exactly as the provider's matrix writes it, when an imported matrix
    /// row matches the control; shown even when a person overrides it. Optional in TypeScript
    /// so that rows built before provider matrices existed still type-check.
    #[ts(optional = nullable)]
    pub provider_label: Option<String>,
    #[ts(optional = nullable)]
    pub provider_source: Option<ProviderSource>,
    /// The current attestation a provider-side row leans on (what makes it `inherited`).
    #[ts(optional = nullable)]
    pub attestation: Option<AttestationRef>,
    /// A HIPAA row inherited from a business associate: the signed BAA beside the report.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub baa: Option<AttestationRef>,
    /// Why the default is what it is, for example "shared: network controls are shared for PaaS".
    pub explanation: String,
    /// Why the owner was overridden; `None` unless `source` is `override`.
    pub reason: Option<String>,
    /// What the customer does, for a shared control.
    pub customer_part: Option<String>,
    pub evidence: Vec<Evidence>,
    /// The person accountable for the row.
    pub row_owner: Option<String>,
    pub last_reviewed: Option<Review>,
    /// Why the control does not apply, when its owner is `not_applicable`.
    pub na_justification: Option<String>,
    /// Someone (a person, a provider's matrix) said inherited, but no current attestation
    /// covers the row: it counts as the provider's (`owner` is `provider`) and reads as
    /// "claimed inherited, no attestation". Optional in TypeScript, like the provider's
    /// fields, so that rows built before it existed still type-check.
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub claimed_inherited: bool,
    /// The mapped CUECs of the vendor's SOC 2 reports that belong to this criterion: the
    /// customer's part of it.
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<CuecRef>>")]
    pub cuecs: Vec<CuecRef>,
    /// An entity-level row whose per-service decisions (recorded before the control was the
    /// client's once) disagree: each service and what it said. The row stays undetermined
    /// until a person sets its owner.
    #[ts(optional = nullable)]
    pub disagreement: Option<String>,
    /// The provider outsources the row to a third party, or shares it with one (from its
    /// matrix).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub third_party: Option<ThirdParty>,
    /// Why a third-party row is not inherited although the provider's report covers it: the
    /// report carves its subservice organisations out.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub carved_out: Option<String>,
    /// What provider rows in other frameworks' IDs give this system-level row through
    /// crosswalks: the owner they decide (in force when `source` is `crosswalk`), the owner
    /// they only suggest, and the trails of both. Absent when no crosswalk reaches the row.
    /// Shared between the rows it reaches (services alike reach alike).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, as = "Option<Reach>")]
    pub crosswalk: Option<Arc<Reach>>,
}

impl MatrixRow {
    /// The row's keys.
    pub fn key(&self) -> RowKey {
        RowKey {
            service_id: self.service_id,
            framework: self.framework,
            control_id: self.control_id.clone(),
        }
    }

    /// The first trail that decided the row's owner, on one line, when a crosswalk did.
    pub fn trail_line(&self) -> Option<String> {
        if self.source != OwnerSource::Crosswalk {
            return None;
        }
        let reach = self.crosswalk.as_ref()?;
        let first = reach.trails.first()?.text();
        Some(match reach.trails.len() {
            1 => first,
            n => format!("{first} (and {} more)", n - 1),
        })
    }

    /// The service's name, or `Entity` for an entity-level row.
    pub fn service_label(&self) -> &str {
        self.service.as_deref().unwrap_or(ENTITY_LABEL)
    }
}

/// Which rows of the matrix to read; `None` means all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatrixFilter {
    /// One service's rows (no entity-level row).
    pub service: Option<String>,
    pub framework: Option<Framework>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub scope: Option<Scope>,
}
