// The HTTP side of the comment form on a milestone (journey and account pages):
// parses it, adds the comment as the caller, and answers beside that milestone.
import { data } from "@remix-run/node";
import type { Actor } from "~/modules/accounts/access.server";
import { addMilestoneComment } from "~/modules/journeys/add-milestone-comment.server";
import { commentForm } from "~/modules/journeys/comment-forms";
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

/**
 * 400 for an empty or too long comment, 403 for a read-only viewer; a milestone
 * outside the caller's accounts is a 404 page, whether or not it exists.
 */
export async function answerCommentForm(request: Request, actor: Actor) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return unreadableForm();
  }
  const raw = Object.fromEntries([...form].filter(([, v]) => typeof v === "string"));
  const target = typeof raw.milestoneId === "string" ? raw.milestoneId : undefined;
  const parsed = commentForm.safeParse(raw);
  if (!parsed.success) return invalidForm(parsed.error, target);
  const { milestoneId, body } = parsed.data;
  try {
    const added = await addMilestoneComment(getDb(), actor, milestoneId, body, new Date());
    const names = added.mentioned.map((u) => u.name);
    const message = names.length ? `Comment added. Mentioned: ${names.join(", ")}.` : "Comment added.";
    return data<FormAnswer>({ ok: true, message, intent: "comment", target: milestoneId });
  } catch (e) {
    if (refusal(e)?.status === 404) throw new Response("That milestone was not found.", { status: 404 });
    return refuse(e, milestoneId);
  }
}
