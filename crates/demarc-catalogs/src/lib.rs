//! Bundled control catalogs and the layer-to-control mapping, as data.
//!
//! The catalogs are JSON files under `data/`, embedded at compile time and parsed once on first
//! use. `scripts/gen-catalogs` regenerates them from the public-domain spreadsheets and regulation
//! text in `../shared/catalogs` and from the lists of our own labels in `lists/`.

mod catalog;
mod layer_map;
mod owner;

pub use catalog::{catalog, fedramp_baseline, Catalog, Control, ControlKind, Family, FedrampLevel};
pub use layer_map::{layer_map_policy, layer_rule, layers_for};
pub use owner::{derived_owner, model_default_owner};
