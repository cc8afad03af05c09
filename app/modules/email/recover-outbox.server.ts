// Hourly safety net for deliveries whose job was lost (a worker killed mid-send,
// a job out of attempts): queue them again, or give up before Resend's key expires.
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { GIVE_UP_AFTER_MS } from "./deliver-email.server";
import { sendJobFor } from "./queue-emails.server";

const STUCK_AFTER_MS = 10 * 60 * 1000;

export async function recoverOutbox(db: DB, now: Date): Promise<{ requeued: number; gaveUp: number }> {
  return db.transaction().execute(async (trx) => {
    const inFlight = sql`status in ('queued', 'retrying', 'sending')
      and (status <> 'sending' or claimed_until < ${now})`;
    const gaveUp = await sql`
      update email_outbox set status = 'failed', updated_at = ${now}, claimed_until = null,
        last_error = coalesce(last_error || '. ', '') || 'Not delivered within 23 hours; gave up before the provider forgets the idempotency key'
      where ${inFlight} and created_at < ${new Date(now.getTime() - GIVE_UP_AFTER_MS)}`.execute(trx);
    const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MS);
    const requeued = await sql`
      select ${sendJobFor(sql`id`)} is not null from email_outbox
      where ${inFlight} and updated_at < ${stuckBefore}
        and (next_attempt_at is null or next_attempt_at < ${stuckBefore})`.execute(trx);
    return { requeued: requeued.rows.length, gaveUp: Number(gaveUp.numAffectedRows ?? 0) };
  });
}
