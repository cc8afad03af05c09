// Password sign-in: checks the credentials and opens a fresh session.
// Every failure gives the same answer, so it does not reveal which addresses exist.
// Attempts are limited per address and per IP; a link still lets the owner in.
// A browser the person signed in on before (a trusted device, ADR 014) is
// limited on its own instead, so guessing from elsewhere never keeps them out.

import type { Role } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import type { DB } from "~/utils/db.server";
import { issueDeviceToken, trustedDeviceId } from "./device-trust.server";
import { type LimitKind, limitKindOf } from "./limit-messages";
import { openSignedInSession } from "./open-signed-in-session.server";
import { verifyPassword } from "./password.server";
import { type Limit, takeAttemptOrBlocker } from "./throttle.server";

export const PASSWORD_ATTEMPTS_PER_ADDRESS = 10;
const PASSWORD_ATTEMPTS_PER_IP = 50;
const PASSWORD_ATTEMPTS_PER_DEVICE = 10;
const WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | {
      ok: true;
      token: string;
      /** A fresh device token for this browser's cookie. */
      deviceToken: string;
      userId: string;
      role: Role;
    }
  | { ok: false; error: string; retryAt?: Date; limit?: LimitKind };

export async function signInWithPassword(
  db: DB,
  input: {
    email: string;
    password: string;
    userAgent?: string | null;
    ip?: string | null;
    /** The device cookie this browser sent, if any. */
    deviceToken?: string | null;
  },
  now: Date,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "password_hash", "deactivated_at", "joined_at", "account_id"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirst();

  // A trusted device answers for itself: its attempts count on its own key,
  // and neither the address's nor the network's count holds it back.
  const device = user
    ? await trustedDeviceId(db, input.deviceToken, { id: user.id, joinedAt: user.joined_at }, now)
    : null;
  const limits: Limit[] = device
    ? [{ key: `password-device:${device}`, max: PASSWORD_ATTEMPTS_PER_DEVICE, windowMs: WINDOW_MS }]
    : [{ key: `password:${email}`, max: PASSWORD_ATTEMPTS_PER_ADDRESS, windowMs: WINDOW_MS }];
  if (input.ip && !device) {
    limits.push({ key: `password-ip:${input.ip}`, max: PASSWORD_ATTEMPTS_PER_IP, windowMs: WINDOW_MS });
  }
  const blocked = await takeAttemptOrBlocker(db, limits, now);
  if (blocked) {
    return { ok: false, retryAt: blocked.until, limit: limitKindOf(blocked.key), error: "Too many sign-in attempts." };
  }

  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  // A pending person (invited, or invited again after removal) has not joined:
  // their old password must not bring them back before they accept.
  if (!user || !valid || user.deactivated_at || !user.joined_at) {
    await recordAuditEvent(
      db,
      {
        kind: "sign_in_failed",
        subjectUserId: user?.id,
        accountId: user?.account_id,
        email,
        ip: input.ip,
        detail: { method: "password", trustedDevice: !!device },
      },
      now,
    );
    return { ok: false, error: "That email and password do not match an active account." };
  }
  const token = await openSignedInSession(
    db,
    { id: user.id, accountId: user.account_id },
    { method: "password", ip: input.ip, userAgent: input.userAgent ?? null },
    now,
  );
  return { ok: true, token, deviceToken: await issueDeviceToken(db, user.id, now), userId: user.id, role: user.role };
}
