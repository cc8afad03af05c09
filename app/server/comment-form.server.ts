// The HTTP side of the comment forms on a milestone (journey and account pages) and on a goal
// (journey and goals pages): parses one, adds the comment as the caller, and answers beside it.
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Actor } from "~/modules/accounts/access.server";
import { COMMENT_FORM_FIELDS, commentForm, goalCommentForm } from "~/modules/comments/comment-forms";
import type { AddedComment } from "~/modules/comments/write-comment.server";
import { addGoalComment } from "~/modules/goals/add-goal-comment.server";
import { addMilestoneComment } from "~/modules/journeys/add-milestone-comment.server";
import { getDb } from "~/utils/db.server";
import type { FormAnswer } from "~/utils/form-answer";
import { invalidForm, refusal, refuse, unreadableForm } from "./form-answer.server";

/** The form's intent, read from a copy of the request so the page's own form handler can still read it. */
export async function postedIntent(request: Request): Promise<string | null> {
  try {
    const intent = (await request.clone().formData()).get("intent");
    return typeof intent === "string" ? intent : null;
  } catch {
    return null;
  }
}

interface CommentKind {
  intent: string;
  idField: string;
  schema: z.ZodType<{ body: string } & Record<string, string>>;
  add: (actor: Actor, id: string, body: string, now: Date) => Promise<AddedComment>;
  notFound: string;
}

const MILESTONE: CommentKind = {
  ...COMMENT_FORM_FIELDS.milestone,
  schema: commentForm,
  add: (actor, id, body, now) => addMilestoneComment(getDb(), actor, id, body, now),
  notFound: "That milestone was not found.",
};

const GOAL: CommentKind = {
  ...COMMENT_FORM_FIELDS.goal,
  schema: goalCommentForm,
  add: (actor, id, body, now) => addGoalComment(getDb(), actor, id, body, now),
  notFound: "That goal was not found.",
};

/**
 * 400 for an empty or too long comment, 403 for a read-only viewer; a step or goal outside the
 * caller's accounts is a 404 page, whether or not it exists.
 */
async function answerComment(request: Request, actor: Actor, kind: CommentKind) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return unreadableForm();
  }
  const raw = Object.fromEntries([...form].filter(([, v]) => typeof v === "string"));
  const target = typeof raw[kind.idField] === "string" ? String(raw[kind.idField]) : undefined;
  const parsed = kind.schema.safeParse(raw);
  if (!parsed.success) return invalidForm(parsed.error, target);
  const id = parsed.data[kind.idField];
  try {
    const added = await kind.add(actor, id, parsed.data.body, new Date());
    const names = added.mentioned.map((u) => u.name);
    const message = names.length ? `Comment added. Mentioned: ${names.join(", ")}.` : "Comment added.";
    return data<FormAnswer>({ ok: true, message, intent: kind.intent, target: id });
  } catch (e) {
    if (refusal(e)?.status === 404) throw new Response(kind.notFound, { status: 404 });
    return refuse(e, id);
  }
}

/** A comment on a milestone. */
export function answerCommentForm(request: Request, actor: Actor) {
  return answerComment(request, actor, MILESTONE);
}

/** A comment on a goal. */
export function answerGoalCommentForm(request: Request, actor: Actor) {
  return answerComment(request, actor, GOAL);
}
