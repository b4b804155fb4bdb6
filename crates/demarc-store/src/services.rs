//! The services of an engagement and the owners of their layers.

use demarc_core::{
    layers_for_model, outside_scope, DataType, Framework, Layer, LayerOwner, NewService, Ownership,
    Sensitivity, Service, ServiceModel, Subject,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::log::{next_batch, required_reason, LogEntry};
use crate::service_details::write_region;
use crate::sql::{non_empty, parse, provider_id, sorted_values, unreadable};
use crate::undoable::{write_layer_owner, write_model, Snapshot, Target};
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Adds a service with the default owner of each layer under its model; undoable.
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
            let provider_id = provider_id(tx, provider)?;
            tx.execute(
                "INSERT INTO service (provider_id, name, model, sensitivity)
                 VALUES (?1, ?2, ?3, ?4)",
                params![provider_id, name, s.model.id(), s.sensitivity.id()],
            )?;
            let id = tx.last_insert_rowid();
            for d in &s.data_types {
                tx.execute(
                    "INSERT OR IGNORE INTO service_data_type VALUES (?1, ?2)",
                    params![id, d.id()],
                )?;
            }
            for f in &s.frameworks {
                tx.execute(
                    "INSERT OR IGNORE INTO service_framework VALUES (?1, ?2)",
                    params![id, f.id()],
                )?;
            }
            for l in layers_for_model(s.model, &[]) {
                tx.execute(
                    "INSERT INTO service_layer (service_id, layer, default_owner)
                     VALUES (?1, ?2, ?3)",
                    params![id, l.layer.id(), l.default_owner.id()],
                )?;
            }
            let about = Subject::Service {
                service_id: id,
                service: name.to_string(),
            };
            // Undoing the addition removes the service with everything it brought.
            let before = Snapshot::absent_service(id);
            LogEntry::new(who, about)
                .values(None, Some(&format!("added, {}", s.model.label())))
                .undoable(&before, Some(next_batch(tx)?))
                .append(tx)?;
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
        let about = Subject::Layer {
            service_id,
            service: current.name.clone(),
            layer,
        };
        let entry = LogEntry::new(who, about)
            .values(Some(before.owner.id()), Some(&logged))
            .reason(reason);
        self.change_service(
            service_id,
            Target::Layer { service_id, layer },
            entry,
            |tx| write_layer_owner(tx, service_id, layer, owner.map(|o| (o, reason))),
        )
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
        let about = Subject::Model {
            service_id,
            service: current.name.clone(),
        };
        let entry = LogEntry::new(who, about)
            .values(Some(current.model.id()), Some(model.id()))
            .reason(reason);
        self.change_service(service_id, Target::Model { service_id }, entry, |tx| {
            write_model(tx, service_id, model)
        })
    }

    /// One undoable change of a service, in a batch of its own: the state of `target` before,
    /// the change, and `entry` carrying that state.
    fn change_service(
        &mut self,
        service_id: i64,
        target: Target,
        entry: LogEntry<'_>,
        change: impl FnOnce(&Transaction) -> rusqlite::Result<()>,
    ) -> Result<Service> {
        self.write(|tx| {
            let replaced = target.snapshot(tx)?;
            change(tx)?;
            entry
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        self.service(service_id)
    }

    /// Records the region a service runs in (`us-east-1`), or with `None` clears it. Refused
    /// when an attestation covering the service would then cover it outside its regions or
    /// boundary without a recorded reason.
    pub fn set_service_region(
        &mut self,
        service_id: i64,
        region: Option<&str>,
        who: &str,
    ) -> Result<Service> {
        let region = region.and_then(non_empty);
        let before = self.service(service_id)?;
        let mut after = before.clone();
        after.region = region.map(str::to_string);
        for a in self.attestations()? {
            let overridden = a
                .outside_scope
                .iter()
                .any(|o| o.service.eq_ignore_ascii_case(&after.name));
            if !a.covers(&after.name) || overridden {
                continue;
            }
            if let Some(why) = outside_scope(&a.details, &after) {
                return Err(StoreError::invalid(
                    "region",
                    format!(
                        "{why}: {} covers it; change the attestation first",
                        a.label()
                    ),
                ));
            }
        }
        if before.region.as_deref() == region {
            return Ok(before);
        }
        self.write(|tx| {
            let replaced = Target::ServiceRegion { service_id }.snapshot(tx)?;
            write_region(tx, service_id, region)?;
            let about = Subject::Region {
                service_id,
                service: before.name.clone(),
            };
            LogEntry::new(who, about)
                .values(before.region.as_deref(), region)
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
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
}

fn read_service(conn: &Connection, id: i64) -> rusqlite::Result<Option<Service>> {
    let head = conn
        .query_row(
            "SELECT s.name, p.name, s.model, s.sensitivity, s.region FROM service s
             JOIN provider p ON p.id = s.provider_id WHERE s.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((name, provider, model, sensitivity, region)) = head else {
        return Ok(None);
    };
    let data_types = sorted_values(
        conn,
        "SELECT data_type FROM service_data_type WHERE service_id = ?1",
        id,
        DataType::from_id,
    )?;
    let frameworks = sorted_values(
        conn,
        "SELECT framework FROM service_framework WHERE service_id = ?1",
        id,
        Framework::from_id,
    )?;
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
        return Err(unreadable(
            0,
            format!("service {name:?} has {} layers instead of 14", layers.len()),
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
        region,
    }))
}
