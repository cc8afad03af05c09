// Adds a comment to a success goal of an account the actor may see (issue 12 §2): customers
// of the account and its staff alike. The comment, its mentions and notices (writeComment, as
// for a step's) and its goal event for the timeline, in one transaction (ADR 038).
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import { type AddedComment, commentExcerpt, writeComment } from "~/modules/comments/write-comment.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { recordGoalEvent } from "./record-goal-event.server";

export async function addGoalComment(
  db: DB,
  actor: Actor,
  goalId: string,
  text: string,
  now: Date,
): Promise<AddedComment> {
  if (!isUuid(goalId)) throw new NotFoundError("No such goal");
  return db.transaction().execute(async (trx) => {
    const g = await trx
      .selectFrom("account_goals as g")
      .innerJoin("accounts", "accounts.id", "g.account_id")
      .select(["g.id", "g.title", "accounts.id as account_id", "accounts.csm_id"])
      .where("g.id", "=", goalId)
      .where(accountScope(actor))
      .executeTakeFirst();
    if (!g) throw new NotFoundError("No such goal");
    assertMayChange(actor);

    // A goal has no owner: its CSM is told, and anyone the comment mentions.
    const added = await writeComment(
      trx,
      actor,
      { accountId: g.account_id, csmId: g.csm_id, on: { goalId: g.id }, ownerId: null },
      text,
      now,
    );
    await recordGoalEvent(
      trx,
      {
        goal: { id: g.id, accountId: g.account_id, title: g.title },
        kind: "commented",
        actorId: actor.id,
        data: { commentId: added.commentId, text: commentExcerpt(added.body) },
      },
      now,
    );
    return added;
  });
}
