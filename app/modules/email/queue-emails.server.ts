// Writes emails to the outbox inside the caller's transaction, with a
// graphile-worker job per new row. A dedupe key already taken writes nothing.
import { type RawBuilder, sql, type Transaction } from "kysely";
import type { Database, EmailKind } from "#db/schema";
import { type EmailPayload, parseEmailPayload } from "./email-payloads";

/** One email to queue; its payload is the one its kind's schema describes. */
export type NewOutboxEmail = {
  [K in EmailKind]: {
    dedupeKey: string;
    kind: K;
    recipientUserId: string;
    toEmail: string;
    accountId: string | null;
    payload: EmailPayload<K>;
  };
}[EmailKind];

export const SEND_EMAIL_TASK = "send_email";

/**
 * "deliver": queued and sent by the worker. "history": what a seed writes of the
 * past (the demo's stage emails), kept for /csm/outbox and never sent.
 */
export type QueueMode = "deliver" | "history";

/** A select expression that queues delivery of the outbox row whose id is `id`. */
export function sendJobFor(id: RawBuilder<unknown> | string, runAt?: Date): RawBuilder<unknown> {
  const idExpr = typeof id === "string" ? sql`${id}::uuid` : id;
  return sql`graphile_worker.add_job(${SEND_EMAIL_TASK}, json_build_object('outboxId', ${idExpr}),
    run_at => ${runAt ?? null}::timestamptz, max_attempts => 10)`;
}

/**
 * The one INSERT into the outbox. `rows` is a select of dedupe_key, kind,
 * recipient_user_id, to_email, account_id and payload; rows whose dedupe key is
 * taken are left out of what it returns.
 */
export function insertIntoOutbox(
  rows: RawBuilder<unknown>,
  now: Date,
  mode: QueueMode = "deliver",
  sendAfter: Date | null = null,
): RawBuilder<unknown> {
  // History is born `kept`: no claim can take it, so no worker ever sends it.
  const status = mode === "history" ? "kept" : "queued";
  const sentAt = mode === "history" ? now : null;
  // An email due later is not claimed before then (next_attempt_at), nor requeued early by recovery.
  return sql`insert into email_outbox (dedupe_key, kind, recipient_user_id, to_email, account_id, payload,
      created_at, updated_at, status, sent_at, send_after, next_attempt_at)
    select r.dedupe_key, r.kind, r.recipient_user_id, r.to_email, r.account_id, r.payload, ${now}, ${now},
      ${status}, ${sentAt}::timestamptz, ${sendAfter}::timestamptz, ${sendAfter}::timestamptz
    from (${rows}) r
    on conflict (dedupe_key) do nothing
    returning id, recipient_user_id, to_email, payload`;
}

/**
 * Returns the ids of the rows written (fewer than given when some were already queued).
 * `sendAfter`: when the emails are due, if later than now (a reminder waiting for working hours).
 */
export async function queueEmails(
  trx: Transaction<Database>,
  emails: NewOutboxEmail[],
  now: Date,
  mode: QueueMode = "deliver",
  sendAfter: Date | null = null,
): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = emails.map((e) => ({
    dedupe_key: e.dedupeKey,
    kind: e.kind,
    recipient_user_id: e.recipientUserId,
    to_email: e.toEmail,
    account_id: e.accountId,
    payload: parseEmailPayload(e.kind, e.payload),
  }));
  const given = sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
    as r(dedupe_key text, kind text, recipient_user_id uuid, to_email text, account_id uuid, payload jsonb)`;
  const job = mode === "history" ? sql`false` : sql`${sendJobFor(sql`ins.id`, sendAfter ?? undefined)} is not null`;
  const result = await sql<{ id: string }>`
    with ins as (${insertIntoOutbox(given, now, mode, sendAfter)})
    select ins.id, ${job} as queued from ins`.execute(trx);
  return result.rows.map((r) => r.id);
}
