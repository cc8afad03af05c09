// Adds a comment to a milestone of an account the actor may see: the comment, the people it
// mentions and the notices it owes (writeComment), and its timeline event, in one transaction.
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import { type AddedComment, commentExcerpt, writeComment } from "~/modules/comments/write-comment.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";

export type { AddedComment };

export async function addMilestoneComment(
  db: DB,
  actor: Actor,
  milestoneId: string,
  text: string,
  now: Date,
  /** "history": the demo's past comments, which owe nobody an email. */
  options: { notices?: "queue" | "history" } = {},
): Promise<AddedComment> {
  if (!isUuid(milestoneId)) throw new NotFoundError("No such milestone");
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom("journey_milestones as m")
      .innerJoin("journeys as j", "j.id", "m.journey_id")
      .innerJoin("accounts", "accounts.id", "j.account_id")
      .select([
        "m.id",
        "m.journey_id",
        "m.owner_user_id",
        "m.owner_side",
        "accounts.id as account_id",
        "accounts.csm_id",
      ])
      .where("m.id", "=", milestoneId)
      .where(accountScope(actor))
      // An internal step does not exist for the customer (ADR 036).
      .$if(actor.role === "customer", (q) => q.where("m.visibility", "=", "customer"))
      .executeTakeFirst();
    if (!m) throw new NotFoundError("No such milestone");
    assertMayChange(actor);

    const added = await writeComment(
      trx,
      actor,
      {
        accountId: m.account_id,
        csmId: m.csm_id,
        on: { milestoneId: m.id, journeyId: m.journey_id },
        // A vendor step without a named owner is the CSM's.
        ownerId: m.owner_user_id ?? (m.owner_side === "vendor" ? m.csm_id : null),
      },
      text,
      now,
      options,
    );
    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: m.journey_id,
        milestone_id: m.id,
        kind: "commented",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ commentId: added.commentId, text: commentExcerpt(added.body) }),
      })
      .execute();
    return added;
  });
}
