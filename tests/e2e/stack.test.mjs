// Issue 3: change a layer's owner in the real app, restart it, and see the change persisted.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openApp, screenshot, startDriver } from "./driver.mjs";

let stopDriver;
before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "demarc-e2e-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: home, DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

const layer = (browser, id) => browser.$(`[data-testid="stack-layer"][data-layer="${id}"]`);

test("a layer owner changed in the app survives a restart", async () => {
  let browser = await openApp();
  try {
    await browser.$('[data-testid="service-item"][data-service="Amazon EC2"]').click();
    const os = await layer(browser, "os");
    assert.equal(await os.getAttribute("data-owner"), "customer");
    assert.equal(await os.getAttribute("data-overridden"), "false");

    await os.click();
    await browser.$('[data-testid="owner-option"][data-owner="shared"]').click();
    await browser.$('[data-testid="reason-input"]').setValue("Golden AMIs patched by the platform team");
    await browser.$('[data-testid="reason-save"]').click();
    await browser.waitUntil(async () => (await os.getAttribute("data-owner")) === "shared", {
      timeoutMsg: "the layer did not turn shared",
    });
    await screenshot(browser, "stack-after-change.png");
  } finally {
    await browser.deleteSession();
  }

  browser = await openApp();
  try {
    await browser.$('[data-testid="service-item"][data-service="Amazon EC2"]').click();
    const os = await layer(browser, "os");
    await browser.waitUntil(async () => (await os.getAttribute("data-owner")) === "shared", {
      timeoutMsg: "the change was not there after a restart",
    });
    assert.equal(await os.getAttribute("data-overridden"), "true");
    const layers = await browser.$$('[data-testid="stack-layer"]');
    assert.equal(layers.length, 14);
    await screenshot(browser, "stack.png");

    await browser.$('[data-testid="view-board"]').click();
    const cell = browser.$('[data-testid="board-cell"][data-service="Amazon EC2"][data-layer="os"]');
    await cell.waitForExist({ timeout: 5000 });
    assert.equal(await cell.getAttribute("data-owner"), "shared");
    const cells = await browser.$$('[data-testid="board-cell"]');
    assert.equal(cells.length, 9 * 14);
    await screenshot(browser, "board.png");
  } finally {
    await browser.deleteSession();
  }
});

test("the window reaches no file it was not given and has no dialog of its own", async () => {
  const browser = await openApp();
  try {
    const call = (command, args) =>
      browser.executeAsync(
        (command, args, done) =>
          window.__TAURI_INTERNALS__.invoke(command, args).then(
            () => done("allowed"),
            (e) => done(typeof e === "object" && e?.code ? e.code : String(e)),
          ),
        command,
        args,
      );
    assert.equal(await call("inspect_file", { path: "/etc/passwd" }), "not_permitted");
    assert.equal(await call("open_engagement", { path: "/etc/hostname" }), "not_permitted");
    assert.equal(await call("save_engagement_as", { path: "/tmp/stolen.demarc" }), "not_permitted");
    assert.match(await call("plugin:dialog|open", { options: {} }), /not allowed/);
  } finally {
    await browser.deleteSession();
  }
});
