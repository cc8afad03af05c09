// Writes one comment, on a step or on a goal, inside the caller's transaction once it has found
// the subject within the actor's accounts: the comment, the people of the account it mentions,
// and the notices it owes them (ADR 033, 038). The caller adds its own timeline event.
import { sql, type Transaction } from "kysely";
import type { CommentNoticeReason, Database } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import { InputError } from "~/utils/errors.server";
import { COMMENT_MAX, mentionedEmails } from "./comment-forms";

/** What the comment is on, as its caller found it. */
export interface CommentSubject {
  accountId: string;
  csmId: string | null;
  /** Exactly one of these: a step of a journey, or a goal. */
  on: { milestoneId: string; journeyId: string } | { goalId: string };
  /** Who owns it, told as its owner; null when nobody does (a goal). */
  ownerId: string | null;
}

export interface AddedComment {
  commentId: string;
  /** The people of the account the comment mentions; an address outside it is left as plain text. */
  mentioned: { id: string; name: string }[];
  /** Who will be told, by id (never the author). */
  notified: string[];
  /** The body as saved (trimmed). */
  body: string;
}

/** What a timeline keeps of a comment. */
export function commentExcerpt(body: string): string {
  return body.length > 280 ? `${body.slice(0, 279)}…` : body;
}

export async function writeComment(
  trx: Transaction<Database>,
  actor: Actor,
  subject: CommentSubject,
  text: string,
  now: Date,
  /** "history": the demo's past comments, which owe nobody an email. */
  options: { notices?: "queue" | "history" } = {},
): Promise<AddedComment> {
  const body = text.trim();
  if (body.length === 0) throw new InputError("Write a comment.", "body");
  if (body.length > COMMENT_MAX) throw new InputError(`Keep the comment under ${COMMENT_MAX} characters.`, "body");

  const on =
    "goalId" in subject.on
      ? { goal_id: subject.on.goalId, journey_id: null, milestone_id: null }
      : { goal_id: null, journey_id: subject.on.journeyId, milestone_id: subject.on.milestoneId };
  const comment = await trx
    .insertInto("milestone_comments")
    .values({ ...on, author_id: actor.id, body, created_at: now })
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
            eb.and([eb("u.role", "=", "customer"), eb("u.account_id", "=", subject.accountId)]),
            subject.csmId ? eb("u.id", "=", subject.csmId) : eb.lit(false),
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

  // The owner, the CSM, and those mentioned, never the author.
  const reasons = new Map<string, CommentNoticeReason[]>();
  const add = (userId: string | null, reason: CommentNoticeReason) => {
    if (!userId || userId === actor.id) return;
    reasons.set(userId, [...(reasons.get(userId) ?? []), reason]);
  };
  add(subject.ownerId, "owner");
  add(subject.csmId, "csm");
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
  return { commentId: comment.id, mentioned, notified: [...reasons.keys()], body };
}
