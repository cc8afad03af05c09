// The HTTP side of the milestone forms on the journey and account pages: reads
// and parses the form, keeps to the changes the page offers, and answers.
import { data } from "@remix-run/node";
import type { Actor } from "~/modules/accounts/access.server";
import { changeMilestone, type MilestoneChange } from "~/modules/journeys/change-milestone.server";
import { type MilestoneIntent, milestoneIntent } from "~/modules/journeys/milestone-forms";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FormAnswer } from "~/utils/form-answer";
import { answer, invalidForm, refusal, refuse, unreadableForm } from "./form-answer.server";
import { readForm } from "./request.server";

/** A milestone form's answer; a completion that finished a stage also says which (its position). */
export type MilestoneAnswer = FormAnswer & { finishedStage?: number };

/**
 * Answers a posted milestone form with `target` set to the milestone: 400 for
 * bad input, 403 for a change this page does not offer or the caller may not
 * make. A milestone outside the caller's accounts is a 404 page.
 */
export async function answerMilestoneForm(request: Request, actor: Actor, offered: MilestoneIntent["intent"][]) {
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const raw = Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === "string"));
  const target = typeof raw.milestoneId === "string" ? raw.milestoneId : undefined;
  const parsed = milestoneIntent.safeParse(raw);
  if (!parsed.success) return invalidForm(parsed.error, target);
  const input = parsed.data;
  if (!offered.includes(input.intent)) {
    return answer({ ok: false, message: "You cannot make that change here.", target: input.milestoneId }, 403);
  }
  let change: MilestoneChange;
  try {
    change = await changeMilestone(getDb(), actor, new Date(), input);
  } catch (e) {
    if (refusal(e)?.status === 404) throw new Response("That milestone was not found.", { status: 404 });
    return refuse(e, input.milestoneId);
  }
  const saved: MilestoneAnswer = {
    ok: true,
    message: savedMessage(change),
    intent: input.intent,
    target: input.milestoneId,
  };
  if (change.intent === "complete" && change.finishedStage !== null) saved.finishedStage = change.finishedStage;
  return data(saved);
}

/** Each form says what it saved, beside itself. */
function savedMessage(change: MilestoneChange): string {
  switch (change.intent) {
    case "complete":
      return change.goalTitle ? `Marked as done. The goal "${change.goalTitle}" is achieved.` : "Marked as done.";
    case "reopen":
      return "Reopened.";
    case "owner":
      return `Owner changed to ${change.ownerName}.`;
    case "due":
      return change.inPast
        ? `Due date moved to ${formatDate(change.dueOn)}. That date is in the past, so the step shows as past due.`
        : `Due date moved to ${formatDate(change.dueOn)}.`;
    case "note":
      return "Note added.";
    case "not_applicable":
      return "Marked not applicable.";
    case "applicable":
      return "Back on the plan: the step is open again.";
  }
}
