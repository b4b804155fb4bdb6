// The app killed with SIGKILL at random points of a bulk owner change in the control matrix, of
// an import through the wizard and of an export, round after round on one engagement file. After
// every kill the file must pass `demarc check` (SQLite's integrity and foreign key checks) and
// hold every change the app had reported saved before the kill, each one whole: a bulk change or
// an import is in the file entirely or not at all. An export reported done must have left its
// files whole.
//
// DEMARC_APP_KILLS sets how many kills (default 6, the short form scripts/test runs);
// scripts/kill-test-app N runs a long one. DEMARC_KILL_SEED repeats a run's kill times.
// A file that fails is kept in artifacts/kill/.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { Key, remote } from "webdriverio";
import { app, appPids, dead, port, random, startDriver } from "./driver.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "target/debug/demarc");
const kept = path.join(root, "artifacts/kill");
const KILLS = Number(process.env.DEMARC_APP_KILLS || 6);
const SEED = Number(process.env.DEMARC_KILL_SEED || Date.now() % 2 ** 31);

// The bulk change: every row of the demo's matrix (1,634 rows over 8 services), one owner and one
// reason, in one transaction.
// Owner keys of the matrix, cycled so that most rows change in every round.
const OWNERS = [
  ["1", "customer"],
  ["2", "shared"],
  ["4", "provider"],
];
// The import: a matrix of Microsoft's for the demo's Entra ID, thousands of rows long so that
// reading and storing it takes a while; two versions that differ, imported in turn.
const IMPORT = { provider: "Microsoft", service: "Microsoft Entra ID", filler: 6000 };
// The export: File → Export… with its defaults (workbook and PDF pack of the whole engagement).
const KINDS = ["bulk", "import", "export"];

function demarc(...args) {
  return spawnSync(cli, args, { encoding: "utf8", env: { ...process.env, DEMARC_USER: "kill-test" }, maxBuffer: 1 << 30 });
}

function demarcJson(...args) {
  const run = demarc(...args, "--json");
  if (run.status !== 0) throw new Error(`demarc ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * Opens the app on `file` (its first argument). Quiet and without retries: every round ends with
 * WebDriver calls that fail because the app is gone, which is the point.
 */
async function openApp(file) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "silent",
    connectionRetryCount: 0,
    capabilities: { "tauri:options": { application: app, args: [file] } },
  });
  await browser.$('[data-ready="true"]').waitForExist({ timeout: 30000 });
  return browser;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function matrixCsv(controls, flip) {
  const labels = flip ? ["Customer", "Shared", "Microsoft"] : ["Shared", "Microsoft", "Customer"];
  const lines = ["Control ID,Responsibility,Customer Responsibility"];
  controls.forEach((c, i) => lines.push(`${c},${labels[i % 3]},Keep ${c} under review`));
  for (let i = 0; i < IMPORT.filler; i++) lines.push(`KT-${i},${labels[i % 3]},Row ${i} of no framework in scope`);
  return lines.join("\n") + "\n";
}

/** What the page shows about the change under way, in one WebDriver call. */
const probe = (browser) =>
  browser.execute(() => {
    const text = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? "";
    return {
      status: text("save-status"),
      report: document.querySelector('[data-testid="import-report"] .summary')?.textContent?.trim() ?? "",
      exported: document.querySelector('[data-testid="export-done"]')
        ? [...document.querySelectorAll('[data-testid="export-file"]')].map((f) => f.dataset.path)
        : null,
      error: text("import-error") || document.querySelector('[role="alert"]')?.textContent?.trim() || "",
    };
  });

let stopDriver;
let work;
let dialogAnswer;
before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: cargo build --workspace --all-features`);
  work = mkdtempSync(path.join(tmpdir(), "demarc-kill-"));
  dialogAnswer = path.join(work, "dialog-answer");
  stopDriver = await startDriver({
    XDG_DATA_HOME: path.join(work, "data"),
    DEMARC_USER: "kill-test",
    DEMARC_DIALOG_ANSWER: dialogAnswer,
  });
});
after(() => {
  stopDriver?.();
  // A file that failed was copied to artifacts/kill/ already.
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh demo engagement, and the two versions of the matrix to import into it. */
function freshEngagement(n) {
  const dir = path.join(work, `engagement-${n}`);
  mkdirSync(dir, { recursive: true });
  const demo = demarc("demo", dir);
  assert.equal(demo.status, 0, demo.stderr);
  const file = path.join(dir, "demo.demarc");
  const show = demarcJson("show", file);
  const entra = show.services.find((s) => s.name === IMPORT.service);
  assert.ok(entra, `the demo has no ${IMPORT.service}`);
  const controls = demarcJson("matrix", file, "--service", IMPORT.service).map((r) => r.control);
  const csvs = [0, 1].map((i) => {
    const csv = path.join(dir, `microsoft-${i}.csv`);
    writeFileSync(csv, matrixCsv([...new Set(controls)], i === 1));
    return csv;
  });
  // The demo may carry a matrix of the same provider for another service (Microsoft's Azure
  // Storage baseline): the rows counted are those of the versions this test imports.
  const base = Math.max(0, ...providerVersions(demarcJson("log", file)));
  return { file, csvs, ledger: [], version: base, base, providerRows: null };
}

/**
 * Opens the matrix on the bulk change's rows, selects them all and asks for the owner; returns
 * the trigger (Enter in the reason form) and what the change must leave in the file.
 */
async function prepareBulk(browser, eng, round) {
  const rows = demarcJson("matrix", eng.file);
  const [key, owner] = OWNERS[Math.floor(round / KINDS.length) % OWNERS.length];
  const reason = `kill round ${round}`;
  const expected = rows.filter((r) => !(r.source === "override" && r.owner === owner)).length;
  await browser.$('[data-testid="view-matrix"]').click();
  await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 30000 });
  const count = browser.$('[data-testid="matrix-count"]');
  // "1,634 of 1,634 rows, 1634 selected", separators as the locale writes them.
  const number = (text) => Number(text.replace(/\D/g, ""));
  const counted = async () => ((await count.getText()).match(/\d[\d,.\u00a0\u202f]*/g) ?? []).map(number);
  assert.equal((await counted())[0], rows.length, "the app shows another number of rows than the CLI");
  await browser.$('[data-testid="matrix-row"][data-index="0"]').click();
  await browser.action("key").down(Key.Shift).down(Key.End).up(Key.End).up(Key.Shift).perform();
  await browser.waitUntil(async () => (await counted())[2] === rows.length, {
    timeout: 5000,
    timeoutMsg: "Shift+End did not select every row",
  });
  await browser.keys(key);
  const prompt = browser.$('[data-testid="matrix-prompt"]');
  await prompt.waitForExist({ timeout: 5000 });
  assert.equal(number((await prompt.getText()).match(/Set (\d[\d,.\u00a0\u202f]*) rows/)?.[1] ?? ""), rows.length);
  await browser.$('[data-testid="reason-input"]').setValue(reason);
  return {
    entry: { kind: "bulk", round, reason, rows: rows.length, expected, owner },
    trigger: () => browser.keys([Key.Enter]),
    saved: (seen) => seen.status.startsWith("Saved"),
    describe: `${rows.length} rows to ${owner}`,
  };
}

/** Takes the import wizard to its last step; the trigger is "Import". */
async function prepareImport(browser, eng, round) {
  const csv = eng.csvs[eng.version % 2];
  writeFileSync(dialogAnswer, csv);
  await browser.$('[data-testid="import-open"]').click();
  await browser.$('[data-testid="import-choose"]').click();
  await browser.$('[data-testid="import-layout"]').waitForExist({ timeout: 30000 });
  await browser.$('[data-testid="import-next"]').click();
  await browser.$('[data-testid="import-labels"]').waitForExist({ timeout: 5000 });
  await browser.$('[data-testid="import-next"]').click();
  await browser.$('[data-testid="import-provider"]').setValue(IMPORT.provider);
  const box = browser.$(`[data-testid="import-service"][data-service="${IMPORT.service}"]`);
  if (!(await box.isSelected())) await box.click();
  const version = eng.version + 1;
  return {
    entry: { kind: "import", round, version, file: path.basename(csv) },
    trigger: () => browser.$('[data-testid="import-run"]').click(),
    saved: (seen) => seen.report.includes(`version ${version}`) || seen.status.startsWith("Saved"),
    describe: `${path.basename(csv)} as version ${version}`,
  };
}

/** Opens File → Export… with what it offers by default; the trigger is "Export". */
async function prepareExport(browser, eng, round) {
  const folder = path.join(path.dirname(eng.file), `export-${round}`);
  mkdirSync(folder);
  await browser.$('[data-testid="file-menu"]').click();
  await browser.$('[data-testid="export-open"]').click();
  await browser.$('[data-testid="export-dialog"]').waitForExist({ timeout: 10000 });
  const run = browser.$('[data-testid="export-run"]');
  await run.waitForEnabled({ timeout: 10000 });
  const entry = { kind: "export", round, folder, files: null };
  return {
    entry,
    trigger: () => (writeFileSync(dialogAnswer, folder), run.click()),
    saved: (seen) => (seen.exported ? ((entry.files = seen.exported), true) : false),
    describe: `into ${path.basename(folder)}`,
  };
}

/** A whole workbook is a zip with its central directory; a whole PDF ends with %%EOF. */
function wholeExport(file) {
  if (!existsSync(file)) return "missing";
  const bytes = readFileSync(file);
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString("latin1");
  if (/\.(xlsx|docx)$/i.test(file)) return bytes.subarray(0, 2).toString() === "PK" && tail.includes("PK\x05\x06") ? null : "cut short";
  if (/\.pdf$/i.test(file)) return bytes.subarray(0, 5).toString() === "%PDF-" && tail.includes("%%EOF") ? null : "cut short";
  return bytes.length > 0 ? null : "empty";
}

/**
 * Sends the trigger and kills the app `delay` ms later (never, when null: then right after the
 * app reports the change saved). Only what the page showed before the kill counts as reported.
 */
async function runAndKill(browser, pid, op, delay, rand) {
  const start = performance.now();
  const since = () => Math.round(performance.now() - start);
  let killedAt = null;
  let savedAt = null;
  let failure = null;
  const kill = () => {
    if (killedAt !== null) return;
    process.kill(pid, "SIGKILL");
    killedAt = since();
  };
  const timer = delay === null ? null : setTimeout(kill, delay);
  try {
    await op.trigger();
  } catch {
    // The app died under the click.
  }
  while (killedAt === null) {
    let seen;
    try {
      seen = await probe(browser);
    } catch {
      if (killedAt === null) await sleep(5);
      continue;
    }
    if (killedAt !== null) break;
    if (savedAt === null && op.saved(seen)) {
      savedAt = since();
      // Calibration round: kill a moment after the report, as the user closes the lid.
      if (delay === null) setTimeout(kill, Math.round(rand() * 200));
    }
    if (seen.error && savedAt === null) {
      failure = seen.error;
      kill();
    }
    if (delay === null && savedAt === null && since() > 300000) {
      failure = "the change was not reported saved within 5 minutes";
      kill();
    }
  }
  clearTimeout(timer);
  return { killedAt, savedAt, failure };
}

/** The versions of the imported provider's matrix the decision log records. */
function providerVersions(log) {
  return log
    .map((d) => d.subject.match(new RegExp(`^provider matrix "${IMPORT.provider}" version (\\d+)$`)))
    .filter(Boolean)
    .map((m) => Number(m[1]));
}

/** Every change reported saved is there whole; every other one is there whole or absent. */
function verify(eng) {
  const problems = [];
  const check = demarc("check", eng.file);
  if (check.status !== 0) return [`demarc check: ${check.stderr.trim() || check.stdout.trim()}`];
  let log;
  try {
    log = demarcJson("log", eng.file);
  } catch (e) {
    return [String(e)];
  }
  const byReason = new Map();
  for (const d of log) if (d.reason) byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
  const versions = providerVersions(log);
  const latest = Math.max(0, ...versions);
  eng.version = latest;
  for (const e of eng.ledger) {
    if (e.kind === "bulk") {
      const found = byReason.get(e.reason) ?? 0;
      if (e.reported && found !== e.expected)
        problems.push(`round ${e.round}: bulk change reported saved, ${found} of ${e.expected} rows in the file`);
      if (!e.reported && found !== 0 && found !== e.expected)
        problems.push(`round ${e.round}: bulk change half applied, ${found} of ${e.expected} rows in the file`);
      e.found ??= found === e.expected ? "whole" : found === 0 ? "absent" : `${found} of ${e.expected} rows`;
    } else if (e.kind === "export") {
      // An export reported done left every file it named whole; it changes nothing in the file.
      if (e.found !== undefined) continue;
      const broken = (e.reported ? e.files : []).map((f) => [f, wholeExport(f)]).filter(([, why]) => why);
      for (const [f, why] of broken) problems.push(`round ${e.round}: export reported done, ${path.basename(f)} ${why}`);
      // Not a lost change, but worth knowing: what a kill mid-export leaves in the folder.
      const left = readdirSync(e.folder).filter((f) => wholeExport(path.join(e.folder, f)));
      e.cutShort = left.length;
      e.found = e.reported
        ? `${e.files.length} files, whole`
        : `none reported${left.length ? `; cut-short files left in the folder: ${left.join(", ")}` : ""}`;
      if (!broken.length) rmSync(e.folder, { recursive: true, force: true });
    } else {
      const there = versions.includes(e.version);
      if (e.reported && !there) problems.push(`round ${e.round}: import of version ${e.version} reported saved, not in the file`);
      // As found right after its own round: a later import may reuse an absent one's number.
      e.found ??= there ? "whole" : "absent";
    }
  }
  // The latest version decides the imported service's rows: all of them, never a part.
  const rows = demarcJson("matrix", eng.file, "--service", IMPORT.service).filter(
    (r) => r.provider_source?.provider === IMPORT.provider,
  );
  const stale = rows.filter((r) => r.provider_source.version !== latest);
  if (stale.length) problems.push(`${stale.length} rows decided by a version older than ${latest}`);
  if (latest > eng.base) {
    if (eng.providerRows === null) eng.providerRows = rows.length;
    else if (rows.length !== eng.providerRows)
      problems.push(`version ${latest} decides ${rows.length} rows, earlier versions ${eng.providerRows}: a part is missing`);
  }
  return problems;
}

function keep(eng, round, problems) {
  const dir = path.join(kept, `round-${round}`);
  mkdirSync(dir, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(eng.file + suffix)) copyFileSync(eng.file + suffix, path.join(dir, path.basename(eng.file) + suffix));
  }
  writeFileSync(path.join(dir, "problems.txt"), problems.join("\n") + "\n");
  return dir;
}

test(`SIGKILL during bulk changes, imports and exports loses nothing reported saved (${KILLS} kills)`, { timeout: Math.max(180000, KILLS * 60000) }, async () => {
  console.log(`app kill test: ${KILLS} kills, seed ${SEED}`);
  const rand = random(SEED);
  const started = Date.now();
  const duration = { bulk: null, import: null, export: null };
  const tally = [];
  const failures = [];
  const restarts = [];
  let engagements = 0;
  let eng = freshEngagement(engagements++);
  for (let round = 0; round < KILLS; round++) {
    const kind = KINDS[round % KINDS.length];
    let browser;
    for (let attempt = 1; !browser; attempt++) {
      try {
        browser = await openApp(eng.file);
      } catch (e) {
        // Seen once in 150 rounds: the WebDriver session lost before the window was ready. The
        // next round checks the file either way; a file the app cannot open fails every attempt.
        if (attempt === 3) throw e;
        restarts.push(`round ${round}: ${String(e.message ?? e).split("\n")[0]}`);
        console.log(`${restarts.at(-1)}: the app did not come up; starting it again`);
        for (const stray of appPids(eng.file)) process.kill(stray, "SIGKILL");
        await sleep(1000);
      }
    }
    let op;
    let pid;
    try {
      const pids = appPids(eng.file);
      assert.equal(pids.length, 1, `expected one app process on ${eng.file}, found ${pids.length}`);
      pid = pids[0];
      op = await { bulk: prepareBulk, import: prepareImport, export: prepareExport }[kind](browser, eng, round);
    } catch (e) {
      await browser.deleteSession().catch(() => undefined);
      throw e;
    }
    // The first round of each kind runs until the app reports the change saved, to learn how
    // long it takes; later ones are killed at a random point of 0 to 1.25 times that.
    const known = duration[kind];
    const delay = known === null ? null : Math.round(rand() * known * 1.25);
    const { killedAt, savedAt, failure } = await runAndKill(browser, pid, op, delay, rand);
    const deadline = Date.now() + 10000;
    while (!dead(pid) && Date.now() < deadline) await sleep(10);
    assert.ok(dead(pid), `the app (pid ${pid}) outlived SIGKILL`);
    await Promise.race([browser.deleteSession().catch(() => undefined), sleep(5000)]);
    if (savedAt !== null) duration[kind] = duration[kind] === null ? savedAt : Math.round(0.8 * duration[kind] + 0.2 * savedAt);
    const entry = { ...op.entry, reported: savedAt !== null, killedAt, savedAt, span: known };
    eng.ledger.push(entry);
    const problems = failure ? [`round ${round}: the ${kind} failed on its own: ${failure}`] : verify(eng);
    const where = known === null ? "after the report (first round)" : `${Math.round((100 * killedAt) / known)}% of ${known} ms`;
    console.log(
      `round ${round} ${kind} (${op.describe}): killed at ${killedAt} ms, ${where}; ` +
        `${savedAt === null ? "not reported saved" : `reported saved at ${savedAt} ms`}; ` +
        `${kind === "export" ? "files" : "in the file"}: ${entry.found ?? "?"}` +
        (problems.length ? `\n  FAILED: ${problems.join("; ")}` : ""),
    );
    tally.push(entry);
    if (problems.length) {
      const dir = keep(eng, round, problems);
      failures.push(`${problems.join("; ")} (file kept in ${dir})`);
      // Go on with a sound file, so that one failure does not hide the next.
      eng = freshEngagement(engagements++);
    }
  }
  // Where the kills landed, as a share of the operation's usual time from the click or key to
  // "Saved", and what the file held afterwards.
  const buckets = [
    ["0-25%", 0, 25],
    ["25-50%", 25, 50],
    ["50-75%", 50, 75],
    ["75-100%", 75, 100],
    ["past 100%", 100, Infinity],
  ];
  for (const kind of KINDS) {
    const mine = tally.filter((e) => e.kind === kind);
    const line = (label, list) => {
      const n = (f) => list.filter(f).length;
      if (kind === "export")
        return `${label}: ${list.length} (reported done: ${n((e) => e.reported)}; cut-short files left: ${n((e) => e.cutShort > 0)})`;
      return (
        `${label}: ${list.length} (not yet reported saved: ${n((e) => !e.reported && e.found === "absent")} absent, ` +
        `${n((e) => !e.reported && e.found === "whole")} whole; reported saved: ${n((e) => e.reported)})`
      );
    };
    console.log(line(`${kind} kills`, mine));
    for (const [label, low, high] of buckets) {
      const list = mine.filter((e) => e.span !== null && (100 * e.killedAt) / e.span >= low && (100 * e.killedAt) / e.span < high);
      if (list.length) console.log(`  ${line(label, list)}`);
    }
    console.log(`  ${line("first round, killed after the report", mine.filter((e) => e.span === null))}`);
  }
  console.log(
    `app kill test: ${tally.length} kills in ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
      `${failures.length} lost or corrupt${failures.length ? "" : ": zero lost or corrupt"}; ` +
      `${restarts.length} starts of the app retried`,
  );
  assert.deepEqual(failures, []);
});
