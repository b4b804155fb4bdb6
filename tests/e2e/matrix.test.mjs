// Issue 5: a layer owner changed in the stack shows at once in the controls that depend on it.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "webdriverio";
import { openApp, screenshot, startDriver } from "./driver.mjs";

const RDS = "Amazon RDS for PostgreSQL";

let stopDriver;
before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-matrix-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

// SOC 2 CC7.2 touches service configuration, application, network controls and the operating
// system; on the demo's RDS only the operating system is the provider's, so the row is shared.
const cc72 = (browser) =>
  browser.$(`[data-testid="matrix-row"][data-service="${RDS}"][data-framework="soc2"][data-control="CC7.2"]`);

test("changing a layer owner in the stack changes the dependent controls in the matrix", async () => {
  const browser = await openApp();
  try {
    await browser.$('[data-testid="view-matrix"]').click();
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 10000 });
    await browser.$('[data-testid="matrix-filter-service"]').selectByAttribute("value", RDS);
    await browser.$('[data-testid="matrix-filter-framework"]').selectByAttribute("value", "soc2");
    await browser.$('[data-testid="matrix-filter-text"]').setValue("CC7");
    const before = await cc72(browser);
    await before.waitForExist({ timeout: 5000 });
    assert.equal(await before.getAttribute("data-owner"), "shared");
    assert.equal(await before.getAttribute("data-source"), "layer_default");
    await before.click();
    await screenshot(browser, "matrix-before.png");

    await browser.$('[data-testid="view-stack"]').click();
    await browser.$(`[data-testid="service-item"][data-service="${RDS}"]`).click();
    const os = await browser.$('[data-testid="stack-layer"][data-layer="os"]');
    assert.equal(await os.getAttribute("data-owner"), "provider");
    await os.click();
    await browser.$('[data-testid="owner-option"][data-owner="customer"]').click();
    await browser.$('[data-testid="reason-input"]').setValue("Self-managed PostgreSQL on EC2 from 2027");
    await browser.$('[data-testid="reason-save"]').click();
    await browser.waitUntil(async () => (await os.getAttribute("data-owner")) === "customer", {
      timeoutMsg: "the layer did not turn customer",
    });

    await browser.$('[data-testid="view-matrix"]').click();
    await browser.waitUntil(async () => (await (await cc72(browser)).getAttribute("data-owner")) === "customer", {
      timeout: 10000,
      timeoutMsg: "CC7.2 did not follow the operating system layer",
    });
    const after = await cc72(browser);
    assert.equal(await after.getAttribute("data-source"), "layer_default");
    // The filters were kept, so the same rows are in view.
    assert.equal(await browser.$('[data-testid="matrix-filter-text"]').getValue(), "CC7");
    await after.click();
    await screenshot(browser, "matrix-after.png");

    // Keyboard only: pick CC7.1 and CC7.3 with Space, 3 sets them inherited with one reason.
    await browser.$('[data-testid="matrix-row"][data-control="CC7.1"]').click();
    // One call per key: in one call a repeated key is sent only once.
    for (const key of [Key.Space, Key.ArrowDown, Key.ArrowDown, Key.Space, "3"]) await browser.keys(key);
    const prompt = browser.$('[data-testid="matrix-prompt"]');
    await prompt.waitForExist({ timeout: 5000 });
    assert.match(await prompt.getText(), /2 rows/);
    await browser.$('[data-testid="reason-input"]').setValue("Covered by the AWS SOC 2 report");
    await screenshot(browser, "matrix-bulk.png");
    await browser.keys([Key.Enter]);
    const owners = async () => {
      const seen = [];
      for (const row of await browser.$$('[data-testid="matrix-row"]')) {
        seen.push(`${await row.getAttribute("data-control")} ${await row.getAttribute("data-owner")}`);
      }
      return seen;
    };
    await browser.waitUntil(async () => (await owners()).join() === "CC7.1 inherited,CC7.2 customer,CC7.3 inherited,CC7.4 shared,CC7.5 customer", {
      timeout: 10000,
      timeoutMsg: "the two picked rows did not turn inherited",
    });
    const picked = browser.$('[data-testid="matrix-row"][data-control="CC7.3"]');
    assert.equal(await picked.getAttribute("data-source"), "override");
  } finally {
    await browser.deleteSession();
  }
});
