// Issue 18, keyboard and focus in the whole app: the shortcut sheet tells the truth, an editor
// closes when its service leaves the screen, and a dialog gives the focus back.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import type { Gap } from "./lib/gen/Gap";
import { OWNERSHIPS } from "./lib/ownership";
import { fakeShell, tallyOf } from "./test/fixtures";

afterEach(() => clearMocks());

async function start(gaps: Gap[] = []) {
  const shell = fakeShell();
  mockIPC((cmd, args) => {
    if (cmd === "export_layouts") return [];
    if (cmd === "gaps") return { today: "2025-03-04", gaps, by_service: [], by_framework: [], by_kind: [] };
    if (cmd === "gap_tally") return tallyOf(gaps);
    if (cmd === "matrix") return [];
    return shell.handle(cmd, args);
  });
  const { container } = render(App);
  await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());
  return shell;
}

const pressed = () => screen.getAllByTestId(/^view-/).find((b) => b.getAttribute("aria-pressed") === "true")?.dataset.testid;
const chosenOwner = () =>
  screen.getAllByTestId("owner-option").find((o) => o.getAttribute("aria-checked") === "true")?.dataset.owner;
const stackCell = (layer: string) => screen.getAllByTestId("stack-layer").find((c) => c.dataset.layer === layer)!;

/**
 * A key as a person reads it on the sheet and presses it: a digit is the digit, a lone letter is
 * that key without Shift (as on the key cap), "Shift+X" is the letter with Shift.
 */
function asPressed(token: string): { key: string; shiftKey: boolean } | null {
  if (/^\d$/.test(token)) return { key: token, shiftKey: false };
  const shifted = /^Shift\+([A-Za-z])$/.exec(token);
  if (shifted) return { key: shifted[1].toUpperCase(), shiftKey: true };
  if (/^[A-Za-z]$/.test(token)) return { key: token.toLowerCase(), shiftKey: false };
  return null;
}

/** The sheet's rows as a person reads them: the keys of each row and what it says they do. */
function readSheet(): { keys: string[]; what: string }[] {
  const sheet = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
  return [...sheet.querySelectorAll("tr")].map((row) => {
    const cells = row.querySelectorAll("td");
    const keys = [...cells[0].querySelectorAll("kbd")]
      .map((k) => k.textContent ?? "")
      .join(" or ")
      .split(/\s+or\s+|\s*\/\s*|,\s*/)
      .map((t) => t.trim())
      .filter(Boolean);
    return { keys, what: cells[1]?.textContent ?? "" };
  });
}

describe("the shortcut sheet", () => {
  it("tells the truth: each owner key, pressed as the sheet writes it, picks that owner, and p opens the providers", async () => {
    await start();
    await fireEvent.keyDown(window, { key: "?" });
    const rows = readSheet();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByRole("dialog", { name: "Keyboard shortcuts" })).toBeNull();

    for (const o of OWNERSHIPS) {
      const row = rows.find((r) => r.what.toLowerCase().includes(`set ${o.label.toLowerCase()}`));
      expect(row, `no row for ${o.label}`).toBeTruthy();
      const keys = row!.keys.map(asPressed).filter((k) => k !== null);
      expect(keys.length, `keys for ${o.label}`).toBeGreaterThanOrEqual(2);
      for (const k of keys) {
        await fireEvent.keyDown(document.body, k);
        expect(pressed(), `${k.key} (Shift: ${k.shiftKey}) left the stack`).toBe("view-stack");
        await waitFor(() => expect(screen.queryByTestId("layer-editor")).not.toBeNull());
        expect(chosenOwner(), `${k.key} (Shift: ${k.shiftKey})`).toBe(o.id);
        await fireEvent.keyDown(screen.getByTestId("reason-input"), { key: "Escape" });
        await waitFor(() => expect(screen.queryByTestId("layer-editor")).toBeNull());
      }
    }

    await fireEvent.keyDown(document.body, { key: "p" });
    expect(pressed()).toBe("view-providers");
  });

  it("binds no letter to two things", async () => {
    await start();
    await fireEvent.keyDown(window, { key: "?" });
    const seen = new Map<string, string>();
    for (const row of readSheet()) {
      for (const token of row.keys) {
        const k = asPressed(token);
        if (!k || /^\d$/.test(k.key)) continue;
        const before = seen.get(k.key);
        expect(before === undefined || before === row.what, `${token}: "${before}" and "${row.what}"`).toBe(true);
        seen.set(k.key, row.what);
      }
    }
  });

  it("gives the focus back where it was when it closes", async () => {
    await start();
    stackCell("os").focus();
    await fireEvent.keyDown(document.activeElement!, { key: "?" });
    const sheet = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(sheet.contains(document.activeElement)).toBe(true);
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(document.activeElement).toBe(stackCell("os")));
  });
});

describe("the layer editor", () => {
  it("closes when its service leaves the screen, so Save cannot change a service nobody sees", async () => {
    const shell = await start();
    await fireEvent.click(stackCell("os"));
    expect(screen.getByTestId("layer-editor").getAttribute("aria-label")).toContain("EC2");
    await fireEvent.click(screen.getAllByTestId("service-item").find((i) => i.dataset.service === "RDS")!);
    expect(screen.getByRole("list", { name: "Stack of RDS" })).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId("layer-editor")).toBeNull());
    // The keys work again on the service shown.
    await fireEvent.keyDown(document.body, { key: "2" });
    expect((await screen.findByTestId("layer-editor")).getAttribute("aria-label")).toContain("RDS");
    expect(shell.calls.filter((c) => c.cmd === "set_layer_owner")).toHaveLength(0);
  });

  it("stays open on the board, where its service is still shown", async () => {
    await start();
    await fireEvent.keyDown(document.body, { key: "b" });
    const cell = screen.getAllByTestId("board-cell").find((c) => c.dataset.service === "Lambda" && c.dataset.layer === "os")!;
    await fireEvent.click(cell);
    expect(screen.getByTestId("layer-editor").getAttribute("aria-label")).toContain("Lambda");
    await fireEvent.click(screen.getAllByTestId("service-item").find((i) => i.dataset.service === "RDS")!);
    expect(screen.getByTestId("layer-editor").getAttribute("aria-label")).toContain("Lambda");
  });
});

describe("dialogs", () => {
  it("the shortcut sheet leads to About, and a key does not reach the screen behind it", async () => {
    await start();
    await fireEvent.keyDown(window, { key: "?" });
    await fireEvent.click(screen.getByTestId("about-open"));
    expect(screen.queryByRole("dialog", { name: "Keyboard shortcuts" })).toBeNull();
    expect((await screen.findByTestId("about-version")).textContent).toBe("0.1.0");
    await fireEvent.keyDown(document.activeElement!, { key: "m" });
    expect(pressed()).not.toBe("view-matrix");
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("about")).toBeNull());
  });

  it("the export dialog focuses its first field and gives the focus back on closing", async () => {
    await start();
    stackCell("runtime").focus();
    await fireEvent.keyDown(document.activeElement!, { key: "e", ctrlKey: true });
    const dialog = await screen.findByTestId("export-dialog");
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    expect(document.activeElement?.tagName).toBe("INPUT");
    // Shift+Tab from the first control goes round to the last, never to the page behind.
    const close = dialog.querySelector<HTMLElement>("[data-close]")!;
    close.focus();
    await fireEvent.keyDown(close, { key: "Tab", shiftKey: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(close);
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("export-dialog")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(stackCell("runtime")));
  });

  it("a menu's dialog gives the focus back to the menu's button", async () => {
    await start();
    await fireEvent.click(screen.getByTestId("file-menu"));
    // The menu's toggle event comes a task later, as in the window.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const item = screen.getByTestId("export-open");
    item.focus();
    await fireEvent.click(item);
    await screen.findByTestId("export-dialog");
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("file-menu")));
  });
});

describe("the gap dashboard from the keyboard", () => {
  it("g shows the gaps with the first card focused; the arrows move and Enter opens", async () => {
    const gap = (control: string): Gap => ({
      kind: "provider_unattested",
      severity: "medium",
      service: "Lambda",
      provider: "AWS",
      framework: "soc2",
      control,
      message: "no attestation",
      why: "why",
      fix: "fix",
      link: { to: "row", service_id: 3, framework: "soc2", control },
    });
    await start([gap("CC6.1"), gap("CC6.2"), gap("CC6.3")]);
    await fireEvent.keyDown(document.body, { key: "g" });
    // The work plan leads; the flat list is one click away.
    await fireEvent.click(await screen.findByTestId("gaps-flat"));
    const cards = () => screen.getAllByTestId("gap");
    await waitFor(() => expect(document.activeElement).toBe(cards()[0]));
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(cards()[2]));
    await fireEvent.click(document.activeElement!);
    expect(((await screen.findByTestId("matrix-filter-text")) as HTMLInputElement).value).toBe("CC6.3");
  });
});
