use chrono::NaiveDate;

use super::*;
use crate::{Decision, Layer, Subject};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, d).unwrap_or_default()
}

fn layer(service_id: i64, layer: Layer) -> Subject {
    Subject::Layer {
        service_id,
        service: format!("S{service_id}"),
        layer,
    }
}

fn entry(id: i64, about: Subject) -> Decision {
    Decision {
        id,
        at: format!("2027-01-{:02}T10:00:00Z", id.clamp(1, 28)),
        who: "Dana".into(),
        subject: about.text(),
        about,
        old_value: None,
        new_value: None,
        reason: None,
        review: ReviewState::Unreviewed,
    }
}

fn review(id: i64, decision_id: i64, verdict: Verdict, comment: Option<&str>) -> DecisionReview {
    DecisionReview {
        id,
        decision_id,
        verdict,
        reviewer: "Priya".into(),
        on: day(10),
        comment: comment.map(str::to_string),
    }
}

fn with_states(mut log: Vec<Decision>, reviews: &[DecisionReview]) -> Vec<Decision> {
    let keys: Vec<(i64, &Subject)> = log.iter().map(|d| (d.id, &d.about)).collect();
    let states = review_states(&keys, reviews);
    for (d, s) in log.iter_mut().zip(states) {
        d.review = s;
    }
    log
}

#[test]
fn a_returned_decision_stays_returned_until_a_later_decision_or_acceptance() {
    let log = vec![
        entry(1, layer(1, Layer::Os)),
        entry(2, layer(1, Layer::Data)),
        entry(3, Subject::DecisionReview { decision_id: 1 }),
    ];
    let returned = [review(1, 1, Verdict::Return, Some("which patch cadence?"))];
    let states = with_states(log.clone(), &returned);
    assert_eq!(states[0].review.id(), "returned");
    assert_eq!(states[1].review, ReviewState::Unreviewed);
    assert_eq!(states[2].review, ReviewState::Record);

    // A later acceptance of the same entry.
    let accepted = [returned[0].clone(), review(2, 1, Verdict::Accept, None)];
    assert_eq!(
        with_states(log.clone(), &accepted)[0].review.id(),
        "accepted"
    );

    // A later decision on the same thing: the returned one is replaced, the new one open.
    let mut later = log;
    later.push(entry(4, layer(1, Layer::Os)));
    let states = with_states(later, &returned);
    assert_eq!(states[0].review, ReviewState::Superseded { by_decision: 4 });
    assert_eq!(states[3].review, ReviewState::Unreviewed);
}

#[test]
fn a_review_is_checked_before_it_is_recorded() {
    let accept = NewReview {
        verdict: Verdict::Accept,
        reviewer: "Priya".into(),
        on: Some(day(10)),
        comment: None,
    };
    let open = ReviewState::Unreviewed;
    assert!(check_review(1, &open, day(5), &accept, day(12)).is_ok());
    let field = |state: &ReviewState, r: &NewReview| {
        check_review(1, state, day(5), r, day(12))
            .unwrap_err()
            .field
    };
    let returned = NewReview {
        verdict: Verdict::Return,
        comment: Some("  ".into()),
        ..accept.clone()
    };
    assert_eq!(field(&open, &returned), "comment");
    let nobody = NewReview {
        reviewer: " ".into(),
        ..accept.clone()
    };
    assert_eq!(field(&open, &nobody), "reviewer");
    let future = NewReview {
        on: Some(day(13)),
        ..accept.clone()
    };
    assert_eq!(field(&open, &future), "on");
    let early = NewReview {
        on: Some(day(4)),
        ..accept.clone()
    };
    assert_eq!(field(&open, &early), "on");
    assert_eq!(field(&ReviewState::Record, &accept), "decision");
    assert_eq!(
        field(&ReviewState::Superseded { by_decision: 2 }, &accept),
        "decision"
    );
}

#[test]
fn versions_count_on_from_their_last_number() {
    assert_eq!(next_version("0.1").as_deref(), Some("0.2"));
    assert_eq!(next_version("0.9").as_deref(), Some("0.10"));
    assert_eq!(next_version("1.0").as_deref(), Some("1.1"));
    assert_eq!(next_version("v2 draft").as_deref(), Some("v3 draft"));
    assert_eq!(next_version("draft"), None);
    assert_eq!(next_version("99999999999999999999"), None);
}

fn version(v: &str, after: i64) -> DocumentVersion {
    DocumentVersion {
        version: v.into(),
        after,
        at: String::new(),
        by: "Dana".into(),
        note: None,
    }
}

fn approval(v: &str, through: i64) -> Approval {
    Approval {
        id: 1,
        version: v.into(),
        approver: "Priya Raman".into(),
        role: "Compliance lead".into(),
        on: day(20),
        through,
    }
}

#[test]
fn an_approved_version_goes_stale_with_the_next_change() {
    let accepted = |n: i64| {
        (1..=n)
            .map(|i| review(i, i, Verdict::Accept, None))
            .collect::<Vec<_>>()
    };
    let mut log = vec![
        entry(1, layer(1, Layer::Os)),
        entry(2, layer(1, Layer::Data)),
        entry(3, Subject::DocumentVersion),
        entry(4, layer(2, Layer::Os)),
    ];
    let versions = [version("0.1", 0), version("0.2", 3)];
    let approvals = [approval("0.2", 4)];
    let states = with_states(log.clone(), &accepted(4));
    let input = SignOffInput {
        log: &states,
        versions: &versions,
        approvals: &approvals,
        undetermined: 0,
    };
    let s = sign_off(&input);
    assert_eq!(s.state, DocumentState::Approved);
    assert_eq!(s.version, "0.2");
    assert_eq!(
        s.statement(),
        "Version 0.2 approved by Priya Raman (Compliance lead) on 2027-01-20"
    );
    assert_eq!(s.changes.since.as_deref(), Some("0.1"));
    assert_eq!(s.changes.entries.len(), 1);
    assert_eq!(
        s.changes.summary(),
        "1 decision since version 0.1: layer owners 1"
    );
    let first = version_changes(&input, "0.1").unwrap();
    assert_eq!(first.entries.len(), 2);

    // A review or an approval changes nothing; a decision does.
    log.push(entry(
        5,
        Subject::Approval {
            version: "0.2".into(),
        },
    ));
    log.push(entry(6, layer(3, Layer::Os)));
    let mut reviews = accepted(4);
    reviews.push(review(5, 6, Verdict::Accept, None));
    let states = with_states(log, &reviews);
    let s = sign_off(&SignOffInput {
        log: &states,
        ..input
    });
    assert_eq!(s.state, DocumentState::Draft);
    assert_eq!(s.version, "0.3");
    assert_eq!(s.stale.as_ref().map(|a| a.version.as_str()), Some("0.2"));
    assert_eq!(
        s.statement(),
        "Draft version 0.3: changed since version 0.2 was approved on 2027-01-20"
    );
    assert_eq!(s.changes.since.as_deref(), Some("0.2"));
    assert_eq!(
        s.changes.entries.iter().map(|d| d.id).collect::<Vec<_>>(),
        [6]
    );
}

#[test]
fn a_draft_says_why() {
    let log = with_states(
        vec![
            entry(1, layer(1, Layer::Os)),
            entry(2, layer(1, Layer::Data)),
        ],
        &[review(1, 1, Verdict::Return, Some("why?"))],
    );
    let s = sign_off(&SignOffInput {
        log: &log,
        versions: &[],
        approvals: &[],
        undetermined: 3,
    });
    assert_eq!(s.version, "0.1");
    assert_eq!(
        s.statement(),
        "Draft version 0.1: 3 undetermined rows, 1 unreviewed decision, 1 returned decision, not approved"
    );
    assert_eq!(
        s.changes.counts,
        [ChangeCount {
            kind: "layer owners".into(),
            count: 2
        }]
    );
}

#[test]
fn who_works_on_the_plan_is_recorded_not_decided_and_keeps_an_approval() {
    let log = vec![
        entry(1, layer(1, Layer::Os)),
        entry(2, Subject::DocumentVersion),
        entry(
            3,
            Subject::TeamMember {
                person_id: 1,
                name: "Marcus".into(),
            },
        ),
        entry(
            4,
            Subject::PlanItem {
                item_id: "m-attestation-9".into(),
                field: crate::PlanField::Assignment,
            },
        ),
    ];
    let versions = [version("0.1", 0), version("0.2", 2)];
    let approvals = [approval("0.2", 2)];
    let states = with_states(log.clone(), &[review(1, 1, Verdict::Accept, None)]);
    assert_eq!(states[2].review, ReviewState::Record);
    assert_eq!(states[3].review, ReviewState::Record);
    let input = SignOffInput {
        log: &states,
        versions: &versions,
        approvals: &approvals,
        undetermined: 0,
    };
    let s = sign_off(&input);
    assert_eq!(s.state, DocumentState::Approved);
    assert!(s.changes.entries.is_empty());

    // An accepted risk is a decision: the approval goes stale.
    let mut log = log;
    log.push(entry(
        5,
        Subject::PlanItem {
            item_id: "m-attestation-9".into(),
            field: crate::PlanField::RiskAcceptance,
        },
    ));
    let states = with_states(log, &[review(1, 1, Verdict::Accept, None)]);
    assert_eq!(states[4].review, ReviewState::Unreviewed);
    let s = sign_off(&SignOffInput {
        log: &states,
        ..input
    });
    assert_eq!(s.state, DocumentState::Draft);
}

#[test]
fn entries_about_one_attestation_are_each_reviewed() {
    let report = || Subject::Attestation {
        provider: "AWS".into(),
        attestation_id: 3,
        attestation: crate::AttestationKind::Soc2,
    };
    // The report recorded, then a CUEC mapped: the mapping does not stand in for the record.
    let log = [
        (1, report()),
        (2, report()),
        (3, layer(1, Layer::Os)),
        (4, layer(1, Layer::Os)),
    ];
    let keys: Vec<(i64, &Subject)> = log.iter().map(|(id, s)| (*id, s)).collect();
    let states = review_states(&keys, &[]);
    assert_eq!(states[0], ReviewState::Unreviewed);
    assert_eq!(states[1], ReviewState::Unreviewed);
    assert_eq!(states[2], ReviewState::Superseded { by_decision: 4 });
}
