//! Setting up the engagement at any time: its client, scope statement, audit window, people,
//! locale and the frameworks in its scope. Each change is logged and is one undo step.

use chrono::NaiveDate;
use demarc_core::{
    check_locale, Engagement, EngagementField, Framework, FrameworkRemoval, MatrixFilter, Person,
    Subject,
};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::engagement::write_people;
use crate::log::{next_batch, LogEntry};
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

/// One of the engagement's details as stored, enough to put it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Details {
    /// The client, with the engagement's name (which follows the client while it is the
    /// default one).
    Client {
        client: String,
        name: String,
    },
    Scope(String),
    AuditWindow {
        start: Option<String>,
        end: Option<String>,
    },
    /// The preparer (when there is one) and the reviewers, as (name, role).
    People {
        preparer: Option<(String, String)>,
        reviewers: Vec<(String, String)>,
    },
    Locale(String),
}

impl Details {
    /// The detail in a person's words: `2026-01-01 to 2026-12-31`, `Dana (Consultant)`.
    pub(crate) fn words(&self) -> String {
        match self {
            Details::Client { client, .. } => client.clone(),
            Details::Scope(s) if s.is_empty() => "empty".to_string(),
            Details::Scope(s) => format!("{:?}", shortened(s)),
            Details::AuditWindow { start, end } => window_words(start, end),
            Details::People {
                preparer,
                reviewers,
            } => {
                let named: Vec<String> = preparer
                    .iter()
                    .chain(reviewers)
                    .map(|(name, role)| match role.is_empty() {
                        true => name.clone(),
                        false => format!("{name} ({role})"),
                    })
                    .collect();
                if named.is_empty() {
                    "nobody".to_string()
                } else {
                    named.join(", ")
                }
            }
            Details::Locale(l) if l.is_empty() => "the system's".to_string(),
            Details::Locale(l) => l.clone(),
        }
    }
}

fn shortened(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn window_words(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (None, None) => "not set".to_string(),
        (s, e) => format!(
            "{} to {}",
            s.as_deref().unwrap_or("?"),
            e.as_deref().unwrap_or("?")
        ),
    }
}

/// The stored value of `field`.
pub(crate) fn read_details(conn: &Connection, field: EngagementField) -> rusqlite::Result<Details> {
    let column = |c: &str| -> rusqlite::Result<String> {
        conn.query_row(
            &format!("SELECT {c} FROM engagement WHERE id = 1"),
            [],
            |r| r.get(0),
        )
    };
    Ok(match field {
        EngagementField::Client => Details::Client {
            client: column("client")?,
            name: column("name")?,
        },
        EngagementField::Scope => Details::Scope(column("scope")?),
        EngagementField::Locale => Details::Locale(column("locale")?),
        EngagementField::AuditWindow => {
            let (start, end) = conn.query_row(
                "SELECT audit_start, audit_end FROM engagement WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Details::AuditWindow { start, end }
        }
        EngagementField::People => {
            let mut stmt =
                conn.prepare("SELECT kind, name, role FROM engagement_person ORDER BY position")?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?;
            let (mut preparer, mut reviewers) = (None, Vec::new());
            for row in rows {
                match row? {
                    (kind, p) if kind == "preparer" => preparer = Some(p),
                    (_, p) => reviewers.push(p),
                }
            }
            Details::People {
                preparer,
                reviewers,
            }
        }
    })
}

/// Stores a detail as `details` has it.
pub(crate) fn write_details(tx: &Transaction, details: &Details) -> rusqlite::Result<()> {
    let person = |(name, role): &(String, String)| Person {
        name: name.clone(),
        role: role.clone(),
    };
    match details {
        Details::Client { client, name } => tx.execute(
            "UPDATE engagement SET client = ?1, name = ?2 WHERE id = 1",
            params![client, name],
        )?,
        Details::Scope(scope) => {
            tx.execute("UPDATE engagement SET scope = ?1 WHERE id = 1", [scope])?
        }
        Details::Locale(locale) => {
            tx.execute("UPDATE engagement SET locale = ?1 WHERE id = 1", [locale])?
        }
        Details::AuditWindow { start, end } => tx.execute(
            "UPDATE engagement SET audit_start = ?1, audit_end = ?2 WHERE id = 1",
            params![start, end],
        )?,
        Details::People {
            preparer,
            reviewers,
        } => {
            let reviewers: Vec<Person> = reviewers.iter().map(person).collect();
            write_people(tx, preparer.as_ref().map(person).as_ref(), &reviewers)?;
            0
        }
    };
    Ok(())
}

/// Whether the engagement has `framework` in scope, and the services in scope for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct InScope {
    pub(crate) engaged: bool,
    pub(crate) services: Vec<i64>,
}

pub(crate) fn read_in_scope(conn: &Connection, framework: Framework) -> rusqlite::Result<InScope> {
    let engaged = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM engagement_framework WHERE framework = ?1)",
        [framework.id()],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT service_id FROM service_framework WHERE framework = ?1 ORDER BY service_id",
    )?;
    let services = stmt
        .query_map([framework.id()], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(InScope { engaged, services })
}

/// Puts `framework` in or out of the engagement's scope, and in scope for exactly the services
/// listed (those removed since are left out).
pub(crate) fn write_in_scope(
    tx: &Transaction,
    framework: Framework,
    state: &InScope,
) -> rusqlite::Result<()> {
    if state.engaged {
        tx.execute(
            "INSERT OR IGNORE INTO engagement_framework VALUES (?1)",
            [framework.id()],
        )?;
    } else {
        tx.execute(
            "DELETE FROM engagement_framework WHERE framework = ?1",
            [framework.id()],
        )?;
    }
    tx.execute(
        "DELETE FROM service_framework WHERE framework = ?1",
        [framework.id()],
    )?;
    for id in &state.services {
        tx.execute(
            "INSERT INTO service_framework (service_id, framework)
             SELECT id, ?2 FROM service WHERE id = ?1",
            params![id, framework.id()],
        )?;
    }
    Ok(())
}

impl EngagementFile {
    /// Names the client. The engagement's name follows while it is the default one.
    pub fn set_client(&mut self, client: &str, who: &str) -> Result<Engagement> {
        let client = client.trim();
        let e = self.engagement()?;
        if client.is_empty() {
            return Err(StoreError::invalid("client", "the client's name is empty"));
        }
        let name = if e.name == Engagement::new(&e.client).name {
            Engagement::new(client).name
        } else {
            e.name.clone()
        };
        let next = Details::Client {
            client: client.to_string(),
            name,
        };
        self.change_details(EngagementField::Client, next, who)
    }

    /// Sets the scope statement (what the engagement covers, as the exports print it).
    pub fn set_scope(&mut self, scope: &str, who: &str) -> Result<Engagement> {
        self.change_details(
            EngagementField::Scope,
            Details::Scope(scope.trim().to_string()),
            who,
        )
    }

    /// Sets the audit window (either end may stay open); refused when it ends before it
    /// starts.
    pub fn set_audit_window(
        &mut self,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        who: &str,
    ) -> Result<Engagement> {
        // The window alone is checked: nothing else recorded can refuse it.
        let mut e = Engagement::new("window");
        e.audit_start = start;
        e.audit_end = end;
        e.validate()?;
        let next = Details::AuditWindow {
            start: start.map(|d| d.to_string()),
            end: end.map(|d| d.to_string()),
        };
        self.change_details(EngagementField::AuditWindow, next, who)
    }

    /// Sets the locale whose date style the app shows (`en-GB`); empty for the system's.
    pub fn set_locale(&mut self, locale: &str, who: &str) -> Result<Engagement> {
        let locale = locale.trim();
        check_locale(locale)?;
        self.change_details(
            EngagementField::Locale,
            Details::Locale(locale.to_string()),
            who,
        )
    }

    /// Replaces the people: the preparer (if any) and the reviewers, in order. A person
    /// without a name is refused.
    pub fn set_people(
        &mut self,
        preparer: Option<&Person>,
        reviewers: &[Person],
        who: &str,
    ) -> Result<Engagement> {
        for p in preparer.into_iter().chain(reviewers) {
            p.validate()?;
        }
        let pair = |p: &Person| (p.name.trim().to_string(), p.role.trim().to_string());
        let next = Details::People {
            preparer: preparer.map(pair),
            reviewers: reviewers.iter().map(pair).collect(),
        };
        self.change_details(EngagementField::People, next, who)
    }

    /// One undoable change of the engagement's details; nothing is logged when nothing changes.
    fn change_details(
        &mut self,
        field: EngagementField,
        next: Details,
        who: &str,
    ) -> Result<Engagement> {
        let before = read_details(&self.conn, field).map_err(|e| self.read_error(e))?;
        if before == next {
            return self.engagement();
        }
        self.write(|tx| {
            let replaced = Target::Engagement { field }.snapshot(tx)?;
            write_details(tx, &next)?;
            LogEntry::new(who, Subject::Engagement { field })
                .values(Some(&before.words()), Some(&next.words()))
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        self.engagement()
    }

    /// Brings a framework into the engagement's scope, for every service; one undo step. A
    /// framework already in scope is left as it is.
    pub fn add_engagement_framework(&mut self, framework: Framework, who: &str) -> Result<()> {
        if self.engagement()?.frameworks.contains(&framework) {
            return Ok(());
        }
        self.write(|tx| {
            let replaced = Target::InScope { framework }.snapshot(tx)?;
            let mut stmt = tx.prepare("SELECT id FROM service ORDER BY id")?;
            let services = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            drop(stmt);
            let count = services.len();
            write_in_scope(
                tx,
                framework,
                &InScope {
                    engaged: true,
                    services,
                },
            )?;
            LogEntry::new(who, Subject::InScope { framework })
                .values(None, Some(&format!("in scope for {count} services")))
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })
    }

    /// What taking `framework` out of the engagement's scope would take with it.
    pub fn framework_removal(&self, framework: Framework) -> Result<FrameworkRemoval> {
        if !self.engagement()?.frameworks.contains(&framework) {
            return Err(StoreError::invalid(
                "framework",
                format!("{} is not in the engagement's scope", framework.label()),
            ));
        }
        let services: Vec<_> = self
            .services()?
            .into_iter()
            .filter(|s| s.frameworks.contains(&framework))
            .collect();
        let rows = self.matrix(&MatrixFilter {
            framework: Some(framework),
            ..MatrixFilter::default()
        })?;
        let count = |sql: &str| -> rusqlite::Result<u32> {
            self.conn.query_row(sql, [framework.id()], |r| r.get(0))
        };
        let (kept_decisions, kept_evidence) = (|| {
            Ok::<_, rusqlite::Error>((
                count(
                    "SELECT COUNT(*) FROM control_row WHERE framework = ?1
                     AND (override_owner IS NOT NULL OR customer_part IS NOT NULL
                          OR row_owner IS NOT NULL OR reviewed_by IS NOT NULL
                          OR na_justification IS NOT NULL)",
                )?,
                count("SELECT COUNT(*) FROM control_evidence WHERE framework = ?1")?,
            ))
        })()
        .map_err(|e| self.read_error(e))?;
        Ok(FrameworkRemoval {
            framework,
            services: services.into_iter().map(|s| s.name).collect(),
            rows: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            kept_decisions,
            kept_evidence,
            scoping_answered: self.scoping_profile(framework)?.is_some(),
        })
    }

    /// Takes `framework` out of the engagement's scope and out of every service's; what people
    /// recorded on its rows and its scoping answers stay in the file, and come back with it.
    /// One undo step. Returns what it took.
    pub fn remove_engagement_framework(
        &mut self,
        framework: Framework,
        who: &str,
    ) -> Result<FrameworkRemoval> {
        let taken = self.framework_removal(framework)?;
        self.write(|tx| {
            let replaced = Target::InScope { framework }.snapshot(tx)?;
            write_in_scope(
                tx,
                framework,
                &InScope {
                    engaged: false,
                    services: Vec::new(),
                },
            )?;
            LogEntry::new(who, Subject::InScope { framework })
                .values(Some(&taken.summary()), Some("removed"))
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        Ok(taken)
    }
}
