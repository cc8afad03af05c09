// Writes an invitation for a person inside the caller's transaction: a new
// single-use token (an older unused one stops working), the email, the audit entry.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import { queueEmails } from "~/modules/email/queue-emails.server";
import type { DB } from "~/utils/db.server";
import { seal } from "~/utils/seal.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { newOneTimeToken } from "./one-time-token.server";

export const INVITATION_DAYS = 7;

export async function issueInvitation(
  trx: Transaction<Database>,
  db: DB,
  input: {
    user: { id: string; email: string; accountId: string | null };
    inviter: { id: string; name: string };
    accountName: string | null;
    roleLabel: string;
    ip: string | null;
  },
  now: Date,
): Promise<void> {
  const secret = await getSigningSecret(db);
  // A resend replaces the old link.
  await trx
    .updateTable("auth_tokens")
    .set({ used_at: now })
    .where("user_id", "=", input.user.id)
    .where("kind", "=", "invitation")
    .where("used_at", "is", null)
    .execute();
  const { token, hash } = newOneTimeToken();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const row = await trx
    .insertInto("auth_tokens")
    .values({
      kind: "invitation",
      user_id: input.user.id,
      token_hash: hash,
      created_by: input.inviter.id,
      created_at: now,
      expires_at: expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await queueEmails(
    trx,
    [
      {
        dedupeKey: `invitation:${row.id}`,
        kind: "invitation",
        recipientUserId: input.user.id,
        toEmail: input.user.email,
        accountId: input.user.accountId,
        payload: {
          sealedToken: seal(secret, token),
          inviterName: input.inviter.name,
          accountName: input.accountName,
          roleLabel: input.roleLabel,
          expiresAt: expiresAt.toISOString(),
          expiresInDays: INVITATION_DAYS,
        },
      },
    ],
    now,
  );
  await trx
    .updateTable("users")
    .set({ invited_at: now, invited_by: input.inviter.id })
    .where("id", "=", input.user.id)
    .execute();
  await recordAuditEvent(
    trx,
    {
      kind: "invitation_sent",
      actorId: input.inviter.id,
      subjectUserId: input.user.id,
      accountId: input.user.accountId,
      email: input.user.email,
      ip: input.ip,
      detail: { role: input.roleLabel },
    },
    now,
  );
}
