import { describe, expect, it } from "vitest";
import type { PlanItem } from "./gen/PlanItem";
import { burndownBars, filterPlan, NO_PLAN_FILTERS, planCounts } from "./plan";

const member = (id: string, owner: string | null) => ({
  id,
  kind: "customer_no_evidence",
  title: `SOC 2 ${id}`,
  framework: "soc2" as const,
  control: id,
  services: ["Amazon S3"],
  severity: "medium" as const,
  count: 2,
  owner,
  due: null,
});

const group: PlanItem = {
  id: "g-soc-2",
  level: "task",
  kind: "customer_no_evidence",
  title: "SOC 2 CC6 (2 controls)",
  scope: "Amazon S3",
  severity: "medium",
  count: 4,
  members: [member("CC6.1", "Dana"), member("CC6.2", null)],
  owner: null,
  due: null,
  action: "Add evidence",
};

const item: PlanItem = { ...group, id: "m-aoc", level: "management", title: "AWS AOC", severity: "high", members: [], count: 3, owner: "Lee" };

describe("the work plan's filters", () => {
  it("keeps a person's own entries whole and only their tasks of the others", () => {
    const mine = filterPlan([item, group], { ...NO_PLAN_FILTERS, owner: "dana" });
    expect(mine.map((i) => i.id)).toEqual(["g-soc-2"]);
    expect(mine[0].members.map((m) => m.id)).toEqual(["CC6.1"]);
    expect(mine[0].count).toBe(2);
    expect(filterPlan([item, group], { ...NO_PLAN_FILTERS, owner: "Lee" })).toEqual([item]);
  });

  it("filters by severity and words", () => {
    expect(filterPlan([item, group], { ...NO_PLAN_FILTERS, severity: "high" })).toEqual([item]);
    expect(filterPlan([item, group], { ...NO_PLAN_FILTERS, text: "cc6.2" }).map((i) => i.id)).toEqual(["g-soc-2"]);
  });

  it("counts items, tasks and gaps", () => {
    expect(planCounts({ as_of: "2026-12-01", items: [item, group], accepted: [] })).toEqual({ management: 1, tasks: 2, gaps: 7 });
  });

  it("draws one bar a day, the tallest filling the box", () => {
    const bars = burndownBars(
      {
        days: [
          { day: "2026-11-01", management: 10, tasks: 90, gaps: 500 },
          { day: "2026-11-02", management: 5, tasks: 45, gaps: 250 },
        ],
        evidence_due: null,
        audit_start: null,
      },
      200,
      100,
    );
    expect(bars).toHaveLength(2);
    expect(bars[0].tasks + bars[0].management).toBeCloseTo(100);
    expect(bars[1].tasks).toBeCloseTo(45);
    expect(bars[1].x).toBeGreaterThan(bars[0].x);
  });
});
