//! The engagement file: one SQLite database per client engagement (`.demarc`).
//!
//! Every write goes through [`EngagementFile::write`], one transaction that commits on `Ok` and
//! rolls back on `Err`; every change of ownership appends to the decision log in that same
//! transaction.

mod assurance;
mod backup;
mod check;
mod demo;
mod error;
mod file;
mod history;
mod lock;
mod matrix;
mod provider_matrix;
mod schema;

pub use assurance::today;
pub use backup::KEEP_BACKUPS;
pub use check::{FileCheck, MissingParent};
// The core's types the store's operations take and return.
pub use demarc_core::{Change, ChangeKind, ControlSelector};
pub use demo::{write_demo, write_scale_engagement};
pub use error::StoreError;
pub use file::{EngagementFile, WriteError};
pub use provider_matrix::{ImportReport, LabelMapping, MatrixImport};
pub use schema::LATEST_VERSION;

pub type Result<T> = std::result::Result<T, StoreError>;
