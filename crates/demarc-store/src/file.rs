use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use demarc_core::{
    layers_for_model, DataType, Decision, Engagement, EngagementView, Framework, Layer, LayerOwner,
    NewService, Ownership, Person, Sensitivity, Service, ServiceModel,
};
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};

use crate::history::{apply_model, encode, next_batch, Snapshot, Target};
use crate::lock::{busy, LockRefused, WriterLock};
use crate::schema::{migrations, APPLICATION_ID, LATEST_VERSION};
use crate::{Result, StoreError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open engagement file. At most one writer holds a file at a time (see `lock.rs`).
pub struct EngagementFile {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Why the file is read-only, when it is.
    read_only: Option<String>,
    // Declared last: dropped after the connection has closed.
    _lock: Option<WriterLock>,
}

impl EngagementFile {
    /// Creates a new engagement file at `path`; refuses to overwrite an existing file.
    pub fn create(path: &Path, engagement: &Engagement) -> Result<EngagementFile> {
        engagement.validate().map_err(split_validation)?;
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
        let mut file = EngagementFile {
            conn,
            path: path.to_path_buf(),
            read_only: None,
            _lock: Some(lock),
        };
        file.configure()?;
        file.conn
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| sqlite(path, e))?;
        file.migrate()?;
        file.write(|tx| {
            tx.execute(
                "INSERT INTO engagement (id, client, name, created_at) VALUES (1, ?1, ?2, ?3)",
                params![engagement.client, engagement.name, now()],
            )?;
            Ok(())
        })?;
        file.update_engagement(engagement)?;
        Ok(file)
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
        let mut file = EngagementFile {
            conn,
            path: path.to_path_buf(),
            read_only: None,
            _lock: Some(lock),
        };
        file.configure()?;
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

    pub fn engagement(&self) -> Result<Engagement> {
        read_engagement(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Replaces the engagement's details (client, scope, frameworks, window, people).
    pub fn update_engagement(&mut self, e: &Engagement) -> Result<()> {
        e.validate().map_err(split_validation)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE engagement SET client = ?1, name = ?2, scope = ?3, audit_start = ?4,
                 audit_end = ?5, document_version = ?6 WHERE id = 1",
                params![
                    e.client,
                    e.name,
                    e.scope,
                    e.audit_start.map(|d| d.to_string()),
                    e.audit_end.map(|d| d.to_string()),
                    e.document_version
                ],
            )?;
            tx.execute("DELETE FROM engagement_framework", [])?;
            for f in &e.frameworks {
                tx.execute(
                    "INSERT OR IGNORE INTO engagement_framework VALUES (?1)",
                    [f.id()],
                )?;
            }
            tx.execute("DELETE FROM engagement_person", [])?;
            let people = e
                .preparer
                .iter()
                .map(|p| ("preparer", p))
                .chain(e.reviewers.iter().map(|p| ("reviewer", p)));
            for (position, (kind, p)) in people.enumerate() {
                tx.execute(
                    "INSERT INTO engagement_person (kind, position, name, role)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![kind, position as i64, p.name, p.role],
                )?;
            }
            Ok(())
        })
    }

    /// Adds a service with the default owner of each layer under its model.
    pub fn add_service(&mut self, s: &NewService, who: &str) -> Result<Service> {
        let name = s.name.trim();
        let provider = s.provider.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("name", "the service's name is empty"));
        }
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        let id = self.write(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM service WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::invalid(
                    "name",
                    format!("a service named {name:?} already exists"),
                )
                .into());
            }
            tx.execute("INSERT OR IGNORE INTO provider (name) VALUES (?1)", [provider])?;
            let provider_id: i64 =
                tx.query_row("SELECT id FROM provider WHERE name = ?1", [provider], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO service (provider_id, name, model, sensitivity) VALUES (?1, ?2, ?3, ?4)",
                params![provider_id, name, s.model.id(), s.sensitivity.id()],
            )?;
            let id = tx.last_insert_rowid();
            for d in &s.data_types {
                tx.execute("INSERT OR IGNORE INTO service_data_type VALUES (?1, ?2)", params![
                    id,
                    d.id()
                ])?;
            }
            for f in &s.frameworks {
                tx.execute("INSERT OR IGNORE INTO service_framework VALUES (?1, ?2)", params![
                    id,
                    f.id()
                ])?;
            }
            for l in layers_for_model(s.model, &[]) {
                tx.execute(
                    "INSERT INTO service_layer (service_id, layer, default_owner) VALUES (?1, ?2, ?3)",
                    params![id, l.layer.id(), l.default_owner.id()],
                )?;
            }
            log(tx, who, &format!("service {name:?}"), None, Some(&format!("added, {}", s.model.label())), None)?;
            Ok(id)
        })?;
        self.service(id)
    }

    /// Sets the owner of one layer of a service; the reason is required and recorded.
    pub fn set_layer_owner(
        &mut self,
        service_id: i64,
        layer: Layer,
        owner: Ownership,
        reason: &str,
        who: &str,
    ) -> Result<Service> {
        self.write_layer(service_id, layer, Some(owner), reason, who)
    }

    /// Puts a layer back to its default owner; the reason is recorded in the log.
    pub fn reset_layer(
        &mut self,
        service_id: i64,
        layer: Layer,
        reason: &str,
        who: &str,
    ) -> Result<Service> {
        self.write_layer(service_id, layer, None, reason, who)
    }

    /// Overrides a layer's owner (`Some`) or returns it to the default (`None`), and logs it.
    fn write_layer(
        &mut self,
        service_id: i64,
        layer: Layer,
        owner: Option<Ownership>,
        reason: &str,
        who: &str,
    ) -> Result<Service> {
        let reason = required_reason(reason)?;
        let current = self.service(service_id)?;
        let before = &current.layers[layer.index()];
        let logged = match owner {
            Some(o) => o.id().to_string(),
            None => format!("{} (default)", before.default_owner.id()),
        };
        self.write(|tx| {
            let replaced = Target::Layer { service_id, layer }.snapshot(tx)?;
            tx.execute(
                "UPDATE service_layer SET override_owner = ?1, reason = ?2
                 WHERE service_id = ?3 AND layer = ?4",
                params![
                    owner.map(Ownership::id),
                    owner.map(|_| reason),
                    service_id,
                    layer.id()
                ],
            )?;
            let batch = next_batch(tx)?;
            log_entry(
                tx,
                who,
                &layer_subject(&current.name, layer),
                Some(before.owner.id()),
                Some(&logged),
                Some(reason),
                Some(&replaced),
                None,
                Some(batch),
            )?;
            Ok(())
        })?;
        self.service(service_id)
    }

    /// Changes a service's model: the defaults follow the new model, overrides and their
    /// reasons stay.
    pub fn set_service_model(
        &mut self,
        service_id: i64,
        model: ServiceModel,
        reason: &str,
        who: &str,
    ) -> Result<Service> {
        let reason = required_reason(reason)?;
        let current = self.service(service_id)?;
        self.write(|tx| {
            let replaced = Target::Model { service_id }.snapshot(tx)?;
            apply_model(tx, service_id, model)?;
            let batch = next_batch(tx)?;
            log_entry(
                tx,
                who,
                &format!("service {:?} model", current.name),
                Some(current.model.id()),
                Some(model.id()),
                Some(reason),
                Some(&replaced),
                None,
                Some(batch),
            )?;
            Ok(())
        })?;
        self.service(service_id)
    }

    pub fn service_id(&self, name: &str) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT id FROM service WHERE name = ?1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.read_error(e))?
            .ok_or_else(|| StoreError::UnknownService {
                name: name.to_string(),
            })
    }

    pub fn service(&self, id: i64) -> Result<Service> {
        read_service(&self.conn, id)
            .map_err(|e| self.read_error(e))?
            .ok_or_else(|| StoreError::UnknownService {
                name: format!("#{id}"),
            })
    }

    pub fn services(&self) -> Result<Vec<Service>> {
        let ids: Vec<i64> = (|| {
            let mut stmt = self.conn.prepare(
                "SELECT s.id FROM service s JOIN provider p ON p.id = s.provider_id
                 ORDER BY p.name COLLATE NOCASE, s.id",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<i64>>>()
        })()
        .map_err(|e| self.read_error(e))?;
        ids.into_iter().map(|id| self.service(id)).collect()
    }

    pub fn view(&self) -> Result<EngagementView> {
        Ok(EngagementView {
            engagement: self.engagement()?,
            services: self.services()?,
        })
    }

    /// The decision log, oldest first.
    pub fn decisions(&self) -> Result<Vec<Decision>> {
        (|| {
            let mut stmt = self.conn.prepare(
                "SELECT id, at, who, subject, old_value, new_value, reason FROM decision ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Decision {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    who: r.get(2)?,
                    subject: r.get(3)?,
                    old_value: r.get(4)?,
                    new_value: r.get(5)?,
                    reason: r.get(6)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<Decision>>>()
        })()
        .map_err(|e| self.read_error(e))
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

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn split_validation(message: String) -> StoreError {
    match message.split_once(": ") {
        Some((field, rest)) => StoreError::invalid(field, rest),
        None => StoreError::invalid("engagement", message),
    }
}

pub(crate) fn required_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::invalid(
            "reason",
            "a reason is required for this change",
        ));
    }
    Ok(reason)
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn layer_subject(service: &str, layer: Layer) -> String {
    format!("service {service:?} layer {}", layer.id())
}

pub(crate) fn log(
    tx: &Transaction,
    who: &str,
    subject: &str,
    old: Option<&str>,
    new: Option<&str>,
    reason: Option<&str>,
) -> rusqlite::Result<()> {
    log_entry(tx, who, subject, old, new, reason, None, None, None)
}

/// A decision-log entry; `revert` (the state the change replaced) makes it undoable.
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_entry(
    tx: &Transaction,
    who: &str,
    subject: &str,
    old: Option<&str>,
    new: Option<&str>,
    reason: Option<&str>,
    revert: Option<&Snapshot>,
    undoes: Option<i64>,
    batch: Option<i64>,
) -> rusqlite::Result<()> {
    let revert = revert.map(encode).transpose()?;
    tx.execute(
        "INSERT INTO decision (at, who, subject, old_value, new_value, reason, revert, undoes, batch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![now(), who, subject, old, new, reason, revert, undoes, batch],
    )?;
    Ok(())
}

pub(crate) fn parse<T>(
    column: usize,
    text: &str,
    from: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    from(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("unknown value {text:?}").into(),
        )
    })
}

pub(crate) fn parse_date(
    column: usize,
    text: Option<String>,
) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| {
        t.parse().map_err(|e: chrono::ParseError| {
            rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                format!("bad date {t:?}: {e}").into(),
            )
        })
    })
    .transpose()
}

fn strings(conn: &Connection, sql: &str, id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    rows.collect()
}

fn read_engagement(conn: &Connection) -> rusqlite::Result<Engagement> {
    let mut e = conn.query_row(
        "SELECT client, name, scope, audit_start, audit_end, document_version
         FROM engagement WHERE id = 1",
        [],
        |r| {
            Ok(Engagement {
                client: r.get(0)?,
                name: r.get(1)?,
                scope: r.get(2)?,
                frameworks: Vec::new(),
                audit_start: parse_date(3, r.get(3)?)?,
                audit_end: parse_date(4, r.get(4)?)?,
                document_version: r.get(5)?,
                preparer: None,
                reviewers: Vec::new(),
            })
        },
    )?;
    let mut stmt = conn.prepare("SELECT framework FROM engagement_framework ORDER BY framework")?;
    for f in stmt.query_map([], |r| r.get::<_, String>(0))? {
        e.frameworks.push(parse(0, &f?, Framework::from_id)?);
    }
    e.frameworks.sort();
    let mut stmt =
        conn.prepare("SELECT kind, name, role FROM engagement_person ORDER BY position")?;
    let people = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Person {
                name: r.get(1)?,
                role: r.get(2)?,
            },
        ))
    })?;
    for p in people {
        match p? {
            (kind, person) if kind == "preparer" => e.preparer = Some(person),
            (_, person) => e.reviewers.push(person),
        }
    }
    Ok(e)
}

fn read_service(conn: &Connection, id: i64) -> rusqlite::Result<Option<Service>> {
    let head = conn
        .query_row(
            "SELECT s.name, p.name, s.model, s.sensitivity FROM service s
             JOIN provider p ON p.id = s.provider_id WHERE s.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((name, provider, model, sensitivity)) = head else {
        return Ok(None);
    };
    let mut data_types = strings(
        conn,
        "SELECT data_type FROM service_data_type WHERE service_id = ?1",
        id,
    )?
    .iter()
    .map(|d| parse(0, d, DataType::from_id))
    .collect::<rusqlite::Result<Vec<_>>>()?;
    data_types.sort();
    let mut frameworks = strings(
        conn,
        "SELECT framework FROM service_framework WHERE service_id = ?1",
        id,
    )?
    .iter()
    .map(|f| parse(0, f, Framework::from_id))
    .collect::<rusqlite::Result<Vec<_>>>()?;
    frameworks.sort();

    let mut stmt = conn.prepare_cached(
        "SELECT layer, default_owner, override_owner, reason FROM service_layer
         WHERE service_id = ?1",
    )?;
    let mut layers = stmt
        .query_map([id], |r| {
            let layer = parse(0, &r.get::<_, String>(0)?, Layer::from_id)?;
            let default_owner = parse(1, &r.get::<_, String>(1)?, Ownership::from_id)?;
            let overridden = r
                .get::<_, Option<String>>(2)?
                .map(|o| parse(2, &o, Ownership::from_id))
                .transpose()?;
            Ok(LayerOwner {
                layer,
                owner: overridden.unwrap_or(default_owner),
                default_owner,
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    layers.sort_by_key(|l| l.layer);
    if layers.len() != Layer::ALL.len() {
        return Err(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("service {name:?} has {} layers instead of 14", layers.len()).into(),
        ));
    }
    Ok(Some(Service {
        id,
        name,
        provider,
        model: parse(2, &model, ServiceModel::from_id)?,
        sensitivity: parse(3, &sensitivity, Sensitivity::from_id)?,
        data_types,
        frameworks,
        layers,
    }))
}
