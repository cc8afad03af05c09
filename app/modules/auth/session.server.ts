// Sessions as Lucia's guide describes them: an `id.secret` token, only the
// SHA-256 of the secret stored, compared in constant time, sliding idle expiry.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Role } from "#db/schema";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";

export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;
export const SESSION_REFRESH_MS = 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  accountId: string | null;
  timezone: string;
}

export interface ValidSession {
  sessionId: string;
  user: SessionUser;
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

/** Creates a new session and returns the token to put in the cookie. */
export async function createSession(
  db: DB,
  userId: string,
  now: Date,
  userAgent: string | null = null,
): Promise<string> {
  const id = randomToken(16);
  const secret = randomToken(32); // 256 bits
  await db
    .insertInto("sessions")
    .values({
      id,
      user_id: userId,
      secret_hash: hashSecret(secret),
      created_at: now,
      last_verified_at: now,
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return `${id}.${secret}`;
}

export async function validateSessionToken(db: DB, token: string, now: Date): Promise<ValidSession | null> {
  if (token.length > 200 || !/^[\w-]+\.[\w-]+$/.test(token)) return null;
  const parts = token.split(".");
  const [id, secret] = parts;

  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as session_id",
      "sessions.secret_hash",
      "sessions.last_verified_at",
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.account_id",
      "users.timezone",
      "users.deactivated_at",
      "users.joined_at",
    ])
    .where("sessions.id", "=", id)
    .modifyEnd(prepared)
    .executeTakeFirst();
  if (!row) return null;

  const expected = hashSecret(secret);
  const stored = Buffer.from(row.secret_hash);
  if (stored.length !== expected.length || !timingSafeEqual(stored, expected)) return null;

  // A person invited again after removal is pending: only accepting lets them back in.

  if (now.getTime() - row.last_verified_at.getTime() >= SESSION_IDLE_MS || row.deactivated_at || !row.joined_at) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }

  if (now.getTime() - row.last_verified_at.getTime() >= SESSION_REFRESH_MS) {
    await db.updateTable("sessions").set({ last_verified_at: now }).where("id", "=", id).execute();
    await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", row.id).execute();
  }

  return {
    sessionId: row.session_id,
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      accountId: row.account_id,
      timezone: row.timezone,
    },
  };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Deletes sessions idle for longer than the expiry; returns how many. */
export async function sweepExpiredSessions(db: DB, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where("last_verified_at", "<=", new Date(now.getTime() - SESSION_IDLE_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
