//! Importing a provider's matrix into the engagement: the next version of the provider's
//! matrix, every row with its provenance, the services it applies to, and the labels a person
//! mapped, remembered for later imports.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use demarc_catalogs::rev5_successors;
use demarc_core::crosswalk::IdSpace;
use demarc_core::imported::{DocumentInfo, InspectReport, MappingProfile, Matrix, TableReport};
use demarc_core::{fold, Framework, MatrixFilter, OwnerSource, Ownership, ProviderSource, Subject};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::clock::now;
use crate::log::LogEntry;
use crate::sql::parse;
use crate::{EngagementFile, Result, StoreError};

/// What to import a matrix as, and where it applies.
#[derive(Debug, Clone, Default)]
pub struct MatrixImport {
    /// The provider whose matrix it is; its versions are numbered per provider.
    pub provider: String,
    /// The services of the engagement the matrix applies to; empty means every service of
    /// `provider`.
    pub services: Vec<String>,
    /// Labels the crosswalk does not know, mapped by a person: remembered for the engagement
    /// in the same transaction and applied to this import and every later one.
    pub label_mappings: Vec<(String, Ownership)>,
    /// The mapping profile the file was read with, saved in the engagement under its name (if
    /// it has one) in the same transaction.
    pub profile: Option<MappingProfile>,
}

/// What an import stored.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub provider: String,
    pub version: u32,
    pub file: String,
    pub sha256: String,
    pub layout: String,
    pub document: DocumentInfo,
    /// The services the matrix applies to.
    pub services: Vec<String>,
    /// Rows stored, over every table.
    pub rows: usize,
    /// Rows of the control matrix (a control in scope of a service it applies to) that a row of
    /// this version reaches. Zero when none of its control IDs is a control in scope.
    pub matrix_rows: usize,
    /// Rows of the control matrix whose owner rows of this version decide through crosswalks
    /// (their IDs are another framework's).
    #[serde(default)]
    pub crosswalk_rows: usize,
    /// Rows of the control matrix to which rows of this version, through crosswalks whose
    /// relationship is too weak to decide, suggest an owner the user may accept in the matrix.
    #[serde(default)]
    pub suggested_rows: usize,
    /// Rows of SP 800-53 Rev 4 controls that Rev 5 withdrew, imported into an engagement with a
    /// Rev 5 framework in scope: how many reach their Rev 5 successors through the bundled
    /// Rev 4 to Rev 5 crosswalk, and those that have none, each with NIST's reason.
    #[serde(default)]
    pub rev4_carried: usize,
    #[serde(default)]
    pub rev4_without_successor: Vec<String>,
    /// Labels the engagement's remembered mappings resolved, and to what.
    pub mapped_labels: BTreeMap<String, Ownership>,
    /// Labels read as `provider` because they are the provider's name or an alias of it.
    pub provider_labels: Vec<String>,
    /// Per table: rows, label counts, labels still unmapped, warnings.
    pub tables: Vec<TableReport>,
    pub warnings: Vec<String>,
}

/// A label a person mapped for the engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LabelMapping {
    /// The label as the person gave it.
    pub label: String,
    pub owner: Ownership,
    pub set_at: String,
    pub set_by: String,
}

impl EngagementFile {
    /// Stores `matrix` (read by `demarc_import::read_matrix`) as the next version of the
    /// provider's matrix, in one transaction with one decision-log row. A service that is not
    /// in the engagement is refused by name and nothing is written.
    pub fn import_matrix(
        &mut self,
        mut matrix: Matrix,
        request: &MatrixImport,
        who: &str,
    ) -> Result<ImportReport> {
        let provider = request.provider.trim();
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        let services = self.import_services(provider, &request.services)?;
        // An unnamed profile read this file once and is not kept.
        let profile = request
            .profile
            .as_ref()
            .filter(|p| p.name.is_some())
            .map(crate::mapping_profiles::checked)
            .transpose()?;
        let mut mappings = self.label_map()?;
        for (label, owner) in &request.label_mappings {
            let key = fold(label);
            if key.is_empty() {
                return Err(StoreError::invalid("label", "a mapped label is empty"));
            }
            mappings.insert(key, *owner);
        }
        let mapped_labels = matrix.apply_label_mappings(&mappings);
        let provider_labels = matrix.apply_provider_name(provider);

        let inspected = InspectReport::from(&matrix);
        let mut warnings = matrix.warnings.clone();
        if services.is_empty() {
            warnings.push(format!(
                "the matrix applies to no service: the engagement has no service of {provider:?}; \
                 name services to apply it to"
            ));
        }
        let file_name = Path::new(&matrix.file)
            .file_name()
            .map_or_else(|| matrix.file.clone(), |n| n.to_string_lossy().into_owned());
        let rows: usize = matrix.tables.iter().map(|t| t.rows.len()).sum();
        if let Some(same) = self.version_with_sha(provider, &matrix.sha256)? {
            warnings.push(format!(
                "this file is identical to version {same} of {provider:?} (same sha256)"
            ));
        }

        let version = self.write(|tx| {
            for (label, owner) in &request.label_mappings {
                remember(tx, label, *owner, who)?;
            }
            if let Some((name, json)) = &profile {
                crate::mapping_profiles::save(tx, name, json, who)?;
            }
            let version: u32 = tx.query_row(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM provider_matrix WHERE provider = ?1",
                [provider],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO provider_matrix (provider, version, file_name, sha256, layout,
                 doc_title, doc_version, doc_date, imported_at, imported_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    provider,
                    version,
                    file_name,
                    matrix.sha256,
                    matrix.layout,
                    matrix.document.title,
                    matrix.document.version,
                    matrix.document.date,
                    now(),
                    who
                ],
            )?;
            let matrix_id = tx.last_insert_rowid();
            for (id, _) in &services {
                tx.execute(
                    "INSERT INTO provider_matrix_service (matrix_id, service_id) VALUES (?1, ?2)",
                    params![matrix_id, id],
                )?;
            }
            insert_tables(tx, matrix_id, &matrix)?;
            let about = Subject::ProviderMatrix {
                provider: provider.to_string(),
                version,
            };
            let imported = format!(
                "imported {file_name} (sha256 {}), {rows} rows",
                matrix.sha256
            );
            LogEntry::new(who, about)
                .values(None, Some(&imported))
                .append(tx)?;
            Ok(version)
        })?;

        let all = self.matrix(&MatrixFilter::default())?;
        let ours = |s: &ProviderSource| s.provider == provider && s.version == version;
        let matrix_rows = all
            .iter()
            .filter(|r| r.provider_source.as_ref().is_some_and(ours))
            .count();
        let crosswalk_rows = all
            .iter()
            .filter(|r| r.source == OwnerSource::Crosswalk)
            .filter(|r| {
                r.crosswalk
                    .as_ref()
                    .is_some_and(|c| c.trails.iter().any(|t| ours(&t.row.source)))
            })
            .count();
        let suggested_rows = all
            .iter()
            .filter(|r| r.source != OwnerSource::Crosswalk)
            .filter(|r| {
                r.crosswalk.as_ref().is_some_and(|c| {
                    c.suggested.is_some() && c.suggestions.iter().any(|t| ours(&t.row.source))
                })
            })
            .count();
        let rev5 = self
            .engagement()?
            .frameworks
            .iter()
            .any(|f| IdSpace::of(*f) == IdSpace::Nist80053R5);
        let (rev4_carried, rev4_without_successor) = if rev5 {
            withdrawn_rows(&matrix)
        } else {
            (0, Vec::new())
        };
        for lost in &rev4_without_successor {
            warnings.push(format!("withdrawn in Rev 5 with no successor: {lost}"));
        }
        Ok(ImportReport {
            provider: provider.to_string(),
            version,
            matrix_rows,
            crosswalk_rows,
            suggested_rows,
            rev4_carried,
            rev4_without_successor,
            file: file_name,
            sha256: matrix.sha256,
            layout: matrix.layout,
            document: matrix.document,
            services: services.into_iter().map(|(_, name)| name).collect(),
            rows,
            mapped_labels,
            provider_labels,
            tables: inspected.tables,
            warnings,
        })
    }

    /// Remembers what an unknown label means for this engagement; later imports apply it.
    pub fn remember_label(&mut self, label: &str, owner: Ownership, who: &str) -> Result<()> {
        if fold(label).is_empty() {
            return Err(StoreError::invalid("label", "the label is empty"));
        }
        self.write(|tx| Ok(remember(tx, label, owner, who)?))
    }

    /// Brings a framework into scope for the engagement and one service, so that a provider
    /// matrix keyed by that framework's control IDs (a FedRAMP CRM carries NIST IDs) shows in
    /// the service's control matrix. Logged; doing it twice changes nothing.
    pub fn add_framework(
        &mut self,
        service_id: i64,
        framework: Framework,
        who: &str,
    ) -> Result<()> {
        let service = self.service(service_id)?;
        if service.frameworks.contains(&framework)
            && self.engagement()?.frameworks.contains(&framework)
        {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO engagement_framework VALUES (?1)",
                [framework.id()],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO service_framework VALUES (?1, ?2)",
                params![service_id, framework.id()],
            )?;
            let about = Subject::Framework {
                service_id,
                service: service.name.clone(),
                framework,
            };
            LogEntry::new(who, about)
                .values(None, Some(framework.id()))
                .reason("in scope for an imported provider matrix")
                .append(tx)?;
            Ok(())
        })
    }

    /// The labels mapped for this engagement, in label order.
    pub fn label_mappings(&self) -> Result<Vec<LabelMapping>> {
        (|| {
            let mut stmt = self.conn.prepare(
                "SELECT original, ownership, set_at, set_by FROM label_mapping ORDER BY label",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(LabelMapping {
                    label: r.get(0)?,
                    owner: parse(1, &r.get::<_, String>(1)?, Ownership::from_id)?,
                    set_at: r.get(2)?,
                    set_by: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
        })()
        .map_err(|e| self.read_error(e))
    }

    /// The services a new import applies to, as (id, name): those named, or every service of
    /// the provider.
    fn import_services(&self, provider: &str, names: &[String]) -> Result<Vec<(i64, String)>> {
        let mut services: Vec<(i64, String)> = Vec::new();
        if names.is_empty() {
            let found = (|| {
                let mut stmt = self.conn.prepare(
                    "SELECT s.id, s.name FROM service s JOIN provider p ON p.id = s.provider_id
                     WHERE p.name = ?1 COLLATE NOCASE ORDER BY s.id",
                )?;
                let rows = stmt.query_map([provider], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<Vec<(i64, String)>>>()
            })()
            .map_err(|e| self.read_error(e))?;
            return Ok(found);
        }
        for name in names {
            let id = self.service_id(name)?;
            if !services.iter().any(|(s, _)| *s == id) {
                services.push((id, self.service(id)?.name));
            }
        }
        Ok(services)
    }

    /// The latest version of `provider`'s matrix imported from a file with this hash.
    fn version_with_sha(&self, provider: &str, sha256: &str) -> Result<Option<u32>> {
        self.conn
            .query_row(
                "SELECT MAX(version) FROM provider_matrix WHERE provider = ?1 AND sha256 = ?2",
                [provider, sha256],
                |r| r.get(0),
            )
            .map_err(|e| self.read_error(e))
    }

    fn label_map(&self) -> Result<HashMap<String, Ownership>> {
        Ok(self
            .label_mappings()?
            .into_iter()
            .map(|m| (fold(&m.label), m.owner))
            .collect())
    }
}

fn remember(tx: &Transaction, label: &str, owner: Ownership, who: &str) -> rusqlite::Result<()> {
    let key = fold(label);
    let before: Option<String> = tx
        .query_row(
            "SELECT ownership FROM label_mapping WHERE label = ?1",
            [&key],
            |r| r.get(0),
        )
        .optional()?;
    tx.execute(
        "INSERT INTO label_mapping (label, original, ownership, set_at, set_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (label) DO UPDATE SET original = ?2, ownership = ?3, set_at = ?4,
         set_by = ?5",
        params![key, label.trim(), owner.id(), now(), who],
    )?;
    let about = Subject::LabelMapping {
        label: label.trim().to_string(),
    };
    LogEntry::new(who, about)
        .values(before.as_deref(), Some(owner.id()))
        .append(tx)
}

fn insert_tables(tx: &Transaction, matrix_id: i64, matrix: &Matrix) -> rusqlite::Result<()> {
    let mut insert_row = tx.prepare_cached(
        "INSERT INTO provider_matrix_row (table_id, row_number, control_id,
         control_id_normalized, scope, label, ownership, label_known, ownership_columns,
         provider_narrative, customer_narrative, section, implementation, note, location,
         third_party)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (position, table) in matrix.tables.iter().enumerate() {
        tx.execute(
            "INSERT INTO provider_matrix_table (matrix_id, position, sheet, layout, title,
             header_first, header_last, id_column, provider_narrative_column,
             customer_narrative_column) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                matrix_id,
                position as i64,
                table.sheet,
                table.layout.id(),
                table.title,
                table.header_rows.0,
                table.header_rows.1,
                table.id_column.letter,
                table.provider_narrative_column.as_ref().map(|c| &c.letter),
                table.customer_narrative_column.as_ref().map(|c| &c.letter),
            ],
        )?;
        let table_id = tx.last_insert_rowid();
        for row in &table.rows {
            for value in &row.ownership {
                insert_row.execute(params![
                    table_id,
                    row.row,
                    row.control_id,
                    row.control_id_normalized,
                    value.scope,
                    value.original,
                    value.normalized.id(),
                    value.known,
                    value.columns.join(","),
                    row.provider_narrative,
                    row.customer_narrative,
                    row.section,
                    row.implementation,
                    row.note,
                    row.location,
                    value.third_party.map(|t| t.id()),
                ])?;
            }
        }
    }
    Ok(())
}

/// Of the rows of `matrix`'s SP 800-53 Rev 4 tables: how many are of controls Rev 5 withdrew
/// that reach a successor, and which (sheet, row, control and NIST's reason) reach none.
fn withdrawn_rows(matrix: &Matrix) -> (usize, Vec<String>) {
    let (mut carried, mut none) = (0, Vec::new());
    for table in &matrix.tables {
        let ids: Vec<&str> = table.rows.iter().map(|r| r.control_id.as_str()).collect();
        if IdSpace::of_table(table.layout, &ids) != Some(IdSpace::Nist80053R4) {
            continue;
        }
        for row in &table.rows {
            match rev5_successors(&row.control_id) {
                Some(s) if s.withdrawn && s.successors.is_empty() => none.push(format!(
                    "{} row {}, {}: {}",
                    table.sheet, row.row, row.control_id, s.reason
                )),
                Some(s) if s.withdrawn => carried += 1,
                _ => {}
            }
        }
    }
    (carried, none)
}
