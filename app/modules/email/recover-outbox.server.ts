// The safety net for deliveries a dead worker left behind (kill -9 mid-send, a
// lost job, a job out of attempts): free them and queue them again at once, or
// give up before Resend forgets the idempotency key. Runs at worker start and every 30 s.
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { CLAIM_MS, GIVE_UP_AFTER_MS } from "./deliver-email.server";
import { SEND_EMAIL_TASK, sendJobFor } from "./queue-emails.server";

const STUCK_AFTER_MS = 10 * 60 * 1000;

export interface Recovered {
  /** graphile-worker ids judged dead, whose jobs were unlocked. */
  unlocked: number;
  requeued: number;
  gaveUp: number;
}

/**
 * A send job claims its row for CLAIM_MS the moment it starts, and a send times
 * out after 20 s. A worker still holding a send job after CLAIM_MS is dead or
 * hung, and its claim on the row has lapsed anyway, so graphile-worker's own
 * four-hour wait before retrying its jobs is ours to cut short. A worker that
 * was merely slow finds its claim gone and records nothing (finish() checks it).
 */
async function unlockDeadWorkers(trx: DB, now: Date): Promise<number> {
  const dead = await sql<{ locked_by: string }>`
    select distinct locked_by from graphile_worker.jobs
    where task_identifier = ${SEND_EMAIL_TASK} and locked_by is not null
      and locked_at <= ${new Date(now.getTime() - CLAIM_MS)}`.execute(trx);
  const ids = dead.rows.map((r) => r.locked_by);
  if (ids.length) await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`.execute(trx);
  return ids.length;
}

export async function recoverOutbox(db: DB, now: Date): Promise<Recovered> {
  return db.transaction().execute(async (trx) => {
    const unlocked = await unlockDeadWorkers(trx, now);
    const inFlight = sql`status in ('queued', 'retrying', 'sending')
      and (status <> 'sending' or claimed_until < ${now})`;
    const gaveUp = await sql`
      update email_outbox set status = 'failed', updated_at = ${now}, claimed_until = null,
        last_error = coalesce(last_error || '. ', '') || 'Not delivered within 23 hours; gave up before the provider forgets the idempotency key'
      where ${inFlight} and greatest(created_at, send_after) < ${new Date(now.getTime() - GIVE_UP_AFTER_MS)}`.execute(
      trx,
    );
    const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MS);
    // A lapsed claim is requeued at once: its job may be gone, and a second job
    // finds nothing to claim once one has sent it. A queued row waits longer,
    // since its own job normally runs it.
    const requeued = await sql`
      select ${sendJobFor(sql`id`)} is not null from email_outbox
      where ${inFlight}
        and (status = 'sending' or updated_at < ${stuckBefore}
          and (next_attempt_at is null or next_attempt_at < ${stuckBefore}))`.execute(trx);
    return { unlocked, requeued: requeued.rows.length, gaveUp: Number(gaveUp.numAffectedRows ?? 0) };
  });
}
