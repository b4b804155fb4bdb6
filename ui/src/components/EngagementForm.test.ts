import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell } from "../test/fixtures";
import EngagementForm from "./EngagementForm.svelte";

afterEach(() => clearMocks());

function setup() {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const onsaved = vi.fn();
  render(EngagementForm, { engagement: structuredClone(shell.opened.view.engagement), onsaved });
  return { shell, onsaved };
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe("EngagementForm", () => {
  it("focuses the client and saves only what changed, each as its own change", async () => {
    const { shell, onsaved } = setup();
    expect(document.activeElement).toBe(field("setup-client"));
    await fireEvent.input(field("setup-client"), { target: { value: "Northwind Health Inc." } });
    await fireEvent.input(field("setup-audit-end"), { target: { value: "2026-03-31" } });
    await fireEvent.submit(screen.getByTestId("engagement-form"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    const changes = shell.calls.filter((c) => c.cmd.startsWith("set_"));
    expect(changes.map((c) => c.cmd)).toEqual(["set_client", "set_audit_window"]);
    expect(changes[1].args).toEqual({ start: "2025-01-01", end: "2026-03-31" });
    expect(screen.getByTestId("engagement-saved").textContent).toBe("Saved the client, audit window.");
  });

  it("takes a typed ISO date and refuses a window that ends before it starts, saving nothing", async () => {
    const { shell, onsaved } = setup();
    await fireEvent.input(field("setup-audit-start"), { target: { value: "2026-04-01" } });
    expect(field("setup-audit-start").dataset.value).toBe("2026-04-01");
    await fireEvent.input(field("setup-audit-end"), { target: { value: "2026-03-01" } });
    await fireEvent.submit(screen.getByTestId("engagement-form"));
    const error = await screen.findByRole("alert");
    expect(error.dataset.field).toBe("audit_end");
    expect(shell.calls.some((c) => c.cmd === "set_audit_window")).toBe(false);
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("puts a refused locale on its field", async () => {
    const { onsaved } = setup();
    await fireEvent.input(field("setup-locale"), { target: { value: "english" } });
    await fireEvent.submit(screen.getByTestId("engagement-form"));
    const error = await screen.findByRole("alert");
    expect(error.dataset.field).toBe("locale");
    expect(field("setup-locale").getAttribute("aria-invalid")).toBe("true");
    expect(onsaved).not.toHaveBeenCalled();
  });
});
