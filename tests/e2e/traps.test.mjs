// The small traps of a first hour: a second export into one folder asks before it writes over a
// pack that may have been signed, keeps both by default, and replaces only when told to.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openApp, screenshot, startDriver } from "./driver.mjs";

let stopDriver;
let dialogAnswer;
let home;
before(async () => {
  home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-traps-"));
  // The app is built with scripted dialogs: the next dialog answers with this file's content.
  dialogAnswer = path.join(home, "dialog-answer");
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e", DEMARC_DIALOG_ANSWER: dialogAnswer });
});
after(() => stopDriver?.());

/** Opens the export dialog with its defaults (workbook and PDF) and picks `folder`. */
async function exportInto(browser, folder) {
  await browser.keys(["Control", "e"]);
  await browser.$('[data-testid="export-dialog"]').waitForExist({ timeout: 5000 });
  const run = browser.$('[data-testid="export-run"]');
  await run.waitForEnabled({ timeout: 5000 });
  writeFileSync(dialogAnswer, folder);
  await run.click();
}

async function writtenFiles(browser) {
  await browser.$('[data-testid="export-done"]').waitForExist({ timeout: 60000 });
  const paths = [];
  for (const f of await browser.$$('[data-testid="export-file"]')) paths.push(path.basename(await f.getAttribute("data-path")));
  await browser.$('[data-testid="export-close"]').click();
  await browser.$('[data-testid="export-dialog"]').waitForExist({ reverse: true, timeout: 5000 });
  return paths;
}

test("a second export into one folder asks, keeps both by default and replaces only when told", async () => {
  const folder = path.join(home, "for the auditor");
  mkdirSync(folder);
  const browser = await openApp();
  try {
    await exportInto(browser, folder);
    assert.deepEqual(await writtenFiles(browser), ["demo.xlsx", "demo.pdf"]);
    writeFileSync(path.join(folder, "demo.pdf"), "signed by the client");

    // The second export asks first; Enter takes the focused answer, which keeps both.
    await exportInto(browser, folder);
    const asked = browser.$('[data-testid="export-exists"]');
    await asked.waitForExist({ timeout: 10000 });
    assert.match(await asked.getText(), /2 files are already in .*for the auditor: demo\.xlsx, demo\.pdf\./);
    assert.equal(await browser.$('[data-testid="export-keep-both"]').isFocused(), true);
    await screenshot(browser, "traps-export-exists.png");
    await browser.keys(["Enter"]);
    assert.deepEqual(await writtenFiles(browser), ["demo (2).xlsx", "demo (2).pdf"]);
    assert.equal(readFileSync(path.join(folder, "demo.pdf"), "utf8"), "signed by the client");

    // Replace writes over the named files and nothing else.
    await exportInto(browser, folder);
    await browser.$('[data-testid="export-replace"]').waitForExist({ timeout: 10000 });
    await browser.$('[data-testid="export-replace"]').click();
    assert.deepEqual(await writtenFiles(browser), ["demo.xlsx", "demo.pdf"]);
    assert.equal(readFileSync(path.join(folder, "demo.pdf")).subarray(0, 4).toString(), "%PDF");
    assert.deepEqual(readdirSync(folder).sort(), ["demo (2).pdf", "demo (2).xlsx", "demo.pdf", "demo.xlsx"]);
  } finally {
    await browser.deleteSession();
  }
});
