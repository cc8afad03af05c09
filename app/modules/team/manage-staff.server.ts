// Admins manage the vendor's team: invite staff (CSM, admin or read-only viewer),
// change roles and team functions, deactivate, and assign CSMs to accounts.
// The last active admin cannot be removed; a viewer never looks after an account.
import { sql, type Transaction } from "kysely";
import type { Database, TeamFunction } from "#db/schema";
import { type Actor, isUuid } from "~/modules/accounts/access.server";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import { issueInvitation } from "~/modules/auth/issue-invitation.server";
import { revokeAccess } from "~/modules/auth/revoke-access.server";
import { findInvitee, saveInvitee } from "~/modules/auth/save-invitee.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";

export const STAFF_ROLES = ["admin", "csm", "viewer"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
const ROLE_LABEL: Record<StaffRole, string> = {
  admin: "admin",
  csm: "customer success manager",
  viewer: "viewer (read-only)",
};
/** The roles that may look after an account or own its work; a viewer changes nothing. */
const WORKING_ROLES = ["admin", "csm"] as const;

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  teamFunction: TeamFunction | null;
  title: string | null;
  state: "active" | "invited" | "deactivated";
  accounts: number;
  lastSeenAt: string | null;
}

function mustBeAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new NotFoundError("No such page");
}

export async function listStaff(db: DB, actor: Actor): Promise<StaffRow[]> {
  mustBeAdmin(actor);
  const rows = await db
    .selectFrom("users as u")
    .select([
      "u.id",
      "u.name",
      "u.email",
      "u.role",
      "u.team_function",
      "u.job_title",
      "u.joined_at",
      "u.deactivated_at",
      "u.last_seen_at",
      sql<number>`(select count(*) from accounts a where a.csm_id = u.id)::int`.as("accounts"),
    ])
    .where("u.role", "<>", "customer")
    .orderBy("u.deactivated_at", (ob) => ob.desc().nullsFirst())
    .orderBy("u.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role as StaffRole,
    teamFunction: r.team_function,
    title: r.job_title,
    state: r.deactivated_at ? "deactivated" : r.joined_at ? "active" : "invited",
    accounts: r.accounts,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  }));
}

export async function listAccountsForAssignment(db: DB, actor: Actor) {
  mustBeAdmin(actor);
  return db.selectFrom("accounts").select(["id", "name", "csm_id"]).orderBy("name").execute();
}

async function lockStaff(trx: Transaction<Database>, userId: string) {
  if (!isUuid(userId)) throw new NotFoundError("No such person");
  // Admin changes are serialised, so two admins cannot demote each other at once.
  await sql`select pg_advisory_xact_lock(hashtextextended('staff-admins', 0))`.execute(trx);
  const u = await trx
    .selectFrom("users")
    .select(["id", "email", "role", "team_function", "deactivated_at"])
    .where("id", "=", userId)
    .where("role", "<>", "customer")
    .executeTakeFirst();
  if (!u) throw new NotFoundError("No such person");
  return u;
}

async function otherActiveAdmins(trx: Transaction<Database>, userId: string): Promise<number> {
  const r = await trx
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("deactivated_at", "is", null)
    .where("id", "<>", userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function inviteStaff(
  db: DB,
  actor: Actor & { name: string },
  input: { name: string; email: string; role: StaffRole; teamFunction?: TeamFunction | null; ip: string | null },
  now: Date,
): Promise<{ userId: string; reinvited: boolean }> {
  mustBeAdmin(actor);
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const existing = await findInvitee(trx, email);
    if (existing?.role === "customer") throw new InputError("That address belongs to a customer contact.", "email");
    if (existing?.joined_at && !existing.deactivated_at) {
      throw new InputError("That person is already on the team.", "email");
    }
    const userId = await saveInvitee(trx, existing?.id, {
      email,
      name: input.name,
      role: input.role,
      accountId: null,
      // Staff default to the CSM function as before; a viewer does no journey work unless told.
      teamFunction: input.teamFunction !== undefined ? input.teamFunction : input.role === "viewer" ? null : "csm",
    });
    await issueInvitation(
      trx,
      db,
      {
        user: { id: userId, email, accountId: null },
        inviter: actor,
        accountName: null,
        roleLabel: ROLE_LABEL[input.role],
        ip: input.ip,
      },
      now,
    );
    return { userId, reinvited: !!existing };
  });
}

export async function changeStaffRole(
  db: DB,
  actor: Actor,
  input: { userId: string; role: StaffRole; ip: string | null },
  now: Date,
): Promise<void> {
  mustBeAdmin(actor);
  await db.transaction().execute(async (trx) => {
    const u = await lockStaff(trx, input.userId);
    if (u.role === input.role) return;
    if (u.role === "admin" && !u.deactivated_at && (await otherActiveAdmins(trx, u.id)) === 0) {
      throw new ForbiddenError("The portal needs at least one admin; make someone else an admin first.");
    }
    if (input.role === "viewer") await mustHoldNoWork(trx, u.id);
    await trx.updateTable("users").set({ role: input.role }).where("id", "=", u.id).execute();
    await recordAuditEvent(
      trx,
      {
        kind: "role_changed",
        actorId: actor.id,
        subjectUserId: u.id,
        email: u.email,
        ip: input.ip,
        detail: { from: u.role, to: input.role },
      },
      now,
    );
  });
}

/**
 * A viewer cannot act, so work left with them would stall: their accounts and
 * open milestones go to someone else first, and the admin is told how many.
 */
async function mustHoldNoWork(trx: Transaction<Database>, userId: string): Promise<void> {
  const r = await sql<{ accounts: number; milestones: number }>`
    select (select count(*) from accounts where csm_id = ${userId} and archived_at is null)::int as accounts,
      (select count(*) from journey_milestones where owner_user_id = ${userId} and status = 'open')::int
        as milestones`
    .execute(trx)
    .then((q) => q.rows[0]);
  const held = [
    r.accounts ? `${r.accounts} account${r.accounts === 1 ? "" : "s"}` : "",
    r.milestones ? `${r.milestones} open milestone${r.milestones === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  if (held.length > 0) {
    throw new InputError(
      `A viewer cannot look after work. Hand over their ${held.join(" and ")} to someone else first.`,
      "role",
    );
  }
}

/** Sets what a staff member does (sales, onboarding…), so journeys can name real owners. */
export async function changeTeamFunction(
  db: DB,
  actor: Actor,
  input: { userId: string; teamFunction: TeamFunction | null; ip: string | null },
  now: Date,
): Promise<{ changed: boolean }> {
  mustBeAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const u = await lockStaff(trx, input.userId);
    if (u.team_function === input.teamFunction) return { changed: false };
    await trx.updateTable("users").set({ team_function: input.teamFunction }).where("id", "=", u.id).execute();
    // Not access as such, but it decides whose name goes on new journeys' steps: worth a trace.
    await recordAuditEvent(
      trx,
      {
        kind: "team_function_changed",
        actorId: actor.id,
        subjectUserId: u.id,
        email: u.email,
        ip: input.ip,
        detail: { from: u.team_function, to: input.teamFunction },
      },
      now,
    );
    return { changed: true };
  });
}

export async function deactivateStaff(
  db: DB,
  actor: Actor,
  input: { userId: string; ip: string | null },
  now: Date,
): Promise<void> {
  mustBeAdmin(actor);
  await db.transaction().execute(async (trx) => {
    const u = await lockStaff(trx, input.userId);
    if (u.deactivated_at) return;
    if (u.id === actor.id) throw new ForbiddenError("You cannot deactivate yourself; ask another admin.");
    if (u.role === "admin" && (await otherActiveAdmins(trx, u.id)) === 0) {
      throw new ForbiddenError("The portal needs at least one admin.");
    }
    await revokeAccess(
      trx,
      { actorId: actor.id, user: { id: u.id, email: u.email }, ip: input.ip, reason: "staff deactivated" },
      now,
    );
  });
}

export async function assignCsm(
  db: DB,
  actor: Actor,
  input: { accountId: string; csmId: string | null },
): Promise<void> {
  mustBeAdmin(actor);
  if (!isUuid(input.accountId) || (input.csmId !== null && !isUuid(input.csmId)))
    throw new NotFoundError("No such account or person");
  if (input.csmId) {
    const csm = await db
      .selectFrom("users")
      .select("id")
      .where("id", "=", input.csmId)
      .where("role", "in", WORKING_ROLES)
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
    if (!csm) throw new InputError("Choose an active CSM or admin; a viewer cannot look after an account.", "csmId");
  }
  const r = await db
    .updateTable("accounts")
    .set({ csm_id: input.csmId })
    .where("id", "=", input.accountId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError("No such account");
}
