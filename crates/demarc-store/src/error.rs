use std::path::PathBuf;

/// What can go wrong with an engagement file, worded for the person who opened it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },

    #[error("{path}: a file already exists there; choose another name")]
    AlreadyExists { path: PathBuf },

    #[error(
        "{path} was written by a newer version of Demarc (file schema {found}, this version reads \
         up to {supported}); update Demarc to open it. The file was left untouched."
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{path} is not a Demarc engagement file: {why}")]
    NotAnEngagement { path: PathBuf, why: String },

    #[error("{path} is open in Demarc by {holder}; close it there first (nothing was changed)")]
    Busy { path: PathBuf, holder: String },

    #[error("{path} is open read-only ({why}); save a copy elsewhere to make changes")]
    ReadOnly { path: PathBuf, why: String },

    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    #[error("no service named {name:?} in this engagement")]
    UnknownService { name: String },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// True when another process or connection holds the file.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy { .. })
            || matches!(self, StoreError::Sqlite { source, .. } if matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ))
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl From<demarc_core::Invalid> for StoreError {
    fn from(e: demarc_core::Invalid) -> StoreError {
        StoreError::invalid(e.field, e.message)
    }
}
