//! Undo and redo, through the append-only decision log.
//!
//! A change that can be undone logs, beside what it did, the state it replaced. Undo restores
//! that state and logs it as a new entry pointing at the one it undid (and carrying the state
//! it replaced in turn, which is what redo restores). Nothing in the log is rewritten.

use demarc_core::{layers_for_model, Framework, Layer, Ownership, ServiceModel};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::file::{log_entry, parse, EngagementFile, WriteError};
use crate::Result;

/// What a change touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Target {
    Layer {
        service_id: i64,
        layer: Layer,
    },
    Model {
        service_id: i64,
    },
    Control {
        service_id: i64,
        framework: Framework,
        control_id: String,
    },
    Attestation {
        id: i64,
    },
    VendorReview {
        provider_id: i64,
    },
}

/// The state of a target: enough to put it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum State {
    /// An override and its reason, or none (the default applies).
    Owner(Option<(Ownership, String)>),
    Model(ServiceModel),
    /// An attestation's row and the services it covers, or none (it did not exist).
    Attestation(Option<AttestationRow>),
    /// A provider's last and next review dates, or none.
    Review(Option<(Option<String>, Option<String>)>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AttestationRow {
    provider_id: i64,
    kind: String,
    details: String,
    created_at: String,
    services: Vec<i64>,
    /// What the decision log shows of it.
    summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    target: Target,
    state: State,
}

impl Target {
    /// The target's state now.
    pub(crate) fn snapshot(&self, tx: &Transaction) -> rusqlite::Result<Snapshot> {
        let owner = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<State> {
            let found: Option<(Option<String>, Option<String>)> = tx
                .query_row(sql, params, |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok(State::Owner(match found {
                Some((Some(o), Some(reason))) => Some((parse(0, &o, Ownership::from_id)?, reason)),
                _ => None,
            }))
        };
        let state = match self {
            Target::Layer { service_id, layer } => owner(
                "SELECT override_owner, reason FROM service_layer
                 WHERE service_id = ?1 AND layer = ?2",
                &[service_id, &layer.id()],
            )?,
            Target::Model { service_id } => {
                let model: String = tx.query_row(
                    "SELECT model FROM service WHERE id = ?1",
                    [service_id],
                    |r| r.get(0),
                )?;
                State::Model(parse(0, &model, ServiceModel::from_id)?)
            }
            Target::Control {
                service_id,
                framework,
                control_id,
            } => owner(
                "SELECT override_owner, reason FROM control_row
                 WHERE service_id = ?1 AND framework = ?2 AND control_id = ?3",
                &[service_id, &framework.id(), control_id],
            )?,
            Target::Attestation { id } => State::Attestation(attestation_row(tx, *id)?),
            Target::VendorReview { provider_id } => State::Review(
                tx.query_row(
                    "SELECT last_reviewed, next_review FROM vendor_review WHERE provider_id = ?1",
                    [provider_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
            ),
        };
        Ok(Snapshot {
            target: self.clone(),
            state,
        })
    }
}

impl Snapshot {
    /// The state before attestation `id` was added: none.
    pub(crate) fn absent_attestation(id: i64) -> Snapshot {
        Snapshot {
            target: Target::Attestation { id },
            state: State::Attestation(None),
        }
    }

    /// Puts the target back in this state.
    fn restore(&self, tx: &Transaction) -> rusqlite::Result<()> {
        let (owner, reason) = match &self.state {
            State::Owner(Some((o, r))) => (Some(o.id()), Some(r.as_str())),
            _ => (None, None),
        };
        match (&self.target, &self.state) {
            (Target::Layer { service_id, layer }, _) => {
                tx.execute(
                    "UPDATE service_layer SET override_owner = ?1, reason = ?2
                     WHERE service_id = ?3 AND layer = ?4",
                    params![owner, reason, service_id, layer.id()],
                )?;
            }
            (Target::Model { service_id }, State::Model(model)) => {
                apply_model(tx, *service_id, *model)?;
            }
            (Target::Attestation { id }, State::Attestation(row)) => {
                restore_attestation(tx, *id, row.as_ref())?;
            }
            (Target::VendorReview { provider_id }, State::Review(review)) => match review {
                Some((last, next)) => {
                    tx.execute(
                        "INSERT INTO vendor_review (provider_id, last_reviewed, next_review)
                         VALUES (?1, ?2, ?3)
                         ON CONFLICT (provider_id) DO UPDATE
                         SET last_reviewed = excluded.last_reviewed,
                             next_review = excluded.next_review",
                        params![provider_id, last, next],
                    )?;
                }
                None => {
                    tx.execute(
                        "DELETE FROM vendor_review WHERE provider_id = ?1",
                        [provider_id],
                    )?;
                }
            },
            // A target and a state of different kinds: a damaged entry, left alone.
            (
                Target::Model { .. } | Target::Attestation { .. } | Target::VendorReview { .. },
                _,
            ) => {}
            (
                Target::Control {
                    service_id,
                    framework,
                    control_id,
                },
                _,
            ) => {
                tx.execute(
                    "INSERT OR IGNORE INTO control_row (service_id, framework, control_id)
                     VALUES (?1, ?2, ?3)",
                    params![service_id, framework.id(), control_id],
                )?;
                tx.execute(
                    "UPDATE control_row SET override_owner = ?1, reason = ?2
                     WHERE service_id = ?3 AND framework = ?4 AND control_id = ?5",
                    params![owner, reason, service_id, framework.id(), control_id],
                )?;
            }
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match &self.state {
            State::Owner(Some((o, _))) => o.id().to_string(),
            State::Owner(None) => "default".to_string(),
            State::Model(m) => m.id().to_string(),
            State::Attestation(Some(a)) => a.summary.clone(),
            State::Attestation(None) | State::Review(None) => "none".to_string(),
            State::Review(Some((last, next))) => format!(
                "last {}, next {}",
                last.as_deref().unwrap_or("none"),
                next.as_deref().unwrap_or("none")
            ),
        }
    }
}

fn attestation_row(tx: &Transaction, id: i64) -> rusqlite::Result<Option<AttestationRow>> {
    let head: Option<(i64, String, String, String)> = tx
        .query_row(
            "SELECT provider_id, kind, details, created_at FROM attestation WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((provider_id, kind, details, created_at)) = head else {
        return Ok(None);
    };
    let mut stmt = tx.prepare(
        "SELECT service_id FROM attestation_service WHERE attestation_id = ?1 ORDER BY service_id",
    )?;
    let services = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let summary = crate::assurance::summary_of(tx, id)?;
    Ok(Some(AttestationRow {
        provider_id,
        kind,
        details,
        created_at,
        services,
        summary,
    }))
}

/// Puts an attestation back as `row` had it, under its old id, or removes it.
fn restore_attestation(
    tx: &Transaction,
    id: i64,
    row: Option<&AttestationRow>,
) -> rusqlite::Result<()> {
    let Some(row) = row else {
        tx.execute("DELETE FROM attestation WHERE id = ?1", [id])?;
        return Ok(());
    };
    tx.execute(
        "INSERT INTO attestation (id, provider_id, kind, details, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id,
             kind = excluded.kind, details = excluded.details",
        params![id, row.provider_id, row.kind, row.details, row.created_at],
    )?;
    tx.execute(
        "DELETE FROM attestation_service WHERE attestation_id = ?1",
        [id],
    )?;
    for service in &row.services {
        // A service removed since is not brought back by its attestation.
        tx.execute(
            "INSERT INTO attestation_service (attestation_id, service_id)
             SELECT ?1, id FROM service WHERE id = ?2",
            params![id, service],
        )?;
    }
    Ok(())
}

/// Sets a service's model and the default owner of each of its layers under it.
pub(crate) fn apply_model(
    tx: &Transaction,
    service_id: i64,
    model: ServiceModel,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE service SET model = ?1 WHERE id = ?2",
        params![model.id(), service_id],
    )?;
    for l in layers_for_model(model, &[]) {
        tx.execute(
            "UPDATE service_layer SET default_owner = ?1 WHERE service_id = ?2 AND layer = ?3",
            params![l.default_owner.id(), service_id, l.layer.id()],
        )?;
    }
    Ok(())
}

/// The batch number for the entries of the change a transaction is making.
pub(crate) fn next_batch(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM decision", [], |r| {
        r.get(0)
    })
}

pub(crate) fn encode(s: &Snapshot) -> rusqlite::Result<String> {
    serde_json::to_string(s).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

struct Entry {
    id: i64,
    subject: String,
    undoes: Option<i64>,
    batch: Option<i64>,
    revert: Option<Snapshot>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Undo,
    Redo,
}

impl EngagementFile {
    /// Undoes the last change that can be undone; returns what it undid, or `None`.
    pub fn undo(&mut self, who: &str) -> Result<Option<String>> {
        self.step(Step::Undo, who)
    }

    /// Redoes the last undone change, unless something was changed since; returns what it
    /// redid, or `None`.
    pub fn redo(&mut self, who: &str) -> Result<Option<String>> {
        self.step(Step::Redo, who)
    }

    fn step(&mut self, step: Step, who: &str) -> Result<Option<String>> {
        self.write(|tx| {
            let entries = load(tx)?;
            let picked = pick(&entries, step);
            let Some(first) = picked.first() else {
                return Ok(None);
            };
            let summary = entries[*first].subject.clone();
            let count = picked.len();
            let batch = next_batch(tx)?;
            let word = match step {
                Step::Undo => "undo",
                Step::Redo => "redo",
            };
            for i in picked {
                let e = &entries[i];
                let Some(revert) = &e.revert else { continue };
                let now = revert.target.snapshot(tx)?;
                revert.restore(tx)?;
                log_entry(
                    tx,
                    who,
                    &e.subject,
                    Some(&now.describe()),
                    Some(&revert.describe()),
                    Some(&format!("{word} of decision #{}", e.id)),
                    Some(&now),
                    Some(e.id),
                    Some(batch),
                )?;
            }
            let more = if count > 1 {
                format!(" and {} more", count - 1)
            } else {
                String::new()
            };
            Ok(Some(format!("{word}: {summary}{more}")))
        })
    }
}

fn load(tx: &Transaction) -> std::result::Result<Vec<Entry>, WriteError> {
    let mut stmt = tx.prepare(
        "SELECT id, subject, undoes, batch, revert FROM decision
         WHERE revert IS NOT NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (id, subject, undoes, batch, revert) = row?;
        // An entry this version cannot read is left alone rather than undone wrongly.
        let revert = serde_json::from_str(&revert).ok();
        entries.push(Entry {
            id,
            subject,
            undoes,
            batch,
            revert,
        });
    }
    Ok(entries)
}

/// The entries (indexes into `entries`, newest first) that an undo or a redo reverts now.
fn pick(entries: &[Entry], step: Step) -> Vec<usize> {
    let index = |id: i64| entries.iter().position(|e| e.id == id);
    // An entry goes forward (a change or a redo) or back (an undo): the opposite of the one
    // it reverted. Entries come in id order, so the one reverted is already classified.
    let mut forward: Vec<bool> = Vec::with_capacity(entries.len());
    let mut undone = vec![false; entries.len()];
    for e in entries {
        let is_forward = match e.undoes.and_then(index) {
            Some(i) => {
                undone[i] = true;
                !forward[i]
            }
            None => true,
        };
        forward.push(is_forward);
    }
    let last_change = entries.iter().rposition(|e| e.undoes.is_none());
    let candidate = |i: usize| {
        !undone[i]
            && entries[i].revert.is_some()
            && match step {
                Step::Undo => forward[i],
                Step::Redo => !forward[i] && last_change.is_none_or(|c| i > c),
            }
    };
    let Some(latest) = (0..entries.len()).rev().find(|&i| candidate(i)) else {
        return Vec::new();
    };
    let batch = entries[latest].batch;
    (0..=latest)
        .rev()
        .filter(|&i| {
            candidate(i) && (i == latest || (batch.is_some() && entries[i].batch == batch))
        })
        .collect()
}
