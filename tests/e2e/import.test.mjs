// Issue 4: the cloud.gov workbook imported into the demo engagement through the wizard, and its
// rows deciding owners in the control matrix.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { openApp, screenshot, startDriver } from "./driver.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const workbook = path.resolve(root, "../shared/fixtures/cloudgov_CIS-Worksheet_2025.xlsx");
const SERVICE = "cloud.gov";

let stopDriver;
let dialogAnswer;
before(async () => {
  if (!existsSync(workbook)) return;
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-import-"));
  // The app is built with scripted dialogs: the next file dialog answers with this file's path.
  dialogAnswer = path.join(home, "dialog-answer");
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e", DEMARC_DIALOG_ANSWER: dialogAnswer });
});
after(() => stopDriver?.());

test("the cloud.gov workbook imports through the wizard and decides owners in the matrix", async (t) => {
  if (!existsSync(workbook)) {
    console.log(`\n*** SKIPPED: ${workbook} is absent; the import end-to-end test did not run ***\n`);
    t.skip("../shared/fixtures is absent");
    return;
  }
  const browser = await openApp();
  try {
    // The demo has no cloud.gov service: add it, PaaS run by GSA.
    await browser.$('[data-testid="add-service-name"]').setValue(SERVICE);
    await browser.$('input[aria-label="Provider"]').setValue("GSA");
    await browser.$('select[aria-label="Service model"]').selectByAttribute("value", "paas");
    await browser.$('[data-testid="add-service-submit"]').click();
    await browser.$(`[data-testid="service-item"][data-service="${SERVICE}"]`).waitForExist({ timeout: 5000 });

    await browser.$('[data-testid="import-open"]').click();
    // Cancelling the dialog leaves the wizard where it was.
    await browser.$('[data-testid="import-choose"]').click();
    await browser.pause(300);
    assert.ok(await browser.$('[data-testid="import-choose"]').isExisting());
    writeFileSync(dialogAnswer, workbook);
    await browser.$('[data-testid="import-choose"]').click();
    const layout = browser.$('[data-testid="import-layout"]');
    await layout.waitForExist({ timeout: 30000 });
    assert.equal(await layout.getAttribute("data-layout"), "fedramp_cis+fedramp_crm");
    // The CRM sheet: control ID and "Can Be Inherited from CSP" recognised, the hidden column marked.
    const tabs = await browser.$$('[data-testid="import-table-tab"]');
    assert.equal(tabs.length, 2);
    await tabs[1].click();
    const table = browser.$('[data-testid="import-preview-table"][data-sheet="PaaS CRM"]');
    await table.waitForExist({ timeout: 5000 });
    assert.equal(await table.$$("tbody tr").length, 10);
    assert.ok(await table.$('th[data-role="control_id"]').isExisting());
    assert.ok(await table.$('th[data-role="ownership"]').isExisting());
    assert.match(await browser.$('[data-testid="import-warnings"]').getText(), /is hidden/);
    await screenshot(browser, "import-preview.png");

    await browser.$('[data-testid="import-next"]').click();
    await browser.$('[data-testid="import-labels"]').waitForExist({ timeout: 5000 });
    await browser.$('[data-testid="import-next"]').click();

    await browser.$('[data-testid="import-provider"]').setValue("cloud.gov");
    const box = browser.$(`[data-testid="import-service"][data-service="${SERVICE}"]`);
    await box.click();
    assert.equal(await box.isSelected(), true);
    // FedRAMP worksheets carry NIST IDs: FedRAMP comes into scope for the service.
    assert.equal(await browser.$('[data-testid="import-scope"]').isSelected(), true);
    await screenshot(browser, "import-target.png");
    await browser.$('[data-testid="import-run"]').click();

    const report = browser.$('[data-testid="import-report"]');
    await report.waitForExist({ timeout: 60000 });
    const crm = report.$('[data-testid="import-report-table"][data-sheet="PaaS CRM"]');
    assert.equal(await crm.getAttribute("data-rows"), "616");
    const count = async (label) => crm.$(`li[data-label="${label}"]`).getAttribute("data-count");
    assert.deepEqual([await count("No"), await count("Partial"), await count("Yes")], ["350", "142", "124"]);
    await screenshot(browser, "import-report.png");

    await browser.keys(["Escape"]);
    await report.waitForExist({ reverse: true, timeout: 5000 });
    // FedRAMP came into scope with no scoping answers: its questions are asked next.
    const scoping = browser.$('[data-testid="scoping-dialog"]');
    await scoping.waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('[data-testid="scoping-tab-fedramp"]').getAttribute("aria-selected"), "true");
    await browser.$('[data-testid="scoping-fedramp-role"]').selectByAttribute("value", "agency");
    await browser.$('[data-testid="scoping-save"]').click();
    await browser.$('[data-testid="scoping-saved"]').waitForExist({ timeout: 5000 });
    await screenshot(browser, "import-scoping.png");
    await browser.keys(["Escape"]);
    await scoping.waitForExist({ reverse: true, timeout: 5000 });
    await browser.$('[data-testid="view-matrix"]').click();
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 20000 });
    await browser.$('[data-testid="matrix-filter-service"]').selectByAttribute("value", SERVICE);
    await browser.$('[data-testid="matrix-filter-framework"]').selectByAttribute("value", "fedramp");
    const fromMatrix = browser.$(`[data-testid="matrix-row"][data-service="${SERVICE}"][data-source="provider_matrix"]`);
    await fromMatrix.waitForExist({ timeout: 10000 });
    await fromMatrix.click();
    await screenshot(browser, "import-matrix.png");
  } finally {
    await browser.deleteSession();
  }
});
