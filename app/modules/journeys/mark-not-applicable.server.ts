// Marks a milestone "not applicable" for this account, with the reason, and
// brings it back. Not applicable counts as closed: it no longer holds its stage
// back, so marking one can move the journey on exactly as completing it would.

import type { Actor } from "~/modules/accounts/access.server";
import { queueStageEmails } from "~/modules/email/queue-stage-emails.server";
import type { DB } from "~/utils/db.server";
import { InputError } from "~/utils/errors.server";
import { advanceJourney, type StageEntered } from "./advance-journey.server";
import { lockMilestone } from "./lock-milestone.server";
import { returnToOpen } from "./return-to-open.server";

/** Staff only. An open milestone becomes not applicable; a done one must be reopened first. */
export async function markNotApplicable(
  db: DB,
  actor: Actor,
  milestoneId: string,
  reason: string,
  now: Date,
): Promise<{ changed: boolean; entered: StageEntered[] }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    if (m.status === "not_applicable") return { changed: false, entered: [] };
    if (m.status === "done") {
      throw new InputError("This step is already done. Reopen it first if it does not apply.", "reason");
    }
    await trx
      .updateTable("journey_milestones")
      .set({ status: "not_applicable", not_applicable_reason: reason })
      .where("id", "=", m.id)
      .execute();
    const event = await trx
      .insertInto("milestone_events")
      .values({
        journey_id: m.journeyId,
        milestone_id: m.id,
        kind: "not_applicable",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ reason }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { entered } = await advanceJourney(trx, m.journeyId, now, String(event.id));
    await queueStageEmails(trx, entered, now);
    return { changed: true, entered };
  });
}

/**
 * Staff only. The milestone is open work again. Like reopening, this never
 * moves the journey back to an earlier stage.
 */
export async function markApplicableAgain(
  db: DB,
  actor: Actor,
  milestoneId: string,
  now: Date,
): Promise<{ changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    if (m.status !== "not_applicable") return { changed: false };
    await returnToOpen(trx, m, { kind: "applicable_again", actorId: actor.id, at: now });
    return { changed: true };
  });
}
