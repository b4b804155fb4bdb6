// Issue 11: a provider's answers in CCM IDs reach the SOC 2 rows through a crosswalk. An
// engagement built with the CLI (a generated CAIQ v4 answer sheet and a CCM-like mapping sheet);
// in the real app the matrix is filtered to crosswalk rows, one row's trail is read, a weak
// reach's suggestion is accepted from the keyboard and undone with Ctrl+Z, and the coverage
// panel's counts are those of `demarc crosswalk coverage --json`. Then the demo as a new user
// first sees it: Microsoft's shipped Azure Storage baseline reaching its NIST CSF 2.0 rows, an
// accepted suggestion citing its trail, and the coverage panel (the README's two screenshots).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { remote, Key } from "webdriverio";
import { app, port, screenshot, startDriver } from "./driver.mjs";
import { writeXlsx } from "./xlsx.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "target/debug/demarc");
const SERVICE = "WhitePact Mail";

let work;
let file;
let stopDriver;

function demarc(...args) {
  const run = spawnSync(cli, args, { encoding: "utf8", env: { ...process.env, DEMARC_USER: "crosswalk-test" } });
  assert.equal(run.status, 0, `demarc ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

/** A CAIQ v4 answer sheet: `[question, SSRM Control Ownership]`, the first on row 3. */
function caiq(to, answers) {
  const head = ["Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership", "CSP Implementation Description (Optional/Recommended)", "CSC Responsibilities (Optional/Recommended)", "", "", "CCM Control ID"];
  const rows = answers.map(([id, label]) => [id, "Is it done?", "Yes", label, "", "", "", "", id.replace(/\.\d+$/, "")]);
  writeXlsx(to, "CAIQv4.0.3", [["Consensus Assessments Initiative Questionnaire v4.0.3"], head, ...rows]);
}

/**
 * A CCM v4-like mapping sheet to SOC 2 and ISO 27001:2022, a group of three columns each:
 * `[CCM control, SOC 2 cell, gap level, ISO cell, gap level]`, the first on row 4.
 */
function ccmMapping(to, pairs) {
  const rows = pairs.map(([id, soc2, soc2Gap, iso, isoGap]) => ["", "A control", id, soc2, soc2Gap, "", iso, isoGap, ""]);
  const leaves = ["Control Mapping", "Gap Level", "Addendum"];
  writeXlsx(
    to,
    "Scope Applicability (Mappings)",
    [
      ["CCM v4.0.12"],
      ["", "", "", "AICPA TSC 2017", "", "", "ISO 27001:2022", "", ""],
      ["Control Domain", "Control Title", "Control ID", ...leaves, ...leaves],
      ...rows,
    ],
    { merges: ["D2:F2", "G2:I2"] },
  );
}

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: cargo build -p demarc-cli`);
  work = mkdtempSync(path.join(tmpdir(), "demarc-crosswalk-"));
  file = path.join(work, "northwind.demarc");
  demarc("new", file, "--client", "Northwind Traders", "--framework", "soc2", "--framework", "iso27001", "--audit-start", "2026-01-01", "--audit-end", "2026-12-31");
  demarc("service", "add", file, "--name", SERVICE, "--provider", "WhitePact", "--model", "saas", "--framework", "soc2", "--framework", "iso27001");
  const answers = path.join(work, "whitepact-caiq.xlsx");
  // IAM-09 and IAM-14 both reach CC6.1 (provider and customer: shared); LOG-01 reaches CC7.2
  // with a partial gap only, a suggestion.
  caiq(answers, [
    ["IAM-09.1", "CSP-owned"],
    ["IAM-14.1", "CSC-owned"],
    ["LOG-01.1", "CSP-owned"],
    ["DSP-17.1", "CSP-owned"],
  ]);
  const mapping = path.join(work, "CCMv4.0.12.xlsx");
  ccmMapping(mapping, [
    ["IAM-09", "CC6.1", "No Gap", "A.5.15", "No Gap"],
    ["IAM-14", "CC6.1", "No Gap", "A.5.16", "Partial Gap"],
    ["LOG-01", "CC7.2", "Partial Gap", "A.8.15", "No Gap"],
    ["DSP-17", "CC6.7", "No Gap", "A.8.24", "No Gap"],
  ]);
  demarc("import", file, answers, "--provider", "WhitePact");
  demarc("crosswalk", "import", file, mapping);
  stopDriver = await startDriver({ XDG_DATA_HOME: path.join(work, "home"), DEMARC_USER: "e2e" });
});
after(() => stopDriver?.());

/** With DEMARC_DOCS_SCREENSHOTS=1, keeps a screenshot for the README too. */
function forDocs(shot, name) {
  if (!process.env.DEMARC_DOCS_SCREENSHOTS) return;
  const docs = path.join(root, "docs/screenshots");
  mkdirSync(docs, { recursive: true });
  copyFileSync(shot, path.join(docs, name));
}

const row = (browser, control) =>
  browser.$(`[data-testid="matrix-row"][data-service="${SERVICE}"][data-framework="soc2"][data-control="${control}"]`);

const texts = (browser, testid) =>
  browser.execute((id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent.replace(/\s+/g, " ").trim()), testid);

test("crosswalk rows are filtered, their trail read, a suggestion accepted and undone, the coverage counted", async () => {
  const cliRows = JSON.parse(demarc("matrix", file, "--json"));
  const crosswalked = cliRows.filter((r) => r.source === "crosswalk").map((r) => `${r.framework} ${r.control}`).sort();
  assert.deepEqual(crosswalked, ["iso27001 A.5.15", "iso27001 A.8.15", "iso27001 A.8.24", "soc2 CC6.1", "soc2 CC6.7"], "the CLI's crosswalk rows");

  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: app, args: [file] } },
  });
  try {
    await browser.$('[data-ready="true"]').waitForExist({ timeout: 30000 });
    await browser.setWindowSize(1280, 800);
    await browser.$('[data-testid="view-matrix"]').click();
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 10000 });

    // The source filter's crosswalk choice keeps exactly the rows the CLI says a crosswalk decides.
    await browser.$('[data-testid="matrix-filter-source"]').selectByAttribute("value", "crosswalk");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="matrix-row"]')).length === crosswalked.length, {
      timeout: 5000,
      timeoutMsg: "the crosswalk filter did not keep the crosswalk rows",
    });
    const shown = [];
    for (const r of await browser.$$('[data-testid="matrix-row"]')) {
      assert.equal(await r.getAttribute("data-source"), "crosswalk");
      shown.push(`${await r.getAttribute("data-framework")} ${await r.getAttribute("data-control")}`);
    }
    assert.deepEqual(shown.sort(), crosswalked);
    const cc61 = await row(browser, "CC6.1");
    assert.equal(await cc61.getAttribute("data-owner"), "shared", "a provider and a customer answer combine to shared");
    assert.equal((await cc61.$(".source").getProperty("textContent")).trim(), "Crosswalk");
    assert.match(await cc61.$(".source").getAttribute("title"), /^Crosswalk: WhitePact IAM-09\.1 'CSP-owned'/);

    // Its trail in the side panel: one line per way the row was reached.
    await cc61.click();
    const panel = browser.$('[data-testid="matrix-crosswalk"]');
    await panel.waitForExist({ timeout: 5000 });
    const trails = await texts(browser, "crosswalk-trail");
    const name = cliRows.find((r) => r.framework === "soc2" && r.control === "CC6.1" && r.source === "crosswalk").crosswalk.trails[0].steps[1].crosswalk;
    assert.equal(trails.length, 2, `two ways: ${trails.join(" | ")}`);
    assert.equal(
      trails[0],
      `WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 3) → CCM IAM-09 → SOC 2 CC6.1 (${name}, Scope Applicability (Mappings) row 4, No Gap)`,
    );
    assert.match(trails[1], /^WhitePact IAM-14\.1 'CSC-owned' \(CAIQv4\.0\.3, row 4\) → CCM IAM-14 → SOC 2 CC6\.1 \(.*, No Gap\)$/);
    assert.match(await panel.getText(), new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `), "the crosswalk is named with its source");
    // The panel scrolled to the trails, as a person reading them would.
    await browser.execute(() => document.querySelector('[data-testid="matrix-crosswalk"]').previousElementSibling.scrollIntoView());
    await screenshot(browser, "crosswalk-trail.png");

    // CC7.2 is reached only weakly: the layers decide it, and the suggestion waits for a person.
    await browser.$('[data-testid="matrix-filter-source"]').selectByAttribute("value", "");
    await browser.$('[data-testid="matrix-filter-text"]').setValue("CC7.2");
    const cc72 = await row(browser, "CC7.2");
    await cc72.waitForExist({ timeout: 5000 });
    const before = { owner: await cc72.getAttribute("data-owner"), source: await cc72.getAttribute("data-source") };
    assert.equal(before.source, "layer_default");
    await cc72.click();
    const suggestion = await texts(browser, "crosswalk-suggestion");
    assert.equal(suggestion.length, 1);
    assert.match(suggestion[0], /^WhitePact LOG-01\.1 'CSP-owned' \(CAIQv4\.0\.3, row 5\) → CCM LOG-01 → SOC 2 CC7\.2 \(.*, Partial Gap\) \[suggestion\]$/);
    const accept = browser.$('[data-testid="accept-crosswalk"]');
    assert.match(await accept.getText(), /Provider/);

    // Keyboard: Tab reaches the Accept button from the panel's fields; Enter presses it.
    await browser.execute(() => document.querySelector('[data-testid="matrix-grid"]').focus());
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await browser.keys(Key.Tab);
      reached = await browser.execute(() => document.activeElement?.dataset.testid === "accept-crosswalk");
    }
    assert.ok(reached, "Tab did not reach the Accept button");
    await browser.keys(Key.Enter);
    await browser.waitUntil(async () => (await (await row(browser, "CC7.2")).getAttribute("data-source")) === "override", {
      timeout: 5000,
      timeoutMsg: "accepting did not make the suggestion the row's override",
    });
    assert.equal(await (await row(browser, "CC7.2")).getAttribute("data-owner"), "provider");
    const reason = await browser.$('[data-testid="matrix-reason"]').getText();
    assert.match(reason, /crosswalk suggestion accepted/);
    assert.match(reason, /WhitePact LOG-01\.1 'CSP-owned'/);
    assert.equal(await browser.$('[data-testid="accept-crosswalk"]').isExisting(), false, "an accepted suggestion is not offered again");
    const logged = JSON.parse(demarc("log", file, "--json"));
    assert.ok(
      logged.some((d) => /crosswalk suggestion accepted/.test(d.reason ?? "") && /CC7\.2/.test(d.subject ?? "")),
      "the acceptance is in the decision log",
    );

    // Ctrl+Z undoes it like any change.
    await browser.$('[data-testid="matrix-grid"]').click();
    await browser.action("key").down(Key.Ctrl).down("z").up("z").up(Key.Ctrl).perform();
    await browser.waitUntil(async () => (await (await row(browser, "CC7.2")).getAttribute("data-source")) === before.source, {
      timeout: 5000,
      timeoutMsg: "Ctrl+Z did not undo the accepted suggestion",
    });
    assert.equal(await (await row(browser, "CC7.2")).getAttribute("data-owner"), before.owner);
    const after = JSON.parse(demarc("matrix", file, "--json")).find((r) => r.framework === "soc2" && r.control === "CC7.2");
    assert.equal(after.source, "layer_default");

    // The coverage panel (v) counts as the CLI does.
    await browser.$('[data-testid="matrix-grid"]').click();
    await browser.keys("v");
    const dialog = browser.$('[data-testid="coverage-dialog"]');
    await browser.$('[data-testid="coverage-row"]').waitForExist({ timeout: 5000 });
    const shownCounts = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="coverage-row"]')].map((tr) => ({
        framework: tr.dataset.framework,
        ...Object.fromEntries([...tr.querySelectorAll("[data-count]")].map((td) => [td.dataset.count, Number(td.dataset.value)])),
      })),
    );
    const cliCounts = JSON.parse(demarc("crosswalk", "coverage", file, "--json"));
    assert.deepEqual(shownCounts, cliCounts);
    const soc2 = shownCounts.find((c) => c.framework === "soc2");
    assert.equal(soc2.crosswalk, 2, "CC6.1 and CC6.7 reached by crosswalk");
    const iso = shownCounts.find((c) => c.framework === "iso27001");
    assert.equal(iso.crosswalk, 3, "A.5.15, A.8.15 and A.8.24 reached by crosswalk");
    assert.ok(iso.suggestion >= 1, "A.5.16 reached by suggestion only");
    assert.ok(soc2.suggestion >= 1, "CC7.2 reached by suggestion only");
    await screenshot(browser, "crosswalk-coverage.png");

    // Its button shows the framework's crosswalk rows in the matrix.
    await dialog.$('[data-testid="coverage-show"]').click();
    await dialog.waitForExist({ reverse: true, timeout: 5000 });
    assert.equal(await browser.$('[data-testid="matrix-filter-source"]').getValue(), "crosswalk");
  } finally {
    await browser.deleteSession();
  }
});

const STORE = "Azure Blob Storage";
const demoRow = (browser, control) =>
  browser.$(`[data-testid="matrix-row"][data-service="${STORE}"][data-framework="nist_csf"][data-control="${control}"]`);

test("the demo shows Microsoft's baseline reaching its CSF 2.0 rows, an accepted suggestion and the coverage", async () => {
  const dir = path.join(work, "demo");
  demarc("demo", dir);
  const demo = path.join(dir, "demo.demarc");
  const cliRows = JSON.parse(demarc("matrix", demo, "--json", "--service", STORE, "--framework", "nist_csf"));
  const accepted = cliRows.find((r) => r.control === "PR.DS-11");
  assert.equal(accepted.source, "override");
  assert.match(accepted.reason, /^crosswalk suggestion accepted: .*Microsoft BR-1 'Customer' \(Feature Summary, row 9\)/);

  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: app, args: [demo] } },
  });
  try {
    await browser.$('[data-ready="true"]').waitForExist({ timeout: 30000 });
    await browser.setWindowSize(1280, 800);
    await browser.$('[data-testid="view-matrix"]').click();
    await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 10000 });

    // A suggestion waits for a person: the Accept button is offered.
    await browser.$('[data-testid="matrix-filter-text"]').setValue("PR.IR-02");
    const suggested = await demoRow(browser, "PR.IR-02");
    await suggested.waitForExist({ timeout: 20000 });
    await suggested.click();
    const offered = await texts(browser, "crosswalk-suggestion");
    assert.ok(offered.length >= 1);
    assert.match(offered[0], /^Microsoft BR-\d 'Customer' \(Feature Summary, row \d+\) → .* \[suggestion\]$/);
    assert.equal(await browser.$('[data-testid="accept-crosswalk"]').isExisting(), true);

    // The accepted one: an override whose reason cites the trail, the trail beside it.
    await browser.$('[data-testid="matrix-filter-text"]').setValue("PR.DS-11");
    const row = await demoRow(browser, "PR.DS-11");
    await row.waitForExist({ timeout: 20000 });
    assert.equal(await row.getAttribute("data-source"), "override");
    assert.equal(await row.getAttribute("data-owner"), "customer");
    await row.click();
    await browser.$('[data-testid="matrix-crosswalk"]').waitForExist({ timeout: 5000 });
    assert.match(await browser.$('[data-testid="matrix-reason"]').getText(), /crosswalk suggestion accepted/);
    const trails = await texts(browser, "crosswalk-suggestion");
    assert.ok(trails.some((t) => t.startsWith("Microsoft BR-1 'Customer' (Feature Summary, row 9) → ")), trails.join(" | "));
    assert.equal(await browser.$('[data-testid="accept-crosswalk"]').isExisting(), false, "accepted, not offered again");
    await browser.execute(() => document.querySelector('[data-testid="matrix-crosswalk"]').previousElementSibling.scrollIntoView());
    forDocs(await screenshot(browser, "demo-crosswalk-trail.png"), "matrix-crosswalk.png");

    // The coverage panel counts as the CLI does: NIST CSF reached by suggestion.
    await browser.$('[data-testid="matrix-grid"]').click();
    await browser.keys("v");
    await browser.$('[data-testid="coverage-row"]').waitForExist({ timeout: 5000 });
    const shownCounts = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="coverage-row"]')].map((tr) => ({
        framework: tr.dataset.framework,
        ...Object.fromEntries([...tr.querySelectorAll("[data-count]")].map((td) => [td.dataset.count, Number(td.dataset.value)])),
      })),
    );
    assert.deepEqual(shownCounts, JSON.parse(demarc("crosswalk", "coverage", demo, "--json")));
    const csf = shownCounts.find((c) => c.framework === "nist_csf");
    assert.ok(csf.suggestion > 0, JSON.stringify(csf));
    forDocs(await screenshot(browser, "demo-crosswalk-coverage.png"), "crosswalk-coverage.png");
  } finally {
    await browser.deleteSession();
  }
});
