//! Closing many gaps at once: one evidence reference attached to many rows, one customer's part
//! written on many. Each is one transaction, one decision-log batch and one undo step.

use std::collections::HashMap;

use demarc_core::{Framework, MatrixRow, NewEvidence, RowField, RowKey, Service};

use crate::log::{next_batch, LogEntry};
use crate::matrix::{next_evidence_id, row_subject, Reach};
use crate::row_records::write_evidence;
use crate::row_records::{write_customer_part, EvidenceRow};
use crate::sql::non_empty;
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

/// The most rows one change may reach.
pub const MAX_BULK_ROWS: usize = 100_000;

impl EngagementFile {
    /// Attaches one evidence reference (title, location, date, who collected it) to every row
    /// of `keys`. Returns how many rows it was attached to.
    pub fn attach_evidence(
        &mut self,
        keys: &[RowKey],
        evidence: &NewEvidence,
        who: &str,
    ) -> Result<usize> {
        let title = evidence.title.trim().to_string();
        if title.is_empty() {
            return Err(StoreError::invalid("title", "the evidence needs a title"));
        }
        let today = crate::clock::today();
        if let Some(date) = evidence.date.filter(|d| *d > today) {
            return Err(StoreError::invalid(
                "date",
                format!(
                    "the evidence is dated {date}, after today ({today}); record it once it is \
                     collected"
                ),
            ));
        }
        let rows = self.rows_by_keys(keys)?;
        let record = EvidenceRow {
            title: title.clone(),
            location: evidence.location.trim().to_string(),
            date: evidence.date.map(|d| d.to_string()),
            owner: evidence
                .owner
                .as_deref()
                .and_then(non_empty)
                .map(str::to_string),
            due_date: evidence.due_date.map(|d| d.to_string()),
        };
        self.write(|tx| {
            let batch = next_batch(tx)?;
            for row in &rows {
                let id = next_evidence_id(tx)?;
                let target = Target::Evidence {
                    id,
                    service_id: row.service_id,
                    framework: row.framework,
                    control_id: row.control_id.clone(),
                };
                let replaced = target.snapshot(tx)?;
                write_evidence(tx, id, &row.key(), Some(&record))?;
                LogEntry::new(who, row_subject(row, RowField::Evidence))
                    .values(None, Some(&title))
                    .undoable(&replaced, Some(batch))
                    .append(tx)?;
            }
            Ok(())
        })?;
        Ok(rows.len())
    }

    /// Writes one customer's part on every row of `keys` (empty text clears it). Returns how
    /// many rows changed.
    pub fn set_customer_parts(&mut self, keys: &[RowKey], text: &str, who: &str) -> Result<usize> {
        let rows = self.rows_by_keys(keys)?;
        let text = non_empty(text);
        let changed: Vec<&MatrixRow> = rows
            .iter()
            .filter(|r| r.customer_part.as_deref() != text)
            .collect();
        self.write(|tx| {
            let batch = next_batch(tx)?;
            for row in &changed {
                let target = Target::CustomerPart {
                    service_id: row.service_id,
                    framework: row.framework,
                    control_id: row.control_id.clone(),
                };
                let replaced = target.snapshot(tx)?;
                // An entity row keeps a cleared text as '' so that it takes nothing from the
                // services' earlier records.
                let stored = match row.service_id {
                    Some(_) => text,
                    None => Some(text.unwrap_or_default()),
                };
                write_customer_part(tx, &row.key(), stored)?;
                LogEntry::new(who, row_subject(row, RowField::CustomerPart))
                    .values(row.customer_part.as_deref(), text)
                    .undoable(&replaced, Some(batch))
                    .append(tx)?;
            }
            Ok(())
        })?;
        Ok(changed.len())
    }

    /// The rows named by `keys`, each once; a key naming no row in scope is refused.
    fn rows_by_keys(&self, keys: &[RowKey]) -> Result<Vec<MatrixRow>> {
        if keys.is_empty() {
            return Err(StoreError::invalid("rows", "no row is selected"));
        }
        if keys.len() > MAX_BULK_ROWS {
            return Err(StoreError::invalid(
                "rows",
                format!("at most {MAX_BULK_ROWS} rows at once"),
            ));
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
        let mut rows = self.rows_on(&services, None, crate::clock::today(), reach)?;
        let mut by_key: HashMap<(Option<i64>, Framework, String), usize> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            by_key.insert((r.service_id, r.framework, r.control_id.to_lowercase()), i);
        }
        let mut picked: Vec<usize> = Vec::with_capacity(keys.len());
        for key in keys {
            let found = by_key.get(&(
                key.service_id,
                key.framework,
                key.control_id.trim().to_lowercase(),
            ));
            let Some(&i) = found else {
                let place = match services.iter().find(|s| Some(s.id) == key.service_id) {
                    Some(s) => format!("in scope for {:?}", s.name),
                    None => "in scope at the entity level".to_string(),
                };
                return Err(StoreError::invalid(
                    "control",
                    format!(
                        "{} of {} is not {place}",
                        key.control_id,
                        key.framework.label()
                    ),
                ));
            };
            picked.push(i);
        }
        picked.sort_unstable();
        picked.dedup();
        let mut keep = vec![false; rows.len()];
        for i in picked {
            keep[i] = true;
        }
        let mut i = 0;
        rows.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        Ok(rows)
    }
}
