//! The work plan's people, due dates, accepted risks and changes of many rows at once, at the
//! store boundary, on the demo engagement.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::{Days, NaiveDate};
use demarc_core::plan::{NewRiskAcceptance, PlanLevel, PlanMember};
use demarc_core::{GapKind, NewEvidence, RowKey, Severity, Subject};
use demarc_store::{today, write_demo, EngagementFile, StoreError};

fn demo() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

fn later(days: u64) -> NaiveDate {
    today().checked_add_days(Days::new(days)).unwrap()
}

fn field_of<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Invalid { field, .. }) => field,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A task of today's plan with the gap kind `kind`.
fn a_task(file: &EngagementFile, kind: GapKind) -> PlanMember {
    file.gap_plan(today(), None)
        .unwrap()
        .items
        .iter()
        .filter(|i| i.level == PlanLevel::Task)
        .flat_map(|i| i.members.clone())
        .find(|m| m.kind == kind.id())
        .unwrap()
}

/// The rows of the first `n` customer rows without evidence, each a key.
fn evidence_rows(file: &EngagementFile, n: usize) -> Vec<RowKey> {
    let gaps = file.gaps(today()).unwrap().gaps;
    gaps.iter()
        .filter(|g| g.kind == GapKind::CustomerNoEvidence)
        .filter_map(|g| match &g.link {
            demarc_core::GapLink::Row {
                service_id,
                framework,
                control,
            } => Some(RowKey {
                service_id: *service_id,
                framework: *framework,
                control_id: control.clone(),
            }),
            _ => None,
        })
        .take(n)
        .collect()
}

#[test]
fn the_team_is_added_renamed_and_removed_each_logged_and_undone() {
    let (_dir, mut file) = demo();
    // The demo's own team, beside whom Dana is added.
    let demo_team = file.team().unwrap();
    let with = |p: &demarc_core::plan::TeamMember| {
        let mut team = demo_team.clone();
        team.push(p.clone());
        team.sort_by_key(|m| m.name.to_lowercase());
        team
    };
    let before = file.last_decision_id().unwrap();
    let dana = file
        .add_team_member(" Dana ", "Cloud lead", "lead")
        .unwrap();
    assert_eq!(dana.name, "Dana");
    assert_eq!(field_of(file.add_team_member("dana", "", "lead")), "name");
    assert_eq!(field_of(file.add_team_member("  ", "", "lead")), "name");
    let dana = file
        .edit_team_member(dana.id, "Dana Ruiz", "Compliance lead", "lead")
        .unwrap();
    assert_eq!(file.team().unwrap(), with(&dana));
    let logged: Vec<Subject> = file
        .decisions()
        .unwrap()
        .into_iter()
        .filter(|d| d.id > before)
        .map(|d| d.about)
        .collect();
    assert_eq!(logged.len(), 2);
    assert!(matches!(&logged[1], Subject::TeamMember { name, .. } if name == "Dana Ruiz"));

    // Removing a person leaves their task unassigned; undo gives it back.
    let task = a_task(&file, GapKind::CustomerNoEvidence);
    file.assign(&task.id, Some("dana ruiz"), None, "lead")
        .unwrap();
    file.remove_team_member(dana.id, "lead").unwrap();
    let owner_of_task = |file: &EngagementFile| {
        file.assignments()
            .unwrap()
            .into_iter()
            .find(|a| a.item_id == task.id)
            .and_then(|a| a.owner)
    };
    assert_eq!(file.team().unwrap(), demo_team);
    assert_eq!(owner_of_task(&file), None);
    file.undo("lead").unwrap().unwrap();
    assert_eq!(file.team().unwrap(), with(&dana));
    assert_eq!(owner_of_task(&file).as_deref(), Some("Dana Ruiz"));
    file.undo("lead").unwrap().unwrap(); // the assignment
    file.undo("lead").unwrap().unwrap(); // the rename
    assert!(file.team().unwrap().iter().any(|p| p.name == "Dana"));
}

#[test]
fn an_assigned_task_has_its_owner_and_due_date_and_overdue_raises_it() {
    let (_dir, mut file) = demo();
    file.add_team_member("Dana", "Cloud lead", "lead").unwrap();
    let task = a_task(&file, GapKind::CustomerNoEvidence);
    // The demo's evidence was due 60 days before its window opens: past, so raised already.
    assert_eq!(task.severity, Severity::High);
    let due = later(40);
    assert_eq!(
        field_of(file.assign(&task.id, Some("Nobody"), Some(due), "lead")),
        "owner"
    );
    assert_eq!(
        field_of(file.assign("t-no-such-task", Some("Dana"), None, "lead")),
        "item"
    );
    file.assign(&task.id, Some("Dana"), Some(due), "lead")
        .unwrap();
    let on = |day: NaiveDate| {
        let plan = file.gap_plan(day, None).unwrap();
        plan.items
            .iter()
            .flat_map(|i| i.members.clone())
            .find(|m| m.id == task.id)
            .unwrap()
    };
    let now = on(today());
    assert_eq!(now.owner.as_deref(), Some("Dana"));
    assert_eq!(now.due, Some(due));
    assert_eq!(now.severity, Severity::Medium, "not due yet");
    assert_eq!(on(later(41)).severity, Severity::High, "overdue");

    // "Mine": only what Dana has.
    let mine = file.gap_plan(today(), None).unwrap().for_owner("dana");
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].members.len(), 1);
    assert_eq!(mine.items[0].members[0].id, task.id);

    // A management item given to Dana: its owner and due date in the plan, one undo step.
    let plan = file.gap_plan(today(), None).unwrap();
    let item = plan
        .items
        .iter()
        .find(|i| i.level == PlanLevel::Management)
        .unwrap();
    file.assign(&item.id, Some("Dana"), Some(later(10)), "lead")
        .unwrap();
    let plan = file.gap_plan(today(), None).unwrap();
    let found = plan.items.iter().find(|i| i.id == item.id).unwrap();
    assert_eq!(
        (found.owner.as_deref(), found.due),
        (Some("Dana"), Some(later(10)))
    );
    file.undo("lead").unwrap().unwrap();
    let plan = file.gap_plan(today(), None).unwrap();
    // Back to whom the demo gave it.
    assert_eq!(
        plan.items.iter().find(|i| i.id == item.id).unwrap().owner,
        item.owner
    );
    assert!(item.owner.is_some());
}

#[test]
fn one_evidence_item_closes_twenty_gaps_in_one_step_and_one_undo() {
    let (_dir, mut file) = demo();
    let flat = file.gaps(today()).unwrap().gaps.len();
    let keys = evidence_rows(&file, 20);
    assert_eq!(keys.len(), 20);
    let evidence = NewEvidence {
        title: "Access review Q3".into(),
        location: "binder/iam/q3.pdf".into(),
        date: Some(today()),
        owner: Some("Dana".into()),
        due_date: None,
    };
    let before = file.last_decision_id().unwrap();
    assert_eq!(file.attach_evidence(&keys, &evidence, "lead").unwrap(), 20);
    assert_eq!(file.gaps(today()).unwrap().gaps.len(), flat - 20);
    let entries: Vec<_> = file
        .decisions()
        .unwrap()
        .into_iter()
        .filter(|d| d.id > before)
        .collect();
    assert_eq!(entries.len(), 20, "one entry per row, in one batch");
    let undone = file.undo("lead").unwrap().unwrap();
    assert!(undone.contains("and 19 more"), "{undone}");
    assert_eq!(file.gaps(today()).unwrap().gaps.len(), flat);
    file.redo("lead").unwrap().unwrap();
    assert_eq!(file.gaps(today()).unwrap().gaps.len(), flat - 20);

    // Refusals name their field and write nothing.
    let last = file.last_decision_id().unwrap();
    let untitled = NewEvidence {
        title: " ".into(),
        ..evidence.clone()
    };
    assert_eq!(
        field_of(file.attach_evidence(&keys, &untitled, "lead")),
        "title"
    );
    let tomorrow = NewEvidence {
        date: Some(later(1)),
        ..evidence.clone()
    };
    assert_eq!(
        field_of(file.attach_evidence(&keys, &tomorrow, "lead")),
        "date"
    );
    let mut wrong = keys.clone();
    wrong.push(RowKey {
        control_id: "CC99.9".into(),
        ..keys[0].clone()
    });
    assert_eq!(
        field_of(file.attach_evidence(&wrong, &evidence, "lead")),
        "control"
    );
    assert_eq!(
        field_of(file.attach_evidence(&[], &evidence, "lead")),
        "rows"
    );
    assert_eq!(file.last_decision_id().unwrap(), last);
}

#[test]
fn one_customer_part_closes_a_selection_of_shared_rows_and_one_undo_restores_all() {
    let (_dir, mut file) = demo();
    let report = file.gaps(today()).unwrap();
    let keys: Vec<RowKey> = report
        .gaps
        .iter()
        .filter(|g| g.kind == GapKind::SharedNoCustomerPart)
        .filter_map(|g| match &g.link {
            demarc_core::GapLink::Row {
                service_id,
                framework,
                control,
            } => Some(RowKey {
                service_id: *service_id,
                framework: *framework,
                control_id: control.clone(),
            }),
            _ => None,
        })
        .take(8)
        .collect();
    assert!(keys.len() >= 2, "the demo has shared rows without a part");
    let flat = report.gaps.len();
    let n = file
        .set_customer_parts(
            &keys,
            "We configure MFA and review access quarterly",
            "lead",
        )
        .unwrap();
    assert_eq!(n, keys.len());
    assert_eq!(file.gaps(today()).unwrap().gaps.len(), flat - n);
    file.undo("lead").unwrap().unwrap();
    assert_eq!(file.gaps(today()).unwrap().gaps.len(), flat);
}

#[test]
fn an_accepted_risk_is_no_gap_until_it_expires() {
    let (_dir, mut file) = demo();
    let plan = file.gap_plan(today(), None).unwrap();
    let item = plan
        .items
        .iter()
        .find(|i| i.kind == "aoc_service_missing")
        .unwrap()
        .clone();
    let flat = file.gaps(today()).unwrap().gaps.len();
    let accept = NewRiskAcceptance {
        reason: "EKS holds no cardholder data this year".into(),
        approver: "CISO".into(),
        expires: later(30),
    };
    for (bad, field) in [
        (
            NewRiskAcceptance {
                reason: " ".into(),
                ..accept.clone()
            },
            "reason",
        ),
        (
            NewRiskAcceptance {
                approver: "".into(),
                ..accept.clone()
            },
            "approver",
        ),
        (
            NewRiskAcceptance {
                expires: today(),
                ..accept.clone()
            },
            "expires",
        ),
    ] {
        assert_eq!(field_of(file.accept_risk(&item.id, &bad, "lead")), field);
    }
    assert_eq!(
        field_of(file.accept_risk("m-nothing", &accept, "lead")),
        "item"
    );
    let before = file.last_decision_id().unwrap();
    file.accept_risk(&item.id, &accept, "lead").unwrap();
    assert_eq!(file.last_decision_id().unwrap(), before + 1, "one entry");

    // While it holds: its gaps are listed as accepted, not open.
    let on = |day: NaiveDate| file.gaps(day).unwrap();
    let held = on(later(10));
    assert_eq!(held.accepted.len() as u32, item.count);
    assert!(held
        .accepted
        .iter()
        .all(|a| a.acceptance.approver == "CISO"));
    assert_eq!(on(today()).gaps.len(), flat - item.count as usize);
    let plan = file.gap_plan(later(10), None).unwrap();
    assert!(plan.items.iter().all(|i| i.id != item.id));
    assert_eq!(plan.accepted.len(), 1);
    assert_eq!(plan.accepted[0].id, item.id);
    // On its last day it still holds; the day after, the gaps are open again.
    assert!(!on(later(30)).accepted.is_empty());
    let after = on(later(31));
    assert!(after.accepted.is_empty());
    assert!(file
        .gap_plan(later(31), None)
        .unwrap()
        .items
        .iter()
        .any(|i| i.id == item.id));

    // One undo step takes it back.
    file.undo("lead").unwrap().unwrap();
    assert_eq!(file.gaps(today()).unwrap().gaps.len(), flat);
    assert!(file.risk_acceptances().unwrap().is_empty());
}

#[test]
fn a_task_group_is_accepted_whole() {
    let (_dir, mut file) = demo();
    let plan = file.gap_plan(today(), None).unwrap();
    let group = plan
        .items
        .iter()
        .find(|i| i.level == PlanLevel::Task)
        .unwrap()
        .clone();
    let flat = file.gaps(today()).unwrap().gaps.len();
    file.accept_risk(
        &group.id,
        &NewRiskAcceptance {
            reason: "Out of this year's audit".into(),
            approver: "CISO".into(),
            expires: later(100),
        },
        "lead",
    )
    .unwrap();
    let report = file.gaps(today()).unwrap();
    assert_eq!(report.accepted.len() as u32, group.count);
    assert_eq!(report.gaps.len(), flat - group.count as usize);
}

#[test]
fn the_burndown_replays_the_log_day_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.demarc");
    let mut file = write_demo(&path).unwrap();
    let start = file.burndown(today()).unwrap();
    assert_eq!(start.days.len(), 1, "every demo change is today's");
    let first = start.days[0].clone();
    assert_eq!(first.day, today());
    let plan = file.gap_plan(today(), None).unwrap();
    assert_eq!(first.gaps, plan.items.iter().map(|i| i.count).sum::<u32>());
    assert_eq!((first.management, first.tasks), plan.open_counts());

    let back = |n: u64| today().checked_sub_days(Days::new(n)).unwrap();
    let open_on = |file: &EngagementFile, day: NaiveDate| -> u32 {
        let p = file.gap_plan(day, None).unwrap();
        p.items.iter().map(|i| i.count).sum()
    };
    let before: Vec<u32> = [3, 1, 0].iter().map(|n| open_on(&file, back(*n))).collect();

    // Twenty tasks closed "yesterday", then one more today.
    let cut = file.last_decision_id().unwrap();
    let keys = evidence_rows(&file, 21);
    let evidence = NewEvidence {
        title: "Access review".into(),
        location: "binder".into(),
        date: Some(back(3)),
        owner: None,
        due_date: None,
    };
    file.attach_evidence(&keys[..20], &evidence, "lead")
        .unwrap();
    let yesterday_end = file.last_decision_id().unwrap();
    file.attach_evidence(&keys[20..], &evidence, "lead")
        .unwrap();
    drop(file);
    // Date the earlier entries as past days (the log refuses updates; a test may lift that).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER decision_no_update")
        .unwrap();
    let day = |n: u64| {
        today()
            .checked_sub_days(Days::new(n))
            .unwrap()
            .format("%Y-%m-%dT12:00:00Z")
            .to_string()
    };
    conn.execute(
        "UPDATE decision SET at = ?1 WHERE id <= ?2",
        rusqlite::params![day(3), cut],
    )
    .unwrap();
    conn.execute(
        "UPDATE decision SET at = ?1 WHERE id > ?2 AND id <= ?3",
        rusqlite::params![day(1), cut, yesterday_end],
    )
    .unwrap();
    drop(conn);
    let file = EngagementFile::open(&path).unwrap();
    let progress = file.burndown(today()).unwrap();
    let counts: Vec<(NaiveDate, u32)> = progress.days.iter().map(|d| (d.day, d.gaps)).collect();
    assert_eq!(
        counts,
        vec![
            (back(3), before[0]),
            (back(1), before[1] - 20),
            (today(), before[2] - 21)
        ]
    );
    assert!(progress.days[1].tasks < progress.days[0].tasks);
    // The replay leaves the file as it was.
    assert_eq!(
        file.gaps(today()).unwrap().gaps.len() as u32,
        first.gaps - 21
    );
}
