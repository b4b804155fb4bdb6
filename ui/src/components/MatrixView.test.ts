import type { InvokeArgs } from "@tauri-apps/api/core";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MatrixRow } from "../lib/gen/MatrixRow";
import { reactiveFilters } from "../test/filters.svelte";
import { makeCrosswalkRow, makeEntityRow, makeRow, manyRows } from "../test/matrix-fixtures";
import MatrixView from "./MatrixView.svelte";

type Call = { cmd: string; args: Record<string, unknown> };

function setup(rows: MatrixRow[]) {
  const calls: Call[] = [];
  mockIPC((cmd: string, args: InvokeArgs | undefined) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === "matrix") {
      const { service, scope } = a.filter as { service: string | null; scope?: string | null };
      return structuredClone(
        rows.filter((r) => (service === null || r.service === service) && (!scope || r.scope === scope)),
      );
    }
    if (cmd === "gaps") {
      const flagged = rows.filter((r) => r.owner === "customer" && r.evidence.length === 0);
      return {
        today: "2026-11-24",
        gaps: flagged.map((r) => ({
          service: r.service,
          framework: r.framework,
          control: r.control,
          link: { to: "row", service_id: r.service_id, framework: r.framework, control: r.control },
        })),
      };
    }
    if (cmd === "set_rows_owner") {
      const keys = a.rows as { service_id: number | null; control: string }[];
      const changed = rows.filter((r) => keys.some((k) => k.service_id === r.service_id && k.control === r.control));
      for (const row of changed) Object.assign(row, { owner: a.owner, source: "override", reason: a.reason });
      return changed.length;
    }
    if (cmd === "accept_crosswalk_suggestion") {
      const row = rows.find((r) => r.service_id === a.serviceId && r.control === a.control)!;
      Object.assign(row, { owner: row.crosswalk!.suggested!.owner, source: "override", reason: "crosswalk suggestion accepted: ..." });
      return structuredClone(row);
    }
    if (cmd === "crosswalk_coverage") {
      return [{ framework: "soc2", controls: 2, direct: 0, crosswalk: 1, suggestion: 1, none: 0, entity: 0 }];
    }
    throw { code: "internal", message: `unknown command ${cmd}` };
  });
  const onsaved = vi.fn();
  const onerror = vi.fn();
  const view = render(MatrixView, { filters: reactiveFilters(), reasons: ["Agreed in workshop"], onsaved, onerror });
  return { calls, onsaved, onerror, view };
}

const shownRows = () => screen.queryAllByTestId("matrix-row");
const key = (key: string, shiftKey = false) => new KeyboardEvent("keydown", { key, shiftKey });

afterEach(() => clearMocks());

describe("MatrixView", () => {
  it("draws only the rows in sight, however many there are", async () => {
    setup(manyRows(60000));
    await waitFor(() => expect(screen.getByTestId("matrix-count").textContent).toContain("60,000 of 60,000"));
    expect(shownRows().length).toBeGreaterThan(0);
    expect(shownRows().length).toBeLessThan(60);
  });

  it("filters by framework and by text", async () => {
    setup([
      makeRow("Amazon EC2", "soc2", "CC6.1"),
      makeRow("Amazon EC2", "hipaa", "164.312(b)", { title: "Audit controls" }),
      makeRow("Amazon RDS", "soc2", "CC7.2"),
    ]);
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    await fireEvent.change(screen.getByTestId("matrix-filter-framework"), { target: { value: "soc2" } });
    expect(shownRows().map((r) => r.dataset.control)).toEqual(["CC6.1", "CC7.2"]);
    await fireEvent.change(screen.getByTestId("matrix-filter-framework"), { target: { value: "" } });
    await fireEvent.input(screen.getByTestId("matrix-filter-text"), { target: { value: "audit" } });
    expect(shownRows().map((r) => r.dataset.control)).toEqual(["164.312(b)"]);
    expect(screen.getByTestId("matrix-details").textContent).toContain("Audit controls");
  });

  it("sets the owner of the selected rows with one reason", async () => {
    const rows = [makeRow("Amazon EC2", "soc2", "CC6.1"), makeRow("Amazon EC2", "soc2", "CC6.2"), makeRow("Amazon EC2", "soc2", "CC6.3")];
    const { calls, onsaved, view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    expect(view.component.handleKey(key("ArrowDown", true))).toBe(true);
    expect(view.component.handleKey(key("2"))).toBe(true);
    await tick();
    expect(screen.getByTestId("matrix-prompt").textContent).toContain("2 rows");
    await fireEvent.click(screen.getByTestId("reason-suggestion"));
    await fireEvent.click(screen.getByTestId("reason-save"));

    await waitFor(() => expect(onsaved).toHaveBeenCalledWith("Agreed in workshop"));
    const sets = calls.filter((c) => c.cmd === "set_rows_owner").map((c) => c.args);
    expect(sets).toEqual([
      {
        rows: ["CC6.1", "CC6.2"].map((control) => ({ service_id: rows[0].service_id, framework: "soc2", control })),
        owner: "shared",
        reason: "Agreed in workshop",
      },
    ]);
    await waitFor(() => expect(shownRows().map((r) => r.dataset.owner)).toEqual(["shared", "shared", "customer"]));
    expect(shownRows()[0].dataset.source).toBe("override");
    await waitFor(() => expect(screen.queryByTestId("matrix-prompt")).toBeNull());
  });

  it("reads again only the rows of the services a change touched", async () => {
    const rows = [makeRow("Amazon EC2", "soc2", "CC6.1"), makeRow("Amazon RDS", "soc2", "CC6.1"), makeRow("Amazon EC2", "soc2", "CC6.2")];
    const { calls, view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    view.component.handleKey(key("3"));
    await tick();
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "SOC 2 report" } });
    await fireEvent.click(screen.getByTestId("reason-save"));
    await waitFor(() => expect(screen.queryByTestId("matrix-prompt")).toBeNull());
    expect(calls.filter((c) => c.cmd === "matrix").map((c) => c.args.filter)).toEqual([
      { service: null, framework: null, scope: null },
      { service: "Amazon EC2", framework: null, scope: null },
    ]);
    expect(shownRows().map((r) => `${r.dataset.service} ${r.dataset.control} ${r.dataset.owner}`)).toEqual([
      "Amazon EC2 CC6.1 inherited",
      "Amazon EC2 CC6.2 customer",
      "Amazon RDS CC6.1 customer",
    ]);
  });

  it("shows an entity-level row once as Entity, filters by level and sets it with no service", async () => {
    const rows = [
      makeEntityRow("soc2", "CC1.1"),
      makeRow("Amazon EC2", "soc2", "CC6.1"),
      makeRow("Amazon RDS", "soc2", "CC6.1"),
    ];
    const { calls, view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    expect(shownRows()[0].dataset.service).toBe("Entity");
    expect(shownRows()[0].dataset.scope).toBe("entity");
    await fireEvent.change(screen.getByTestId("matrix-filter-scope"), { target: { value: "entity" } });
    await waitFor(() => expect(shownRows().map((r) => r.dataset.control)).toEqual(["CC1.1"]));
    expect(screen.getByTestId("matrix-scope").textContent).toContain("once for the engagement");

    view.component.handleKey(key("2"));
    await tick();
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "HR and each team" } });
    await fireEvent.click(screen.getByTestId("reason-save"));
    await waitFor(() => expect(screen.queryByTestId("matrix-prompt")).toBeNull());
    const set = calls.find((c) => c.cmd === "set_rows_owner");
    expect(set?.args.rows).toEqual([{ service_id: null, framework: "soc2", control: "CC1.1" }]);
    // Only the entity rows are read again.
    expect(calls.filter((c) => c.cmd === "matrix").map((c) => c.args.filter)).toEqual([
      { service: null, framework: null, scope: null },
      { service: null, framework: null, scope: "entity" },
    ]);
    await fireEvent.change(screen.getByTestId("matrix-filter-scope"), { target: { value: "" } });
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    expect(shownRows()[0].dataset.owner).toBe("shared");
  });

  it("shows the provider's label and where it was read, and accepts the provider's value", async () => {
    const provider_source = {
      provider: "AWS",
      version: 2,
      file: "aws-crm.xlsx",
      sheet: "Controls",
      row: 41,
      control_id: "CC6.1",
      columns: ["D"],
      owner: "inherited" as const,
    };
    setup([makeRow("Amazon EC2", "soc2", "CC6.1", { owner: "customer", source: "override", reason: "ours", provider_label: "AWS", provider_source })]);
    await waitFor(() => expect(shownRows()).toHaveLength(1));
    const provider = screen.getByTestId("matrix-provider").textContent ?? "";
    expect(provider).toContain("“AWS” for CC6.1");
    expect(provider).toContain("aws-crm.xlsx, sheet Controls, row 41, column D");
    await fireEvent.click(screen.getByTestId("accept-provider"));
    expect(screen.getByTestId("matrix-prompt").textContent).toContain("Inherited");
  });

  it("shows only the rows with a gap when the gap filter asks for them", async () => {
    const evidenced = makeRow("Amazon EC2", "soc2", "CC6.2");
    evidenced.evidence = [{ id: 1, title: "Access review Q3", location: "wiki", date: null, owner: null, due_date: null }];
    setup([makeRow("Amazon EC2", "soc2", "CC6.1"), evidenced]);
    await waitFor(() => expect(shownRows()).toHaveLength(2));
    const gap = screen.getByTestId("matrix-filter-gap") as HTMLSelectElement;
    gap.selectedIndex = 1;
    await fireEvent.change(gap);
    await waitFor(() => expect(shownRows().map((r) => r.dataset.control)).toEqual(["CC6.1"]));
  });

  it("asks nothing and calls nothing when the prompt is cancelled", async () => {
    const { calls, view } = setup([makeRow("Amazon EC2", "soc2", "CC6.1")]);
    await waitFor(() => expect(shownRows()).toHaveLength(1));
    // Shift+P: plain p opens the providers view.
    view.component.handleKey(key("P", true));
    await tick();
    await fireEvent.keyDown(screen.getByTestId("reason-input"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("matrix-prompt")).toBeNull());
    expect(calls.map((c) => c.cmd)).toEqual(["matrix", "gaps"]);
  });

  it("puts the cursor on the first row found after a filter, so the next digit changes a row in sight", async () => {
    const rows = ["CC6.1", "CC6.2", "CC6.3", "CC7.1", "CC7.2", "CC8.1"].map((c) => makeRow("Amazon EC2", "soc2", c));
    const { calls, view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(6));
    for (let i = 0; i < 4; i++) view.component.handleKey(key("ArrowDown"));
    await tick();
    expect(screen.getByTestId("matrix-details").textContent).toContain("CC7.2");
    await fireEvent.input(screen.getByTestId("matrix-filter-text"), { target: { value: "CC6" } });
    await tick();
    const cursor = () => shownRows().find((r) => r.classList.contains("cursor"))?.dataset.control;
    expect(cursor()).toBe("CC6.1");
    view.component.handleKey(key("2"));
    await tick();
    expect(screen.getByTestId("matrix-prompt").textContent).toContain("CC6.1");
    await fireEvent.click(screen.getByTestId("reason-suggestion"));
    await fireEvent.click(screen.getByTestId("reason-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "set_rows_owner")).toBe(true));
    expect((calls.find((c) => c.cmd === "set_rows_owner")!.args.rows as { control: string }[]).map((r) => r.control)).toEqual(["CC6.1"]);
  });

  it("sorts by a column header: ascending, descending, then back; the row under the cursor stays under it", async () => {
    const rows = [
      makeRow("Amazon EC2", "soc2", "CC6.10", { owner: "provider" }),
      makeRow("Amazon EC2", "soc2", "CC6.2", { owner: "customer" }),
      makeRow("Amazon EC2", "soc2", "CC6.1", { owner: "shared" }),
    ];
    const { view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    view.component.handleKey(key("ArrowDown"));
    const sortBy = (column: string) => screen.getAllByTestId("matrix-sort").find((b) => b.dataset.column === column)!;
    const controls = () => shownRows().map((r) => r.dataset.control);
    const cursor = () => shownRows().find((r) => r.classList.contains("cursor"))?.dataset.control;

    await fireEvent.click(sortBy("control"));
    expect(controls()).toEqual(["CC6.1", "CC6.2", "CC6.10"]);
    expect(sortBy("control").closest("[role=columnheader]")?.getAttribute("aria-sort")).toBe("ascending");
    expect(cursor()).toBe("CC6.2");
    await fireEvent.click(sortBy("control"));
    expect(controls()).toEqual(["CC6.10", "CC6.2", "CC6.1"]);
    await fireEvent.click(sortBy("control"));
    expect(controls()).toEqual(["CC6.10", "CC6.2", "CC6.1"]);
    expect(sortBy("control").closest("[role=columnheader]")?.getAttribute("aria-sort")).toBe("none");
    // Owner sorts in the legend's order: customer, shared, inherited, provider.
    await fireEvent.click(sortBy("owner"));
    expect(controls()).toEqual(["CC6.2", "CC6.1", "CC6.10"]);
  });

  it("accepts a crosswalk suggestion on x and counts the coverage on v", async () => {
    const rows = [makeCrosswalkRow(true, { control: "CC6.7" }), makeCrosswalkRow(false, { control: "CC7.2" })];
    const { calls, view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(2));
    expect(shownRows()[0].querySelector(".source")?.textContent).toBe("Crosswalk");
    // The row a crosswalk decides offers nothing to accept: x does nothing there.
    expect(view.component.handleKey(key("x"))).toBe(false);
    view.component.handleKey(key("ArrowDown"));
    await tick();
    expect(view.component.handleKey(key("x"))).toBe(true);
    await waitFor(() => expect(shownRows()[1].dataset.source).toBe("override"));
    expect(calls.find((c) => c.cmd === "accept_crosswalk_suggestion")?.args).toEqual({
      serviceId: rows[1].service_id,
      framework: "soc2",
      control: "CC7.2",
    });
    expect(shownRows()[1].dataset.owner).toBe("provider");

    expect(view.component.handleKey(key("v"))).toBe(true);
    await waitFor(() => expect(screen.getByTestId("coverage-row")).toBeTruthy());
    const counts = [...screen.getByTestId("coverage-row").querySelectorAll<HTMLElement>("[data-count]")].map(
      (td) => `${td.dataset.count} ${td.dataset.value}`,
    );
    expect(counts).toEqual(["controls 2", "direct 0", "crosswalk 1", "suggestion 1", "none 0", "entity 0"]);
    // Its button shows the framework's crosswalk rows.
    await fireEvent.click(screen.getByTestId("coverage-show"));
    await waitFor(() => expect(screen.queryByTestId("coverage-dialog")).toBeNull());
    expect(shownRows().map((r) => r.dataset.control)).toEqual(["CC6.7"]);
  });

  it("shows the row under the cursor large in reading mode, following the cursor", async () => {
    const rows = [
      makeRow("Amazon EC2", "soc2", "CC6.1", { title: "Logical access security software" }),
      makeRow("Amazon EC2", "soc2", "CC6.2", { title: "Registration and authorization of new users" }),
    ];
    const { view } = setup(rows);
    await waitFor(() => expect(shownRows()).toHaveLength(2));
    expect(view.component.handleKey(key("r"))).toBe(true);
    await tick();
    const reading = () => screen.getByTestId("matrix-reading");
    expect(reading().textContent).toContain("Logical access security software");
    expect(reading().textContent).toContain("row 1 of 2");
    view.component.handleKey(key("ArrowDown"));
    await tick();
    expect(reading().textContent).toContain("Registration and authorization of new users");
    view.component.handleKey(key("Escape"));
    await tick();
    expect(screen.queryByTestId("matrix-reading")).toBeNull();
  });

  it("wraps long text in taller rows on w, and sizes a column from the keyboard", async () => {
    setup([makeRow("Amazon EC2", "soc2", "CC6.1")]);
    await waitFor(() => expect(shownRows()).toHaveLength(1));
    expect(shownRows()[0].style.height).toBe("34px");
    await fireEvent.click(screen.getByTestId("matrix-wrap"));
    expect(shownRows()[0].style.height).toBe("66px");
    expect(screen.getByTestId("matrix-wrap").getAttribute("aria-pressed")).toBe("true");

    const grid = screen.getByTestId("matrix-grid");
    const handle = screen.getAllByTestId("matrix-resize").find((h) => h.dataset.column === "title")!;
    const before = Number(handle.getAttribute("aria-valuenow"));
    await fireEvent.keyDown(handle, { key: "ArrowRight", shiftKey: true });
    expect(Number(handle.getAttribute("aria-valuenow"))).toBe(before + 4);
    expect(grid.style.getPropertyValue("--columns")).toContain(`minmax(${before + 4}em`);
    expect(JSON.parse(localStorage.getItem("demarc.matrix.widths")!).title).toBe(before + 4);
    localStorage.removeItem("demarc.matrix.widths");
  });

  it("keeps Tab inside the owner prompt and gives the focus back to the rows", async () => {
    const { view } = setup([makeRow("Amazon EC2", "soc2", "CC6.1")]);
    await waitFor(() => expect(shownRows()).toHaveLength(1));
    const grid = screen.getByTestId("matrix-grid");
    grid.focus();
    view.component.handleKey(key("3"));
    await tick();
    const prompt = screen.getByTestId("matrix-prompt");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("reason-input")));
    const last = screen.getByTestId("reason-suggestion");
    last.focus();
    await fireEvent.keyDown(last, { key: "Tab" });
    expect(prompt.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).toBe(screen.getByTestId("reason-input"));
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("matrix-prompt")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(grid));
  });
});
