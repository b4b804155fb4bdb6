//! The plan's control implementation: one implemented requirement per control, with one
//! by-component statement per service saying who does the work; an entity-level control has
//! one statement, of the "this system" component (the client's own).

use std::collections::BTreeMap;

use demarc_core::{
    covering_attestation, AttestationKind, AttestationRef, Framework, MatrixRow, Ownership,
};

use super::ids::{control_token, Ids};
use super::model::{
    or, ByComponent, Export, ImplementedRequirement, Inherited, Link, Prop, Responsibility,
    Satisfied, State, FEDRAMP_NS,
};
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
pub(super) fn requirements(data: &ExportData, ids: &Ids) -> Vec<ImplementedRequirement> {
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
            requirement(data, ids, token, &rows)
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
    token: String,
    rows: &[&MatrixRow],
) -> ImplementedRequirement {
    let by_components: Vec<ByComponent> = rows.iter().map(|r| by_component(data, ids, r)).collect();
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

fn by_component(data: &ExportData, ids: &Ids, r: &MatrixRow) -> ByComponent {
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
    // The attestation the provider's part leans on: the row's own, or for a shared row the one
    // that would make the provider's part inherited.
    let leaning = match r.owner {
        Ownership::Inherited | Ownership::Provider => r.attestation.clone(),
        Ownership::Shared => r.service.as_deref().and_then(|service| {
            covering_attestation(
                &data.attestations,
                service,
                r.framework,
                &r.control_id,
                data.generated_at.date(),
            )
            .map(|a| a.reference())
        }),
        _ => None,
    }
    .filter(|a| a.kind != AttestationKind::Baa);

    let by_fedramp = leaning
        .as_ref()
        .is_some_and(|a| a.kind == AttestationKind::Fedramp);

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
    match &leaning {
        Some(a) if by_fedramp => props.push(Prop::fedramp(
            "leveraged-authorization-uuid",
            &ids.authorization(a.id),
        )),
        Some(a) => links.push(Link::resource(&ids.resource(a.id))),
        None => {}
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
        match &leaning {
            Some(a) => text += &format!("; {} covers it.", a.label),
            None => {
                text += &format!(
                    "; no current attestation covering {service} for {} is on file.",
                    r.framework.label()
                )
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
    if let Some(text) = provider_part.filter(|_| by_fedramp) {
        inherited.push(Inherited {
            uuid: ids.of(&format!("inherited\n{key}")),
            description: text,
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

    let implementation_status = status(r, leaning.as_ref());

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
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n")),
    }
}

/// Where the row's implementation stands, in the OSCAL and FedRAMP values, with remarks that
/// say what the map knows: not applicable (why); planned only while nobody is decided to
/// implement it; otherwise implemented by whoever the row names, the remarks saying what is
/// still missing for an assessor (a current attestation of the provider's part, evidence of
/// the customer's). Missing evidence is a gap to close, not a control still to implement.
fn status(r: &MatrixRow, leaning: Option<&AttestationRef>) -> State {
    let mut notes: Vec<String> = Vec::new();
    let provider_side = matches!(
        r.owner,
        Ownership::Inherited | Ownership::Provider | Ownership::Shared
    );
    if provider_side {
        match leaning {
            Some(a) => notes.push(format!("The provider's part is covered by {}.", a.label)),
            None => notes
                .push("The provider's part has no current attestation covering it on file.".into()),
        }
    }
    if matches!(r.owner, Ownership::Customer | Ownership::Shared) {
        let held = r
            .evidence
            .iter()
            .any(|e| e.date.is_some() && !e.location.trim().is_empty());
        notes.push(match (r.evidence.is_empty(), held) {
            (true, _) => "No evidence of the customer's part is on file yet.".into(),
            (false, true) => "Evidence of the customer's part is on file.".into(),
            (false, false) => {
                "Evidence of the customer's part is recorded without a file or a date.".into()
            }
        });
    }
    let (state, remarks) = match r.owner {
        Ownership::NotApplicable => ("not-applicable", r.na_justification.clone()),
        Ownership::Undetermined => (
            "planned",
            Some("Who implements this control is not decided yet.".into()),
        ),
        _ => ("implemented", Some(notes.join(" "))),
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
