// Starts tauri-driver and opens WebDriver sessions on the built app, each in a data folder of
// the test's own.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const app = path.join(root, "target/debug/demarc-app");
export const artifacts = path.join(root, "artifacts/e2e");
// DEMARC_DRIVER_PORT lets two runs share a machine: tauri-driver listens there and
// WebKitWebDriver on the next port.
export const port = Number(process.env.DEMARC_DRIVER_PORT || 4444);

function waitForPort(p, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(p, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${p}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts tauri-driver with `env` (the app inherits it); returns a function that stops it, with
 * WebKitWebDriver and any app still running.
 */
export async function startDriver(env) {
  mkdirSync(artifacts, { recursive: true });
  // Their output goes to a log file rather than the test runner's pipes: an app left behind
  // would otherwise hold those open and keep the runner waiting.
  const log = openSync(path.join(artifacts, "driver.log"), "a");
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
    // A process group of their own, so that stopping reaches every process they started.
    detached: true,
  });
  closeSync(log);
  await waitForPort(port, 15000);
  return () => {
    try {
      process.kill(-driver.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  };
}

export async function openApp() {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: app } },
  });
  await browser.$('[data-ready="true"]').waitForExist({ timeout: 20000 });
  return browser;
}

/** Saves a screenshot once the page has painted what the last action changed. */
export async function screenshot(browser, name) {
  await browser.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done())),
  );
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  writeFileSync(file, Buffer.from(await browser.takeScreenshot(), "base64"));
  return file;
}

/** mulberry32: random times spread evenly, and repeatable from the printed seed. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The running app processes started on `file`: the binary with the file as its argument. */
export function appPids(file) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (path.basename(argv[0]) === "demarc-app" && argv[1] === file) pids.push(Number(entry));
  }
  return pids;
}

/** Gone or a zombie: either way it holds no file any more. */
export function dead(pid) {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\)/, ")"));
  } catch {
    return true;
  }
}
