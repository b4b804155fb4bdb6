// Issue 18: the .demarc file is whole whenever the window says a change is saved. While the real
// app changes layer owners one after another, the .demarc file alone (no -wal, no -shm beside it)
// is copied at random moments; every copy must pass `demarc check` and hold every change the
// window had shown before the copy began. The app is then stopped with SIGTERM, and the file
// alone must hold everything, with no write-ahead log left holding data.
//
// DEMARC_COPIES sets how many copies (default 50); DEMARC_COPY_SEED repeats a run's timing.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { remote } from "webdriverio";
import { app, appPids, dead, port, random, screenshot, startDriver } from "./driver.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "target/debug/demarc");
const kept = path.join(root, "artifacts/copy");
const COPIES = Number(process.env.DEMARC_COPIES || 50);
const SEED = Number(process.env.DEMARC_COPY_SEED || Date.now() % 2 ** 31);

// The layers changed in turn, on the demo's services, each to an owner it does not have yet.
const TARGETS = [
  ["Amazon EC2", "os"],
  ["Amazon EC2", "network_controls"],
  ["Amazon RDS for PostgreSQL", "runtime"],
  ["Amazon S3", "service_config"],
];
const OWNERS = ["shared", "customer", "provider"];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function demarc(...args) {
  return spawnSync(cli, args, { encoding: "utf8", env: { ...process.env, DEMARC_USER: "copy-test" }, maxBuffer: 1 << 28 });
}

/** The reasons in a file's decision log, or the error that kept it from being read. */
function loggedReasons(file) {
  const check = demarc("check", file);
  if (check.status !== 0) return { error: `demarc check exited ${check.status}: ${check.stdout}${check.stderr}` };
  const log = demarc("log", file, "--json");
  if (log.status !== 0) return { error: `demarc log exited ${log.status}: ${log.stderr}` };
  return { reasons: new Set(JSON.parse(log.stdout).map((d) => d.reason)) };
}

let stopDriver;
let work;
before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: cargo build --workspace --all-features`);
  work = mkdtempSync(path.join(tmpdir(), "demarc-copy-"));
  stopDriver = await startDriver({ XDG_DATA_HOME: path.join(work, "data"), DEMARC_USER: "copy-test" });
});
after(() => {
  stopDriver?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

test(`the .demarc file alone holds every saved change: ${COPIES} copies while the app works, and after SIGTERM`, async () => {
  console.log(`copy test: seed ${SEED} (DEMARC_COPY_SEED=${SEED} repeats it)`);
  const next = random(SEED);
  const dir = path.join(work, "engagement");
  mkdirSync(dir);
  assert.equal(demarc("demo", dir).status, 0);
  const file = path.join(dir, "demo.demarc");
  const copies = path.join(work, "copies");
  mkdirSync(copies);

  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: app, args: [file] } },
  });
  const saved = []; // reasons the window has shown as saved, in order
  const taken = []; // { copy, shown }: each copy with the saved reasons at its start
  let stopped = false;
  try {
    await browser.$('[data-ready="true"]').waitForExist({ timeout: 30000 });

    // Copies at random moments, 0 to 800 ms apart, while the changes go on.
    const copier = (async () => {
      while (taken.length < COPIES && !stopped) {
        await sleep(next() * 800);
        const copy = path.join(copies, `copy-${taken.length}.demarc`);
        const shown = [...saved];
        copyFileSync(file, copy);
        taken.push({ copy, shown });
      }
    })();

    let n = 0;
    while (taken.length < COPIES || saved.length < 10) {
      const [service, layerId] = TARGETS[n % TARGETS.length];
      const owner = OWNERS[Math.floor(n / TARGETS.length) % OWNERS.length];
      await browser.$(`[data-testid="service-item"][data-service="${service}"]`).click();
      const layer = browser.$(`[data-testid="stack-layer"][data-layer="${layerId}"]`);
      if ((await layer.getAttribute("data-owner")) !== owner) {
        const reason = `copy test change ${n}`;
        await layer.click();
        const option = browser.$(`[data-testid="owner-option"][data-owner="${owner}"]`);
        // Right after a save the first click may only select the layer; Enter opens its editor.
        if (!(await option.waitForExist({ timeout: 1000 }).catch(() => false))) await browser.keys(["Enter"]);
        await option.click();
        await browser.$('[data-testid="reason-input"]').setValue(reason);
        await browser.$('[data-testid="reason-save"]').click();
        await browser.waitUntil(async () => (await layer.getAttribute("data-owner")) === owner, {
          timeout: 10000,
          timeoutMsg: `${service} · ${layerId} did not turn ${owner}`,
        });
        const status = () =>
          browser.execute(() => document.querySelector('[data-testid="save-status"]')?.textContent?.trim() ?? "");
        await browser.waitUntil(async () => (await status()).startsWith("Saved"), {
          timeout: 5000,
          timeoutMsg: "the window did not say Saved",
        });
        saved.push(reason);
      }
      n++;
    }
    await copier;
    await screenshot(browser, "copy-while-open.png");

    const damaged = [];
    for (const { copy, shown } of taken) {
      const read = loggedReasons(copy);
      const missing = read.error ? [read.error] : shown.filter((r) => !read.reasons.has(r));
      if (missing.length) {
        mkdirSync(kept, { recursive: true });
        copyFileSync(copy, path.join(kept, path.basename(copy)));
        damaged.push(`${path.basename(copy)} (${shown.length} saved before it): ${missing.join(", ")}`);
      }
    }
    console.log(`copy test: ${taken.length} copies during ${saved.length} changes, ${damaged.length} incomplete`);
    assert.deepEqual(damaged, [], "copies of the .demarc alone that miss what the window showed as saved");

    // SIGTERM: the app folds its log into the file on the way out.
    const [pid] = appPids(file);
    assert.ok(pid, "the app's process was not found");
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 100 && !dead(pid); i++) await sleep(100);
    assert.ok(dead(pid), "the app did not end on SIGTERM");
  } catch (e) {
    await screenshot(browser, "copy-failed.png").catch(() => {});
    throw e;
  } finally {
    stopped = true;
    await browser.deleteSession().catch(() => {});
  }

  const wal = `${file}-wal`;
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, "the write-ahead log still holds data after SIGTERM");
  const alone = path.join(work, "after-sigterm");
  mkdirSync(alone);
  const copy = path.join(alone, "demo.demarc");
  copyFileSync(file, copy);
  const read = loggedReasons(copy);
  assert.equal(read.error, undefined, read.error);
  assert.deepEqual(saved.filter((r) => !read.reasons.has(r)), [], "changes missing from the file after SIGTERM");
});
