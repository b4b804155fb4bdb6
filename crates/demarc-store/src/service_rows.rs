//! A service with every row that hangs off it, as stored: what undoing the service's addition
//! removes and what redoing it writes back, under the same ids.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Transaction};
use serde::{Deserialize, Serialize};

use crate::sql::unreadable;

/// The tables that hold a service's rows, parents first. Each refers to the service by
/// `service_id` and is emptied of them when the service is deleted (`ON DELETE CASCADE`).
const DEPENDENTS: [&str; 7] = [
    "service_data_type",
    "service_framework",
    "service_layer",
    "control_row",
    "control_evidence",
    "provider_matrix_service",
    "attestation_service",
];

/// One stored value. The engagement file holds no real numbers and no blobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
enum Cell {
    Null,
    Integer(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Rows {
    table: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// The service's own row and its rows in each dependent table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ServiceRows {
    tables: Vec<Rows>,
}

impl ServiceRows {
    /// Service `id` as stored now, or `None` when there is none.
    pub(crate) fn read(tx: &Transaction, id: i64) -> rusqlite::Result<Option<ServiceRows>> {
        let service = rows(tx, "service", "id", id)?;
        if service.rows.is_empty() {
            return Ok(None);
        }
        let mut tables = vec![service];
        for table in DEPENDENTS {
            tables.push(rows(tx, table, "service_id", id)?);
        }
        Ok(Some(ServiceRows { tables }))
    }

    /// Writes the rows back, the service first.
    pub(crate) fn write(&self, tx: &Transaction) -> rusqlite::Result<()> {
        for t in &self.tables {
            // Only the tables named above are written, whatever a damaged entry says.
            if t.table != "service" && !DEPENDENTS.contains(&t.table.as_str()) {
                continue;
            }
            let marks = vec!["?"; t.columns.len()].join(", ");
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({marks})",
                t.table,
                t.columns.join(", ")
            );
            let mut stmt = tx.prepare(&sql)?;
            for row in &t.rows {
                stmt.execute(params_from_iter(row.iter().map(|c| match c {
                    Cell::Null => Value::Null,
                    Cell::Integer(i) => Value::Integer(*i),
                    Cell::Text(s) => Value::Text(s.clone()),
                })))?;
            }
        }
        Ok(())
    }
}

/// Removes service `id` with every row that hangs off it.
pub(crate) fn remove_service(tx: &Transaction, id: i64) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM service WHERE id = ?1", [id])?;
    Ok(())
}

fn rows(tx: &Transaction, table: &str, key: &str, id: i64) -> rusqlite::Result<Rows> {
    let mut stmt = tx.prepare(&format!("SELECT * FROM {table} WHERE {key} = ?1"))?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let width = columns.len();
    let rows = stmt
        .query_map([id], |r| {
            (0..width)
                .map(|i| match r.get_ref(i)? {
                    ValueRef::Null => Ok(Cell::Null),
                    ValueRef::Integer(v) => Ok(Cell::Integer(v)),
                    ValueRef::Text(t) => Ok(Cell::Text(String::from_utf8_lossy(t).into_owned())),
                    ValueRef::Real(_) | ValueRef::Blob(_) => Err(unreadable(
                        i,
                        format!("{table} holds a value of an unknown kind"),
                    )),
                })
                .collect::<rusqlite::Result<Vec<Cell>>>()
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Rows {
        table: table.to_string(),
        columns,
        rows,
    })
}
