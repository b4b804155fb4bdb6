//! The engagement's own details: client, scope, frameworks, audit window and people.

use demarc_core::{Engagement, EngagementView, Framework, Person};
use rusqlite::{params, Connection, Transaction};

use crate::sql::{parse, parse_date};
use crate::{EngagementFile, Result};

impl EngagementFile {
    pub fn engagement(&self) -> Result<Engagement> {
        read_engagement(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Replaces the engagement's details (client, scope, frameworks, window, people). The
    /// document version is left alone: it moves only with `bump_version` and `approve`.
    pub fn update_engagement(&mut self, e: &Engagement) -> Result<()> {
        e.validate()?;
        self.write(|tx| {
            tx.execute(
                "UPDATE engagement SET client = ?1, name = ?2, scope = ?3, audit_start = ?4,
                 audit_end = ?5, locale = ?6 WHERE id = 1",
                params![
                    e.client,
                    e.name,
                    e.scope,
                    e.audit_start.map(|d| d.to_string()),
                    e.audit_end.map(|d| d.to_string()),
                    e.locale,
                ],
            )?;
            tx.execute("DELETE FROM engagement_framework", [])?;
            for f in &e.frameworks {
                tx.execute(
                    "INSERT OR IGNORE INTO engagement_framework VALUES (?1)",
                    [f.id()],
                )?;
            }
            write_people(tx, e.preparer.as_ref(), &e.reviewers)?;
            Ok(())
        })
    }

    /// The engagement and its services, as the UI and `demarc show` present them.
    pub fn view(&self) -> Result<EngagementView> {
        Ok(EngagementView {
            engagement: self.engagement()?,
            services: self.services()?,
        })
    }
}

fn read_engagement(conn: &Connection) -> rusqlite::Result<Engagement> {
    let mut e = conn.query_row(
        "SELECT client, name, scope, audit_start, audit_end, document_version, locale, sample
         FROM engagement WHERE id = 1",
        [],
        |r| {
            Ok(Engagement {
                client: r.get(0)?,
                name: r.get(1)?,
                scope: r.get(2)?,
                frameworks: Vec::new(),
                audit_start: parse_date(3, r.get(3)?)?,
                audit_end: parse_date(4, r.get(4)?)?,
                document_version: r.get(5)?,
                preparer: None,
                reviewers: Vec::new(),
                locale: r.get(6)?,
                sample: r.get(7)?,
            })
        },
    )?;
    let mut stmt = conn.prepare("SELECT framework FROM engagement_framework ORDER BY framework")?;
    for f in stmt.query_map([], |r| r.get::<_, String>(0))? {
        e.frameworks.push(parse(0, &f?, Framework::from_id)?);
    }
    e.frameworks.sort();
    let mut stmt =
        conn.prepare("SELECT kind, name, role FROM engagement_person ORDER BY position")?;
    let people = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Person {
                name: r.get(1)?,
                role: r.get(2)?,
            },
        ))
    })?;
    for p in people {
        match p? {
            (kind, person) if kind == "preparer" => e.preparer = Some(person),
            (_, person) => e.reviewers.push(person),
        }
    }
    Ok(e)
}

/// Replaces the engagement's people: the preparer first, then the reviewers in order.
pub(crate) fn write_people(
    tx: &Transaction,
    preparer: Option<&Person>,
    reviewers: &[Person],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM engagement_person", [])?;
    let people = preparer
        .map(|p| ("preparer", p))
        .into_iter()
        .chain(reviewers.iter().map(|p| ("reviewer", p)));
    for (position, (kind, p)) in people.enumerate() {
        tx.execute(
            "INSERT INTO engagement_person (kind, position, name, role)
             VALUES (?1, ?2, ?3, ?4)",
            params![kind, position as i64, p.name.trim(), p.role.trim()],
        )?;
    }
    Ok(())
}
