//! Demarc's domain: the 14 layers of a cloud stack, the service models, the six ownership
//! values and the default owner of each layer per model. Pure data and pure functions: this
//! crate reads no file and knows nothing of SQLite, spreadsheets or the desktop shell.

mod applicability;
mod assurance;
mod control_id;
pub mod crosswalk;
mod engagement;
mod entity;
mod fedramp;
mod fold;
pub mod imported;
mod invalid;
mod layer;
mod matrix;
mod ownership;
mod pci_scope;
pub mod plan;
mod precedence;
mod provider_matrix;
mod scoping;
mod selector;
mod service_model;
mod signoff;
mod subject;

pub use applicability::{
    applicability, scope_out, scoping_gaps, service_scope_out, Applicability, ApplicabilityRule,
    Condition, Effect,
};
pub use assurance::*;
pub use control_id::normalize_control_id;
pub use engagement::*;
pub use entity::{entity_row, EntityControl, ServiceRecord};
pub use fedramp::FedrampLevel;
pub use fold::{fold, latin_look_alikes};
pub use invalid::Invalid;
pub use layer::Layer;
pub use matrix::{
    Evidence, MatrixFilter, MatrixRow, NewEvidence, OwnerSource, ProviderRow, ProviderSource,
    Review, RowKey, Scope, ENTITY_LABEL,
};
pub use ownership::Ownership;
pub use pci_scope::{PciValidation, ServiceScope, ServiceScopeNote, RATIONALE_MAX};
pub use precedence::{matrix_row, owner_in_force, RowRecord, ScopedControl};
pub use provider_matrix::{
    diff_versions, Change, ChangeKind, CrosswalkRows, ProviderEntry, ProviderIndex, ProviderMatch,
};
pub use scoping::{
    FedrampProfile, FedrampRole, HipaaProfile, HipaaRole, PaymentChannel, PciEntity, PciProfile,
    ScopingProfile, ServiceNames, Soc2Profile,
};
pub use selector::ControlSelector;
pub use service_model::{default_owner, ServiceModel};
pub use signoff::*;
pub use subject::{EngagementField, PlanField, RowField, ServiceDetail, Subject};
