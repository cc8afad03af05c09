// Appends one entry to a goal's history (goal_events), inside the caller's
// transaction so the change and its record land together. The goal's title
// goes with every entry, so the timeline reads as it was at the time.
import type { Transaction } from "kysely";
import type { Database, GoalEventKind } from "#db/schema";

export async function recordGoalEvent(
  trx: Transaction<Database>,
  event: {
    goal: { id: string; accountId: string; title: string };
    kind: GoalEventKind;
    actorId: string | null;
    data?: Record<string, unknown>;
  },
  now: Date,
): Promise<void> {
  await trx
    .insertInto("goal_events")
    .values({
      goal_id: event.goal.id,
      account_id: event.goal.accountId,
      kind: event.kind,
      actor_id: event.actorId,
      at: now,
      data: JSON.stringify({ title: event.goal.title, ...event.data }),
    })
    .execute();
}
