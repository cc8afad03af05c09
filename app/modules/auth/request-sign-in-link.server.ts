// "Email me a sign-in link": at most 5 links an hour per address, and the same
// answer, in about the same time, whether or not the address has an account.
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import { queueEmails } from "~/modules/email/queue-emails.server";
import type { DB } from "~/utils/db.server";
import { seal } from "~/utils/seal.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { newOneTimeToken } from "./one-time-token.server";
import { type Limit, takeAttempt } from "./throttle.server";

export const SIGN_IN_LINK_MINUTES = 15;
export const LINKS_PER_HOUR = 5;
const LINKS_PER_HOUR_PER_IP = 30;
const HOUR = 3_600_000;

export type LinkRequestResult = { ok: true } | { ok: false; retryAt: Date };

export async function requestSignInLink(
  db: DB,
  input: { email: string; ip: string | null },
  now: Date,
): Promise<LinkRequestResult> {
  const email = input.email.trim().toLowerCase();
  // Counted per address typed, known or not, so the limit itself reveals nothing.
  const limits: Limit[] = [{ key: `link:${email}`, max: LINKS_PER_HOUR, windowMs: HOUR }];
  if (input.ip) limits.push({ key: `link-ip:${input.ip}`, max: LINKS_PER_HOUR_PER_IP, windowMs: HOUR });
  const retryAt = await takeAttempt(db, limits, now);
  if (retryAt) return { ok: false, retryAt };

  const secret = await getSigningSecret(db);
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "account_id", "joined_at"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
    if (!user) {
      await recordAuditEvent(
        trx,
        { kind: "sign_in_link_requested", email, ip: input.ip, detail: { known: false } },
        now,
      );
      return;
    }
    // A pending invitee gets in only by accepting the invitation (ADR 015): the
    // same answer as for anyone, and no link, so a link never stands in for accepting.
    if (!user.joined_at) {
      await recordAuditEvent(
        trx,
        {
          kind: "sign_in_link_requested",
          subjectUserId: user.id,
          accountId: user.account_id,
          email,
          ip: input.ip,
          detail: { known: true, pending: true },
        },
        now,
      );
      return;
    }
    const { token, hash } = newOneTimeToken();
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
    const row = await trx
      .insertInto("auth_tokens")
      .values({ kind: "sign_in", user_id: user.id, token_hash: hash, created_at: now, expires_at: expiresAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await queueEmails(
      trx,
      [
        {
          dedupeKey: `sign_in:${row.id}`,
          kind: "sign_in_link",
          recipientUserId: user.id,
          toEmail: user.email,
          accountId: user.account_id,
          payload: {
            sealedToken: seal(secret, token),
            expiresAt: expiresAt.toISOString(),
            expiresInMinutes: SIGN_IN_LINK_MINUTES,
          },
        },
      ],
      now,
    );
    await recordAuditEvent(
      trx,
      {
        kind: "sign_in_link_requested",
        subjectUserId: user.id,
        accountId: user.account_id,
        email,
        ip: input.ip,
        detail: { known: true },
      },
      now,
    );
  });
  return { ok: true };
}
