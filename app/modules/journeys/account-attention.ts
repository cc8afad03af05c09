// The one line at the top of the staff's account page (issue 12 §1): what needs attention on this
// journey. Overdue steps by side, how long the current stage has run past its plan, and how long
// since anything happened. Pure: it reads the journey as getJourney gives it.

import { STUCK_AFTER_DAYS } from "~/modules/portfolio/portfolio-query";
import { daysBetween, formatDate, todayIn } from "~/utils/dates";
import type { JourneyView } from "./get-journey.server";

export interface AccountAttention {
  /** Open required steps past their date, in the stages the journey has reached, by who owns them. */
  overdue: { customer: number; vendor: number };
  /** How many days the current stage has run past its planned end (the last due date of its required steps); 0 within plan. */
  stageOverrunDays: number;
  /** Whole days, in the account's timezone, since the journey's last event; null if nothing has happened. */
  daysSinceActivity: number | null;
  /** Nothing has happened for the portfolio's "stuck" threshold or longer. */
  quiet: boolean;
  /** The day the current pause began; the plan's clock stopped then (ADR 024). */
  pausedOn: string | null;
  needsAttention: boolean;
  /** The line the page shows. */
  line: string;
}

export type AttentionView = Pick<JourneyView, "account" | "journey" | "today" | "currentStage"> & {
  stages: {
    position: number;
    name: string;
    milestones: Pick<
      JourneyView["stages"][number]["milestones"][number],
      "ownerSide" | "required" | "status" | "dueOn"
    >[];
  }[];
};

/**
 * What needs attention on this journey, read at the view's `today`. `lastActivityAt` is the time of
 * the journey's newest event (the timeline's first entry), or null.
 *
 * Overdue follows dueState and the portfolio: an open, required step whose date has passed, in a stage
 * reached; optional and not-applicable steps never count (ADR 021, 025). While the account is paused,
 * the plan's clock stands at the day the pause began: resuming moves every open date by the days on
 * hold (ADR 024), so a pause never counts against the plan.
 */
export function accountAttention(view: AttentionView, lastActivityAt: string | null): AccountAttention {
  const complete = view.journey.completedAt !== null;
  const pausedOn = view.account.status === "paused" ? view.account.pausedOn : null;
  const clock = pausedOn !== null && pausedOn < view.today ? pausedOn : view.today;
  const current = view.currentStage.position;

  const overdue = { customer: 0, vendor: 0 };
  let plannedEnd: string | null = null;
  if (!complete) {
    for (const stage of view.stages) {
      if (stage.position > current) continue;
      for (const m of stage.milestones) {
        if (!m.required || m.status === "not_applicable") continue;
        if (m.dueOn === null) continue;
        if (m.status === "open" && m.dueOn < clock) overdue[m.ownerSide]++;
        if (stage.position === current && (plannedEnd === null || m.dueOn > plannedEnd)) plannedEnd = m.dueOn;
      }
    }
  }
  const stageOverrunDays = plannedEnd === null ? 0 : Math.max(0, daysBetween(plannedEnd, clock));
  const daysSinceActivity =
    lastActivityAt === null
      ? null
      : Math.max(0, daysBetween(todayIn(view.account.timezone, new Date(lastActivityAt)), view.today));
  const quiet = !complete && daysSinceActivity !== null && daysSinceActivity >= STUCK_AFTER_DAYS;
  const needsAttention = overdue.customer + overdue.vendor > 0 || stageOverrunDays > 0 || quiet;
  const figures = { overdue, stageOverrunDays, daysSinceActivity, quiet, pausedOn, needsAttention };
  return { ...figures, line: attentionLine(figures, view.currentStage.name) };
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
const steps = (n: number) => `${n} ${n === 1 ? "step" : "steps"}`;

function activity(d: number | null): string {
  if (d === null) return "nothing has happened yet";
  if (d === 0) return "last activity today";
  if (d === 1) return "last activity yesterday";
  return `last activity ${d} days ago`;
}

function attentionLine(a: Omit<AccountAttention, "line">, stageName: string): string {
  const parts: string[] = [];
  if (a.overdue.customer > 0) parts.push(`${steps(a.overdue.customer)} overdue on the customer's side`);
  if (a.overdue.vendor > 0) parts.push(`${steps(a.overdue.vendor)} overdue on ours`);
  if (a.stageOverrunDays > 0) parts.push(`${stageName} ${days(a.stageOverrunDays)} past its planned end`);
  parts.push(activity(a.daysSinceActivity));
  if (a.pausedOn) parts.push(`paused since ${formatDate(a.pausedOn)}, so the plan's clock stopped then`);
  const said = parts.join(" · ");
  return a.needsAttention
    ? `Needs attention: ${said}.`
    : `Nothing needs attention: ${said.charAt(0).toLowerCase()}${said.slice(1)}.`;
}
