// Issue 6: the provider register and the gap dashboard, and an inherited row that turns into a
// provider gap when the attestation covering it expires.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openApp, screenshot, startDriver } from "./driver.mjs";

const EC2 = "Amazon EC2";

let stopDriver;
before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-assurance-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

// A date input is set the way a picker sets it: its ISO value, then an input event.
async function setDate(browser, testid, iso) {
  const input = await browser.$(`[data-testid="attestation-form"] [data-testid="${testid}"]`);
  await browser.execute(
    (el, value) => {
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    input,
    iso,
  );
}

async function select(browser, testid, value) {
  await browser.$(`[data-testid="${testid}"]`).selectByAttribute("value", value);
}

const gapCount = async (browser) => Number(await browser.$('[data-testid="gap-count"]').getText());

test("the register, the dashboard, and an expired report turning an inherited row into a gap", async () => {
  const browser = await openApp();
  try {
    // The register: the demo's attestations, AWS's SOC 2 report past its period with a bridge letter.
    await browser.$('[data-testid="view-providers"]').click();
    const aws = browser.$('[data-testid="provider-card"][data-provider="AWS"]');
    await aws.waitForExist({ timeout: 10000 });
    const kinds = [];
    for (const a of await aws.$$('[data-testid="attestation"]')) kinds.push(await a.getAttribute("data-kind"));
    assert.deepEqual(kinds, ["soc2", "baa", "aoc", "fedramp"]);
    const report = aws.$('[data-testid="attestation"][data-kind="soc2"]');
    assert.match(await report.getText(), /bridge letter to/);
    for (const provider of ["Microsoft", "Salesforce", "Stripe"]) {
      assert.ok(await browser.$(`[data-testid="provider-card"][data-provider="${provider}"]`).isExisting(), provider);
    }
    await screenshot(browser, "providers.png");

    // The dashboard: several kinds of gap, counted in the top bar.
    await browser.$('[data-testid="view-gaps"]').click();
    await browser.$('[data-testid="gaps-flat"]').click();
    await browser.$('[data-testid="gap"]').waitForExist({ timeout: 10000 });
    // The kind filter offers the kinds present.
    const seen = new Set();
    for (const o of await browser.$$('[data-testid="gap-filter-kind"] option')) seen.add(await o.getAttribute("value"));
    for (const kind of ["third_party_carved_out", "aoc_service_missing", "exception_unassessed", "provider_unattested", "soc2_window_gap"]) {
      assert.ok(seen.has(kind), `no ${kind} gap among ${[...seen].join(", ")}`);
    }
    await select(browser, "gap-filter-kind", "aoc_service_missing");
    const unlisted = browser.$('[data-testid="gap"][data-kind="aoc_service_missing"]');
    assert.equal(await unlisted.getAttribute("data-service"), "Amazon EKS");
    await select(browser, "gap-filter-kind", "");
    const before = await gapCount(browser);
    assert.equal(await browser.$('[data-testid="gap-shown"]').getText(), `${before} of ${before} gaps`);
    await screenshot(browser, "gaps.png");

    // An EC2 HIPAA row the current report (with the BAA) makes inherited.
    await browser.$('[data-testid="view-matrix"]').click();
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 10000 });
    await select(browser, "matrix-filter-service", EC2);
    await select(browser, "matrix-filter-framework", "hipaa");
    await select(browser, "matrix-filter-owner", "inherited");
    const first = browser.$('[data-testid="matrix-row"]');
    await first.waitForExist({ timeout: 5000 });
    const control = await first.getAttribute("data-control");
    assert.equal(await first.getAttribute("data-owner"), "inherited");
    const row = () =>
      browser.$(`[data-testid="matrix-row"][data-service="${EC2}"][data-framework="hipaa"][data-control="${control}"]`);

    // Move the report and its bridge letter two years back: it is stale today.
    await browser.$('[data-testid="view-providers"]').click();
    await browser.$('[data-testid="provider-card"][data-provider="AWS"] [data-testid="attestation"][data-kind="soc2"] [data-testid="edit-attestation"]').click();
    await browser.$('[data-testid="attestation-form"]').waitForExist({ timeout: 5000 });
    // A period that ends before it starts is refused on its field, before anything is saved.
    await setDate(browser, "att-period-end", "2023-09-30");
    await browser.$('[data-testid="att-save"]').click();
    const error = browser.$('[data-testid="att-error"][data-field="periodEnd"]');
    await error.waitForExist({ timeout: 5000 });
    assert.match(await error.getText(), /before it starts/);
    await screenshot(browser, "attestation-form.png");
    // CarePortal runs in AWS's own data centres: the report carves no criterion out (only the
    // colocation sites of AWS's edge, named among its subservice organisations).
    const carved = browser.$('[data-testid="att-carved-out"]');
    assert.equal(await carved.getValue(), "");
    await carved.scrollIntoView();
    await screenshot(browser, "attestation-carve-out.png");
    await setDate(browser, "att-period-start", "2023-10-01");
    await setDate(browser, "att-period-end", "2024-09-30");
    await setDate(browser, "att-issued", "2024-11-15");
    await setDate(browser, "att-bridge-date", "2024-12-01");
    // A bridge letter speaks up to its own date, no further.
    await setDate(browser, "att-bridge-to", "2024-12-01");
    await browser.$('[data-testid="att-save"]').click();
    await browser.$('[data-testid="attestation-form"]').waitForExist({ reverse: true, timeout: 5000 });
    const stale = browser.$('[data-testid="provider-card"][data-provider="AWS"] [data-testid="attestation"][data-kind="soc2"]');
    assert.equal(await stale.getAttribute("data-current"), "false");
    await browser.waitUntil(async () => (await gapCount(browser)) > before, { timeoutMsg: "the gap count did not go up" });

    // The same row is now the provider's, and a gap.
    // The matrix keeps its filters: none of EC2's HIPAA rows is inherited any more.
    await browser.$('[data-testid="view-matrix"]').click();
    await browser.$('[data-testid="matrix-filter-owner"]').waitForExist({ timeout: 10000 });
    await select(browser, "matrix-filter-owner", "");
    await browser.$('[data-testid="matrix-filter-text"]').setValue(control);
    await browser.waitUntil(async () => (await (await row()).getAttribute("data-owner")) === "provider", {
      timeout: 10000,
      timeoutMsg: `${EC2} ${control} did not turn provider`,
    });

    await browser.$('[data-testid="view-gaps"]').click();
    if (await browser.$('[data-testid="gaps-flat"]').isExisting()) await browser.$('[data-testid="gaps-flat"]').click();
    await select(browser, "gap-filter-service", EC2);
    await select(browser, "gap-filter-kind", "provider_unattested");
    const gap = browser.$(`[data-testid="gap"][data-service="${EC2}"][data-control="${control}"]`);
    await gap.waitForExist({ timeout: 5000 });
    assert.equal(await gap.getAttribute("data-kind"), "provider_unattested");
    await screenshot(browser, "expired.png");

    // The gap opens its row in the matrix.
    await gap.click();
    await browser.waitUntil(async () => (await (await row()).isExisting()), { timeout: 10000, timeoutMsg: "the gap did not open its row" });
    assert.equal(await browser.$('[data-testid="matrix-filter-text"]').getValue(), control);
    assert.equal(await (await row()).getAttribute("data-owner"), "provider");
  } finally {
    await browser.deleteSession();
  }
});
