//! The control matrix of an engagement: which controls are in scope, the owner of every row by
//! precedence, and what people record per row. An entity-level control has one row for the
//! engagement (`entity_row`, `entity_evidence`); a system-level control one per service
//! (`control_row`, `control_evidence`). A person may move a control between the two with a
//! reason (`control_scope`); otherwise the layer map decides.
//!
//! Only what a person sets is stored; the default owner of a system row is derived from the
//! service's current layer owners on every read, so a change of a layer owner shows at once in
//! every control that touches that layer, and never in an entity row.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use demarc_catalogs::{
    applicability_rule, applies, bundled_crosswalks, control_scope, controls_in_scope,
    derived_owner, layers_for, Control, DEFAULT_FEDRAMP_LEVEL,
};
use demarc_core::crosswalk::{CrosswalkIndex, IdSpace, Reach as Reached};
use demarc_core::{
    entity_row, matrix_row, normalize_control_id, scope_out, service_scope_out, Applicability,
    ControlSelector, EntityControl, Evidence, FedrampLevel, Framework, Layer, MatrixFilter,
    MatrixRow, NewEvidence, OwnerSource, Ownership, Review, RowField, RowKey, RowRecord, Scope,
    ScopedControl, ScopingProfile, Service, ServiceModel, ServiceRecord, Subject,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::log::{next_batch, required_reason, LogEntry};
use crate::provider_matrix::ProviderRows;
use crate::sql::{non_empty, parse, parse_date};
use crate::undoable::{update_row, write_control_owner, write_control_scope, Target};
use crate::{EngagementFile, Result, StoreError};

/// The free-text fields of a row.
#[derive(Clone, Copy)]
enum RowText {
    CustomerPart,
    NaJustification,
    RowOwner,
}

type RowMap<T> = HashMap<(i64, Framework), HashMap<String, T>>;

/// The controls a person moved between the entity and the system level, with the reason.
type Moves = HashMap<(Framework, String), (Scope, String)>;

/// Which rows a read computes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The system rows of the services given, and the entity rows.
    All,
    /// Only the system rows of the services given.
    Services,
}

impl EngagementFile {
    /// The FedRAMP baseline set for the engagement; `None` means `DEFAULT_FEDRAMP_LEVEL`.
    pub fn fedramp_level(&self) -> Result<Option<FedrampLevel>> {
        read_fedramp_level(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Sets (or with `None` clears) the engagement's FedRAMP baseline, which decides the
    /// FedRAMP controls in scope.
    pub fn set_fedramp_level(&mut self, level: Option<FedrampLevel>, who: &str) -> Result<()> {
        let before = self.fedramp_level()?;
        self.write(|tx| {
            tx.execute(
                "UPDATE engagement SET fedramp_level = ?1 WHERE id = 1",
                [level.map(FedrampLevel::id)],
            )?;
            LogEntry::new(who, Subject::FedrampBaseline)
                .values(before.map(FedrampLevel::id), level.map(FedrampLevel::id))
                .append(tx)?;
            Ok(())
        })
    }

    /// The entity-level rows of the frameworks in scope (once each), then every (service,
    /// system-level control in scope) row for the frameworks in scope for both the engagement
    /// and the service, services in the order of `services`, controls in catalog order. A
    /// filter by service leaves the entity rows out.
    pub fn matrix(&self, filter: &MatrixFilter) -> Result<Vec<MatrixRow>> {
        self.matrix_on(filter, crate::clock::today())
    }

    /// Sets the owner of the selected controls of one service (`None`: of the entity-level
    /// rows), in one transaction, with one decision-log row per control whose owner changes.
    /// Returns how many rows changed. A selection that matches no control in scope is refused
    /// and nothing is written.
    pub fn set_control_owner(
        &mut self,
        service_id: Option<i64>,
        framework: Option<Framework>,
        selector: &ControlSelector,
        owner: Ownership,
        reason: &str,
        who: &str,
    ) -> Result<usize> {
        let reason = required_reason(reason)?;
        let (rows, place) = match service_id {
            Some(id) => {
                let service = self.service(id)?;
                let rows = self.rows_of(std::slice::from_ref(&service), framework)?;
                (rows, format!("in scope for {:?}", service.name))
            }
            None => (
                self.entity_rows(framework)?,
                "in scope at the entity level".to_string(),
            ),
        };
        let selected: Vec<&MatrixRow> = rows.iter().filter(|r| selector.matches(r)).collect();
        if selected.is_empty() {
            if let ControlSelector::Control(id) = selector {
                if let Some(hint) = self.level_hint(service_id, framework, id)? {
                    return Err(StoreError::invalid("control", hint));
                }
            }
            let (field, what) = selector.describe();
            let within = framework
                .map(|f| format!(" of {}", f.label()))
                .unwrap_or_default();
            return Err(StoreError::invalid(
                field,
                format!("{what}{within} is {place}"),
            ));
        }
        self.write_owner(&selected, owner, reason, who)
    }

    /// Sets the owner of the rows named by `keys`, across services and frameworks, in one
    /// transaction and one undo step. Returns how many rows changed. A key that names no row in
    /// scope is refused and nothing is written.
    pub fn set_rows_owner(
        &mut self,
        keys: &[RowKey],
        owner: Ownership,
        reason: &str,
        who: &str,
    ) -> Result<usize> {
        let reason = required_reason(reason)?;
        if keys.is_empty() {
            return Err(StoreError::invalid("rows", "no row is selected"));
        }
        let mut ids: Vec<i64> = keys.iter().filter_map(|k| k.service_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let services = ids
            .into_iter()
            .map(|id| self.service(id))
            .collect::<Result<Vec<Service>>>()?;
        let reach = if keys.iter().any(|k| k.service_id.is_none()) {
            Reach::All
        } else {
            Reach::Services
        };
        let rows = self.rows_on(&services, None, crate::clock::today(), reach)?;
        let by_key: HashMap<(Option<i64>, Framework, &str), &MatrixRow> = rows
            .iter()
            .map(|r| ((r.service_id, r.framework, r.control_id.as_str()), r))
            .collect();
        let mut selected = Vec::with_capacity(keys.len());
        for key in keys {
            let row = by_key
                .get(&(key.service_id, key.framework, key.control_id.as_str()))
                .ok_or_else(|| {
                    let service = services.iter().find(|s| Some(s.id) == key.service_id);
                    let place = match service {
                        Some(s) => format!("in scope for {:?}", s.name),
                        None => "in scope at the entity level".to_string(),
                    };
                    StoreError::invalid(
                        "control",
                        format!(
                            "{} of {} is not {place}",
                            key.control_id,
                            key.framework.label(),
                        ),
                    )
                })?;
            selected.push(*row);
        }
        self.write_owner(&selected, owner, reason, who)
    }

    /// Overrides the owner of `selected` in one transaction with one decision-log row per
    /// row whose owner changes, all in one batch.
    pub(crate) fn write_owner(
        &mut self,
        selected: &[&MatrixRow],
        owner: Ownership,
        reason: &str,
        who: &str,
    ) -> Result<usize> {
        let changed: Vec<&MatrixRow> = selected
            .iter()
            .copied()
            .filter(|r| !(r.source == OwnerSource::Override && set_owner(r) == owner))
            .collect();
        self.write(|tx| {
            let batch = next_batch(tx)?;
            for row in &changed {
                let replaced = Target::row(&row.key()).snapshot(tx)?;
                write_control_owner(tx, &row.key(), Some((owner, reason)))?;
                LogEntry::new(who, row_subject(row, RowField::Owner))
                    .values(Some(set_owner(row).id()), Some(owner.id()))
                    .reason(reason)
                    .undoable(&replaced, Some(batch))
                    .append(tx)?;
            }
            Ok(())
        })?;
        Ok(changed.len())
    }

    /// Describes what the customer does for a row (`service_id` `None`: an entity-level row);
    /// empty text clears it.
    pub fn set_customer_part(
        &mut self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
        text: &str,
        who: &str,
    ) -> Result<MatrixRow> {
        self.set_text(
            service_id,
            framework,
            control_id,
            RowText::CustomerPart,
            text,
            who,
        )
    }

    /// Says why a row does not apply; empty text clears it.
    pub fn set_na_justification(
        &mut self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
        text: &str,
        who: &str,
    ) -> Result<MatrixRow> {
        self.set_text(
            service_id,
            framework,
            control_id,
            RowText::NaJustification,
            text,
            who,
        )
    }

    /// Names the person accountable for a row; empty text clears it.
    pub fn set_row_owner(
        &mut self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
        person: &str,
        who: &str,
    ) -> Result<MatrixRow> {
        self.set_text(
            service_id,
            framework,
            control_id,
            RowText::RowOwner,
            person,
            who,
        )
    }

    /// Records that `by` reviewed the row on `on`.
    pub fn set_reviewed(
        &mut self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
        by: &str,
        on: NaiveDate,
    ) -> Result<MatrixRow> {
        let by = by.trim();
        if by.is_empty() {
            return Err(StoreError::invalid(
                "reviewed_by",
                "the reviewer's name is empty",
            ));
        }
        let row = self.row(service_id, framework, control_id)?;
        self.write(|tx| {
            update_row(
                tx,
                &row.key(),
                "reviewed_by = ?1, reviewed_on = ?2",
                params![by, on.to_string()],
            )?;
            let before = row.last_reviewed.as_ref().map(|r| r.on.to_string());
            LogEntry::new(by, row_subject(&row, RowField::Reviewed))
                .values(before.as_deref(), Some(&on.to_string()))
                .append(tx)?;
            Ok(())
        })?;
        self.row(service_id, framework, control_id)
    }

    /// Adds an evidence reference to a row. Its date is the day it was collected: never after
    /// today.
    pub fn add_evidence(
        &mut self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
        evidence: &NewEvidence,
        who: &str,
    ) -> Result<MatrixRow> {
        let title = evidence.title.trim();
        if title.is_empty() {
            return Err(StoreError::invalid("title", "the evidence needs a title"));
        }
        let today = crate::clock::today();
        if let Some(date) = evidence.date.filter(|d| *d > today) {
            return Err(StoreError::invalid(
                "date",
                format!(
                    "the evidence is dated {date}, after today ({today}); record it once it is \
                     collected, with a due date meanwhile"
                ),
            ));
        }
        let row = self.row(service_id, framework, control_id)?;
        self.write(|tx| {
            let id = next_evidence_id(tx)?;
            let (framework, location) = (row.framework.id(), evidence.location.trim());
            let date = evidence.date.map(|d| d.to_string());
            let owner = non_empty(evidence.owner.as_deref().unwrap_or_default());
            let due = evidence.due_date.map(|d| d.to_string());
            match row.service_id {
                Some(service_id) => tx.execute(
                    "INSERT INTO control_evidence (id, framework, control_id, title, location,
                     date, owner, due_date, service_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        id,
                        framework,
                        row.control_id,
                        title,
                        location,
                        date,
                        owner,
                        due,
                        service_id
                    ],
                )?,
                None => tx.execute(
                    "INSERT INTO entity_evidence (id, framework, control_id, title, location,
                     date, owner, due_date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        id,
                        framework,
                        row.control_id,
                        title,
                        location,
                        date,
                        owner,
                        due
                    ],
                )?,
            };
            LogEntry::new(who, row_subject(&row, RowField::Evidence))
                .values(None, Some(title))
                .append(tx)?;
            Ok(())
        })?;
        self.row(service_id, framework, control_id)
    }

    /// Moves a control to the entity level (the client's, once for the engagement) or to the
    /// system level (one row per service), with a reason; logged and undoable. What was
    /// recorded at the other level is kept and comes back with a move back.
    pub fn set_control_scope(
        &mut self,
        framework: Framework,
        control_id: &str,
        scope: Scope,
        reason: &str,
        who: &str,
    ) -> Result<()> {
        let reason = required_reason(reason)?;
        if !self.engagement()?.frameworks.contains(&framework) {
            return Err(StoreError::invalid(
                "framework",
                format!("{} is not in scope for the engagement", framework.label()),
            ));
        }
        let level = self.fedramp_level()?.unwrap_or(DEFAULT_FEDRAMP_LEVEL);
        let wanted = control_id.trim();
        let control = controls_in_scope(framework, level)
            .into_iter()
            .find(|c| c.id.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                StoreError::invalid(
                    "control",
                    format!("no control {wanted:?} of {} is in scope", framework.label()),
                )
            })?;
        let moves = read_moves(&self.conn).map_err(|e| self.read_error(e))?;
        let now = scope_of(&moves, framework, &control.id);
        if now == scope {
            return Err(StoreError::invalid(
                "scope",
                format!(
                    "{} of {} is already at the {} level",
                    control.id,
                    framework.label(),
                    scope.id()
                ),
            ));
        }
        self.write(|tx| {
            let target = Target::Scope {
                framework,
                control_id: control.id.clone(),
            };
            let replaced = target.snapshot(tx)?;
            write_control_scope(tx, framework, &control.id, Some((scope, reason)))?;
            let about = Subject::Scope {
                framework,
                control_id: control.id.clone(),
            };
            LogEntry::new(who, about)
                .values(Some(now.id()), Some(scope.id()))
                .reason(reason)
                .undoable(&replaced, None)
                .append(tx)?;
            Ok(())
        })
    }

    /// One row, or a refusal naming the control when it is not in scope for the service (or,
    /// with no service, at the entity level).
    pub(crate) fn row(
        &self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
    ) -> Result<MatrixRow> {
        let control_id = control_id.trim();
        let (rows, place) = match service_id {
            Some(id) => {
                let service = self.service(id)?;
                let rows = self.rows_of(std::slice::from_ref(&service), Some(framework))?;
                (rows, format!("for {:?}", service.name))
            }
            None => (
                self.entity_rows(Some(framework))?,
                "at the entity level".to_string(),
            ),
        };
        if let Some(row) = rows
            .into_iter()
            .find(|r| r.control_id.eq_ignore_ascii_case(control_id))
        {
            return Ok(row);
        }
        let message = match self.level_hint(service_id, Some(framework), control_id)? {
            Some(hint) => hint,
            None => format!(
                "no control {control_id:?} of {} is in scope {place}",
                framework.label()
            ),
        };
        Err(StoreError::invalid("control", message))
    }

    /// When `control_id` is at the other level than the one asked for (an entity-level control
    /// named with a service, or a system-level one without), says so and how to name it.
    fn level_hint(
        &self,
        service_id: Option<i64>,
        framework: Option<Framework>,
        control_id: &str,
    ) -> Result<Option<String>> {
        let other = match service_id {
            Some(_) => self.entity_rows(framework)?,
            None => self.rows_of(&self.services()?, framework)?,
        };
        let Some(found) = other
            .iter()
            .find(|r| r.control_id.eq_ignore_ascii_case(control_id.trim()))
        else {
            return Ok(None);
        };
        let name = format!("{} of {}", found.control_id, found.framework.label());
        Ok(Some(match service_id {
            Some(_) => format!(
                "{name} is an entity-level control, the client's once for the engagement: set \
                 it on the entity row, with no service"
            ),
            None => format!("{name} is decided per service: name the service"),
        }))
    }

    fn set_text(
        &mut self,
        service_id: Option<i64>,
        framework: Framework,
        control_id: &str,
        field: RowText,
        text: &str,
        who: &str,
    ) -> Result<MatrixRow> {
        let row = self.row(service_id, framework, control_id)?;
        let (column, logged, before) = match field {
            RowText::CustomerPart => ("customer_part", RowField::CustomerPart, &row.customer_part),
            RowText::NaJustification => (
                "na_justification",
                RowField::NaJustification,
                &row.na_justification,
            ),
            RowText::RowOwner => ("row_owner", RowField::RowOwner, &row.row_owner),
        };
        let text = non_empty(text);
        // An entity row keeps a cleared text as '' so that it takes nothing from the services'
        // earlier records.
        let stored = match row.service_id {
            Some(_) => text,
            None => Some(text.unwrap_or_default()),
        };
        self.write(|tx| {
            // `column` is one of the three fixed names above, never user text.
            update_row(tx, &row.key(), &format!("{column} = ?1"), params![stored])?;
            LogEntry::new(who, row_subject(&row, logged))
                .values(before.as_deref(), text)
                .append(tx)?;
            Ok(())
        })?;
        self.row(service_id, framework, control_id)
    }

    fn rows_of(&self, services: &[Service], only: Option<Framework>) -> Result<Vec<MatrixRow>> {
        self.rows_on(services, only, crate::clock::today(), Reach::Services)
    }

    /// The entity-level rows of the frameworks in scope (or of `only`).
    fn entity_rows(&self, only: Option<Framework>) -> Result<Vec<MatrixRow>> {
        self.rows_on(&[], only, crate::clock::today(), Reach::All)
    }

    /// The rows with the attestations current on `today` applied (see `assurance.rs`): with
    /// `Reach::All` the entity rows first, then the system rows of `services`.
    pub(crate) fn rows_on(
        &self,
        services: &[Service],
        only: Option<Framework>,
        today: NaiveDate,
        reach: Reach,
    ) -> Result<Vec<MatrixRow>> {
        let engagement = self.engagement()?;
        let level = self.fedramp_level()?.unwrap_or(DEFAULT_FEDRAMP_LEVEL);
        let profiles = self.scoping_profiles()?;
        // Each control in scope with what the framework's scoping profile says of it; those
        // the profile takes out of the assessment (SOC 2 categories) get no row.
        let scope: Vec<(Framework, Vec<(&Control, Applicability)>)> = engagement
            .frameworks
            .iter()
            .copied()
            .filter(|f| only.is_none_or(|o| o == *f))
            .map(|f| {
                let profile = profiles.iter().find(|p| p.framework() == f);
                let controls = controls_in_scope(f, level)
                    .into_iter()
                    .map(|c| (c, applies(f, &c.id, profile)))
                    .filter(|(_, a)| *a != Applicability::OutOfScope)
                    .collect();
                (f, controls)
            })
            .collect();
        let moves = read_moves(&self.conn).map_err(|e| self.read_error(e))?;
        // The entity rows read what every service recorded before; the system rows what their
        // own service recorded.
        let everyone = match reach {
            Reach::All => self.services()?,
            Reach::Services => Vec::new(),
        };
        let mut ids: Vec<i64> = services.iter().chain(&everyone).map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        let (mut stored, mut evidence) =
            read_stored(&self.conn, &ids, only).map_err(|e| self.read_error(e))?;

        let mut rows = Vec::new();
        if reach == Reach::All {
            let (mut own, mut own_evidence) =
                read_entity(&self.conn, only).map_err(|e| self.read_error(e))?;
            for (framework, controls) in &scope {
                let carriers: Vec<&Service> = everyone
                    .iter()
                    .filter(|s| s.frameworks.contains(framework))
                    .collect();
                for (control, applicability) in controls {
                    let moved = moves.get(&(*framework, control.id.clone()));
                    if scope_of(&moves, *framework, &control.id) != Scope::Entity {
                        continue;
                    }
                    let earlier: Vec<ServiceRecord> = carriers
                        .iter()
                        .map(|s| {
                            let key = (s.id, *framework);
                            ServiceRecord {
                                service: s.name.clone(),
                                record: recorded(&stored, key, &control.id),
                                evidence: recorded(&evidence, key, &control.id),
                            }
                        })
                        .collect();
                    let key = (*framework, control.id.clone());
                    let heading = control.heading();
                    let entity = EntityControl {
                        framework: *framework,
                        id: &control.id,
                        title: &heading,
                        family: &control.family,
                        layers: layers_for(*framework, &control.id),
                        moved: moved
                            .filter(|(s, _)| *s == Scope::Entity)
                            .filter(|_| control_scope(*framework, &control.id) != Scope::Entity)
                            .map(|(_, reason)| reason.as_str()),
                    };
                    let mut row = entity_row(
                        entity,
                        own.remove(&key).unwrap_or_default(),
                        own_evidence.remove(&key).unwrap_or_default(),
                        &earlier,
                    );
                    if let Applicability::NotApplicable(why) = applicability {
                        scope_out(&mut row, why);
                    }
                    rows.push(row);
                }
            }
        }

        let provider = ProviderRows::load(&self.conn, &ids).map_err(|e| self.read_error(e))?;
        // What the provider rows of each service reach through crosswalks, from the memo while
        // the imported matrices and crosswalks stay the same.
        let crosswalked = services
            .iter()
            .any(|s| !provider.crosswalked_matrices(s.id).is_empty());
        let reached = if crosswalked {
            self.reach_all(services, &scope, &provider)?
        } else {
            HashMap::new()
        };
        // Catalog IDs in their framework's ID space, as crosswalks name them.
        let targets: Vec<(IdSpace, Vec<Option<String>>)> = scope
            .iter()
            .map(|(framework, controls)| {
                let space = IdSpace::of(*framework);
                let ids = if crosswalked {
                    controls
                        .iter()
                        .map(|(c, _)| space.normalize(&c.id))
                        .collect()
                } else {
                    Vec::new()
                };
                (space, ids)
            })
            .collect();
        // Catalog IDs normalized once per read for matching, not once per service.
        let keys: Vec<Vec<String>> = scope
            .iter()
            .map(|(_, controls)| {
                if provider.is_empty() {
                    Vec::new()
                } else {
                    controls
                        .iter()
                        .map(|(c, _)| normalize_control_id(&c.id))
                        .collect()
                }
            })
            .collect();
        // The system-level controls of each framework, by index in `scope`.
        let system: Vec<Vec<bool>> = scope
            .iter()
            .map(|(framework, controls)| {
                controls
                    .iter()
                    .map(|(c, _)| scope_of(&moves, *framework, &c.id) == Scope::System)
                    .collect()
            })
            .collect();
        // The services the PCI DSS profile names as serving the payment page, by name.
        let pci_profile = profiles.iter().find(|p| p.framework() == Framework::PciDss);
        let page_names: Vec<String> = match pci_profile {
            Some(ScopingProfile::PciDss(p)) => p
                .payment_page_services
                .iter()
                .filter_map(|id| self.service(*id).ok().map(|s| s.name))
                .collect(),
            _ => Vec::new(),
        };
        let served_by: Vec<&str> = page_names.iter().map(String::as_str).collect();
        for service in services {
            let owner_of = |l: Layer| service.layers[l.index()].owner;
            let matrices = provider.crosswalked_matrices(service.id);
            let (matrix_ids, model) = provider.reach_key(&matrices, service.model);
            for ((((framework, controls), keys), system), (space, ids)) in
                scope.iter().zip(&keys).zip(&system).zip(&targets)
            {
                if !service.frameworks.contains(framework) {
                    continue;
                }
                let reach = if matrices.is_empty() {
                    None
                } else {
                    reached.get(&(matrix_ids.clone(), model, space.clone()))
                };
                let mut stored = stored.remove(&(service.id, *framework)).unwrap_or_default();
                let mut evidence = evidence
                    .remove(&(service.id, *framework))
                    .unwrap_or_default();
                for (i, (control, applicability)) in controls.iter().enumerate() {
                    if !system[i] {
                        continue;
                    }
                    let layers = layers_for(*framework, &control.id);
                    let heading = control.heading();
                    let (default_owner, why) = derived_owner(owner_of, layers);
                    let record = stored.remove(control.id.as_str()).unwrap_or_default();
                    let provided = keys
                        .get(i)
                        .and_then(|key| provider.find(service.id, service.model, key));
                    let control = ScopedControl {
                        framework: *framework,
                        id: &control.id,
                        title: &heading,
                        family: &control.family,
                        layers,
                        default_owner,
                        why: &why,
                    };
                    let crosswalk = reach.and_then(|r| {
                        let id = ids.get(i)?.as_ref()?;
                        r.get(id).cloned()
                    });
                    let evidence = evidence.remove(control.id).unwrap_or_default();
                    let mut row =
                        matrix_row(service, control, record, evidence, provided, crosswalk);
                    if let Applicability::NotApplicable(why) = applicability {
                        scope_out(&mut row, why);
                    } else if *framework == Framework::PciDss {
                        let rule = applicability_rule(*framework, &row.control_id);
                        if let Some(why) =
                            service_scope_out(rule, pci_profile, service.id, &served_by)
                        {
                            scope_out(&mut row, &why);
                        }
                    }
                    rows.push(row);
                }
            }
        }
        self.apply_assurance(&mut rows, today)?;
        Ok(rows)
    }
}

/// What one set of provider matrices reaches through crosswalks in one ID space, by control.
type ReachMap = Arc<HashMap<String, Arc<Reached>>>;

/// The matrices (by id), the service model where their rows depend on it, the target space.
type ReachKey = (Vec<i64>, Option<ServiceModel>, IdSpace);

/// What provider rows reach through crosswalks, kept while `fingerprint` (the imported
/// matrices, their providers, and the crosswalks) stays the same: a change of a layer owner
/// or of a row does not change it.
#[derive(Default)]
pub(crate) struct CrosswalkMemo {
    fingerprint: String,
    reached: HashMap<ReachKey, ReachMap>,
}

impl EngagementFile {
    /// What each service's provider rows reach in each framework in scope for it, computed for
    /// the keys the memo lacks (the crosswalks read and indexed only then).
    fn reach_all(
        &self,
        services: &[Service],
        scope: &[(Framework, Vec<(&Control, Applicability)>)],
        provider: &ProviderRows,
    ) -> Result<HashMap<ReachKey, ReachMap>> {
        let fingerprint = crosswalk_fingerprint(&self.conn).map_err(|e| self.read_error(e))?;
        let mut memo = self.crosswalk_memo.borrow_mut();
        if memo.fingerprint != fingerprint {
            memo.reached.clear();
            memo.fingerprint = fingerprint;
        }
        let mut wanted: Vec<(ReachKey, Vec<usize>, ServiceModel)> = Vec::new();
        for service in services {
            let matrices = provider.crosswalked_matrices(service.id);
            if matrices.is_empty() {
                continue;
            }
            let (ids, model) = provider.reach_key(&matrices, service.model);
            for (framework, _) in scope {
                if !service.frameworks.contains(framework) {
                    continue;
                }
                let key = (ids.clone(), model, IdSpace::of(*framework));
                if !wanted.iter().any(|(k, _, _)| *k == key) {
                    wanted.push((key, matrices.clone(), service.model));
                }
            }
        }
        let missing: Vec<&(ReachKey, Vec<usize>, ServiceModel)> = wanted
            .iter()
            .filter(|(key, _, _)| !memo.reached.contains_key(key))
            .collect();
        if !missing.is_empty() {
            let mut crosswalks = bundled_crosswalks().to_vec();
            crosswalks.extend(self.crosswalks()?);
            let index = CrosswalkIndex::new(&crosswalks);
            for (key, matrices, model) in missing {
                let rows = provider.source_rows(matrices, *model);
                let reached = index.reach(&rows, &key.2);
                let by_control = reached
                    .controls
                    .into_iter()
                    .map(|(control, reach)| (control, Arc::new(reach)))
                    .collect();
                memo.reached.insert(key.clone(), Arc::new(by_control));
            }
        }
        Ok(wanted
            .into_iter()
            .filter_map(|(key, _, _)| {
                let found = memo.reached.get(&key)?.clone();
                Some((key, found))
            })
            .collect())
    }
}

/// What the memo of crosswalk reaches depends on: every imported matrix (id, provider,
/// version) and every stored crosswalk.
fn crosswalk_fingerprint(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT (SELECT COALESCE(group_concat(id || ':' || provider || ':' || version, ','), '')
                 FROM (SELECT id, provider, version FROM provider_matrix ORDER BY id))
             || '|' ||
                (SELECT COALESCE(group_concat(id, ','), '')
                 FROM (SELECT id FROM crosswalk ORDER BY id))",
        [],
        |r| r.get(0),
    )
}

/// The owner a row was given: `inherited` for a row claimed inherited, which counts as the
/// provider's until an attestation covers it.
fn set_owner(row: &MatrixRow) -> Ownership {
    if row.claimed_inherited {
        Ownership::Inherited
    } else {
        row.owner
    }
}

/// What service `key.0` recorded on a control of framework `key.1`, or nothing.
fn recorded<T: Clone + Default>(map: &RowMap<T>, key: (i64, Framework), control_id: &str) -> T {
    map.get(&key)
        .and_then(|c| c.get(control_id))
        .cloned()
        .unwrap_or_default()
}

/// Where a control is: where a person moved it, else where the layer map puts it.
fn scope_of(moves: &Moves, framework: Framework, control_id: &str) -> Scope {
    moves
        .get(&(framework, control_id.to_string()))
        .map_or_else(|| control_scope(framework, control_id), |(s, _)| *s)
}

/// What a decision about `field` of a row is about.
pub(crate) fn row_subject(row: &MatrixRow, field: RowField) -> Subject {
    match (row.service_id, &row.service) {
        (Some(service_id), Some(service)) => Subject::Control {
            service_id,
            service: service.clone(),
            framework: row.framework,
            control_id: row.control_id.clone(),
            field,
        },
        _ => Subject::Entity {
            framework: row.framework,
            control_id: row.control_id.clone(),
            field,
        },
    }
}

/// The next id of an evidence reference, after every id of both evidence tables.
pub(crate) fn next_evidence_id(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT max(coalesce((SELECT max(id) FROM control_evidence), 0),
                    coalesce((SELECT max(id) FROM entity_evidence), 0)) + 1",
        [],
        |r| r.get(0),
    )
}

fn read_moves(conn: &Connection) -> rusqlite::Result<Moves> {
    let mut stmt =
        conn.prepare("SELECT framework, control_id, scope, reason FROM control_scope")?;
    let mut q = stmt.query([])?;
    let mut moves = HashMap::new();
    while let Some(r) = q.next()? {
        let framework = parse(0, &r.get::<_, String>(0)?, Framework::from_id)?;
        let scope = parse(2, &r.get::<_, String>(2)?, Scope::from_id)?;
        moves.insert((framework, r.get(1)?), (scope, r.get(3)?));
    }
    Ok(moves)
}

type EntityMap<T> = HashMap<(Framework, String), T>;

/// What was recorded on the entity rows themselves, and their evidence.
fn read_entity(
    conn: &Connection,
    only: Option<Framework>,
) -> rusqlite::Result<(EntityMap<RowRecord>, EntityMap<Vec<Evidence>>)> {
    let mut records = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT framework, control_id, override_owner, reason, customer_part, row_owner,
         reviewed_by, reviewed_on, na_justification FROM entity_row",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let framework = parse(0, &r.get::<_, String>(0)?, Framework::from_id)?;
        if only.is_none_or(|o| o == framework) {
            records.insert((framework, r.get(1)?), read_record(r, 2)?);
        }
    }
    let mut evidence: EntityMap<Vec<Evidence>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT framework, control_id, id, title, location, date, owner, due_date
         FROM entity_evidence ORDER BY id",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let framework = parse(0, &r.get::<_, String>(0)?, Framework::from_id)?;
        if only.is_none_or(|o| o == framework) {
            evidence
                .entry((framework, r.get(1)?))
                .or_default()
                .push(read_evidence(r, 2)?);
        }
    }
    Ok((records, evidence))
}

/// An evidence reference from the columns `id`, `title`, `location`, `date`, `owner` and
/// `due_date`, selected in that order from column `at`.
fn read_evidence(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(at)?,
        title: r.get(at + 1)?,
        location: r.get(at + 2)?,
        date: parse_date(at + 3, r.get(at + 3)?)?,
        owner: r.get(at + 4)?,
        due_date: parse_date(at + 5, r.get(at + 5)?)?,
    })
}

fn read_fedramp_level(conn: &Connection) -> rusqlite::Result<Option<FedrampLevel>> {
    let level: Option<String> = conn
        .query_row(
            "SELECT fedramp_level FROM engagement WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    level
        .map(|l| parse(0, &l, FedrampLevel::from_id))
        .transpose()
}

/// What people recorded on a row, from the columns `override_owner`, `reason`,
/// `customer_part`, `row_owner`, `reviewed_by`, `reviewed_on` and `na_justification` of
/// `control_row`, selected in that order from column `at`.
pub(crate) fn read_record(r: &rusqlite::Row, at: usize) -> rusqlite::Result<RowRecord> {
    let override_owner = r
        .get::<_, Option<String>>(at)?
        .map(|o| parse(at, &o, Ownership::from_id))
        .transpose()?;
    let reviewed_by: Option<String> = r.get(at + 4)?;
    let reviewed_on = parse_date(at + 5, r.get(at + 5)?)?;
    Ok(RowRecord {
        override_owner,
        reason: r.get(at + 1)?,
        customer_part: r.get(at + 2)?,
        row_owner: r.get(at + 3)?,
        last_reviewed: reviewed_by
            .zip(reviewed_on)
            .map(|(by, on)| Review { by, on }),
        na_justification: r.get(at + 6)?,
    })
}

/// The stored decisions and evidence of the given services, by (service, framework) and
/// control id.
fn read_stored(
    conn: &Connection,
    services: &[i64],
    only: Option<Framework>,
) -> rusqlite::Result<(RowMap<RowRecord>, RowMap<Vec<Evidence>>)> {
    let wanted = |service: i64, framework: Framework| {
        services.contains(&service) && only.is_none_or(|o| o == framework)
    };
    let mut stored: RowMap<RowRecord> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT service_id, framework, control_id, override_owner, reason, customer_part,
         row_owner, reviewed_by, reviewed_on, na_justification FROM control_row",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let service: i64 = r.get(0)?;
        let framework = parse(1, &r.get::<_, String>(1)?, Framework::from_id)?;
        if !wanted(service, framework) {
            continue;
        }
        let s = read_record(r, 3)?;
        stored
            .entry((service, framework))
            .or_default()
            .insert(r.get(2)?, s);
    }

    let mut evidence: RowMap<Vec<Evidence>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT service_id, framework, control_id, id, title, location, date, owner, due_date
         FROM control_evidence ORDER BY id",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let service: i64 = r.get(0)?;
        let framework = parse(1, &r.get::<_, String>(1)?, Framework::from_id)?;
        if !wanted(service, framework) {
            continue;
        }
        let e = read_evidence(r, 3)?;
        evidence
            .entry((service, framework))
            .or_default()
            .entry(r.get(2)?)
            .or_default()
            .push(e);
    }
    Ok((stored, evidence))
}
