// Moves a journey forward when the required milestones of its current stage are
// done. Forward-only, and each stage is entered exactly once (a unique constraint).
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { setStageEntryDueDates } from "./copy-version-milestones.server";

export interface StageEntered {
  journeyId: string;
  stageId: string;
  stagePosition: number;
  stageName: string;
  fromStageId: string | null;
  enteredAt: Date;
  causeEventId: string | null;
}

export interface Advance {
  /** The stages this call entered, in order. */
  entered: StageEntered[];
  /** The position of the stage the journey was in, if this call moved it on or completed it. */
  left: number | null;
}

/**
 * Call inside the transaction that changed milestones, after locking the
 * journey row (`for update`). Returns the stages this call entered, so the
 * caller writes what an entry causes (the lifecycle emails) in the same
 * transaction as the change that caused it, and the stage it left, so a page can say so.
 */
export async function advanceJourney(
  trx: Transaction<Database>,
  journeyId: string,
  now: Date,
  causeEventId: string | null,
): Promise<Advance> {
  const journey = await trx
    .selectFrom("journeys")
    .select(["current_stage_position", "completed_at"])
    .where("id", "=", journeyId)
    .executeTakeFirstOrThrow();

  const stages = await trx
    .selectFrom("journey_stages as s")
    .select([
      "s.id",
      "s.position",
      "s.name",
      sql<boolean>`exists (select 1 from journey_milestones m
        where m.stage_id = s.id and m.required and m.status = 'open')`.as("has_open_required"),
    ])
    .where("s.journey_id", "=", journeyId)
    .orderBy("s.position")
    .execute();
  if (stages.length === 0) return { entered: [], left: null };

  const current = journey.current_stage_position;
  // Open work behind the journey (a step reopened, or added by an upgrade to a passed stage)
  // neither pulls it back nor holds it: only the current stage and later ones decide (ADR 036).
  const firstOpen = stages.find((s) => s.has_open_required && s.position >= current);
  const last = stages[stages.length - 1];
  const target = firstOpen ? firstOpen.position : last.position;
  const entered: StageEntered[] = [];

  let from = stages.find((s) => s.position === current) ?? null;
  for (const stage of stages) {
    if (stage.position <= current || stage.position > target) continue;
    const inserted = await trx
      .insertInto("stage_transitions")
      .values({
        journey_id: journeyId,
        stage_id: stage.id,
        from_stage_id: from?.id ?? null,
        entered_at: now,
        cause_event_id: causeEventId,
      })
      .onConflict((oc) => oc.constraint("stage_transitions_once_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) {
      entered.push({
        journeyId,
        stageId: stage.id,
        stagePosition: stage.position,
        stageName: stage.name,
        fromStageId: from?.id ?? null,
        enteredAt: now,
        causeEventId,
      });
      await trx.updateTable("journey_stages").set({ entered_at: now }).where("id", "=", stage.id).execute();
      await setStageEntryDueDates(trx, stage.id, now);
    }
    from = stage;
  }

  const completeNow = !firstOpen && !journey.completed_at;
  const moved = target > current || completeNow;
  if (moved) {
    await trx
      .updateTable("journeys")
      .set({
        current_stage_position: Math.max(target, current),
        ...(completeNow ? { completed_at: now } : {}),
      })
      .where("id", "=", journeyId)
      .execute();
  }
  // A journey starting (position 0) has left no stage.
  return { entered, left: moved && current > 0 ? current : null };
}
