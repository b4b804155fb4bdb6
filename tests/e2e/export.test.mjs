// Export from the app: the dialog writes the workbook, the PDF pack and a companion layout into
// the folder chosen in the (scripted) folder dialog, with a progress bar, then lists the files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openApp, screenshot, startDriver } from "./driver.mjs";

let stopDriver;
let dialogAnswer;
let home;
before(async () => {
  home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-export-"));
  // The app is built with scripted dialogs: the next dialog answers with this file's content.
  dialogAnswer = path.join(home, "dialog-answer");
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e", DEMARC_DIALOG_ANSWER: dialogAnswer });
});
after(() => stopDriver?.());

test("the export dialog writes the chosen files into the chosen folder and lists them", async () => {
  const folder = path.join(home, "for the auditor");
  mkdirSync(folder);
  const browser = await openApp();
  try {
    // From the File menu.
    await browser.$('[data-testid="file-menu"]').click();
    await browser.$('[data-testid="export-open"]').click();
    const dialog = browser.$('[data-testid="export-dialog"]');
    await dialog.waitForExist({ timeout: 5000 });
    await browser.$('[data-testid="export-layout"][data-layout="kickoff"]').waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('[data-testid="export-workbook"]').isSelected(), true);
    assert.equal(await browser.$('[data-testid="export-pdf"]').isSelected(), true);
    const services = await browser.$$('[data-testid="export-service"]');
    assert.equal(services.length, 9, "every service of the demo");
    for (const box of services) assert.equal(await box.isSelected(), true);
    await browser.$('[data-testid="export-layout"][data-layout="kickoff"]').click();
    assert.equal(await browser.$('[data-testid="export-readiness"]').isSelected(), false);
    await browser.$('[data-testid="export-readiness"]').click();
    await browser.$('[data-testid="export-paper-letter"]').click();
    await screenshot(browser, "export-choices.png");

    // Cancelling the folder dialog leaves the choices as they were.
    await browser.$('[data-testid="export-run"]').click();
    await browser.pause(300);
    assert.ok(await browser.$('[data-testid="export-run"]').isExisting());
    assert.deepEqual(readdirSync(folder), []);

    writeFileSync(dialogAnswer, folder);
    await browser.$('[data-testid="export-run"]').click();
    const done = browser.$('[data-testid="export-done"]');
    await done.waitForExist({ timeout: 60000 });
    const files = await browser.$$('[data-testid="export-file"]');
    const paths = [];
    for (const f of files) paths.push(await f.getAttribute("data-path"));
    assert.deepEqual(
      paths,
      ["demo.xlsx", "demo.pdf", "demo-kickoff.xlsx", "demo-readiness.pdf"].map((n) => path.join(folder, n)),
    );
    for (const p of paths) assert.ok(statSync(p).size > 0, `${p} is empty`);
    assert.equal(readFileSync(paths[1]).subarray(0, 4).toString(), "%PDF");
    assert.equal(readFileSync(paths[3]).subarray(0, 4).toString(), "%PDF");
    assert.deepEqual(readdirSync(folder).sort(), ["demo-kickoff.xlsx", "demo-readiness.pdf", "demo.pdf", "demo.xlsx"]);
    assert.match(await done.getText(), /Wrote 4 files into/);
    await screenshot(browser, "export-done.png");

    // Ctrl+E opens it again after Done.
    await browser.$('[data-testid="export-close"]').click();
    await dialog.waitForExist({ reverse: true, timeout: 5000 });
    await browser.keys(["Control", "e"]);
    await dialog.waitForExist({ timeout: 5000 });
    await browser.keys(["Escape"]);
    await dialog.waitForExist({ reverse: true, timeout: 5000 });
  } finally {
    await browser.deleteSession();
  }
});
