//! The plan's control implementation: one implemented requirement per control, with one
//! by-component statement per service saying who does the work (an entity-level control has
//! one statement, of the "this system" component, the client's own), and, where the services
//! provide something the client inherits or leave it a part, one statement of the client's
//! own "this system" component answering them.
//!
//! The two sides are kept apart as OSCAL's leveraging model has them: a service's statement
//! is what the provider's component does (`export.provided`) and leaves to the client
//! (`export.responsibilities`, each naming the provided entry it follows from); the client's
//! statement inherits what a leveraged FedRAMP authorization backs (`inherited`, naming the
//! provided entry and the authorization) and answers each responsibility whose part it has
//! written (`satisfied`, naming the responsibility). A responsibility with no customer part
//! written yet is left unanswered, and the service's statement says so in its status.

use std::collections::BTreeMap;

use demarc_core::{Framework, MatrixRow, Ownership};

use super::ids::{control_token, Ids};
use super::model::{
    or, ByComponent, Export, ImplementedRequirement, Inherited, Link, Prop, Provided,
    Responsibility, Satisfied, State, FEDRAMP_NS,
};
use super::people::People;
use super::reliance::{leaning, Leaning};
use crate::rows::{
    by_control, customer_part, evidence_text, provider_document, rationale, CLAIMED_INHERITED,
};
use crate::ExportData;

/// FedRAMP's control origination values of a row, from the plan owner's side (this plan is
/// the customer's): its entity-level controls (policies, governance, people) are
/// `sp-corporate`, its own work for the system (a customer row, its part of a shared row)
/// `sp-system`; the provider's part is `inherited` only when a leveraged FedRAMP authorization
/// backs it (`by_fedramp`). The part of a provider without a FedRAMP authorization has none:
/// no FedRAMP value is true of an external service that is neither the plan owner's nor
/// authorized, so its statement names the provider and what it relies on instead. An
/// undecided row has no origination yet.
fn origination(owner: Ownership, by_fedramp: bool, entity: bool) -> &'static [&'static str] {
    match (owner, by_fedramp) {
        (Ownership::Undetermined, _) => &[],
        _ if entity => &["sp-corporate"],
        (Ownership::Shared, true) => &["sp-system", "inherited"],
        (Ownership::Shared, false) => &["sp-system"],
        (Ownership::Inherited | Ownership::Provider, true) => &["inherited"],
        (Ownership::Inherited | Ownership::Provider, false) => &[],
        (Ownership::Customer | Ownership::NotApplicable, _) => &["sp-system"],
    }
}

/// The originations of a service's own statement: the row's, but for the client's part of a
/// shared row, which the client's statement carries.
fn service_origination(
    owner: Ownership,
    by_fedramp: bool,
    entity: bool,
) -> &'static [&'static str] {
    match (owner, by_fedramp) {
        (Ownership::Shared, true) => &["inherited"],
        (Ownership::Shared, false) => &[],
        _ => origination(owner, by_fedramp, entity),
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

/// What the rows of a control ask of the client's statement: the provider parts it
/// inherits, the responsibilities it answers, each with how far it is shown, and the services
/// whose responsibility has no customer part written yet.
#[derive(Default)]
struct Answers {
    inherited: Vec<Inherited>,
    satisfied: Vec<(Satisfied, Shown)>,
    unanswered: Vec<String>,
}

fn requirement(
    data: &ExportData,
    ids: &Ids,
    people: &People,
    token: String,
    rows: &[&MatrixRow],
) -> ImplementedRequirement {
    let mut answers = Answers::default();
    let mut by_components: Vec<ByComponent> = rows
        .iter()
        .map(|r| by_component(data, ids, people, r, &mut answers))
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
    // The control's originations: those of its rows, the client's part of a shared row
    // included whether or not it is written yet.
    for r in rows {
        let by_fedramp = leaning(data, r).by_fedramp();
        for value in origination(r.owner, by_fedramp, r.service_id.is_none()) {
            push_unique(&mut props, Prop::fedramp("control-origination", value));
        }
    }
    if let Some(client) = client_statement(data, ids, &token, answers) {
        by_components.push(client);
    }
    for p in by_components.iter().flat_map(|b| &b.props) {
        if p.name == "leveraged-authorization-uuid" && p.ns == Some(FEDRAMP_NS) {
            push_unique(&mut props, p.clone());
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

/// The client's own statement of a control, on the "this system" component: what it inherits
/// from the services' leveraged FedRAMP authorizations and how it answers the responsibilities
/// they leave it; none when there is neither.
fn client_statement(
    data: &ExportData,
    ids: &Ids,
    token: &str,
    answers: Answers,
) -> Option<ByComponent> {
    let Answers {
        inherited,
        satisfied,
        unanswered,
    } = answers;
    if inherited.is_empty() && satisfied.is_empty() {
        return None;
    }
    let client = or(&data.view.engagement.client, "The client");
    let mut props = vec![Prop::demarc("side", "client")];
    if !satisfied.is_empty() {
        props.push(Prop::fedramp("control-origination", "sp-system"));
    }
    if !inherited.is_empty() {
        props.push(Prop::fedramp("control-origination", "inherited"));
    }
    for i in &inherited {
        for p in &i.props {
            push_unique(&mut props, p.clone());
        }
    }
    let mut notes = Vec::new();
    if !inherited.is_empty() {
        notes.push(format!(
            "{} inherited under a current leveraged FedRAMP authorization.",
            count(inherited.len(), "provider part", "provider parts")
        ));
    }
    let shown: Vec<Shown> = satisfied.iter().map(|(_, s)| *s).collect();
    if !shown.is_empty() {
        let evidenced = shown.iter().filter(|s| **s == Shown::Evidenced).count();
        notes.push(format!(
            "{} answered, {evidenced} of them with evidence of {client}'s part on file.",
            count(shown.len(), "responsibility", "responsibilities")
        ));
    }
    if !unanswered.is_empty() {
        notes.push(format!(
            "Not answered yet, no customer part written: the responsibility of {}.",
            unanswered.join(", ")
        ));
    }
    let state = if unanswered.is_empty() && shown.iter().all(|s| *s == Shown::Evidenced) {
        "implemented"
    } else if !inherited.is_empty() || shown.iter().any(|s| *s != Shown::Not) {
        "partial"
    } else {
        "planned"
    };
    Some(ByComponent {
        component_uuid: ids.this_system(),
        uuid: ids.of(&format!("by-component\nclient\n{token}")),
        description: format!(
            "{client}'s side of this control for the services it relies on: what it inherits \
             from a leveraged FedRAMP authorization, and its answer to each responsibility a \
             service's statement leaves it."
        ),
        props,
        links: Vec::new(),
        implementation_status: State {
            state,
            remarks: Some(notes.join(" ")),
        },
        export: None,
        inherited,
        satisfied: satisfied.into_iter().map(|(s, _)| s).collect(),
        responsible_roles: Vec::new(),
        remarks: None,
    })
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A row's own statement, on its service's component (the "this system" component for an
/// entity row); what the client's statement takes from it goes into `answers`.
fn by_component(
    data: &ExportData,
    ids: &Ids,
    people: &People,
    r: &MatrixRow,
    answers: &mut Answers,
) -> ByComponent {
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
    let client = or(&data.view.engagement.client, "The client");
    let service = r.service.as_deref().unwrap_or("the organisation");
    // What the provider's part leans on: the covering attestation, or the provider's
    // attestations that could cover it and why they do not.
    let leaning = leaning(data, r);
    let by_fedramp = leaning.by_fedramp();
    let provider_side = matches!(
        r.owner,
        Ownership::Inherited | Ownership::Provider | Ownership::Shared
    );

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
    for value in service_origination(r.owner, by_fedramp, r.service_id.is_none()) {
        props.push(Prop::fedramp("control-origination", value));
    }
    // A provider part no FedRAMP authorization backs: an external service, named with what
    // it relies on.
    if provider_side && !by_fedramp {
        props.push(Prop::demarc("external-provider", provider));
        props.push(Prop::demarc(
            "relies-on",
            &leaning
                .covering
                .map_or_else(|| "no covering attestation".to_string(), |a| a.label()),
        ));
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
    let provider_part = provider_side.then(|| provider_text(r, provider, service, &leaning));
    let written = customer_part(r).filter(|p| !p.trim().is_empty());

    let description = match r.owner {
        Ownership::Customer => written.clone().unwrap_or_else(|| rationale(r).into()),
        Ownership::NotApplicable => r
            .na_justification
            .clone()
            .unwrap_or_else(|| rationale(r).into()),
        Ownership::Inherited | Ownership::Provider | Ownership::Shared => {
            let text = provider_part.clone().unwrap_or_default();
            format!("{text} {}", rationale(r)).trim().to_string()
        }
        Ownership::Undetermined => rationale(r).into(),
    };
    let description = or(&description, r.owner.label());

    // The provider's part is what its component provides; a shared row leaves the customer a
    // part, a responsibility following from it.
    let provided = ids.of(&format!("provided\n{key}"));
    let mut export = None;
    let mut unanswered = false;
    if let Some(text) = &provider_part {
        let mut responsibilities = Vec::new();
        if r.owner == Ownership::Shared {
            let responsibility = ids.of(&format!("responsibility\n{key}"));
            let asked = if r.cuecs.is_empty() {
                format!("{provider} leaves {client} a part of this control for {service}.")
            } else {
                r.cuecs
                    .iter()
                    .map(|c| format!("CUEC {} of {}: {}", c.number, c.report, c.text))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            responsibilities.push(Responsibility {
                uuid: responsibility.clone(),
                provided_uuid: provided.clone(),
                description: asked,
            });
            match &written {
                Some(part) => {
                    let reports: Vec<&str> = r.cuecs.iter().map(|c| c.report.as_str()).collect();
                    let mut remarks = Vec::new();
                    if !reports.is_empty() {
                        remarks.push(format!(
                            "Complementary user entity controls of {}.",
                            reports.join(", ")
                        ));
                    }
                    let evidence = evidence_text(r);
                    if !evidence.is_empty() {
                        remarks.push(format!("Evidence:\n{evidence}"));
                    }
                    for c in &r.cuecs {
                        if let Some(e) = c.evidence.as_deref().filter(|e| !e.trim().is_empty()) {
                            remarks.push(format!("Evidence of CUEC {}: {e}", c.number));
                        }
                    }
                    answers.satisfied.push((
                        Satisfied {
                            uuid: ids.of(&format!("satisfied\n{key}")),
                            responsibility_uuid: responsibility,
                            description: format!("For {service}: {part}"),
                            responsible_roles: people.responsible_roles(r.row_owner.as_deref()),
                            remarks: (!remarks.is_empty()).then(|| remarks.join("\n")),
                        },
                        customer_shown(r),
                    ));
                }
                None => {
                    unanswered = true;
                    answers.unanswered.push(service.to_string());
                }
            }
        }
        export = Some(Export {
            provided: vec![Provided {
                uuid: provided.clone(),
                description: text.clone(),
            }],
            responsibilities,
        });
        if let (true, Some(a)) = (by_fedramp, leaning.covering) {
            answers.inherited.push(Inherited {
                uuid: ids.of(&format!("inherited\n{key}")),
                provided_uuid: provided,
                description: format!("{client} inherits {provider}'s part for {service}: {text}"),
                props: vec![Prop::fedramp(
                    "leveraged-authorization-uuid",
                    &ids.authorization(a.id),
                )],
            });
        }
    }

    let implementation_status = status(r, &leaning, unanswered);

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
        inherited: Vec::new(),
        satisfied: Vec::new(),
        responsible_roles: people.responsible_roles(r.row_owner.as_deref()),
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n")),
    }
}

/// What the provider does for a row, and what that rests on.
fn provider_text(r: &MatrixRow, provider: &str, service: &str, leaning: &Leaning) -> String {
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
    if !leaning.by_fedramp() {
        text += &format!(
            " No FedRAMP authorization on file backs this part: {provider} is an external \
             service here, which the system owner answers for."
        );
    }
    let document = provider_document(r);
    if !document.is_empty() {
        text += &format!(" Provider's matrix: {document}.");
    }
    text
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

/// How far the customer's side of a row is shown: by evidence that names its file and its
/// date, by evidence without them, or not at all.
fn customer_shown(r: &MatrixRow) -> Shown {
    let held = r
        .evidence
        .iter()
        .any(|e| e.date.is_some() && !e.location.trim().is_empty());
    match (r.evidence.is_empty(), held) {
        (true, _) => Shown::Not,
        (false, true) => Shown::Evidenced,
        (false, false) => Shown::Partly,
    }
}

/// The implementation status of a row's statement, from what is shown for each side the row
/// has: `not-applicable` for a row that does not apply, `planned` while nobody is decided;
/// otherwise `implemented` only when every side is evidenced (the customer's by evidence on
/// file, the provider's by a current covering attestation), `partial` when some of it is, and
/// `planned` when none is. A shared row whose customer part is not written (`unanswered`) has
/// its customer side not shown. The remarks say what is shown and what is missing, and when
/// no FedRAMP authorization backs the provider's part.
fn status(r: &MatrixRow, leaning: &Leaning, unanswered: bool) -> State {
    let mut notes: Vec<String> = Vec::new();
    let mut sides: Vec<Shown> = Vec::new();
    if matches!(
        r.owner,
        Ownership::Inherited | Ownership::Provider | Ownership::Shared
    ) {
        let mut note = match leaning.covering {
            Some(a) => {
                sides.push(Shown::Evidenced);
                format!("The provider's part is covered by {}", a.label())
            }
            None => {
                sides.push(Shown::Not);
                "The provider's part has no current attestation covering it on file".to_string()
            }
        };
        if !leaning.by_fedramp() {
            note += ", and no FedRAMP authorization backs it";
        }
        notes.push(note + ".");
    }
    if unanswered {
        notes.push(
            "The customer's part of this shared control is not written yet, so nothing answers \
             the responsibility this statement leaves the customer."
                .into(),
        );
        sides.push(Shown::Not);
    } else if matches!(r.owner, Ownership::Customer | Ownership::Shared) {
        let shown = customer_shown(r);
        notes.push(
            match shown {
                Shown::Not => "No evidence of the customer's part is on file yet.",
                Shown::Evidenced => "Evidence of the customer's part is on file.",
                Shown::Partly => {
                    "Evidence of the customer's part is recorded without a file or a date."
                }
            }
            .into(),
        );
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
                    let external = o.is_provider_side() && !fedramp && !entity;
                    assert_eq!(
                        values.is_empty(),
                        o == Ownership::Undetermined || external,
                        "{o}"
                    );
                }
            }
        }
        assert_eq!(
            origination(Ownership::Shared, true, false),
            ["sp-system", "inherited"]
        );
        assert_eq!(origination(Ownership::Shared, false, false), ["sp-system"]);
        // The provider's part without a FedRAMP authorization is no part of the plan owner's
        // system: no origination claims it.
        for o in [Ownership::Inherited, Ownership::Provider] {
            assert!(origination(o, false, false).is_empty(), "{o}");
            assert!(service_origination(o, false, false).is_empty(), "{o}");
            assert_eq!(origination(o, true, false), ["inherited"]);
        }
        // A shared row's service statement is the provider's side; the client's part is on
        // the client's statement.
        assert_eq!(
            service_origination(Ownership::Shared, true, false),
            ["inherited"]
        );
        assert!(service_origination(Ownership::Shared, false, false).is_empty());
        assert_eq!(
            origination(Ownership::Customer, false, true),
            ["sp-corporate"]
        );
    }
}
