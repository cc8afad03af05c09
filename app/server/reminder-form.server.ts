// The HTTP side of "Remind the customer" on the account page: parses the form, queues the
// reminder as the caller under the workspace's contact policy, and says when it goes out.
import { z } from "zod";
import type { Actor } from "~/modules/accounts/access.server";
import { remindCustomer } from "~/modules/journeys/remind-customer.server";
import { reminderQueuedMessage } from "~/modules/journeys/reminder-words";
import { workspaceNudgeRules } from "~/modules/workspace/workspace-settings.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { answer, invalidForm, refusal, refuse, unreadableForm } from "./form-answer.server";
import { readForm } from "./request.server";

export const REMIND_INTENT = "remind";

const remindForm = z.object({
  intent: z.literal(REMIND_INTENT),
  milestoneId: z.uuid({ error: "That step id is not valid." }),
});

/**
 * 200 with when it goes out (also for a second press, which queues nothing); 400 with the reason
 * when the policy refuses it; 403 for a viewer; a step outside the caller's accounts is a 404 page.
 */
export async function answerReminderForm(request: Request, actor: Actor, yourTimezone: string) {
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const target = typeof form.milestoneId === "string" ? form.milestoneId : undefined;
  const parsed = remindForm.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error, target);
  const { milestoneId } = parsed.data;
  const db = getDb();
  const now = new Date();
  try {
    const queued = await remindCustomer(db, actor, milestoneId, now, await workspaceNudgeRules(db, getEnv()));
    return answer({
      ok: true,
      message: reminderQueuedMessage(queued, now, yourTimezone),
      intent: REMIND_INTENT,
      target: milestoneId,
    });
  } catch (e) {
    if (refusal(e)?.status === 404) throw new Response("That milestone was not found.", { status: 404 });
    return refuse(e, milestoneId);
  }
}
