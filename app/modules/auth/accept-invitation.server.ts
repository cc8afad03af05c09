// The invitation page: GET shows who invited whom to what; the POST accepts
// once, joins the person (with a password if they chose one) and signs them in.
import { sql } from "kysely";
import type { Role } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import type { DB } from "~/utils/db.server";
import { issueDeviceToken } from "./device-trust.server";
import { hashOneTimeToken, looksLikeToken } from "./one-time-token.server";
import { hashPassword } from "./password.server";
import { createSession } from "./session.server";

export type InvitationView =
  | {
      valid: true;
      name: string;
      email: string;
      inviterName: string | null;
      accountName: string | null;
      role: Role;
    }
  | { valid: false };

export async function describeInvitation(db: DB, token: unknown, now: Date): Promise<InvitationView> {
  if (!looksLikeToken(token)) return { valid: false };
  const row = await db
    .selectFrom("auth_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .leftJoin("users as i", "i.id", "t.created_by")
    .leftJoin("accounts as a", "a.id", "u.account_id")
    .select(["u.name", "u.email", "u.role", "i.name as inviter_name", "a.name as account_name"])
    .where("t.token_hash", "=", hashOneTimeToken(token))
    .where("t.kind", "=", "invitation")
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", now)
    .where("u.deactivated_at", "is", null)
    .executeTakeFirst();
  if (!row) return { valid: false };
  return {
    valid: true,
    name: row.name,
    email: row.email,
    inviterName: row.inviter_name,
    accountName: row.account_name,
    role: row.role,
  };
}

export type AcceptResult = { ok: true; token: string; deviceToken: string; role: Role } | { ok: false };

export async function acceptInvitation(
  db: DB,
  token: unknown,
  input: { password: string | null; ip: string | null; userAgent: string | null },
  now: Date,
): Promise<AcceptResult> {
  if (!looksLikeToken(token)) return { ok: false };
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const accepted = await db.transaction().execute(async (trx) => {
    // Spent in one statement, and only for a person not removed meanwhile.
    const spent = await sql<{
      user_id: string;
      role: Role;
      account_id: string | null;
      created_by: string | null;
    }>`
      update auth_tokens t set used_at = ${now}
      from users u
      where t.token_hash = ${hashOneTimeToken(token)} and t.kind = 'invitation'
        and t.used_at is null and t.expires_at > ${now}
        and u.id = t.user_id and u.deactivated_at is null
      returning t.user_id, u.role, u.account_id, t.created_by`.execute(trx);
    const user = spent.rows[0];
    if (!user) return { ok: false } as const;
    await trx
      .updateTable("users")
      .set({
        joined_at: sql`coalesce(joined_at, ${now})`,
        last_seen_at: now,
        ...(passwordHash ? { password_hash: passwordHash } : {}),
      })
      .where("id", "=", user.user_id)
      .execute();
    await recordAuditEvent(
      trx,
      {
        kind: "invitation_accepted",
        actorId: user.user_id,
        subjectUserId: user.user_id,
        accountId: user.account_id,
        ip: input.ip,
        detail: { invitedBy: user.created_by, passwordSet: !!passwordHash },
      },
      now,
    );
    const session = await createSession(trx, user.user_id, now, input.userAgent);
    return { ok: true, token: session, userId: user.user_id, role: user.role } as const;
  });
  if (!accepted.ok) return accepted;
  // Accepting trusts this browser, as a sign-in does (ADR 014).
  const deviceToken = await issueDeviceToken(db, accepted.userId, now);
  return { ok: true, token: accepted.token, deviceToken, role: accepted.role };
}
