// The one line at the top of the staff's account page (issue 12 §1, issue 13): the account's health
// in the insights' words (On track, Behind, Stuck) and why, with the overdue steps by side and how
// long since anything happened. Pure: it reads the journey as getJourney gives it, and the health
// getJourney read in the same statement (journeyHealthJson), so the page, the portfolio and
// /insights say the same word. It lives with the rule, not with journeys, which never import insights.

import type { JourneyView } from "~/modules/journeys/get-journey.server";
import { daysBetween, formatDate, todayIn } from "~/utils/dates";
import type { JourneyHealth } from "./get-account-health.server";
import { HEALTH_LABELS, type Health, QUIET_DAYS } from "./health-rule";

export interface AccountAttention {
  /** The running journey's health by the insights' rule; null when it is not running (finished, churned, archived). */
  health: Health | null;
  /** Open required steps past their date, in the stages the journey has reached, by who owns them. */
  overdue: { customer: number; vendor: number };
  /** Whole days, in the account's timezone, since the journey's last event; null if nothing has happened. */
  daysSinceActivity: number | null;
  /** The day the current pause began; the plan's clock stopped then (ADR 024). */
  pausedOn: string | null;
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
 * The line for this journey, read at the view's `today`. `lastActivityAt` is the time of the
 * journey's newest event (the timeline's first entry), or null; `health` is journeyHealthJson's
 * answer for the journey, or null when it is not running.
 *
 * Overdue follows dueState and the portfolio: an open, required step whose date has passed, in a stage
 * reached; optional and not-applicable steps never count (ADR 021, 025). While the account is paused,
 * the plan's clock stands at the day the pause began: resuming moves every open date by the days on
 * hold (ADR 024), so a pause never counts against the plan.
 */
export function accountAttention(
  view: AttentionView,
  lastActivityAt: string | null,
  health: JourneyHealth | null,
): AccountAttention {
  const complete = view.journey.completedAt !== null;
  const pausedOn = view.account.status === "paused" ? view.account.pausedOn : null;
  const clock = pausedOn !== null && pausedOn < view.today ? pausedOn : view.today;
  const current = view.currentStage.position;

  const overdue = { customer: 0, vendor: 0 };
  if (!complete) {
    for (const stage of view.stages) {
      if (stage.position > current) continue;
      for (const m of stage.milestones) {
        if (!m.required || m.status !== "open" || m.dueOn === null) continue;
        if (m.dueOn < clock) overdue[m.ownerSide]++;
      }
    }
  }
  const daysSinceActivity =
    lastActivityAt === null
      ? null
      : Math.max(0, daysBetween(todayIn(view.account.timezone, new Date(lastActivityAt)), view.today));
  const figures = { health: health?.health ?? null, overdue, daysSinceActivity, pausedOn };
  return { ...figures, line: attentionLine(figures, health, view) };
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
const steps = (n: number) => `${n} ${n === 1 ? "step" : "steps"}`;

function activity(d: number | null): string {
  if (d === null) return "nothing has happened yet";
  if (d === 0) return "last activity today";
  if (d === 1) return "last activity yesterday";
  return `last activity ${d} days ago`;
}

/** The figures the health rule read, in words: the stage's days against its plan, and a long quiet. */
function healthReasons(h: JourneyHealth): string[] {
  const plan = h.expectedDays === null ? "no expected days set" : `${h.expectedDays} expected`;
  const reasons = [`${h.stageName} ${days(h.daysInStage)} in, ${plan}`];
  if (h.daysSinceDone >= QUIET_DAYS) reasons.push(`no step completed in ${days(h.daysSinceDone)}`);
  return reasons;
}

function attentionLine(
  a: Omit<AccountAttention, "line">,
  health: JourneyHealth | null,
  view: Pick<AttentionView, "journey" | "account">,
): string {
  const parts: string[] = health ? healthReasons(health) : [];
  if (a.overdue.customer > 0) parts.push(`${steps(a.overdue.customer)} overdue on the customer's side`);
  if (a.overdue.vendor > 0) parts.push(`${steps(a.overdue.vendor)} overdue on ours`);
  parts.push(activity(a.daysSinceActivity));
  if (a.pausedOn) parts.push(`paused since ${formatDate(a.pausedOn)}, so the plan's clock stopped then`);
  const said = parts.join(" · ");
  if (health) return `${HEALTH_LABELS[health.health]}: ${said}.`;
  if (view.account.archived) return `Archived, so no health: ${said}.`;
  if (view.journey.completedAt !== null) return `Journey complete: ${said}.`;
  const status = view.account.status === "active" ? "" : ` (${view.account.status})`;
  return `Not being worked on${status}, so no health: ${said}.`;
}
