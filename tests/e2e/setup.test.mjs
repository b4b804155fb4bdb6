// Issue 18: a consultant's first hour from the keyboard. From the demo (marked as sample data),
// File → New builds a SOC 2 + HIPAA engagement: client, frameworks and their scoping questions,
// audit window, three services with their data; a service's set-up; a rename and a removal,
// undone and redone; then a matrix and gaps for those frameworks. The CLI reads the file after.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { Key } from "webdriverio";
import { openApp, screenshot, startDriver } from "./driver.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "target/debug/demarc");
const work = mkdtempSync(path.join(tmpdir(), "demarc-setup-"));
const dialogAnswer = path.join(work, "dialog-answer");
const file = path.join(work, "Acme Health.demarc");

let stopDriver;
before(async () => {
  stopDriver = await startDriver({ XDG_DATA_HOME: path.join(work, "home"), DEMARC_USER: "e2e", DEMARC_DIALOG_ANSWER: dialogAnswer });
});
after(() => stopDriver?.());

// One key per action, as a person types: WebKitWebDriver drops a key repeated within one
// action sequence.
async function type(browser, text) {
  for (const c of text) await browser.keys(c);
}

async function chord(browser, ...keys) {
  let action = browser.action("key");
  for (const k of keys) action = action.down(k);
  for (const k of [...keys].reverse()) action = action.up(k);
  await action.perform();
}

const active = (browser) =>
  browser.execute(() => {
    const el = document.activeElement;
    return { testid: el?.getAttribute("data-testid") ?? null, service: el?.getAttribute("data-service") ?? null };
  });

async function waitFocus(browser, testid, message) {
  await browser.waitUntil(async () => (await active(browser)).testid === testid, {
    timeout: 10000,
    timeoutMsg: `${message}: the focus is on ${JSON.stringify(await active(browser))}`,
  });
}

/** Tab (or Shift+Tab) until the focused element matches, as a person tabs to a control. */
async function tabTo(browser, matches, back = false) {
  for (let i = 0; i < 40; i++) {
    if (matches(await active(browser))) return;
    if (back) await chord(browser, Key.Shift, Key.Tab);
    else await browser.keys(Key.Tab);
  }
  throw new Error(`Tab never reached the control; the focus is on ${JSON.stringify(await active(browser))}`);
}

const serviceNames = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="service-item"]')].map((e) => e.getAttribute("data-service")));

async function waitNames(browser, check, message) {
  await browser.waitUntil(async () => check(await serviceNames(browser)), { timeout: 10000, timeoutMsg: message });
}

const status = (browser) =>
  browser.execute(() => (document.querySelector('[data-testid="save-status"]')?.textContent ?? "").trim());

async function waitStatus(browser, pattern, message) {
  await browser.waitUntil(async () => pattern.test(await status(browser)), {
    timeout: 10000,
    timeoutMsg: `${message}: the status says ${JSON.stringify(await status(browser))}`,
  });
}

/** Moves the selection to `name` with the arrow keys, as in the stack. */
async function selectService(browser, name) {
  for (let i = 0; i < 10; i++) {
    const { names, at } = await browser.execute(() => {
      const items = [...document.querySelectorAll('[data-testid="service-item"]')];
      return { names: items.map((e) => e.getAttribute("data-service")), at: items.findIndex((e) => e.getAttribute("aria-current") === "true") };
    });
    const want = names.indexOf(name);
    assert.ok(want !== -1, `${name} is not listed: ${names.join(", ")}`);
    if (want === at) return;
    await browser.keys(want > at ? Key.ArrowRight : Key.ArrowLeft);
  }
  throw new Error(`the arrows did not reach ${name}`);
}

const options = (browser, testid) =>
  browser.execute((id) => [...document.querySelectorAll(`[data-testid="${id}"] option`)].map((o) => o.textContent.trim()), testid);

/** With DEMARC_DOCS_SCREENSHOTS=1, keeps a screenshot of a set-up screen for the README too. */
function forDocs(shot, name) {
  if (!process.env.DEMARC_DOCS_SCREENSHOTS) return;
  const docs = path.join(root, "docs/screenshots");
  mkdirSync(docs, { recursive: true });
  copyFileSync(shot, path.join(docs, name));
}

test("a SOC 2 + HIPAA engagement is built from File → New, corrected and undone from the keyboard", async () => {
  const browser = await openApp();
  try {
    await browser.setWindowSize(1280, 800);
    // The demo says it is sample data, with the way to a real engagement.
    const banner = await browser.$('[data-testid="sample-banner"]');
    await banner.waitForExist({ timeout: 10000 });
    assert.match(await banner.getText(), /Sample engagement/);
    assert.match(await banner.getText(), /Start a real engagement/);
    await screenshot(browser, "setup-01-sample.png");

    // 1. Client: Ctrl+N, the client's name focused; Enter chooses where to save.
    await chord(browser, Key.Ctrl, "n");
    await waitFocus(browser, "first-run-client", "the first run did not focus the client");
    await type(browser, "Acme Health");
    await browser.keys(Key.Tab);
    await type(browser, "The patient portal on AWS");
    writeFileSync(dialogAnswer, file);
    await screenshot(browser, "setup-02-client.png");
    await browser.keys(Key.Enter);

    // 2. Frameworks: the first box focused; Space ticks, Tab moves, Enter goes on.
    await waitFocus(browser, "first-run-framework-soc2", "the frameworks step did not focus its first box");
    await browser.$('[data-testid="sample-banner"]').waitForExist({ reverse: true, timeout: 10000 });
    const client = await browser.execute(() => document.querySelector('[data-testid="client"]')?.textContent ?? "");
    assert.match(client, /Acme Health/);
    await browser.keys(Key.Space);
    await browser.keys(Key.Tab);
    await browser.keys(Key.Space);
    await screenshot(browser, "setup-03-frameworks.png");
    forDocs(await screenshot(browser, "setup-03-frameworks.png"), "setup-first-run.png");
    await browser.keys(Key.Enter);

    // Their scoping questions come next: HIPAA first (its role), then SOC 2 (Availability).
    await browser.$('[data-testid="scoping-dialog"]').waitForExist({ timeout: 10000 });
    await waitFocus(browser, "scoping-hipaa-role", "the scoping questions did not focus HIPAA's role");
    await tabTo(browser, (a) => a.testid === "scoping-save");
    await browser.keys(Key.Enter);
    await waitFocus(browser, "scoping-category-availability", "SOC 2's questions did not take the focus");
    await browser.keys(Key.Space);
    await tabTo(browser, (a) => a.testid === "scoping-save");
    await browser.keys(Key.Enter);
    await browser.$('[data-testid="scoping-saved"]').waitForExist({ timeout: 10000 });
    await screenshot(browser, "setup-04-scoping.png");
    await browser.keys(Key.Escape);

    // 3. Audit window: typed ISO dates, Enter goes on.
    await waitFocus(browser, "setup-audit-start", "the audit window step did not focus its start");
    await type(browser, "2026-04-01");
    await browser.keys(Key.Tab);
    await type(browser, "2027-03-31");
    await screenshot(browser, "setup-05-window.png");
    await browser.keys(Key.Enter);

    // 4. Services: three, each with Enter; Enter on an empty name finishes.
    await waitFocus(browser, "first-run-service", "the services step did not focus the name");
    const addService = async (name, provider, model, withPhi, region = "") => {
      await type(browser, name);
      await browser.keys(Key.Tab);
      await type(browser, provider);
      // The model list answers the first letter typed: F for FaaS, P for PaaS.
      // WebKit's type-ahead joins letters typed within a second, so a letter that did not take
      // is typed again after a pause rather than at once.
      await browser.keys(Key.Tab);
      await waitFocus(browser, "first-run-model", "Tab from the provider did not reach the model list");
      const modelIs = async () => (await browser.$('[data-testid="first-run-model"]').getValue()) === model.toLowerCase();
      for (let attempt = 0; attempt < 3 && !(await modelIs()); attempt++) {
        if (attempt) await browser.pause(1200);
        await type(browser, model.charAt(0));
        await browser.waitUntil(modelIs, { timeout: 2000 }).catch(() => {});
      }
      assert.ok(await modelIs(), `the model list did not go to ${model}`);
      if (region) {
        await browser.keys(Key.Tab);
        await type(browser, region);
      }
      if (withPhi) {
        await tabTo(browser, (a) => a.testid === "first-run-data-phi");
        await browser.keys(Key.Space);
      }
      await browser.keys(Key.Enter);
      await browser.waitUntil(
        async () => (await browser.$('[data-testid="first-run-added"]').getText().catch(() => "")).includes(name),
        { timeout: 10000, timeoutMsg: `${name} was not added` },
      );
      await waitFocus(browser, "first-run-service", "the name did not take the focus again");
      await browser.waitUntil(async () => !(await browser.$('[data-testid="first-run-next"]').getAttribute("disabled")), { timeout: 10000 });
    };
    await addService("Amazon EC2", "AWS", "IaaS", false);
    await addService("Amazon RDS", "AWS", "PaaS", true, "us-east-1");
    await addService("AWS Lambda prod", "AWS", "FaaS", false);
    await screenshot(browser, "setup-06-services.png");
    await browser.keys(Key.Enter);
    await browser.$('[data-testid="first-run"]').waitForExist({ reverse: true, timeout: 10000 });
    await waitNames(browser, (n) => n.length === 3, "the three services are not listed");
    const facts = await browser.execute(() => document.querySelector("header.top")?.textContent ?? "");
    assert.match(facts, /SOC 2/);
    assert.match(facts, /HIPAA/);
    await screenshot(browser, "setup-07-done.png");

    // The set-up at any time (Ctrl+comma): Lambda handles PII; the data types are saved at once.
    await chord(browser, Key.Ctrl, ",");
    await waitFocus(browser, "setup-client", "the set-up did not focus the client");
    await chord(browser, Key.Shift, Key.Tab);
    await waitFocus(browser, "setup-tab-engagement", "Shift+Tab did not reach the tabs");
    await browser.keys(Key.ArrowLeft);
    await waitFocus(browser, "setup-tab-services", "the arrows did not move to the Services tab");
    await tabTo(browser, (a) => a.testid === "setup-service-pick" && a.service === "AWS Lambda prod");
    await browser.keys(Key.Enter);
    await browser.waitUntil(
      async () => (await browser.$('[data-testid="service-setup"]').getAttribute("data-service")) === "AWS Lambda prod",
      { timeout: 10000, timeoutMsg: "Lambda's set-up did not open" },
    );
    await tabTo(browser, (a) => a.testid === "setup-data-pii");
    await browser.keys(Key.Space);
    await waitStatus(browser, /Saved the data of AWS Lambda prod/, "the data types were not saved");
    const shot = await screenshot(browser, "setup-08-service.png");
    forDocs(shot, "setup-service.png");
    await browser.keys(Key.Escape);
    await browser.$('[data-testid="setup-dialog"]').waitForExist({ reverse: true, timeout: 10000 });

    // Rename with F2 in the stack, remove with Delete.
    await browser.keys("s");
    await browser.$('[data-testid="service-item"]').waitForExist({ timeout: 10000 });
    await selectService(browser, "AWS Lambda prod");
    await browser.keys(Key.F2);
    await waitFocus(browser, "rename-service-name", "F2 did not open the name of Lambda");
    assert.equal(await browser.$('[data-testid="rename-service-name"]').getValue(), "AWS Lambda prod");
    await chord(browser, Key.Ctrl, "a");
    await type(browser, "Lambda prod (eu-west-1)");
    await browser.keys(Key.Enter);
    await waitNames(browser, (n) => n.includes("Lambda prod (eu-west-1)"), "the rename did not reach the list");
    await screenshot(browser, "setup-09-renamed.png");

    await browser.keys(Key.Escape);
    await browser.execute(() => document.activeElement?.blur());
    await selectService(browser, "Amazon EC2");
    await browser.keys(Key.Delete);
    await waitFocus(browser, "remove-service-confirm", "Delete did not ask to confirm");
    assert.match(await browser.$('[data-testid="remove-service"]').getText(), /Remove Amazon EC2\?/);
    await browser.keys(Key.Enter);
    await waitNames(browser, (n) => !n.includes("Amazon EC2") && n.length === 2, "EC2 was not removed");
    await screenshot(browser, "setup-10-removed.png");

    // Undo brings EC2 back, redo takes it again; a second undo after it reaches the rename.
    await browser.execute(() => document.activeElement?.blur());
    await chord(browser, Key.Ctrl, "z");
    await waitNames(browser, (n) => n.includes("Amazon EC2"), "undo did not bring EC2 back");
    await waitStatus(browser, /^Undid: removing Amazon EC2/, "the status does not say what was undone");
    await screenshot(browser, "setup-11-undone.png");
    await chord(browser, Key.Ctrl, "y");
    await waitNames(browser, (n) => !n.includes("Amazon EC2"), "redo did not remove EC2 again");
    await waitStatus(browser, /^Redid: removing Amazon EC2/, "the status does not say what was redone");
    await chord(browser, Key.Ctrl, "z");
    await waitNames(browser, (n) => n.includes("Amazon EC2"), "undo did not bring EC2 back a second time");
    await chord(browser, Key.Ctrl, "z");
    await waitNames(browser, (n) => n.includes("AWS Lambda prod"), "undo did not reach the rename");
    await waitStatus(browser, /^Undid: Lambda prod \(eu-west-1\) back to AWS Lambda prod/, "the rename's undo is not said");
    await chord(browser, Key.Ctrl, "y");
    await waitNames(browser, (n) => n.includes("Lambda prod (eu-west-1)"), "redo did not rename again");
    await chord(browser, Key.Ctrl, "y");
    await waitNames(browser, (n) => !n.includes("Amazon EC2") && n.length === 2, "redo did not remove EC2 again");

    // A matrix and gaps for SOC 2 and HIPAA.
    await browser.keys("m");
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 20000 });
    const frameworks = await options(browser, "matrix-filter-framework");
    assert.ok(frameworks.includes("SOC 2") && frameworks.includes("HIPAA"), frameworks.join(", "));
    const count = await browser.$('[data-testid="matrix-count"]').getText();
    assert.match(count, /[1-9]\d* /, count);
    await screenshot(browser, "setup-12-matrix.png");

    await browser.keys("g");
    await browser.$('[data-testid="gaps-flat"]').waitForExist({ timeout: 20000 });
    await browser.$('[data-testid="gaps-flat"]').click();
    await browser.$('[data-testid="gap"]').waitForExist({ timeout: 20000 });
    const gapFrameworks = await options(browser, "gap-filter-framework");
    assert.ok(gapFrameworks.includes("SOC 2") && gapFrameworks.includes("HIPAA"), gapFrameworks.join(", "));
    const kinds = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="gap-filter-kind"] option')].map((o) => o.value),
    );
    assert.ok(kinds.includes("phi_without_baa"), `RDS handles PHI with no BAA: ${kinds.join(", ")}`);
    await screenshot(browser, "setup-13-gaps.png");
  } finally {
    await browser.deleteSession();
  }

  // The file alone holds it all, as the command line reads it.
  if (existsSync(cli)) {
    const view = JSON.parse(execFileSync(cli, ["show", file, "--json"], { encoding: "utf8" }));
    const e = view.engagement;
    assert.equal(e.client, "Acme Health");
    assert.equal(e.scope, "The patient portal on AWS");
    assert.deepEqual(e.frameworks, ["soc2", "hipaa"]);
    assert.deepEqual([e.audit_start, e.audit_end], ["2026-04-01", "2027-03-31"]);
    assert.equal(e.sample, false);
    const byName = Object.fromEntries(view.services.map((s) => [s.name, s]));
    assert.deepEqual(Object.keys(byName).sort(), ["Amazon RDS", "Lambda prod (eu-west-1)"]);
    assert.deepEqual(byName["Amazon RDS"].data_types, ["phi"]);
    assert.deepEqual(byName["Lambda prod (eu-west-1)"].data_types, ["pii"]);
    assert.deepEqual(byName["Amazon RDS"].frameworks, ["soc2", "hipaa"]);
    assert.equal(byName["Amazon RDS"].region, "us-east-1");
    const profiles = execFileSync(cli, ["profile", file], { encoding: "utf8" });
    assert.match(profiles, /HIPAA/);
    assert.match(profiles, /Availability/);
  }
});
