//! The engagement's team: the people items and tasks are given to. Each change is logged and
//! one undo step; removing a person leaves their items unassigned, and undo gives them back.

use demarc_core::plan::TeamMember;
use demarc_core::Subject;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::log::{next_batch, LogEntry};
use crate::undoable::Target;
use crate::{EngagementFile, Result, StoreError};

/// A team member as stored, with the items given to them (item id, due date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PersonRow {
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) items: Vec<(String, Option<String>)>,
}

impl EngagementFile {
    /// The team, by name.
    pub fn team(&self) -> Result<Vec<TeamMember>> {
        read_team(&self.conn).map_err(|e| self.read_error(e))
    }

    /// The team member named `name` (without case), or the refusal naming the field.
    pub fn team_member(&self, name: &str) -> Result<TeamMember> {
        self.team()?
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                StoreError::invalid(
                    "owner",
                    format!("no one on the team is named {:?}", name.trim()),
                )
            })
    }

    /// Adds a person to the team; a name already there is refused.
    pub fn add_team_member(&mut self, name: &str, role: &str, who: &str) -> Result<TeamMember> {
        let (name, role) = TeamMember::checked(name, role)?;
        self.refuse_taken(&name, None)?;
        let id = self.write(|tx| {
            let id: i64 = tx.query_row(
                "SELECT coalesce(max(id), 0) + 1 FROM team_member",
                [],
                |r| r.get(0),
            )?;
            let replaced = Target::TeamMember { person_id: id }.snapshot(tx)?;
            let row = PersonRow {
                name: name.clone(),
                role: role.clone(),
                items: Vec::new(),
            };
            write_person(tx, id, Some(&row))?;
            LogEntry::new(who, subject(id, &name))
                .values(None, Some(&format!("{name} ({role})")))
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(id)
        })?;
        Ok(TeamMember { id, name, role })
    }

    /// Renames a team member or changes their role; their items follow them.
    pub fn edit_team_member(
        &mut self,
        person_id: i64,
        name: &str,
        role: &str,
        who: &str,
    ) -> Result<TeamMember> {
        let (name, role) = TeamMember::checked(name, role)?;
        let before = self.member_by_id(person_id)?;
        self.refuse_taken(&name, Some(person_id))?;
        if before.name == name && before.role == role {
            return Ok(before);
        }
        self.write(|tx| {
            let replaced = Target::TeamMember { person_id }.snapshot(tx)?;
            tx.execute(
                "UPDATE team_member SET name = ?1, role = ?2 WHERE id = ?3",
                params![name, role, person_id],
            )?;
            LogEntry::new(who, subject(person_id, &name))
                .values(
                    Some(&format!("{} ({})", before.name, before.role)),
                    Some(&format!("{name} ({role})")),
                )
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })?;
        self.member_by_id(person_id)
    }

    /// Takes a person off the team; what they were given is left unassigned (due dates kept).
    pub fn remove_team_member(&mut self, person_id: i64, who: &str) -> Result<()> {
        let before = self.member_by_id(person_id)?;
        self.write(|tx| {
            let replaced = Target::TeamMember { person_id }.snapshot(tx)?;
            write_person(tx, person_id, None)?;
            LogEntry::new(who, subject(person_id, &before.name))
                .values(Some(&format!("{} ({})", before.name, before.role)), None)
                .undoable(&replaced, Some(next_batch(tx)?))
                .append(tx)?;
            Ok(())
        })
    }

    fn member_by_id(&self, person_id: i64) -> Result<TeamMember> {
        self.team()?
            .into_iter()
            .find(|p| p.id == person_id)
            .ok_or_else(|| StoreError::invalid("person", format!("no team member #{person_id}")))
    }

    fn refuse_taken(&self, name: &str, except: Option<i64>) -> Result<()> {
        let taken = self
            .team()?
            .into_iter()
            .any(|p| Some(p.id) != except && p.name.eq_ignore_ascii_case(name));
        if taken {
            return Err(StoreError::invalid(
                "name",
                format!("{name:?} is on the team already"),
            ));
        }
        Ok(())
    }
}

fn subject(person_id: i64, name: &str) -> Subject {
    Subject::TeamMember {
        person_id,
        name: name.to_string(),
    }
}

pub(crate) fn read_team(conn: &Connection) -> rusqlite::Result<Vec<TeamMember>> {
    let mut stmt =
        conn.prepare("SELECT id, name, role FROM team_member ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], |r| {
        Ok(TeamMember {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
        })
    })?;
    rows.collect()
}

pub(crate) fn read_person(tx: &Transaction, person_id: i64) -> rusqlite::Result<Option<PersonRow>> {
    let found: Option<(String, String)> = tx
        .query_row(
            "SELECT name, role FROM team_member WHERE id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((name, role)) = found else {
        return Ok(None);
    };
    let mut stmt = tx.prepare(
        "SELECT item_id, due FROM plan_assignment WHERE person_id = ?1 ORDER BY item_id",
    )?;
    let items = stmt
        .query_map([person_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, Option<String>)>>>()?;
    Ok(Some(PersonRow { name, role, items }))
}

/// Puts a team member as `row` has them, items and all; with `None` takes them off the team,
/// their items left unassigned.
pub(crate) fn write_person(
    tx: &Transaction,
    person_id: i64,
    row: Option<&PersonRow>,
) -> rusqlite::Result<()> {
    match row {
        Some(p) => {
            tx.execute(
                "INSERT INTO team_member (id, name, role) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role",
                params![person_id, p.name, p.role],
            )?;
            for (item, due) in &p.items {
                tx.execute(
                    "INSERT INTO plan_assignment (item_id, person_id, due) VALUES (?1, ?2, ?3)
                     ON CONFLICT (item_id) DO UPDATE SET person_id = excluded.person_id",
                    params![item, person_id, due],
                )?;
            }
        }
        None => {
            tx.execute(
                "DELETE FROM plan_assignment WHERE person_id = ?1 AND due IS NULL",
                [person_id],
            )?;
            tx.execute(
                "UPDATE plan_assignment SET person_id = NULL WHERE person_id = ?1",
                [person_id],
            )?;
            tx.execute("DELETE FROM team_member WHERE id = ?1", [person_id])?;
        }
    }
    Ok(())
}
