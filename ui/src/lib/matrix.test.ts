import { describe, expect, it } from "vitest";
import { makeEntityRow, makeRow } from "../test/matrix-fixtures";
import {
  EMPTY_SELECTION,
  filterRows,
  gapKey,
  gapRows,
  inFamily,
  move,
  NO_FILTERS,
  rowKey,
  serviceLabel,
  targets,
  toggle,
  windowOf,
} from "./matrix";

const rows = [
  makeRow("Amazon EC2", "soc2", "CC6.1", { title: "Logical access" }),
  makeRow("Amazon EC2", "soc2", "CC7.2", { owner: "shared", explanation: "shared: operating system is the provider's" }),
  makeRow("Amazon RDS", "hipaa", "164.312(b)", { owner: "provider", source: "override", reason: "Audit logs from AWS" }),
  makeRow("Amazon RDS", "pci_dss", "8.4.2", { owner: "shared" }),
  makeRow("Amazon RDS", "pci_dss", "8.45", { customer_part: "Encrypts backups" }),
];
const controls = (list: { control: string }[]) => list.map((r) => r.control);

describe("filterRows", () => {
  it("keeps only the rows the gap rules flag when asked", () => {
    const flagged = new Set([gapKey(rows[1].service, rows[1].framework, rows[1].control)]);
    expect(filterRows(rows, { ...NO_FILTERS, gaps: true }, flagged)).toEqual([rows[1]]);
    expect(filterRows(rows, { ...NO_FILTERS, gaps: true })).toEqual([]);
    expect(filterRows(rows, NO_FILTERS, flagged)).toHaveLength(rows.length);
  });

  it("keeps everything without filters", () => {
    expect(filterRows(rows, NO_FILTERS)).toHaveLength(rows.length);
  });

  it("combines framework, owner, source and service", () => {
    expect(controls(filterRows(rows, { ...NO_FILTERS, framework: "pci_dss" }))).toEqual(["8.4.2", "8.45"]);
    expect(controls(filterRows(rows, { ...NO_FILTERS, owner: "shared" }))).toEqual(["CC7.2", "8.4.2"]);
    expect(controls(filterRows(rows, { ...NO_FILTERS, source: "override" }))).toEqual(["164.312(b)"]);
    expect(controls(filterRows(rows, { ...NO_FILTERS, service: "Amazon RDS", owner: "shared" }))).toEqual(["8.4.2"]);
  });

  it("reads a family up to a separator, as the store does", () => {
    expect(controls(filterRows(rows, { ...NO_FILTERS, family: "8.4" }))).toEqual(["8.4.2"]);
    expect(controls(filterRows(rows, { ...NO_FILTERS, family: "cc6" }))).toEqual(["CC6.1"]);
    expect(inFamily("164.312", "164.312(b)")).toBe(true);
    expect(inFamily("C1", "CC1.1")).toBe(false);
    expect(inFamily("AC-", "AC-2")).toBe(true);
    expect(inFamily(" ", "AC-2")).toBe(false);
  });

  it("finds text in control, title, explanation, reason and customer's part, any case", () => {
    const find = (text: string) => controls(filterRows(rows, { ...NO_FILTERS, text }));
    expect(find("logical")).toEqual(["CC6.1"]);
    expect(find("OPERATING")).toEqual(["CC7.2"]);
    expect(find("audit logs")).toEqual(["164.312(b)"]);
    expect(find("encrypts")).toEqual(["8.45"]);
    expect(find("164.312")).toEqual(["164.312(b)"]);
    expect(find("  ")).toHaveLength(rows.length);
  });
});

describe("entity-level rows", () => {
  const entity = makeEntityRow("soc2", "CC1.1");
  const all = [entity, ...rows];

  it("show as the service Entity and filter by service or level", () => {
    expect(serviceLabel(entity)).toBe("Entity");
    expect(controls(filterRows(all, { ...NO_FILTERS, service: "Entity" }))).toEqual(["CC1.1"]);
    expect(controls(filterRows(all, { ...NO_FILTERS, scope: "entity" }))).toEqual(["CC1.1"]);
    expect(filterRows(all, { ...NO_FILTERS, scope: "system" })).toHaveLength(rows.length);
    expect(controls(filterRows(all, { ...NO_FILTERS, text: "entity" }))).toEqual(["CC1.1"]);
  });

  it("have a key of their own and meet their gaps", () => {
    expect(rowKey(entity)).toBe("entity|soc2|CC1.1");
    const keys = gapRows({
      today: "2026-11-24",
      gaps: [
        {
          kind: "customer_no_evidence",
          severity: "medium",
          service: null,
          provider: null,
          framework: "soc2",
          control: "CC1.1",
          message: "",
          why: "",
          fix: "",
          link: { to: "row", service_id: null, framework: "soc2", control: "CC1.1" },
        },
      ],
      by_service: [],
      by_framework: [],
      by_kind: [],
      accepted: [],
    });
    expect(filterRows(all, { ...NO_FILTERS, gaps: true }, keys)).toEqual([entity]);
  });
});

describe("selection", () => {
  it("moves the cursor inside the rows", () => {
    let s = move(rows, EMPTY_SELECTION, -1, false);
    expect(s.cursor).toBe(0);
    s = move(rows, s, 10, false);
    expect(s).toMatchObject({ cursor: 4, anchor: 4 });
    expect(s.picked.size).toBe(0);
  });

  it("selects the range from the anchor with Shift, either way", () => {
    let s = move(rows, { ...EMPTY_SELECTION, cursor: 1, anchor: 1 }, 2, true);
    expect([...s.picked]).toEqual([rows[1], rows[2], rows[3]].map(rowKey));
    s = move(rows, s, -3, true);
    expect(s.cursor).toBe(0);
    expect([...s.picked]).toEqual([rows[0], rows[1]].map(rowKey));
  });

  it("adds and removes single rows with Space, and keeps them while moving", () => {
    let s = toggle(rows, EMPTY_SELECTION);
    s = move(rows, s, 2, false);
    s = toggle(rows, s);
    expect(controls(targets(rows, s))).toEqual(["CC6.1", "164.312(b)"]);
    s = toggle(rows, s);
    expect(controls(targets(rows, s))).toEqual(["CC6.1"]);
  });

  it("changes the row under the cursor when none is picked, and only picked rows still shown", () => {
    const s = move(rows, EMPTY_SELECTION, 3, false);
    expect(controls(targets(rows, s))).toEqual(["8.4.2"]);
    const picked = { ...s, picked: new Set([rowKey(rows[0]), rowKey(rows[4])]) };
    expect(controls(targets(rows.slice(1), { ...picked, cursor: 0 }))).toEqual(["8.45"]);
    expect(targets([], EMPTY_SELECTION)).toEqual([]);
  });
});

describe("windowOf", () => {
  it("draws the rows in sight and a few either side", () => {
    expect(windowOf(0, 340, 34, 60000, 5)).toEqual({ start: 0, end: 15 });
    expect(windowOf(34 * 1000, 340, 34, 60000, 5)).toEqual({ start: 995, end: 1015 });
    expect(windowOf(34 * 59995, 340, 34, 60000, 5)).toEqual({ start: 59990, end: 60000 });
    expect(windowOf(0, 340, 34, 0)).toEqual({ start: 0, end: 0 });
  });
});
