// Issue 14: the Gaps screen leads with the work plan. In the real app: at most 30 entries that
// account for every open gap; 20 evidence tasks selected and closed with one evidence item;
// one undo step takes all 20 back; screenshots of the grouped view and the burn-down.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "webdriverio";
import { openApp, screenshot, startDriver } from "./driver.mjs";

let stopDriver;
before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-plan-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

async function chord(browser, ...keys) {
  let action = browser.action("key");
  for (const k of keys) action = action.down(k);
  for (const k of [...keys].reverse()) action = action.up(k);
  await action.perform();
}

const topCount = async (browser) => Number(await browser.$('[data-testid="gap-count"]').getText());
const planGaps = async (browser) => Number(await browser.$('[data-testid="plan-gaps"]').getText());

async function countsBecome(browser, expected, what) {
  await browser.waitUntil(async () => (await topCount(browser)) === expected && (await planGaps(browser)) === expected, {
    timeout: 15000,
    timeoutMsg: `${what}: the top bar says ${await topCount(browser)}, the plan ${await planGaps(browser)}, not ${expected}`,
  });
}

test("the work plan closes 20 evidence tasks with one evidence item and one undo takes them back", async () => {
  const browser = await openApp();
  try {
    await browser.setWindowSize(1400, 900);
    await browser.$('[data-testid="view-gaps"]').click();
    await browser.$('[data-testid="plan-item"]').waitForExist({ timeout: 15000 });
    await browser.waitUntil(async () => (await topCount(browser)) > 0, { timeout: 10000 });
    const flat = await topCount(browser);

    // The first view: at most 30 entries, management items first, accounting for every gap.
    const entries = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="plan-item"]')].map((e) => ({
        level: e.getAttribute("data-level"),
        count: Number(e.querySelector('[data-testid="plan-item-count"]').textContent),
      })),
    );
    assert.ok(entries.length > 0 && entries.length <= 30, `${entries.length} entries`);
    assert.equal(entries.reduce((n, e) => n + e.count, 0), flat, "the entries account for every open gap");
    assert.equal(entries[0].level, "management");
    assert.equal(await planGaps(browser), flat);
    await screenshot(browser, "plan-grouped.png");

    // Twenty evidence tasks, each on one row, selected in their groups.
    const ids = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="plan-task"][data-kind="customer_no_evidence"][data-count="1"]')]
        .slice(0, 20)
        .map((e) => e.getAttribute("data-id")),
    );
    assert.equal(ids.length, 20, "the demo has 20 evidence tasks of one row each");
    for (const id of ids) {
      const box = browser.$(`[data-testid="plan-task"][data-id="${id}"]`);
      if (!(await box.isDisplayed())) {
        // Open its group by its title.
        await browser.execute((taskId) => {
          const box = document.querySelector(`[data-testid="plan-task"][data-id="${taskId}"]`);
          box.closest("details").querySelector("summary .title").scrollIntoView();
        }, id);
        const title = await box.parentElement().parentElement().parentElement().parentElement().$("summary .title");
        await title.click();
        await box.waitForDisplayed({ timeout: 5000 });
      }
      await box.scrollIntoView();
      await box.click();
    }
    assert.equal(await browser.$('[data-testid="plan-selected"]').getText(), "20 tasks selected");

    // One evidence item attached to all of them.
    await browser.$('[data-testid="plan-bulk-evidence"]').click();
    await browser.$('[data-testid="plan-evidence-title"]').setValue("Security policy set 2026");
    await browser.$('[data-testid="plan-evidence-location"]').setValue("binder/policies/2026.pdf");
    const today = new Date().toISOString().slice(0, 10);
    await browser.$('[data-testid="plan-evidence-date"]').setValue(today);
    await browser.$('[data-testid="plan-evidence-by"]').setValue("Dana Ruiz");
    await browser.$('[data-testid="plan-evidence-save"]').click();
    await countsBecome(browser, flat - 20, "the evidence did not close 20 gaps");
    await screenshot(browser, "plan-burndown.png");

    // One undo step takes all twenty back.
    await browser.$('[data-testid="plan-search"]').click();
    await browser.keys(Key.Escape);
    await browser.execute(() => document.activeElement?.blur());
    await chord(browser, Key.Control, "z");
    await countsBecome(browser, flat, "one undo did not reopen the 20 gaps");

    // The flat list is one click away, and back.
    await browser.$('[data-testid="gaps-flat"]').click();
    await browser.$('[data-testid="gap"]').waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('[data-testid="gap-shown"]').getText(), `${flat} of ${flat} gaps`);
    await browser.$('[data-testid="gaps-grouped"]').click();
    await browser.$('[data-testid="plan-item"]').waitForExist({ timeout: 5000 });
  } finally {
    await browser.deleteSession();
  }
});
