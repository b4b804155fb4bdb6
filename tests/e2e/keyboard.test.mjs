// Issue 18, keyboard and focus in the real window: each dialog focuses its first field, keeps
// Tab inside and gives the focus back; arrows choose in the owner editor; the letters do what
// the shortcut sheet says; the editor closes when its service leaves the screen; the matrix
// cursor goes to the first row a filter finds; the gaps move with the arrows and have a search.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "webdriverio";
import { openApp, screenshot, startDriver } from "./driver.mjs";

let stopDriver;
before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-keys-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

/** What has the focus: its test id, element id, owner and dialog. */
const focused = (browser) =>
  browser.execute(() => {
    const a = document.activeElement;
    const dialog = a?.closest('[role="dialog"]');
    return {
      testid: a?.getAttribute("data-testid") ?? null,
      id: a?.id || null,
      tag: a?.tagName ?? null,
      owner: a?.getAttribute("data-owner") ?? null,
      checked: a?.getAttribute("aria-checked") ?? null,
      index: a?.getAttribute("data-index") ?? null,
      dialog: dialog ? (dialog.getAttribute("data-testid") ?? dialog.getAttribute("aria-label")) : null,
    };
  });

// One key per action: WebKitWebDriver drops a key repeated within one action sequence.
async function press(browser, key, times = 1) {
  for (let i = 0; i < times; i++) await browser.keys(key);
}

async function type(browser, text) {
  for (const c of text) await browser.keys(c);
}

async function chord(browser, ...keys) {
  let action = browser.action("key");
  for (const k of keys) action = action.down(k);
  for (const k of [...keys].reverse()) action = action.up(k);
  await action.perform();
}

async function waitFocus(browser, check, message) {
  await browser.waitUntil(async () => check(await focused(browser)), { timeout: 5000, timeoutMsg: message });
}

/** Tabs `times` times, one key at a time, and checks the focus never leaves `dialog`. */
async function tabAround(browser, dialog, times, shift = false) {
  for (let i = 0; i < times; i++) {
    if (shift) await chord(browser, Key.Shift, Key.Tab);
    else await browser.keys(Key.Tab);
    const now = await focused(browser);
    assert.equal(now.dialog, dialog, `${shift ? "Shift+" : ""}Tab ${i + 1} left the dialog for ${JSON.stringify(now)}`);
  }
}

const pressedView = (browser) =>
  browser.execute(() => document.querySelector('[data-testid^="view-"][aria-pressed="true"]')?.getAttribute("data-testid"));

test("dialogs, the owner editor, the letters, the matrix cursor and the gaps from the keyboard", async () => {
  const browser = await openApp();
  try {
    await browser.setWindowSize(1280, 800);
    await browser.$('[data-testid="service-item"][data-service="Amazon EC2"]').click();
    await press(browser, Key.ArrowDown);
    await waitFocus(browser, (f) => f.id === "layer-identity_access", "the arrow did not focus the layer");

    // The export dialog: its first field, Tab kept inside both ways, the focus back on Escape.
    await chord(browser, Key.Ctrl, "e");
    await waitFocus(browser, (f) => f.dialog === "export-dialog" && f.tag === "INPUT", "the export dialog did not focus its first field");
    await screenshot(browser, "keyboard-export-focus.png");
    await tabAround(browser, "export-dialog", 30);
    await tabAround(browser, "export-dialog", 6, true);
    await press(browser, Key.Escape);
    await waitFocus(browser, (f) => f.id === "layer-identity_access", "the focus did not come back from the export dialog");

    // The import wizard: the same.
    await chord(browser, Key.Ctrl, "i");
    await waitFocus(browser, (f) => f.testid === "import-choose", "the wizard did not focus its first control");
    await tabAround(browser, "import-wizard", 8);
    await press(browser, Key.Escape);
    await waitFocus(browser, (f) => f.id === "layer-identity_access", "the focus did not come back from the wizard");

    // The shortcut sheet says Shift+P for Provider, and p for the providers view.
    await press(browser, "?");
    await waitFocus(browser, (f) => f.dialog === "shortcuts", "the sheet did not take the focus");
    const sheet = await browser.$('[data-testid="shortcuts"]').getText();
    assert.match(sheet, /4\s*or\s*Shift\+P\s*Set provider/);
    assert.match(sheet, /p\s*Provider register/);
    await screenshot(browser, "keyboard-shortcuts.png");
    await tabAround(browser, "shortcuts", 3);
    await press(browser, Key.Escape);
    await waitFocus(browser, (f) => f.id === "layer-identity_access", "the focus did not come back from the sheet");

    // The owner editor: one Shift+Tab from the reason reaches the owners, the arrows choose.
    await press(browser, Key.Enter);
    await waitFocus(browser, (f) => f.testid === "reason-input", "the editor did not focus the reason");
    await chord(browser, Key.Shift, Key.Tab);
    const owner = await focused(browser);
    assert.equal(owner.checked, "true", `one Shift+Tab reached ${JSON.stringify(owner)}`);
    assert.equal(owner.owner, "customer");
    await press(browser, Key.ArrowRight);
    await waitFocus(browser, (f) => f.owner === "shared" && f.checked === "true", "ArrowRight did not choose shared");
    await press(browser, Key.ArrowLeft, 2);
    await waitFocus(browser, (f) => f.owner === "undetermined" && f.checked === "true", "ArrowLeft did not go round to undetermined");
    await screenshot(browser, "keyboard-editor-arrows.png");
    await tabAround(browser, "layer-editor", 10);
    await press(browser, Key.Escape);
    await browser.$('[data-testid="layer-editor"]').waitForExist({ reverse: true, timeout: 5000 });

    // Shift+P sets provider; plain p opens the providers view.
    await chord(browser, Key.Shift, "P");
    await browser.$('[data-testid="layer-editor"]').waitForExist({ timeout: 5000 });
    assert.equal(
      await browser.$('[data-testid="owner-option"][aria-checked="true"]').getAttribute("data-owner"),
      "provider",
    );
    await press(browser, Key.Escape);
    await browser.$('[data-testid="layer-editor"]').waitForExist({ reverse: true, timeout: 5000 });
    await press(browser, "p");
    await browser.waitUntil(async () => (await pressedView(browser)) === "view-providers", { timeout: 5000, timeoutMsg: "p did not open the providers" });
    await press(browser, "s");
    await browser.waitUntil(async () => (await pressedView(browser)) === "view-stack", { timeout: 5000 });

    // The editor closes when its service leaves the screen.
    await browser.$('[data-testid="stack-layer"][data-layer="os"]').click();
    await browser.$('[data-testid="layer-editor"]').waitForExist({ timeout: 5000 });
    await browser.$('[data-testid="service-item"][data-service="Amazon S3"]').click();
    await browser.$('[data-testid="layer-editor"]').waitForExist({ reverse: true, timeout: 5000 });

    // The matrix: after a filter the cursor is on the first row found.
    await press(browser, "m");
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 20000 });
    await press(browser, Key.ArrowDown, 6);
    await press(browser, "/");
    await waitFocus(browser, (f) => f.testid === "matrix-filter-text", "/ did not focus the filter");
    await type(browser, "CC6");
    await press(browser, Key.Enter);
    await waitFocus(browser, (f) => f.testid === "matrix-grid", "Enter did not go back to the rows");
    const cursor = await browser.execute(() => {
      const row = document.querySelector('[data-testid="matrix-row"].cursor');
      return { id: row?.id, control: row?.getAttribute("data-control") };
    });
    assert.equal(cursor.id, "matrix-row-0", `the cursor stayed on ${JSON.stringify(cursor)}`);
    assert.match(cursor.control, /^CC6/);
    await screenshot(browser, "keyboard-matrix-filtered.png");

    // The gaps: the work plan leads; the flat list, one click away, has the first card
    // focused, arrows, a search.
    await press(browser, "g");
    await browser.$('[data-testid="gaps-flat"]').click();
    await waitFocus(browser, (f) => f.testid === "gap" && f.index === "0", "the first gap was not focused");
    await press(browser, Key.ArrowDown, 2);
    await waitFocus(browser, (f) => f.testid === "gap" && f.index === "2", "the arrows did not move between gaps");
    await press(browser, "/");
    await waitFocus(browser, (f) => f.testid === "gap-search", "/ did not focus the search");
    await type(browser, "vendor review");
    const shown = await browser.$('[data-testid="gap-shown"]').getText();
    const kinds = await browser.execute(() =>
      [...new Set([...document.querySelectorAll('[data-testid="gap"]')].map((g) => g.getAttribute("data-kind")))],
    );
    // The overdue vendor reviews are found, and the search narrows the list to a few cards
    // (an exception's assessment may speak of a vendor review too).
    const found = await browser.execute(() => document.querySelectorAll('[data-testid="gap"]').length);
    assert.ok(kinds.includes("vendor_review_overdue"), `the search kept ${kinds.join(", ")} (${shown})`);
    assert.ok(found > 0 && found < 20, `the search kept ${found} cards (${shown})`);
    await press(browser, Key.ArrowDown);
    await waitFocus(browser, (f) => f.testid === "gap" && f.index === "0", "ArrowDown did not go to the first gap found");
    await screenshot(browser, "keyboard-gaps-search.png");
    await press(browser, Key.Enter);
    await browser.waitUntil(async () => (await pressedView(browser)) === "view-providers", {
      timeout: 5000,
      timeoutMsg: "Enter did not open the gap's provider",
    });
  } finally {
    await browser.deleteSession();
  }
});
