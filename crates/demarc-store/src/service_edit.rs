//! Correcting the services of an engagement: renaming one, removing one (after showing what
//! it takes with it), renaming a provider. Everything else refers to a service or a provider
//! by id, so a new name shows everywhere at once.

use demarc_core::{Service, ServiceRemoval, Subject};
use rusqlite::{params, Connection, OptionalExtension};

use crate::log::{next_batch, LogEntry};
use crate::service_details::write_name;
use crate::service_rows;
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Gives a service a new name, as one undo step; refused when the name is empty or another
    /// service has it.
    pub fn rename_service(&mut self, service_id: i64, name: &str, who: &str) -> Result<Service> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("name", "the service's name is empty"));
        }
        let before = self.service(service_id)?;
        if before.name == name {
            return Ok(before);
        }
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM service WHERE name = ?1 AND id <> ?2)",
                params![name, service_id],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::invalid(
                    "name",
                    format!("a service named {name:?} already exists"),
                )
                .into());
            }
            let replaced = Target::ServiceName { service_id }.snapshot(tx)?;
            write_name(tx, service_id, name)?;
            let about = Subject::Service {
                service_id,
                service: name.to_string(),
            };
            LogEntry::new(who, about)
                .values(Some(&before.name), Some(name))
                .reason("renamed")
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        self.service(service_id)
    }

    /// What removing a service would take with it.
    pub fn service_removal(&self, service_id: i64) -> Result<ServiceRemoval> {
        let service = self.service(service_id)?;
        removal(&self.conn, service_id, service.name).map_err(|e| self.read_error(e))
    }

    /// Removes a service with its layers, control rows, evidence, attestation coverage and
    /// provider-matrix links, in one transaction; the log keeps what it took, and undo puts
    /// every row back.
    pub fn remove_service(&mut self, service_id: i64, who: &str) -> Result<ServiceRemoval> {
        let service = self.service(service_id)?;
        self.write(|tx| {
            let taken = removal(tx, service_id, service.name.clone())?;
            let replaced = Target::Service { service_id }.snapshot(tx)?;
            service_rows::remove(tx, service_id)?;
            let about = Subject::Service {
                service_id,
                service: service.name.clone(),
            };
            LogEntry::new(who, about)
                .values(
                    Some(&format!("{}; {}", service.model.label(), taken.summary())),
                    Some("removed"),
                )
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(taken)
        })
    }

    /// Gives a provider a new name; its services, attestations and imported matrices follow.
    /// Refused when the name is empty or another provider has it.
    pub fn rename_provider(&mut self, provider: &str, name: &str, who: &str) -> Result<()> {
        let (provider, name) = (provider.trim(), name.trim());
        if name.is_empty() {
            return Err(StoreError::invalid("name", "the provider's name is empty"));
        }
        self.write(|tx| {
            let found: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, name FROM provider WHERE name = ?1",
                    [provider],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((id, old)) = found else {
                return Err(StoreError::invalid(
                    "provider",
                    format!("no provider is named {provider:?}"),
                )
                .into());
            };
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM provider WHERE name = ?1 AND id <> ?2)",
                params![name, id],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::invalid(
                    "name",
                    format!("a provider named {name:?} already exists"),
                )
                .into());
            }
            if old == name {
                return Ok(());
            }
            tx.execute(
                "UPDATE provider SET name = ?1 WHERE id = ?2",
                params![name, id],
            )?;
            // Imported matrices name their provider rather than point at it.
            tx.execute(
                "UPDATE provider_matrix SET provider = ?1 WHERE provider = ?2",
                params![name, old],
            )?;
            let about = Subject::Provider {
                provider: name.to_string(),
            };
            LogEntry::new(who, about)
                .values(Some(&old), Some(name))
                .reason("renamed")
                .append(tx)?;
            Ok(())
        })
    }
}

fn removal(tx: &Connection, service_id: i64, service: String) -> rusqlite::Result<ServiceRemoval> {
    let count =
        |sql: &str| -> rusqlite::Result<u32> { tx.query_row(sql, [service_id], |r| r.get(0)) };
    Ok(ServiceRemoval {
        service_id,
        service,
        overrides: count(
            "SELECT COUNT(*) FROM service_layer
             WHERE service_id = ?1 AND override_owner IS NOT NULL",
        )?,
        control_decisions: count(
            "SELECT COUNT(*) FROM control_row WHERE service_id = ?1
             AND (override_owner IS NOT NULL OR customer_part IS NOT NULL
                  OR row_owner IS NOT NULL OR reviewed_by IS NOT NULL
                  OR na_justification IS NOT NULL)",
        )?,
        evidence: count("SELECT COUNT(*) FROM control_evidence WHERE service_id = ?1")?,
        attestations: count("SELECT COUNT(*) FROM attestation_service WHERE service_id = ?1")?,
        provider_matrices: count(
            "SELECT COUNT(*) FROM provider_matrix_service WHERE service_id = ?1",
        )?,
    })
}
