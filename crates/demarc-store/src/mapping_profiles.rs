//! The column-mapping profiles saved in the engagement, by name: what a person told the
//! importer about a layout Demarc does not recognise, kept for the next file of that layout.

use demarc_core::imported::MappingProfile;
use demarc_core::Subject;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::clock::now;
use crate::log::LogEntry;
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Saves `profile` under its name, replacing one of the same name (names compare without
    /// case); logged.
    pub fn save_mapping_profile(&mut self, profile: &MappingProfile, who: &str) -> Result<()> {
        let (name, json) = checked(profile)?;
        self.write(|tx| Ok(save(tx, &name, &json, who)?))
    }

    /// The profiles saved in the engagement, by name.
    pub fn mapping_profiles(&self) -> Result<Vec<MappingProfile>> {
        let texts = (|| {
            let mut stmt = self
                .conn
                .prepare("SELECT name, profile FROM mapping_profile ORDER BY name")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<(String, String)>>>()
        })()
        .map_err(|e| self.read_error(e))?;
        texts
            .into_iter()
            .map(|(name, text)| {
                let mut profile = MappingProfile::from_json(&text).map_err(|e| {
                    StoreError::invalid(
                        "profile",
                        format!(
                            "the saved mapping profile {name:?} cannot be read: {}",
                            e.message
                        ),
                    )
                })?;
                profile.name = Some(name);
                Ok(profile)
            })
            .collect()
    }
}

/// The profile's name and JSON, refused without a name or when it contradicts itself.
pub(crate) fn checked(profile: &MappingProfile) -> Result<(String, String)> {
    profile.check()?;
    let name = profile
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| StoreError::invalid("name", "a saved mapping profile needs a name"))?
        .to_string();
    let named = MappingProfile {
        name: Some(name.clone()),
        ..profile.clone()
    };
    let json =
        serde_json::to_string(&named).map_err(|e| StoreError::invalid("profile", e.to_string()))?;
    Ok((name, json))
}

/// Saves a checked profile inside a transaction, logging what it replaced.
pub(crate) fn save(tx: &Transaction, name: &str, json: &str, who: &str) -> rusqlite::Result<()> {
    let before: Option<String> = tx
        .query_row(
            "SELECT profile FROM mapping_profile WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if before.as_deref() == Some(json) {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO mapping_profile (name, profile, saved_at, saved_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO UPDATE SET name = ?1, profile = ?2, saved_at = ?3, saved_by = ?4",
        params![name, json, now(), who],
    )?;
    LogEntry::new(
        who,
        Subject::MappingProfile {
            name: name.to_string(),
        },
    )
    .values(before.as_deref(), Some(json))
    .append(tx)
}
