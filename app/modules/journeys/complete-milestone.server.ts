// Marks a milestone done, records who and when, and moves the journey on when
// that was the last required milestone of its stage, queueing the stage emails.
// One transaction.

import type { Actor } from "~/modules/accounts/access.server";
import type { QueueMode } from "~/modules/email/queue-emails.server";
import { queueStageEmails } from "~/modules/email/queue-stage-emails.server";
import { achieveLinkedGoal } from "~/modules/goals/save-goal.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError } from "~/utils/errors.server";
import { advanceJourney, type StageEntered } from "./advance-journey.server";
import { lockMilestone } from "./lock-milestone.server";

export interface CompleteResult {
  changed: boolean;
  entered: StageEntered[];
  /** The position of the stage this completion finished (the journey moved on from it or completed), or null. */
  finishedStage: number | null;
  /** The goal this step reached (it is now achieved), or null for a step not linked to one. */
  goalTitle: string | null;
}

/**
 * `ownerMayChange`: the milestone's named owner may complete it even outside
 * their accounts (a "Mark as done" link). `emails: "history"`: a seed writing
 * the past; its stage emails are kept, never sent. `goalResult`: for a step
 * linked to a goal, the result the person recorded in words (ignored otherwise).
 */
export async function completeMilestone(
  db: DB,
  actor: Actor,
  milestoneId: string,
  now: Date,
  options: { ownerMayChange?: boolean; emails?: QueueMode; goalResult?: string | null } = {},
): Promise<CompleteResult> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, {
      customerMayChange: true,
      ownerMayChange: options.ownerMayChange,
    });
    if (m.status === "done") return { changed: false, entered: [], finishedStage: null, goalTitle: null };
    // Not applicable is closed already; doing it anyway means bringing it back first.
    if (m.status === "not_applicable") {
      throw new ForbiddenError("This step was marked not needed, so there is nothing to mark done.");
    }

    await trx
      .updateTable("journey_milestones")
      .set({ status: "done", completed_at: now, completed_by: actor.id })
      .where("id", "=", m.id)
      .execute();
    const event = await trx
      .insertInto("milestone_events")
      .values({ journey_id: m.journeyId, milestone_id: m.id, kind: "completed", actor_id: actor.id, at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Time to first value: the first completion of a first-value step, set once; a reopen keeps it (ADR 036).
    await trx
      .updateTable("journeys")
      .set({ first_value_at: now, first_value_milestone_id: m.id })
      .where("id", "=", m.journeyId)
      .where("first_value_at", "is", null)
      .where((eb) =>
        eb.exists(
          eb.selectFrom("journey_milestones").select("id").where("id", "=", m.id).where("first_value", "=", true),
        ),
      )
      .execute();
    // The goal this step reaches is achieved in the same transaction, with its result.
    const goal = m.goalId
      ? await achieveLinkedGoal(
          trx,
          { goalId: m.goalId, actorId: actor.id, result: options.goalResult ?? null, milestone: m },
          now,
        )
      : null;
    const { entered, left } = await advanceJourney(trx, m.journeyId, now, String(event.id));
    await queueStageEmails(trx, entered, now, options.emails);
    return { changed: true, entered, finishedStage: left, goalTitle: goal?.goalTitle ?? null };
  });
}
