import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { InvokeArgs } from "@tauri-apps/api/core";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MatrixRow } from "../lib/gen/MatrixRow";
import { makeCrosswalkRow, makeEntityRow, makeRow } from "../test/matrix-fixtures";
import MatrixDetails from "./MatrixDetails.svelte";

afterEach(() => clearMocks());

function setup(row: MatrixRow) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd: string, args: InvokeArgs | undefined) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === "set_row_owner") return { ...row, row_owner: a.person };
    if (cmd === "set_na_justification") return { ...row, na_justification: a.text };
    if (cmd === "provider_row") {
      return { control_id: "AC-02", label: "Partial", provider_narrative: null, customer_narrative: "Customers manage accounts.", section: null };
    }
    if (cmd === "mark_reviewed") return { ...row, last_reviewed: { by: "dana", on: "2026-11-24" } };
    if (cmd === "set_control_scope") return null;
    throw { code: "internal", message: `unknown command ${cmd}` };
  });
  const onrow = vi.fn();
  const onmoved = vi.fn();
  const onaccept = vi.fn();
  render(MatrixDetails, { row, count: 1, onowner: vi.fn(), onrow, onmoved, onaccept, onerror: vi.fn() });
  return { calls, onrow, onmoved, onaccept };
}

describe("MatrixDetails", () => {
  it("shows a crosswalk row's trail, one line per way, and the crosswalk's source", () => {
    const row = makeCrosswalkRow(true, { reason: null });
    setup(row);
    const lines = screen.getAllByTestId("crosswalk-trail").map((l) => l.textContent);
    expect(lines).toEqual([
      "WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 12) → CCM IAM-09 → SOC 2 CC6.1 (CCM v4 to SOC 2, Map row 2, No Gap)",
    ]);
    const panel = screen.getByTestId("matrix-crosswalk").textContent ?? "";
    expect(panel).toContain("Decides: WhitePact IAM-09.1 (CAIQv4.0.3, row 12) says provider");
    expect(panel).toContain("CCM v4 to SOC 2: CSA 4.0.12; user's own copy; CCMv4.0.12.xlsx");
    expect(screen.queryByTestId("accept-crosswalk")).toBeNull();
    expect(screen.queryByTestId("matrix-reason")).toBeNull();
  });

  it("offers a suggestion with an Accept button a key reaches, and none once a person set the owner", async () => {
    const { onaccept } = setup(makeCrosswalkRow(false));
    expect(screen.getAllByTestId("crosswalk-suggestion")[0].textContent).toMatch(/\[suggestion\]$/);
    const accept = screen.getByTestId("accept-crosswalk");
    expect(accept.tagName).toBe("BUTTON");
    expect(accept.textContent).toContain("Accept the suggestion: Provider");
    await fireEvent.click(accept);
    expect(onaccept).toHaveBeenCalledTimes(1);
  });

  it("offers no suggestion on a row with an override", () => {
    setup(makeCrosswalkRow(false, { source: "override", reason: "crosswalk suggestion accepted: ..." }));
    expect(screen.getByTestId("crosswalk-suggested")).toBeTruthy();
    expect(screen.queryByTestId("accept-crosswalk")).toBeNull();
    expect(screen.getByTestId("matrix-reason").textContent).toContain("crosswalk suggestion accepted");
  });

  it("saves the accountable person and marks the row reviewed", async () => {
    const row = makeRow("Amazon S3", "soc2", "CC6.1");
    const { calls, onrow } = setup(row);
    await fireEvent.input(screen.getByTestId("row-owner"), { target: { value: "Priya Raman" } });
    await fireEvent.click(screen.getByTestId("row-owner-save"));
    await waitFor(() => expect(onrow).toHaveBeenCalledTimes(1));
    expect(calls[0]).toEqual({
      cmd: "set_row_owner",
      args: { serviceId: row.service_id, framework: "soc2", control: "CC6.1", person: "Priya Raman" },
    });
    await fireEvent.click(screen.getByTestId("mark-reviewed"));
    await waitFor(() => expect(onrow).toHaveBeenCalledTimes(2));
    expect(calls[1].cmd).toBe("mark_reviewed");
  });

  it("sets an entity-level row with no service and moves a control between levels", async () => {
    const entity = makeEntityRow("soc2", "CC1.1", {
      disagreement: "Amazon EC2: not applicable; Amazon S3: customer by default",
    });
    const { calls, onrow, onmoved } = setup(entity);
    expect(screen.getByTestId("matrix-scope").textContent).toContain("once for the engagement");
    expect(screen.getByTestId("matrix-disagreement").textContent).toContain("Amazon EC2: not applicable");
    await fireEvent.click(screen.getByTestId("mark-reviewed"));
    await waitFor(() => expect(onrow).toHaveBeenCalledTimes(1));
    expect(calls[0].args).toEqual({ serviceId: null, framework: "soc2", control: "CC1.1" });

    await fireEvent.input(screen.getByTestId("scope-reason"), { target: { value: "each team runs its own" } });
    await fireEvent.click(screen.getByTestId("scope-move"));
    await waitFor(() => expect(onmoved).toHaveBeenCalledWith("each team runs its own"));
    expect(calls[1]).toEqual({
      cmd: "set_control_scope",
      args: { framework: "soc2", control: "CC1.1", scope: "system", reason: "each team runs its own" },
    });
  });

  it("asks why a not-applicable row does not apply, and only then", async () => {
    setup(makeRow("Amazon S3", "soc2", "CC6.1"));
    expect(screen.queryByTestId("na-justification")).toBeNull();
    clearMocks();
    const { calls } = setup(makeRow("Amazon S3", "soc2", "CC6.4", { owner: "not_applicable" }));
    await fireEvent.input(screen.getByTestId("na-justification"), { target: { value: "No data centre of ours" } });
    await fireEvent.click(screen.getByTestId("na-justification-save"));
    await waitFor(() => expect(calls.map((c) => c.cmd)).toEqual(["set_na_justification"]));
  });

  it("opens the provider's row a matrix row came from", async () => {
    const source = {
      provider: "Acme", version: 1, file: "crm.xlsx", sheet: "CRM", row: 4,
      control_id: "AC-02", columns: ["B"], owner: "shared" as const,
    };
    const { calls } = setup(makeRow("Acme Apps", "nist80053", "AC-2", { provider_source: source, provider_label: "Partial" }));
    await fireEvent.click(screen.getByTestId("open-provider-row"));
    await waitFor(() => expect(screen.getByTestId("provider-row").textContent).toContain("Customers manage accounts."));
    expect(calls[0]).toEqual({ cmd: "provider_row", args: { source } });
  });
});
