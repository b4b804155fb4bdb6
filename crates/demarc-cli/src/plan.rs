//! `demarc gaps --grouped`: the work plan as text.

use demarc_core::plan::{Plan, PlanLevel, Progress};

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
                "{:<6}  {}  [{} gaps{due}{owner}]\n        {}\n        {}\n",
                i.severity.id(),
                i.title,
                i.count,
                i.scope,
                i.action
            );
            for m in &i.members {
                let owner = m
                    .owner
                    .as_ref()
                    .map(|o| format!(", {o}"))
                    .unwrap_or_default();
                out += &format!("        - {} ({}{owner})\n", m.title, m.count);
            }
        }
    }
    if !plan.accepted.is_empty() {
        out += "\nAccepted risks\n";
        for a in &plan.accepted {
            out += &format!(
                "accepted  {}  [{} gaps, until {}, approved by {}]\n        {}\n",
                a.title, a.count, a.acceptance.expires, a.acceptance.approver, a.acceptance.reason
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
