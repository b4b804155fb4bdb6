//! The engagement's scoping profile per framework: read, and set as a logged, undoable change.
//! What the profile decides (which rows apply) is the core's and the catalogs' applicability
//! table; the matrix applies it on every read.

use demarc_core::{Framework, ScopingProfile, Subject};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::log::LogEntry;
use crate::sql::unreadable;
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// The recorded profiles, in the order of `ScopingProfile::FRAMEWORKS`.
    pub fn scoping_profiles(&self) -> Result<Vec<ScopingProfile>> {
        read_profiles(&self.conn).map_err(|e| self.read_error(e))
    }

    /// The profile of `framework`, or `None` while it is not answered.
    pub fn scoping_profile(&self, framework: Framework) -> Result<Option<ScopingProfile>> {
        Ok(self
            .scoping_profiles()?
            .into_iter()
            .find(|p| p.framework() == framework))
    }

    /// Records the profile of its framework, replacing the one before; logged and undoable.
    /// Contradicting answers are refused, naming the field. Returns the profile as stored.
    pub fn set_scoping_profile(
        &mut self,
        profile: &ScopingProfile,
        who: &str,
    ) -> Result<ScopingProfile> {
        let profile = profile.checked()?;
        if let ScopingProfile::PciDss(p) = &profile {
            let services = self.services()?;
            let named = |field: &str, id: i64| {
                services
                    .iter()
                    .find(|s| s.id == id)
                    .ok_or_else(|| StoreError::invalid(field, format!("no service #{id}")))
            };
            for id in &p.payment_page_services {
                let s = named("payment_page_services", *id)?;
                if !s.frameworks.contains(&Framework::PciDss) {
                    return Err(StoreError::invalid(
                        "payment_page_services",
                        format!("{} is not in PCI DSS scope", s.name),
                    ));
                }
            }
            for n in &p.service_scope {
                let s = named("service_scope", n.service_id)?;
                let pci = s.frameworks.contains(&Framework::PciDss);
                if pci != n.scope.in_scope() {
                    let message = if pci {
                        format!(
                            "{} is in PCI DSS scope (its frameworks): give it an in-scope \
                             category, or take PCI DSS off the service",
                            s.name
                        )
                    } else {
                        format!(
                            "{} is not in PCI DSS scope (its frameworks): add PCI DSS to the \
                             service, or mark it out of scope",
                            s.name
                        )
                    };
                    return Err(StoreError::invalid("service_scope", message));
                }
            }
        }
        let framework = profile.framework();
        let before = self.scoping_profile(framework)?;
        if before.as_ref() == Some(&profile) {
            return Ok(profile);
        }
        let names = self.service_names()?;
        let names = |id: i64| names.get(&id).cloned();
        self.write(|tx| {
            let replaced = Target::Scoping { framework }.snapshot(tx)?;
            write_profile(tx, framework, Some(&profile))?;
            LogEntry::new(who, Subject::ScopingProfile { framework })
                .values(
                    before.as_ref().map(|p| p.summary(&names)).as_deref(),
                    Some(&profile.summary(&names)),
                )
                .undoable(&replaced, None)
                .append(tx)?;
            Ok(())
        })?;
        Ok(profile)
    }
}

impl EngagementFile {
    /// Every service's name by id, for the words a person reads (a scoping profile names its
    /// services by id).
    pub fn service_names(&self) -> Result<std::collections::BTreeMap<i64, String>> {
        service_names(&self.conn).map_err(|e| self.read_error(e))
    }
}

pub(crate) fn service_names(
    conn: &Connection,
) -> rusqlite::Result<std::collections::BTreeMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, name FROM service")?;
    let names = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

pub(crate) fn read_profiles(conn: &Connection) -> rusqlite::Result<Vec<ScopingProfile>> {
    let mut stmt = conn.prepare("SELECT profile FROM scoping_profile")?;
    let mut profiles = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|json| decode(&json?))
        .collect::<rusqlite::Result<Vec<ScopingProfile>>>()?;
    profiles.sort_by_key(|p| {
        ScopingProfile::FRAMEWORKS
            .iter()
            .position(|f| *f == p.framework())
    });
    Ok(profiles)
}

/// The profile of `framework` in the transaction, for a snapshot.
pub(crate) fn read_profile(
    tx: &Transaction,
    framework: Framework,
) -> rusqlite::Result<Option<ScopingProfile>> {
    tx.query_row(
        "SELECT profile FROM scoping_profile WHERE framework = ?1",
        [framework.id()],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .map(|json| decode(&json))
    .transpose()
}

/// Stores the profile of `framework`, or with `None` removes it (not answered).
pub(crate) fn write_profile(
    tx: &Transaction,
    framework: Framework,
    profile: Option<&ScopingProfile>,
) -> rusqlite::Result<()> {
    match profile {
        Some(p) => {
            let json = serde_json::to_string(p)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            tx.execute(
                "INSERT INTO scoping_profile (framework, profile) VALUES (?1, ?2)
                 ON CONFLICT (framework) DO UPDATE SET profile = excluded.profile",
                params![framework.id(), json],
            )?
        }
        None => tx.execute(
            "DELETE FROM scoping_profile WHERE framework = ?1",
            [framework.id()],
        )?,
    };
    Ok(())
}

fn decode(json: &str) -> rusqlite::Result<ScopingProfile> {
    serde_json::from_str(json).map_err(|e| unreadable(0, format!("scoping profile: {e}")))
}
