// Adds a note to a milestone's history. Staff only.

import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { lockMilestone } from "./lock-milestone.server";

export async function addMilestoneNote(
  db: DB,
  actor: Actor,
  milestoneId: string,
  text: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: m.journeyId,
        milestone_id: m.id,
        kind: "note",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ text }),
      })
      .execute();
  });
}
