// Moves a milestone's due date. Staff only; recorded with both dates.

import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { lockMilestone } from "./lock-milestone.server";

export async function changeMilestoneDueDate(
  db: DB,
  actor: Actor,
  milestoneId: string,
  dueOn: string,
  now: Date,
): Promise<{ changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    if (m.dueOn === dueOn) return { changed: false };
    await trx.updateTable("journey_milestones").set({ due_on: dueOn }).where("id", "=", m.id).execute();
    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: m.journeyId,
        milestone_id: m.id,
        kind: "due_date_changed",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ from: m.dueOn, to: dueOn }),
      })
      .execute();
    return { changed: true };
  });
}
