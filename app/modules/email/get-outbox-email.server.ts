// One outbox email as its recipient sees it: the stored rendering once it was
// sent, or a rendering made now for one still waiting.
import type { EmailKind, EmailStatus } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import { isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { outboxScope } from "./list-outbox.server";
import { type EmailContext, outboxEmailHeaders, renderOutboxEmail } from "./render-email.server";

export interface OutboxEmailView {
  id: string;
  kind: EmailKind;
  from: string;
  toEmail: string;
  recipientName: string | null;
  accountName: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  providerId: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** True when the recipient's signed links were blanked out for this preview. */
  linksDisabled: boolean;
}

const SIGNED_TOKEN = /token=[A-Za-z0-9_.-]+/g;

export async function getOutboxEmail(db: DB, actor: Actor, id: string, ctx: EmailContext): Promise<OutboxEmailView> {
  if (actor.role === "customer" || !isUuid(id)) throw new NotFoundError("No such email");
  const row = await db
    .selectFrom("email_outbox")
    .leftJoin("users as u", "u.id", "email_outbox.recipient_user_id")
    .leftJoin("accounts as a", "a.id", "email_outbox.account_id")
    .selectAll("email_outbox")
    .select(["u.name as recipient_name", "u.role as recipient_role", "a.name as account_name"])
    .where("email_outbox.id", "=", id)
    .where(outboxScope(actor))
    .executeTakeFirst();
  if (!row) throw new NotFoundError("No such email");
  // Stored once it was first rendered for sending; rendered here only while still waiting.
  const stored = row.subject && row.html && row.text ? { subject: row.subject, html: row.html, text: row.text } : null;
  const content = stored ?? (await renderOutboxEmail(row, ctx));
  // A delivered email's one-click links act as its recipient; staff reading it
  // here must not be able to use them. A kept email (no provider, the demo) was
  // never sent anywhere else, so this page is its mailbox and its links work.
  const redact = row.status !== "kept";
  const safe = (v: string) => (redact ? v.replace(SIGNED_TOKEN, "token=disabled-in-preview") : v);
  return {
    id: row.id,
    kind: row.kind,
    from: ctx.from,
    toEmail: row.to_email,
    recipientName: row.recipient_name,
    accountName: row.account_name,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    providerId: row.provider_id,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    subject: content.subject,
    html: safe(content.html),
    text: safe(content.text),
    headers: Object.fromEntries(Object.entries(outboxEmailHeaders(row, ctx)).map(([k, v]) => [k, safe(v)])),
    linksDisabled: redact,
  };
}
