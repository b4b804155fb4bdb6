//! The plan's control implementation: one implemented requirement per control, with one
//! by-component statement per service saying who does the work; an entity-level control has
//! one statement, of the "this system" component (the client's own).

use std::collections::BTreeMap;

use demarc_core::{Attestation, Framework, MatrixRow, Ownership};

use super::ids::{control_token, Ids};
use super::model::{
    or, ByComponent, Export, ImplementedRequirement, Inherited, Link, Prop, Responsibility,
    Satisfied, State, FEDRAMP_NS,
};
use super::people::People;
use super::reliance::leaning;
use crate::rows::{
    by_control, customer_part, evidence_text, provider_document, rationale, CLAIMED_INHERITED,
};
use crate::ExportData;

/// FedRAMP's control origination values of a statement, from the plan owner's side (this
/// plan is the customer's): its entity-level controls (policies, governance, people) are
/// `sp-corporate`, its own work for the system `sp-system`; the provider's is `inherited` only
/// when a leveraged FedRAMP authorization backs it (`by_fedramp`), since nothing else can be
/// inherited in FedRAMP's terms. A provider that holds no FedRAMP authorization is an external
/// service the plan owner answers for, so its part is `sp-system` too, the statement naming
/// the provider and the attestation behind it. An undecided row has no origination yet.
fn origination(owner: Ownership, by_fedramp: bool, entity: bool) -> &'static [&'static str] {
    match (owner, by_fedramp) {
        (Ownership::Undetermined, _) => &[],
        _ if entity => &["sp-corporate"],
        (Ownership::Shared, true) => &["sp-system", "inherited"],
        (Ownership::Inherited | Ownership::Provider, true) => &["inherited"],
        _ => &["sp-system"],
    }
}

/// One implemented requirement per control identifier, frameworks in their fixed order and
/// controls in matrix order; NIST SP 800-53 and FedRAMP rows of one control share it.
pub(super) fn requirements(
    data: &ExportData,
    ids: &Ids,
    people: &People,
) -> Vec<ImplementedRequirement> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<&MatrixRow>> = BTreeMap::new();
    for framework in Framework::ALL {
        for (control, rows) in by_control(&data.rows, framework) {
            let token = control_token(framework, control);
            let group = groups.entry(token.clone()).or_default();
            if group.is_empty() {
                order.push(token);
            }
            group.extend(rows);
        }
    }
    order
        .into_iter()
        .map(|token| {
            let rows = groups.remove(&token).unwrap_or_default();
            requirement(data, ids, people, token, &rows)
        })
        .collect()
}

fn push_unique(props: &mut Vec<Prop>, prop: Prop) {
    if !props.contains(&prop) {
        props.push(prop);
    }
}

fn requirement(
    data: &ExportData,
    ids: &Ids,
    people: &People,
    token: String,
    rows: &[&MatrixRow],
) -> ImplementedRequirement {
    let by_components: Vec<ByComponent> = rows
        .iter()
        .map(|r| by_component(data, ids, people, r))
        .collect();
    let mut props = Vec::new();
    let mut remarks = Vec::new();
    for r in rows {
        push_unique(&mut props, Prop::demarc("framework", r.framework.id()));
        push_unique(&mut props, Prop::demarc("control-id", &r.control_id));
        let line = format!("{} {}: {}", r.framework.label(), r.control_id, r.title);
        if !remarks.contains(&line) {
            remarks.push(line);
        }
    }
    // The control's originations and leveraged authorizations: those of its statements.
    for name in ["control-origination", "leveraged-authorization-uuid"] {
        for p in by_components.iter().flat_map(|b| &b.props) {
            if p.name == name && p.ns == Some(FEDRAMP_NS) {
                push_unique(&mut props, p.clone());
            }
        }
    }
    ImplementedRequirement {
        uuid: ids.of(&format!("implemented-requirement\n{token}")),
        control_id: token,
        props,
        by_components,
        remarks: remarks.join("\n"),
    }
}

fn by_component(data: &ExportData, ids: &Ids, people: &People, r: &MatrixRow) -> ByComponent {
    let key = match r.service_id {
        Some(id) => format!("{}\n{}\n{id}", r.framework.id(), r.control_id),
        None => format!("{}\n{}\nentity", r.framework.id(), r.control_id),
    };
    let provider = data
        .view
        .services
        .iter()
        .find(|s| Some(s.id) == r.service_id)
        .map_or("The provider", |s| s.provider.as_str());
    let service = r.service.as_deref().unwrap_or("the organisation");
    // What the provider's part leans on: the covering attestation, or the provider's
    // attestations that could cover it and why they do not.
    let leaning = leaning(data, r);
    let by_fedramp = leaning.by_fedramp();

    let mut props = vec![
        Prop::demarc("framework", r.framework.id()),
        Prop::demarc("ownership", r.owner.id()),
        Prop::demarc("owner-source", r.source.id()),
    ];
    if r.claimed_inherited {
        props.push(Prop::demarc("claim", "inherited-without-attestation"));
    }
    if r.service_id.is_none() {
        props.push(Prop::demarc("scope", r.scope.id()));
    }
    if let Some(label) = r.provider_label.as_deref().filter(|l| !l.trim().is_empty()) {
        props.push(Prop::demarc("provider-label", label));
    }
    for value in origination(r.owner, by_fedramp, r.service_id.is_none()) {
        props.push(Prop::fedramp("control-origination", value));
    }
    let mut links = Vec::new();
    match leaning.covering {
        Some(a) if by_fedramp => props.push(Prop::fedramp(
            "leveraged-authorization-uuid",
            &ids.authorization(a.id),
        )),
        Some(a) => links.push(Link::resource(&ids.resource(a.id))),
        None => links.extend(
            leaning
                .others
                .iter()
                .map(|(a, _)| Link::resource(&ids.resource(a.id))),
        ),
    }

    // What the provider does, when it does any of the work.
    let provider_part = matches!(
        r.owner,
        Ownership::Inherited | Ownership::Provider | Ownership::Shared
    )
    .then(|| {
        let part = if r.owner == Ownership::Shared {
            "implements its part of this control"
        } else {
            "implements this control"
        };
        let mut text = format!("{provider} {part} for {service}");
        if r.claimed_inherited {
            text = format!("{CLAIMED_INHERITED}: {text}");
        }
        match leaning.covering {
            Some(a) => text += &format!("; {} covers it.", a.label()),
            None => {
                text += &format!(
                    "; no current attestation covering {service} for {} is on file.",
                    r.framework.label()
                );
                for (a, why) in &leaning.others {
                    text += &format!(" {} is on file, but {why}.", a.label());
                }
            }
        }
        let document = provider_document(r);
        if !document.is_empty() {
            text += &format!(" Provider's matrix: {document}.");
        }
        text
    });

    let description = match r.owner {
        Ownership::Customer | Ownership::Shared => {
            customer_part(r).unwrap_or_else(|| rationale(r).into())
        }
        Ownership::NotApplicable => r
            .na_justification
            .clone()
            .unwrap_or_else(|| rationale(r).into()),
        // The provider's work with no leveraged authorization behind it is described here,
        // not inherited.
        Ownership::Inherited | Ownership::Provider if !by_fedramp => {
            let text = provider_part.clone().unwrap_or_default();
            format!("{text} {}", rationale(r)).trim().to_string()
        }
        _ => rationale(r).into(),
    };
    let description = or(&description, r.owner.label());

    let mut inherited = Vec::new();
    if let (Some(text), Some(a)) = (provider_part.filter(|_| by_fedramp), leaning.covering) {
        inherited.push(Inherited {
            uuid: ids.of(&format!("inherited\n{key}")),
            description: text,
            props: vec![Prop::fedramp(
                "leveraged-authorization-uuid",
                &ids.authorization(a.id),
            )],
        });
    }

    // A shared row leaves the customer a part: the statement names it as a responsibility
    // and the customer's answer satisfies that responsibility.
    let mut export = None;
    let mut satisfied = Vec::new();
    if r.owner == Ownership::Shared {
        let responsibility = ids.of(&format!("responsibility\n{key}"));
        let asked = if r.cuecs.is_empty() {
            format!("{provider}'s side of this control leaves a part to the customer.")
        } else {
            r.cuecs
                .iter()
                .map(|c| format!("CUEC {} of {}: {}", c.number, c.report, c.text))
                .collect::<Vec<_>>()
                .join("\n")
        };
        export = Some(Export {
            responsibilities: vec![Responsibility {
                uuid: responsibility.clone(),
                description: asked,
            }],
        });
        let reports: Vec<&str> = r.cuecs.iter().map(|c| c.report.as_str()).collect();
        satisfied.push(Satisfied {
            uuid: ids.of(&format!("satisfied\n{key}")),
            responsibility_uuid: responsibility,
            description: customer_part(r).unwrap_or_else(|| {
                "The customer's part of this shared control is not described yet.".into()
            }),
            remarks: (!reports.is_empty()).then(|| {
                format!(
                    "Complementary user entity controls of {}.",
                    reports.join(", ")
                )
            }),
        });
    }

    let implementation_status = status(r, leaning.covering);

    let mut remarks = Vec::new();
    let evidence = evidence_text(r);
    if !evidence.is_empty() {
        remarks.push(format!("Evidence:\n{evidence}"));
    }
    if let Some(owner) = &r.row_owner {
        remarks.push(format!("Owner: {owner}"));
    }
    if let Some(review) = &r.last_reviewed {
        remarks.push(format!("Last reviewed {} by {}", review.on, review.by));
    }

    ByComponent {
        component_uuid: r
            .service_id
            .map_or_else(|| ids.this_system(), |id| ids.service(id)),
        uuid: ids.of(&format!("by-component\n{key}")),
        description,
        props,
        links,
        implementation_status,
        export,
        inherited,
        satisfied,
        responsible_roles: people.responsible_roles(r.row_owner.as_deref()),
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n")),
    }
}

/// How far one side of a row (the provider's, the customer's) is shown done.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// The provider's part under a current covering attestation; the customer's with evidence
    /// that names its file and its date.
    Evidenced,
    /// Evidence recorded without a file or a date.
    Partly,
    Not,
}

/// The implementation status of a statement, from what is shown for each side the row has:
/// `not-applicable` for a row that does not apply, `planned` while nobody is decided;
/// otherwise `implemented` only when every side is evidenced (the customer's by evidence on
/// file, the provider's by a current covering attestation), `partial` when some of it is, and
/// `planned` when none is. The remarks say what is shown and what is missing.
fn status(r: &MatrixRow, covering: Option<&Attestation>) -> State {
    let mut notes: Vec<String> = Vec::new();
    let mut sides: Vec<Shown> = Vec::new();
    if matches!(
        r.owner,
        Ownership::Inherited | Ownership::Provider | Ownership::Shared
    ) {
        match covering {
            Some(a) => {
                notes.push(format!("The provider's part is covered by {}.", a.label()));
                sides.push(Shown::Evidenced);
            }
            None => {
                notes.push(
                    "The provider's part has no current attestation covering it on file.".into(),
                );
                sides.push(Shown::Not);
            }
        }
    }
    if matches!(r.owner, Ownership::Customer | Ownership::Shared) {
        let held = r
            .evidence
            .iter()
            .any(|e| e.date.is_some() && !e.location.trim().is_empty());
        let (shown, note) = match (r.evidence.is_empty(), held) {
            (true, _) => (
                Shown::Not,
                "No evidence of the customer's part is on file yet.",
            ),
            (false, true) => (
                Shown::Evidenced,
                "Evidence of the customer's part is on file.",
            ),
            (false, false) => (
                Shown::Partly,
                "Evidence of the customer's part is recorded without a file or a date.",
            ),
        };
        notes.push(note.into());
        sides.push(shown);
    }
    let (state, remarks) = match r.owner {
        Ownership::NotApplicable => ("not-applicable", r.na_justification.clone()),
        Ownership::Undetermined => (
            "planned",
            Some("Who implements this control is not decided yet.".into()),
        ),
        _ if sides.iter().all(|s| *s == Shown::Evidenced) => ("implemented", Some(notes.join(" "))),
        _ if sides.iter().any(|s| *s != Shown::Not) => ("partial", Some(notes.join(" "))),
        _ => ("planned", Some(notes.join(" "))),
    };
    State {
        state,
        remarks: remarks.filter(|r| !r.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn originations_follow_the_fedramp_values() {
        let allowed = [
            "sp-corporate",
            "sp-system",
            "customer-configured",
            "customer-provided",
            "inherited",
        ];
        for o in Ownership::ALL {
            for fedramp in [false, true] {
                for entity in [false, true] {
                    let values = origination(o, fedramp, entity);
                    assert!(values.iter().all(|v| allowed.contains(v)), "{o}");
                    assert_eq!(values.is_empty(), o == Ownership::Undetermined, "{o}");
                }
            }
        }
        assert_eq!(
            origination(Ownership::Shared, true, false),
            ["sp-system", "inherited"]
        );
        assert_eq!(origination(Ownership::Shared, false, false), ["sp-system"]);
        assert_eq!(
            origination(Ownership::Inherited, false, false),
            ["sp-system"]
        );
        assert_eq!(
            origination(Ownership::Inherited, true, false),
            ["inherited"]
        );
        assert_eq!(
            origination(Ownership::Customer, false, true),
            ["sp-corporate"]
        );
    }
}
