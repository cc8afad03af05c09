// Sessions per Lucia's guide, and password sign-in.
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server";
import { createSession, sweepExpiredSessions, validateSessionToken } from "~/modules/auth/session.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { countRows, db, makeStaff } from "./factories";

const T0 = new Date("2026-06-01T08:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

it("issues an id.secret token with a 256-bit secret and stores only its SHA-256", async () => {
  const user = await makeStaff();
  const token = await createSession(db(), user.id, T0);
  const [id, secret] = token.split(".");
  expect(Buffer.from(secret, "base64url")).toHaveLength(32);
  const row = await db().selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  expect(Buffer.from(row.secret_hash).equals(createHash("sha256").update(secret).digest())).toBe(true);
  expect(JSON.stringify(row)).not.toContain(secret);
});

it("accepts the right secret and refuses a tampered one, a missing one and garbage", async () => {
  const user = await makeStaff();
  const token = await createSession(db(), user.id, T0);
  expect((await validateSessionToken(db(), token, T0))?.user.id).toBe(user.id);
  const [id, secret] = token.split(".");
  const flipped = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
  expect(await validateSessionToken(db(), `${id}.${flipped}`, T0)).toBeNull();
  expect(await validateSessionToken(db(), id, T0)).toBeNull();
  expect(await validateSessionToken(db(), "x.y.z", T0)).toBeNull();
  expect(await validateSessionToken(db(), "", T0)).toBeNull();
});

it("slides the idle expiry, refreshing last-verified at most hourly", async () => {
  const user = await makeStaff();
  const token = await createSession(db(), user.id, T0);
  const id = token.split(".")[0];
  const lastVerified = async () =>
    (
      await db().selectFrom("sessions").select("last_verified_at").where("id", "=", id).executeTakeFirstOrThrow()
    ).last_verified_at.toISOString();
  const lastSeen = async () =>
    (
      await db().selectFrom("users").select("last_seen_at").where("id", "=", user.id).executeTakeFirstOrThrow()
    ).last_seen_at?.toISOString() ?? null;

  expect(await validateSessionToken(db(), token, later(30 * 60_000))).not.toBeNull();
  expect(await lastVerified()).toBe(T0.toISOString());
  expect(await lastSeen()).toBeNull();
  expect(await validateSessionToken(db(), token, later(2 * HOUR))).not.toBeNull();
  expect(await lastVerified()).toBe(later(2 * HOUR).toISOString());
  expect(await lastSeen()).toBe(later(2 * HOUR).toISOString());
  // 13 days after the last use is still fine; the expiry slid with the use.
  expect(await validateSessionToken(db(), token, later(2 * HOUR + 13 * DAY))).not.toBeNull();
  // 14 days idle ends it and deletes it.
  expect(await validateSessionToken(db(), token, later(2 * HOUR + 13 * DAY + 14 * DAY))).toBeNull();
  expect(await db().selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
});

it("sweeps expired sessions and keeps live ones", async () => {
  const user = await makeStaff();
  const stale = await createSession(db(), user.id, T0);
  const live = await createSession(db(), user.id, later(10 * DAY));
  const before = await countRows("sessions");
  const swept = await sweepExpiredSessions(db(), later(15 * DAY));
  expect(swept).toBeGreaterThanOrEqual(1);
  // The count it reports is the rows it deleted (other tests' old sessions included).
  expect(swept).toBe(before - (await countRows("sessions")));
  const left = await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
  expect(left.map((r) => r.id)).toEqual([live.split(".")[0]]);
  // Swept means gone: the stale token fails even at a time it was still fresh.
  expect(await validateSessionToken(db(), stale, later(DAY))).toBeNull();
  expect((await validateSessionToken(db(), live, later(15 * DAY)))?.user.id).toBe(user.id);
});

it("a deactivated user's session stops working", async () => {
  const user = await makeStaff();
  const token = await createSession(db(), user.id, T0);
  await db().updateTable("users").set({ deactivated_at: T0 }).where("id", "=", user.id).execute();
  expect(await validateSessionToken(db(), token, later(1000))).toBeNull();
});

it("signs in with argon2id at OWASP parameters, a new session each time, one message for every failure", async () => {
  const user = await makeStaff();
  const hash = await hashPassword("correct horse battery");
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  await db().updateTable("users").set({ password_hash: hash }).where("id", "=", user.id).execute();

  const a = await signInWithPassword(db(), { email: user.email.toUpperCase(), password: "correct horse battery" }, T0);
  const b = await signInWithPassword(db(), { email: user.email, password: "correct horse battery" }, T0);
  expect(a.ok && b.ok && a.token !== b.token).toBe(true);

  const wrong = await signInWithPassword(db(), { email: user.email, password: "nope" }, T0);
  const unknown = await signInWithPassword(db(), { email: "nobody@nowhere.test", password: "nope" }, T0);
  expect(wrong).toEqual(unknown);
  expect(wrong.ok).toBe(false);
});
