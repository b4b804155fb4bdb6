//! The engagement file's lifecycle: create, open (probe, backup, migrate), read-only access,
//! the one write transaction, and copies of the whole file.

use std::io::Read;
use std::path::{Path, PathBuf};

use demarc_core::Engagement;
use rusqlite::{params, Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::now;
use crate::lock::{busy, LockRefused, WriterLock};
use crate::schema::{migrations, APPLICATION_ID, LATEST_VERSION};
use crate::sql::sqlite;
use crate::{Result, StoreError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open engagement file. At most one writer holds a file at a time (see `lock.rs`).
pub struct EngagementFile {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Why the file is read-only, when it is.
    read_only: Option<String>,
    /// What provider rows reach through crosswalks, kept between reads of the matrix while the
    /// imported matrices and crosswalks stay the same.
    pub(crate) crosswalk_memo: std::cell::RefCell<crate::matrix::CrosswalkMemo>,
    // Declared last: dropped after the connection has closed.
    _lock: Option<WriterLock>,
}

impl EngagementFile {
    /// Creates a new engagement file at `path`; refuses to overwrite an existing file.
    pub fn create(path: &Path, engagement: &Engagement) -> Result<EngagementFile> {
        engagement.validate()?;
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        let lock = match WriterLock::acquire(path) {
            Ok(lock) => lock,
            Err(LockRefused::Held(holder)) => return Err(busy(path, holder)),
            Err(LockRefused::Unwritable(source)) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let conn = Connection::open(path).map_err(|e| sqlite(path, e))?;
        let file = EngagementFile::writer(conn, path, Some(lock))?;
        file.initialize(engagement)
    }

    /// A new engagement built in memory, for writing many changes at once without a disk
    /// flush for each; `persist_new` then writes it to `path` in one go.
    pub(crate) fn create_in_memory(path: &Path, engagement: &Engagement) -> Result<EngagementFile> {
        engagement.validate()?;
        let conn = Connection::open_in_memory().map_err(|e| sqlite(path, e))?;
        let file = EngagementFile::writer(conn, path, None)?;
        file.initialize(engagement)
    }

    /// Writes an engagement built with `create_in_memory` to `path`, which must not exist,
    /// whole or not at all (a side file renamed into place), and opens it.
    pub(crate) fn persist_new(self, path: &Path) -> Result<EngagementFile> {
        let exists = || StoreError::AlreadyExists {
            path: path.to_path_buf(),
        };
        if path.exists() {
            return Err(exists());
        }
        let mut side = path.as_os_str().to_owned();
        side.push(".writing");
        let side = PathBuf::from(side);
        let io = |e| StoreError::Io {
            path: side.clone(),
            source: e,
        };
        if side.exists() {
            std::fs::remove_file(&side).map_err(io)?;
        }
        self.backup_to(&side)?;
        std::fs::File::open(&side)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        if path.exists() {
            return Err(exists());
        }
        std::fs::rename(&side, path).map_err(io)?;
        drop(self);
        EngagementFile::open(path)
    }

    fn initialize(mut self, engagement: &Engagement) -> Result<EngagementFile> {
        let path = self.path.clone();
        let path = path.as_path();
        let file = &mut self;
        file.conn
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| sqlite(path, e))?;
        file.migrate()?;
        let version = Some(engagement.document_version.trim())
            .filter(|v| !v.is_empty())
            .unwrap_or("0.1");
        let by = engagement.preparer.as_ref().map_or("", |p| p.name.as_str());
        file.write(|tx| {
            let at = now();
            tx.execute(
                "INSERT INTO engagement (id, client, name, document_version, created_at, sample)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![
                    engagement.client,
                    engagement.name,
                    version,
                    at,
                    engagement.sample
                ],
            )?;
            tx.execute(
                "INSERT INTO document_version (version, after, at, by) VALUES (?1, 0, ?2, ?3)",
                params![version, at, by],
            )?;
            Ok(())
        })?;
        file.update_engagement(engagement)?;
        Ok(self)
    }

    /// Opens an existing engagement file for writing. A file from a newer Demarc is refused
    /// and left untouched; an older one is copied to `<name>.v<N>.bak` and then migrated. A
    /// file another process is writing is refused, naming who; a file on a read-only medium
    /// opens read-only.
    pub fn open(path: &Path) -> Result<EngagementFile> {
        let version = probe(path)?;
        if version > LATEST_VERSION {
            return Err(StoreError::NewerVersion {
                path: path.to_path_buf(),
                found: version,
                supported: LATEST_VERSION,
            });
        }
        let lock = match WriterLock::acquire(path) {
            Ok(lock) => lock,
            Err(LockRefused::Held(holder)) => return Err(busy(path, holder)),
            Err(LockRefused::Unwritable(e)) => {
                return EngagementFile::read_only(path, version, format!("its folder: {e}"))
            }
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sqlite(path, e))?;
        let mut file = EngagementFile::writer(conn, path, Some(lock))?;
        if version < LATEST_VERSION {
            file.backup_to(&backup_path(path, version))?;
            file.migrate()?;
        }
        // A log left behind by a writer that was killed goes into the file now.
        file.fold_log();
        Ok(file)
    }

    /// Opens a file to read it: for writing when nobody else is, otherwise read-only, so that
    /// reading never waits for the window that has the file open.
    pub fn open_for_reading(path: &Path) -> Result<EngagementFile> {
        match EngagementFile::open(path) {
            Err(StoreError::Busy { holder, .. }) => {
                EngagementFile::read_only(path, probe(path)?, format!("open in Demarc by {holder}"))
            }
            other => other,
        }
    }

    /// The file open for writing on `conn`, holding the writer's lock.
    fn writer(conn: Connection, path: &Path, lock: Option<WriterLock>) -> Result<EngagementFile> {
        let mut file = EngagementFile {
            conn,
            path: path.to_path_buf(),
            read_only: None,
            crosswalk_memo: Default::default(),
            _lock: lock,
        };
        file.configure()?;
        Ok(file)
    }

    fn read_only(path: &Path, version: i64, why: String) -> Result<EngagementFile> {
        if version < LATEST_VERSION {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                why: format!("{why}; it needs an upgrade to schema {LATEST_VERSION} first"),
            });
        }
        let conn = read_only_connection(path).map_err(|e| sqlite(path, e))?;
        Ok(EngagementFile {
            conn,
            path: path.to_path_buf(),
            read_only: Some(why),
            crosswalk_memo: Default::default(),
            _lock: None,
        })
    }

    /// Why the file is read-only, or `None` when it can be written.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one immediate transaction: commits on `Ok`, rolls back on `Err`.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction) -> std::result::Result<T, WriteError>,
    ) -> Result<T> {
        let path = self.path.clone();
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path,
                why: why.clone(),
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sqlite(&path, e))?;
        match f(&tx) {
            Ok(value) => {
                tx.commit().map_err(|e| sqlite(&path, e))?;
                self.fold_log();
                Ok(value)
            }
            Err(WriteError::Store(e)) => Err(e),
            Err(WriteError::Sqlite(e)) => Err(sqlite(&path, e)),
        }
    }

    /// Moves every committed change from the write-ahead log into the `.demarc` file itself, so
    /// that the file alone, copied or synchronised by a cloud drive, holds all of it. Done after
    /// every commit and when the app exits. A reader in another process may hold the log back for
    /// a moment; the change is committed all the same and the next fold takes it in.
    pub fn fold_log(&self) -> bool {
        if self.read_only.is_some() {
            return true;
        }
        let folded = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
        matches!(folded, Ok(0))
    }

    /// Writes a consistent copy of the whole engagement to `target` (which must not exist) and
    /// returns that copy opened.
    pub fn save_as(&self, target: &Path) -> Result<EngagementFile> {
        if target.exists() {
            return Err(StoreError::AlreadyExists {
                path: target.to_path_buf(),
            });
        }
        self.backup_to(target)?;
        EngagementFile::open(target)
    }

    fn configure(&mut self) -> Result<()> {
        let path = self.path.clone();
        (|| -> rusqlite::Result<()> {
            self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
            self.conn.pragma_update(None, "foreign_keys", "ON")?;
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            Ok(())
        })()
        .map_err(|e| sqlite(&path, e))
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        migrations().to_latest(&mut self.conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => sqlite(&path, err),
            other => StoreError::NotAnEngagement {
                path: path.clone(),
                why: other.to_string(),
            },
        })
    }

    pub(crate) fn backup_to(&self, target: &Path) -> Result<()> {
        let target_text = target.to_str().ok_or_else(|| {
            StoreError::invalid("path", format!("{} is not valid UTF-8", target.display()))
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target_text])
            .map_err(|e| sqlite(target, e))?;
        Ok(())
    }

    /// A copy of the whole engagement in memory, to change freely and drop (never written
    /// anywhere).
    pub(crate) fn in_memory_copy(&self) -> Result<EngagementFile> {
        let path = self.path.clone();
        let mut conn = Connection::open_in_memory().map_err(|e| sqlite(&path, e))?;
        rusqlite::backup::Backup::new(&self.conn, &mut conn)
            .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
            .map_err(|e| sqlite(&path, e))?;
        Ok(EngagementFile {
            conn,
            path,
            read_only: Some("a copy in memory".to_string()),
            crosswalk_memo: Default::default(),
            _lock: None,
        })
    }

    pub(crate) fn read_error(&self, e: rusqlite::Error) -> StoreError {
        match e {
            rusqlite::Error::FromSqlConversionFailure(_, _, why) => StoreError::NotAnEngagement {
                path: self.path.clone(),
                why: format!("unreadable value: {why}"),
            },
            other => sqlite(&self.path, other),
        }
    }
}

/// An error inside a write: a refusal of ours or a database error, both rolled back.
#[derive(Debug)]
pub enum WriteError {
    Store(StoreError),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sqlite(e)
    }
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::Store(e)
    }
}

/// Reads the schema version without changing the file, and checks that it is ours.
fn probe(path: &Path) -> Result<i64> {
    let not_ours = |why: &str| StoreError::NotAnEngagement {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let mut head = [0u8; 100];
    let read = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            loop {
                let got = f.read(&mut head[n..])?;
                if got == 0 || n + got == head.len() {
                    return Ok(n + got);
                }
                n += got;
            }
        })
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound {
                path: path.to_path_buf(),
            },
            _ => StoreError::Io {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
    if read == 0 {
        return Err(not_ours("the file is empty"));
    }
    if read < head.len() || &head[..16] != SQLITE_MAGIC {
        return Err(not_ours(
            "it is not an SQLite database (or it is truncated)",
        ));
    }
    let conn = read_only_connection(path).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            not_ours("it is not an SQLite database (or it is damaged)")
        }
        other => sqlite(path, other),
    })?;
    let pragma = |name: &str| -> Result<i64> {
        conn.pragma_query_value(None, name, |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    not_ours("it is not an SQLite database (or it is damaged)")
                }
                other => sqlite(path, other),
            })
    };
    let app = pragma("application_id")?;
    let version = pragma("user_version")?;
    if app != APPLICATION_ID {
        return Err(not_ours("it is an SQLite database of another application"));
    }
    Ok(version)
}

/// A connection that only reads. On a read-only medium there is no room for the WAL index,
/// so the file is then read as it is (`immutable`).
fn read_only_connection(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let check = |c: Connection| -> rusqlite::Result<Connection> {
        c.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(c)
    };
    match Connection::open_with_flags(path, flags).and_then(check) {
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::CannotOpen => {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).and_then(check)
        }
        other => other,
    }
}

/// `path` as the path part of an SQLite URI filename.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}
