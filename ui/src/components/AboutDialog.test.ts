import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { About } from "../lib/gen/About";
import AboutDialog from "./AboutDialog.svelte";

afterEach(() => clearMocks());

function about(hasNotices: boolean): About {
  return {
    name: "Demarc",
    version: "1.2.3",
    build_date: "2027-03-04",
    licence: "MIT",
    licence_text: "MIT License\n\nCopyright (c) 2026 the Demarc authors\n",
    sources: [
      { name: "SOC 2 catalog", version: "TSC 2017", source: "lists/soc2.txt", terms: "Identifiers only; the AICPA text is not included." },
      { name: "HIPAA catalog", version: "45 CFR 164", source: "hipaa.md", terms: "Public domain." },
    ],
    has_notices: hasNotices,
  };
}

function setup(hasNotices: boolean) {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd === "about") return about(hasNotices);
    if (cmd === "third_party_notices") return "tauri 2.12.5 (MIT OR Apache-2.0)\nsvelte 5 (MIT)\n";
    throw new Error(`unexpected ${cmd}`);
  });
  const onclose = vi.fn();
  render(AboutDialog, { onclose });
  return { calls, onclose };
}

describe("AboutDialog", () => {
  it("shows the version, the build date, the licence and every bundled source with its terms", async () => {
    setup(true);
    expect((await screen.findByTestId("about-version")).textContent).toBe("1.2.3");
    expect(screen.getByTestId("about-build-date").textContent).toBe("2027-03-04");
    expect(screen.getByTestId("about-licence").textContent).toBe("MIT");
    const rows = screen.getAllByTestId("about-source");
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain("SOC 2 catalog");
    expect(rows[0].textContent).toContain("not included");
  });

  it("reads the third-party licences only when asked", async () => {
    const { calls } = setup(true);
    const notices = (await screen.findByTestId("about-notices")) as HTMLDetailsElement;
    expect(calls).not.toContain("third_party_notices");
    notices.open = true;
    await fireEvent(notices, new Event("toggle"));
    expect((await screen.findByTestId("about-notices-text")).textContent).toContain("tauri 2.12.5");
    expect(calls.filter((c) => c === "third_party_notices")).toHaveLength(1);
  });

  it("says so when the build carries no third-party list", async () => {
    setup(false);
    expect((await screen.findByTestId("about-no-notices")).textContent).toContain("scripts/package");
    expect(screen.queryByTestId("about-notices")).toBeNull();
  });

  it("closes on Escape", async () => {
    const { onclose } = setup(true);
    await screen.findByTestId("about-version");
    await fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(onclose).toHaveBeenCalledOnce());
  });
});
