// Delivers one outbox row: claims it so no two workers send it at once, renders
// it once, sends it with its dedupe key as the idempotency key, records the result.
import { sql } from "kysely";
import type { EmailKind, Role } from "#db/schema";
import type { DB } from "~/utils/db.server";
import type { EmailSender, SendResult } from "./email-sender.server";
import { carriesOneTimeToken, emailCategory } from "./kind-rules";
import { sendJobFor } from "./queue-emails.server";
import { type EmailContext, type RenderedEmail, renderOutboxEmail } from "./render-email.server";

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
const CLOCK_SLACK_MS = 5_000;

/** Blanks the token in a one-time link: what is stored of a sent sign-in or invitation email. */
export function redactTokens(content: string): string {
  return content.replace(/token=[A-Za-z0-9_.-]+/g, "token=(sent)");
}

export function backoffMs(attempt: number, baseMs: number, random = Math.random()): number {
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + 0.4 * random));
}

interface ClaimedRow {
  id: string;
  kind: EmailKind;
  dedupe_key: string;
  to_email: string;
  payload: unknown;
  subject: string | null;
  html: string | null;
  text: string | null;
  attempts: number;
  created_at: Date;
  /** When it was due: queued, or the later time it waited for. The idempotency window counts from here. */
  due_at: Date;
  recipient_user_id: string | null;
  recipient_name: string | null;
  recipient_role: Role | null;
  deactivated: boolean;
  nudges_enabled: boolean;
  lifecycle_emails_enabled: boolean;
  address_suppressed: boolean;
  /** A reminder that waited for working hours, about steps all closed by the time it is due. */
  steps_closed: boolean;
}

/** A delivery in progress: the claimed row, and the claim it holds until `claimedUntil`. */
interface Delivery {
  db: DB;
  row: ClaimedRow;
  claimedUntil: Date;
  now: Date;
}

type Content = { subject: string; html: string; text: string };

async function claim(db: DB, outboxId: string, now: Date, claimedUntil: Date): Promise<ClaimedRow | undefined> {
  const claimed = await sql<ClaimedRow>`
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
      c.created_at, greatest(c.created_at, c.send_after) as due_at, c.recipient_user_id,
      u.name as recipient_name, u.role as recipient_role,
      coalesce(u.deactivated_at is not null, true) as deactivated,
      coalesce(u.nudges_enabled, false) as nudges_enabled,
      coalesce(u.lifecycle_emails_enabled, false) as lifecycle_emails_enabled,
      exists (select 1 from email_suppressions x where x.email = lower(c.to_email)) as address_suppressed,
      c.kind = 'nudge_digest' and c.send_after is not null and not exists (
        select 1 from journey_milestones m
        where m.status = 'open'
          and m.id in (select (i->>'milestoneId')::uuid from jsonb_array_elements(c.payload->'items') i)
      ) as steps_closed
    from claim c left join users u on u.id = c.recipient_user_id`.execute(db);
  return claimed.rows[0];
}

/** Records the outcome, only while this worker still holds the claim: a stalled worker never overwrites a later one. */
async function finish(d: Delivery, values: Record<string, unknown>): Promise<void> {
  await d.db
    .updateTable("email_outbox")
    .set({ ...values, claimed_until: null, updated_at: d.now })
    .where("id", "=", d.row.id)
    .where("status", "=", "sending")
    .where("claimed_until", "=", d.claimedUntil)
    .execute();
}

/**
 * An earlier attempt may have reached the provider; past 23 hours its
 * idempotency key may be forgotten, so a resend could arrive twice.
 */
function tooLateToRetry(row: ClaimedRow, now: Date): string | null {
  if (row.attempts <= 1 || now.getTime() - row.due_at.getTime() <= GIVE_UP_AFTER_MS) return null;
  return `Gave up: not confirmed within 23 hours after ${row.attempts - 1} attempt(s); sending now could duplicate it`;
}

/** Preferences can change between queueing and sending; the later word counts. */
function skipReason(row: ClaimedRow): string | null {
  if (row.deactivated) return "The recipient's access was removed";
  if (row.steps_closed) return "The step was closed before the reminder was due";
  const category = emailCategory(row.kind);
  // Sign-in links and invitations were asked for; no opt-out or suppression applies.
  if (!category) return null;
  const optedIn = category === "nudges" ? row.nudges_enabled : row.lifecycle_emails_enabled;
  if (!optedIn) return `The recipient turned off ${category === "nudges" ? "reminders" : "journey updates"}`;
  if (row.address_suppressed) return "The address bounced or complained earlier";
  return null;
}

/**
 * What is sent, and what is stored of it. Stored on the first attempt so every
 * retry sends exactly what was shown; token-bearing emails are re-rendered
 * every time, and what is stored of them once they leave is redacted (the
 * payload keeps the token sealed, and re-rendering reproduces the same bytes).
 */
function contentToSend(row: ClaimedRow, rendered: RenderedEmail, sending: boolean) {
  const reuse = !carriesOneTimeToken(row.kind);
  const content: Content = {
    subject: (reuse && row.subject) || rendered.subject,
    html: (reuse && row.html) || rendered.html,
    text: (reuse && row.text) || rendered.text,
  };
  const stored: Content =
    carriesOneTimeToken(row.kind) && sending
      ? { ...content, html: redactTokens(content.html), text: redactTokens(content.text) }
      : content;
  return { content, stored };
}

/** A retryable refusal: try again after a backoff, unless that would pass the idempotency window. */
async function retryLater(
  d: Delivery,
  stored: Content,
  message: string,
  retryAfterMs: number,
): Promise<DeliveryOutcome> {
  const { row, now } = d;
  const nextAt = new Date(now.getTime() + Math.max(retryAfterMs, 1000));
  if (nextAt.getTime() - row.due_at.getTime() > GIVE_UP_AFTER_MS) {
    await finish(d, {
      ...stored,
      status: "failed",
      last_error: `Gave up after ${row.attempts} attempts, before the provider's 24-hour idempotency window closes. Last error: ${message}`,
      next_attempt_at: null,
    });
    return "failed";
  }
  await d.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("email_outbox")
      .set({
        ...stored,
        status: "retrying",
        last_error: message,
        next_attempt_at: nextAt,
        claimed_until: null,
        updated_at: now,
      })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .where("claimed_until", "=", d.claimedUntil)
      .execute();
    await sql`select ${sendJobFor(row.id, nextAt)}`.execute(trx);
  });
  return "retrying";
}

async function recordResult(
  d: Delivery,
  stored: Content,
  result: SendResult,
  retryBaseMs: number,
): Promise<DeliveryOutcome> {
  if (result.ok) {
    await finish(d, {
      ...stored,
      status: "sent",
      provider_id: result.providerId,
      sent_at: d.now,
      last_error: null,
      next_attempt_at: null,
    });
    return "sent";
  }
  if (!result.retryable) {
    await finish(d, {
      ...stored,
      status: "failed",
      last_error: `Refused by the provider: ${result.message}`,
      next_attempt_at: null,
    });
    return "failed";
  }
  const delay = result.retryAfterMs ?? backoffMs(d.row.attempts, retryBaseMs);
  return retryLater(d, stored, result.message, delay);
}

export async function deliverEmail(db: DB, outboxId: string, options: DeliverOptions): Promise<DeliveryOutcome> {
  const { now, sender } = options;
  const claimedUntil = new Date(now.getTime() + CLAIM_MS);
  const row = await claim(db, outboxId, now, claimedUntil);
  if (!row) return "not_claimed";
  const d: Delivery = { db, row, claimedUntil, now };

  const late = tooLateToRetry(row, now);
  if (late) {
    await finish(d, { status: "failed", last_error: late });
    return "failed";
  }
  const skip = skipReason(row);
  if (skip) {
    await finish(d, { status: "skipped", last_error: skip });
    return "skipped";
  }

  let rendered: RenderedEmail;
  try {
    rendered = await renderOutboxEmail(row, options.ctx);
  } catch (e) {
    await finish(d, { status: "failed", last_error: `Could not render: ${(e as Error).message}` });
    return "failed";
  }
  const { content, stored } = contentToSend(row, rendered, Boolean(sender));
  if (!sender) {
    await finish(d, { ...content, status: "kept", sent_at: now, last_error: null });
    return "kept";
  }
  if (!row.html && !carriesOneTimeToken(row.kind)) {
    // Stored before the first send, so a retry after a crash sends the same bytes under the same key.
    await db.updateTable("email_outbox").set(content).where("id", "=", row.id).execute();
  }

  const result = await sender.send(
    { from: options.ctx.from, to: row.to_email, ...content, headers: rendered.headers },
    row.dedupe_key,
  );
  await options.afterSend?.();
  return recordResult(d, stored, result, options.retryBaseMs ?? 30_000);
}
