// How the account page says when a CSM's reminder goes out: in the customer's timezone, and in the
// CSM's own when it differs (ADR 038). Shared by the action's answer and the edit panel.
import { formatDateTime } from "~/utils/dates";

/** What the edit panel says before a press. */
export interface ReminderNote {
  /** Whether the button is offered: the policy allows a reminder now, or one is already queued. */
  canRemind: boolean;
  /** Who would get it and when, or why not. */
  text: string;
}

/** Within this of now, a reminder "goes now": the worker picks it up in seconds. */
const NOW_SLACK_MS = 60_000;

/** "now" or "at Dec 3, 2026, 9:00 AM CST, their time (Dec 3, 2026, 3:00 PM GMT, your time)". */
export function whenReminderGoes(sendAt: string, now: Date, theirTimezone: string, yourTimezone: string): string {
  if (new Date(sendAt).getTime() <= now.getTime() + NOW_SLACK_MS) return "now";
  const theirs = formatDateTime(sendAt, theirTimezone);
  const yours = formatDateTime(sendAt, yourTimezone);
  return theirs === yours ? `at ${theirs}` : `at ${theirs}, their time (${yours}, your time)`;
}

/** The answer to a press: "The reminder goes to Frank Miller at …". */
export function reminderQueuedMessage(
  r: { to: { name: string; timezone: string }; sendAt: string; alreadyQueued: boolean },
  now: Date,
  yourTimezone: string,
): string {
  const when = whenReminderGoes(r.sendAt, now, r.to.timezone, yourTimezone);
  return r.alreadyQueued
    ? `A reminder to ${r.to.name} is already queued: it goes ${when}. Nothing more was sent.`
    : `The reminder goes to ${r.to.name} ${when}.`;
}

/** The panel's note from a plan: who gets it and when, that one is queued, or why not. */
export function reminderNote(
  plan:
    | { ok: false; reason: string }
    | { ok: true; status: "ready" | "queued"; to: { name: string; timezone: string }; sendAt: string },
  now: Date,
  yourTimezone: string,
): ReminderNote {
  if (!plan.ok) return { canRemind: false, text: plan.reason };
  const when = whenReminderGoes(plan.sendAt, now, plan.to.timezone, yourTimezone);
  return plan.status === "queued"
    ? { canRemind: true, text: `A reminder to ${plan.to.name} is queued: it goes ${when}.` }
    : { canRemind: true, text: `It goes to ${plan.to.name} ${when}, under the reminders' rules.` };
}
