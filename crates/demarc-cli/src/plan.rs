//! `demarc gaps --grouped`: the work plan as text.

use demarc_core::plan::{Plan, PlanLevel};

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
            out += &format!(
                "{:<6}  {}  [{} gaps{due}]\n        {}\n        {}\n",
                i.severity.id(),
                i.title,
                i.count,
                i.scope,
                i.action
            );
            for m in &i.members {
                out += &format!("        - {} ({})\n", m.title, m.count);
            }
        }
    }
    let gaps: u32 = plan.items.iter().map(|i| i.count).sum();
    out += &format!("\n{} entries, {gaps} gaps\n", plan.items.len());
    out
}
