//! The control matrix of an engagement: which controls are in scope, the owner of every
//! (service, control) row by precedence, and what people record per row.
//!
//! Only what a person sets is stored (`control_row`, `control_evidence`); the default owner of a
//! row is derived from the service's current layer owners on every read, so a change of a layer
//! owner shows at once in every control that touches that layer.

use std::collections::HashMap;

use chrono::NaiveDate;
use demarc_catalogs::{
    applies, controls_in_scope, derived_owner, layers_for, Control, DEFAULT_FEDRAMP_LEVEL,
};
use demarc_core::{
    matrix_row, normalize_control_id, scope_out, Applicability, ControlSelector, Evidence,
    FedrampLevel, Framework, Layer, MatrixFilter, MatrixRow, NewEvidence, OwnerSource, Ownership,
    Review, RowField, RowKey, RowRecord, ScopedControl, Service, Subject,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::log::{next_batch, required_reason, LogEntry};
use crate::provider_matrix::ProviderRows;
use crate::sql::{non_empty, parse, parse_date};
use crate::undoable::{ensure_row, write_control_owner, Target};
use crate::{EngagementFile, Result, StoreError};

/// The free-text fields of a row.
#[derive(Clone, Copy)]
enum RowText {
    CustomerPart,
    NaJustification,
    RowOwner,
}

type RowMap<T> = HashMap<(i64, Framework), HashMap<String, T>>;

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

    /// Every (service, control in scope) row for the frameworks in scope for both the
    /// engagement and the service, services in the order of `services`, controls in catalog
    /// order.
    pub fn matrix(&self, filter: &MatrixFilter) -> Result<Vec<MatrixRow>> {
        let services = match &filter.service {
            Some(name) => vec![self.service(self.service_id(name)?)?],
            None => self.services()?,
        };
        self.rows_of(&services, filter.framework)
    }

    /// Sets the owner of the selected controls of one service, in one transaction, with one
    /// decision-log row per control whose owner changes. Returns how many rows changed. A
    /// selection that matches no control in scope is refused and nothing is written.
    pub fn set_control_owner(
        &mut self,
        service_id: i64,
        framework: Option<Framework>,
        selector: &ControlSelector,
        owner: Ownership,
        reason: &str,
        who: &str,
    ) -> Result<usize> {
        let reason = required_reason(reason)?;
        let service = self.service(service_id)?;
        let rows = self.rows_of(std::slice::from_ref(&service), framework)?;
        let selected: Vec<&MatrixRow> = rows.iter().filter(|r| selector.matches(r)).collect();
        if selected.is_empty() {
            let (field, what) = selector.describe();
            let within = framework
                .map(|f| format!(" of {}", f.label()))
                .unwrap_or_default();
            return Err(StoreError::invalid(
                field,
                format!("{what}{within} is in scope for {:?}", service.name),
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
        let mut ids: Vec<i64> = keys.iter().map(|k| k.service_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let services = ids
            .into_iter()
            .map(|id| self.service(id))
            .collect::<Result<Vec<Service>>>()?;
        let rows = self.rows_of(&services, None)?;
        let by_key: HashMap<(i64, Framework, &str), &MatrixRow> = rows
            .iter()
            .map(|r| ((r.service_id, r.framework, r.control_id.as_str()), r))
            .collect();
        let mut selected = Vec::with_capacity(keys.len());
        for key in keys {
            let row = by_key
                .get(&(key.service_id, key.framework, key.control_id.as_str()))
                .ok_or_else(|| {
                    let service = services.iter().find(|s| s.id == key.service_id);
                    StoreError::invalid(
                        "control",
                        format!(
                            "{} of {} is not in scope for {:?}",
                            key.control_id,
                            key.framework.label(),
                            service.map_or("", |s| s.name.as_str())
                        ),
                    )
                })?;
            selected.push(*row);
        }
        self.write_owner(&selected, owner, reason, who)
    }

    /// Overrides the owner of `selected` in one transaction with one decision-log row per
    /// row whose owner changes, all in one batch.
    fn write_owner(
        &mut self,
        selected: &[&MatrixRow],
        owner: Ownership,
        reason: &str,
        who: &str,
    ) -> Result<usize> {
        let changed: Vec<&MatrixRow> = selected
            .iter()
            .copied()
            .filter(|r| !(r.source == OwnerSource::Override && r.owner == owner))
            .collect();
        self.write(|tx| {
            let batch = next_batch(tx)?;
            for row in &changed {
                let replaced = Target::Control {
                    service_id: row.service_id,
                    framework: row.framework,
                    control_id: row.control_id.clone(),
                }
                .snapshot(tx)?;
                write_control_owner(
                    tx,
                    row.service_id,
                    row.framework,
                    &row.control_id,
                    Some((owner, reason)),
                )?;
                LogEntry::new(who, row_subject(row, RowField::Owner))
                    .values(Some(row.owner.id()), Some(owner.id()))
                    .reason(reason)
                    .undoable(&replaced, Some(batch))
                    .append(tx)?;
            }
            Ok(())
        })?;
        Ok(changed.len())
    }

    /// Describes what the customer does for a row; empty text clears it.
    pub fn set_customer_part(
        &mut self,
        service_id: i64,
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
        service_id: i64,
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
        service_id: i64,
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
        service_id: i64,
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
            ensure_row(tx, row.service_id, row.framework, &row.control_id)?;
            tx.execute(
                "UPDATE control_row SET reviewed_by = ?1, reviewed_on = ?2
                 WHERE service_id = ?3 AND framework = ?4 AND control_id = ?5",
                params![
                    by,
                    on.to_string(),
                    row.service_id,
                    row.framework.id(),
                    row.control_id
                ],
            )?;
            let before = row.last_reviewed.as_ref().map(|r| r.on.to_string());
            LogEntry::new(by, row_subject(&row, RowField::Reviewed))
                .values(before.as_deref(), Some(&on.to_string()))
                .append(tx)?;
            Ok(())
        })?;
        self.row(service_id, framework, control_id)
    }

    /// Adds an evidence reference to a row.
    pub fn add_evidence(
        &mut self,
        service_id: i64,
        framework: Framework,
        control_id: &str,
        evidence: &NewEvidence,
        who: &str,
    ) -> Result<MatrixRow> {
        let title = evidence.title.trim();
        if title.is_empty() {
            return Err(StoreError::invalid("title", "the evidence needs a title"));
        }
        let row = self.row(service_id, framework, control_id)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO control_evidence
                 (service_id, framework, control_id, title, location, date, owner, due_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    row.service_id,
                    row.framework.id(),
                    row.control_id,
                    title,
                    evidence.location.trim(),
                    evidence.date.map(|d| d.to_string()),
                    non_empty(evidence.owner.as_deref().unwrap_or_default()),
                    evidence.due_date.map(|d| d.to_string()),
                ],
            )?;
            LogEntry::new(who, row_subject(&row, RowField::Evidence))
                .values(None, Some(title))
                .append(tx)?;
            Ok(())
        })?;
        self.row(service_id, framework, control_id)
    }

    /// One row, or a refusal naming the control when it is not in scope for the service.
    fn row(&self, service_id: i64, framework: Framework, control_id: &str) -> Result<MatrixRow> {
        let service = self.service(service_id)?;
        let control_id = control_id.trim();
        self.rows_of(std::slice::from_ref(&service), Some(framework))?
            .into_iter()
            .find(|r| r.control_id.eq_ignore_ascii_case(control_id))
            .ok_or_else(|| {
                StoreError::invalid(
                    "control",
                    format!(
                        "no control {control_id:?} of {} is in scope for {:?}",
                        framework.label(),
                        service.name
                    ),
                )
            })
    }

    fn set_text(
        &mut self,
        service_id: i64,
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
        self.write(|tx| {
            ensure_row(tx, row.service_id, row.framework, &row.control_id)?;
            // `column` is one of the three fixed names above, never user text.
            tx.execute(
                &format!(
                    "UPDATE control_row SET {column} = ?1
                     WHERE service_id = ?2 AND framework = ?3 AND control_id = ?4"
                ),
                params![text, row.service_id, row.framework.id(), row.control_id],
            )?;
            LogEntry::new(who, row_subject(&row, logged))
                .values(before.as_deref(), text)
                .append(tx)?;
            Ok(())
        })?;
        self.row(service_id, framework, control_id)
    }

    fn rows_of(&self, services: &[Service], only: Option<Framework>) -> Result<Vec<MatrixRow>> {
        self.rows_on(services, only, crate::clock::today())
    }

    /// The rows with the attestations current on `today` applied (see `assurance.rs`).
    pub(crate) fn rows_on(
        &self,
        services: &[Service],
        only: Option<Framework>,
        today: NaiveDate,
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
        let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
        let (mut stored, mut evidence) =
            read_stored(&self.conn, &ids, only).map_err(|e| self.read_error(e))?;
        let provider = ProviderRows::load(&self.conn, &ids).map_err(|e| self.read_error(e))?;
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

        let mut rows = Vec::new();
        for service in services {
            let owner_of = |l: Layer| service.layers[l.index()].owner;
            for ((framework, controls), keys) in scope.iter().zip(&keys) {
                if !service.frameworks.contains(framework) {
                    continue;
                }
                let mut stored = stored.remove(&(service.id, *framework)).unwrap_or_default();
                let mut evidence = evidence
                    .remove(&(service.id, *framework))
                    .unwrap_or_default();
                for (i, (control, applicability)) in controls.iter().enumerate() {
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
                    let evidence = evidence.remove(control.id).unwrap_or_default();
                    let mut row = matrix_row(service, control, record, evidence, provided);
                    if let Applicability::NotApplicable(why) = applicability {
                        scope_out(&mut row, why);
                    }
                    rows.push(row);
                }
            }
        }
        self.apply_assurance(&mut rows, services, only, today)?;
        Ok(rows)
    }
}

/// What a decision about `field` of a row is about.
fn row_subject(row: &MatrixRow, field: RowField) -> Subject {
    Subject::Control {
        service_id: row.service_id,
        service: row.service.clone(),
        framework: row.framework,
        control_id: row.control_id.clone(),
        field,
    }
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
        let e = Evidence {
            id: r.get(3)?,
            title: r.get(4)?,
            location: r.get(5)?,
            date: parse_date(6, r.get(6)?)?,
            owner: r.get(7)?,
            due_date: parse_date(8, r.get(8)?)?,
        };
        evidence
            .entry((service, framework))
            .or_default()
            .entry(r.get(2)?)
            .or_default()
            .push(e);
    }
    Ok((stored, evidence))
}
