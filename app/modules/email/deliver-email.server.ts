// Delivers one outbox row: claims it so no two workers send it at once, renders
// it once, sends it with its dedupe key as the idempotency key, records the result.
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import type { EmailSender } from "./email-sender.server";
import { sendJobFor } from "./queue-emails.server";
import { carriesOneTimeToken, type EmailContext, emailCategory, renderOutboxEmail } from "./render-email.server";

export type DeliveryOutcome =
  | "sent"
  | "kept"
  | "retrying"
  | "failed"
  | "skipped"
  /** Someone else holds the row, or it is already done. */
  | "not_claimed";

export interface DeliverOptions {
  /** null: no provider configured; the email is rendered and kept for /csm/outbox. */
  sender: EmailSender | null;
  ctx: EmailContext;
  now: Date;
  /** Backoff base; tests shorten it. */
  retryBaseMs?: number;
  /** Test seam: runs after the provider accepted, before the row is updated. */
  afterSend?: () => void | Promise<void>;
}

/** How long a claim lasts; a worker that dies mid-send frees the row after it. */
export const CLAIM_MS = 2 * 60 * 1000;
/** Resend forgets an idempotency key after 24 hours; give up with margin before that. */
export const GIVE_UP_AFTER_MS = 23 * 60 * 60 * 1000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Blanks the token in a one-time link: what is stored of a sent sign-in or invitation email. */
export function redactTokens(content: string): string {
  return content.replace(/token=[A-Za-z0-9_.-]+/g, "token=(sent)");
}

export function backoffMs(attempt: number, baseMs: number, random = Math.random()): number {
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + 0.4 * random));
}

const CLOCK_SLACK_MS = 5_000;

export async function deliverEmail(db: DB, outboxId: string, options: DeliverOptions): Promise<DeliveryOutcome> {
  const { now } = options;
  const claimedUntil = new Date(now.getTime() + CLAIM_MS);
  const claimed = await sql<{
    id: string;
    kind: "stage_entered_customer" | "stage_entered_csm" | "nudge_digest" | "escalation";
    dedupe_key: string;
    to_email: string;
    payload: Record<string, unknown>;
    subject: string | null;
    html: string | null;
    text: string | null;
    attempts: number;
    created_at: Date;
    recipient_user_id: string | null;
    recipient_name: string | null;
    recipient_role: "admin" | "csm" | "customer" | null;
    deactivated: boolean;
    opted_in: boolean;
    suppressed: boolean;
  }>`
    with claim as (
      update email_outbox set status = 'sending', attempts = attempts + 1,
        claimed_until = ${claimedUntil}, updated_at = ${now}
      where id = ${outboxId}
        -- A few seconds' slack: the job's run_at is judged by the database's clock.
        and (status in ('queued', 'retrying') and (next_attempt_at is null or next_attempt_at <= ${new Date(now.getTime() + CLOCK_SLACK_MS)})
          or status = 'sending' and claimed_until < ${now})
      returning *
    )
    select c.id, c.kind, c.dedupe_key, c.to_email, c.payload, c.subject, c.html, c.text, c.attempts,
      c.created_at, c.recipient_user_id, u.name as recipient_name, u.role as recipient_role,
      coalesce(u.deactivated_at is not null, true) as deactivated,
      case when c.kind in ('nudge_digest', 'escalation') then coalesce(u.nudges_enabled, false)
        when c.kind in ('stage_entered_customer', 'stage_entered_csm') then coalesce(u.lifecycle_emails_enabled, false)
        -- Sign-in links and invitations were asked for; no opt-out applies.
        else true end as opted_in,
      c.kind in ('nudge_digest', 'escalation', 'stage_entered_customer', 'stage_entered_csm')
        and exists (select 1 from email_suppressions x where x.email = lower(c.to_email)) as suppressed
    from claim c left join users u on u.id = c.recipient_user_id`.execute(db);
  const row = claimed.rows[0];
  if (!row) return "not_claimed";

  // Only while this worker still holds the claim: a stalled worker never
  // overwrites what a later one recorded.
  const finish = (values: Record<string, unknown>) =>
    db
      .updateTable("email_outbox")
      .set({ ...values, claimed_until: null, updated_at: now })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .where("claimed_until", "=", claimedUntil)
      .execute();

  // An earlier attempt may have reached the provider; past 23 hours its
  // idempotency key may be forgotten, so a resend could arrive twice.
  if (row.attempts > 1 && now.getTime() - row.created_at.getTime() > GIVE_UP_AFTER_MS) {
    await finish({
      status: "failed",
      last_error: `Gave up: not confirmed within 23 hours after ${row.attempts - 1} attempt(s); sending now could duplicate it`,
    });
    return "failed";
  }

  // Preferences can change between queueing and sending; the later word counts.
  const skip = row.deactivated
    ? "The recipient's access was removed"
    : !row.opted_in
      ? `The recipient turned off ${emailCategory(row.kind) === "nudges" ? "reminders" : "journey updates"}`
      : row.suppressed
        ? "The address bounced or complained earlier"
        : null;
  if (skip) {
    await finish({ status: "skipped", last_error: skip });
    return "skipped";
  }

  let rendered: Awaited<ReturnType<typeof renderOutboxEmail>>;
  try {
    rendered = await renderOutboxEmail(row, options.ctx);
  } catch (e) {
    await finish({ status: "failed", last_error: `Could not render: ${(e as Error).message}` });
    return "failed";
  }
  // Stored on the first attempt so every retry sends exactly what was shown.
  // Token-bearing emails are re-rendered every time: what is stored of them is redacted.
  const reuse = !carriesOneTimeToken(row.kind);
  const subject = (reuse && row.subject) || rendered.subject;
  const html = (reuse && row.html) || rendered.html;
  const text = (reuse && row.text) || rendered.text;
  const content = { subject, html, text };
  // A one-time token must not sit in the outbox in the clear once it has left
  // (the payload keeps it sealed, and re-rendering reproduces the same bytes).
  const stored =
    carriesOneTimeToken(row.kind) && options.sender
      ? { subject, html: redactTokens(html), text: redactTokens(text) }
      : content;
  if (options.sender && !row.html && !carriesOneTimeToken(row.kind)) {
    // Stored before the first send, so a retry after a crash sends the same bytes under the same key.
    await db.updateTable("email_outbox").set(content).where("id", "=", row.id).execute();
  }

  if (!options.sender) {
    await finish({ ...content, status: "kept", sent_at: now, last_error: null });
    return "kept";
  }

  const result = await options.sender.send(
    { from: options.ctx.from, to: row.to_email, subject, html, text, headers: rendered.headers },
    row.dedupe_key,
  );
  await options.afterSend?.();

  if (result.ok) {
    await finish({
      ...stored,
      status: "sent",
      provider_id: result.providerId,
      sent_at: now,
      last_error: null,
      next_attempt_at: null,
    });
    return "sent";
  }
  if (!result.retryable) {
    await finish({
      ...stored,
      status: "failed",
      last_error: `Refused by the provider: ${result.message}`,
      next_attempt_at: null,
    });
    return "failed";
  }
  const delay = result.retryAfterMs ?? backoffMs(row.attempts, options.retryBaseMs ?? 30_000);
  const nextAt = new Date(now.getTime() + Math.max(delay, 1000));
  if (nextAt.getTime() - row.created_at.getTime() > GIVE_UP_AFTER_MS) {
    await finish({
      ...stored,
      status: "failed",
      last_error: `Gave up after ${row.attempts} attempts, before the provider's 24-hour idempotency window closes. Last error: ${result.message}`,
      next_attempt_at: null,
    });
    return "failed";
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("email_outbox")
      .set({
        ...stored,
        status: "retrying",
        last_error: result.message,
        next_attempt_at: nextAt,
        claimed_until: null,
        updated_at: now,
      })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .where("claimed_until", "=", claimedUntil)
      .execute();
    await sql`select ${sendJobFor(row.id, nextAt)}`.execute(trx);
  });
  return "retrying";
}
