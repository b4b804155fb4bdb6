//! What the app ships of others' work, with the terms of each: the sources of the bundled
//! catalogs and crosswalks, read from the metadata at the head of each data file (the controls
//! and pairs are skipped, not kept), and of the provider matrices the demo imports.

use demarc_core::Framework;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::catalog_json;
use crate::crosswalks::BUNDLED_JSON;
use crate::provider_matrices::shipped_matrices;

/// One bundled data set: what it is, which publication it was made from and the terms it is
/// shipped under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundledSource {
    /// What it is, in words: "SOC 2 catalog".
    pub name: String,
    /// The publication and its version.
    pub version: String,
    /// The file it was generated from.
    pub source: String,
    /// The terms it is shipped under, and what is left out because of them.
    pub terms: String,
}

/// The head of a catalog file; serde skips the controls without keeping them.
#[derive(Deserialize)]
struct Head {
    version: String,
    source: String,
    licence: String,
}

/// The head of a crosswalk file: its name and where it came from.
#[derive(Deserialize)]
struct CrosswalkHead {
    name: String,
    origin: Origin,
}

#[derive(Deserialize)]
struct Origin {
    file: String,
    publisher: String,
    version: Option<String>,
    licence: String,
}

/// The sources of every bundled catalog, in the frameworks' order, then of every bundled
/// crosswalk, in `BUNDLED_FILES` order, then of every shipped provider matrix.
pub fn bundled_sources() -> Vec<BundledSource> {
    let mut sources = catalog_sources();
    sources.extend(BUNDLED_JSON.iter().map(|json| {
        match serde_json::from_str::<CrosswalkHead>(json) {
            Ok(head) => BundledSource {
                name: format!("{} crosswalk", head.name),
                version: head.origin.version.unwrap_or_default(),
                source: format!("{}, {}", head.origin.publisher, head.origin.file),
                terms: head.origin.licence,
            },
            Err(e) => BundledSource {
                name: "crosswalk".into(),
                version: String::new(),
                source: String::new(),
                terms: format!("unreadable crosswalk metadata: {e}"),
            },
        }
    }));
    sources.extend(shipped_matrices().iter().map(|m| {
        let o = &m.origin;
        BundledSource {
            name: format!("{} (provider matrix of the demo)", m.name),
            version: o.version.clone(),
            source: format!(
                "{}, {}, {} at commit {} ({}, sha256 {})",
                m.provider, o.repository, o.path, o.commit, o.file, o.sha256
            ),
            terms: format!("{}. {}", o.licence, o.attribution),
        }
    }));
    sources
}

fn catalog_sources() -> Vec<BundledSource> {
    Framework::ALL
        .iter()
        .map(|&framework| {
            // The files are generated and checked by the tests; a malformed one is a build
            // defect, shown rather than hidden.
            let head: Head =
                serde_json::from_str(catalog_json(framework)).unwrap_or_else(|e| Head {
                    version: String::new(),
                    source: String::new(),
                    licence: format!("unreadable catalog metadata: {e}"),
                });
            BundledSource {
                name: format!("{} catalog", framework.label()),
                version: head.version,
                source: head.source,
                terms: head.licence,
            }
        })
        .collect()
}
