//! Demarc's domain: the 14 layers of a cloud stack, the service models, the six ownership
//! values and the default owner of each layer per model. Pure data and pure functions: this
//! crate reads no file and knows nothing of SQLite, spreadsheets or the desktop shell.

mod assurance;
mod engagement;
mod invalid;
mod layer;
mod matrix;
mod ownership;
mod service_model;
mod subject;

pub use assurance::*;
pub use engagement::*;
pub use invalid::Invalid;
pub use layer::Layer;
pub use matrix::{
    Evidence, MatrixFilter, MatrixRow, NewEvidence, OwnerSource, ProviderRow, ProviderSource,
    Review, RowKey,
};
pub use ownership::Ownership;
pub use service_model::{default_owner, ServiceModel};
pub use subject::{RowField, Subject};
