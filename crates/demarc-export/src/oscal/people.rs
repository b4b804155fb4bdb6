//! The plan's people: the roles and parties of its metadata, from the engagement's preparer,
//! reviewers, approver, team (each with a name and a role) and the rows' owners, and the
//! responsible roles a statement names for its owner. A row owner may name several people
//! (`Marcus Oyelaran, Priya Raman`, as the owners of a row's CUECs are joined): each is a party
//! of their own, in their own role.

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
    /// A row owner as written, folded, to the role id and party UUID of each person it names.
    owners: BTreeMap<String, Vec<(String, String)>>,
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

    /// The responsible roles of a statement whose row names `owner`: each person it names in
    /// the role the engagement records for them (else `control-owner`), one entry a role.
    pub fn responsible_roles(&self, owner: Option<&str>) -> Vec<ResponsibleRole> {
        let mut out: Vec<ResponsibleRole> = Vec::new();
        let named = owner.and_then(|o| self.owners.get(&o.trim().to_lowercase()));
        for (role, party) in named.into_iter().flatten() {
            match out.iter_mut().find(|r| &r.role_id == role) {
                Some(r) => r.party_uuids.push(party.clone()),
                None => out.push(ResponsibleRole {
                    role_id: role.clone(),
                    party_uuids: vec![party.clone()],
                }),
            }
        }
        out
    }
}

/// The people a row owner names: the parts between commas or semicolons when each is a
/// person the engagement knows or a name of several words, else the owner as written (a
/// `Raman, Priya` stays one person).
fn persons<'a>(owner: &'a str, known: &[(String, String)]) -> Vec<&'a str> {
    let parts: Vec<&str> = owner.split([',', ';']).map(str::trim).collect();
    let is_person = |part: &str| {
        part.contains(char::is_whitespace)
            || known
                .iter()
                .any(|(name, _)| name.trim().eq_ignore_ascii_case(part))
    };
    if parts.len() > 1 && parts.iter().all(|p| !p.is_empty() && is_person(p)) {
        parts
    } else {
        vec![owner.trim()]
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
        let mut named = Vec::new();
        for person in persons(owner, &known) {
            let role = known
                .iter()
                .find(|(name, _)| name.trim().eq_ignore_ascii_case(person))
                .map(|(_, role)| role.clone())
                .unwrap_or_default();
            let (id, title) = if role.trim().is_empty() {
                (CONTROL_OWNER.to_string(), "Control owner".to_string())
            } else {
                (role_id(&role), role.clone())
            };
            let uuid = p.person(ids, person, &role);
            p.role(&id, &title);
            p.responsible(&id, uuid.clone());
            named.push((id, uuid));
        }
        p.owners.insert(owner.trim().to_lowercase(), named);
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

    #[test]
    fn an_owner_of_several_names_is_several_people() {
        let known = [("Priya".to_string(), "Compliance lead".to_string())];
        assert_eq!(
            persons("Marcus Oyelaran, Priya Raman", &known),
            ["Marcus Oyelaran", "Priya Raman"]
        );
        assert_eq!(persons("Marcus; Priya", &known), ["Marcus; Priya"]);
        assert_eq!(
            persons("Priya; Lena Ortiz", &known),
            ["Priya", "Lena Ortiz"]
        );
        assert_eq!(persons("Raman, Priya", &known), ["Raman, Priya"]);
        assert_eq!(persons(" Dana ", &known), ["Dana"]);
    }
}
