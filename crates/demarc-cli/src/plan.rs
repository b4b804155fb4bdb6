//! `demarc gaps --grouped`: the work plan as text.

use demarc_core::plan::{plural, Plan, PlanLevel, Progress, Tally};

/// Management items, then task groups, each with its members indented; then the totals.
pub fn text(plan: &Plan) -> String {
    let mut out = format!("Work plan on {}\n", plan.as_of);
    for (level, heading) in [
        (PlanLevel::Management, "Management items"),
        (PlanLevel::Task, "Task groups"),
    ] {
        out += &format!("\n{heading}\n");
        for i in plan.items.iter().filter(|i| i.level == level) {
            let due = i.due.map(|d| format!(", due {d}")).unwrap_or_default();
            let owner = i
                .owner
                .as_ref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default();
            out += &format!(
                "{:<6}  {}  [{}: {}{due}{owner}]\n        {}\n        {}\n",
                i.severity.id(),
                i.title,
                plural(i.count, "gap", "gaps"),
                Tally::of(i).words(),
                i.scope,
                i.action
            );
            for m in &i.members {
                let owner = m
                    .owner
                    .as_ref()
                    .map(|o| format!(", {o}"))
                    .unwrap_or_default();
                // A member of a control names it: many share one cause and one title.
                let mut parts = Vec::new();
                if let (Some(f), Some(c)) = (m.framework, &m.control) {
                    if !m.title.contains(c.as_str()) {
                        parts.push(format!("{} {c}", f.label()));
                    }
                }
                let services = m.services.join(", ");
                if !services.is_empty() && !m.title.contains(&services) {
                    parts.push(services);
                }
                let control = if parts.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", parts.join(" on "))
                };
                out += &format!("        - {control}{} ({}{owner})\n", m.title, m.count);
            }
        }
    }
    if !plan.accepted.is_empty() {
        out += "\nAccepted risks\n";
        for a in &plan.accepted {
            out += &format!(
                "accepted  {}  [{}, until {}, approved by {}]\n        {}\n",
                a.title,
                plural(a.count, "gap", "gaps"),
                a.acceptance.expires,
                a.acceptance.approver,
                a.acceptance.reason
            );
        }
    }
    let gaps: u32 = plan.items.iter().map(|i| i.count).sum();
    out += &format!("\n{} entries, {gaps} gaps\n", plan.items.len());
    out
}

/// One line per day: open management items, tasks and gaps, with a bar of the tasks.
pub fn burndown_text(progress: &Progress) -> String {
    let mut out = "Day          Items  Tasks   Gaps\n".to_string();
    let most = progress
        .days
        .iter()
        .map(|d| d.tasks)
        .max()
        .unwrap_or(0)
        .max(1);
    for d in &progress.days {
        let bar = "#".repeat((d.tasks as usize * 40).div_ceil(most as usize));
        out += &format!(
            "{}  {:>5}  {:>5}  {:>5}  {bar}\n",
            d.day, d.management, d.tasks, d.gaps
        );
    }
    if let Some(due) = progress.evidence_due {
        out += &format!("\nEvidence due {due}");
        if let Some(start) = progress.audit_start {
            out += &format!(", audit window opens {start}");
        }
        out += "\n";
    }
    out
}

/// The plan as JSON: each item with what it counts, labelled (`counted`: its gaps, the matrix
/// rows and distinct controls they are on, the findings that are no row, and the same in
/// words, as the readiness report prints them).
pub fn json(plan: &Plan) -> serde_json::Value {
    let mut value = serde_json::to_value(plan).unwrap_or_default();
    if let Some(items) = value.get_mut("items").and_then(|i| i.as_array_mut()) {
        for (item, i) in items.iter_mut().zip(&plan.items) {
            let tally = Tally::of(i);
            let findings: serde_json::Map<String, serde_json::Value> = tally
                .findings
                .iter()
                .map(|((_, many), n)| (many.to_string(), (*n).into()))
                .collect();
            item["counted"] = serde_json::json!({
                "gaps": tally.gaps(),
                "row_gaps": tally.row_gaps,
                "rows": tally.rows.len(),
                "controls": tally.controls.len(),
                "findings": findings,
                "words": tally.words(),
            });
        }
    }
    value
}
