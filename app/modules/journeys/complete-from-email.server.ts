// "Mark as done" from a nudge email: the signed link names the person and the
// milestone. GET only describes it; the POST completes it as that person.
import { type Actor, accountScope } from "~/modules/accounts/access.server";
import type { DoneClaims } from "~/modules/email/signed-links.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { completeMilestone } from "./complete-milestone.server";

export interface DoneLinkView {
  milestoneTitle: string;
  accountName: string;
  personName: string;
  done: { byName: string | null; at: string } | null;
}

async function actorFor(db: DB, claims: DoneClaims): Promise<Actor & { name: string }> {
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "account_id", "name"])
    .where("id", "=", claims.u)
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("This link is no longer valid.");
  return { id: user.id, role: user.role, accountId: user.account_id, name: user.name };
}

export async function describeDoneLink(db: DB, claims: DoneClaims): Promise<DoneLinkView> {
  const actor = await actorFor(db, claims);
  const m = await db
    .selectFrom("journey_milestones as m")
    .innerJoin("journeys as j", "j.id", "m.journey_id")
    .innerJoin("accounts", "accounts.id", "j.account_id")
    .leftJoin("users as c", "c.id", "m.completed_by")
    .select(["m.title", "m.status", "m.completed_at", "accounts.name as account_name", "c.name as completed_by_name"])
    .where("m.id", "=", claims.m)
    .where(accountScope(actor))
    .executeTakeFirst();
  if (!m) throw new NotFoundError("This link is no longer valid.");
  return {
    milestoneTitle: m.title,
    accountName: m.account_name,
    personName: actor.name,
    done: m.status === "done" ? { byName: m.completed_by_name, at: m.completed_at!.toISOString() } : null,
  };
}

export async function completeFromEmail(db: DB, claims: DoneClaims, now: Date) {
  const actor = await actorFor(db, claims);
  return completeMilestone(db, actor, claims.m, now);
}
