//! What a row records beyond its owner, read and written one piece at a time for undo: an
//! evidence reference by id, the customer's part.

use demarc_core::RowKey;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::undoable::update_row;

/// An evidence reference as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EvidenceRow {
    pub(crate) title: String,
    pub(crate) location: String,
    pub(crate) date: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) due_date: Option<String>,
}

/// Evidence reference `id` of a service's row (`system`) or of an entity row.
pub(crate) fn read_evidence(
    tx: &Transaction,
    id: i64,
    system: bool,
) -> rusqlite::Result<Option<EvidenceRow>> {
    let table = if system {
        "control_evidence"
    } else {
        "entity_evidence"
    };
    // `table` is one of two fixed names, never user text.
    tx.query_row(
        &format!("SELECT title, location, date, owner, due_date FROM {table} WHERE id = ?1"),
        [id],
        |r| {
            Ok(EvidenceRow {
                title: r.get(0)?,
                location: r.get(1)?,
                date: r.get(2)?,
                owner: r.get(3)?,
                due_date: r.get(4)?,
            })
        },
    )
    .optional()
}

/// Puts evidence reference `id` on row `key` as `row` has it, or with `None` removes it.
pub(crate) fn write_evidence(
    tx: &Transaction,
    id: i64,
    key: &RowKey,
    row: Option<&EvidenceRow>,
) -> rusqlite::Result<()> {
    let framework = key.framework.id();
    match (row, key.service_id) {
        (None, Some(_)) => tx.execute("DELETE FROM control_evidence WHERE id = ?1", [id])?,
        (None, None) => tx.execute("DELETE FROM entity_evidence WHERE id = ?1", [id])?,
        (Some(e), Some(service_id)) => tx.execute(
            "INSERT OR REPLACE INTO control_evidence (id, service_id, framework, control_id,
             title, location, date, owner, due_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                service_id,
                framework,
                key.control_id,
                e.title,
                e.location,
                e.date,
                e.owner,
                e.due_date
            ],
        )?,
        (Some(e), None) => tx.execute(
            "INSERT OR REPLACE INTO entity_evidence (id, framework, control_id, title,
             location, date, owner, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                framework,
                key.control_id,
                e.title,
                e.location,
                e.date,
                e.owner,
                e.due_date
            ],
        )?,
    };
    Ok(())
}

/// The customer's part of row `key` as stored (an entity row may store '' for cleared).
pub(crate) fn read_customer_part(
    tx: &Transaction,
    key: &RowKey,
) -> rusqlite::Result<Option<String>> {
    let found: Option<Option<String>> = match key.service_id {
        Some(service_id) => tx
            .query_row(
                "SELECT customer_part FROM control_row
                 WHERE service_id = ?1 AND framework = ?2 AND control_id = ?3",
                params![service_id, key.framework.id(), key.control_id],
                |r| r.get(0),
            )
            .optional()?,
        None => tx
            .query_row(
                "SELECT customer_part FROM entity_row WHERE framework = ?1 AND control_id = ?2",
                params![key.framework.id(), key.control_id],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(found.flatten())
}

pub(crate) fn write_customer_part(
    tx: &Transaction,
    key: &RowKey,
    text: Option<&str>,
) -> rusqlite::Result<()> {
    update_row(tx, key, "customer_part = ?1", params![text])
}
