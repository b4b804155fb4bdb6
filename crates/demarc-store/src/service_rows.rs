//! Every stored row of one service, taken out as JSON and put back as it was, under the same
//! ids: the one mechanism behind undoing a service's removal and redoing its addition (and,
//! with `remove`, undoing the addition and redoing the removal). Columns are read from the
//! schema, so a later migration's columns come along without a change here.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The tables holding a service's rows, the service first (the others refer to it), each with
/// the column naming the service and the rows it needs to exist elsewhere to be put back.
const TABLES: &[(&str, &str, &str)] = &[
    ("service", "id", ""),
    ("service_data_type", "service_id", ""),
    ("service_framework", "service_id", ""),
    ("service_layer", "service_id", ""),
    ("control_row", "service_id", ""),
    ("control_evidence", "service_id", ""),
    // An attestation or a matrix deleted since leaves its link out.
    (
        "attestation_service",
        "service_id",
        "AND json_extract(value, '$.attestation_id') IN (SELECT id FROM attestation)",
    ),
    (
        "provider_matrix_service",
        "service_id",
        "AND json_extract(value, '$.matrix_id') IN (SELECT id FROM provider_matrix)",
    ),
];

/// The rows of one service: per table, a JSON array of objects, one per row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ServiceRows {
    pub(crate) name: String,
    tables: BTreeMap<String, String>,
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    names.collect()
}

/// The rows of service `id`, or `None` when there is no such service.
pub(crate) fn read(conn: &Connection, id: i64) -> rusqlite::Result<Option<ServiceRows>> {
    let name: Option<String> = conn
        .query_row("SELECT name FROM service WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let Some(name) = name else {
        return Ok(None);
    };
    let mut tables = BTreeMap::new();
    for (table, key, _) in TABLES {
        let pairs = columns(conn, table)?
            .iter()
            .map(|c| format!("'{c}', \"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: String = conn.query_row(
            &format!(
                "SELECT json_group_array(json_object({pairs})) FROM \"{table}\" WHERE \"{key}\" = ?1"
            ),
            [id],
            |r| r.get(0),
        )?;
        tables.insert((*table).to_string(), rows);
    }
    Ok(Some(ServiceRows { name, tables }))
}

/// Puts the rows back, the service first.
pub(crate) fn put_back(conn: &Connection, rows: &ServiceRows) -> rusqlite::Result<()> {
    for (table, _, only) in TABLES {
        let Some(json) = rows.tables.get(*table) else {
            continue;
        };
        let columns = columns(conn, table)?;
        let names = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let values = columns
            .iter()
            .map(|c| format!("json_extract(value, '$.{c}')"))
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute(
            &format!(
                "INSERT INTO \"{table}\" ({names}) SELECT {values} FROM json_each(?1) WHERE 1 {only}"
            ),
            params![json],
        )?;
    }
    Ok(())
}

/// Removes service `id`; its other rows go with it (`ON DELETE CASCADE`).
pub(crate) fn remove(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM service WHERE id = ?1", [id])?;
    Ok(())
}
