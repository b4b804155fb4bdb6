//! Entity-level controls: the client's own, once for the engagement (policies, governance,
//! people, risk). Their row has no service and is not derived from any service's layers, so a
//! layer override of a service never moves it.
//!
//! A control that was decided per service before it became entity-level (an older file, or a
//! control moved back from the system level) keeps those per-service records; the entity row
//! takes, field by field, what it records itself, else what the services said when they agree.
//! When their owners disagree, the row is undetermined and says what each service said, until
//! a person sets its owner.

use crate::{Evidence, Framework, Layer, MatrixRow, OwnerSource, Ownership, RowRecord, Scope};

/// An entity-level control in scope.
#[derive(Debug, Clone, Copy)]
pub struct EntityControl<'a> {
    pub framework: Framework,
    pub id: &'a str,
    pub title: &'a str,
    pub family: &'a str,
    /// The layers the control mentions without being about their technology (a workstation
    /// policy mentions client devices); empty for most.
    pub layers: &'a [Layer],
    /// The reason a person gave for moving the control to the entity level, when it is not
    /// entity-level by the layer map.
    pub moved: Option<&'a str>,
}

/// What one service recorded on the control while it was decided per service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceRecord {
    pub service: String,
    pub record: RowRecord,
    pub evidence: Vec<Evidence>,
}

/// The entity row of `control`: `own` is what was recorded on the entity row itself (a text
/// field stored empty was cleared on purpose and takes nothing from the services), `evidence`
/// its evidence, `earlier` what each service recorded, in service order.
pub fn entity_row(
    control: EntityControl<'_>,
    own: RowRecord,
    evidence: Vec<Evidence>,
    earlier: &[ServiceRecord],
) -> MatrixRow {
    let said = consolidate(earlier);
    let default_why = default_why(&control);
    let (owner, source, reason, explanation, disagreement) = match (own.override_owner, said.owner)
    {
        (Some(o), _) => (o, OwnerSource::Override, own.reason, default_why, None),
        (None, Owners::Disagree(text)) => (
            Ownership::Undetermined,
            OwnerSource::LayerDefault,
            None,
            format!(
                "undetermined: decided per service before it was the client's once, and the \
                 services disagree: {text}"
            ),
            Some(text),
        ),
        (None, Owners::Agree(o, reason)) => {
            (o, OwnerSource::Override, Some(reason), default_why, None)
        }
        (None, Owners::Default) => (
            Ownership::Customer,
            OwnerSource::LayerDefault,
            None,
            default_why,
            None,
        ),
    };
    let text = |own: Option<String>, earlier: Option<String>| match own {
        Some(t) if t.is_empty() => None,
        Some(t) => Some(t),
        None => earlier,
    };
    let mut all_evidence = evidence;
    for e in said.evidence {
        if !all_evidence.iter().any(|o| same_evidence(o, &e)) {
            all_evidence.push(e);
        }
    }
    MatrixRow {
        service_id: None,
        service: None,
        scope: Scope::Entity,
        framework: control.framework,
        control_id: control.id.to_string(),
        title: control.title.to_string(),
        family: control.family.to_string(),
        layers: control.layers.to_vec(),
        owner,
        source,
        default_owner: Ownership::Customer,
        provider_label: None,
        provider_source: None,
        attestation: None,
        baa: None,
        explanation,
        reason,
        customer_part: text(own.customer_part, said.record.customer_part),
        evidence: all_evidence,
        row_owner: text(own.row_owner, said.record.row_owner),
        last_reviewed: own.last_reviewed.or(said.record.last_reviewed),
        na_justification: text(own.na_justification, said.record.na_justification),
        disagreement,
        claimed_inherited: false,
        cuecs: Vec::new(),
        third_party: None,
        carved_out: None,
        crosswalk: None,
    }
}

/// Why an entity row is the customer's by default.
fn default_why(control: &EntityControl<'_>) -> String {
    let mut why = "customer: the client's own, once for the engagement".to_string();
    if let Some(reason) = control.moved {
        why += &format!(" (moved to the entity level: {reason})");
    } else if !control.layers.is_empty() {
        let names: Vec<String> = control
            .layers
            .iter()
            .map(|l| l.label().to_lowercase())
            .collect();
        why += &format!(
            " (a safeguard of the organisation that mentions {}; no layer override moves it)",
            names.join(", ")
        );
    }
    why
}

/// What the services said of the owner.
#[derive(Debug, PartialEq, Eq)]
enum Owners {
    /// Nobody overrode it: the customer's, as every service showed.
    Default,
    /// Every service showed this owner, and some overrode it with these reasons.
    Agree(Ownership, String),
    /// The services showed different owners: each and what it said.
    Disagree(String),
}

/// What one service showed: its override and reason, or the default.
type Shown<'a> = Option<(Ownership, &'a str)>;

struct Consolidated {
    owner: Owners,
    /// The text fields and the latest review, where the services said anything.
    record: RowRecord,
    evidence: Vec<Evidence>,
}

fn consolidate(earlier: &[ServiceRecord]) -> Consolidated {
    // Each service showed its override, or the customer's by default.
    let mut groups: Vec<(Shown<'_>, Vec<&str>)> = Vec::new();
    for s in earlier {
        let said = s
            .record
            .override_owner
            .map(|o| (o, s.record.reason.as_deref().unwrap_or_default()));
        match groups.iter_mut().find(|(g, _)| *g == said) {
            Some((_, names)) => names.push(&s.service),
            None => groups.push((said, vec![&s.service])),
        }
    }
    let shown = |g: &Shown<'_>| g.map_or(Ownership::Customer, |(o, _)| o);
    let mut owners: Vec<Ownership> = groups.iter().map(|(g, _)| shown(g)).collect();
    owners.sort_unstable();
    owners.dedup();
    let reasons = distinct(
        groups
            .iter()
            .filter_map(|(g, _)| g.map(|(_, r)| r.to_string()))
            .filter(|r| !r.is_empty()),
    );
    let owner = match owners.as_slice() {
        _ if groups.iter().all(|(g, _)| g.is_none()) => Owners::Default,
        [one] => Owners::Agree(*one, reasons.join("; ")),
        _ => Owners::Disagree(
            groups
                .iter()
                .map(|(g, names)| {
                    let what = match g {
                        Some((o, r)) if !r.is_empty() => {
                            format!("{} ({r})", o.label().to_lowercase())
                        }
                        Some((o, _)) => o.label().to_lowercase(),
                        None => "customer by default".to_string(),
                    };
                    format!("{}: {what}", names.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
    };
    let field = |get: fn(&RowRecord) -> Option<&String>| -> Option<String> {
        let said: Vec<(&str, &String)> = earlier
            .iter()
            .filter_map(|s| get(&s.record).map(|t| (s.service.as_str(), t)))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        let texts = distinct(said.iter().map(|(_, t)| t.to_string()));
        match texts.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            _ => Some(
                said.iter()
                    .map(|(s, t)| format!("{s}: {t}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    };
    let record = RowRecord {
        override_owner: None,
        reason: None,
        customer_part: field(|r| r.customer_part.as_ref()),
        row_owner: field(|r| r.row_owner.as_ref()),
        last_reviewed: earlier
            .iter()
            .filter_map(|s| s.record.last_reviewed.clone())
            .max_by_key(|r| r.on),
        na_justification: field(|r| r.na_justification.as_ref()),
    };
    let mut evidence: Vec<Evidence> = Vec::new();
    for e in earlier.iter().flat_map(|s| &s.evidence) {
        if !evidence.iter().any(|o| same_evidence(o, e)) {
            evidence.push(e.clone());
        }
    }
    Consolidated {
        owner,
        record,
        evidence,
    }
}

fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The same reference recorded on several services.
fn same_evidence(a: &Evidence, b: &Evidence) -> bool {
    (&a.title, &a.location, a.date, &a.owner, a.due_date)
        == (&b.title, &b.location, b.date, &b.owner, b.due_date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Review;

    const CC1_1: EntityControl<'static> = EntityControl {
        framework: Framework::Soc2,
        id: "CC1.1",
        title: "Integrity and ethical values",
        family: "CC1",
        layers: &[],
        moved: None,
    };

    fn said(service: &str, owner: Option<(Ownership, &str)>) -> ServiceRecord {
        ServiceRecord {
            service: service.into(),
            record: RowRecord {
                override_owner: owner.map(|(o, _)| o),
                reason: owner.map(|(_, r)| r.to_string()),
                ..RowRecord::default()
            },
            evidence: Vec::new(),
        }
    }

    fn evidence(id: i64, title: &str) -> Evidence {
        Evidence {
            id,
            title: title.into(),
            location: "binder".into(),
            date: None,
            owner: None,
            due_date: None,
        }
    }

    #[test]
    fn with_nothing_recorded_the_row_is_the_clients() {
        let row = entity_row(
            CC1_1,
            RowRecord::default(),
            Vec::new(),
            &[said("EC2", None)],
        );
        assert_eq!(
            (row.owner, row.source, row.scope),
            (
                Ownership::Customer,
                OwnerSource::LayerDefault,
                Scope::Entity
            )
        );
        assert_eq!((row.service_id, row.service), (None, None));
        assert!(row.disagreement.is_none());
    }

    #[test]
    fn services_that_agree_give_their_decision() {
        let mut a = said("EKS", Some((Ownership::NotApplicable, "no cards")));
        a.record.na_justification = Some("no cards".into());
        a.evidence = vec![evidence(1, "Scope memo")];
        let mut b = said("Stripe", Some((Ownership::NotApplicable, "no cards")));
        b.evidence = vec![evidence(2, "Scope memo"), evidence(3, "Diagram")];
        b.record.last_reviewed = Some(Review {
            by: "Marcus".into(),
            on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        });
        let row = entity_row(CC1_1, RowRecord::default(), Vec::new(), &[a, b]);
        assert_eq!(
            (row.owner, row.source),
            (Ownership::NotApplicable, OwnerSource::Override)
        );
        assert_eq!(row.reason.as_deref(), Some("no cards"));
        assert_eq!(row.na_justification.as_deref(), Some("no cards"));
        assert_eq!(row.last_reviewed.map(|r| r.by).as_deref(), Some("Marcus"));
        let ids: Vec<i64> = row.evidence.iter().map(|e| e.id).collect();
        assert_eq!(ids, [1, 3], "the same reference once");
    }

    #[test]
    fn services_that_disagree_leave_it_undetermined_saying_who_said_what() {
        let row = entity_row(
            CC1_1,
            RowRecord::default(),
            Vec::new(),
            &[
                said("EC2", Some((Ownership::NotApplicable, "servers"))),
                said("RDS", None),
                said("S3", None),
            ],
        );
        assert_eq!(row.owner, Ownership::Undetermined);
        assert_eq!(
            row.disagreement.as_deref(),
            Some("EC2: not applicable (servers); RDS, S3: customer by default")
        );
        // The entity row's own owner settles it.
        let own = RowRecord {
            override_owner: Some(Ownership::Customer),
            reason: Some("one code".into()),
            ..RowRecord::default()
        };
        let row = entity_row(
            CC1_1,
            own,
            Vec::new(),
            &[
                said("EC2", Some((Ownership::NotApplicable, "servers"))),
                said("RDS", None),
            ],
        );
        assert_eq!(
            (row.owner, row.source, row.disagreement),
            (Ownership::Customer, OwnerSource::Override, None)
        );
    }

    #[test]
    fn the_rows_own_text_wins_and_an_empty_one_was_cleared() {
        let mut a = said("EKS", None);
        a.record.customer_part = Some("from EKS".into());
        a.record.row_owner = Some("Priya".into());
        let own = RowRecord {
            customer_part: Some("ours".into()),
            row_owner: Some(String::new()),
            ..RowRecord::default()
        };
        let row = entity_row(CC1_1, own, Vec::new(), &[a]);
        assert_eq!(row.customer_part.as_deref(), Some("ours"));
        assert_eq!(row.row_owner, None);
    }

    #[test]
    fn different_texts_are_kept_with_their_services() {
        let mut a = said("EKS", None);
        a.record.customer_part = Some("one".into());
        let mut b = said("Stripe", None);
        b.record.customer_part = Some("two".into());
        let row = entity_row(CC1_1, RowRecord::default(), Vec::new(), &[a, b]);
        assert_eq!(row.customer_part.as_deref(), Some("EKS: one; Stripe: two"));
    }
}
