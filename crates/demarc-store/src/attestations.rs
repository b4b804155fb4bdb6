//! Attestations as stored: read back with the services they cover, and what the decision log
//! says of them.

use demarc_core::{Attestation, AttestationDetails, AttestationKind, ScopeOverride, Subject};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::clock::now;
use crate::sql::{parse, unreadable};

/// An attestation as stored, with the services it covers (ids), as undo keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AttestationRecord {
    pub(crate) provider_id: i64,
    pub(crate) kind: String,
    pub(crate) details: String,
    pub(crate) created_at: String,
    pub(crate) services: Vec<i64>,
    /// The services covered outside the document's stated scope, with the reason.
    #[serde(default)]
    pub(crate) outside: Vec<(i64, String)>,
}

/// What a decision about attestation `a` is about.
pub(crate) fn subject(a: &Attestation) -> Subject {
    Subject::Attestation {
        provider: a.provider.clone(),
        attestation_id: a.id,
        attestation: a.kind(),
    }
}

/// What the decision log keeps of an attestation: its label and the services it covers, a
/// BAA's eligible services it does not name included (it covers them by reference, as the
/// matrix and the register read it).
pub(crate) fn summary(a: &Attestation) -> String {
    let mut text = format!("{}; covers {}", a.label(), a.services.join(", "));
    if let AttestationDetails::Baa(b) = &a.details {
        let by_reference: Vec<&str> = b
            .eligible_services
            .iter()
            .map(|s| s.trim())
            .filter(|e| !a.services.iter().any(|s| s.trim().eq_ignore_ascii_case(e)))
            .collect();
        if !by_reference.is_empty() {
            text += &format!(
                ", and as eligible services by reference {}",
                by_reference.join(", ")
            );
        }
    }
    text
}

/// The summary of attestation `id` as stored now.
pub(crate) fn summary_of(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    read_one(conn, id).map(|a| summary(&a))
}

/// The row to store for `details`, of provider `provider_id`, covering `services` (each with
/// the reason it is covered outside the document's scope, if it is).
pub(crate) fn record(
    details: &AttestationDetails,
    provider_id: i64,
    services: &[(i64, Option<String>)],
) -> rusqlite::Result<AttestationRecord> {
    Ok(AttestationRecord {
        provider_id,
        kind: details.kind().id().to_string(),
        details: serde_json::to_string(details)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        created_at: now(),
        services: services.iter().map(|(id, _)| *id).collect(),
        outside: services
            .iter()
            .filter_map(|(id, why)| why.clone().map(|w| (*id, w)))
            .collect(),
    })
}

pub(crate) fn read_one(conn: &Connection, id: i64) -> rusqlite::Result<Attestation> {
    read_attestations(conn, Some(id))?
        .pop()
        .ok_or(rusqlite::Error::QueryReturnedNoRows)
}

pub(crate) fn read_attestations(
    conn: &Connection,
    only: Option<i64>,
) -> rusqlite::Result<Vec<Attestation>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, p.name, a.kind, a.details FROM attestation a
         JOIN provider p ON p.id = a.provider_id
         WHERE ?1 IS NULL OR a.id = ?1
         ORDER BY p.name COLLATE NOCASE, a.id",
    )?;
    let heads = stmt
        .query_map([only], |r| {
            let kind = parse(2, &r.get::<_, String>(2)?, AttestationKind::from_id)?;
            let text: String = r.get(3)?;
            let details: AttestationDetails =
                serde_json::from_str(&text).map_err(|e| unreadable(3, e.to_string()))?;
            if details.kind() != kind {
                return Err(unreadable(
                    3,
                    format!(
                        "attestation of kind {} holds {}",
                        kind.id(),
                        details.kind().id()
                    ),
                ));
            }
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, details))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut names = conn.prepare_cached(
        "SELECT s.name, x.outside_reason FROM attestation_service x
         JOIN service s ON s.id = x.service_id
         WHERE x.attestation_id = ?1 ORDER BY s.id",
    )?;
    heads
        .into_iter()
        .map(|(id, provider, details)| {
            let covered = names
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<(String, Option<String>)>>>()?;
            Ok(Attestation {
                id,
                provider,
                outside_scope: covered
                    .iter()
                    .filter_map(|(service, why)| {
                        why.clone().map(|reason| ScopeOverride {
                            service: service.clone(),
                            reason,
                        })
                    })
                    .collect(),
                services: covered.into_iter().map(|(s, _)| s).collect(),
                details,
            })
        })
        .collect()
}
