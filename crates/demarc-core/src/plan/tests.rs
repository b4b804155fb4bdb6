use chrono::NaiveDate;

use super::*;
use crate::{Gap, GapKind, GapLink};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

fn gap(
    kind: GapKind,
    service: Option<&str>,
    provider: &str,
    fw: Framework,
    control: Option<&str>,
) -> Gap {
    let link = match control {
        Some(c) => GapLink::Row {
            service_id: service.map(|_| 1),
            framework: fw,
            control: c.to_string(),
        },
        None => GapLink::Service { service_id: 1 },
    };
    Gap {
        service: service.map(str::to_string),
        provider: Some(provider.to_string()),
        framework: Some(fw),
        control: control.map(str::to_string),
        ..Gap::new(kind, format!("{kind:?}"), link)
    }
}

fn ctx() -> PlanContext {
    PlanContext {
        audit_start: Some(d("2027-01-01")),
        lead_days: 60,
        ..PlanContext::default()
    }
}

fn item<'a>(p: &'a Plan, id: &str) -> &'a PlanItem {
    p.items.iter().find(|i| i.id == id).unwrap_or_else(|| {
        panic!(
            "no item {id} in {:?}",
            p.items.iter().map(|i| &i.id).collect::<Vec<_>>()
        )
    })
}

fn total(p: &Plan) -> u32 {
    p.items.iter().map(|i| i.count).sum()
}

#[test]
fn rows_failing_because_of_one_stale_attestation_are_one_item_under_it() {
    let mut stale = gap(
        GapKind::AocStale,
        Some("Entra ID"),
        "Microsoft",
        Framework::PciDss,
        None,
    );
    stale.link = GapLink::Attestation { id: 5 };
    let mut gaps = vec![stale];
    for c in ["1.1", "1.2", "8.3"] {
        gaps.push(gap(
            GapKind::ProviderUnattested,
            Some("Entra ID"),
            "Microsoft",
            Framework::PciDss,
            Some(c),
        ));
    }
    let p = plan(&gaps, &ctx(), d("2026-10-01"));
    assert_eq!(p.items.len(), 1);
    let i = item(&p, "m-attestation-5");
    assert_eq!(i.level, PlanLevel::Management);
    assert_eq!(i.kind, "aoc_stale");
    assert_eq!(i.count, 4);
    assert_eq!(i.members.len(), 4);
    assert_eq!(i.severity, Severity::High);
    assert!(i.title.contains("Microsoft"), "{}", i.title);
    assert_eq!(i.owner, None);
}

#[test]
fn a_service_missing_from_an_aoc_takes_its_rows_and_other_frameworks_stay_apart() {
    let gaps = vec![
        gap(
            GapKind::AocServiceMissing,
            Some("EKS"),
            "AWS",
            Framework::PciDss,
            None,
        ),
        gap(
            GapKind::ProviderUnattested,
            Some("EKS"),
            "AWS",
            Framework::PciDss,
            Some("2.2"),
        ),
        gap(
            GapKind::ProviderUnattested,
            Some("EKS"),
            "AWS",
            Framework::NistCsf,
            Some("PR.AC-1"),
        ),
    ];
    let p = plan(&gaps, &ctx(), d("2026-10-01"));
    assert_eq!(item(&p, "m-aoc_service_missing-aws").count, 2);
    let other = item(&p, "m-unattested-aws-nist_csf");
    assert_eq!(other.count, 1);
    assert_eq!(other.kind, "provider_unattested");
    assert_eq!(total(&p), 3);
}

#[test]
fn the_same_control_missing_evidence_on_several_services_is_one_task() {
    let gaps = vec![
        gap(
            GapKind::CustomerNoEvidence,
            Some("EC2"),
            "AWS",
            Framework::Soc2,
            Some("CC6.1"),
        ),
        gap(
            GapKind::CustomerNoEvidence,
            Some("S3"),
            "AWS",
            Framework::Soc2,
            Some("CC6.1"),
        ),
        gap(
            GapKind::SharedNoCustomerPart,
            Some("S3"),
            "AWS",
            Framework::Soc2,
            Some("CC6.1"),
        ),
        gap(
            GapKind::CustomerNoEvidence,
            None,
            "AWS",
            Framework::Soc2,
            Some("CC1.1"),
        ),
    ];
    let p = plan(&gaps, &ctx(), d("2026-10-01"));
    assert_eq!(p.items.len(), 1, "one theme, one group");
    let g = &p.items[0];
    assert_eq!(g.level, PlanLevel::Task);
    assert_eq!(g.count, 4);
    assert_eq!(g.members.len(), 3);
    let evidence = g
        .members
        .iter()
        .find(|m| m.kind == "customer_no_evidence" && m.control.as_deref() == Some("CC6.1"));
    let evidence = evidence.unwrap_or_else(|| panic!("no task in {:?}", g.members));
    assert_eq!(evidence.services, ["EC2", "S3"]);
    assert_eq!(evidence.count, 2);
    let entity = g
        .members
        .iter()
        .find(|m| m.control.as_deref() == Some("CC1.1"));
    assert!(entity.is_some_and(|m| m.services.is_empty() && m.count == 1));
}

#[test]
fn task_groups_follow_families_and_coarsen_to_stay_within_the_first_view() {
    let mut c = ctx();
    let mut gaps = Vec::new();
    for n in 0..40 {
        let control = format!("X.{n}");
        c.families
            .insert((Framework::NistCsf, control.clone()), format!("F{n}"));
        gaps.push(gap(
            GapKind::CustomerNoEvidence,
            Some("EC2"),
            "AWS",
            Framework::NistCsf,
            Some(&control),
        ));
    }
    c.families
        .insert((Framework::Soc2, "CC6.1".into()), "CC6".into());
    gaps.push(gap(
        GapKind::CustomerNoEvidence,
        Some("EC2"),
        "AWS",
        Framework::Soc2,
        Some("CC6.1"),
    ));
    let p = plan(&gaps, &c, d("2026-10-01"));
    assert!(p.items.len() <= MAX_ENTRIES);
    assert_eq!(
        p.items.len(),
        2,
        "by framework: {:?}",
        p.items.iter().map(|i| &i.title).collect::<Vec<_>>()
    );
    assert_eq!(total(&p), 41);
    let few = plan(&gaps[35..], &c, d("2026-10-01"));
    assert!(
        few.items.iter().any(|i| i.id == "g-soc-2-cc6"),
        "{:?}",
        few.items.iter().map(|i| &i.id).collect::<Vec<_>>()
    );
}

#[test]
fn a_forward_looking_coverage_gap_is_low_today_and_rises_as_its_date_nears() {
    let mut c = ctx();
    c.uncovered_from.insert("EC2".into(), d("2027-01-16"));
    let gaps = vec![gap(
        GapKind::Soc2WindowGap,
        Some("EC2"),
        "AWS",
        Framework::Soc2,
        None,
    )];
    let on = |today: &str| item(&plan(&gaps, &c, d(today)), "m-soc2_window_gap-aws").severity;
    assert_eq!(on("2026-09-01"), Severity::Low);
    assert_eq!(on("2026-11-01"), Severity::Medium);
    assert_eq!(on("2027-01-01"), Severity::High);
    assert_eq!(
        item(&plan(&gaps, &c, d("2026-09-01")), "m-soc2_window_gap-aws").due,
        Some(d("2027-01-16"))
    );
}

#[test]
fn tasks_past_the_evidence_due_date_are_raised_one_step() {
    let gaps = vec![gap(
        GapKind::CustomerNoEvidence,
        Some("EC2"),
        "AWS",
        Framework::Soc2,
        Some("CC6.1"),
    )];
    // The window opens 2027-01-01; evidence is due 60 days before, 2026-11-02.
    let before = plan(&gaps, &ctx(), d("2026-11-02"));
    assert_eq!(before.items[0].severity, Severity::Medium);
    assert_eq!(before.items[0].due, Some(d("2026-11-02")));
    let after = plan(&gaps, &ctx(), d("2026-11-03"));
    assert_eq!(after.items[0].severity, Severity::High);
    let ninety = PlanContext {
        lead_days: 90,
        ..ctx()
    };
    assert_eq!(
        plan(&gaps, &ninety, d("2026-10-15")).items[0].severity,
        Severity::High
    );
}

#[test]
fn management_items_lead_and_ids_are_stable() {
    let gaps = vec![
        gap(
            GapKind::CustomerNoEvidence,
            Some("EC2"),
            "AWS",
            Framework::Soc2,
            Some("CC6.1"),
        ),
        gap(
            GapKind::VendorReviewOverdue,
            None,
            "Stripe",
            Framework::Soc2,
            None,
        ),
    ];
    let a = plan(&gaps, &ctx(), d("2026-10-01"));
    let b = plan(&[gaps[1].clone(), gaps[0].clone()], &ctx(), d("2026-10-01"));
    assert_eq!(a, b);
    assert_eq!(a.items[0].level, PlanLevel::Management);
    assert_eq!(a.items[0].id, "m-vendor_review_overdue-stripe");
    assert_eq!(a.items[1].level, PlanLevel::Task);
}

#[test]
fn each_gap_finds_the_item_it_is_a_member_of() {
    let mut stale = gap(
        GapKind::AocStale,
        Some("Entra ID"),
        "Microsoft",
        Framework::PciDss,
        None,
    );
    stale.link = GapLink::Attestation { id: 5 };
    let gaps = vec![
        stale,
        gap(
            GapKind::ProviderUnattested,
            Some("Entra ID"),
            "Microsoft",
            Framework::PciDss,
            Some("1.1"),
        ),
        gap(
            GapKind::CustomerNoEvidence,
            Some("EC2"),
            "AWS",
            Framework::Soc2,
            Some("CC6.1"),
        ),
        gap(
            GapKind::CustomerNoEvidence,
            Some("S3"),
            "AWS",
            Framework::Soc2,
            Some("CC6.1"),
        ),
    ];
    let p = plan(&gaps, &ctx(), d("2026-10-01"));
    let ids: Vec<Option<&str>> = item_of_each(&p, &gaps)
        .into_iter()
        .map(|i| i.map(|i| i.id.as_str()))
        .collect();
    assert_eq!(ids[0], Some("m-attestation-5"));
    assert_eq!(ids[1], Some("m-attestation-5"));
    assert_eq!(ids[2], ids[3]);
    assert!(ids[2].is_some_and(|id| id.starts_with("g-")));
}

#[test]
fn an_attestation_lapsing_inside_the_window_is_due_a_month_before_it_lapses() {
    let mut lapses = gap(
        GapKind::LapsesInWindow,
        None,
        "Stripe",
        Framework::PciDss,
        None,
    );
    lapses.link = GapLink::Attestation { id: 9 };
    let mut ctx = ctx();
    ctx.valid_until.insert(9, d("2027-06-15"));
    let on = |today: &str| {
        let p = plan(std::slice::from_ref(&lapses), &ctx, d(today));
        let i = item(&p, "m-attestation-9").clone();
        (i.due, i.severity)
    };
    // Not the evidence date, long past: 30 days before the lapse, months ahead, then closer.
    let due = Some(d("2027-05-16"));
    assert_eq!(on("2026-12-03"), (due, Severity::Low));
    assert_eq!(on("2027-03-01"), (due, Severity::Medium));
    assert_eq!(on("2027-05-01"), (due, Severity::High));
    let p = plan(std::slice::from_ref(&lapses), &ctx, d("2026-12-03"));
    assert_eq!(
        p.items[0].title,
        "Stripe's PCI DSS AOC lapses inside the audit window"
    );
}

#[test]
fn a_vendor_review_is_due_when_the_last_one_said() {
    let review = gap(
        GapKind::VendorReviewOverdue,
        None,
        "Stripe",
        Framework::Soc2,
        None,
    );
    let mut ctx = ctx();
    let p = plan(std::slice::from_ref(&review), &ctx, d("2026-12-03"));
    assert_eq!(p.items[0].due, Some(d("2026-11-02")), "the evidence date");
    ctx.review_due.insert("stripe".into(), d("2026-09-20"));
    let p = plan(std::slice::from_ref(&review), &ctx, d("2026-12-03"));
    assert_eq!(p.items[0].due, Some(d("2026-09-20")));
}
