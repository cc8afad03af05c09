// Adds a comment to a milestone of an account the actor may see: the comment, the
// people it mentions, the notices it owes and its timeline event, in one transaction.
import { sql } from "kysely";
import type { CommentNoticeReason } from "#db/schema";
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { COMMENT_MAX, mentionedEmails } from "./comment-forms";

export interface AddedComment {
  commentId: string;
  /** The people of the account the comment mentions; an address outside it is left as plain text. */
  mentioned: { id: string; name: string }[];
  /** Who will be told, by id (never the author). */
  notified: string[];
}

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
  const body = text.trim();
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
    if (body.length === 0) throw new InputError("Write a comment.", "body");
    if (body.length > COMMENT_MAX) throw new InputError(`Keep the comment under ${COMMENT_MAX} characters.`, "body");

    const comment = await trx
      .insertInto("milestone_comments")
      .values({ journey_id: m.journey_id, milestone_id: m.id, author_id: actor.id, body, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();

    // Only the account's people: its active contacts, its CSM and admins. Anyone
    // else's address is ignored, so a comment never tells whether they exist.
    const emails = mentionedEmails(body);
    const mentioned = emails.length
      ? await trx
          .selectFrom("users as u")
          .select(["u.id", "u.name"])
          .where(sql<boolean>`lower(u.email) = any(${emails}::text[])`)
          .where("u.deactivated_at", "is", null)
          .where("u.joined_at", "is not", null)
          .where((eb) =>
            eb.or([
              eb.and([eb("u.role", "=", "customer"), eb("u.account_id", "=", m.account_id)]),
              m.csm_id ? eb("u.id", "=", m.csm_id) : eb.lit(false),
              eb("u.role", "=", "admin"),
            ]),
          )
          .orderBy("u.name")
          .execute()
      : [];
    if (mentioned.length) {
      await trx
        .insertInto("comment_mentions")
        .values(mentioned.map((u) => ({ comment_id: comment.id, user_id: u.id })))
        .execute();
    }

    // The step's owner (a vendor step without a named owner is the CSM's), the CSM, and those mentioned.
    const reasons = new Map<string, CommentNoticeReason[]>();
    const add = (userId: string | null, reason: CommentNoticeReason) => {
      if (!userId || userId === actor.id) return;
      reasons.set(userId, [...(reasons.get(userId) ?? []), reason]);
    };
    add(m.owner_user_id ?? (m.owner_side === "vendor" ? m.csm_id : null), "owner");
    add(m.csm_id, "csm");
    for (const u of mentioned) add(u.id, "mention");
    if (options.notices === "history") reasons.clear();
    if (reasons.size) {
      await trx
        .insertInto("comment_notices")
        .values(
          [...reasons].map(([userId, why]) => ({
            comment_id: comment.id,
            user_id: userId,
            reasons: why,
            created_at: now,
          })),
        )
        .execute();
    }

    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: m.journey_id,
        milestone_id: m.id,
        kind: "commented",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ commentId: comment.id, text: body.length > 280 ? `${body.slice(0, 279)}…` : body }),
      })
      .execute();
    return { commentId: comment.id, mentioned, notified: [...reasons.keys()] };
  });
}
