//! The state an undoable change replaces, and the one write function per undoable table that
//! both the change and its undo call.
//!
//! A change reads its target's state before writing (`Target::snapshot`) and logs it; undo
//! writes that state back (`Snapshot::restore`) through the same function the change used.

use demarc_core::{
    layers_for_model, DataType, EngagementField, Framework, Layer, Ownership, RowKey, Scope,
    ScopingProfile, Sensitivity, ServiceDetail, ServiceModel,
};
use rusqlite::{params, OptionalExtension, ToSql, Transaction};
use serde::{Deserialize, Serialize};

use crate::attestations::{summary_of, AttestationRecord};
use crate::engagement_edit::{
    read_details, read_in_scope, write_details, write_in_scope, Details, InScope,
};
use crate::plan_edit::{read_assignment, read_risk, write_assignment, write_risk, RiskRow};
use crate::row_records::{
    read_customer_part, read_evidence, write_customer_part, write_evidence, EvidenceRow,
};
use crate::scoping::{read_profile, write_profile};
use crate::service_details::{
    data_type_ids, data_type_labels, provider_name, read_data_types, read_member, read_provider,
    read_region, read_sensitivity, write_data_types, write_member, write_name, write_provider,
    write_region, write_sensitivity,
};
use crate::service_rows::{self, ServiceRows};
use crate::sql::parse;
use crate::team::{read_person, write_person, PersonRow};

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
    /// The owner of an entity-level row.
    Entity {
        framework: Framework,
        control_id: String,
    },
    /// Whether a control is at the entity or the system level.
    Scope {
        framework: Framework,
        control_id: String,
    },
    Attestation {
        id: i64,
    },
    VendorReview {
        provider_id: i64,
    },
    /// A service as a whole, with every row recorded on it.
    Service {
        service_id: i64,
    },
    /// The engagement's scoping profile of a framework.
    Scoping {
        framework: Framework,
    },
    /// One of the engagement's own details.
    Engagement {
        field: EngagementField,
    },
    /// A framework's place in the engagement's scope and the services in scope for it.
    InScope {
        framework: Framework,
    },
    ServiceName {
        service_id: i64,
    },
    /// The region a service runs in.
    ServiceRegion {
        service_id: i64,
    },
    /// A service's provider, data types or sensitivity.
    ServiceDetail {
        service_id: i64,
        detail: ServiceDetail,
    },
    /// Whether a service is in scope for a framework.
    ServiceFramework {
        service_id: i64,
        framework: Framework,
    },
    /// A person of the engagement's team, with what they are given.
    TeamMember {
        person_id: i64,
    },
    /// Who has an item of the work plan and by when.
    Assignment {
        item_id: String,
    },
    /// The risk accepted for an item of the work plan.
    Risk {
        item_id: String,
    },
    /// One evidence reference of a row (`service_id` `None`: an entity row).
    Evidence {
        id: i64,
        service_id: Option<i64>,
        framework: Framework,
        control_id: String,
    },
    /// The customer's part of a row.
    CustomerPart {
        service_id: Option<i64>,
        framework: Framework,
        control_id: String,
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
    Review(Option<Review>),
    /// Every row of a service, or none (it did not exist).
    Service(Option<ServiceRows>),
    /// A control moved to a level with its reason, or none (where the layer map puts it).
    Scope(Option<(Scope, String)>),
    /// A scoping profile, or none (not answered).
    Scoping(Option<ScopingProfile>),
    Details(Details),
    InScope(InScope),
    Name(String),
    /// A region, or none (not recorded).
    Region(Option<String>),
    /// A service's provider, by id (providers are never deleted) and by its name then.
    Provider(i64, String),
    DataTypes(Vec<DataType>),
    Sensitivity(Sensitivity),
    /// Whether a service is in scope for a framework.
    Member(bool),
    /// A team member, or none (not on the team).
    Person(Option<PersonRow>),
    /// A person's id and a due date, or none (not assigned).
    Assignment(Option<(Option<i64>, Option<String>)>),
    Risk(Option<RiskRow>),
    Evidence(Option<EvidenceRow>),
    /// A free text of a row as stored.
    Text(Option<String>),
}

/// A vendor review's last and next dates, as stored.
pub(crate) type Review = (Option<String>, Option<String>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AttestationRow {
    #[serde(flatten)]
    record: AttestationRecord,
    /// What the decision log shows of it.
    summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) target: Target,
    state: State,
}

impl Target {
    /// The owner of the row `key`: of a service's row, or of an entity row.
    pub(crate) fn row(key: &RowKey) -> Target {
        match key.service_id {
            Some(service_id) => Target::Control {
                service_id,
                framework: key.framework,
                control_id: key.control_id.clone(),
            },
            None => Target::Entity {
                framework: key.framework,
                control_id: key.control_id.clone(),
            },
        }
    }

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
            Target::Entity {
                framework,
                control_id,
            } => owner(
                "SELECT override_owner, reason FROM entity_row
                 WHERE framework = ?1 AND control_id = ?2",
                &[&framework.id(), control_id],
            )?,
            Target::Scope {
                framework,
                control_id,
            } => {
                let found: Option<(String, String)> = tx
                    .query_row(
                        "SELECT scope, reason FROM control_scope
                         WHERE framework = ?1 AND control_id = ?2",
                        params![framework.id(), control_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                match found {
                    Some((s, reason)) => {
                        State::Scope(Some((parse(0, &s, Scope::from_id)?, reason)))
                    }
                    None => State::Scope(None),
                }
            }
            Target::Attestation { id } => State::Attestation(attestation_row(tx, *id)?),
            Target::VendorReview { provider_id } => State::Review(
                tx.query_row(
                    "SELECT last_reviewed, next_review FROM vendor_review WHERE provider_id = ?1",
                    [provider_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
            ),
            Target::Service { service_id } => State::Service(service_rows::read(tx, *service_id)?),
            Target::Scoping { framework } => State::Scoping(read_profile(tx, *framework)?),
            Target::Engagement { field } => State::Details(read_details(tx, *field)?),
            Target::InScope { framework } => State::InScope(read_in_scope(tx, *framework)?),
            Target::ServiceName { service_id } => State::Name(tx.query_row(
                "SELECT name FROM service WHERE id = ?1",
                [service_id],
                |r| r.get(0),
            )?),
            Target::ServiceRegion { service_id } => State::Region(read_region(tx, *service_id)?),
            Target::ServiceDetail { service_id, detail } => match detail {
                ServiceDetail::Provider => {
                    let id = read_provider(tx, *service_id)?;
                    State::Provider(id, provider_name(tx, id)?)
                }
                ServiceDetail::DataTypes => State::DataTypes(read_data_types(tx, *service_id)?),
                ServiceDetail::Sensitivity => {
                    State::Sensitivity(read_sensitivity(tx, *service_id)?)
                }
            },
            Target::ServiceFramework {
                service_id,
                framework,
            } => State::Member(read_member(tx, *service_id, *framework)?),
            Target::TeamMember { person_id } => State::Person(read_person(tx, *person_id)?),
            Target::Assignment { item_id } => State::Assignment(read_assignment(tx, item_id)?),
            Target::Risk { item_id } => State::Risk(read_risk(tx, item_id)?),
            Target::Evidence { id, service_id, .. } => {
                State::Evidence(read_evidence(tx, *id, service_id.is_some())?)
            }
            Target::CustomerPart {
                service_id,
                framework,
                control_id,
            } => State::Text(read_customer_part(
                tx,
                &RowKey {
                    service_id: *service_id,
                    framework: *framework,
                    control_id: control_id.clone(),
                },
            )?),
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

    /// The state before service `service_id` was added: none.
    pub(crate) fn absent_service(service_id: i64) -> Snapshot {
        Snapshot {
            target: Target::Service { service_id },
            state: State::Service(None),
        }
    }

    /// Whether the target does not exist in this state (before it was added, after removal).
    pub(crate) fn is_absent(&self) -> bool {
        matches!(
            self.state,
            State::Attestation(None)
                | State::Review(None)
                | State::Service(None)
                | State::Scoping(None)
                | State::Member(false)
                | State::Person(None)
                | State::Assignment(None)
                | State::Risk(None)
                | State::Evidence(None)
                | State::InScope(InScope { engaged: false, .. })
        )
    }

    /// Puts the target back in this state.
    pub(crate) fn restore(&self, tx: &Transaction) -> rusqlite::Result<()> {
        let owner = match &self.state {
            State::Owner(Some((o, r))) => Some((*o, r.as_str())),
            _ => None,
        };
        match (&self.target, &self.state) {
            (Target::Layer { service_id, layer }, _) => {
                write_layer_owner(tx, *service_id, *layer, owner)
            }
            (
                Target::Control {
                    service_id,
                    framework,
                    control_id,
                },
                _,
            ) => {
                let key = RowKey {
                    service_id: Some(*service_id),
                    framework: *framework,
                    control_id: control_id.clone(),
                };
                write_control_owner(tx, &key, owner)
            }
            (
                Target::Entity {
                    framework,
                    control_id,
                },
                _,
            ) => {
                let key = RowKey {
                    service_id: None,
                    framework: *framework,
                    control_id: control_id.clone(),
                };
                write_control_owner(tx, &key, owner)
            }
            (
                Target::Scope {
                    framework,
                    control_id,
                },
                State::Scope(scope),
            ) => write_control_scope(
                tx,
                *framework,
                control_id,
                scope.as_ref().map(|(s, r)| (*s, r.as_str())),
            ),
            (Target::Model { service_id }, State::Model(model)) => {
                write_model(tx, *service_id, *model)
            }
            (Target::Attestation { id }, State::Attestation(row)) => match row {
                Some(row) => put_attestation(tx, Some(*id), &row.record).map(|_| ()),
                None => remove_attestation(tx, *id),
            },
            (Target::VendorReview { provider_id }, State::Review(review)) => {
                write_vendor_review(tx, *provider_id, review.as_ref())
            }
            (Target::Service { service_id }, State::Service(rows)) => match rows {
                Some(rows) => service_rows::put_back(tx, rows),
                None => service_rows::remove(tx, *service_id),
            },
            (Target::Scoping { framework }, State::Scoping(profile)) => {
                write_profile(tx, *framework, profile.as_ref())
            }
            (Target::Engagement { .. }, State::Details(details)) => write_details(tx, details),
            (Target::InScope { framework }, State::InScope(state)) => {
                write_in_scope(tx, *framework, state)
            }
            (Target::ServiceName { service_id }, State::Name(name)) => {
                write_name(tx, *service_id, name)
            }
            (Target::ServiceRegion { service_id }, State::Region(region)) => {
                write_region(tx, *service_id, region.as_deref())
            }
            (Target::ServiceDetail { service_id, .. }, State::Provider(id, _)) => {
                write_provider(tx, *service_id, *id)
            }
            (Target::ServiceDetail { service_id, .. }, State::DataTypes(types)) => {
                write_data_types(tx, *service_id, types)
            }
            (Target::ServiceDetail { service_id, .. }, State::Sensitivity(s)) => {
                write_sensitivity(tx, *service_id, *s)
            }
            (
                Target::ServiceFramework {
                    service_id,
                    framework,
                },
                State::Member(member),
            ) => write_member(tx, *service_id, *framework, *member),
            (Target::TeamMember { person_id }, State::Person(row)) => {
                write_person(tx, *person_id, row.as_ref())
            }
            (Target::Assignment { item_id }, State::Assignment(a)) => {
                write_assignment(tx, item_id, a.as_ref())
            }
            (Target::Risk { item_id }, State::Risk(row)) => write_risk(tx, item_id, row.as_ref()),
            (
                Target::Evidence {
                    id,
                    service_id,
                    framework,
                    control_id,
                },
                State::Evidence(row),
            ) => {
                let key = RowKey {
                    service_id: *service_id,
                    framework: *framework,
                    control_id: control_id.clone(),
                };
                write_evidence(tx, *id, &key, row.as_ref())
            }
            (
                Target::CustomerPart {
                    service_id,
                    framework,
                    control_id,
                },
                State::Text(text),
            ) => {
                let key = RowKey {
                    service_id: *service_id,
                    framework: *framework,
                    control_id: control_id.clone(),
                };
                write_customer_part(tx, &key, text.as_deref())
            }
            // A target and a state of different kinds: a damaged entry, left alone.
            (
                Target::Model { .. }
                | Target::Scope { .. }
                | Target::Attestation { .. }
                | Target::VendorReview { .. }
                | Target::Service { .. }
                | Target::Scoping { .. }
                | Target::Engagement { .. }
                | Target::InScope { .. }
                | Target::ServiceName { .. }
                | Target::ServiceRegion { .. }
                | Target::ServiceDetail { .. }
                | Target::ServiceFramework { .. }
                | Target::TeamMember { .. }
                | Target::Assignment { .. }
                | Target::Risk { .. }
                | Target::Evidence { .. }
                | Target::CustomerPart { .. },
                _,
            ) => Ok(()),
        }
    }

    /// The state in a person's words, once the target is in it: an owner, a model, an
    /// attestation's summary, a review's dates.
    pub(crate) fn in_words(&self, tx: &Transaction) -> rusqlite::Result<String> {
        Ok(match (&self.target, &self.state) {
            (_, State::Owner(Some((o, _)))) => o.label().to_string(),
            (Target::Layer { service_id, layer }, State::Owner(None)) => {
                let default: String = tx.query_row(
                    "SELECT default_owner FROM service_layer WHERE service_id = ?1 AND layer = ?2",
                    params![service_id, layer.id()],
                    |r| r.get(0),
                )?;
                parse(0, &default, Ownership::from_id)?.label().to_string()
            }
            (_, State::Owner(None)) => "its default".to_string(),
            (_, State::Model(m)) => m.label().to_string(),
            (_, State::Scope(Some((s, _)))) => s.label().to_lowercase(),
            (_, State::Scope(None)) => "where the layer map puts it".to_string(),
            (_, State::Scoping(Some(p))) => {
                let names = crate::scoping::service_names(tx)?;
                p.summary(&|id| names.get(&id).cloned())
            }
            (_, State::Review(Some((last, next)))) => format!(
                "last reviewed {}, next {}",
                last.as_deref().unwrap_or("never"),
                next.as_deref().unwrap_or("not set")
            ),
            (_, State::Details(d)) => d.words(),
            (_, State::Provider(id, _)) => provider_name(tx, *id)?,
            (_, State::DataTypes(types)) => data_type_labels(types),
            (_, State::Sensitivity(s)) => s.label().to_string(),
            (_, State::Assignment(Some((person, due)))) => {
                let name: Option<String> = match person {
                    Some(id) => tx
                        .query_row("SELECT name FROM team_member WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })
                        .optional()?,
                    None => None,
                };
                format!(
                    "{}, due {}",
                    name.as_deref().unwrap_or("nobody"),
                    due.as_deref().unwrap_or("not set")
                )
            }
            _ => self.describe(),
        })
    }

    /// The state as the decision log shows it, services by name.
    pub(crate) fn describe_in(&self, tx: &Transaction) -> rusqlite::Result<String> {
        Ok(match &self.state {
            State::Scoping(Some(p)) => {
                let names = crate::scoping::service_names(tx)?;
                p.summary(&|id| names.get(&id).cloned())
            }
            _ => self.describe(),
        })
    }

    /// The state as the decision log shows it.
    pub(crate) fn describe(&self) -> String {
        match &self.state {
            State::Owner(Some((o, _))) => o.id().to_string(),
            State::Owner(None) => "default".to_string(),
            State::Model(m) => m.id().to_string(),
            State::Scope(Some((s, _))) => s.id().to_string(),
            State::Scope(None) => "default".to_string(),
            State::Attestation(Some(a)) => a.summary.clone(),
            State::Attestation(None) | State::Review(None) => "none".to_string(),
            State::Service(Some(rows)) => format!("service {:?}", rows.name),
            State::Service(None) => "removed".to_string(),
            State::Scoping(Some(p)) => p.summary(&|_| None),
            State::Scoping(None) => "not answered".to_string(),
            State::Details(d) => d.words(),
            State::InScope(InScope { engaged: false, .. }) => "not in scope".to_string(),
            State::InScope(InScope { services, .. }) => {
                format!("in scope for {} services", services.len())
            }
            State::Name(name) => name.clone(),
            State::Region(Some(region)) => region.clone(),
            State::Region(None) => "none".to_string(),
            State::Provider(_, name) => name.clone(),
            State::DataTypes(types) => data_type_ids(types),
            State::Sensitivity(s) => s.id().to_string(),
            State::Member(true) => "in scope".to_string(),
            State::Member(false) => "out of scope".to_string(),
            State::Person(Some(p)) => format!("{} ({})", p.name, p.role),
            State::Person(None) | State::Assignment(None) => "none".to_string(),
            State::Assignment(Some((person, due))) => format!(
                "person #{}, due {}",
                person.map(|p| p.to_string()).unwrap_or_default(),
                due.as_deref().unwrap_or("not set")
            ),
            State::Risk(Some(r)) => format!("accepted until {} by {}", r.expires, r.approver),
            State::Risk(None) => "not accepted".to_string(),
            State::Evidence(Some(e)) => e.title.clone(),
            State::Evidence(None) => "none".to_string(),
            State::Text(t) => t.clone().unwrap_or_default(),
            State::Review(Some((last, next))) => format!(
                "last {}, next {}",
                last.as_deref().unwrap_or("none"),
                next.as_deref().unwrap_or("none")
            ),
        }
    }
}

pub(crate) fn encode(s: &Snapshot) -> rusqlite::Result<String> {
    serde_json::to_string(s).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
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
        "SELECT service_id, outside_reason FROM attestation_service WHERE attestation_id = ?1
         ORDER BY service_id",
    )?;
    let covered = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(i64, Option<String>)>>>()?;
    Ok(Some(AttestationRow {
        record: AttestationRecord {
            provider_id,
            kind,
            details,
            created_at,
            outside: covered
                .iter()
                .filter_map(|(id, why)| why.clone().map(|w| (*id, w)))
                .collect(),
            services: covered.into_iter().map(|(id, _)| id).collect(),
        },
        summary: summary_of(tx, id)?,
    }))
}

/// Overrides a layer's owner with its reason, or with `None` returns it to the default.
pub(crate) fn write_layer_owner(
    tx: &Transaction,
    service_id: i64,
    layer: Layer,
    owner: Option<(Ownership, &str)>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE service_layer SET override_owner = ?1, reason = ?2
         WHERE service_id = ?3 AND layer = ?4",
        params![
            owner.map(|(o, _)| o.id()),
            owner.map(|(_, r)| r),
            service_id,
            layer.id()
        ],
    )?;
    Ok(())
}

/// Overrides the owner of one control matrix row (a service's or an entity row) with its
/// reason, or with `None` returns it to its computed owner. The row is stored first if nothing
/// was recorded on it yet.
pub(crate) fn write_control_owner(
    tx: &Transaction,
    key: &RowKey,
    owner: Option<(Ownership, &str)>,
) -> rusqlite::Result<()> {
    update_row(
        tx,
        key,
        "override_owner = ?1, reason = ?2",
        params![owner.map(|(o, _)| o.id()), owner.map(|(_, r)| r)],
    )
}

/// Sets `assignments` (`column = ?1, ...`: fixed column names, never user text) with `values`
/// on the stored row `key`, storing the row first if nothing was recorded on it yet.
pub(crate) fn update_row(
    tx: &Transaction,
    key: &RowKey,
    assignments: &str,
    values: &[&dyn ToSql],
) -> rusqlite::Result<()> {
    ensure_row(tx, key)?;
    let n = values.len();
    let framework = key.framework.id();
    let mut all: Vec<&dyn ToSql> = values.to_vec();
    all.push(&framework);
    all.push(&key.control_id);
    let sql = match &key.service_id {
        Some(service_id) => {
            all.push(service_id);
            format!(
                "UPDATE control_row SET {assignments}
                 WHERE framework = ?{} AND control_id = ?{} AND service_id = ?{}",
                n + 1,
                n + 2,
                n + 3
            )
        }
        None => format!(
            "UPDATE entity_row SET {assignments} WHERE framework = ?{} AND control_id = ?{}",
            n + 1,
            n + 2
        ),
    };
    tx.execute(&sql, all.as_slice())?;
    Ok(())
}

/// Stores a control matrix row, empty, unless it is stored already.
pub(crate) fn ensure_row(tx: &Transaction, key: &RowKey) -> rusqlite::Result<()> {
    match key.service_id {
        Some(service_id) => tx.execute(
            "INSERT OR IGNORE INTO control_row (service_id, framework, control_id)
             VALUES (?1, ?2, ?3)",
            params![service_id, key.framework.id(), key.control_id],
        )?,
        None => tx.execute(
            "INSERT OR IGNORE INTO entity_row (framework, control_id) VALUES (?1, ?2)",
            params![key.framework.id(), key.control_id],
        )?,
    };
    Ok(())
}

/// Moves a control to a level with its reason, or with `None` leaves it where the layer map
/// puts it.
pub(crate) fn write_control_scope(
    tx: &Transaction,
    framework: Framework,
    control_id: &str,
    scope: Option<(Scope, &str)>,
) -> rusqlite::Result<()> {
    match scope {
        Some((scope, reason)) => tx.execute(
            "INSERT INTO control_scope (framework, control_id, scope, reason)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (framework, control_id)
             DO UPDATE SET scope = excluded.scope, reason = excluded.reason",
            params![framework.id(), control_id, scope.id(), reason],
        )?,
        None => tx.execute(
            "DELETE FROM control_scope WHERE framework = ?1 AND control_id = ?2",
            params![framework.id(), control_id],
        )?,
    };
    Ok(())
}

/// Sets a service's model and the default owner of each of its layers under it.
pub(crate) fn write_model(
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

/// Writes attestation `id` (a new one when `None`) as `record` has it, with the services it
/// covers, and returns its id. An existing attestation keeps the time it was first recorded,
/// and a service removed since is not brought back by it.
pub(crate) fn put_attestation(
    tx: &Transaction,
    id: Option<i64>,
    record: &AttestationRecord,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO attestation (id, provider_id, kind, details, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id,
             kind = excluded.kind, details = excluded.details",
        params![
            id,
            record.provider_id,
            record.kind,
            record.details,
            record.created_at
        ],
    )?;
    let id = id.unwrap_or_else(|| tx.last_insert_rowid());
    tx.execute(
        "DELETE FROM attestation_service WHERE attestation_id = ?1",
        [id],
    )?;
    for service in &record.services {
        let why = record
            .outside
            .iter()
            .find(|(s, _)| s == service)
            .map(|(_, w)| w.as_str());
        tx.execute(
            "INSERT INTO attestation_service (attestation_id, service_id, outside_reason)
             SELECT ?1, id, ?3 FROM service WHERE id = ?2",
            params![id, service, why],
        )?;
    }
    Ok(id)
}

pub(crate) fn remove_attestation(tx: &Transaction, id: i64) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM attestation WHERE id = ?1", [id])?;
    Ok(())
}

/// Records a provider's vendor review, or with `None` removes it.
pub(crate) fn write_vendor_review(
    tx: &Transaction,
    provider_id: i64,
    review: Option<&Review>,
) -> rusqlite::Result<()> {
    match review {
        Some((last, next)) => tx.execute(
            "INSERT INTO vendor_review (provider_id, last_reviewed, next_review)
             VALUES (?1, ?2, ?3)
             ON CONFLICT (provider_id) DO UPDATE
             SET last_reviewed = excluded.last_reviewed, next_review = excluded.next_review",
            params![provider_id, last, next],
        )?,
        None => tx.execute(
            "DELETE FROM vendor_review WHERE provider_id = ?1",
            [provider_id],
        )?,
    };
    Ok(())
}
