// Adds a milestone to one account's journey only: the playbook and every other
// journey stay as they are. Recorded as an "added" event on the timeline.

import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import type { AddMilestoneInput } from "./milestone-forms";

/**
 * Staff only, within the actor's accounts (404 otherwise). The stage must be
 * the current one or a later one: journeys only move forward, so a required
 * step added to a stage already passed would be work the journey had left behind.
 */
export async function addMilestone(
  db: DB,
  actor: Actor,
  accountId: string,
  input: AddMilestoneInput,
  now: Date,
): Promise<{ milestoneId: string }> {
  if (actor.role === "customer") throw new ForbiddenError("Only your customer success team can change this.");
  if (!isUuid(accountId)) throw new NotFoundError("No such account");
  return db.transaction().execute(async (trx) => {
    const journey = await trx
      .selectFrom("journeys")
      .innerJoin("accounts", "accounts.id", "journeys.account_id")
      .select(["journeys.id", "journeys.current_stage_position", "journeys.completed_at"])
      .where("accounts.id", "=", accountId)
      .where(accountScope(actor))
      .forUpdate()
      .executeTakeFirst();
    if (!journey) throw new NotFoundError("No such account");
    // A viewer sees every account (so this is no 404) but changes none.
    assertMayChange(actor);

    const stage = await trx
      .selectFrom("journey_stages")
      .select(["id", "name", "position"])
      .where("id", "=", input.stageId)
      .where("journey_id", "=", journey.id)
      .executeTakeFirst();
    if (!stage) throw new InputError("Choose a stage of this journey.", "stageId");
    if (journey.completed_at) {
      throw new InputError("This journey is complete, so no step can be added to it.", "stageId");
    }
    if (stage.position < journey.current_stage_position) {
      throw new InputError(
        `${stage.name} is already done. Add the step to the current stage or a later one.`,
        "stageId",
      );
    }

    const owner = await trx
      .selectFrom("users")
      .select(["id", "name", "role", "account_id", "team_function"])
      .where("id", "=", input.ownerId)
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
    // A viewer holds no work; a contact of another account is not this journey's.
    if (!owner || owner.role === "viewer" || (owner.role === "customer" && owner.account_id !== accountId)) {
      throw new InputError("Choose a contact of this account or a member of your team.", "ownerId");
    }
    const customerSide = owner.role === "customer";

    const last = await trx
      .selectFrom("journey_milestones")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("stage_id", "=", stage.id)
      .executeTakeFirst();
    const { id: milestoneId } = await trx
      .insertInto("journey_milestones")
      .values({
        journey_id: journey.id,
        stage_id: stage.id,
        position: (last?.position ?? 0) + 1,
        title: input.title,
        owner_side: customerSide ? "customer" : "vendor",
        // The role labels read it: a contact is "customer", staff by their function.
        owner_role: customerSide ? "customer" : (owner.team_function ?? "csm"),
        owner_user_id: owner.id,
        required: input.required,
        due_on: input.dueOn,
        added_by: actor.id,
        added_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: journey.id,
        milestone_id: milestoneId,
        kind: "added",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({
          stage: stage.name,
          dueOn: input.dueOn,
          required: input.required,
          ownerName: owner.name,
        }),
      })
      .execute();
    return { milestoneId };
  });
}
