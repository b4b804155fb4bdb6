//! Sign-off: decisions reviewed (accepted or returned), the document version and its change
//! log, and the approval of a version, refused while work is open and stale after a change.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::{Days, NaiveDate};
use demarc_core::{
    DocumentState, Engagement, Framework, Layer, NewReview, NewService, Ownership, ReviewState,
    Sensitivity, ServiceModel, Subject, Verdict,
};
use demarc_store::{today, ControlSelector, EngagementFile, StoreError};

const WHO: &str = "Dana";

/// A new engagement with one SaaS service in SOC 2 scope: its id.
fn engagement(dir: &tempfile::TempDir) -> (EngagementFile, i64) {
    let mut e = Engagement::new("Acme");
    e.frameworks = vec![Framework::Soc2];
    let mut file = EngagementFile::create(&dir.path().join("acme.demarc"), &e).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "Okta".into(),
                provider: "Okta".into(),
                model: ServiceModel::Saas,
                sensitivity: Sensitivity::High,
                data_types: Vec::new(),
                frameworks: vec![Framework::Soc2],
            },
            WHO,
        )
        .unwrap();
    (file, s.id)
}

fn set_layer(file: &mut EngagementFile, service: i64, layer: Layer, owner: Ownership) -> i64 {
    file.set_layer_owner(service, layer, owner, "workshop", WHO)
        .unwrap();
    file.last_decision_id().unwrap()
}

fn review(verdict: Verdict, comment: Option<&str>) -> NewReview {
    NewReview {
        verdict,
        reviewer: "Priya Raman".into(),
        on: None,
        comment: comment.map(str::to_string),
    }
}

fn accept(file: &mut EngagementFile, ids: &[i64]) {
    file.review_decisions(ids, &review(Verdict::Accept, None), "Priya Raman")
        .unwrap();
}

/// Accepts every decision in force not accepted yet.
fn accept_all(file: &mut EngagementFile) {
    let open: Vec<i64> = file
        .decisions()
        .unwrap()
        .iter()
        .filter(|d| d.review.is_open())
        .map(|d| d.id)
        .collect();
    accept(file, &open);
}

fn state(file: &EngagementFile, id: i64) -> ReviewState {
    let log = file.decisions().unwrap();
    log.into_iter().find(|d| d.id == id).unwrap().review
}

fn field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn a_decision_is_accepted_or_returned_and_each_review_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    let os = set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    let data = set_layer(&mut file, okta, Layer::Data, Ownership::Shared);
    assert_eq!(state(&file, os), ReviewState::Unreviewed);

    accept(&mut file, &[os]);
    assert_eq!(state(&file, os).id(), "accepted");
    let logged = file.decisions().unwrap().pop().unwrap();
    assert_eq!(logged.about, Subject::DecisionReview { decision_id: os });
    assert_eq!(logged.review, ReviewState::Record);
    assert_eq!(logged.old_value.as_deref(), Some("unreviewed"));
    assert!(logged
        .new_value
        .as_deref()
        .unwrap()
        .starts_with("accepted by Priya Raman on "));

    let comment = "The client's devices are not managed: who patches them?";
    file.review_decisions(
        &[data],
        &review(Verdict::Return, Some(comment)),
        "Priya Raman",
    )
    .unwrap();
    match state(&file, data) {
        ReviewState::Returned {
            reviewer,
            comment: c,
            on,
        } => {
            assert_eq!(reviewer, "Priya Raman");
            assert_eq!(c, comment);
            assert_eq!(on, today());
        }
        other => panic!("{other:?}"),
    }
    let logged = file.decisions().unwrap().pop().unwrap();
    assert_eq!(logged.reason.as_deref(), Some(comment));

    // Returned until accepted later...
    accept(&mut file, &[data]);
    assert_eq!(state(&file, data).id(), "accepted");
    let reviews = file.decision_reviews().unwrap();
    assert_eq!(reviews.len(), 3, "each review is a record of its own");
}

#[test]
fn a_returned_decision_gives_way_to_a_later_decision_on_the_same_thing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    let first = set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    file.review_decisions(
        &[first],
        &review(Verdict::Return, Some("evidence?")),
        "Priya",
    )
    .unwrap();
    let other = set_layer(&mut file, okta, Layer::Data, Ownership::Shared);
    assert_eq!(
        state(&file, first).id(),
        "returned",
        "another thing changed"
    );
    let again = set_layer(&mut file, okta, Layer::Os, Ownership::Customer);
    assert_eq!(
        state(&file, first),
        ReviewState::Superseded { by_decision: again }
    );
    assert_eq!(state(&file, again), ReviewState::Unreviewed);
    assert_eq!(state(&file, other), ReviewState::Unreviewed);
    // An undo is a decision on the same thing too.
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(state(&file, again).id(), "superseded");
    // The replaced decision is not reviewed any more.
    let refused = file
        .review_decisions(&[first], &review(Verdict::Accept, None), "Priya")
        .unwrap_err();
    assert_eq!(field(refused), "decision");
}

#[test]
fn a_review_is_refused_on_the_field_it_gets_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    let os = set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    let before = file.decisions().unwrap().len();
    let refuse = |file: &mut EngagementFile, ids: &[i64], r: NewReview| {
        field(file.review_decisions(ids, &r, "Priya").unwrap_err())
    };
    assert_eq!(
        refuse(&mut file, &[os], review(Verdict::Return, None)),
        "comment"
    );
    assert_eq!(
        refuse(&mut file, &[os], review(Verdict::Return, Some("  "))),
        "comment"
    );
    let nobody = NewReview {
        reviewer: " ".into(),
        ..review(Verdict::Accept, None)
    };
    assert_eq!(refuse(&mut file, &[os], nobody), "reviewer");
    let tomorrow = NewReview {
        on: today().checked_add_days(Days::new(1)),
        ..review(Verdict::Accept, None)
    };
    assert_eq!(refuse(&mut file, &[os], tomorrow), "on");
    let too_early = NewReview {
        on: NaiveDate::from_ymd_opt(2020, 1, 1),
        ..review(Verdict::Accept, None)
    };
    assert_eq!(refuse(&mut file, &[os], too_early), "on");
    assert_eq!(
        refuse(&mut file, &[999], review(Verdict::Accept, None)),
        "decision"
    );
    assert_eq!(
        refuse(&mut file, &[], review(Verdict::Accept, None)),
        "decision"
    );
    // One refused id refuses them all.
    assert_eq!(
        refuse(&mut file, &[os, 999], review(Verdict::Accept, None)),
        "decision"
    );
    assert_eq!(file.decisions().unwrap().len(), before, "nothing recorded");
    assert!(file.decision_reviews().unwrap().is_empty());

    // A review is not reviewed.
    accept(&mut file, &[os]);
    let review_entry = file.last_decision_id().unwrap();
    assert_eq!(
        refuse(&mut file, &[review_entry], review(Verdict::Accept, None)),
        "decision"
    );
}

#[test]
fn reviews_versions_and_approvals_are_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    let os = set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    accept(&mut file, &[os]);
    drop(file);
    let conn = rusqlite::Connection::open(dir.path().join("acme.demarc")).unwrap();
    for sql in [
        "UPDATE decision_review SET verdict = 'return', comment = 'x'",
        "DELETE FROM decision_review",
        "UPDATE document_version SET version = '9.9'",
        "DELETE FROM document_version",
    ] {
        let e = conn.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
}

#[test]
fn a_new_engagement_starts_at_version_0_1_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = engagement(&dir);
    let versions = file.document_versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].version, "0.1");
    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Draft);
    assert_eq!(s.version, "0.1");
    assert_eq!(s.unreviewed, 1, "the service added");
    assert!(
        s.statement().starts_with("Draft version 0.1: "),
        "{}",
        s.statement()
    );
}

#[test]
fn a_version_bump_starts_a_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    let v = file
        .bump_version(None, Some("After workshop 1"), WHO)
        .unwrap();
    assert_eq!(v.version, "0.2");
    assert_eq!(file.engagement().unwrap().document_version, "0.2");
    let logged = file.decisions().unwrap().pop().unwrap();
    assert_eq!(logged.about, Subject::DocumentVersion);
    assert_eq!(
        (logged.old_value.as_deref(), logged.new_value.as_deref()),
        (Some("0.1"), Some("0.2"))
    );
    assert_eq!(logged.reason.as_deref(), Some("After workshop 1"));

    set_layer(&mut file, okta, Layer::Data, Ownership::Shared);
    set_layer(&mut file, okta, Layer::Application, Ownership::Shared);
    file.set_control_owner(
        Some(okta),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.1".into()),
        Ownership::Customer,
        "we run the access reviews",
        WHO,
    )
    .unwrap();

    let now = file.change_log(None).unwrap();
    assert_eq!(now.version, "0.2");
    assert_eq!(now.since.as_deref(), Some("0.1"));
    assert_eq!(now.entries.len(), 3);
    let counts: Vec<(&str, u32)> = now
        .counts
        .iter()
        .map(|c| (c.kind.as_str(), c.count))
        .collect();
    assert_eq!(counts, [("layer owners", 2), ("control rows", 1)]);
    assert_eq!(
        now.summary(),
        "3 decisions since version 0.1: layer owners 2, control rows 1"
    );
    let first = file.change_log(Some("0.1")).unwrap();
    assert_eq!(first.since, None);
    assert_eq!(first.entries.len(), 2, "the service added and its OS layer");
    assert_eq!(field(file.change_log(Some("7.0")).unwrap_err()), "version");

    // An explicit version, never one used before.
    assert_eq!(
        field(file.bump_version(Some("0.1"), None, WHO).unwrap_err()),
        "version"
    );
    assert_eq!(
        field(file.bump_version(Some(" "), None, WHO).unwrap_err()),
        "version"
    );
    let v = file.bump_version(Some("1.0"), None, WHO).unwrap();
    assert_eq!(v.version, "1.0");
    assert_eq!(file.change_log(Some("0.2")).unwrap().entries.len(), 3);
    assert_eq!(file.sign_off(today()).unwrap().version, "1.0");
}

#[test]
fn approval_is_refused_while_rows_are_undetermined_or_decisions_unreviewed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    file.set_control_owner(
        Some(okta),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC7.1".into()),
        Ownership::Undetermined,
        "open after the workshop",
        WHO,
    )
    .unwrap();
    let approve =
        |file: &mut EngagementFile| file.approve("Priya Raman", "Compliance lead", None, WHO);
    let before = file.decisions().unwrap().len();
    let refused = approve(&mut file).unwrap_err();
    let StoreError::Invalid { field: f, message } = refused else {
        panic!("not a refusal")
    };
    assert_eq!(f, "approval");
    assert!(message.contains("1 undetermined row"), "{message}");
    assert!(message.contains("2 unreviewed decisions"), "{message}");

    // Reviewed, but a row is still undetermined.
    accept_all(&mut file);
    let StoreError::Invalid { field: f, message } = approve(&mut file).unwrap_err() else {
        panic!("not a refusal")
    };
    assert_eq!(f, "approval");
    assert!(!message.contains("unreviewed"), "{message}");

    // Decided, but the new decision is not reviewed.
    file.set_control_owner(
        Some(okta),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC7.1".into()),
        Ownership::Customer,
        "the SOC runs it",
        WHO,
    )
    .unwrap();
    let message = approve(&mut file).unwrap_err().to_string();
    assert!(message.contains("1 unreviewed decision"), "{message}");
    let last = file.last_decision_id().unwrap();
    file.review_decisions(
        &[last],
        &review(Verdict::Return, Some("which SOC?")),
        "Priya",
    )
    .unwrap();
    let message = approve(&mut file).unwrap_err().to_string();
    assert!(message.contains("1 returned decision"), "{message}");
    assert!(file.approvals().unwrap().is_empty());
    assert_eq!(
        file.decisions().unwrap().len(),
        before + 4,
        "three reviews and a decision; no approval"
    );

    // The approver's own fields.
    accept(&mut file, &[last]);
    let refuse = |file: &mut EngagementFile, who: &str, role: &str, on: Option<NaiveDate>| {
        field(file.approve(who, role, on, WHO).unwrap_err())
    };
    assert_eq!(refuse(&mut file, " ", "Compliance lead", None), "approver");
    assert_eq!(refuse(&mut file, "Priya Raman", "", None), "role");
    let tomorrow = today().checked_add_days(Days::new(1));
    assert_eq!(refuse(&mut file, "Priya Raman", "Lead", tomorrow), "on");
    assert_eq!(
        refuse(
            &mut file,
            "Priya Raman",
            "Lead",
            NaiveDate::from_ymd_opt(2020, 1, 1)
        ),
        "on"
    );
}

#[test]
fn an_approved_version_is_stated_and_goes_stale_with_the_next_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    accept_all(&mut file);
    let a = file
        .approve("Priya Raman", "Compliance lead", None, WHO)
        .unwrap();
    assert_eq!(a.version, "0.1");
    let logged = file.decisions().unwrap().pop().unwrap();
    assert_eq!(
        logged.about,
        Subject::Approval {
            version: "0.1".into()
        }
    );

    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Approved);
    assert_eq!(s.version, "0.1");
    assert_eq!(
        s.statement(),
        format!(
            "Version 0.1 approved by Priya Raman (Compliance lead) on {}",
            today()
        )
    );

    // A change after the approval: the next export is a draft of the next version.
    let later = set_layer(&mut file, okta, Layer::Data, Ownership::Shared);
    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Draft);
    assert_eq!(s.version, "0.2");
    assert_eq!(s.stale.as_ref().unwrap().version, "0.1");
    assert!(s.approval.is_none());
    assert_eq!(s.changes.since.as_deref(), Some("0.1"));
    assert_eq!(
        s.changes.entries.iter().map(|d| d.id).collect::<Vec<_>>(),
        [later]
    );
    assert!(
        s.statement().starts_with("Draft version 0.2: "),
        "{}",
        s.statement()
    );
    assert!(s
        .statement()
        .contains("changed since version 0.1 was approved"));
    // Version 0.1 keeps what it approved.
    assert_eq!(file.change_log(Some("0.1")).unwrap().entries.len(), 2);

    // Approving now approves 0.2, which it starts.
    accept(&mut file, &[later]);
    let a = file.approve("Marcus Oyelaran", "CISO", None, WHO).unwrap();
    assert_eq!(a.version, "0.2");
    let versions: Vec<String> = file
        .document_versions()
        .unwrap()
        .into_iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(versions, ["0.1", "0.2"]);
    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Approved);
    assert_eq!(s.version, "0.2");
    assert_eq!(s.changes.entries.len(), 1);

    // A bump after an approval starts the next version with no change yet.
    let v = file.bump_version(None, None, WHO).unwrap();
    assert_eq!(v.version, "0.3");
    let s = file.sign_off(today()).unwrap();
    assert_eq!((s.state, s.version.as_str()), (DocumentState::Draft, "0.3"));
    assert!(s.changes.entries.is_empty());
    assert_eq!(file.change_log(Some("0.2")).unwrap().entries.len(), 1);
}

#[test]
fn a_returned_decision_after_approval_makes_the_export_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, okta) = engagement(&dir);
    let os = set_layer(&mut file, okta, Layer::Os, Ownership::Shared);
    accept_all(&mut file);
    file.approve("Priya Raman", "Compliance lead", None, WHO)
        .unwrap();
    file.review_decisions(&[os], &review(Verdict::Return, Some("recheck")), "Marcus")
        .unwrap();
    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Draft);
    assert_eq!(s.version, "0.1", "a review is no change of the engagement");
    assert_eq!(s.returned, 1);
    assert_eq!(s.statement(), "Draft version 0.1: 1 returned decision");
}

#[test]
fn the_demo_stays_a_draft_with_each_review_state() {
    let dir = tempfile::tempdir().unwrap();
    let file = demarc_store::write_demo(&dir.path().join("demo.demarc")).unwrap();
    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Draft);
    assert!(s.undetermined > 0);
    assert!(s.unreviewed > 0);
    assert_eq!(s.returned, 1);
    assert!(s.versions.len() >= 2, "a change log between versions");
    let log = file.decisions().unwrap();
    for state in ["accepted", "returned", "unreviewed", "superseded"] {
        assert!(log.iter().any(|d| d.review.id() == state), "{state}");
    }
    assert_eq!(file.engagement().unwrap().document_version, s.version);
}

#[test]
fn an_older_file_keeps_its_version_as_a_draft_with_every_decision_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.demarc");
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v5.demarc");
    std::fs::copy(fixture, &path).unwrap();
    let file = EngagementFile::open(&path).unwrap();
    let versions = file.document_versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        (versions[0].version.as_str(), versions[0].after),
        ("1.0", 0)
    );
    let s = file.sign_off(today()).unwrap();
    assert_eq!(s.state, DocumentState::Draft);
    assert_eq!(s.version, "1.0");
    assert!(s.statement().starts_with("Draft version 1.0: "));
    let log = file.decisions().unwrap();
    assert_eq!(s.changes.entries.len(), log.len());
    assert_eq!(
        s.unreviewed as usize,
        log.iter().filter(|d| d.review.is_open()).count()
    );
    assert!(s.unreviewed > 0);
}
