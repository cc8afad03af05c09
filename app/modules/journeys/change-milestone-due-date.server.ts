// Moves a milestone's due date. Staff only; recorded with both dates. A date
// before today is accepted (a CSM may backdate) but reported, so the page can
// say the step now shows as overdue.

import type { Actor } from "~/modules/accounts/access.server";
import { todayIn } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import { lockMilestone } from "./lock-milestone.server";

export async function changeMilestoneDueDate(
  db: DB,
  actor: Actor,
  milestoneId: string,
  dueOn: string,
  now: Date,
): Promise<{ changed: boolean; inPast: boolean }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    const inPast = dueOn < todayIn(m.timezone, now);
    if (m.dueOn === dueOn) return { changed: false, inPast };
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
    return { changed: true, inPast };
  });
}
