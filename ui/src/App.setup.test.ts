import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { demoOpened, fakeShell } from "./test/fixtures";

afterEach(() => clearMocks());

async function start(sample: boolean) {
  const opened = demoOpened();
  opened.view.engagement.sample = sample;
  const shell = fakeShell(opened);
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const { container } = render(App);
  await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());
  return shell;
}

describe("the engagement's set-up in the window", () => {
  it("marks the demo as sample data and starts a real engagement from there", async () => {
    await start(true);
    const banner = screen.getByTestId("sample-banner");
    expect(banner.textContent).toContain("Sample engagement");
    await fireEvent.click(screen.getByTestId("start-real"));
    await screen.findByTestId("first-run");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("first-run-client")));
  });

  it("shows no banner on a client's engagement; Ctrl+N opens the first run", async () => {
    await start(false);
    expect(screen.queryByTestId("sample-banner")).toBeNull();
    await fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    await screen.findByTestId("first-run-client");
  });

  it("opens the set-up with Ctrl+comma and shows a new client's name at once", async () => {
    const shell = await start(false);
    await fireEvent.keyDown(window, { key: ",", ctrlKey: true });
    const client = (await screen.findByTestId("setup-client")) as HTMLInputElement;
    await fireEvent.input(client, { target: { value: "Northwind Health Inc." } });
    await fireEvent.submit(screen.getByTestId("engagement-form"));
    await waitFor(() => expect(screen.getByTestId("client").textContent).toBe("Northwind Health Inc."));
    expect(shell.calls.some((c) => c.cmd === "set_client")).toBe(true);
    expect(screen.getByTestId("save-status").textContent).toBe("Saved the client");
  });

  it("opens a service's set-up from its details", async () => {
    await start(false);
    await fireEvent.click(screen.getByTestId("service-setup-open"));
    const form = await screen.findByTestId("service-setup");
    expect(form.dataset.service).toBe("EC2");
  });
});
