// `npm run bench:pages [-- --requests 1000]`: starts the portal as `npm start` does, on a throwaway
// embedded database with the demo, and measures the busiest pages under 32 concurrent connections.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { EnvError } from "../app/utils/env.server";
import { QUERY_COUNT_HEADER } from "../app/utils/query-count.server";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../db/seed/demo";

const CONNECTIONS = 32;
/** Requests per page before measuring, so every connection is open and the code is warm. */
const WARM_UP = 2 * CONNECTIONS;
/** A page measured for longer than this stops early; the figures say how many requests ran. */
const MAX_SECONDS_PER_PAGE = 20;
/**
 * Every page is measured this many times, the pages taking turns, and its best round is shown:
 * other work on the machine only ever slows a round down, and taking turns spreads it over all pages.
 */
const ROUNDS = 3;
/** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 20_000;

function parseArgs(args: string[]): { requests: number } {
  let requests = 1000;
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--requests")
      throw new EnvError(`Unknown argument ${args[i]}. Usage: npm run bench:pages -- [--requests 1000]`);
    const n = Number(args[++i]);
    // Fewer than a few hundred requests make p99 a handful of samples.
    if (!Number.isInteger(n) || n < 200 || n > 50_000) {
      throw new EnvError(`--requests needs a whole number from 200 to 50000; got ${args[i] ?? "nothing"}`);
    }
    requests = n;
  }
  return { requests };
}

// ---------------------------------------------------------------------------------------------
// The portal: `app/server/start.ts` in a child process, on its own data directory and port.

interface Portal {
  url: string;
  child: ChildProcess;
  dataDir: string;
  output: () => string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once("error", reject);
  });
}

async function startPortal(): Promise<Portal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-bench-pages-"));
  // Postgres runs as the `postgres` user when we are root and must reach its directory.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/start.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: "",
      NODE_ENV: "production",
      // Only the pages' own work is measured: no email worker, no provider.
      RUN_WORKER: "false",
      RESEND_API_KEY: "",
      WAYPOINT_COUNT_QUERIES: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const portal = { url: `http://127.0.0.1:${port}`, child, dataDir, output: () => out };
  portals.push(portal);
  const started = performance.now();
  while (!out.includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null) throw new Error(`The portal exited while starting:\n${out}`);
    if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`The portal did not start in time:\n${out}`);
    await sleep(100);
  }
  return portal;
}

function postmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]) || null;
  } catch {
    return null;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** SIGTERM stops the web server and Postgres; a portal that hangs is killed, with its Postgres. */
async function stopPortal(portal: Portal): Promise<void> {
  const { child, dataDir } = portal;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const inTime = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!inTime) {
      console.error("The portal did not stop in time; killing it and its database.");
      child.kill("SIGKILL");
      const pid = postmasterPid(dataDir);
      if (pid) signal(pid, "SIGKILL");
      await exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const portals: Portal[] = [];
let cleaning: Promise<void> | null = null;
const cleanUp = () => {
  cleaning ??= Promise.all(portals.map(stopPortal)).then(() => undefined);
  return cleaning;
};

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping the portal and removing its data...`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// HTTP: one keep-alive agent with a connection per concurrent request.

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  body: string;
}

function request(
  url: string,
  opts: { method?: string; cookie?: string; form?: Record<string, string>; keepBody?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
      // The portal refuses cross-site posts; the sign-in form posts from its own page.
      headers.origin = target.origin;
    }
    const req = http.request(target, { method: opts.method ?? "GET", headers, agent }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => {
        bytes += d.length;
        if (opts.keepBody) chunks.push(d);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, body: Buffer.concat(chunks).toString() }),
      );
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`No answer from ${url} within 30 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await request(`${base}/login`, { method: "POST", form: { email, password: DEMO_PASSWORD } });
  const cookie = res.headers["set-cookie"]?.[0]?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`Signing in as ${email} failed (${res.status})`);
  return cookie;
}

// ---------------------------------------------------------------------------------------------
// Measuring a page.

interface Page {
  label: string;
  path: string;
  who: string;
  cookie?: string;
}

interface Figures {
  page: Page;
  requests: number;
  reqPerSec: number;
  p99Ms: number;
  kib: number;
  queries: number;
  /** The portal process's CPU time per request (not Postgres's). */
  cpuMs: number | null;
  /** The CPU time of Postgres's processes (server and backends) per request. */
  pgCpuMs: number | null;
}

/**
 * CPU seconds the portal's process has used (Linux), or null elsewhere. Unlike req/s it hardly
 * moves when other work shares the machine, so it is the figure to compare between runs.
 */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds of the Postgres server and every process it started (Linux), or null elsewhere. */
function postgresCpuSeconds(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  let total = 0;
  try {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let fields: string[];
      try {
        fields = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      } catch {
        continue; // Gone since the listing.
      }
      // The parent's pid is the 2nd field after the name.
      if (Number(entry) === postmaster || Number(fields[1]) === postmaster) {
        total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      }
    }
  } catch {
    return null;
  }
  return total;
}

async function measure(base: string, page: Page, requests: number, portal: Portal): Promise<Figures> {
  const serverPid = portal.child.pid;
  const postmaster = postmasterPid(portal.dataDir);
  const url = base + page.path;
  const latencies: number[] = [];
  let bytes = 0;
  let queries = 0;

  const run = async (total: number, record: boolean) => {
    let issued = 0;
    const deadline = performance.now() + MAX_SECONDS_PER_PAGE * 1000;
    const loop = async () => {
      while (issued < total && performance.now() < deadline) {
        issued++;
        const t0 = performance.now();
        const res = await request(url, { cookie: page.cookie });
        if (res.status !== 200) throw new Error(`${page.path} as ${page.who} answered ${res.status}`);
        if (!record) continue;
        latencies.push(performance.now() - t0);
        bytes += res.bytes;
        queries += Number(res.headers[QUERY_COUNT_HEADER.toLowerCase()] ?? Number.NaN);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  };

  await run(WARM_UP, false);
  const cpu0 = cpuSeconds(serverPid);
  const pg0 = postgresCpuSeconds(postmaster);
  const t0 = performance.now();
  await run(requests, true);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(serverPid);
  const pg1 = postgresCpuSeconds(postmaster);
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  return {
    page,
    requests: n,
    reqPerSec: n / seconds,
    p99Ms: latencies[Math.min(n - 1, Math.ceil(n * 0.99) - 1)],
    kib: bytes / n / 1024,
    queries: queries / n,
    cpuMs: cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) * 1000) / n,
    pgCpuMs: pg0 === null || pg1 === null ? null : ((pg1 - pg0) * 1000) / n,
  };
}

function printTable(rows: Figures[]): void {
  const login = rows.find((r) => r.page.path === "/login");
  const head = [
    "Page",
    "As",
    "Requests",
    "req/s",
    "p99 ms",
    "KiB",
    "Queries",
    "CPU ms/req",
    "PG CPU ms/req",
    "Share of /login",
  ];
  const lines = rows.map((r) => [
    r.page.label,
    r.page.who,
    String(r.requests),
    r.reqPerSec.toFixed(0),
    r.p99Ms.toFixed(1),
    r.kib.toFixed(1),
    Number.isInteger(r.queries) ? String(r.queries) : r.queries.toFixed(2),
    r.cpuMs === null ? "-" : r.cpuMs.toFixed(2),
    r.pgCpuMs === null ? "-" : r.pgCpuMs.toFixed(2),
    login ? `${((100 * r.reqPerSec) / login.reqPerSec).toFixed(0)}%` : "-",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(fmt(head));
  console.log(`|${widths.map((w, i) => (i < 2 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  const { requests } = parseArgs(process.argv.slice(2));
  console.log("Starting the portal on a throwaway embedded database with the demo (builds first if needed)...");
  const portal = await startPortal();
  const base = portal.url;
  const login = (role: string, email: string) => DEMO_LOGINS.find((l) => l.role === role && l.email.startsWith(email));
  const priya = login("admin", "priya@");
  const diego = login("csm", "diego@");
  const hana = login("customer", "hana@");
  if (!priya || !diego || !hana) throw new Error("The demo logins changed; update the benchmark's people.");
  const [admin, csm, customer] = await Promise.all([priya, diego, hana].map((p) => signIn(base, p.email)));

  // Diego's account with the most to show: the page the issue measured at 150 KiB.
  const portfolio = await request(`${base}/csm`, { cookie: csm, keepBody: true });
  const accountPaths = [...new Set(portfolio.body.match(/\/csm\/accounts\/[0-9a-f-]{36}(?=")/g) ?? [])];
  if (!accountPaths.length) throw new Error("No account links on Diego's portfolio page.");
  const sizes = await Promise.all(accountPaths.map((p) => request(base + p, { cookie: csm }).then((r) => r.bytes)));
  const accountPath = accountPaths[sizes.indexOf(Math.max(...sizes))];

  const pages: Page[] = [
    { label: "/login", path: "/login", who: "anonymous" },
    { label: "/journey", path: "/journey", who: "hana (customer)", cookie: customer },
    { label: "/journey.data", path: "/journey.data", who: "hana (customer)", cookie: customer },
    { label: "/csm", path: "/csm", who: "priya (admin)", cookie: admin },
    { label: "account page", path: accountPath, who: "diego (csm)", cookie: csm },
  ];
  console.log(
    `Measuring ${pages.length} pages in ${ROUNDS} rounds: ${requests} requests a page a round, ${CONNECTIONS} connections...\n`,
  );
  const best = new Map<Page, Figures>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const page of pages) {
      const figures = await measure(base, page, requests, portal);
      const kept = best.get(page);
      if (!kept || figures.reqPerSec > kept.reqPerSec) best.set(page, figures);
    }
  }
  printTable(pages.map((p) => best.get(p) as Figures));
  console.log(
    `\nNode ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), NODE_ENV=production.`,
  );
}

main()
  .then(
    () => 0,
    (e) => {
      console.error(e instanceof EnvError ? e.message : `bench:pages failed: ${(e as Error).stack ?? e}`);
      return 1;
    },
  )
  .then(async (code) => {
    agent.destroy();
    await cleanUp();
    process.exit(code);
  });
