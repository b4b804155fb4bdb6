// Issue 15: a generated workbook no layout rule recognises goes through the real wizard: the
// person names its columns (two header rows, marks per party, a section, a data range), the
// preview follows, it imports, the profile is exported as the command line's JSON, and the next
// file of that layout is read with the saved mapping at once.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openApp, screenshot, startDriver } from "./driver.mjs";
import { writeXlsx } from "./xlsx.mjs";

const SERVICE = "Vendor Cloud";
// The app's data folder under XDG_DATA_HOME is named by its identifier (tauri.conf.json).
const IDENTIFIER = JSON.parse(readFileSync(new URL("../../tauri.conf.json", import.meta.url), "utf8")).identifier;
const PROVIDER = "Vendor X";

let stopDriver;
let home;
let dialogAnswer;
before(async () => {
  home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-mapping-"));
  dialogAnswer = path.join(home, "dialog-answer");
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e", DEMARC_DIALOG_ANSWER: dialogAnswer });
});
after(() => stopDriver?.());

/** A vendor's matrix: a title, `Who does it` over one marked column per party, an area per
 * row, a note under the data. `shift` puts a hidden column first, as next year's file does. */
function vendorMatrix(file, shift) {
  const rows = [
    ["Vendor X shared responsibility matrix, 2025"],
    ["Ref", "Area", "Who does it", "", "", "Vendor notes"],
    ["", "", "Vendor", "Client", "Both", ""],
    ["CC6.1", "Access", "x", "", "", "SSO for our staff"],
    ["CC6.2", "Access", "", "x", "", ""],
    ["CC6.3", "Access", "", "", "x", "Roles in the console"],
    ["CC6.6", "Network", "x", "", "", "Edge firewalls"],
    ["CC7.2", "Operations", "x", "x", "", "We alert on ours"],
    ["CC8.1", "Change", "", "x", "", ""],
    ["Figures are indicative."],
  ].map((r) => (shift ? ["internal", ...r] : r));
  const at = shift ? 1 : 0;
  const col = (c) => String.fromCharCode(65 + c + at);
  writeXlsx(file, "Responsibilities", rows, { merges: [`${col(2)}2:${col(4)}2`], hidden: shift ? [0] : [] });
  return file;
}

async function choose(browser, file) {
  writeFileSync(dialogAnswer, file);
  await browser.$('[data-testid="import-choose"]').click();
  const layout = browser.$('[data-testid="import-layout"]');
  await layout.waitForExist({ timeout: 30000 });
  return layout;
}

async function role(browser, letter, value) {
  const select = browser.$(`[data-testid="mapping-role"][data-column="${letter}"]`);
  await select.selectByAttribute("value", value);
}

test("an unrecognised workbook is mapped in the wizard, imported, exported and offered next time", async () => {
  const first = vendorMatrix(path.join(home, "vendor-x-2025.xlsx"), false);
  const browser = await openApp();
  try {
    await browser.$('[data-testid="add-service-name"]').setValue(SERVICE);
    await browser.$('input[aria-label="Provider"]').setValue(PROVIDER);
    await browser.$('select[aria-label="Service model"]').selectByAttribute("value", "saas");
    await browser.$('[data-testid="add-service-submit"]').click();
    await browser.$(`[data-testid="service-item"][data-service="${SERVICE}"]`).waitForExist({ timeout: 5000 });

    await browser.$('[data-testid="import-open"]').click();
    const layout = await choose(browser, first);
    // Nothing recognised: the sheet to map, the reason, and no way on until it is mapped.
    assert.equal(await layout.getAttribute("data-mapping"), "true");
    assert.match(await browser.$('[data-testid="import-unrecognised"]').getText(), /No layout rule recognised/);
    assert.equal(await browser.$('[data-testid="import-next"]').isEnabled(), false);
    assert.equal(await browser.$('[data-testid="mapping-grid"]').getAttribute("data-sheet"), "Responsibilities");
    // The header guessed at the first row with two titles is row 2; it spans two rows.
    assert.equal(await browser.$('[data-testid="mapping-header-row"]').getValue(), "2");
    await browser.$('[data-testid="mapping-header-rows"]').selectByAttribute("value", "2");
    await browser.$('[data-testid="mapping-last-row"]').setValue("9");
    await browser.keys(["Tab"]);
    await role(browser, "A", "control_id");
    await role(browser, "B", "section");
    await role(browser, "C", "mark:provider");
    await role(browser, "D", "mark:customer");
    await role(browser, "E", "mark:shared");
    await role(browser, "F", "provider_narrative");
    await browser.$('[data-testid="mapping-name"]').setValue("Vendor X matrix");
    await browser.keys(["Tab"]);

    // The preview follows: six rows read with their roles.
    const table = browser.$('[data-testid="import-preview-table"]');
    await table.waitForExist({ timeout: 10000 });
    await browser.waitUntil(async () => (await browser.$$('[data-testid="import-table-tab"]').length) === 1, { timeout: 10000 });
    assert.match(await browser.$('[data-testid="import-table-tab"]').getText(), /Mapping profile · 6 rows/);
    assert.ok(await table.$('th[data-role="control_id"]').isExisting());
    assert.ok(await table.$('th[data-role="section"]').isExisting());
    await browser.waitUntil(() => browser.$('[data-testid="import-next"]').isEnabled(), { timeout: 5000 });
    await screenshot(browser, "import-mapping.png");

    // Exported as the JSON `demarc import --mapping` reads, its columns named by title.
    const exported = path.join(home, "vendor-x.json");
    writeFileSync(dialogAnswer, exported);
    await browser.$('[data-testid="mapping-export"]').click();
    await browser.waitUntil(
      async () => {
        const error = browser.$('[data-testid="import-error"]');
        if (await error.isExisting()) assert.fail(await error.getText());
        return browser.$('[data-testid="mapping-exported"]').isExisting();
      },
      { timeout: 10000 },
    );
    const json = JSON.parse(readFileSync(exported, "utf8"));
    assert.deepEqual(json.control_id, { title: "Ref" });
    assert.deepEqual(json.marks[1], { column: { title: "Client" }, owner: "customer" });
    assert.equal(json.name, "Vendor X matrix");

    await browser.$('[data-testid="import-next"]').click();
    await browser.$('[data-testid="import-labels"]').waitForExist({ timeout: 5000 });
    await browser.$('[data-testid="import-next"]').click();
    await browser.$('[data-testid="import-provider"]').setValue(PROVIDER);
    const box = browser.$(`[data-testid="import-service"][data-service="${SERVICE}"]`);
    await browser.waitUntil(() => box.isSelected(), { timeout: 5000 });
    await browser.$('[data-testid="import-run"]').click();
    const report = browser.$('[data-testid="import-report"]');
    await report.waitForExist({ timeout: 30000 });
    const read = report.$('[data-testid="import-report-table"]');
    assert.equal(await read.getAttribute("data-rows"), "6");
    const owners = async (owner) => read.$(`[data-owner="${owner}"]`).getAttribute("data-count");
    assert.deepEqual([await owners("provider"), await owners("customer"), await owners("shared")], ["2", "2", "2"]);
    assert.notEqual(await browser.$('[data-testid="import-reach"]').getAttribute("data-matrix-rows"), "0");
    await screenshot(browser, "import-mapping-report.png");

    // Next year's file, a hidden column first: read with the saved mapping at once.
    const next = vendorMatrix(path.join(home, "vendor-x-2026.xlsx"), true);
    await browser.$("button=Import another file").click();
    await choose(browser, next);
    await browser.$('[data-testid="import-preview-table"]').waitForExist({ timeout: 10000 });
    assert.match(await browser.$('[data-testid="import-unrecognised"]').getText(), /saved mapping “Vendor X matrix”/);
    assert.match(await browser.$('[data-testid="import-table-tab"]').getText(), /6 rows/);
    assert.equal(
      await browser.$('[data-testid="mapping-role"][data-column="B"]').getValue(),
      "control_id",
      "the columns shown where they are in this file",
    );
    assert.equal(await browser.$('[data-testid="import-next"]').isEnabled(), true);
    await screenshot(browser, "import-mapping-offered.png");
    await browser.keys(["Escape"]);
  } finally {
    await browser.deleteSession();
  }
  // The user's library has it too, for other engagements.
  assert.ok(existsSync(path.join(home, IDENTIFIER, "profiles", "vendor x matrix.json")));
});
