// A person's own sessions: list them, sign one or all the others out, and
// change or set their password (which signs the other sessions out).
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import type { DB } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { SESSION_IDLE_MS } from "./session.server";
import { takeAttempt } from "./throttle.server";

export interface SessionRow {
  id: string;
  createdAt: string;
  lastActiveAt: string;
  userAgent: string | null;
  current: boolean;
}

export async function listSessions(db: DB, userId: string, currentId: string, now: Date): Promise<SessionRow[]> {
  const rows = await db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_verified_at", "user_agent"])
    .where("user_id", "=", userId)
    .where("last_verified_at", ">", new Date(now.getTime() - SESSION_IDLE_MS))
    .orderBy("last_verified_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastActiveAt: r.last_verified_at.toISOString(),
    userAgent: r.user_agent,
    current: r.id === currentId,
  }));
}

/** Signs out one session of this person (never someone else's). */
export async function signOutSession(db: DB, userId: string, sessionId: string): Promise<boolean> {
  const r = await db
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .where("id", "=", sessionId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function signOutOtherSessions(db: DB, userId: string, currentId: string): Promise<number> {
  const r = await db
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .where("id", "<>", currentId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type PasswordChange = { ok: true; signedOut: number } | { ok: false; error: string; field?: "current" };

export async function changePassword(
  db: DB,
  user: { id: string; email: string; accountId: string | null; sessionId: string },
  input: { current: string | null; next: string; ip: string | null },
  now: Date,
): Promise<PasswordChange> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
  if (row.password_hash) {
    // The same limit as the sign-in form, so this form is no side door for guessing.
    const retryAt = await takeAttempt(
      db,
      [{ key: `password:${user.email.toLowerCase()}`, max: 10, windowMs: 15 * 60_000 }],
      now,
    );
    if (retryAt) return { ok: false, error: "Too many attempts; try again in a few minutes.", field: "current" };
    if (!input.current || !(await verifyPassword(row.password_hash, input.current))) {
      return { ok: false, error: "Your current password is not right.", field: "current" };
    }
  }
  await db
    .updateTable("users")
    .set({ password_hash: await hashPassword(input.next) })
    .where("id", "=", user.id)
    .execute();
  const signedOut = await signOutOtherSessions(db, user.id, user.sessionId);
  await recordAuditEvent(
    db,
    {
      kind: "password_changed",
      actorId: user.id,
      subjectUserId: user.id,
      accountId: user.accountId,
      ip: input.ip,
      detail: { signedOut },
    },
    now,
  );
  return { ok: true, signedOut };
}

export async function hasPassword(db: DB, userId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  return row.password_hash !== null;
}
