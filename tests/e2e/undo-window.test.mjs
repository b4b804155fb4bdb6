// Issue 18: Ctrl+Z undoes this window's own changes only, adding a service included, and the
// status says in words what was undone.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "webdriverio";
import { openApp, screenshot, startDriver } from "./driver.mjs";

let stopDriver;
before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

async function chord(browser, ...keys) {
  let action = browser.action("key");
  for (const k of keys) action = action.down(k);
  for (const k of [...keys].reverse()) action = action.up(k);
  await action.perform();
}

const statusReads = (browser, expected, what) =>
  browser.waitUntil(
    async () =>
      (await browser.execute(() => document.querySelector('[data-testid="save-status"]')?.textContent?.trim())) ===
      expected,
    { timeout: 5000, timeoutMsg: `${what}: the status is not "${expected}"` },
  );

test("a fresh window has nothing to undo; its own changes undo in words, newest first", async () => {
  const browser = await openApp();
  try {
    // The demo's decisions were made before this window opened.
    await chord(browser, Key.Ctrl, "z");
    await statusReads(browser, "Nothing to undo", "Ctrl+Z on a fresh window");
    await screenshot(browser, "undo-window-nothing.png");

    // A service added in this window, then a layer of another service changed.
    await browser.$('[data-testid="add-service-name"]').setValue("Wikijs");
    await browser.$('input[aria-label="Provider"]').setValue("Acme");
    await browser.$('[data-testid="add-service-submit"]').click();
    const added = browser.$('[data-testid="service-item"][data-service="Wikijs"]');
    await added.waitForExist({ timeout: 5000 });

    await browser.$('[data-testid="service-item"][data-service="AWS Lambda"]').click();
    const data = await browser.$('[data-testid="stack-layer"][data-layer="data"]');
    await data.click();
    await browser.$('[data-testid="owner-option"][data-owner="shared"]').click();
    await browser.$('[data-testid="reason-input"]').setValue("Keys held by the provider");
    await browser.$('[data-testid="reason-save"]').click();
    await browser.waitUntil(async () => (await data.getAttribute("data-owner")) === "shared", {
      timeout: 5000,
      timeoutMsg: "the change did not land",
    });

    await chord(browser, Key.Ctrl, "z");
    await statusReads(browser, "Undid: AWS Lambda · Data back to Customer", "the first undo");
    assert.equal(await data.getAttribute("data-owner"), "customer");
    await screenshot(browser, "undo-window-layer.png");

    await chord(browser, Key.Ctrl, "z");
    await statusReads(browser, "Undid: adding Wikijs", "the second undo");
    await added.waitForExist({ timeout: 5000, reverse: true });

    await chord(browser, Key.Ctrl, "z");
    await statusReads(browser, "Nothing to undo", "the third undo");

    await chord(browser, Key.Ctrl, Key.Shift, "z");
    await statusReads(browser, "Redid: adding Wikijs", "the redo");
    await added.waitForExist({ timeout: 5000 });

    // An older decision is reverted from the log, with a reason; the revert is this window's.
    await browser.$('[data-testid="service-item"][data-service="AWS Lambda"]').click();
    const runtime = browser.$('[data-testid="stack-layer"][data-layer="runtime"]');
    await runtime.click();
    await browser.keys([Key.Escape]);
    assert.equal(await runtime.getAttribute("data-overridden"), "true");
    await browser.$('[data-testid="layer-decisions"] [data-testid="revert-decision"]').click();
    await browser.$('[data-testid="revert-reason"]').setValue("The client builds its own images");
    await browser.$('[data-testid="revert-save"]').click();
    await browser.waitUntil(
      async () =>
        /^Reverted: AWS Lambda · Runtime, middleware and images back to /.test(
          await browser.execute(() => document.querySelector('[data-testid="save-status"]')?.textContent?.trim()),
        ),
      { timeout: 5000, timeoutMsg: "the status does not say what was reverted" },
    );
    await browser.waitUntil(async () => (await runtime.getAttribute("data-overridden")) === "false", {
      timeout: 5000,
      timeoutMsg: "the revert did not land",
    });
    await screenshot(browser, "undo-window-revert.png");
    await chord(browser, Key.Ctrl, "z");
    await browser.waitUntil(async () => (await runtime.getAttribute("data-overridden")) === "true", {
      timeout: 5000,
      timeoutMsg: "Ctrl+Z did not take the revert back",
    });
  } finally {
    await browser.deleteSession();
  }
});
