// End to end: the real server (`tsx app/server/start.ts`, embedded PostgreSQL,
// demo data) driven by a real Chromium. A customer completes a milestone, it
// persists, and their CSM sees it on the account's timeline. Also a phone-sized
// screenshot of the journey page, checked for horizontal overflow.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isAlive } from "../../app/server/is-alive";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");
const CHROMIUM = "/usr/bin/chromium";
const READY_LINE = "Waypoint is running at";
const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 20_000;

const PASSWORD = "waypoint-demo";
const CUSTOMER = { email: "frank@globex.example", name: "Frank Miller" };
const CSM = { email: "diego@waypoint.example" };
const ACCOUNT = "Globex Logistics";
// Customer-owned, open, in Globex's current stage (Adoption) in db/seed/demo.ts.
const MILESTONE = "Reach your first success goal";

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
function startServer(port: number, dir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    NODE_ENV: "production",
  };
  // The embedded PostgreSQL with fresh demo data, on ports of its own choosing.
  for (const key of ["DATABASE_URL", "APP_URL", "EMBEDDED_PG_PORT", "SEED_DEMO"]) delete env[key];

  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["app/server/start.ts"], {
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

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-e2e-"));
  // As root the embedded PostgreSQL runs as the user "postgres", which must reach this directory.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  await startServer(port, dataDir);

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
  fs.writeFileSync(path.join(ARTIFACTS, "server.log"), output);
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

async function newContext(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser!.newContext({ baseURL, ...options });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Signs in and waits for the landing page's h1 (the URL changes before it renders). */
async function signIn(page: Page, email: string, landing: RegExp, heading: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(landing);
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
}

/** Waits until React has hydrated the element, so its fetcher forms submit via JS. */
async function waitForHydration(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el && Object.keys(el).some((k) => k.startsWith("__reactFiber") || k.startsWith("__reactProps"));
  }, selector);
}

async function readProgress(page: Page): Promise<{ done: number; total: number; text: string }> {
  const text = (await page.getByTestId("progress-figure").textContent())?.trim() ?? "";
  const m = /^(\d+) of (\d+) done \((\d+)%\)$/.exec(text);
  if (!m) throw new Error(`Unexpected progress figure: "${text}"`);
  return { done: Number(m[1]), total: Number(m[2]), text };
}

describe("customer journey", () => {
  test("a customer completes a milestone and their CSM sees it on the timeline", async () => {
    // The customer.
    const customer = await newContext();
    const page = await customer.newPage();
    // The app must work under its Content-Security-Policy: nothing blocked.
    const cspViolations: string[] = [];
    page.on("console", (msg) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text())) cspViolations.push(msg.text());
    });
    await signIn(page, CUSTOMER.email, /\/journey$/, ACCOUNT);

    const before = await readProgress(page);
    expect(before.done).toBeLessThan(before.total);

    const markDone = page.getByRole("button", { name: `Mark "${MILESTONE}" as done`, exact: true });
    await expect(markDone.count()).resolves.toBe(1);
    await waitForHydration(page, '[data-testid="progress-figure"]');
    await markDone.click();

    // The figure comes from the loader, so it changes only once the server has saved it.
    const expected = before.done + 1;
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="progress-figure"]')?.textContent?.trim().startsWith(`${n} of `),
      expected,
    );
    const after = await readProgress(page);
    expect(after).toMatchObject({ done: expected, total: before.total });
    await expect(
      page.getByRole("button", { name: `Reopen "${MILESTONE}"`, exact: true }).getAttribute("aria-pressed"),
    ).resolves.toBe("true");

    // It persisted.
    await page.reload();
    await expect(readProgress(page)).resolves.toMatchObject({ done: expected, total: before.total });
    await expect(page.getByRole("button", { name: `Reopen "${MILESTONE}"`, exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: `Mark "${MILESTONE}" as done`, exact: true }).count()).resolves.toBe(
      0,
    );

    expect(cspViolations).toEqual([]);
    await customer.close();

    // Their CSM, with fresh cookies.
    const staff = await newContext();
    const csmPage = await staff.newPage();
    await signIn(csmPage, CSM.email, /\/csm$/, "Your portfolio");
    await csmPage.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await csmPage.waitForURL(/\/csm\/accounts\/[^/]+$/);
    await csmPage.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    const timeline = csmPage.getByTestId("timeline");
    await timeline.waitFor();
    await expect(timeline.textContent()).resolves.toContain(`${CUSTOMER.name} completed "${MILESTONE}"`);
    await staff.close();
  });

  test("finishing a stage puts the stage emails in the outbox, readable as the recipient sees them", async () => {
    // Initech is in Retention with one required milestone left, owned by the customer.
    const customer = await newContext();
    const page = await customer.newPage();
    await signIn(page, "hana@initech.example", /\/journey$/, "Initech Health");
    await waitForHydration(page, '[data-testid="progress-figure"]');
    await page.getByRole("button", { name: 'Mark "Complete the satisfaction survey" as done', exact: true }).click();
    await page.getByRole("button", { name: 'Reopen "Complete the satisfaction survey"', exact: true }).waitFor();
    await customer.close();

    const staff = await newContext();
    const csmPage = await staff.newPage();
    await signIn(csmPage, CSM.email, /\/csm$/, "Your portfolio");
    await csmPage.getByRole("link", { name: "Outbox", exact: true }).click();
    await csmPage.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const rows = csmPage.getByTestId("outbox-row").filter({ hasText: "Initech Health" });
    const internal = rows.filter({ hasText: "Initech Health moved to Expansion" });
    // The worker in `npm start` renders and keeps them (no RESEND_API_KEY in the demo).
    await expect
      .poll(
        async () => {
          await csmPage.reload();
          return internal.getByTestId("email-status").textContent();
        },
        { timeout: 20_000 },
      )
      .toBe("kept (not sent)");
    // Newest first: the Expansion welcome to the customer who finished the stage.
    const toHana = rows.filter({ hasText: "To Hana Suzuki" }).first();
    await expect(toHana.getByRole("link").textContent()).resolves.toBe("Ready to grow, Initech Health?");
    await toHana.getByRole("link").click();
    await csmPage.getByTestId("email-subject").waitFor();
    const preview = csmPage.frameLocator('[data-testid="email-html"]');
    await expect(preview.getByText("Expansion", { exact: true }).first().textContent()).resolves.toBe("Expansion");
    await expect(csmPage.getByTestId("email-text").textContent()).resolves.toContain("/journey");
    await expect(csmPage.getByText("List-Unsubscribe-Post").count()).resolves.toBe(1);
    await staff.close();
  });

  test("a CSM invites a contact, who accepts from the outbox email and lands on their journey", async () => {
    const staff = await newContext();
    const csmPage = await staff.newPage();
    await signIn(csmPage, CSM.email, /\/csm$/, "Your portfolio");
    await csmPage.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await csmPage.getByRole("link", { name: "Contacts and invitations" }).click();
    await csmPage.getByRole("heading", { level: 1, name: `Contacts at ${ACCOUNT}` }).waitFor();
    await csmPage.getByLabel("Name").fill("Olivia Grant");
    await csmPage.getByLabel("Email").fill("olivia@globex.example");
    await csmPage.getByRole("button", { name: "Send invitation" }).click();
    await csmPage.getByRole("status").filter({ hasText: "Invited: olivia@globex.example" }).waitFor();
    await expect(csmPage.getByTestId("contact").filter({ hasText: "Olivia Grant" }).textContent()).resolves.toContain(
      "Invited",
    );

    // The demo keeps emails in the outbox: open the invitation there.
    await csmPage.getByRole("link", { name: "Outbox", exact: true }).click();
    await csmPage.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const row = csmPage.getByTestId("outbox-row").filter({ hasText: "To Olivia Grant" });
    await expect
      .poll(
        async () => {
          await csmPage.reload();
          return row.getByTestId("email-status").textContent();
        },
        { timeout: 20_000 },
      )
      .toBe("kept (not sent)");
    await row.getByRole("link").click();
    await csmPage.getByTestId("email-subject").waitFor();
    const text = (await csmPage.getByTestId("email-text").textContent()) ?? "";
    const acceptUrl = /http:\/\/[^\s]+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(acceptUrl, text).toBeTruthy();
    await staff.close();

    // The contact, in their own browser (the link points at the configured host; keep its path).
    const contact = await newContext();
    const page = await contact.newPage();
    const { pathname, search } = new URL(acceptUrl!);
    await page.goto(pathname + search);
    await page.getByRole("heading", { name: `Join ${ACCOUNT}'s customer portal` }).waitFor();
    await page.getByRole("button", { name: "Accept and sign in" }).click();
    await page.waitForURL(/\/journey$/);
    await page.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    await contact.close();
  });

  test("the journey page fits a phone screen", async () => {
    const phone = await newContext({ viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    await signIn(page, CUSTOMER.email, /\/journey$/, ACCOUNT);
    await page.getByTestId("progress-figure").waitFor();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "journey-phone.png"), fullPage: true });

    const overflow = await page.evaluate(() => {
      // What widens the page: the elements whose right edge is the page's width
      // (ones clipped by a scrolling ancestor can reach further without counting).
      const scrollWidth = document.documentElement.scrollWidth;
      const describeEl = (el: Element) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}">`;
      const culprits = [...document.querySelectorAll("body *")]
        .filter((el) => Math.abs(el.getBoundingClientRect().right - scrollWidth) <= 1)
        .slice(0, 3)
        .map((el) => `${describeEl(el)} in ${describeEl(el.parentElement!)}`);
      return { scrollWidth, innerWidth: window.innerWidth, culprits };
    });
    expect(
      overflow.scrollWidth,
      `The journey page scrolls sideways on a ${overflow.innerWidth}px-wide phone (page is ${overflow.scrollWidth}px wide). ` +
        `Elements ending at the page's right edge: ${overflow.culprits.join("; ") || "none found"}`,
    ).toBeLessThanOrEqual(overflow.innerWidth);
    await phone.close();
  });
});
