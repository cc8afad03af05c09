// Password sign-in: checks the credentials and opens a fresh session.
// Every failure gives the same answer, so it does not reveal which addresses exist.
// Attempts are limited per address and per IP; a link still lets the owner in.
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import type { DB } from "~/utils/db.server";
import { verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { type Limit, takeAttempt } from "./throttle.server";

export const PASSWORD_ATTEMPTS_PER_ADDRESS = 10;
const PASSWORD_ATTEMPTS_PER_IP = 50;
const WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { ok: true; token: string; userId: string; role: "admin" | "csm" | "customer" }
  | { ok: false; error: string; retryAt?: Date };

export async function signInWithPassword(
  db: DB,
  input: { email: string; password: string; userAgent?: string | null; ip?: string | null },
  now: Date,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const limits: Limit[] = [{ key: `password:${email}`, max: PASSWORD_ATTEMPTS_PER_ADDRESS, windowMs: WINDOW_MS }];
  if (input.ip) limits.push({ key: `password-ip:${input.ip}`, max: PASSWORD_ATTEMPTS_PER_IP, windowMs: WINDOW_MS });
  const retryAt = await takeAttempt(db, limits, now);
  if (retryAt) {
    return { ok: false, retryAt, error: "Too many sign-in attempts." };
  }

  const user = await db
    .selectFrom("users")
    .select(["id", "role", "password_hash", "deactivated_at", "joined_at", "account_id"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirst();

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
        detail: { method: "password" },
      },
      now,
    );
    return { ok: false, error: "That email and password do not match an active account." };
  }
  const token = await createSession(db, user.id, now, input.userAgent ?? null);
  await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", user.id).execute();
  await recordAuditEvent(
    db,
    {
      kind: "sign_in",
      actorId: user.id,
      subjectUserId: user.id,
      accountId: user.account_id,
      ip: input.ip,
      detail: { method: "password" },
    },
    now,
  );
  return { ok: true, token, userId: user.id, role: user.role };
}
