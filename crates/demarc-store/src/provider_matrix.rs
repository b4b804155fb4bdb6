//! Provider matrices imported into an engagement (see `matrix_import.rs`): a row's provenance,
//! the changes between two versions, and the lookup the control matrix uses to let a
//! provider's row decide a control's owner.

use std::collections::{HashMap, HashSet};

use demarc_core::{Ownership, ProviderRow, ProviderSource, ServiceModel};
use demarc_import::{fold, Layout};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::sql::parse;
use crate::{EngagementFile, Result, StoreError};

/// One change between the two latest versions of a provider's matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The control ID as the provider wrote it (in the newer version, or the older if removed).
    pub control: String,
    /// The service model a per-model ownership applies to (CSA CCM), if any.
    pub scope: Option<String>,
    pub sheet: String,
    /// 1-based row in the newer version, or in the older if removed.
    pub row: u32,
    #[serde(flatten)]
    pub what: ChangeKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    Added {
        label: String,
        owner: Ownership,
    },
    Removed {
        label: String,
        owner: Ownership,
    },
    Ownership {
        old_label: String,
        old_owner: Ownership,
        new_label: String,
        new_owner: Ownership,
    },
    ProviderNarrative {
        old: Option<String>,
        new: Option<String>,
    },
    CustomerNarrative {
        old: Option<String>,
        new: Option<String>,
    },
}

impl EngagementFile {
    /// The imported row a matrix row's provider source points at, with the provider's words.
    pub fn provider_row(&self, source: &ProviderSource) -> Result<ProviderRow> {
        self.conn
            .query_row(
                "SELECT r.control_id, r.label, r.provider_narrative, r.customer_narrative, r.section
                 FROM provider_matrix_row r
                 JOIN provider_matrix_table t ON t.id = r.table_id
                 JOIN provider_matrix m ON m.id = t.matrix_id
                 WHERE m.provider = ?1 AND m.version = ?2 AND t.sheet = ?3 AND r.row_number = ?4
                 ORDER BY r.id LIMIT 1",
                params![source.provider, source.version, source.sheet, source.row],
                |r| {
                    Ok(ProviderRow {
                        control_id: r.get(0)?,
                        label: r.get(1)?,
                        provider_narrative: r.get(2)?,
                        customer_narrative: r.get(3)?,
                        section: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.read_error(e))?
            .ok_or_else(|| {
                StoreError::invalid(
                    "source",
                    format!(
                        "no row {} in sheet {:?} of {} matrix version {}",
                        source.row, source.sheet, source.provider, source.version
                    ),
                )
            })
    }

    /// What changed between the two latest versions of `provider`'s matrix: per control,
    /// ownership (label or normalized value), either narrative, added and removed rows. Rows
    /// are paired by table layout, normalized control ID and scope, so a renamed sheet or a
    /// Rev 4 spelling (`AC-02 (03)`) does not read as a change.
    pub fn matrix_diff(&self, provider: &str) -> Result<Vec<Change>> {
        let provider = provider.trim();
        let ids: Vec<i64> = (|| {
            let mut stmt = self.conn.prepare(
                "SELECT id FROM provider_matrix WHERE provider = ?1 ORDER BY version DESC LIMIT 2",
            )?;
            let rows = stmt.query_map([provider], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<i64>>>()
        })()
        .map_err(|e| self.read_error(e))?;
        let (new_id, old_id) = match ids[..] {
            [new, old] => (new, old),
            [_] => {
                return Err(StoreError::invalid(
                    "provider",
                    format!(
                        "only one version of {provider:?}'s matrix is imported; import a newer \
                         one to compare"
                    ),
                ))
            }
            _ => {
                return Err(StoreError::invalid(
                    "provider",
                    format!("no matrix of provider {provider:?} is imported"),
                ))
            }
        };
        let old = read_rows(&self.conn, old_id).map_err(|e| self.read_error(e))?;
        let new = read_rows(&self.conn, new_id).map_err(|e| self.read_error(e))?;
        Ok(diff(&old, &new))
    }
}

/// One stored ownership value of a matrix row, with where it came from.
struct StoredRow {
    layout: String,
    sheet: String,
    row: u32,
    control_id: String,
    normalized: String,
    scope: Option<String>,
    label: String,
    owner: Ownership,
    columns: Vec<String>,
    provider_narrative: Option<String>,
    customer_narrative: Option<String>,
}

/// The rows of one matrix version, in file order (table, then row).
fn read_rows(conn: &Connection, matrix_id: i64) -> rusqlite::Result<Vec<StoredRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.layout, t.sheet, r.row_number, r.control_id, r.control_id_normalized, r.scope,
         r.label, r.ownership, r.ownership_columns, r.provider_narrative, r.customer_narrative
         FROM provider_matrix_row r JOIN provider_matrix_table t ON t.id = r.table_id
         WHERE t.matrix_id = ?1 ORDER BY t.position, r.id",
    )?;
    let rows = stmt.query_map([matrix_id], |r| {
        let columns: String = r.get(8)?;
        Ok(StoredRow {
            layout: r.get(0)?,
            sheet: r.get(1)?,
            row: r.get(2)?,
            control_id: r.get(3)?,
            normalized: r.get(4)?,
            scope: r.get(5)?,
            label: r.get(6)?,
            owner: parse(7, &r.get::<_, String>(7)?, Ownership::from_id)?,
            columns: columns
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            provider_narrative: r.get(9)?,
            customer_narrative: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// Pairs a row with its counterpart in another version.
type RowKey<'a> = (&'a str, &'a str, Option<&'a str>);

fn key(r: &StoredRow) -> RowKey<'_> {
    (&r.layout, &r.normalized, r.scope.as_deref())
}

/// The first row of each key.
fn index(rows: &[StoredRow]) -> HashMap<RowKey<'_>, &StoredRow> {
    let mut map = HashMap::new();
    for r in rows {
        map.entry(key(r)).or_insert(r);
    }
    map
}

fn diff(old: &[StoredRow], new: &[StoredRow]) -> Vec<Change> {
    let (old_by_key, new_by_key) = (index(old), index(new));
    let change = |r: &StoredRow, what: ChangeKind| Change {
        control: r.control_id.clone(),
        scope: r.scope.clone(),
        sheet: r.sheet.clone(),
        row: r.row,
        what,
    };
    let same_text = |a: &Option<String>, b: &Option<String>| {
        let words = |t: &Option<String>| {
            t.as_deref()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        words(a) == words(b)
    };

    let mut changes = Vec::new();
    let mut seen = HashSet::new();
    for n in new {
        if !seen.insert(key(n)) {
            continue;
        }
        let Some(o) = old_by_key.get(&key(n)) else {
            changes.push(change(
                n,
                ChangeKind::Added {
                    label: n.label.clone(),
                    owner: n.owner,
                },
            ));
            continue;
        };
        if o.owner != n.owner || fold(&o.label) != fold(&n.label) {
            changes.push(change(
                n,
                ChangeKind::Ownership {
                    old_label: o.label.clone(),
                    old_owner: o.owner,
                    new_label: n.label.clone(),
                    new_owner: n.owner,
                },
            ));
        }
        if !same_text(&o.provider_narrative, &n.provider_narrative) {
            changes.push(change(
                n,
                ChangeKind::ProviderNarrative {
                    old: o.provider_narrative.clone(),
                    new: n.provider_narrative.clone(),
                },
            ));
        }
        if !same_text(&o.customer_narrative, &n.customer_narrative) {
            changes.push(change(
                n,
                ChangeKind::CustomerNarrative {
                    old: o.customer_narrative.clone(),
                    new: n.customer_narrative.clone(),
                },
            ));
        }
    }
    let mut gone = HashSet::new();
    for o in old {
        if !new_by_key.contains_key(&key(o)) && gone.insert(key(o)) {
            changes.push(change(
                o,
                ChangeKind::Removed {
                    label: o.label.clone(),
                    owner: o.owner,
                },
            ));
        }
    }
    changes
}

/// A matrix row that may decide a control's owner.
struct Candidate {
    scope: Option<String>,
    /// From a table of who implements a control (a FedRAMP CIS) rather than of what the
    /// customer must do (a CRM): the provider may implement its own AC-1 while the customer
    /// still needs one, so a CRM row of the same version speaks first.
    origination: bool,
    label: String,
    source: ProviderSource,
}

/// The latest imported matrix version of each provider that applies to a service, loaded once
/// per read of the control matrix, indexed by normalized control ID. Both sides go through
/// `normalize_control_id`, so `AC-02 (03)` finds `AC-2(3)`; a matrix of another framework
/// simply finds nothing.
pub(crate) struct ProviderRows {
    /// Per service, the matrices that apply to it, newest import first.
    by_service: HashMap<i64, Vec<usize>>,
    matrices: Vec<Indexed>,
}

struct Indexed {
    exact: HashMap<String, Vec<Candidate>>,
    /// Statement parts (`AC-2(3)(a)`) under the control they belong to (`AC-2(3)`).
    parts: HashMap<String, Vec<Candidate>>,
}

/// A provider's answer for one control: its label and where it was read.
pub(crate) struct ProviderMatch {
    pub label: String,
    pub source: ProviderSource,
}

impl ProviderRows {
    pub(crate) fn load(conn: &Connection, services: &[i64]) -> rusqlite::Result<ProviderRows> {
        let mut stmt = conn.prepare(
            "SELECT ms.service_id, m.id, m.provider, m.version, m.file_name
             FROM provider_matrix m JOIN provider_matrix_service ms ON ms.matrix_id = m.id
             WHERE m.version = (SELECT MAX(m2.version) FROM provider_matrix m2
                 JOIN provider_matrix_service ms2 ON ms2.matrix_id = m2.id
                 WHERE m2.provider = m.provider AND ms2.service_id = ms.service_id)
             ORDER BY m.id DESC",
        )?;
        let applies = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut loaded: HashMap<i64, usize> = HashMap::new();
        let mut rows = ProviderRows {
            by_service: HashMap::new(),
            matrices: Vec::new(),
        };
        for (service, matrix_id, provider, version, file) in applies {
            if !services.contains(&service) {
                continue;
            }
            let at = match loaded.get(&matrix_id) {
                Some(&at) => at,
                None => {
                    let stored = read_rows(conn, matrix_id)?;
                    rows.matrices
                        .push(index_rows(stored, &provider, version, &file));
                    loaded.insert(matrix_id, rows.matrices.len() - 1);
                    rows.matrices.len() - 1
                }
            };
            rows.by_service.entry(service).or_default().push(at);
        }
        Ok(rows)
    }

    /// True when no matrix applies to any of the services.
    pub(crate) fn is_empty(&self) -> bool {
        self.matrices.is_empty()
    }

    /// The provider row for a control of a service, by the control's normalized ID: an exact
    /// row of the newest matrix that has one; failing that, the statement parts of the control.
    pub(crate) fn find(
        &self,
        service: i64,
        model: ServiceModel,
        key: &str,
    ) -> Option<ProviderMatch> {
        let matrices = self.by_service.get(&service)?;
        matrices.iter().find_map(|&at| {
            let m = &self.matrices[at];
            if let Some(found) = m.exact.get(key).and_then(|c| best(c, model)) {
                return Some(ProviderMatch {
                    label: found.label.clone(),
                    source: found.source.clone(),
                });
            }
            m.parts.get(key).and_then(|c| from_parts(c, model))
        })
    }
}

fn index_rows(stored: Vec<StoredRow>, provider: &str, version: u32, file: &str) -> Indexed {
    let mut indexed = Indexed {
        exact: HashMap::new(),
        parts: HashMap::new(),
    };
    for r in stored {
        let candidate = Candidate {
            origination: r.layout == Layout::FedrampCis.id(),
            scope: r.scope,
            label: r.label,
            source: ProviderSource {
                provider: provider.to_string(),
                version,
                file: file.to_string(),
                sheet: r.sheet,
                row: r.row,
                control_id: r.control_id,
                columns: r.columns,
                owner: r.owner,
            },
        };
        match control_of_part(&r.normalized) {
            Some(control) => indexed
                .parts
                .entry(control.to_string())
                .or_default()
                .push(candidate),
            None => indexed
                .exact
                .entry(r.normalized)
                .or_default()
                .push(candidate),
        }
    }
    indexed
}

/// The control a normalized statement part belongs to: `AC-2(3)(a)` and `AC-1(a)(1)` to
/// `AC-2(3)` and `AC-1`. `None` for a control or enhancement itself. Only NIST-style IDs have
/// lower-case parts: `normalize_control_id` upper-cases every other ID (`164.312(B)`).
fn control_of_part(normalized: &str) -> Option<&str> {
    let mut end = normalized.find('(')?;
    let mut rest = &normalized[end..];
    while let Some(inner) = rest.strip_prefix('(') {
        let (part, after) = inner.split_once(')')?;
        if !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()) {
            return Some(&normalized[..end]);
        }
        end += part.len() + 2;
        rest = after;
    }
    None
}

/// The row that speaks for the service among rows of one control: one whose scope is the
/// service's model (or has no scope), then one with a decided owner, then one that is not
/// from an origination table, then the first.
fn best(candidates: &[Candidate], model: ServiceModel) -> Option<&Candidate> {
    candidates
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| {
            (
                !scope_fits(c.scope.as_deref(), model),
                c.source.owner == Ownership::Undetermined,
                c.origination,
                *i,
            )
        })
        .map(|(_, c)| c)
}

fn scope_fits(scope: Option<&str>, model: ServiceModel) -> bool {
    scope.is_none_or(|s| fold(s) == fold(model.label()))
}

/// A control given only by its statement parts: their owner when they agree, `shared` when
/// they differ; the label lists each part's label when they differ; provenance is the first
/// part's row.
fn from_parts(parts: &[Candidate], model: ServiceModel) -> Option<ProviderMatch> {
    let only_origination = parts.iter().all(|c| c.origination);
    let fitting: Vec<&Candidate> = parts
        .iter()
        .filter(|c| scope_fits(c.scope.as_deref(), model) && c.origination == only_origination)
        .collect();
    let first = fitting.first()?;
    let decided: Vec<&&Candidate> = fitting
        .iter()
        .filter(|c| c.source.owner != Ownership::Undetermined)
        .collect();
    let owner = match decided.first() {
        None => Ownership::Undetermined,
        Some(d) if decided.iter().all(|c| c.source.owner == d.source.owner) => d.source.owner,
        Some(_) => Ownership::Shared,
    };
    let label = if fitting.iter().all(|c| fold(&c.label) == fold(&first.label)) {
        first.label.clone()
    } else {
        fitting
            .iter()
            .map(|c| format!("{}: {}", c.source.control_id, c.label))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut source = first.source.clone();
    source.owner = owner;
    Some(ProviderMatch { label, source })
}

#[cfg(test)]
mod tests {
    use super::control_of_part;

    #[test]
    fn statement_parts_belong_to_their_control() {
        assert_eq!(control_of_part("AC-2(3)(a)"), Some("AC-2(3)"));
        assert_eq!(control_of_part("AC-1(a)"), Some("AC-1"));
        assert_eq!(control_of_part("AC-1(a)(1)"), Some("AC-1"));
        assert_eq!(control_of_part("IA-5(1)(g)"), Some("IA-5(1)"));
        assert_eq!(control_of_part("AC-2(3)"), None);
        assert_eq!(control_of_part("AC-2"), None);
        assert_eq!(control_of_part("164.312(B)"), None);
        assert_eq!(control_of_part("1.10"), None);
    }
}
