//! Grouping gaps into management items and task groups.

use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

use super::severity::{raised, time_severity, worst};
use super::tally::{on_row, plural};
use super::*;
use crate::{Gap, GapKind, GapLink};

/// The plan of `gaps` on `today`: management items first, then task groups, each most severe
/// first. Every gap is a member of exactly one item.
pub fn plan(gaps: &[Gap], ctx: &PlanContext, today: NaiveDate) -> Plan {
    let mut causes: BTreeMap<String, Vec<&Gap>> = BTreeMap::new();
    let mut tasks_by_control: BTreeMap<(GapKind, String, String), Vec<&Gap>> = BTreeMap::new();
    let cause_gaps: Vec<&Gap> = gaps.iter().filter(|g| cause_key(g).is_some()).collect();
    for g in gaps {
        if let Some(key) = cause_key(g) {
            causes.entry(key).or_default().push(g);
        } else if matches!(
            g.kind,
            GapKind::ProviderUnattested | GapKind::InheritedUnattested
        ) {
            causes.entry(row_cause(g, &cause_gaps)).or_default().push(g);
        } else {
            let framework = g.framework.map(|f| f.id()).unwrap_or_default();
            let control = g.control.clone().unwrap_or_else(|| g.message.clone());
            tasks_by_control
                .entry((g.kind, framework.to_string(), control))
                .or_default()
                .push(g);
        }
    }
    let held = |id: &str| ctx.accepted.get(id).filter(|a| a.holds_on(today));
    let mut accepted = Vec::new();
    let mut accept = |i: PlanItem, acceptance: &RiskAcceptance| {
        accepted.push(AcceptedItem {
            id: i.id,
            level: i.level,
            title: i.title,
            count: i.count,
            members: i.members,
            acceptance: acceptance.clone(),
        })
    };
    let mut items = Vec::new();
    for (key, members) in causes {
        let item = management_item(key, &members, ctx, today);
        match held(&item.id) {
            Some(a) => accept(item, a),
            None => items.push(item),
        }
    }
    sort(&mut items);
    let mut tasks = Vec::new();
    for members in tasks_by_control.into_values() {
        let t = task(&members, ctx, today);
        match held(&t.id) {
            Some(a) => accept(
                PlanItem {
                    id: t.id.clone(),
                    level: PlanLevel::Task,
                    kind: t.kind.clone(),
                    title: t.title.clone(),
                    scope: t.services.join(", "),
                    severity: t.severity,
                    count: t.count,
                    owner: t.owner.clone(),
                    due: t.due,
                    action: String::new(),
                    members: vec![t],
                },
                a,
            ),
            None => tasks.push(t),
        }
    }
    let room = MAX_ENTRIES.saturating_sub(items.len());
    let mut groups = Vec::new();
    for coarseness in [Theme::Family, Theme::Framework, Theme::Action] {
        groups = task_groups(&tasks, coarseness, ctx, today);
        if groups.len() <= room {
            break;
        }
    }
    sort(&mut groups);
    for g in groups {
        match held(&g.id) {
            Some(a) => accept(g, a),
            None => items.push(g),
        }
    }
    Plan {
        as_of: today,
        items,
        accepted,
    }
}

/// The item of `plan` each of `gaps` is a member of, in the order of `gaps`.
pub fn item_of_each<'a>(plan: &'a Plan, gaps: &[Gap]) -> Vec<Option<&'a PlanItem>> {
    let mut by_member: HashMap<&str, &PlanItem> = HashMap::new();
    for i in &plan.items {
        for m in &i.members {
            by_member.insert(m.id.as_str(), i);
        }
    }
    gaps.iter()
        .map(|g| {
            by_member
                .get(gap_member(g).id.as_str())
                .or_else(|| by_member.get(task_id(g).as_str()))
                .copied()
        })
        .collect()
}

fn sort(items: &mut [PlanItem]) {
    items.sort_by(|a, b| (a.severity, &a.id).cmp(&(b.severity, &b.id)));
}

/// The key of the management item a gap is the cause of, or `None` for a row-level gap.
fn cause_key(g: &Gap) -> Option<String> {
    let provider = slug(g.provider.as_deref().unwrap_or("unknown"));
    let key = match g.kind {
        GapKind::AocStale
        | GapKind::Soc2Stale
        | GapKind::BridgeLetterLong
        | GapKind::IsoExpired
        | GapKind::LapsesInWindow => match g.link {
            GapLink::Attestation { id } => format!("attestation-{id}"),
            _ => format!("{}-{provider}", g.kind.id()),
        },
        GapKind::AocServiceMissing
        | GapKind::PhiWithoutBaa
        | GapKind::Soc2WindowGap
        | GapKind::VendorReviewOverdue => format!("{}-{provider}", g.kind.id()),
        GapKind::UndeterminedLayer => format!(
            "undetermined_layer-{}",
            slug(g.service.as_deref().unwrap_or_default())
        ),
        GapKind::ScopingNotAnswered => {
            format!(
                "scoping-{}",
                g.framework.map(|f| f.id()).unwrap_or_default()
            )
        }
        GapKind::EntityDisagreement => format!(
            "entity_disagreement-{}-{}",
            g.framework.map(|f| f.id()).unwrap_or_default(),
            slug(g.control.as_deref().unwrap_or_default())
        ),
        _ => return None,
    };
    Some(key)
}

/// Which cause explains a provider-side row left without a covering attestation, in order of
/// preference; when none does, a cause of its own per provider and framework.
fn row_cause(row: &Gap, causes: &[&Gap]) -> String {
    let rank = |k: GapKind| match k {
        GapKind::AocStale => Some(0),
        GapKind::AocServiceMissing => Some(1),
        GapKind::Soc2Stale => Some(2),
        GapKind::IsoExpired => Some(3),
        GapKind::PhiWithoutBaa => Some(4),
        GapKind::Soc2WindowGap => Some(5),
        _ => None,
    };
    let explains = |c: &Gap| {
        let framework = c.framework == row.framework
            || (row.framework == Some(Framework::Hipaa) && c.framework == Some(Framework::Soc2));
        let place = match &c.service {
            Some(s) => row.service.as_ref() == Some(s),
            None => same(c.provider.as_deref(), row.provider.as_deref()),
        };
        framework && place
    };
    causes
        .iter()
        .filter(|c| explains(c))
        .filter_map(|c| rank(c.kind).map(|r| (r, *c)))
        .min_by_key(|(r, _)| *r)
        .and_then(|(_, c)| cause_key(c))
        .unwrap_or_else(|| {
            format!(
                "unattested-{}-{}",
                slug(row.provider.as_deref().unwrap_or("unknown")),
                row.framework.map(|f| f.id()).unwrap_or_default()
            )
        })
}

fn same(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

fn management_item(id: String, members: &[&Gap], ctx: &PlanContext, today: NaiveDate) -> PlanItem {
    // The cause comes first when there is one; rows explained by it follow.
    let cause = members
        .iter()
        .find(|g| cause_key(g).is_some())
        .or_else(|| members.first())
        .copied();
    let kind = cause.map(|g| g.kind).unwrap_or(GapKind::ProviderUnattested);
    let provider = members.iter().find_map(|g| g.provider.clone());
    let framework = cause.and_then(|g| g.framework);
    let services = services_of(members);
    // What runs out on a day ahead is due then: the first day of the window left uncovered,
    // or the successor of a lapsing attestation a month before it lapses.
    let ahead = |g: &Gap| match (g.kind, &g.link) {
        (GapKind::Soc2WindowGap, _) => g
            .service
            .as_ref()
            .and_then(|s| ctx.uncovered_from.get(s))
            .copied(),
        (GapKind::LapsesInWindow, GapLink::Attestation { id }) => ctx
            .valid_until
            .get(id)
            .and_then(|d| d.checked_sub_days(chrono::Days::new(DUE_SOON_DAYS as u64))),
        _ => None,
    };
    let forward = members.iter().filter_map(|g| ahead(g)).min();
    let id = format!("m-{id}");
    let assigned = ctx.assignments.get(&id);
    let assigned_due = assigned.and_then(|a| a.due);
    let (due, severity) = match forward {
        Some(from) => {
            let others = members
                .iter()
                .filter(|g| !matches!(g.kind, GapKind::Soc2WindowGap | GapKind::LapsesInWindow))
                .map(|g| g.severity)
                .fold(Severity::Low, worst);
            let timed = worst(time_severity(from, today), others);
            match assigned_due {
                Some(d) => (Some(d), overdue_raised(timed, Some(d), today)),
                None => (Some(from), timed),
            }
        }
        None => {
            // A vendor review is due when the last one said; anything else with the evidence.
            let review_due = members
                .iter()
                .filter(|g| g.kind == GapKind::VendorReviewOverdue)
                .filter_map(|g| g.provider.as_ref())
                .find_map(|p| ctx.review_due.get(&p.to_lowercase()))
                .copied();
            let due = assigned_due.or(review_due).or(ctx.evidence_due());
            let base = members
                .iter()
                .map(|g| g.severity)
                .fold(Severity::Low, worst);
            (due, overdue_raised(base, due, today))
        }
    };
    let p = provider
        .clone()
        .unwrap_or_else(|| "the provider".to_string());
    let list = services.join(", ");
    let f = framework.map(|f| f.label()).unwrap_or_default();
    let title = match kind {
        GapKind::AocStale => format!("{p}'s PCI DSS AOC is not current"),
        GapKind::AocServiceMissing => format!("No PCI DSS AOC of {p} lists {list}"),
        GapKind::Soc2Stale => format!("{p}'s SOC 2 report is stale"),
        GapKind::BridgeLetterLong => format!("{p}'s bridge letter runs past 3 months"),
        GapKind::IsoExpired => format!("{p}'s ISO 27001 certificate has expired"),
        GapKind::LapsesInWindow => format!("{p}'s {} lapses inside the audit window", {
            cause.map_or("attestation", |g| match g.framework {
                Some(Framework::PciDss) => "PCI DSS AOC",
                Some(Framework::Iso27001) => "ISO 27001 certificate",
                _ => "attestation",
            })
        }),
        GapKind::PhiWithoutBaa => format!("No signed BAA of {p} covers {list}"),
        GapKind::Soc2WindowGap => format!("Days of the audit window without {p} SOC 2 coverage"),
        GapKind::VendorReviewOverdue => format!("{p}'s vendor review is due"),
        GapKind::UndeterminedLayer => format!("Decide the undetermined layers of {list}"),
        GapKind::ScopingNotAnswered => format!("Answer the {f} scoping questions"),
        GapKind::EntityDisagreement => format!(
            "Decide {f} {}: per-service decisions disagree",
            cause.and_then(|g| g.control.clone()).unwrap_or_default()
        ),
        _ => format!("No current attestation of {p} covers {f} for {list}"),
    };
    let scope = match (&provider, services.is_empty()) {
        (Some(p), false) => format!("{p}: {list}"),
        (Some(p), true) => p.clone(),
        (None, false) => list,
        (None, true) => f.to_string(),
    };
    let action = cause
        .map(|g| g.fix.clone())
        .unwrap_or_else(|| Gap::new(kind, String::new(), GapLink::Provider { name: p }).fix);
    PlanItem {
        owner: assigned.and_then(|a| a.owner.clone()),
        id,
        level: PlanLevel::Management,
        kind: kind.id().to_string(),
        title,
        scope,
        severity,
        count: members.len() as u32,
        members: members.iter().map(|g| gap_member(g)).collect(),
        due,
        action,
    }
}

fn overdue_raised(base: Severity, due: Option<NaiveDate>, today: NaiveDate) -> Severity {
    match due {
        Some(d) if d < today => raised(base),
        _ => base,
    }
}

fn services_of(gaps: &[&Gap]) -> Vec<String> {
    let mut s: Vec<String> = gaps.iter().filter_map(|g| g.service.clone()).collect();
    s.sort();
    s.dedup();
    s
}

fn gap_member(g: &Gap) -> PlanMember {
    let place = g.service.as_deref().or(g.provider.as_deref()).unwrap_or("");
    PlanMember {
        id: slug(&format!(
            "{}-{place}-{}-{}",
            g.kind.id(),
            g.framework.map(|f| f.id()).unwrap_or_default(),
            g.control.as_deref().unwrap_or_default()
        )),
        kind: g.kind.id().to_string(),
        title: g.message.clone(),
        framework: g.framework,
        control: g.control.clone(),
        services: g.service.clone().into_iter().collect(),
        severity: g.severity,
        count: 1,
        owner: None,
        due: None,
    }
}

/// One control, one action, on every service it is missing on (or once, at the entity level).
fn task(gaps: &[&Gap], ctx: &PlanContext, today: NaiveDate) -> PlanMember {
    let first = gaps[0];
    let services = services_of(gaps);
    let control = first.control.clone();
    let fw = first.framework;
    let base = gaps.iter().map(|g| g.severity).fold(Severity::Low, worst);
    let title = match (fw, &control) {
        (Some(f), Some(c)) if services.is_empty() => format!("{} {c} (entity level)", f.label()),
        (Some(f), Some(c)) => format!("{} {c} on {}", f.label(), services.join(", ")),
        _ => first.message.clone(),
    };
    let id = task_id(first);
    let assigned = ctx.assignments.get(&id);
    let due = assigned.and_then(|a| a.due).or(ctx.evidence_due());
    PlanMember {
        kind: first.kind.id().to_string(),
        title,
        framework: fw,
        control,
        services,
        severity: overdue_raised(base, due, today),
        count: gaps.len() as u32,
        owner: assigned.and_then(|a| a.owner.clone()),
        due,
        id,
    }
}

/// The id of the task a row-level gap is part of.
pub(super) fn task_id(g: &Gap) -> String {
    slug(&format!(
        "t-{}-{}-{}",
        g.kind.id(),
        g.framework.map(|f| f.id()).unwrap_or_default(),
        g.control.as_deref().unwrap_or(&g.message)
    ))
}

#[derive(Clone, Copy)]
enum Theme {
    Family,
    Framework,
    Action,
}

fn theme(t: &PlanMember, coarseness: Theme, ctx: &PlanContext) -> String {
    let f = t.framework.map(|f| f.label()).unwrap_or("Other");
    match coarseness {
        Theme::Family => {
            let family = t
                .framework
                .zip(t.control.clone())
                .and_then(|key| ctx.families.get(&key).cloned())
                .unwrap_or_else(|| "other".to_string());
            format!("{f} {family}")
        }
        Theme::Framework => f.to_string(),
        Theme::Action => t.kind.clone(),
    }
}

fn task_groups(
    tasks: &[PlanMember],
    coarseness: Theme,
    ctx: &PlanContext,
    today: NaiveDate,
) -> Vec<PlanItem> {
    let mut by_theme: BTreeMap<String, Vec<PlanMember>> = BTreeMap::new();
    for t in tasks {
        by_theme
            .entry(theme(t, coarseness, ctx))
            .or_default()
            .push(t.clone());
    }
    by_theme
        .into_iter()
        .map(|(theme, members)| {
            let mut kinds: Vec<GapKind> = members
                .iter()
                .filter_map(|m| GapKind::ALL.into_iter().find(|k| k.id() == m.kind))
                .collect();
            kinds.sort();
            kinds.dedup();
            let kind = match kinds.as_slice() {
                [one] => one.id().to_string(),
                _ => "mixed".to_string(),
            };
            let action = kinds
                .iter()
                .map(|k| {
                    Gap::new(
                        *k,
                        String::new(),
                        GapLink::Provider {
                            name: String::new(),
                        },
                    )
                    .fix
                })
                .collect::<Vec<_>>()
                .join(" ");
            let refs: Vec<&PlanMember> = members.iter().collect();
            let mut services: Vec<String> = refs.iter().flat_map(|m| m.services.clone()).collect();
            services.sort();
            services.dedup();
            let entity = members.iter().any(|m| m.services.is_empty());
            let scope = match (services.is_empty(), entity) {
                (true, _) => "entity level".to_string(),
                (false, true) => format!("entity level, {}", services.join(", ")),
                (false, false) => services.join(", "),
            };
            // Counted as the matrix counts: distinct controls, apart from the tasks on them.
            let controls: std::collections::BTreeSet<_> = members
                .iter()
                .filter(|m| on_row(&m.kind))
                .filter_map(|m| m.framework.zip(m.control.as_deref()))
                .collect();
            let counted = format!(
                "{}, {}",
                plural(controls.len() as u32, "control", "controls"),
                plural(members.len() as u32, "task", "tasks")
            );
            let title = match coarseness {
                Theme::Action => format!("{action} ({counted})"),
                _ => format!("{theme} ({counted})"),
            };
            let id = format!("g-{}", slug(&theme));
            let assigned = ctx.assignments.get(&id);
            let due = assigned.and_then(|a| a.due).or(ctx.evidence_due());
            let base = members
                .iter()
                .map(|m| m.severity)
                .fold(Severity::Low, worst);
            PlanItem {
                id,
                level: PlanLevel::Task,
                kind,
                title,
                scope,
                severity: overdue_raised(base, due, today),
                count: members.iter().map(|m| m.count).sum(),
                owner: assigned.and_then(|a| a.owner.clone()),
                due,
                action,
                members,
            }
        })
        .collect()
}

/// Lower case letters and digits, other runs as one `-`: ids that read the same on every run.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}
