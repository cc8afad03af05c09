// Writes emails to the outbox inside the caller's transaction, with a
// graphile-worker job per new row. A dedupe key already taken writes nothing.
import { type RawBuilder, sql, type Transaction } from "kysely";
import type { Database, EmailKind } from "#db/schema";

export interface NewOutboxEmail {
  dedupeKey: string;
  kind: EmailKind;
  recipientUserId: string;
  toEmail: string;
  accountId: string | null;
  payload: Record<string, unknown>;
}

export const SEND_EMAIL_TASK = "send_email";

/** A select expression that queues delivery of the outbox row whose id is `id`. */
export function sendJobFor(id: RawBuilder<unknown> | string, runAt?: Date): RawBuilder<unknown> {
  const idExpr = typeof id === "string" ? sql`${id}::uuid` : id;
  return sql`graphile_worker.add_job(${SEND_EMAIL_TASK}, json_build_object('outboxId', ${idExpr}),
    run_at => ${runAt ?? null}::timestamptz, max_attempts => 10)`;
}

/** Returns the ids of the rows written (fewer than given when some were already queued). */
export async function queueEmails(trx: Transaction<Database>, emails: NewOutboxEmail[], now: Date): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = emails.map((e) => ({
    dedupe_key: e.dedupeKey,
    kind: e.kind,
    recipient_user_id: e.recipientUserId,
    to_email: e.toEmail,
    account_id: e.accountId,
    payload: e.payload,
  }));
  const result = await sql<{ id: string }>`
    with ins as (
      insert into email_outbox (dedupe_key, kind, recipient_user_id, to_email, account_id, payload,
        created_at, updated_at)
      select r.dedupe_key, r.kind, r.recipient_user_id, r.to_email, r.account_id, r.payload, ${now}, ${now}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(dedupe_key text, kind text, recipient_user_id uuid, to_email text, account_id uuid, payload jsonb)
      on conflict (dedupe_key) do nothing
      returning id
    )
    select ins.id, ${sendJobFor(sql`ins.id`)} is not null as queued from ins`.execute(trx);
  return result.rows.map((r) => r.id);
}
