//! The client's complementary subservice organization controls (CSOCs), listed per provider:
//! what the client's own report expects each provider to do.

use demarc_catalogs::catalog;
use demarc_core::{Csoc, Framework, NewCsoc, Subject};
use rusqlite::Connection;

use crate::clock::now;
use crate::log::{required_reason, LogEntry};
use crate::sql::{provider_id, unreadable};
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Every CSOC, by provider then in the order they were listed.
    pub fn csocs(&self) -> Result<Vec<Csoc>> {
        read_csocs(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Lists a CSOC for a provider of the engagement, with the client's SOC 2 criteria it
    /// supports.
    pub fn add_csoc(&mut self, csoc: &NewCsoc, who: &str) -> Result<Csoc> {
        let provider = csoc.provider.trim();
        let text = csoc.text.trim();
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        let known = self
            .services()?
            .iter()
            .any(|s| s.provider.eq_ignore_ascii_case(provider));
        if !known {
            return Err(StoreError::invalid(
                "provider",
                format!("no service of the engagement is provided by {provider:?}"),
            ));
        }
        if text.is_empty() {
            return Err(StoreError::invalid("text", "the control is empty"));
        }
        let soc2 = &catalog(Framework::Soc2).controls;
        let mut criteria: Vec<String> = Vec::new();
        for g in csoc
            .criteria
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            let c = soc2
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(g))
                .ok_or_else(|| {
                    StoreError::invalid("criteria", format!("{g:?} is not a SOC 2 criterion"))
                })?;
            if !criteria.contains(&c.id) {
                criteria.push(c.id.clone());
            }
        }
        let json = serde_json::to_string(&criteria)
            .map_err(|e| StoreError::invalid("criteria", e.to_string()))?;
        let id = self.write(|tx| {
            let pid = provider_id(tx, provider)?;
            tx.execute(
                "INSERT INTO csoc (provider_id, text, criteria, created_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![pid, text, json, now()],
            )?;
            let id = tx.last_insert_rowid();
            let name: String =
                tx.query_row("SELECT name FROM provider WHERE id = ?1", [pid], |r| r.get(0))?;
            LogEntry::new(who, Subject::Csoc { provider: name, csoc_id: id })
                .values(None, Some(&show(text, &criteria)))
                .append(tx)?;
            Ok(id)
        })?;
        self.csocs()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::invalid("csoc", "the control was not recorded"))
    }

    /// Takes a CSOC off the list; the reason is recorded.
    pub fn remove_csoc(&mut self, id: i64, reason: &str, who: &str) -> Result<()> {
        let reason = required_reason(reason)?;
        let csoc = self
            .csocs()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::invalid("csoc", format!("no CSOC #{id}")))?;
        self.write(|tx| {
            tx.execute("DELETE FROM csoc WHERE id = ?1", [id])?;
            LogEntry::new(
                who,
                Subject::Csoc {
                    provider: csoc.provider.clone(),
                    csoc_id: id,
                },
            )
            .values(Some(&show(&csoc.text, &csoc.criteria)), None)
            .reason(reason)
            .append(tx)?;
            Ok(())
        })
    }
}

fn show(text: &str, criteria: &[String]) -> String {
    if criteria.is_empty() {
        text.to_string()
    } else {
        format!("{text} ({})", criteria.join(", "))
    }
}

fn read_csocs(conn: &Connection) -> rusqlite::Result<Vec<Csoc>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, p.name, c.text, c.criteria FROM csoc c JOIN provider p ON p.id = c.provider_id
         ORDER BY p.name COLLATE NOCASE, c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let criteria: String = r.get(3)?;
        Ok(Csoc {
            id: r.get(0)?,
            provider: r.get(1)?,
            text: r.get(2)?,
            criteria: serde_json::from_str(&criteria).map_err(|e| unreadable(3, e.to_string()))?,
        })
    })?;
    rows.collect()
}
