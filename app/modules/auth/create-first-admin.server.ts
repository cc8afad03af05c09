// The first run: while no active admin exists, a one-time setup link (printed by
// `npm start`) or `npm run admin:create` creates the first admin; then both stop.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { issueDeviceToken } from "./device-trust.server";
import { ALREADY_SET_UP, STALE_SETUP_LINK } from "./first-admin-fields";
import { INVITATION_DAYS } from "./issue-invitation.server";
import { hashOneTimeToken, looksLikeToken, newOneTimeToken } from "./one-time-token.server";
import { hashPassword } from "./password.server";
import { createSession } from "./session.server";

/** Where the setup link's SHA-256 is kept (app_secrets): only one link works at a time. */
const SETUP_SECRET = "first_admin_setup";
// Serialises every first-admin command across processes (two browsers, the
// shell and a browser), so exactly one of them creates the admin.
const FIRST_ADMIN_LOCK = 0x77_70_01;

type Db = DB | Transaction<Database>;

/** Whether the portal still waits for its first admin: no admin who is not deactivated. */
export async function needsFirstAdmin(db: Db): Promise<boolean> {
  const admin = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "admin")
    .where("deactivated_at", "is", null)
    .limit(1)
    .executeTakeFirst();
  return !admin;
}

/**
 * A fresh setup link's token while the portal needs its first admin, or null.
 * Each start replaces the previous link, so a link seen in an old log stops working.
 */
export async function issueSetupToken(db: DB): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await lockFirstAdmin(trx);
    if (!(await needsFirstAdmin(trx))) {
      await trx.deleteFrom("app_secrets").where("name", "=", SETUP_SECRET).execute();
      return null;
    }
    const { token, hash } = newOneTimeToken();
    await trx
      .insertInto("app_secrets")
      .values({ name: SETUP_SECRET, value: hash.toString("hex") })
      .onConflict((oc) => oc.column("name").doUpdateSet({ value: hash.toString("hex") }))
      .execute();
    return token;
  });
}

/** What the setup page shows for a token: the form, a stale link, or nothing left to set up. */
export async function describeSetupLink(db: DB, token: unknown): Promise<"valid" | "stale" | "done"> {
  if (!(await needsFirstAdmin(db))) return "done";
  if (!looksLikeToken(token)) return "stale";
  const row = await db
    .selectFrom("app_secrets")
    .select("value")
    .where("name", "=", SETUP_SECRET)
    .where("value", "=", hashOneTimeToken(token).toString("hex"))
    .executeTakeFirst();
  return row ? "valid" : "stale";
}

export interface FirstAdminInput {
  name: string;
  email: string;
  /** Null: the admin signs in with emailed links instead. */
  password: string | null;
}

/**
 * The setup link's POST: spends the link, creates the admin and signs this
 * browser in, in one transaction. Throws NotFoundError once an admin exists and
 * InputError for a stale link or an address already in use.
 */
export async function createFirstAdmin(
  db: DB,
  token: unknown,
  input: FirstAdminInput & { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<{ userId: string; session: string; deviceToken: string }> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const created = await db.transaction().execute(async (trx) => {
    await lockFirstAdmin(trx);
    if (!(await needsFirstAdmin(trx))) throw new NotFoundError(ALREADY_SET_UP);
    const spent = looksLikeToken(token)
      ? await trx
          .deleteFrom("app_secrets")
          .where("name", "=", SETUP_SECRET)
          .where("value", "=", hashOneTimeToken(token).toString("hex"))
          .returning("name")
          .executeTakeFirst()
      : undefined;
    if (!spent) throw new InputError(STALE_SETUP_LINK, "token");
    const userId = await insertAdmin(trx, input, { passwordHash, joined: true, via: "setup_link", ip: input.ip }, now);
    const session = await createSession(trx, userId, now, input.userAgent);
    return { userId, session };
  });
  // Creating the admin trusts this browser, as a sign-in does (ADR 014).
  const deviceToken = await issueDeviceToken(db, created.userId, now);
  return { ...created, deviceToken };
}

/**
 * `npm run admin:create`: the first admin from a shell. With a password they
 * sign in at /login; without one they get an invitation link (7 days) to open,
 * which is printed rather than emailed since email may not be set up yet.
 * Throws InputError once an admin exists or when the address is in use.
 */
export async function createFirstAdminFromShell(
  db: DB,
  input: FirstAdminInput,
  now: Date,
): Promise<{ userId: string; invitationToken: string | null }> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction().execute(async (trx) => {
    await lockFirstAdmin(trx);
    if (!(await needsFirstAdmin(trx))) {
      throw new InputError("Waypoint already has an admin. Invite more people from Team (/admin/team).");
    }
    // The printed setup link would create a second admin: it stops here.
    await trx.deleteFrom("app_secrets").where("name", "=", SETUP_SECRET).execute();
    const userId = await insertAdmin(
      trx,
      input,
      { passwordHash, joined: !!passwordHash, via: "command_line", ip: null },
      now,
    );
    if (passwordHash) return { userId, invitationToken: null };
    const { token, hash } = newOneTimeToken();
    await trx
      .insertInto("auth_tokens")
      .values({
        kind: "invitation",
        user_id: userId,
        token_hash: hash,
        created_by: null,
        created_at: now,
        expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      })
      .execute();
    await trx.updateTable("users").set({ invited_at: now }).where("id", "=", userId).execute();
    return { userId, invitationToken: token };
  });
}

async function lockFirstAdmin(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`.execute(trx);
}

async function insertAdmin(
  trx: Transaction<Database>,
  input: FirstAdminInput,
  how: { passwordHash: string | null; joined: boolean; via: "setup_link" | "command_line"; ip: string | null },
  now: Date,
): Promise<string> {
  const email = input.email.trim().toLowerCase();
  // Only a deactivated admin or other people can exist here; none may be taken over.
  const taken = await trx
    .selectFrom("users")
    .select("id")
    .where(sql<string>`lower(email)`, "=", email)
    .executeTakeFirst();
  if (taken) throw new InputError("That email address already belongs to someone in Waypoint.", "email");
  const user = await trx
    .insertInto("users")
    .values({
      email,
      name: input.name.trim(),
      role: "admin",
      team_function: null,
      job_title: null,
      account_id: null,
      password_hash: how.passwordHash,
      created_at: now,
      last_seen_at: how.joined ? now : null,
      joined_at: how.joined ? now : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(
    trx,
    {
      kind: "first_admin_created",
      actorId: how.joined ? user.id : null,
      subjectUserId: user.id,
      email,
      ip: how.ip,
      detail: { via: how.via, passwordSet: !!how.passwordHash },
    },
    now,
  );
  return user.id;
}
