// Opens the database every entry point uses: the given DATABASE_URL, or the
// embedded PostgreSQL in .data/ (shared with a running `npm start`). Migrates it.
import path from "node:path";
import { createDb, type DB } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";
import { type EmbeddedHandle, startEmbeddedPostgres } from "./embedded-postgres/start-embedded-postgres";
import { migrateToLatest } from "./migrate";

export interface OpenDatabase {
  db: DB;
  url: string;
  embedded: EmbeddedHandle | null;
  applied: string[];
  close(): Promise<void>;
}

export async function openDatabase(
  env: Env,
  log: (line: string) => void = console.log,
  options: { ownSignals?: boolean; allowShared?: boolean } = {},
): Promise<OpenDatabase> {
  let embedded: EmbeddedHandle | null = null;
  let url = env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(env.DATA_DIR),
      port: env.EMBEDDED_PG_PORT,
      log,
      ownSignals: options.ownSignals,
      allowShared: options.allowShared,
    });
    url = embedded.url;
  }
  // The Remix build reads it when it first touches the database.
  process.env.DATABASE_URL = url;
  const db = createDb(url);
  let applied: string[];
  try {
    applied = await migrateToLatest(db);
  } catch (e) {
    await db.destroy();
    await embedded?.stop();
    throw e;
  }
  let closed = false;
  return {
    db,
    url,
    embedded,
    applied,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
