//! Small helpers shared by the store's SQL: reading our text values back, and the error of a
//! database call.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use crate::StoreError;

pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// A stored id (`os`, `customer`) read back through `from`; an unknown one is an unreadable
/// value of `column`.
pub(crate) fn parse<T>(
    column: usize,
    text: &str,
    from: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    from(text).ok_or_else(|| unreadable(column, format!("unknown value {text:?}")))
}

pub(crate) fn parse_date(
    column: usize,
    text: Option<String>,
) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| {
        t.parse()
            .map_err(|e: chrono::ParseError| unreadable(column, format!("bad date {t:?}: {e}")))
    })
    .transpose()
}

pub(crate) fn unreadable(column: usize, why: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, why.into())
}

/// The first column of every row `sql` returns for `id`, each read through `from`, sorted.
pub(crate) fn sorted_values<T: Ord>(
    conn: &Connection,
    sql: &str,
    id: i64,
    from: fn(&str) -> Option<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut values = stmt
        .query_map([id], |r| parse(0, &r.get::<_, String>(0)?, from))?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    values.sort();
    Ok(values)
}

/// The id of the provider named `name` (in any letter case), added if it is new.
pub(crate) fn provider_id(tx: &Transaction, name: &str) -> rusqlite::Result<i64> {
    tx.execute("INSERT OR IGNORE INTO provider (name) VALUES (?1)", [name])?;
    tx.query_row("SELECT id FROM provider WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

/// Trimmed text, or `None` when nothing is left.
pub(crate) fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}
