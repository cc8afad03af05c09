// Sign-in limits kept in Postgres, so they hold across processes and restarts:
// count recent attempts per key (an address, an IP) in a sliding window.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { DB } from "~/utils/db.server";

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** null when every limit has room; otherwise when the earliest of them frees up. */
export async function throttledUntil(db: DB, limits: Limit[], now: Date): Promise<Date | null> {
  return (await blockingLimit(db, limits, now))?.until ?? null;
}

/** The limit that holds the longest (its key, and when it frees up), or null. */
async function blockingLimit(db: DB, limits: Limit[], now: Date): Promise<{ until: Date; key: string } | null> {
  let until: Date | null = null;
  let key = "";
  for (const limit of limits) {
    const since = new Date(now.getTime() - limit.windowMs);
    // The attempt that must age out before another is allowed: the max-th newest.
    const row = await sql<{ at: Date }>`
      select at from auth_attempts where key = ${limit.key} and at > ${since}
      order by at desc offset ${limit.max - 1} limit 1`.execute(db);
    const blocking = row.rows[0]?.at;
    if (blocking) {
      const free = new Date(blocking.getTime() + limit.windowMs);
      if (!until || free > until) {
        until = free;
        key = limit.key;
      }
    }
  }
  return until ? { until, key } : null;
}

/**
 * Counts one attempt against every limit, atomically: requests racing on the
 * same key queue behind a transaction lock, so a burst cannot slip past the limit.
 * Returns null when allowed (and recorded), or when to try again (nothing recorded).
 */
export async function takeAttempt(db: DB, limits: Limit[], now: Date): Promise<Date | null> {
  return (await takeAttemptOrBlocker(db, limits, now))?.until ?? null;
}

/** As takeAttempt, but also says which limit refused (its key), so the refusal can name it. */
export async function takeAttemptOrBlocker(
  db: DB,
  limits: Limit[],
  now: Date,
): Promise<{ until: Date; key: string } | null> {
  return db.transaction().execute((trx) => takeAttemptIn(trx, limits, now));
}

/** As takeAttemptOrBlocker, inside the caller's transaction (the locks last until it ends). */
export async function takeAttemptIn(
  trx: Transaction<Database>,
  limits: Limit[],
  now: Date,
): Promise<{ until: Date; key: string } | null> {
  for (const key of limits.map((l) => l.key).sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  }
  const blocker = await blockingLimit(trx, limits, now);
  if (blocker) return blocker;
  await trx
    .insertInto("auth_attempts")
    .values(limits.map((l) => ({ key: l.key, at: now })))
    .execute();
  return null;
}

/** Old attempts and spent tokens, for the hourly sweep. */
export async function pruneAuthRecords(db: DB, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const attempts = await db.deleteFrom("auth_attempts").where("at", "<", dayAgo).executeTakeFirst();
  const tokens = await db
    .deleteFrom("auth_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 30 * 24 * 3_600_000))
    .executeTakeFirst();
  return Number(attempts.numDeletedRows) + Number(tokens.numDeletedRows);
}

/** "at 14:05 UTC" in the words a refusal uses. */
export function retryAtText(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  const clock = until.toISOString().slice(11, 16);
  return `in ${minutes} minute${minutes === 1 ? "" : "s"} (at ${clock} UTC)`;
}
