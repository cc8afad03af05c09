// The portal that `npm start` (and `npm run dev`) runs, loaded by start.ts once NODE_ENV
// is settled: database, migrations, demo data, the web server, and a clean shutdown on Ctrl-C or SIGTERM.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { Runner } from "graphile-worker";
import type { ViteDevServer } from "vite";
import { DEMO_LOGINS, DEMO_PASSWORD } from "#db/seed/demo";
import { issueSetupToken } from "~/modules/auth/create-first-admin.server";
import { sweepExpiredSessions } from "~/modules/auth/session.server";
import { setProcessDb } from "~/utils/db.server";
import { appUrl, type Env, EnvError, parseEnv } from "~/utils/env.server";
import { startWorker } from "~/worker/run-worker";
import { type OpenDatabase, openDatabase, redactUrl } from "./database";
import { hasDemoLogins } from "./demo/has-demo-logins";
import { isFreshInstall } from "./demo/is-fresh-install";
import { seedDemo } from "./demo/seed-demo";
import { firstRunCheck, SETUP_PATH } from "./first-run-gate";
import { createApp } from "./http";

const dev = process.argv.includes("--dev");
const BUILD_ENTRY = path.resolve("build/server/index.js");
// docs/metrics.md is built into the insights definitions page (ADR 042).
const SOURCES = [
  "app",
  "db",
  "emails",
  "public",
  "docs/metrics.md",
  "vite.config.ts",
  "tailwind.config.ts",
  "package.json",
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function buildIfNeeded(): void {
  const built = fs.existsSync(BUILD_ENTRY) ? fs.statSync(BUILD_ENTRY).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.resolve(s))));
  if (built && built >= newest) return;
  console.log(built ? "Sources changed; rebuilding the portal..." : "Building the portal (first start)...");
  const cli = path.resolve("node_modules/@remix-run/dev/dist/cli.js");
  const result = spawnSync(process.execPath, [cli, "vite:build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("The build failed; see the output above.");
}

function printBanner(env: Env, url: string, database: OpenDatabase, demo: boolean, setupToken: string | null): void {
  const where = database.embedded
    ? `embedded PostgreSQL on 127.0.0.1:${database.embedded.port} (data in ${env.DATA_DIR}/postgres)`
    : redactUrl(database.url);
  console.log(`\nWaypoint is running at ${url}`);
  console.log(`Database: ${where}`);
  console.log(
    `Email: ${env.RESEND_API_KEY ? `sent through Resend from ${env.EMAIL_FROM}` : "kept in the outbox at /csm/outbox (set RESEND_API_KEY to send)"}; ` +
      `worker ${env.RUN_WORKER ? "running in this process" : "off here (RUN_WORKER=false): run `npm run worker`"}`,
  );
  if (demo) {
    console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD})`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(26)} ${l.role.padEnd(9)} ${l.sees}`);
  }
  if (setupToken) {
    // Printed on purpose, like Gitea's install page or Jenkins' first password: whoever
    // reads this console owns the install. It works once, and the next start replaces it.
    console.log("\nNo admin yet. Open this one-time link to create the first admin (nothing else opens until then):");
    console.log(`  ${url}${SETUP_PATH}?token=${setupToken}`);
    console.log('Or from a shell: npm run admin:create -- --email you@example.com --name "Your Name"');
  }
  console.log("\nPress Ctrl-C to stop.\n");
}

async function main(): Promise<void> {
  const env = parseEnv();
  // start.ts set NODE_ENV before React loaded; an invalid value stopped at parseEnv above.
  process.env.NODE_ENV = dev ? "development" : env.NODE_ENV;
  if (!dev) buildIfNeeded();

  const database = await prepareDatabase(env);
  const { build, vite } = await loadBuild();
  const setupToken = await issueSetupToken(database.db);
  const server = await listen(
    env,
    createApp({
      build,
      vite,
      trustProxy: env.TRUST_PROXY,
      appUrl: env.APP_URL,
      setupPending: firstRunCheck(database.db),
    }),
  );
  // The email worker runs here unless RUN_WORKER=false (then `npm run worker` does).
  const worker: Runner | null = env.RUN_WORKER ? await startWorker({ db: database.db, env }) : null;
  const sweeper = await startSessionSweeper(database);
  printBanner(env, appUrl(env), database, await hasDemoLogins(database.db), setupToken);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received; stopping the web server and the database...`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    clearInterval(sweeper);
    server.closeAllConnections?.();
    await new Promise<void>((r) => server.close(() => r()));
    await vite?.close();
    await worker?.stop();
    await database.close();
    console.log("Stopped cleanly.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/** Opens and migrates the database, makes it the one routes use, and seeds the demo into a fresh install. */
async function prepareDatabase(env: Env): Promise<OpenDatabase> {
  const database = await openDatabase(env, console.log, { ownSignals: true, allowShared: false });
  if (database.applied.length) console.log(`Applied migrations: ${database.applied.join(", ")}`);
  setProcessDb(database.db);
  const wantSeed = env.SEED_DEMO ?? database.embedded !== null;
  if (wantSeed && (await isFreshInstall(database.db))) {
    console.log("Seeding the demo data...");
    await seedDemo(database.db, new Date());
  }
  return database;
}

/** The production build, or in dev a Vite server that rebuilds on every change. */
async function loadBuild(): Promise<{ build: ServerBuild | (() => Promise<ServerBuild>); vite?: ViteDevServer }> {
  if (!dev) return { build: (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild };
  const { createServer } = await import("vite");
  const vite = await createServer({ server: { middlewareMode: true } });
  return { build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>, vite };
}

async function listen(env: Env, app: ReturnType<typeof createApp>): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
    s.once("error", reject);
  }).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === "EADDRINUSE" ? `Port ${env.PORT} is in use; set PORT to another port.` : e.message);
  });
}

/** Deletes expired sessions now and hourly. */
async function startSessionSweeper(database: OpenDatabase): Promise<NodeJS.Timeout> {
  const sweep = async () => {
    const n = await sweepExpiredSessions(database.db, new Date()).catch(() => 0);
    if (n) console.log(`Swept ${n} expired session(s)`);
  };
  await sweep();
  const sweeper = setInterval(sweep, 60 * 60 * 1000);
  sweeper.unref();
  return sweeper;
}

main().catch((e) => {
  console.error(e instanceof EnvError ? e.message : `Waypoint could not start: ${e?.message ?? e}`);
  if (!(e instanceof EnvError) && process.env.DEBUG) console.error(e);
  process.exit(1);
});
