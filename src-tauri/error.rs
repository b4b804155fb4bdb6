//! The one error shape that crosses IPC: `{ "code": ..., "message": ..., "field"?: ... }`.

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
    /// The field a refused value was given in, as the records name it (`period_end`): the UI
    /// shows the message there. Only with `invalid_input`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> IpcError {
        IpcError {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A refused value of `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            field: Some(field.to_string()),
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> IpcError {
        let code = match &e {
            // The field travels apart, so the message reads well where the UI puts it.
            StoreError::Invalid { field, message } => {
                return IpcError::invalid(field, message.clone())
            }
            StoreError::AlreadyExists { .. } => ErrorCode::InvalidInput,
            StoreError::NotFound { .. } | StoreError::UnknownService { .. } => ErrorCode::NotFound,
            StoreError::NewerVersion { .. } => ErrorCode::NewerVersion,
            StoreError::NotAnEngagement { .. } => ErrorCode::NotAnEngagement,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Busy { .. } => ErrorCode::Busy,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            e if e.is_busy() => ErrorCode::Busy,
            StoreError::Sqlite { .. } => ErrorCode::Internal,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<demarc_core::Invalid> for IpcError {
    fn from(e: demarc_core::Invalid) -> IpcError {
        IpcError::invalid(e.field, e.message)
    }
}

impl From<ImportError> for IpcError {
    fn from(e: ImportError) -> IpcError {
        let code = match &e {
            ImportError::Io { .. } => ErrorCode::Io,
            _ => ErrorCode::InvalidInput,
        };
        // The message names the file, and the sheet and cell where one applies.
        IpcError::new(code, e.to_string())
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
        let e = IpcError::invalid("period_end", "the period ends before it starts");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"invalid_input","message":"the period ends before it starts","field":"period_end"}"#
        );
    }

    #[test]
    fn a_store_refusal_names_its_field_apart_from_its_message() {
        let e = IpcError::from(StoreError::invalid("reason", "a reason is required"));
        assert_eq!(
            e,
            IpcError::invalid("reason", "a reason is required"),
            "{e:?}"
        );
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
