// Opening a sign-in link: GET only looks the token up (mail scanners prefetch
// links); the POST spends it, once, and opens a new session. Only for people
// who have joined: a pending invitee gets in by accepting their invitation.
import { sql } from "kysely";
import type { Role } from "#db/schema";
import type { DB } from "~/utils/db.server";
import { issueDeviceToken } from "./device-trust.server";
import { hashOneTimeToken, looksLikeToken } from "./one-time-token.server";
import { openSignedInSession } from "./open-signed-in-session.server";

export type LinkView = { valid: true; name: string; email: string } | { valid: false };

export async function describeSignInLink(db: DB, token: unknown, now: Date): Promise<LinkView> {
  if (!looksLikeToken(token)) return { valid: false };
  const row = await db
    .selectFrom("auth_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["u.name", "u.email"])
    .where("t.token_hash", "=", hashOneTimeToken(token))
    .where("t.kind", "=", "sign_in")
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", now)
    .where("u.deactivated_at", "is", null)
    .where("u.joined_at", "is not", null)
    .executeTakeFirst();
  return row ? { valid: true, name: row.name, email: row.email } : { valid: false };
}

export type LinkSignInResult = { ok: true; token: string; deviceToken: string; role: Role } | { ok: false };

export async function signInWithLink(
  db: DB,
  token: unknown,
  input: { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<LinkSignInResult> {
  if (!looksLikeToken(token)) return { ok: false };
  // One statement spends the token, so two clicks at once sign in once.
  const spent = await sql<{ user_id: string; role: Role; account_id: string | null }>`
    update auth_tokens t set used_at = ${now}
    from users u
    where t.token_hash = ${hashOneTimeToken(token)} and t.kind = 'sign_in'
      and t.used_at is null and t.expires_at > ${now}
      and u.id = t.user_id and u.deactivated_at is null and u.joined_at is not null
    returning t.user_id, u.role, u.account_id`.execute(db);
  const user = spent.rows[0];
  if (!user) return { ok: false };
  const session = await openSignedInSession(
    db,
    { id: user.user_id, accountId: user.account_id },
    { method: "link", ip: input.ip, userAgent: input.userAgent },
    now,
  );
  // Signing in from the email trusts this browser too (ADR 014).
  return { ok: true, token: session, deviceToken: await issueDeviceToken(db, user.user_id, now), role: user.role };
}
