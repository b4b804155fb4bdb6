//! Crosswalks in the engagement: those imported from the user's own files (stored with every
//! pair's cell, each import logged), beside those bundled with Demarc. An imported ID that the
//! bundled catalog of its framework does not hold is listed and left out, like an ID that is no
//! ID at all.

use std::collections::{BTreeMap, HashSet};

use demarc_catalogs::{bundled_crosswalks, catalog};
use demarc_core::crosswalk::{
    Crosswalk, CrosswalkFile, CrosswalkIndex, CrosswalkKind, CrosswalkLayout, IdSpace, Origin,
    Pair, PairSource, Relation, Side, UnknownId, UnknownIds,
};
use demarc_core::{normalize_control_id, Subject};
use rusqlite::{params, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::clock::now;
use crate::log::LogEntry;
use crate::sql::{parse, unreadable};
use crate::{EngagementFile, Result, StoreError};

/// One crosswalk as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CrosswalkSummary {
    /// The stored crosswalk's id; `None` for a bundled one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub bundled: bool,
    /// The ID space ids (`csa_ccm_4`) and their names.
    pub source: String,
    pub source_label: String,
    pub target: String,
    pub target_label: String,
    pub kind: CrosswalkKind,
    pub origin: Origin,
    pub pairs: usize,
    /// Pairs per relationship (`subset_of`, a grade such as `No Gap`).
    pub relations: BTreeMap<String, usize>,
    /// Source controls the crosswalk names with no target.
    pub unmapped: usize,
    pub imported_at: Option<String>,
    pub imported_by: Option<String>,
}

/// Every crosswalk the engagement can use, and what is wrong among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CrosswalkList {
    pub crosswalks: Vec<CrosswalkSummary>,
    /// Cycles and contradictions between crosswalks, in words.
    pub problems: Vec<String>,
}

/// What an import of a crosswalk file stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CrosswalkImportReport {
    pub file: String,
    pub sha256: String,
    pub layout: CrosswalkLayout,
    /// The crosswalks stored.
    pub imported: Vec<CrosswalkSummary>,
    /// IDs left out: not IDs of their framework, or not in its bundled catalog.
    pub unknown: Vec<UnknownIds>,
    /// Crosswalks of the file already in the engagement (same file, same frameworks).
    pub already: Vec<String>,
    pub warnings: Vec<String>,
}

/// A stored crosswalk: its id, itself, and when and by whom it was imported.
type Stored = (i64, Crosswalk, (String, String));

impl EngagementFile {
    /// Stores the crosswalks read from a user's file (`demarc_import::read_crosswalks`), each
    /// with its pairs and their cells, in one transaction with one decision-log entry per
    /// crosswalk. IDs outside the bundled catalog of their framework are listed and left out;
    /// a crosswalk already imported from the same file is not stored twice. A file that gives
    /// nothing to store is refused (`file`), naming what was left out.
    pub fn import_crosswalks(
        &mut self,
        file: CrosswalkFile,
        who: &str,
    ) -> Result<CrosswalkImportReport> {
        let mut report = CrosswalkImportReport {
            file: file.file.clone(),
            sha256: file.sha256.clone(),
            layout: file.layout,
            imported: Vec::new(),
            unknown: file.unknown,
            already: Vec::new(),
            warnings: file.warnings,
        };
        let stored = self.stored_crosswalks()?;
        let mut to_store = Vec::new();
        for mut crosswalk in file.crosswalks {
            if let Some((id, _, _)) = stored.iter().find(|(_, c, _)| {
                c.origin.sha256 == crosswalk.origin.sha256
                    && c.source == crosswalk.source
                    && c.target == crosswalk.target
            }) {
                report.already.push(format!(
                    "{} is already in the engagement (crosswalk #{id}, same file)",
                    crosswalk.name
                ));
                continue;
            }
            report.unknown.extend(keep_catalog_ids(&mut crosswalk));
            if !crosswalk.pairs.is_empty() {
                to_store.push(crosswalk);
            }
        }
        if to_store.is_empty() {
            if !report.already.is_empty() {
                return Ok(report);
            }
            let left_out: Vec<String> = report.unknown.iter().map(UnknownIds::text).collect();
            return Err(StoreError::invalid(
                "file",
                format!(
                    "{} holds no pair of known control IDs; nothing was imported{}",
                    report.file,
                    if left_out.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", left_out.join("; "))
                    }
                ),
            ));
        }
        let layout = report.layout.id();
        let at = now();
        let ids = self.write(|tx| {
            let mut ids = Vec::new();
            for crosswalk in &to_store {
                let id = insert(tx, crosswalk, layout, &at, who)?;
                let imported = format!(
                    "imported {} (sha256 {}), {} pairs from {} to {}",
                    crosswalk.origin.file,
                    crosswalk.origin.sha256,
                    crosswalk.pairs.len(),
                    crosswalk.source.label(),
                    crosswalk.target.label()
                );
                LogEntry::new(
                    who,
                    Subject::Crosswalk {
                        crosswalk_id: id,
                        name: crosswalk.name.clone(),
                    },
                )
                .values(None, Some(&imported))
                .append(tx)?;
                ids.push(id);
            }
            Ok(ids)
        })?;
        for (id, crosswalk) in ids.into_iter().zip(&to_store) {
            report
                .imported
                .push(summary(crosswalk, Some((id, at.clone(), who.to_string()))));
        }
        Ok(report)
    }

    /// The crosswalks imported into this engagement, in import order, with their pairs.
    pub fn crosswalks(&self) -> Result<Vec<Crosswalk>> {
        Ok(self
            .stored_crosswalks()?
            .into_iter()
            .map(|(_, c, _)| c)
            .collect())
    }

    /// Every crosswalk the engagement can use (bundled first, then imported) with its source,
    /// licence and pair counts, and the cycles and contradictions among them.
    pub fn crosswalk_list(&self) -> Result<CrosswalkList> {
        let stored = self.stored_crosswalks()?;
        let mut all: Vec<Crosswalk> = bundled_crosswalks().to_vec();
        all.extend(stored.iter().map(|(_, c, _)| c.clone()));
        let problems = CrosswalkIndex::new(&all)
            .problems()
            .iter()
            .map(|p| p.text())
            .collect();
        let mut crosswalks: Vec<CrosswalkSummary> = bundled_crosswalks()
            .iter()
            .map(|c| summary(c, None))
            .collect();
        crosswalks.extend(
            stored
                .into_iter()
                .map(|(id, c, (at, by))| summary(&c, Some((id, at, by)))),
        );
        Ok(CrosswalkList {
            crosswalks,
            problems,
        })
    }

    /// The stored crosswalks with their ids and who imported them when.
    fn stored_crosswalks(&self) -> Result<Vec<Stored>> {
        (|| {
            let mut stmt = self.conn.prepare(
                "SELECT id, name, source, target, kind, file_name, sha256, publisher, version,
                 licence, imported_at, imported_by FROM crosswalk ORDER BY id",
            )?;
            let heads = stmt
                .query_map([], |r| {
                    let space = |i: usize| -> rusqlite::Result<IdSpace> {
                        let id: String = r.get(i)?;
                        IdSpace::recognise(&id)
                            .ok_or_else(|| unreadable(i, format!("unknown ID space {id:?}")))
                    };
                    Ok((
                        r.get::<_, i64>(0)?,
                        Crosswalk {
                            name: r.get(1)?,
                            source: space(2)?,
                            target: space(3)?,
                            kind: parse(4, &r.get::<_, String>(4)?, CrosswalkKind::from_id)?,
                            origin: Origin {
                                file: r.get(5)?,
                                sha256: r.get(6)?,
                                publisher: r.get(7)?,
                                version: r.get(8)?,
                                licence: r.get(9)?,
                                also: Vec::new(),
                            },
                            pairs: Vec::new(),
                            unmapped: Vec::new(),
                        },
                        (r.get(10)?, r.get(11)?),
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut pairs = self.conn.prepare(
                "SELECT source_id, target_id, relationship, grade, sheet, row_number,
                 column_letters, note FROM crosswalk_pair WHERE crosswalk_id = ?1 ORDER BY id",
            )?;
            let mut out = Vec::new();
            for (id, mut crosswalk, imported) in heads {
                crosswalk.pairs = pairs
                    .query_map([id], |r| {
                        let kind: String = r.get(2)?;
                        let grade: Option<String> = r.get(3)?;
                        Ok(Pair {
                            source: r.get(0)?,
                            target: r.get(1)?,
                            relation: Relation::from_kind(&kind, grade.as_deref()).ok_or_else(
                                || unreadable(2, format!("unknown relationship {kind:?}")),
                            )?,
                            at: PairSource {
                                sheet: r.get(4)?,
                                row: r.get(5)?,
                                column: r.get(6)?,
                            },
                            note: r.get(7)?,
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                out.push((id, crosswalk, imported));
            }
            Ok(out)
        })()
        .map_err(|e| self.read_error(e))
    }
}

fn insert(
    tx: &Transaction,
    crosswalk: &Crosswalk,
    layout: &str,
    at: &str,
    who: &str,
) -> rusqlite::Result<i64> {
    let o = &crosswalk.origin;
    tx.execute(
        "INSERT INTO crosswalk (name, source, target, kind, layout, file_name, sha256, publisher,
         version, licence, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            crosswalk.name,
            crosswalk.source.id(),
            crosswalk.target.id(),
            crosswalk.kind.id(),
            layout,
            o.file,
            o.sha256,
            o.publisher,
            o.version,
            o.licence,
            at,
            who
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert_pair = tx.prepare_cached(
        "INSERT INTO crosswalk_pair (crosswalk_id, source_id, target_id, relationship, grade,
         sheet, row_number, column_letters, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for p in &crosswalk.pairs {
        let grade = match &p.relation {
            Relation::Graded { grade, .. } => Some(grade.as_str()),
            _ => None,
        };
        insert_pair.execute(params![
            id,
            p.source,
            p.target,
            p.relation.kind_id(),
            grade,
            p.at.sheet,
            p.at.row.max(1),
            p.at.column,
            p.note
        ])?;
    }
    Ok(id)
}

fn summary(c: &Crosswalk, stored: Option<(i64, String, String)>) -> CrosswalkSummary {
    let (id, imported_at, imported_by) = match stored {
        Some((id, at, by)) => (Some(id), Some(at), Some(by)),
        None => (None, None, None),
    };
    CrosswalkSummary {
        id,
        name: c.name.clone(),
        bundled: id.is_none(),
        source: c.source.id(),
        source_label: c.source.label(),
        target: c.target.id(),
        target_label: c.target.label(),
        kind: c.kind,
        origin: c.origin.clone(),
        pairs: c.pairs.len(),
        relations: c.relation_counts().into_iter().collect(),
        unmapped: c.unmapped.len(),
        imported_at,
        imported_by,
    }
}

/// The controls a space's bundled catalog holds, normalized; `None` for a space without one.
/// SP 800-53 Rev 4's are the Rev 4 controls of the bundled Rev 4 to Rev 5 crosswalk.
fn catalog_ids(space: &IdSpace) -> Option<HashSet<String>> {
    if *space == IdSpace::Nist80053R4 {
        let revision = bundled_crosswalks()
            .iter()
            .find(|c| c.source == IdSpace::Nist80053R4 && c.kind == CrosswalkKind::Revision)?;
        return Some(
            revision
                .pairs
                .iter()
                .map(|p| p.source.as_str())
                .chain(revision.unmapped.iter().map(|u| u.source.as_str()))
                .filter_map(|id| space.normalize(id))
                .collect(),
        );
    }
    let frameworks = space.frameworks();
    if frameworks.is_empty() {
        return None;
    }
    Some(
        frameworks
            .into_iter()
            .flat_map(|f| catalog(f).controls.iter())
            .map(|c| normalize_control_id(&c.id))
            .collect(),
    )
}

/// Leaves out the pairs whose source or target the bundled catalog of its framework does not
/// hold (a statement part counts as its control), and lists them.
fn keep_catalog_ids(crosswalk: &mut Crosswalk) -> Vec<UnknownIds> {
    let sides = [
        (Side::Source, crosswalk.source.clone()),
        (Side::Target, crosswalk.target.clone()),
    ];
    let mut unknown = Vec::new();
    for (side, space) in sides {
        let Some(known) = catalog_ids(&space) else {
            continue;
        };
        let mut left_out = UnknownIds {
            crosswalk: crosswalk.name.clone(),
            side,
            framework: format!("the bundled {} catalog", space.label()),
            count: 0,
            first: Vec::new(),
        };
        crosswalk.pairs.retain(|p| {
            let written = match side {
                Side::Source => &p.source,
                Side::Target => &p.target,
            };
            let held = space.normalize(written).is_some_and(|id| {
                let control = space.parent(&id).unwrap_or_else(|| id.clone());
                known.contains(&id) || known.contains(&control)
            });
            if !held {
                left_out.count += 1;
                if left_out.first.len() < UnknownIds::KEPT {
                    left_out.first.push(UnknownId {
                        id: written.trim().to_string(),
                        at: p.at.clone(),
                    });
                }
            }
            held
        });
        if left_out.count > 0 {
            unknown.push(left_out);
        }
    }
    unknown
}
