//! The engagement file: one SQLite database per client engagement (`.demarc`).
//!
//! Every write goes through [`EngagementFile::write`], one transaction that commits on `Ok` and
//! rolls back on `Err`; every change of ownership appends to the decision log in that same
//! transaction.

mod assurance;
mod attestations;
mod backup;
mod bulk;
mod check;
mod clock;
mod crosswalk_rows;
mod crosswalks;
mod csocs;
mod demo;
mod engagement;
mod engagement_edit;
mod error;
mod file;
mod history;
mod lock;
mod log;
mod mapping_profiles;
mod matrix;
mod matrix_import;
mod plan;
mod plan_edit;
mod progress;
mod provider_matrix;
mod report_items;
mod reviews;
mod row_records;
mod schema;
mod scoping;
mod service_details;
mod service_edit;
mod service_rows;
mod services;
mod sign_off;
mod sql;
mod team;
mod undoable;

pub use backup::KEEP_BACKUPS;
pub use bulk::MAX_BULK_ROWS;
pub use check::{FileCheck, MissingParent};
pub use clock::today;
pub use crosswalks::{CrosswalkImportReport, CrosswalkList, CrosswalkSummary};
// The core's types the store's operations take and return.
pub use demarc_core::{Change, ChangeKind, ControlSelector};
pub use demo::{write_demo, write_scale_engagement};
pub use error::StoreError;
pub use file::{EngagementFile, WriteError};
pub use history::Stepped;
pub use matrix_import::{ImportReport, LabelMapping, MatrixImport};
pub use plan::MAX_LEAD_DAYS;
pub use schema::LATEST_VERSION;

pub type Result<T> = std::result::Result<T, StoreError>;
