import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Attestation } from "../lib/gen/Attestation";
import CsocList from "./CsocList.svelte";
import ReportItems from "./ReportItems.svelte";

afterEach(() => clearMocks());

const report = (cuecs: string[], exceptions: string[] = []): Attestation => ({
  id: 3,
  provider: "AWS",
  services: ["EC2", "S3"],
  details: {
    kind: "soc2",
    report_type: "type2",
    period_start: "2025-10-01",
    period_end: "2026-09-30",
    issued: null,
    auditor: "Ernst & Young LLP",
    categories: ["security"],
    opinion: "unqualified",
    exceptions_noted: exceptions.length > 0,
    exceptions: exceptions.map((description) => ({ description, impact: null, response: null })),
    subservice_method: "carve_out",
    subservice_organizations: [],
    cuecs: cuecs.map((text) => ({ text, criteria: [], owner: null, evidence: null })),
    no_cuecs: false,
    bridge_letter: null,
    reference: "AWS Artifact",
  },
  outside_scope: [],
});

describe("ReportItems", () => {
  it("maps a CUEC to the client's criteria once, for the whole report", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return report(["Customers manage IAM"]);
    });
    const onsaved = vi.fn();
    render(ReportItems, { report: report(["Customers manage IAM", "Customers encrypt data"]), onsaved });
    expect(screen.getAllByTestId("cuec").map((c) => c.dataset.mapped)).toEqual(["false", "false"]);

    await fireEvent.click(screen.getAllByTestId("map-cuec")[1]);
    const form = screen.getByTestId("cuec-form");
    const [criteria, owner] = form.querySelectorAll("input");
    await fireEvent.input(criteria, { target: { value: "cc6.1, CC6.7" } });
    await fireEvent.input(owner, { target: { value: "Priya Raman" } });
    await fireEvent.submit(form);

    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(calls).toEqual([
      { cmd: "map_cuec", args: { id: 3, number: 2, mapping: { criteria: ["cc6.1", "CC6.7"], owner: "Priya Raman", evidence: null } } },
    ]);
  });

  it("asks whether a report without CUECs has none, and assesses an exception", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return report([]);
    });
    const onsaved = vi.fn();
    render(ReportItems, { report: report([], ["CC6.2: late removals"]), onsaved });
    await fireEvent.click(screen.getByTestId("no-cuecs"));
    await waitFor(() => expect(calls).toEqual(["confirm_no_cuecs"]));

    expect(screen.getByTestId("exception").dataset.assessed).toBe("false");
    await fireEvent.click(screen.getByTestId("assess-exception"));
    const form = screen.getByTestId("exception-form");
    const [impact, response] = form.querySelectorAll("input");
    await fireEvent.input(impact, { target: { value: "None" } });
    await fireEvent.input(response, { target: { value: "Checked our leaver log" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(calls).toEqual(["confirm_no_cuecs", "assess_exception"]));
  });
});

describe("CsocList", () => {
  it("shows the refusal Rust gives for a criterion it does not know", async () => {
    mockIPC(() => {
      throw { code: "invalid_input", field: "criteria", message: "\"Z9\" is not a SOC 2 criterion" };
    });
    render(CsocList, { provider: "AWS", csocs: [], onsaved: vi.fn() });
    await fireEvent.click(screen.getByTestId("add-csoc"));
    const form = screen.getByTestId("csoc-form");
    const [text, criteria] = form.querySelectorAll("input");
    await fireEvent.input(text, { target: { value: "AWS restricts physical access" } });
    await fireEvent.input(criteria, { target: { value: "Z9" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(screen.getByTestId("csoc-error").textContent).toMatch(/not a SOC 2 criterion/));
  });
});
