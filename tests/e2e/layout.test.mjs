// Issue 18, projector layout: at 1024x768, 1280x800 and 1920x1080 the top bar never overflows
// (after a long status too), the status is readable, the client's name is whole or on hover, the
// matrix's headers are not cut, and a board of 30 services keeps its headers and layer names in
// view. Screenshots of each size go to artifacts/e2e/layout-*.png.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { Key, remote } from "webdriverio";
import { app, port, screenshot, startDriver } from "./driver.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "target/debug/demarc");
const CLIENT = "Northwind Health Partners of the Pacific Northwest";
const SIZES = [
  [1024, 768],
  [1280, 800],
  [1920, 1080],
];

// 30 services of seven providers, named as a consultant would.
const SERVICES = [
  ...[
    ["Amazon EC2", "iaas"],
    ["Amazon RDS for PostgreSQL", "paas"],
    ["AWS Lambda", "faas"],
    ["Amazon EKS", "caas_provider_nodes"],
    ["Amazon S3", "paas"],
    ["Amazon DynamoDB", "paas"],
    ["Amazon CloudFront", "paas"],
    ["AWS KMS", "paas"],
    ["Amazon SQS", "paas"],
    ["Amazon Cognito", "saas"],
    ["AWS Fargate", "caas_provider_nodes"],
    ["Amazon Redshift", "paas"],
  ].map(([name, model]) => ["AWS", name, model]),
  ...[
    ["Azure Virtual Machines", "iaas"],
    ["Azure SQL Database", "paas"],
    ["Azure Functions", "faas"],
    ["Azure Kubernetes Service", "caas_customer_nodes"],
    ["Azure Key Vault", "paas"],
    ["Azure Blob Storage", "paas"],
    ["Azure App Service", "paas"],
    ["Azure Front Door", "paas"],
  ].map(([name, model]) => ["Azure", name, model]),
  ...[
    ["Compute Engine", "iaas"],
    ["Cloud SQL", "paas"],
    ["Cloud Functions", "faas"],
    ["GKE Autopilot", "caas_provider_nodes"],
    ["BigQuery", "paas"],
  ].map(([name, model]) => ["GCP", name, model]),
  ["Microsoft", "Microsoft Entra ID", "saas"],
  ["Salesforce", "Salesforce Sales Cloud", "saas"],
  ["Okta", "Okta Workforce Identity", "saas"],
  ["Stripe", "Stripe Payments", "saas"],
  ["Workday", "Workday HCM", "saas"],
];

function demarc(...args) {
  const run = spawnSync(cli, args, { encoding: "utf8", env: { ...process.env, DEMARC_USER: "layout-test" } });
  assert.equal(run.status, 0, `demarc ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

let stopDriver;
let work;
let file;
before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: cargo build -p demarc-cli`);
  work = mkdtempSync(path.join(tmpdir(), "demarc-layout-"));
  file = path.join(work, "northwind.demarc");
  demarc("new", file, "--client", CLIENT, "--framework", "soc2", "--framework", "hipaa", "--framework", "pci_dss", "--audit-start", "2026-01-01", "--audit-end", "2026-12-31");
  assert.equal(SERVICES.length, 30);
  for (const [provider, name, model] of SERVICES) {
    demarc("service", "add", file, "--name", name, "--provider", provider, "--model", model, "--framework", "soc2", "--data", "phi");
  }
  stopDriver = await startDriver({ XDG_DATA_HOME: path.join(work, "data"), DEMARC_USER: "layout-test" });
});
after(() => {
  stopDriver?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

const settle = (browser) =>
  browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));

/** The top bar's and the status line's measures, as the page lays them out. */
function measureBars(browser) {
  return browser.execute(() => {
    const bar = document.querySelector('[data-testid="top-bar"]');
    const rect = (el) => el.getBoundingClientRect();
    const outside = [...bar.querySelectorAll("button, summary")]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => rect(el).right > window.innerWidth + 0.5 || rect(el).left < -0.5)
      .map((el) => el.textContent.trim());
    const client = document.querySelector('[data-testid="client"]');
    const who = client.parentElement;
    const status = document.querySelector('[data-testid="save-status"]');
    const s = rect(status);
    return {
      width: window.innerWidth,
      barScroll: bar.scrollWidth,
      barClient: bar.clientWidth,
      docScroll: document.documentElement.scrollWidth,
      outside,
      clientWhole: client.scrollWidth <= client.clientWidth,
      clientText: client.textContent,
      clientHover: who.getAttribute("title") ?? "",
      status: status.textContent,
      statusCut: status.scrollWidth > status.clientWidth,
      statusShown: s.width > 0 && s.top >= 0 && s.bottom <= window.innerHeight && s.left >= 0 && s.right <= window.innerWidth,
    };
  });
}

function measureBoard(browser) {
  return browser.execute(() => {
    const board = document.querySelector('[data-testid="board"]');
    const b = board.getBoundingClientRect();
    const names = [...board.querySelectorAll('[data-testid="board-head"] .name')].map((n) => n.getBoundingClientRect());
    let collisions = 0;
    for (let i = 1; i < names.length; i++) if (names[i].left < names[i - 1].right - 0.5) collisions += 1;
    const layers = [...board.querySelectorAll('[data-testid="board-layer"]')];
    const last = layers.at(-1).getBoundingClientRect();
    const bottom = b.top + board.clientTop + board.clientHeight;
    return {
      columns: board.querySelectorAll('[data-testid="board-head"]').length,
      providers: [...board.querySelectorAll('[data-testid="board-provider"]')].map((p) => p.textContent.trim()),
      collisions,
      fitsHeight: board.scrollHeight <= board.clientHeight + 1,
      fitsWidth: board.scrollWidth <= board.clientWidth + 1,
      lastLayerShown: last.bottom <= bottom + 1,
    };
  });
}

/** Scrolls the board to its far corner: the headers and the layer names must still show. */
async function scrolledBoard(browser) {
  await browser.execute(() => {
    const board = document.querySelector('[data-testid="board"]');
    board.scrollTop = board.scrollHeight;
    board.scrollLeft = board.scrollWidth;
  });
  await settle(browser);
  return browser.execute(() => {
    const board = document.querySelector('[data-testid="board"]');
    const b = board.getBoundingClientRect();
    // The board's own area, without its scroll bars.
    const right = b.left + board.clientLeft + board.clientWidth;
    const bottom = b.top + board.clientTop + board.clientHeight;
    // Where the headers and the layer names are once the board has scrolled both ways (a header
    // that scrolled with the cells would be above the board, a layer name left of it), and that
    // they are painted over the cells passing under them. (WebKit's elementFromPoint misses sticky
    // elements after a scroll, so the rectangles and the styles are read instead.)
    const heads = [...board.querySelectorAll('[data-testid="board-head"]')];
    const layers = [...board.querySelectorAll('[data-testid="board-layer"]')];
    const opaque = (el) => !/rgba\(.*, 0\)|transparent/.test(getComputedStyle(el).backgroundColor);
    const rects = (list) => list.map((el) => el.getBoundingClientRect());
    return {
      scrolledDown: board.scrollTop > 0,
      scrolledAcross: board.scrollLeft > 0,
      lastHeadReached: rects(heads).at(-1).right <= right + 1,
      lastLayerReached: rects(layers).at(-1).bottom <= bottom + 1,
      headsInView: rects(heads).every((r) => r.top >= b.top - 1 && r.bottom <= bottom) && heads.every(opaque),
      layersInView: rects(layers).every((r) => r.left >= b.left - 1 && r.right <= right) && layers.every(opaque),
    };
  });
}

test("the top bar, the status, the matrix and a board of 30 services hold at 1024x768, 1280x800 and 1920x1080", async () => {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: app, args: [file] } },
  });
  try {
    await browser.$('[data-ready="true"]').waitForExist({ timeout: 30000 });
    await browser.setWindowSize(1280, 800);

    // A long status: a change undone, said in words.
    await browser.$('[data-testid="service-item"][data-service="Amazon RDS for PostgreSQL"]').click();
    await browser.$('[data-testid="stack-layer"][data-layer="os"]').click();
    await browser.$('[data-testid="owner-option"][data-owner="shared"]').click();
    await browser.$('[data-testid="reason-input"]').setValue("Patching split with the provider");
    await browser.keys(Key.Enter);
    const statusText = () => browser.execute(() => document.querySelector('[data-testid="save-status"]').textContent.trim());
    await browser.waitUntil(async () => /^Saved/.test(await statusText()), { timeout: 5000, timeoutMsg: "not saved" });
    await browser.action("key").down(Key.Ctrl).down("z").up("z").up(Key.Ctrl).perform();
    await browser.waitUntil(async () => /^Undid/.test(await statusText()), { timeout: 5000, timeoutMsg: "no undo status" });

    for (const [w, h] of SIZES) {
      const size = `${w}x${h}`;
      await browser.setWindowSize(w, h);
      await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) === w, { timeout: 5000 });
      await browser.keys("s");
      await settle(browser);

      await screenshot(browser, `layout-${size}-stack.png`);
      const bars = await measureBars(browser);
      console.log(`${size}: top bar ${bars.barScroll}/${bars.barClient} px, page ${bars.docScroll} px, status "${bars.status}"`);
      assert.ok(bars.barScroll <= bars.barClient, `${size}: the top bar overflows (${bars.barScroll} > ${bars.barClient})`);
      assert.ok(bars.docScroll <= w, `${size}: the page scrolls sideways (${bars.docScroll})`);
      assert.deepEqual(bars.outside, [], `${size}: off-screen: ${bars.outside.join(", ")}`);
      assert.equal(bars.clientText, CLIENT);
      assert.ok(bars.clientWhole || bars.clientHover.includes(CLIENT), `${size}: the client's name is cut with nothing on hover`);
      assert.match(bars.status, /^Undid: Amazon RDS for PostgreSQL/);
      assert.ok(bars.statusShown && !bars.statusCut, `${size}: the status is cut or off-screen`);

      await browser.keys("b");
      await browser.$('[data-testid="board"]').waitForExist({ timeout: 5000 });
      await settle(browser);
      const board = await measureBoard(browser);
      console.log(`${size}: board fits ${board.fitsWidth ? "across" : "not across"}, ${board.fitsHeight ? "down" : "not down"}`);
      assert.equal(board.columns, 30);
      assert.deepEqual(board.providers, ["AWS", "Azure", "GCP", "Microsoft", "Okta", "Salesforce", "Stripe", "Workday"]);
      assert.equal(board.collisions, 0, `${size}: service names collide`);
      await screenshot(browser, `layout-${size}-board.png`);
      if (w >= 1280) assert.ok(board.fitsHeight && board.lastLayerShown, `${size}: the lower layers fall below the fold`);
      const scrolled = await scrolledBoard(browser);
      assert.ok(scrolled.lastHeadReached && scrolled.lastLayerReached, `${size}: the board does not reach its last column or layer`);
      assert.ok(scrolled.headsInView, `${size}: the service headers leave the view when the board scrolls`);
      assert.ok(scrolled.layersInView, `${size}: the layer names leave the view when the board scrolls`);
      if (w === 1024) assert.ok(scrolled.scrolledDown || scrolled.scrolledAcross, `${size}: the board did not need to scroll`);
      if (scrolled.scrolledDown || scrolled.scrolledAcross) await screenshot(browser, `layout-${size}-board-scrolled.png`);

      await browser.keys("m");
      await browser.$('[data-testid="matrix-row"]').waitForExist({ timeout: 20000 });
      await settle(browser);
      await screenshot(browser, `layout-${size}-matrix.png`);
      const headers = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="matrix-sort"]')]
          .filter((b) => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
          .map((b) => b.textContent.trim()),
      );
      assert.deepEqual(headers, [], `${size}: matrix headers cut`);
      const bar = await measureBars(browser);
      assert.ok(bar.barScroll <= bar.barClient, `${size}: the top bar overflows on the matrix`);
      if (w === 1280) {
        await browser.keys("w");
        await settle(browser);
        await screenshot(browser, `layout-${size}-matrix-wrapped.png`);
        await browser.keys("w");
        await browser.keys("r");
        await browser.$('[data-testid="matrix-reading"]').waitForExist({ timeout: 5000 });
        await screenshot(browser, `layout-${size}-matrix-reading.png`);
        await browser.keys("r");
      }
      await browser.keys("g");
      await browser.$('[data-testid="plan"]').waitForExist({ timeout: 10000 });
      await settle(browser);
      await screenshot(browser, `layout-${size}-plan.png`);
      const planBar = await measureBars(browser);
      assert.ok(planBar.barScroll <= planBar.barClient, `${size}: the top bar overflows on the work plan`);
      await browser.$('[data-testid="gaps-flat"]').click();
      await browser.$('[data-testid="gaps"]').waitForExist({ timeout: 10000 });
      await settle(browser);
      await screenshot(browser, `layout-${size}-gaps.png`);
      await browser.$('[data-testid="gaps-grouped"]').click();
    }
  } finally {
    await browser.deleteSession();
  }
});
