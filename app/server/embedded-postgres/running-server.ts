// A server found already running on the data directory: joined when a live
// process owns it, stopped when a crash left it orphaned, its pid file removed when stale.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isAlive } from "../is-alive";
import { canConnect } from "./connection";
import { type DataDir, readJson } from "./data-dir";

/** A server another live process (`ownerPid`) runs, which we may connect to on `port`. */
export interface RunningServer {
  ownerPid: number;
  port: number;
}

/**
 * The server another live process runs on this data directory, if any. Anything
 * else left there (an orphan server, a stale postmaster.pid) is cleared away.
 */
export async function findRunningServer(dir: DataDir, log: (line: string) => void): Promise<RunningServer | null> {
  const running = readPostmasterPid(dir.pgDir);
  if (!running) return null;
  if (isPostgresFor(running.pid, dir.pgDir)) {
    const owner = readJson<{ pid: number }>(dir.ownerFile);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid) && (await canConnect(running.port, dir.password))) {
      return { ownerPid: owner.pid, port: running.port };
    }
    log(`Stopping an orphan embedded PostgreSQL (pid ${running.pid}) left by a previous run`);
    await stopOrphan(running.pid);
  }
  // The server is gone, or the pid now names another process: the file is
  // stale, and Postgres would refuse to start while it names a live process.
  fs.rmSync(path.join(dir.pgDir, "postmaster.pid"), { force: true });
  return null;
}

function readPostmasterPid(pgDir: string): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

/**
 * True when `pid` is a Postgres server for `pgDir`. After a reboot the pid in a
 * leftover postmaster.pid can belong to an unrelated process, which must never
 * be signalled.
 */
function isPostgresFor(pid: number, pgDir: string): boolean {
  if (!isAlive(pid)) return false;
  let command = "";
  try {
    command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    try {
      command = execFileSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8" });
    } catch {
      return false;
    }
  }
  return /postgres/.test(command) && command.includes(pgDir);
}

/** A fast shutdown (SIGINT), then SIGKILL if it has not exited in 15 s. */
async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, "SIGINT");
  if (!(await waitFor(() => !isAlive(pid), 15_000))) {
    process.kill(pid, "SIGKILL");
    await waitFor(() => !isAlive(pid), 5_000);
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
