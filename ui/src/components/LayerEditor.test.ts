import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Service } from "../lib/gen/Service";
import type { Choice } from "../lib/ownership";
import { fakeShell } from "../test/fixtures";
import LayerEditor from "./LayerEditor.svelte";

// Service 1 is EC2 (os follows its default); service 2 is RDS, whose network controls are overridden.
function setup(initialChoice: Choice = "customer", serviceIndex = 0) {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const service = shell.opened.view.services[serviceIndex];
  const onsaved = vi.fn();
  const oncancel = vi.fn();
  const onerror = vi.fn();
  render(LayerEditor, {
    service: structuredClone(service),
    layer: service.id === 2 ? "network_controls" : "os",
    initialChoice,
    reasons: ["Agreed in workshop"],
    onsaved,
    oncancel,
    onerror,
  });
  return { shell, onsaved, oncancel, onerror };
}

afterEach(() => clearMocks());

describe("LayerEditor", () => {
  it("offers the six owners and starts on the chosen one", () => {
    setup("shared");
    const options = screen.getAllByTestId("owner-option");
    expect(options.map((o) => o.dataset.owner)).toEqual([
      "customer",
      "shared",
      "inherited",
      "provider",
      "not_applicable",
      "undetermined",
    ]);
    expect(options.find((o) => o.getAttribute("aria-checked") === "true")?.dataset.owner).toBe("shared");
    expect(screen.getByTestId("reason-input")).toBe(document.activeElement);
  });

  it("saves the picked owner with the reason through set_layer_owner", async () => {
    const { shell, onsaved } = setup("customer");
    await fireEvent.click(screen.getAllByTestId("owner-option").find((o) => o.dataset.owner === "shared")!);
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "  Patching is split  " } });
    await fireEvent.click(screen.getByTestId("reason-save"));

    await waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    const call = shell.calls.find((c) => c.cmd === "set_layer_owner");
    expect(call?.args).toEqual({ serviceId: 1, layer: "os", owner: "shared", reason: "Patching is split" });
    const [saved, reason] = onsaved.mock.calls[0] as [Service, string];
    expect(saved.layers.find((l) => l.layer === "os")).toMatchObject({ owner: "shared", reason: "Patching is split" });
    expect(reason).toBe("Patching is split");
  });

  it("refuses to save without a reason and calls nothing", async () => {
    const { shell, onsaved } = setup();
    await fireEvent.click(screen.getByTestId("reason-save"));
    expect(screen.getByRole("alert").textContent).toMatch(/reason/i);
    expect(shell.calls).toHaveLength(0);
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("fills the reason from a recent one", async () => {
    setup();
    await fireEvent.click(screen.getByTestId("reason-suggestion"));
    expect((screen.getByTestId("reason-input") as HTMLInputElement).value).toBe("Agreed in workshop");
  });

  it("names the layer and the shell's message when saving fails", async () => {
    const { onerror, onsaved } = setup();
    mockIPC(() => {
      throw { code: "io", message: "disk full" };
    });
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "why" } });
    await fireEvent.click(screen.getByTestId("reason-save"));
    await waitFor(() => expect(onerror).toHaveBeenCalledOnce());
    expect(onerror.mock.calls[0][0]).toBe("Could not change EC2 · Operating system: disk full");
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("cancels on Escape", async () => {
    const { oncancel } = setup();
    await fireEvent.keyDown(screen.getByTestId("reason-input"), { key: "Escape" });
    expect(oncancel).toHaveBeenCalledOnce();
  });

  it("puts an overridden layer back on its default through reset_layer", async () => {
    const { shell, onsaved } = setup("customer", 1);
    await fireEvent.click(screen.getByTestId("owner-default"));
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "Back to the table" } });
    await fireEvent.submit(screen.getByTestId("reason-input").closest("form")!);

    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(shell.calls.find((c) => c.cmd === "reset_layer")?.args).toEqual({
      serviceId: 2,
      layer: "network_controls",
      reason: "Back to the table",
    });
    const [saved] = onsaved.mock.calls[0] as [Service];
    expect(saved.layers.find((l) => l.layer === "network_controls")).toMatchObject({ owner: "shared", reason: null });
  });

  it("offers no way back to the default when the layer follows it", () => {
    setup();
    expect(screen.queryByTestId("owner-default")).toBeNull();
  });

  it("moves between the owners with the arrows, choosing as it goes; the group is one Tab stop", async () => {
    setup("customer");
    const options = () => screen.getAllByTestId("owner-option");
    const chosen = () => options().find((o) => o.getAttribute("aria-checked") === "true")?.dataset.owner;
    // One Shift+Tab from the reason reaches the group: only the chosen owner is a Tab stop.
    expect(options().filter((o) => o.tabIndex === 0).map((o) => o.dataset.owner)).toEqual(["customer"]);
    options()[0].focus();
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(chosen()).toBe("shared");
    expect(document.activeElement).toBe(options()[1]);
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(chosen()).toBe("inherited");
    await fireEvent.keyDown(document.activeElement!, { key: "End" });
    expect(chosen()).toBe("undetermined");
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(chosen()).toBe("customer");
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(chosen()).toBe("undetermined");
    expect(options().filter((o) => o.tabIndex === 0).map((o) => o.dataset.owner)).toEqual(["undetermined"]);
  });

  it("keeps Tab inside the editor, round from the last control to the first and back", async () => {
    setup("shared");
    const editor = screen.getByTestId("layer-editor");
    const suggestion = screen.getByTestId("reason-suggestion");
    const shared = screen.getAllByTestId("owner-option").find((o) => o.dataset.owner === "shared")!;
    suggestion.focus();
    await fireEvent.keyDown(suggestion, { key: "Tab" });
    expect(document.activeElement).toBe(shared);
    await fireEvent.keyDown(shared, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(suggestion);
    expect(editor.contains(document.activeElement)).toBe(true);
  });
});
