// Appends one security event (sign-in, failed sign-in, link requested,
// invitation, role change, deactivation) to the audit log admins read.
import type { Transaction } from "kysely";
import type { AuditKind, Database } from "#db/schema";
import type { DB } from "~/utils/db.server";

export interface AuditEvent {
  kind: AuditKind;
  actorId?: string | null;
  subjectUserId?: string | null;
  accountId?: string | null;
  email?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAuditEvent(db: DB | Transaction<Database>, event: AuditEvent, now: Date): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      at: now,
      kind: event.kind,
      actor_id: event.actorId ?? null,
      subject_user_id: event.subjectUserId ?? null,
      account_id: event.accountId ?? null,
      email: event.email?.slice(0, 320) ?? null,
      ip: event.ip?.slice(0, 100) ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}
