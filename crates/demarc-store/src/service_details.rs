//! Setting up a service at any time: its provider, the data it handles, its sensitivity and the
//! frameworks it is in scope for. Each change is logged and is one undo step.

use demarc_core::{DataType, Framework, Sensitivity, Service, ServiceDetail, Subject};
use rusqlite::{params, Connection, Transaction};

use crate::log::{next_batch, LogEntry};
use crate::sql::{parse, provider_id, sorted_values};
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

pub(crate) fn read_provider(conn: &Connection, service_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT provider_id FROM service WHERE id = ?1",
        [service_id],
        |r| r.get(0),
    )
}

pub(crate) fn provider_name(conn: &Connection, provider_id: i64) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT name FROM provider WHERE id = ?1",
        [provider_id],
        |r| r.get(0),
    )
}

pub(crate) fn write_provider(
    tx: &Transaction,
    service_id: i64,
    provider_id: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE service SET provider_id = ?1 WHERE id = ?2",
        params![provider_id, service_id],
    )?;
    Ok(())
}

pub(crate) fn read_data_types(
    conn: &Connection,
    service_id: i64,
) -> rusqlite::Result<Vec<DataType>> {
    sorted_values(
        conn,
        "SELECT data_type FROM service_data_type WHERE service_id = ?1",
        service_id,
        DataType::from_id,
    )
}

pub(crate) fn write_data_types(
    tx: &Transaction,
    service_id: i64,
    data_types: &[DataType],
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM service_data_type WHERE service_id = ?1",
        [service_id],
    )?;
    for d in data_types {
        tx.execute(
            "INSERT OR IGNORE INTO service_data_type (service_id, data_type)
             SELECT id, ?2 FROM service WHERE id = ?1",
            params![service_id, d.id()],
        )?;
    }
    Ok(())
}

pub(crate) fn read_sensitivity(
    conn: &Connection,
    service_id: i64,
) -> rusqlite::Result<Sensitivity> {
    let s: String = conn.query_row(
        "SELECT sensitivity FROM service WHERE id = ?1",
        [service_id],
        |r| r.get(0),
    )?;
    parse(0, &s, Sensitivity::from_id)
}

pub(crate) fn write_sensitivity(
    tx: &Transaction,
    service_id: i64,
    sensitivity: Sensitivity,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE service SET sensitivity = ?1 WHERE id = ?2",
        params![sensitivity.id(), service_id],
    )?;
    Ok(())
}

pub(crate) fn read_member(
    conn: &Connection,
    service_id: i64,
    framework: Framework,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM service_framework WHERE service_id = ?1 AND framework = ?2)",
        params![service_id, framework.id()],
        |r| r.get(0),
    )
}

pub(crate) fn write_member(
    tx: &Transaction,
    service_id: i64,
    framework: Framework,
    member: bool,
) -> rusqlite::Result<()> {
    if member {
        tx.execute(
            "INSERT OR IGNORE INTO service_framework (service_id, framework)
             SELECT id, ?2 FROM service WHERE id = ?1",
            params![service_id, framework.id()],
        )?;
    } else {
        tx.execute(
            "DELETE FROM service_framework WHERE service_id = ?1 AND framework = ?2",
            params![service_id, framework.id()],
        )?;
    }
    Ok(())
}

pub(crate) fn read_region(conn: &Connection, service_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT region FROM service WHERE id = ?1",
        [service_id],
        |r| r.get(0),
    )
}

pub(crate) fn write_region(
    tx: &Transaction,
    service_id: i64,
    region: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE service SET region = ?1 WHERE id = ?2",
        params![region, service_id],
    )?;
    Ok(())
}

pub(crate) fn write_name(tx: &Transaction, service_id: i64, name: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE service SET name = ?1 WHERE id = ?2",
        params![name, service_id],
    )?;
    Ok(())
}

/// Data types as the log shows them: `phi, pii`, or `none`.
pub(crate) fn data_type_ids(data_types: &[DataType]) -> String {
    if data_types.is_empty() {
        return "none".to_string();
    }
    let ids: Vec<&str> = data_types.iter().map(|d| d.id()).collect();
    ids.join(", ")
}

/// Data types in a person's words: `PHI, PII`, or `none`.
pub(crate) fn data_type_labels(data_types: &[DataType]) -> String {
    if data_types.is_empty() {
        return "none".to_string();
    }
    let labels: Vec<&str> = data_types.iter().map(|d| d.label()).collect();
    labels.join(", ")
}

impl EngagementFile {
    /// Moves a service to another provider (added when new); refused when the name is empty.
    pub fn set_service_provider(
        &mut self,
        service_id: i64,
        provider: &str,
        who: &str,
    ) -> Result<Service> {
        let provider = provider.trim();
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        let current = self.service(service_id)?;
        if current.provider == provider {
            return Ok(current);
        }
        self.change_detail(&current, ServiceDetail::Provider, who, |tx| {
            let id = provider_id(tx, provider)?;
            write_provider(tx, service_id, id)?;
            Ok((current.provider.clone(), provider_name(tx, id)?))
        })
    }

    /// Sets the kinds of data a service handles (PHI, cardholder data, PII...).
    pub fn set_data_types(
        &mut self,
        service_id: i64,
        data_types: &[DataType],
        who: &str,
    ) -> Result<Service> {
        let current = self.service(service_id)?;
        let mut next = data_types.to_vec();
        next.sort();
        next.dedup();
        if current.data_types == next {
            return Ok(current);
        }
        self.change_detail(&current, ServiceDetail::DataTypes, who, |tx| {
            write_data_types(tx, service_id, &next)?;
            Ok((data_type_ids(&current.data_types), data_type_ids(&next)))
        })
    }

    /// Sets how sensitive the data a service handles is.
    pub fn set_sensitivity(
        &mut self,
        service_id: i64,
        sensitivity: Sensitivity,
        who: &str,
    ) -> Result<Service> {
        let current = self.service(service_id)?;
        if current.sensitivity == sensitivity {
            return Ok(current);
        }
        self.change_detail(&current, ServiceDetail::Sensitivity, who, |tx| {
            write_sensitivity(tx, service_id, sensitivity)?;
            Ok((current.sensitivity.id().into(), sensitivity.id().into()))
        })
    }

    /// Puts a service in (`true`) or out of scope for a framework the engagement has in
    /// scope; refused for a framework the engagement does not have.
    pub fn set_service_framework(
        &mut self,
        service_id: i64,
        framework: Framework,
        in_scope: bool,
        who: &str,
    ) -> Result<Service> {
        let current = self.service(service_id)?;
        if in_scope && !self.engagement()?.frameworks.contains(&framework) {
            return Err(StoreError::invalid(
                "framework",
                format!(
                    "{} is not in the engagement's scope; add it to the engagement first",
                    framework.label()
                ),
            ));
        }
        if current.frameworks.contains(&framework) == in_scope {
            return Ok(current);
        }
        let about = Subject::Framework {
            service_id,
            service: current.name.clone(),
            framework,
        };
        let (old, new) = match in_scope {
            true => (None, Some(framework.id())),
            false => (Some(framework.id()), None),
        };
        self.write(|tx| {
            let replaced = Target::ServiceFramework {
                service_id,
                framework,
            }
            .snapshot(tx)?;
            write_member(tx, service_id, framework, in_scope)?;
            LogEntry::new(who, about)
                .values(old, new)
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        self.service(service_id)
    }

    /// One undoable change of a service's detail: `change` writes it and returns the old and
    /// new values as the log shows them.
    fn change_detail(
        &mut self,
        current: &Service,
        detail: ServiceDetail,
        who: &str,
        change: impl FnOnce(&Transaction) -> rusqlite::Result<(String, String)>,
    ) -> Result<Service> {
        let service_id = current.id;
        let target = Target::ServiceDetail { service_id, detail };
        let about = Subject::ServiceDetail {
            service_id,
            service: current.name.clone(),
            detail,
        };
        self.write(|tx| {
            let replaced = target.snapshot(tx)?;
            let (old, new) = change(tx)?;
            LogEntry::new(who, about)
                .values(Some(&old), Some(&new))
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        self.service(service_id)
    }
}
