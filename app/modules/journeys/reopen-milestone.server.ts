// Reopens a completed milestone. The journey never moves backwards; the
// reopening is recorded so the timeline shows it.

import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { lockMilestone } from "./lock-milestone.server";

export async function reopenMilestone(
  db: DB,
  actor: Actor,
  milestoneId: string,
  now: Date,
): Promise<{ changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: true });
    // Only a done milestone reopens; a not-applicable one is brought back by its own command.
    if (m.status !== "done") return { changed: false };
    await trx
      .updateTable("journey_milestones")
      .set({ status: "open", completed_at: null, completed_by: null })
      .where("id", "=", m.id)
      .execute();
    await trx
      .insertInto("milestone_events")
      .values({ journey_id: m.journeyId, milestone_id: m.id, kind: "reopened", actor_id: actor.id, at: now })
      .execute();
    return { changed: true };
  });
}
