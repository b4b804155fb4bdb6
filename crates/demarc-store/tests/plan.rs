//! The work plan of an engagement file: grouping the demo's gaps, the refusals, and severity
//! moving with the day.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::NaiveDate;
use demarc_core::plan::{PlanLevel, MAX_ENTRIES};
use demarc_core::Severity;
use demarc_store::{write_demo, EngagementFile, StoreError};

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn demo() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

#[test]
fn the_demo_plan_accounts_for_every_gap_in_at_most_thirty_entries() {
    let (_dir, file) = demo();
    let today = d("2026-12-15");
    let flat = file.gaps(today).unwrap().gaps.len() as u32;
    let plan = file.gap_plan(today, None).unwrap();
    assert!(
        plan.items.len() <= MAX_ENTRIES,
        "{} entries",
        plan.items.len()
    );
    assert_eq!(plan.items.iter().map(|i| i.count).sum::<u32>(), flat);
    for i in &plan.items {
        assert_eq!(
            i.members.iter().map(|m| m.count).sum::<u32>(),
            i.count,
            "{}",
            i.id
        );
    }
    let first_task = plan.items.iter().position(|i| i.level == PlanLevel::Task);
    let last_management = plan
        .items
        .iter()
        .rposition(|i| i.level == PlanLevel::Management);
    assert!(last_management < first_task, "management items lead");
    // Microsoft's stale AOC explains the PCI DSS rows of Entra ID it leaves unattested.
    let aoc = plan.items.iter().find(|i| i.kind == "aoc_stale").unwrap();
    assert!(aoc.count >= 4, "{}", aoc.count);
    assert!(aoc.members.iter().any(|m| m.kind == "provider_unattested"));
    // EKS missing from the AWS AOC is one item.
    let eks = plan
        .items
        .iter()
        .find(|i| i.kind == "aoc_service_missing")
        .unwrap();
    assert!(eks.scope.contains("Amazon EKS") && eks.count >= 1);
}

#[test]
fn the_same_plan_twice_has_the_same_ids() {
    let (_dir, file) = demo();
    let a = file.gap_plan(d("2026-12-15"), None).unwrap();
    let b = file.gap_plan(d("2026-12-15"), None).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_coverage_gap_rises_as_the_uncovered_days_near() {
    let (_dir, file) = demo();
    // No AWS report or bridge letter in force reaches into the window, which opens 2027-01-01.
    let on = |today: &str| {
        let plan = file.gap_plan(d(today), None).unwrap();
        let item = plan.items.iter().find(|i| i.id == "m-soc2_window_gap-aws");
        (item.unwrap().severity, item.unwrap().due)
    };
    assert_eq!(on("2026-09-01"), (Severity::Low, Some(d("2027-01-01"))));
    assert_eq!(on("2026-11-01").0, Severity::Medium);
    assert_eq!(on("2026-12-20").0, Severity::High);
}

#[test]
fn the_evidence_lead_time_moves_the_due_date_and_is_checked() {
    let (_dir, file) = demo();
    let plan = file.gap_plan(d("2026-09-01"), Some(90)).unwrap();
    let task = plan
        .items
        .iter()
        .find(|i| i.level == PlanLevel::Task)
        .unwrap();
    assert_eq!(task.due, Some(d("2026-10-03")));
    match file.gap_plan(d("2026-09-01"), Some(400)) {
        Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "lead_days"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
