// Ends a person's access in the caller's transaction: deactivated, signed out
// everywhere, unused links spent, queued email skipped, and who did it audited.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";

export async function revokeAccess(
  trx: Transaction<Database>,
  input: {
    actorId: string;
    user: { id: string; email: string; accountId?: string | null };
    ip: string | null;
    reason: "staff deactivated" | "contact removed";
  },
  now: Date,
): Promise<void> {
  const userId = input.user.id;
  await trx.updateTable("users").set({ deactivated_at: now }).where("id", "=", userId).execute();
  await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await trx
    .updateTable("auth_tokens")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
  // Whatever was still waiting to be sent to them is not sent.
  await sql`update email_outbox set status = 'skipped', last_error = 'The recipient''s access was removed', updated_at = ${now}
    where recipient_user_id = ${userId} and status in ('queued', 'retrying')`.execute(trx);
  await recordAuditEvent(
    trx,
    {
      kind: "deactivated",
      actorId: input.actorId,
      subjectUserId: userId,
      accountId: input.user.accountId,
      email: input.user.email,
      ip: input.ip,
      detail: { reason: input.reason },
    },
    now,
  );
}
