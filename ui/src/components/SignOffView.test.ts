import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SignOff } from "../lib/gen/SignOff";
import SignOffView from "./SignOffView.svelte";

afterEach(() => clearMocks());

const DRAFT: SignOff = {
  version: "0.2",
  state: "draft",
  approval: null,
  stale: null,
  undetermined: 3,
  unreviewed: 15,
  returned: 1,
  changes: {
    version: "0.2",
    since: "0.1",
    counts: [{ kind: "attestations", count: 1 }],
    entries: [
      {
        id: 82,
        at: "2027-01-04T10:00:00Z",
        who: "Dana",
        subject: 'provider "AWS" soc2 #1',
        about: { kind: "attestation", provider: "AWS", attestation_id: 1, attestation: "soc2" },
        old_value: null,
        new_value: "AWS SOC 2 Type II",
        reason: null,
        review: { state: "unreviewed" },
      },
    ],
  },
  versions: [
    { version: "0.1", after: 0, at: "2027-01-01T09:00:00Z", by: "Dana", note: null },
    { version: "0.2", after: 81, at: "2027-01-03T09:00:00Z", by: "Dana", note: "After workshop 1" },
  ],
  approvals: [],
};

describe("SignOffView", () => {
  it("shows the draft with what holds it back, each a link", async () => {
    mockIPC((cmd) => (cmd === "sign_off" ? DRAFT : null));
    const onundetermined = vi.fn();
    const onlog = vi.fn();
    render(SignOffView, { onundetermined, onlog, onsaved: vi.fn(), onerror: vi.fn() });
    const statement = await screen.findByTestId("signoff-statement");
    expect(statement.dataset.state).toBe("draft");
    expect(statement.textContent).toContain("version 0.2");
    expect(screen.getByTestId("signoff-changes").textContent).toContain("1 decision since version 0.1");
    expect(screen.getByText("After workshop 1")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("signoff-undetermined"));
    expect(onundetermined).toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("signoff-unreviewed"));
    expect(onlog).toHaveBeenCalledWith("unreviewed");
    await fireEvent.click(screen.getByTestId("signoff-returned"));
    expect(onlog).toHaveBeenCalledWith("returned");
  });

  it("puts a refused approval on the form and a refused field on its field", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    let refusal = { code: "invalid_input", message: "version 0.2 cannot be approved while there are 3 undetermined rows", field: "approval" };
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "sign_off") return DRAFT;
      throw refusal;
    });
    const onsaved = vi.fn();
    render(SignOffView, { onundetermined: vi.fn(), onlog: vi.fn(), onsaved, onerror: vi.fn() });
    await screen.findByTestId("signoff-statement");
    await fireEvent.input(screen.getByTestId("approver"), { target: { value: "Priya Raman" } });
    await fireEvent.input(screen.getByTestId("approver-role"), { target: { value: "Compliance lead" } });
    await fireEvent.submit(screen.getByTestId("approval-form"));
    expect((await screen.findByTestId("approval-refused")).textContent).toContain("cannot be approved");
    expect(calls.at(-1)).toEqual({ cmd: "approve", args: { approver: "Priya Raman", role: "Compliance lead", on: null } });

    refusal = { code: "invalid_input", message: "give the approver's role", field: "role" };
    await fireEvent.submit(screen.getByTestId("approval-form"));
    await waitFor(() => expect(screen.getByTestId("approver-role").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.queryByTestId("approval-refused")).toBeNull();
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("approves and starts the next version", async () => {
    const approved: SignOff = {
      ...DRAFT,
      state: "approved",
      undetermined: 0,
      unreviewed: 0,
      returned: 0,
      approval: { id: 1, version: "0.2", approver: "Priya Raman", role: "Compliance lead", on: "2027-01-10", through: 90 },
    };
    let status = DRAFT;
    mockIPC((cmd) => {
      if (cmd === "sign_off") return status;
      if (cmd === "approve") {
        status = approved;
        return approved.approval;
      }
      if (cmd === "bump_version") return { version: "0.3", after: 90, at: "", by: "Dana", note: "next" };
      return null;
    });
    const onsaved = vi.fn();
    render(SignOffView, { onundetermined: vi.fn(), onlog: vi.fn(), onsaved, onerror: vi.fn() });
    await screen.findByTestId("signoff-statement");
    await fireEvent.input(screen.getByTestId("approver"), { target: { value: "Priya Raman" } });
    await fireEvent.input(screen.getByTestId("approver-role"), { target: { value: "Compliance lead" } });
    await fireEvent.submit(screen.getByTestId("approval-form"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith("Version 0.2 approved by Priya Raman"));
    await waitFor(() => expect(screen.getByTestId("signoff-statement").dataset.state).toBe("approved"));
    expect(screen.getByTestId("signoff-statement").textContent).toContain("Priya Raman (Compliance lead)");

    await fireEvent.input(screen.getByTestId("version-note"), { target: { value: "next" } });
    await fireEvent.submit(screen.getByTestId("version-form"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith("Started version 0.3"));
  });
});
