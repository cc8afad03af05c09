// Reassigns a milestone to a contact of the same account or to an active
// staff member. Staff only; recorded with the previous and new owner.

import { type Actor, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { InputError } from "~/utils/errors.server";
import { lockMilestone } from "./lock-milestone.server";

export async function changeMilestoneOwner(
  db: DB,
  actor: Actor,
  milestoneId: string,
  ownerUserId: string,
  now: Date,
): Promise<{ changed: boolean; ownerName: string }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    const owner = isUuid(ownerUserId)
      ? await trx
          .selectFrom("users")
          .select(["id", "role", "account_id", "name"])
          .where("id", "=", ownerUserId)
          .where("deactivated_at", "is", null)
          .executeTakeFirst()
      : undefined;
    // A read-only viewer cannot mark anything done, so they cannot own a step either.
    const allowed = owner && (owner.role === "customer" ? owner.account_id === m.accountId : owner.role !== "viewer");
    if (!owner || !allowed) {
      throw new InputError("Choose a contact of this account or a member of your team.", "ownerId");
    }
    if (owner.id === m.ownerUserId) return { changed: false, ownerName: owner.name };
    // A milestone handed to a contact is the customer's to do, and vice versa.
    const side = owner.role === "customer" ? "customer" : "vendor";
    await trx
      .updateTable("journey_milestones")
      .set({ owner_user_id: owner.id, owner_side: side })
      .where("id", "=", m.id)
      .execute();
    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: m.journeyId,
        milestone_id: m.id,
        kind: "owner_changed",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ from: m.ownerUserId, to: owner.id, toName: owner.name }),
      })
      .execute();
    return { changed: true, ownerName: owner.name };
  });
}
