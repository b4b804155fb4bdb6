// Issue 18: a service is added with exactly the name typed, renamed and removed, from the keyboard.
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

const serviceNames = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="service-item"]')].map((e) => e.getAttribute("data-service")),
  );

// One key per action, as a person types: WebKitWebDriver drops a key repeated within one
// action sequence (the second space of "AWS Lambda prod").
async function type(browser, text) {
  for (const c of text) await browser.keys(c);
}

async function chord(browser, ...keys) {
  let action = browser.action("key");
  for (const k of keys) action = action.down(k);
  for (const k of [...keys].reverse()) action = action.up(k);
  await action.perform();
}

const activeTestId = (browser) => browser.execute(() => document.activeElement?.getAttribute("data-testid") ?? null);

async function waitForNames(browser, check, message) {
  await browser.waitUntil(async () => check(await serviceNames(browser)), { timeout: 5000, timeoutMsg: message });
}

test("a service keeps the name typed, is renamed with F2 and removed with Delete", async () => {
  const browser = await openApp();
  try {
    // No suggestion rewrites what is typed.
    const name = await browser.$('[data-testid="add-service-name"]');
    await name.click();
    await type(browser, "AWS Lambda prod");
    assert.equal(await name.getValue(), "AWS Lambda prod");
    const offered = await browser.$$('[data-testid="add-service-suggestion"]');
    assert.equal(offered.length, 0, "nothing matches the whole text any more");
    await browser.$('input[aria-label="Provider"]').click();
    await type(browser, "AWS");
    await screenshot(browser, "edit-add-typed.png");
    await browser.keys(Key.Enter);
    await waitForNames(browser, (names) => names.includes("AWS Lambda prod"), "the service was not added as typed");
    assert.ok(!(await serviceNames(browser)).includes("Lambdaprod"));

    // F2 on the selected service opens its name, selected, in the details.
    await browser.$('[data-testid="service-item"][data-service="AWS Lambda prod"]').click();
    await browser.keys(Key.F2);
    await browser.waitUntil(async () => (await activeTestId(browser)) === "rename-service-name", {
      timeout: 5000,
      timeoutMsg: "F2 did not focus the name field",
    });
    // A name already taken is refused on the field.
    await type(browser, "Amazon EC2");
    await browser.keys(Key.Enter);
    const refusal = await browser.$('[data-field="name"][role="alert"]');
    await refusal.waitForExist({ timeout: 5000 });
    assert.match(await refusal.getText(), /already exists/);
    await screenshot(browser, "edit-rename-refused.png");
    await chord(browser, Key.Ctrl, "a");
    await type(browser, "Lambda prod (eu-west-1)");
    await browser.keys(Key.Enter);
    await waitForNames(
      browser,
      (names) => names.includes("Lambda prod (eu-west-1)") && !names.includes("AWS Lambda prod"),
      "the rename did not reach the list",
    );
    const status = browser.$('[data-testid="save-status"]');
    await browser.waitUntil(async () => /^Renamed AWS Lambda prod to Lambda prod/.test(await status.getAttribute("title")), {
      timeout: 5000,
      timeoutMsg: "the status does not say what was renamed",
    });
    await screenshot(browser, "edit-renamed.png");

    // Delete shows what the removal takes, with the confirmation focused; Enter removes.
    await browser.$('[data-testid="service-item"][data-service="Amazon EC2"]').click();
    await browser.keys(Key.Delete);
    const counts = await browser.$('[data-testid="removal-counts"]');
    await counts.waitForExist({ timeout: 5000 });
    const text = await counts.getText();
    assert.match(text, /1 layer override/);
    assert.match(text, /control decision/);
    assert.match(text, /its coverage in [1-9]\d* attestation/);
    assert.equal(await activeTestId(browser), "remove-service-confirm");
    await screenshot(browser, "edit-remove-confirm.png");
    await browser.keys(Key.Enter);
    await waitForNames(browser, (names) => !names.includes("Amazon EC2"), "the service was not removed");
    const names = await serviceNames(browser);
    assert.ok(names.includes("Lambda prod (eu-west-1)"));
    await screenshot(browser, "edit-removed.png");

    // The matrix offers the new name and no longer the removed service.
    await browser.keys("m");
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 10000 });
    const offeredServices = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="matrix-filter-service"] option')].map((o) => o.textContent.trim()),
    );
    assert.ok(!offeredServices.includes("Amazon EC2"), offeredServices.join(", "));
    assert.ok(!offeredServices.includes("AWS Lambda prod"), offeredServices.join(", "));
  } finally {
    await browser.deleteSession();
  }
});
