// The Postgres pool and Kysely instance the whole app shares.
// Dates (SQL `date`) are kept as 'YYYY-MM-DD' strings so no timezone shifts them.
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "#db/schema";
import { prepareMarkedStatements } from "./prepared.server";
import { countQuery, queryCountingEnabled } from "./query-count.server";

pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

export type DB = Kysely<Database>;

export function createDb(connectionString: string, max = 10): DB {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server closes (restart, shutdown) must not crash
  // the process; the pool replaces it on next use.
  pool.on("error", (e) => console.error(`Database connection lost: ${e.message}`));
  // A client checked out when its connection drops emits on itself, not the pool.
  pool.on("connect", (client) => {
    client.on("error", (e) => console.error(`Database connection lost: ${e.message}`));
    prepareMarkedStatements(client);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: queryCountingEnabled() ? countQuery : undefined,
  });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Kysely<any>, pg.Pool>();

/** The pg pool behind a Kysely made by createDb, for libraries that want one (graphile-worker). */
export function poolOf(db: Kysely<any>): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("This Kysely instance was not made by createDb");
  return pool;
}

const g = globalThis as unknown as { __waypointDb?: DB };

/** The process-wide database, created on first use from DATABASE_URL. */
export function getDb(): DB {
  if (!g.__waypointDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start the portal with `npm start`");
    g.__waypointDb = createDb(url);
  }
  return g.__waypointDb;
}

/** Makes `db` the process-wide database, so start-up and the app share one pool. */
export function setProcessDb(db: DB): void {
  g.__waypointDb = db;
}

export async function closeDb(): Promise<void> {
  const db = g.__waypointDb;
  g.__waypointDb = undefined;
  await db?.destroy();
}
