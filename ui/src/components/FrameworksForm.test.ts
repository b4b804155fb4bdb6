import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell } from "../test/fixtures";
import FrameworksForm from "./FrameworksForm.svelte";

afterEach(() => clearMocks());

function setup() {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const props = { onchanged: vi.fn(), onscoping: vi.fn(), onerror: vi.fn() };
  render(FrameworksForm, { frameworks: [...shell.opened.view.engagement.frameworks], ...props });
  return { shell, props };
}

const box = (id: string) => screen.getByTestId(`setup-framework-${id}`) as HTMLInputElement;

describe("FrameworksForm", () => {
  it("brings a framework into scope and opens its scoping questions", async () => {
    const { shell, props } = setup();
    expect(box("soc2").checked).toBe(true);
    expect(box("fedramp").checked).toBe(false);
    await fireEvent.click(box("fedramp"));
    await waitFor(() => expect(props.onscoping).toHaveBeenCalledWith("fedramp"));
    expect(shell.calls.find((c) => c.cmd === "add_engagement_framework")?.args).toEqual({ framework: "fedramp" });
    expect(props.onchanged.mock.calls[0][1]).toBe("Added FedRAMP");
  });

  it("asks before taking one out, says what it takes, and Escape keeps it", async () => {
    const { shell, props } = setup();
    await fireEvent.click(box("soc2"));
    const panel = await screen.findByTestId("framework-removal");
    expect(box("soc2").checked).toBe(true);
    expect(screen.getByTestId("framework-removal-takes").textContent).toContain("its scope on 8 services");
    expect(panel.textContent).toContain("3 control decisions");
    expect(document.activeElement).toBe(screen.getByTestId("framework-remove-confirm"));
    expect(shell.calls.some((c) => c.cmd === "remove_engagement_framework")).toBe(false);

    await fireEvent.keyDown(panel, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("framework-removal")).toBeNull());
    expect(shell.calls.some((c) => c.cmd === "remove_engagement_framework")).toBe(false);

    await fireEvent.click(box("soc2"));
    await fireEvent.click(await screen.findByTestId("framework-remove-confirm"));
    await waitFor(() => expect(props.onchanged).toHaveBeenCalledWith(null, "Removed SOC 2"));
    expect(shell.opened.view.engagement.frameworks).not.toContain("soc2");
  });
});
