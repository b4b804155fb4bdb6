//! Bundled control catalogs and the layer-to-control mapping, as data.
//!
//! The catalogs are JSON files under `data/`, embedded at compile time and parsed once on first
//! use. `scripts/gen-catalogs` regenerates them from the public-domain spreadsheets and regulation
//! text in `../shared/catalogs` and from the lists of our own labels in `lists/` (SOC 2, PCI DSS
//! and ISO 27001, whose texts are copyrighted and never shipped).
//!
//! `data/layer_map.json` says which stack layers each control touches. A control with no layer
//! is organisational (policy, governance, personnel, planning, vendor management): entity-level,
//! the customer's own governance once for the engagement whatever the service model. An
//! `{"entity": [...]}` rule marks an entity-level safeguard that only mentions layers (a
//! workstation policy and client devices), which no layer override moves (`control_scope`). `derived_owner` turns the owners of
//! a control's layers into the control's default owner and a sentence saying why.
//!
//! `data/applicability.json` says which requirements apply under which answers of a
//! framework's scoping profile (PCI DSS service-provider-only requirements, the appendices, POI
//! devices, payment pages; HIPAA group health plans; SOC 2 categories).

mod applicability;
mod catalog;
mod crosswalks;
#[cfg(feature = "gen")]
pub mod gen;
mod layer_map;
mod owner;
mod provider_matrices;
mod scope;
mod sources;

pub use applicability::{applicability_policy, applicability_rule, applies};
pub use catalog::{catalog, fedramp_baseline, Catalog, Control, ControlKind, Family};
pub use crosswalks::{bundled_crosswalks, rev5_successors, Rev5Successors, BUNDLED_FILES};
pub use layer_map::{control_scope, layer_map_policy, layer_rule, layers_for};
pub use owner::{derived_owner, model_default_owner};
pub use provider_matrices::{
    shipped_matrices, shipped_matrix, MatrixOrigin, ShippedMatrix, SHIPPED_MATRIX_FILES,
};
pub use scope::{controls_in_scope, DEFAULT_FEDRAMP_LEVEL};
pub use sources::{bundled_sources, BundledSource};
