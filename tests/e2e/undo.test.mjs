// Issue 8: undo and redo in the app, through the decision log.
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

const ownerBecomes = (browser, element, owner, what) =>
  browser.waitUntil(async () => (await element.getAttribute("data-owner")) === owner, {
    timeout: 5000,
    timeoutMsg: what,
  });

test("Ctrl+Z undoes a layer change and Ctrl+Shift+Z redoes it", async () => {
  const browser = await openApp();
  try {
    await browser.$('[data-testid="service-item"][data-service="AWS Lambda"]').click();
    const data = await browser.$('[data-testid="stack-layer"][data-layer="data"]');
    assert.equal(await data.getAttribute("data-owner"), "customer");

    await data.click();
    await browser.$('[data-testid="owner-option"][data-owner="shared"]').click();
    await browser.$('[data-testid="reason-input"]').setValue("Payload encryption keys held by the provider");
    await browser.$('[data-testid="reason-save"]').click();
    await ownerBecomes(browser, data, "shared", "the change did not land");

    await chord(browser, Key.Ctrl, "z");
    await ownerBecomes(browser, data, "customer", "Ctrl+Z did not undo the change");
    const status = browser.$('[data-testid="save-status"]');
    await browser.waitUntil(async () => /^Undo: service "AWS Lambda" layer data/.test(await status.getAttribute("title")), {
      timeout: 5000,
      timeoutMsg: "the status does not say what was undone",
    });
    assert.equal(await data.getAttribute("data-overridden"), "false");
    await screenshot(browser, "undo.png");

    await chord(browser, Key.Ctrl, Key.Shift, "z");
    await ownerBecomes(browser, data, "shared", "Ctrl+Shift+Z did not redo the change");
    assert.equal(await data.getAttribute("data-overridden"), "true");
  } finally {
    await browser.deleteSession();
  }
});
