// The work plan's logic, free of the DOM: which entries a filter keeps, and the burn-down
// chart's bars.
import type { Plan } from "./gen/Plan";
import type { PlanItem } from "./gen/PlanItem";
import type { Progress } from "./gen/Progress";
import type { Severity } from "./gen/Severity";

export type PlanFilters = {
  severity: Severity | "";
  /** A team member's name: only what they have. */
  owner: string;
  text: string;
};

export const NO_PLAN_FILTERS: PlanFilters = { severity: "", owner: "", text: "" };

const same = (a: string | null | undefined, b: string) => (a ?? "").trim().toLowerCase() === b.trim().toLowerCase();

/** The entries the filters keep; of an entry not given to `owner`, only the tasks given to them. */
export function filterPlan(items: PlanItem[], f: PlanFilters): PlanItem[] {
  const words = f.text.trim().toLowerCase();
  const out: PlanItem[] = [];
  for (const i of items) {
    let item = i;
    if (f.owner && !same(i.owner, f.owner)) {
      const members = i.members.filter((m) => same(m.owner, f.owner));
      if (members.length === 0) continue;
      item = { ...i, members, count: members.reduce((n, m) => n + m.count, 0) };
    }
    if (f.severity && item.severity !== f.severity) continue;
    if (words) {
      const hay = [item.title, item.scope, item.action, ...item.members.map((m) => m.title)].join(" ").toLowerCase();
      if (!hay.includes(words)) continue;
    }
    out.push(item);
  }
  return out;
}

/** How many management items and tasks, and the gaps they stand for. */
export function planCounts(plan: Plan | null): { management: number; tasks: number; gaps: number } {
  const items = plan?.items ?? [];
  return {
    management: items.filter((i) => i.level === "management").length,
    tasks: items.filter((i) => i.level === "task").reduce((n, i) => n + i.members.length, 0),
    gaps: items.reduce((n, i) => n + i.count, 0),
  };
}

export type Bar = { x: number; width: number; tasks: number; management: number; day: string };

/** The burn-down's bars in a `width` by `height` box: tasks below, management items on top. */
export function burndownBars(progress: Progress | null, width: number, height: number): Bar[] {
  const days = progress?.days ?? [];
  if (days.length === 0) return [];
  const most = Math.max(1, ...days.map((d) => d.tasks + d.management));
  const slot = width / days.length;
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  return days.map((d, k) => ({
    x: slot * k + (slot - bar) / 2,
    width: bar,
    tasks: (d.tasks / most) * height,
    management: (d.management / most) * height,
    day: d.day,
  }));
}
