import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Opened } from "../lib/api";
import { fakeShell } from "../test/fixtures";
import FirstRun from "./FirstRun.svelte";

afterEach(() => clearMocks());

function setup() {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const props = { oncreated: vi.fn(), onchanged: vi.fn(), onclose: vi.fn() };
  const view = render(FirstRun, { opened: null, ...props });
  // The window hands the new engagement back as it changes.
  const follow = () => view.rerender({ opened: structuredClone(shell.opened) as Opened });
  props.oncreated.mockImplementation(follow);
  props.onchanged.mockImplementation(follow);
  return { shell, props };
}

const focused = () => (document.activeElement as HTMLElement | null)?.dataset.testid;
const key = (k: string) => fireEvent.keyDown(document.activeElement!, { key: k });

describe("FirstRun", () => {
  it("goes client, frameworks and scoping, audit window, services from the keyboard", async () => {
    const { shell, props } = setup();
    await waitFor(() => expect(focused()).toBe("first-run-client"));
    await fireEvent.input(document.activeElement!, { target: { value: "Acme Health" } });
    await key("Enter");
    await waitFor(() => expect(props.oncreated).toHaveBeenCalledOnce());
    expect(shell.calls.find((c) => c.cmd === "new_engagement")?.args).toEqual({
      path: "/home/consultant/engagements/Acme Health.demarc",
      client: "Acme Health",
    });

    await waitFor(() => expect(focused()).toBe("first-run-framework-soc2"));
    await fireEvent.click(screen.getByTestId("first-run-framework-soc2"));
    await fireEvent.click(screen.getByTestId("first-run-framework-hipaa"));
    await key("Enter");
    await screen.findByTestId("scoping-dialog");
    expect(shell.calls.filter((c) => c.cmd === "add_engagement_framework").map((c) => c.args)).toEqual([
      { framework: "soc2" },
      { framework: "hipaa" },
    ]);
    // The scoping questions come first; Escape leaves them for later.
    await fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("scoping-dialog")).toBeNull());

    await waitFor(() => expect(focused()).toBe("setup-audit-start"));
    await fireEvent.input(document.activeElement!, { target: { value: "2026-04-01" } });
    await fireEvent.input(screen.getByTestId("setup-audit-end"), { target: { value: "2027-03-31" } });
    await key("Enter");
    await waitFor(() => expect(focused()).toBe("first-run-service"));
    expect(shell.calls.find((c) => c.cmd === "set_audit_window")?.args).toEqual({ start: "2026-04-01", end: "2027-03-31" });

    await fireEvent.input(document.activeElement!, { target: { value: "Amazon RDS" } });
    await fireEvent.input(screen.getByTestId("first-run-provider"), { target: { value: "AWS" } });
    await fireEvent.click(screen.getByTestId("first-run-data-phi"));
    await fireEvent.keyDown(screen.getByTestId("first-run-provider"), { key: "Enter" });
    await waitFor(() => expect(screen.getByTestId("first-run-added").textContent).toContain("Amazon RDS"));
    const added = shell.calls.find((c) => c.cmd === "add_service")?.args as { service: { data_types: string[]; frameworks: string[] } };
    expect(added.service.data_types).toEqual(["phi"]);
    expect(added.service.frameworks).toEqual(["soc2", "hipaa"]);
    expect(focused()).toBe("first-run-service");
    // Enter on an empty name finishes.
    await waitFor(() => expect((screen.getByTestId("first-run-next") as HTMLButtonElement).disabled).toBe(false));
    await key("Enter");
    expect(props.onclose).toHaveBeenCalledWith(true);
  });

  it("skips a step with Escape, and Escape on the first step cancels with nothing created", async () => {
    const { shell, props } = setup();
    await waitFor(() => expect(focused()).toBe("first-run-client"));
    await key("Escape");
    expect(props.onclose).toHaveBeenCalledWith(false);
    expect(shell.calls.some((c) => c.cmd === "new_engagement")).toBe(false);
  });

  it("asks for the client's name before choosing where to save", async () => {
    const { shell } = setup();
    await waitFor(() => expect(focused()).toBe("first-run-client"));
    await key("Enter");
    expect((await screen.findByRole("alert")).dataset.field).toBe("client");
    expect(shell.calls.some((c) => c.cmd === "choose")).toBe(false);
  });

  it("skips frameworks and the window to reach services", async () => {
    const { props } = setup();
    await waitFor(() => expect(focused()).toBe("first-run-client"));
    await fireEvent.input(document.activeElement!, { target: { value: "Acme" } });
    await key("Enter");
    await waitFor(() => expect(focused()).toBe("first-run-framework-soc2"));
    await key("Escape");
    await waitFor(() => expect(focused()).toBe("setup-audit-start"));
    await key("Escape");
    await waitFor(() => expect(focused()).toBe("first-run-service"));
    await key("Escape");
    expect(props.onclose).toHaveBeenCalledWith(true);
  });
});
