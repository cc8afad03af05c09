// Puts a closed milestone (done, or not applicable) back on the plan as open
// work and records why on the timeline. The journey never moves backwards.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { LockedMilestone } from "./lock-milestone.server";

/** Within the caller's transaction, on a milestone it has locked. */
export async function returnToOpen(
  trx: Transaction<Database>,
  m: Pick<LockedMilestone, "id" | "journeyId">,
  event: { kind: "reopened" | "applicable_again"; actorId: string; at: Date },
): Promise<void> {
  await trx
    .updateTable("journey_milestones")
    .set({ status: "open", completed_at: null, completed_by: null, not_applicable_reason: null })
    .where("id", "=", m.id)
    .execute();
  await trx
    .insertInto("milestone_events")
    .values({ journey_id: m.journeyId, milestone_id: m.id, kind: event.kind, actor_id: event.actorId, at: event.at })
    .execute();
}
