// The browser-test harness: each file starts the real server (`tsx
// app/server/start.ts`, embedded PostgreSQL, demo data) and one Chromium.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { isAlive } from "../../app/server/is-alive";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");
const CHROMIUM = "/usr/bin/chromium";
const READY_LINE = "Waypoint is running at";
const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 20_000;

export const PASSWORD = "waypoint-demo";

let server: ChildProcess | undefined;
let serverExit: Promise<void> | undefined;
let output = "";
let ready = false;
let dataDir: string | undefined;
let baseURL = "";
let browser: Browser | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(text: string, lines = 60): string {
  return text.split("\n").slice(-lines).join("\n");
}

/** Starts the server and resolves once it prints its banner. */
function startServer(port: number, dir: string, demo: boolean): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    NODE_ENV: "production",
  };
  // The embedded PostgreSQL with fresh demo data, on ports of its own choosing.
  for (const key of ["DATABASE_URL", "APP_URL", "EMBEDDED_PG_PORT", "SEED_DEMO"]) delete env[key];
  // An empty install: no users, so the server prints its one-time setup link.
  if (!demo) env.SEED_DEMO = "false";

  // Node itself, with tsx as a loader: the tsx CLI kills a child that is slow to
  // acknowledge SIGTERM, which on a loaded machine cut the clean stop short.
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  serverExit = new Promise((resolve) => child.once("exit", () => resolve()));

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && output.includes(READY_LINE)) {
        ready = true;
        finish();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (e) => finish(new Error(`Could not spawn the server: ${e.message}\n${tail(output)}`)));
    child.once("exit", (code, signal) =>
      finish(new Error(`The server exited (code ${code}, signal ${signal}) before it was ready:\n${tail(output)}`)),
    );
    const timer = setTimeout(
      () => finish(new Error(`The server was not ready after ${START_TIMEOUT_MS / 1000} s:\n${tail(output)}`)),
      START_TIMEOUT_MS,
    );
  });
}

/** SIGTERM, then SIGKILL if it has not exited in time. */
async function stopServer(): Promise<void> {
  const child = server;
  if (!child || !serverExit) return;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const exited = await Promise.race([serverExit.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!exited) {
      console.warn(`The server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killing it.`);
      child.kill("SIGKILL");
      await serverExit;
    }
  }
  // A server killed the hard way leaves its PostgreSQL running on our data dir.
  if (dataDir) {
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) : 0;
    if (pid > 0 && isAlive(pid)) {
      console.warn(`Stopping the orphaned embedded PostgreSQL (pid ${pid}).`);
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  }
}

/**
 * Runs one of the portal's commands (`app/server/<name>.ts`) against the running portal's
 * embedded database, as `npm run …` would beside `npm start`; returns what it printed.
 */
export function runPortalCommand(script: string, args: string[] = []): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "production" };
  for (const key of ["DATABASE_URL", "APP_URL", "EMBEDDED_PG_PORT", "SEED_DEMO"]) delete env[key];
  const run = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}` };
}

/** What the server printed so far (an empty install's setup link, for one). */
export function serverOutput(): string {
  return output;
}

/** Starts the portal (with the demo data unless told otherwise) before the calling file's tests and stops it after them. */
export function startPortalAroundTests(options: { demo?: boolean } = {}): void {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-e2e-"));
    // As root the embedded PostgreSQL runs as the user "postgres", which must reach this directory.
    fs.chmodSync(dataDir, 0o755);
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    await startServer(port, dataDir, options.demo ?? true);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });

  afterAll(async () => {
    const problems: string[] = [];
    await browser?.close().catch((e) => problems.push(`closing the browser: ${e}`));
    await stopServer().catch((e) => problems.push(`stopping the server: ${e}`));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
    // The server's whole output, for reading after a failure (also in CI artifacts).
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, `server-${path.basename(dataDir ?? "run")}.log`), output);
    // SIGTERM must shut down in order (web server, pools, PostgreSQL) and exit 0.
    if (ready && (server!.exitCode !== 0 || !output.includes("Stopped cleanly."))) {
      problems.push(
        `the server did not stop cleanly on SIGTERM (code ${server!.exitCode}, signal ${server!.signalCode})`,
      );
    }
    if (problems.length) {
      throw new Error(`Teardown: ${problems.join("; ")}. Server output: tests/e2e/artifacts/server.log`);
    }
  });
}

export async function newContext(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser!.newContext({ baseURL, ...options });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Signs in and waits for the landing page's h1 (the URL changes before it renders). */
export async function signIn(page: Page, email: string, landing: RegExp, heading: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(landing);
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
}

/** Waits until React has hydrated the element, so its fetcher forms submit via JS. */
export async function waitForHydration(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el && Object.keys(el).some((k) => k.startsWith("__reactFiber") || k.startsWith("__reactProps"));
  }, selector);
}

export async function readProgress(page: Page): Promise<{ done: number; total: number; text: string }> {
  const text = (await page.getByTestId("progress-figure").textContent())?.trim() ?? "";
  const m = /^(\d+) of (\d+) done \((\d+)%\)$/.exec(text);
  if (!m) throw new Error(`Unexpected progress figure: "${text}"`);
  return { done: Number(m[1]), total: Number(m[2]), text };
}

/**
 * What axe finds against WCAG 2.1 A and AA on the page as it stands. The email preview's sandboxed
 * frame runs no scripts, so axe cannot enter it; the emails' own markup is checked by the template tests.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude('[data-testid="email-html"]')
    .options({ iframes: false })
    .analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}
