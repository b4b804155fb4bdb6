//! The plan's people: the roles and parties of its metadata, from the engagement's preparer,
//! reviewers, approver, team (each with a name and a role) and the rows' owners, and the
//! responsible roles a statement names for its owner.

use std::collections::BTreeMap;

use demarc_core::Person;

use super::ids::Ids;
use super::model::{one_line, or, Party, ResponsibleParty, ResponsibleRole, Role};
use crate::ExportData;

/// The role a row owner takes when the engagement records no role for them.
pub(super) const CONTROL_OWNER: &str = "control-owner";

/// Roles and parties of the plan, and who each row owner is.
pub(super) struct People {
    pub roles: Vec<Role>,
    pub parties: Vec<Party>,
    pub responsible: Vec<ResponsibleParty>,
    /// A row owner's name, folded, to their role id and party UUID.
    owners: BTreeMap<String, (String, String)>,
}

/// An OSCAL token from a role's words: `Compliance lead` is `compliance-lead`.
fn role_id(title: &str) -> String {
    let mut id = String::new();
    for c in title.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    match id.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => id,
        Some(_) => format!("role-{id}"),
        None => CONTROL_OWNER.to_string(),
    }
}

impl People {
    fn role(&mut self, id: &str, title: &str) {
        if !self.roles.iter().any(|r| r.id == id) {
            self.roles.push(Role {
                id: id.to_string(),
                title: one_line(title),
            });
        }
    }

    fn person(&mut self, ids: &Ids, name: &str, role: &str) -> String {
        let uuid = ids.of(&format!("party\nperson\n{}", name.trim()));
        if !self.parties.iter().any(|q| q.uuid == uuid) {
            self.parties.push(Party {
                uuid: uuid.clone(),
                kind: "person",
                name: one_line(name),
                remarks: (!role.trim().is_empty()).then(|| role.trim().to_string()),
            });
        }
        uuid
    }

    fn responsible(&mut self, role: &str, party: String) {
        match self.responsible.iter_mut().find(|r| r.role_id == role) {
            Some(r) if !r.party_uuids.contains(&party) => r.party_uuids.push(party),
            Some(_) => {}
            None => self.responsible.push(ResponsibleParty {
                role_id: role.to_string(),
                party_uuids: vec![party],
            }),
        }
    }

    /// The responsible roles of a statement whose row names `owner`: the owner in the role the
    /// engagement records for them (else `control-owner`).
    pub fn responsible_roles(&self, owner: Option<&str>) -> Vec<ResponsibleRole> {
        owner
            .and_then(|o| self.owners.get(&o.trim().to_lowercase()))
            .map(|(role, party)| ResponsibleRole {
                role_id: role.clone(),
                party_uuids: vec![party.clone()],
            })
            .into_iter()
            .collect()
    }
}

/// The plan's people, `client` the system owner's party.
pub(super) fn people(data: &ExportData, ids: &Ids, client: Party) -> People {
    let e = &data.view.engagement;
    let mut p = People {
        roles: Vec::new(),
        parties: Vec::new(),
        responsible: Vec::new(),
        owners: BTreeMap::new(),
    };
    p.role("system-owner", "System owner");
    p.responsible("system-owner", client.uuid.clone());
    p.parties.push(client);
    let approver: Vec<Person> = data
        .sign_off
        .approval
        .iter()
        .filter(|_| !data.sign_off.is_draft())
        .map(|a| Person {
            name: a.approver.clone(),
            role: a.role.clone(),
        })
        .collect();
    let signers = [
        (
            "prepared-by",
            "Prepared by",
            e.preparer.iter().collect::<Vec<_>>(),
        ),
        ("content-approver", "Reviewer", e.reviewers.iter().collect()),
        ("approver", "Approver", approver.iter().collect()),
    ];
    // Who a name is, in the role the engagement gives them: the team first.
    let mut known: Vec<(String, String)> = data
        .team
        .iter()
        .map(|m| (m.name.clone(), m.role.clone()))
        .collect();
    for (role, title, persons) in signers {
        for person in persons.into_iter().filter(|x| !x.name.trim().is_empty()) {
            let uuid = p.person(ids, &person.name, &person.role);
            p.role(role, title);
            p.responsible(role, uuid);
            known.push((person.name.clone(), person.role.clone()));
        }
    }
    for m in data.team.iter().filter(|m| !m.name.trim().is_empty()) {
        let id = role_id(&m.role);
        let uuid = p.person(ids, &m.name, &m.role);
        p.role(&id, &or(&m.role, "Control owner"));
        p.responsible(&id, uuid);
    }
    let mut owners: Vec<&str> = data
        .rows
        .iter()
        .filter_map(|r| r.row_owner.as_deref())
        .filter(|o| !o.trim().is_empty())
        .collect();
    owners.sort_unstable();
    owners.dedup();
    for owner in owners {
        let role = known
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(owner.trim()))
            .map(|(_, role)| role.clone())
            .unwrap_or_default();
        let (id, title) = if role.trim().is_empty() {
            (CONTROL_OWNER.to_string(), "Control owner".to_string())
        } else {
            (role_id(&role), role.clone())
        };
        let uuid = p.person(ids, owner, &role);
        p.role(&id, &title);
        p.responsible(&id, uuid.clone());
        p.owners.insert(owner.trim().to_lowercase(), (id, uuid));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_become_tokens() {
        assert_eq!(role_id("Compliance lead"), "compliance-lead");
        assert_eq!(role_id("  Cloud  architect (AWS) "), "cloud-architect-aws");
        assert_eq!(role_id("3PAO liaison"), "role-3pao-liaison");
        assert_eq!(role_id("   "), CONTROL_OWNER);
    }
}
