// The outbox as staff see it: admins every email, CSMs those about their
// accounts and those sent to them. Newest first, with counts per status.
import { type ExpressionBuilder, sql } from "kysely";
import type { Database, EmailKind, EmailStatus } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";

export interface OutboxListRow {
  id: string;
  kind: EmailKind;
  toEmail: string;
  recipientName: string | null;
  accountName: string | null;
  subject: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** When a held email (a reminder waiting for working hours) may go, while that is still ahead; else null. */
  sendAfter: string | null;
}

export function outboxScope(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "email_outbox">) =>
    actor.role === "admin"
      ? eb.lit(true)
      : eb.or([
          eb("email_outbox.recipient_user_id", "=", actor.id),
          eb("email_outbox.account_id", "in", eb.selectFrom("accounts").select("id").where("csm_id", "=", actor.id)),
        ]);
}

export const OUTBOX_PAGE_SIZE = 100;

export async function listOutbox(
  db: DB,
  actor: Actor,
  filter: { status?: EmailStatus; before?: { at: string; id: string } },
  now = new Date(),
): Promise<{ rows: OutboxListRow[]; counts: Partial<Record<EmailStatus, number>>; more: boolean }> {
  if (actor.role === "customer") return { rows: [], counts: {}, more: false };
  const rows = await db
    .selectFrom("email_outbox")
    .leftJoin("users as u", "u.id", "email_outbox.recipient_user_id")
    .leftJoin("accounts as a", "a.id", "email_outbox.account_id")
    .select([
      "email_outbox.id",
      "email_outbox.kind",
      "email_outbox.to_email",
      "u.name as recipient_name",
      "a.name as account_name",
      "email_outbox.subject",
      "email_outbox.status",
      "email_outbox.attempts",
      "email_outbox.last_error",
      "email_outbox.created_at",
      "email_outbox.sent_at",
      "email_outbox.send_after",
    ])
    .where(outboxScope(actor))
    .$if(!!filter.status, (q) => q.where("email_outbox.status", "=", filter.status!))
    // Keyset paging on (created_at, id): one transition or sweep writes many rows at the same instant.
    .$if(!!filter.before, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple("email_outbox.created_at", "email_outbox.id"),
          "<",
          eb.tuple(new Date(filter.before!.at), filter.before!.id),
        ),
      ),
    )
    .orderBy("email_outbox.created_at", "desc")
    .orderBy("email_outbox.id", "desc")
    .limit(OUTBOX_PAGE_SIZE + 1)
    .execute();
  const counts = await db
    .selectFrom("email_outbox")
    .select(["email_outbox.status", sql<number>`count(*)::int`.as("n")])
    .where(outboxScope(actor))
    .groupBy("email_outbox.status")
    .execute();
  return {
    rows: rows.slice(0, OUTBOX_PAGE_SIZE).map((r) => ({
      id: r.id,
      kind: r.kind,
      toEmail: r.to_email,
      recipientName: r.recipient_name,
      accountName: r.account_name,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      // Only while it is still held: a retry waits on its own time, and a late worker is not a hold.
      sendAfter: r.status === "queued" && r.send_after && r.send_after > now ? r.send_after.toISOString() : null,
    })),
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    more: rows.length > OUTBOX_PAGE_SIZE,
  };
}
