import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Attestation } from "../lib/gen/Attestation";
import type { ProviderEntry } from "../lib/gen/ProviderEntry";
import { formatDate } from "../lib/dates";
import AttestationForm from "./AttestationForm.svelte";

afterEach(() => clearMocks());

const REPORT: Attestation = {
  id: 7,
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
    exceptions_noted: false,
    subservice_method: "carve_out",
    subservice_organizations: [],
    cuecs: [],
    no_cuecs: false,
    exceptions: [],
    bridge_letter: { date: "2026-12-01", covers_to: "2026-12-31" },
    reference: "AWS Artifact",
  },
  outside_scope: [],
};

const AWS: ProviderEntry = { name: "AWS", services: ["EC2", "S3", "Lambda"], attestations: [REPORT], current: [7], review: null, csocs: [], third_party_services: [] };

function setDate(testid: string, value: string) {
  return fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe("AttestationForm", () => {
  it("says what is wrong with the dates, as Rust's check answers, before saving", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      throw { code: "invalid_input", field: "period_end", message: "the period ends (2026-03-31) before it starts (2026-10-01)" };
    });
    const onsaved = vi.fn();
    render(AttestationForm, { provider: AWS, editing: REPORT, onsaved, oncancel: vi.fn() });

    await setDate("att-period-start", "2026-10-01");
    await setDate("att-period-end", "2026-03-31");
    await fireEvent.click(screen.getByTestId("att-save"));

    await waitFor(() => expect(screen.getAllByTestId("att-error").map((e) => e.dataset.field)).toEqual(["periodEnd"]));
    const errors = screen.getAllByTestId("att-error");
    expect(errors[0].textContent).toMatch(/ends .* before it starts/);
    expect(screen.getByTestId("att-period-end").getAttribute("aria-invalid")).toBe("true");
    expect(calls).toEqual([
      { cmd: "check_attestation", args: { details: expect.objectContaining({ period_start: "2026-10-01", period_end: "2026-03-31" }) } },
    ]);
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("saves the edited report as ISO dates and shows the store's refusal on its field", async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    let refuse = true;
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      if (cmd === "check_attestation") return null;
      if (refuse) throw { code: "invalid_input", field: "bridge_letter", message: "it covers to 2025-01-15, which is not after the period end" };
      return { ...REPORT };
    });
    const onsaved = vi.fn();
    render(AttestationForm, { provider: AWS, editing: REPORT, onsaved, oncancel: vi.fn() });
    await setDate("att-period-start", "2023-10-01");
    await setDate("att-period-end", "2024-09-30");
    await setDate("att-bridge-date", "2024-12-01");
    await setDate("att-bridge-to", "2025-01-15");
    await fireEvent.click(screen.getByTestId("att-save"));

    await waitFor(() => expect(screen.getAllByTestId("att-error").map((e) => e.dataset.field)).toEqual(["bridgeCoversTo"]));
    expect(sent.map((s) => s.cmd)).toEqual(["check_attestation", "update_attestation"]);
    expect(sent[1]).toMatchObject({
      cmd: "update_attestation",
      args: {
        id: 7,
        attestation: {
          provider: "AWS",
          services: ["EC2", "S3"],
          details: { kind: "soc2", period_start: "2023-10-01", period_end: "2024-09-30", bridge_letter: { date: "2024-12-01", covers_to: "2025-01-15" } },
        },
      },
    });

    refuse = false;
    await fireEvent.click(screen.getByTestId("att-save"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith("Updated SOC 2 report of AWS"));
  });

  it("takes a typed ISO date as that day and shows it in the locale's style", async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      return cmd === "check_attestation" ? null : { ...REPORT };
    });
    render(AttestationForm, { provider: AWS, editing: REPORT, onsaved: vi.fn(), oncancel: vi.fn() });
    const start = screen.getByTestId("att-period-start") as HTMLInputElement;
    expect(start.value).toBe(formatDate("2025-10-01"));
    await fireEvent.input(start, { target: { value: "2026-04-01" } });
    await fireEvent.blur(start);
    expect(start.value).toBe(formatDate("2026-04-01"));
    await setDate("att-period-end", "2027-03-31");
    await setDate("att-bridge-date", "2027-04-15");
    await setDate("att-bridge-to", "2027-06-30");
    await fireEvent.click(screen.getByTestId("att-save"));
    await waitFor(() => expect(sent.map((c) => c.cmd)).toEqual(["check_attestation", "update_attestation"]));
    expect(sent[1]).toMatchObject({ args: { attestation: { details: { period_start: "2026-04-01", period_end: "2027-03-31" } } } });
  });

  it("says what typed text is not a date", async () => {
    mockIPC(() => undefined);
    render(AttestationForm, { provider: AWS, editing: REPORT, onsaved: vi.fn(), oncancel: vi.fn() });
    await setDate("att-period-start", "2026-02-30");
    await fireEvent.click(screen.getByTestId("att-save"));
    expect(screen.getAllByTestId("att-error").map((e) => e.dataset.field)).toEqual(["periodStart"]);
    expect(screen.getByTestId("att-period-start").getAttribute("aria-invalid")).toBe("true");
  });

  it("asks for a covered service and the kind's own fields on a new attestation", async () => {
    mockIPC(() => undefined);
    render(AttestationForm, { provider: { ...AWS, services: [] }, editing: null, onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.change(screen.getByTestId("att-kind"), { target: { value: "aoc" } });
    await fireEvent.click(screen.getByTestId("att-save"));
    const fields = screen.getAllByTestId("att-error").map((e) => e.dataset.field);
    expect(fields.sort()).toEqual(["date", "services"]);
  });

  it("assumes no BAA status: saving without one says so on the field", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => calls.push(cmd));
    render(AttestationForm, { provider: AWS, editing: null, onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.change(screen.getByTestId("att-kind"), { target: { value: "baa" } });
    const status = screen.getByTestId("att-baa-status") as HTMLSelectElement;
    expect(status.value).toBe("");
    await fireEvent.click(screen.getByTestId("att-save"));
    const errors = screen.getAllByTestId("att-error");
    expect(errors.map((e) => e.dataset.field)).toEqual(["baaStatus"]);
    expect(errors[0].textContent).toMatch(/Choose the BAA's status/);
    expect(status.getAttribute("aria-invalid")).toBe("true");
    expect(calls).toEqual([]);

    await fireEvent.change(status, { target: { value: "requested" } });
    await fireEvent.click(screen.getByTestId("att-save"));
    await waitFor(() => expect(calls).toEqual(["check_attestation", "add_attestation"]));
  });

  it("says which gaps a recorded attestation closed", async () => {
    mockIPC((cmd) => {
      if (cmd === "check_attestation") return null;
      if (cmd === "add_attestation")
        return {
          attestation: REPORT,
          closed: {
            total: 12,
            by_kind: [
              { kind: "provider_unattested", count: 10 },
              { kind: "phi_without_baa", count: 1 },
              { kind: "vendor_review_overdue", count: 1 },
            ],
          },
        };
      throw { code: "internal", message: `unknown command ${cmd}` };
    });
    const onsaved = vi.fn();
    render(AttestationForm, { provider: AWS, editing: null, onsaved, oncancel: vi.fn() });
    await setDate("att-period-start", "2025-10-01");
    await setDate("att-period-end", "2026-09-30");
    await fireEvent.click(screen.getByTestId("att-save"));
    await waitFor(() =>
      expect(onsaved).toHaveBeenCalledWith(
        "Recorded SOC 2 report of AWS. Closed 12 gaps: 10 provider rows now inherited, " +
          "1 service with PHI now under a BAA, Vendor review due (1).",
      ),
    );
  });
});
