//! The one error shape that crosses IPC: `{ "code": ..., "message": ... }`.

use demarc_import::ImportError;
use demarc_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// A closed set of error kinds the UI may branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    NewerVersion,
    NotAnEngagement,
    Busy,
    ReadOnly,
    /// A path the user did not choose in a file dialog.
    NotPermitted,
    Io,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> IpcError {
        IpcError {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> IpcError {
        let code = match &e {
            StoreError::Invalid { .. } | StoreError::AlreadyExists { .. } => {
                ErrorCode::InvalidInput
            }
            StoreError::NotFound { .. } | StoreError::UnknownService { .. } => ErrorCode::NotFound,
            StoreError::NewerVersion { .. } => ErrorCode::NewerVersion,
            StoreError::NotAnEngagement { .. } => ErrorCode::NotAnEngagement,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Busy { .. } => ErrorCode::Busy,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            e if e.is_busy() => ErrorCode::Busy,
            StoreError::Sqlite { .. } => ErrorCode::Internal,
        };
        IpcError {
            code,
            message: e.to_string(),
        }
    }
}

impl From<ImportError> for IpcError {
    fn from(e: ImportError) -> IpcError {
        let code = match &e {
            ImportError::Io { .. } => ErrorCode::Io,
            _ => ErrorCode::InvalidInput,
        };
        // The message names the file, and the sheet and cell where one applies.
        IpcError {
            code,
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shape_is_pinned() {
        let e = IpcError::new(
            ErrorCode::NotAnEngagement,
            "x.demarc is not a Demarc engagement file",
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"not_an_engagement","message":"x.demarc is not a Demarc engagement file"}"#
        );
    }
}
