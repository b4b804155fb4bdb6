//! Provider matrices as stored: one row read back with its provenance, the changes between two
//! versions, and the rows the control matrix looks up (the rules are the core's).

use std::collections::HashMap;

use demarc_core::crosswalk::SourceRow;
use demarc_core::{
    diff_versions, Change, CrosswalkRows, Ownership, ProviderEntry, ProviderIndex, ProviderMatch,
    ProviderRow, ProviderSource, ServiceModel, ThirdParty,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::sql::parse;
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// The imported row a matrix row's provider source points at, with the provider's words.
    pub fn provider_row(&self, source: &ProviderSource) -> Result<ProviderRow> {
        self.conn
            .query_row(
                "SELECT r.control_id, r.label, r.provider_narrative, r.customer_narrative, r.section,
                 r.implementation, r.note, r.location
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
                        implementation: r.get(5)?,
                        note: r.get(6)?,
                        location: r.get(7)?,
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

    /// The SHA-256 of the file `provider`'s matrix `version` was imported from, if there is
    /// such a version.
    pub fn matrix_sha256(&self, provider: &str, version: u32) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT sha256 FROM provider_matrix WHERE provider = ?1 AND version = ?2",
                params![provider, version],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.read_error(e))
    }

    /// What changed between the two latest versions of `provider`'s matrix (see
    /// `demarc_core::diff_versions`).
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
        Ok(diff_versions(&old, &new))
    }
}

/// The rows of one matrix version, in file order (table, then row).
fn read_rows(conn: &Connection, matrix_id: i64) -> rusqlite::Result<Vec<ProviderEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.layout, t.sheet, r.row_number, r.control_id, r.control_id_normalized, r.scope,
         r.label, r.ownership, r.ownership_columns, r.provider_narrative, r.customer_narrative,
         r.third_party
         FROM provider_matrix_row r JOIN provider_matrix_table t ON t.id = r.table_id
         WHERE t.matrix_id = ?1 ORDER BY t.position, r.id",
    )?;
    let rows = stmt.query_map([matrix_id], |r| {
        let columns: String = r.get(8)?;
        Ok(ProviderEntry {
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
            third_party: r
                .get::<_, Option<String>>(11)?
                .map(|t| parse(11, &t, ThirdParty::from_id))
                .transpose()?,
        })
    })?;
    rows.collect()
}

/// The latest imported matrix version of each provider that applies to a service, loaded once
/// per read of the control matrix.
pub(crate) struct ProviderRows {
    /// Per service, the matrices that apply to it, newest import first.
    by_service: HashMap<i64, Vec<usize>>,
    matrices: Vec<ProviderIndex>,
    /// The same matrices' rows as crosswalks see them, by the same index.
    crosswalked: Vec<CrosswalkRows>,
    /// The same matrices' ids in the file.
    ids: Vec<i64>,
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
            crosswalked: Vec::new(),
            ids: Vec::new(),
        };
        for (service, matrix_id, provider, version, file) in applies {
            if !services.contains(&service) {
                continue;
            }
            let at = match loaded.get(&matrix_id) {
                Some(&at) => at,
                None => {
                    let entries = read_rows(conn, matrix_id)?;
                    rows.crosswalked
                        .push(CrosswalkRows::new(&entries, &provider, version, &file));
                    rows.ids.push(matrix_id);
                    rows.matrices
                        .push(ProviderIndex::new(entries, &provider, version, &file));
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

    /// The matrices that apply to a service and have rows crosswalks can follow: services with
    /// the same ones (and model) reach the same controls.
    pub(crate) fn crosswalked_matrices(&self, service: i64) -> Vec<usize> {
        self.by_service
            .get(&service)
            .map(|at| {
                at.iter()
                    .copied()
                    .filter(|&m| !self.crosswalked[m].is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What decides the rows `matrices` give a service: their ids, and the service's model
    /// when some of their rows speak for one model only.
    pub(crate) fn reach_key(
        &self,
        matrices: &[usize],
        model: ServiceModel,
    ) -> (Vec<i64>, Option<ServiceModel>) {
        let ids = matrices.iter().map(|&m| self.ids[m]).collect();
        let by_model = matrices.iter().any(|&m| self.crosswalked[m].by_model());
        (ids, by_model.then_some(model))
    }

    /// The rows of `matrices` that speak for a service of `model`, as crosswalks see them.
    pub(crate) fn source_rows(&self, matrices: &[usize], model: ServiceModel) -> Vec<SourceRow> {
        matrices
            .iter()
            .flat_map(|&m| self.crosswalked[m].for_model(model).cloned())
            .collect()
    }

    /// The provider row for a control of a service, by the control's normalized ID, from the
    /// newest matrix that has one.
    pub(crate) fn find(
        &self,
        service: i64,
        model: ServiceModel,
        key: &str,
    ) -> Option<ProviderMatch> {
        let matrices = self.by_service.get(&service)?;
        matrices
            .iter()
            .find_map(|&at| self.matrices[at].find(model, key))
    }
}
