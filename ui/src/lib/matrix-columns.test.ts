import { describe, expect, it } from "vitest";
import { makeRow } from "../test/matrix-fixtures";
import { COLUMNS, DEFAULT_WIDTHS, loadWidths, minimumWidth, nextSort, sortRows, storeWidths, template } from "./matrix-columns";

describe("the matrix's columns", () => {
  it("sorts control IDs by their figures, stable within ties, either way", () => {
    const rows = ["AC-10", "AC-2", "AC-2(1)", "AC-1"].map((c) => makeRow("EC2", "fedramp_moderate" as never, c));
    expect(sortRows(rows, { column: "control", descending: false }).map((r) => r.control)).toEqual(["AC-1", "AC-2", "AC-2(1)", "AC-10"]);
    expect(sortRows(rows, { column: "control", descending: true }).map((r) => r.control)).toEqual(["AC-10", "AC-2(1)", "AC-2", "AC-1"]);
    const owners = [
      makeRow("EC2", "soc2", "CC1", { owner: "provider" }),
      makeRow("EC2", "soc2", "CC2", { owner: "customer" }),
      makeRow("EC2", "soc2", "CC3", { owner: "provider" }),
    ];
    expect(sortRows(owners, { column: "owner", descending: false }).map((r) => r.control)).toEqual(["CC2", "CC1", "CC3"]);
  });

  it("goes ascending, descending, then back to the matrix's order", () => {
    expect(nextSort(null, "title")).toEqual({ column: "title", descending: false });
    expect(nextSort({ column: "title", descending: false }, "title")).toEqual({ column: "title", descending: true });
    expect(nextSort({ column: "title", descending: true }, "title")).toBeNull();
    expect(nextSort({ column: "title", descending: true }, "owner")).toEqual({ column: "owner", descending: false });
  });

  it("keeps the widths set, within bounds, and ignores what it cannot read", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    storeWidths({ ...DEFAULT_WIDTHS, title: 30, owner: 0.5 }, storage);
    const read = loadWidths(storage);
    expect(read.title).toBe(30);
    expect(read.owner).toBe(3);
    store.set("demarc.matrix.widths", "not json");
    expect(loadWidths(storage)).toEqual(DEFAULT_WIDTHS);
  });

  it("builds the grid's template: growing columns take the room left", () => {
    const shown = COLUMNS.filter((c) => c.id === "control" || c.id === "title");
    expect(template(shown, DEFAULT_WIDTHS)).toBe(`${DEFAULT_WIDTHS.control}em minmax(${DEFAULT_WIDTHS.title}em, 1.3fr)`);
    expect(minimumWidth(shown, DEFAULT_WIDTHS)).toBe(DEFAULT_WIDTHS.control + DEFAULT_WIDTHS.title);
  });

  it("labels every header in full", () => {
    expect(COLUMNS.map((c) => c.label)).not.toContain("Evid.");
    expect(COLUMNS.every((c) => !c.label.endsWith("."))).toBe(true);
  });
});
