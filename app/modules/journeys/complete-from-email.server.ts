// "Mark as done" from a nudge email: the signed link names the person and the
// milestone. GET only describes it; the POST completes it as that person, who
// must be the milestone's named owner or someone who may see its account.
import { type Actor, accountScope } from "~/modules/accounts/access.server";
import type { DoneClaims } from "~/modules/email/signed-links.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors.server";
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

/** Said when the link's person neither owns the step nor may see its account. */
export const NOT_YOURS = "This step is not yours to mark done. Sign in to see the steps you own.";

export async function describeDoneLink(db: DB, claims: DoneClaims): Promise<DoneLinkView> {
  const actor = await actorFor(db, claims);
  const m = await db
    .selectFrom("journey_milestones as m")
    .innerJoin("journeys as j", "j.id", "m.journey_id")
    .innerJoin("accounts", "accounts.id", "j.account_id")
    .leftJoin("users as c", "c.id", "m.completed_by")
    .select((eb) => [
      "m.title",
      "m.status",
      "m.completed_at",
      "accounts.name as account_name",
      "c.name as completed_by_name",
      eb.or([accountScope(actor)(eb), eb("m.owner_user_id", "=", actor.id)]).as("allowed"),
    ])
    .where("m.id", "=", claims.m)
    .executeTakeFirst();
  if (!m) throw new NotFoundError("This link is no longer valid.");
  // A staff owner who is not the account's CSM cannot open the account, but
  // owns the step: the link works for them (and for no one else outside it).
  if (!m.allowed) throw new ForbiddenError(NOT_YOURS);
  return {
    milestoneTitle: m.title,
    accountName: m.account_name,
    personName: actor.name,
    done: m.status === "done" ? { byName: m.completed_by_name, at: m.completed_at!.toISOString() } : null,
  };
}

export async function completeFromEmail(db: DB, claims: DoneClaims, now: Date) {
  const actor = await actorFor(db, claims);
  try {
    return await completeMilestone(db, actor, claims.m, now, { ownerMayChange: true });
  } catch (e) {
    // Outside the person's accounts and not theirs: say so, not "no such step".
    if (e instanceof NotFoundError && (await milestoneExists(db, claims.m))) throw new ForbiddenError(NOT_YOURS);
    throw e;
  }
}

async function milestoneExists(db: DB, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom("journey_milestones").select("id").where("id", "=", id).executeTakeFirst());
}
