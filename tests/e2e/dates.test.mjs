// Issue 18: a date typed as ISO into a date field is that date, shown in the locale's style.
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

test("typing 2026-04-01 into the SOC 2 period start gives the first of April 2026", async () => {
  const browser = await openApp();
  try {
    await browser.$('[data-testid="view-providers"]').click();
    await browser
      .$('[data-testid="provider-card"][data-provider="AWS"] [data-testid="attestation"][data-kind="soc2"] [data-testid="edit-attestation"]')
      .click();
    const start = browser.$('[data-testid="attestation-form"] [data-testid="att-period-start"]');
    await start.waitForExist({ timeout: 5000 });
    await start.click();
    await browser.action("key").down(Key.Ctrl).down("a").up("a").up(Key.Ctrl).perform();
    await browser.keys("2026-04-01".split(""));
    await browser.keys([Key.Tab]);

    assert.equal(await start.getAttribute("data-value"), "2026-04-01");
    const shown = await browser.execute(() =>
      new Date(2026, 3, 1).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }),
    );
    assert.equal(await start.getValue(), shown);
    await screenshot(browser, "date-typed-iso.png");
  } finally {
    await browser.deleteSession();
  }
});
