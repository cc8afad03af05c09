// `npm start` on the embedded PostgreSQL: first start seeds, a crash leaves an
// orphan server that the next start stops and replaces, a stale pid file is
// cleared, and SIGTERM stops the web server and Postgres cleanly.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { isAlive } from "../app/server/is-alive";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-start-"));
fs.chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  const pid = postmasterPid();
  if (pid && isAlive(pid)) process.kill(pid, "SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startPortal(): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/start.ts"], {
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("Press Ctrl-C to stop.")) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start exited early:\n${out}`));
      }
    }, 100);
  });
  return { child, output: () => out, url: `http://127.0.0.1:${port}` };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once("exit", (code) => r(code)));
}

it("recovers from a crash and stops cleanly", { timeout: 240_000 }, async () => {
  const first = await startPortal();
  expect(first.output()).toContain("Seeding the demo data");
  expect(first.output()).toContain("maya@waypoint.example");
  // The demo has its admins, so there is no setup link and nothing is gated.
  expect(first.output()).not.toContain("No admin yet");
  expect((await fetch(`${first.url}/login`)).status).toBe(200);
  // The superuser password is random per installation and private to its owner.
  expect(fs.statSync(path.join(dataDir, "postgres.password")).mode & 0o777).toBe(0o600);
  const orphan = postmasterPid()!;
  expect(isAlive(orphan)).toBe(true);

  // A crash: the web process dies at once and leaves its Postgres behind.
  first.child.kill("SIGKILL");
  await exited(first.child);
  expect(isAlive(orphan)).toBe(true);

  const second = await startPortal();
  expect(second.output()).toContain(`Stopping an orphan embedded PostgreSQL (pid ${orphan})`);
  expect(second.output()).not.toContain("Seeding the demo data");
  expect(isAlive(orphan)).toBe(false);
  const signIn = await fetch(`${second.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: second.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "maya@waypoint.example", password: "waypoint-demo" }),
  });
  expect(signIn.status).toBe(302);
  expect(signIn.headers.get("location")).toBe("/csm");

  const pg = postmasterPid()!;
  second.child.kill("SIGTERM");
  expect(await exited(second.child)).toBe(0);
  expect(second.output()).toContain("Stopped cleanly.");
  expect(isAlive(pg)).toBe(false);
  expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

  // A stale pid file naming a process that no longer exists.
  fs.writeFileSync(path.join(dataDir, "postgres", "postmaster.pid"), `999999\n${dataDir}/postgres\n0\n5999\n`);
  const third = await startPortal();
  expect((await fetch(`${third.url}/login`)).status).toBe(200);
  third.child.kill("SIGTERM");
  expect(await exited(third.child)).toBe(0);

  // After a reboot the pid may belong to an unrelated process: it is left alone.
  const bystander = spawn("sleep", ["60"]);
  children.push(bystander);
  fs.writeFileSync(
    path.join(dataDir, "postgres", "postmaster.pid"),
    `${bystander.pid}\n${dataDir}/postgres\n0\n5999\n`,
  );
  const fourth = await startPortal();
  expect(fourth.output()).not.toContain("Stopping an orphan");
  expect((await fetch(`${fourth.url}/login`)).status).toBe(200);
  expect(isAlive(bystander.pid!)).toBe(true);
  fourth.child.kill("SIGTERM");
  expect(await exited(fourth.child)).toBe(0);
});

function runCli(script: string, args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`${script} exited before printing "${text}":\n${out}`));
        }
      }, 100);
    });
  return { child, output: () => out, waitFor, code: () => exited(child) };
}

it("npm run nudges, worker and db:migrate work on the embedded database with and without npm start", {
  timeout: 240_000,
}, async () => {
  // Nothing running: each command starts the embedded server for its own run and stops it after.
  expect(postmasterPid()).toBeNull();
  const alone = runCli("app/server/nudges.ts", ["--at", "2026-11-24T15:00:00Z"]);
  expect(await alone.code(), alone.output()).toBe(0);
  expect(alone.output()).toContain("Nudge sweep as of 2026-11-24T15:00:00.000Z");
  expect(alone.output()).toMatch(/queued (reminder digest|escalation)/);
  expect(postmasterPid()).toBeNull();

  const lonelyWorker = runCli("app/server/standalone-worker.ts");
  await lonelyWorker.waitFor("Worker running");
  lonelyWorker.child.kill("SIGTERM");
  expect(await lonelyWorker.code(), lonelyWorker.output()).toBe(0);
  expect(lonelyWorker.output()).toContain("Worker stopped.");
  expect(postmasterPid()).toBeNull();

  // With npm start running: they join its server and leave it running.
  const portal = await startPortal();
  const pg = postmasterPid()!;
  const joined = runCli("app/server/nudges.ts", ["--at", "2026-11-25T15:00:00Z"]);
  expect(await joined.code(), joined.output()).toBe(0);
  expect(joined.output()).toContain("Using the embedded PostgreSQL already run by process");
  const worker = runCli("app/server/standalone-worker.ts");
  await worker.waitFor("Worker running");
  worker.child.kill("SIGTERM");
  expect(await worker.code()).toBe(0);
  const migrate = runCli("app/server/db-commands.ts", ["migrate"]);
  expect(await migrate.code()).toBe(0);
  expect(migrate.output()).toContain("The database schema is up to date.");
  expect(isAlive(pg)).toBe(true);
  expect((await fetch(`${portal.url}/login`)).status).toBe(200);
  portal.child.kill("SIGTERM");
  expect(await exited(portal.child)).toBe(0);
  expect(isAlive(pg)).toBe(false);
});
