// The database every benchmark measures on: its own scratch database on the embedded
// PostgreSQL (or on DATABASE_URL's server when set), migrated, and dropped afterwards,
// so the app's own data is never read or written.
import path from "node:path";
import type { Kysely } from "kysely";
import { redactUrl } from "../app/server/database";
import { startEmbeddedPostgres } from "../app/server/embedded-postgres/start-embedded-postgres";
import { migrateToLatest } from "../app/server/migrate";
import { adminQuery, withDatabase } from "../app/server/pg-admin";
import { createDb } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import type { Database } from "../db/schema";

export interface BenchDatabase {
  db: Kysely<Database>;
  /** The scratch database's name. */
  name: string;
  /** Closes the pool, drops the scratch database unless kept, and stops the embedded server. */
  close: (opts?: { keep?: boolean }) => Promise<void>;
}

/** `label` names the scratch database; `reuse` measures an existing one again (kept by an earlier run). */
export async function openBenchDatabase(label: string, opts: { reuse?: string | null } = {}): Promise<BenchDatabase> {
  const env = parseEnv();
  const embedded = env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: path.resolve(env.DATA_DIR),
        port: env.EMBEDDED_PG_PORT,
        database: "postgres",
        log: () => {},
        allowShared: true,
      });
  const serverUrl = env.DATABASE_URL ?? embedded!.url;
  const adminUrl = withDatabase(serverUrl, "postgres");
  const name = opts.reuse ?? `waypoint_bench_${label}_${process.pid}`;
  console.log(`Server: ${redactUrl(adminUrl)}; scratch database ${name}`);
  if (!opts.reuse) await adminQuery(adminUrl, `create database ${name}`);
  const db = createDb(withDatabase(serverUrl, name), 4);
  const close = async ({ keep = false } = {}) => {
    await db.destroy();
    if (keep || opts.reuse) console.log(`Kept ${name}.`);
    else await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    await embedded?.stop();
  };
  try {
    await migrateToLatest(db);
  } catch (e) {
    await close();
    throw e;
  }
  return { db, name, close };
}

/** Runs a benchmark's main and exits with its code: the embedded server's exit hook ignores exitCode. */
export function runBench(main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
