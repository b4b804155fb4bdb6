//! The file's own health: SQLite's integrity check and foreign key check, for `demarc check`
//! and the tests that kill the app mid-write.

use serde::Serialize;

use crate::file::EngagementFile;
use crate::{Result, StoreError};

/// What SQLite found wrong with the file; both lists empty when it is sound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    /// The lines of `PRAGMA integrity_check` other than its single "ok".
    pub integrity: Vec<String>,
    /// Rows whose parent row is missing, from `PRAGMA foreign_key_check`.
    pub foreign_keys: Vec<MissingParent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingParent {
    pub table: String,
    pub rowid: Option<i64>,
    pub parent: String,
}

impl FileCheck {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty()
    }
}

impl EngagementFile {
    /// Reads every page of the file (`PRAGMA integrity_check`) and every reference between
    /// rows (`PRAGMA foreign_key_check`). Changes nothing.
    pub fn check(&self) -> Result<FileCheck> {
        let sqlite = |source| StoreError::Sqlite {
            path: self.path().to_path_buf(),
            source,
        };
        let mut integrity = Vec::new();
        let mut statement = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(sqlite)?;
        let mut rows = statement.query([]).map_err(sqlite)?;
        while let Some(row) = rows.next().map_err(sqlite)? {
            let line: String = row.get(0).map_err(sqlite)?;
            if line != "ok" {
                integrity.push(line);
            }
        }
        let mut foreign_keys = Vec::new();
        let mut statement = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(sqlite)?;
        let mut rows = statement.query([]).map_err(sqlite)?;
        while let Some(row) = rows.next().map_err(sqlite)? {
            foreign_keys.push(MissingParent {
                table: row.get(0).map_err(sqlite)?,
                rowid: row.get(1).map_err(sqlite)?,
                parent: row.get(2).map_err(sqlite)?,
            });
        }
        Ok(FileCheck {
            integrity,
            foreign_keys,
        })
    }
}
