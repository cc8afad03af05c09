// What the customer's journey page sends: every stage as one line (its name, state, when it was
// done or may start, and its counts), and steps only for the stages the page shows open.

import type { GoalView } from "~/modules/goals/list-goals.server";
import { compareDueOn, todayIn } from "~/utils/dates";
import type { JourneyMilestoneView, JourneyStageView, JourneyView, ShownMilestone } from "./get-journey.server";

export interface CustomerStage extends Pick<JourneyStageView, "id" | "position" | "name" | "state" | "finishedOn"> {
  /** The stage's description where its card is sent; "" for a stage sent as a line. */
  description: string;
  steps: number;
  /** Steps marked done (not those marked not needed). */
  stepsDone: number;
  /** For a later stage: the day its planned start falls on (the last due date of the required steps still open before it), if that day is still ahead. */
  expectedStart: string | null;
  /**
   * Its steps, for the current stage, a stage finished today (which a visit that finished it keeps
   * open) and the stage asked for; null for a stage the page shows as its one line. Only the open
   * steps of the first two, and those closed today, come with descriptions and guides: a step
   * closed before shows as a line, and a step closed during a visit keeps its card.
   */
  milestones: ShownMilestone[] | null;
}

export interface NextStep {
  id: string;
  title: string;
  dueOn: string | null;
  dueState: JourneyMilestoneView["dueState"];
  stagePosition: number;
}

export interface CustomerJourneyPage {
  account: { name: string; timezone: string; csmName: string | null };
  /** Who the customer's comments may mention. */
  mentionable: JourneyView["mentionable"];
  journey: { daysSinceStart: number; completedAt: string | null };
  currentStage: { name: string; position: number };
  progress: JourneyView["progress"];
  stages: CustomerStage[];
  /** The stage shown open beside the current one (asked for by `?stage=` or holding `?step=`), or null. */
  opened: number | null;
  /** The customer's open steps in the stages reached, soonest due first; the page lists this many. */
  next: NextStep[];
  /** The account's success goals, read-only: status and result. */
  goals: GoalView[];
}

/** How many of the customer's next steps the page lists. */
export const NEXT_STEPS_SHOWN = 5;

/**
 * The page's data from the journey. `stage` opens a stage by its position; `step` opens the stage
 * that holds that step (a link from an email to a step in a finished stage), and wins over `stage`.
 */
export function customerJourneyPage(
  view: JourneyView,
  ask: { stage?: number | null; step?: string | null } = {},
): CustomerJourneyPage {
  const current = view.currentStage.position;
  const closedOn = closedOnIn(view.account.timezone);
  const holding = ask.step ? view.stages.find((s) => s.milestones.some((m) => m.id === ask.step)) : undefined;
  const asked = holding?.position ?? ask.stage ?? null;
  const opened = asked !== null && asked !== current && view.stages.some((s) => s.position === asked) ? asked : null;

  // The latest due date of the required steps still open, stage by stage: a later stage starts when they are done.
  let openRequiredUntil: string | null = null;
  const stages = view.stages.map((s): CustomerStage => {
    const inFull = s.position === current || (s.state === "done" && s.finishedOn === view.today);
    const expectedStart =
      s.state === "upcoming" && openRequiredUntil !== null && openRequiredUntil >= view.today
        ? openRequiredUntil
        : null;
    for (const m of s.milestones) {
      if (
        m.required &&
        m.status === "open" &&
        m.dueOn !== null &&
        (openRequiredUntil === null || m.dueOn > openRequiredUntil)
      ) {
        openRequiredUntil = m.dueOn;
      }
    }
    return {
      id: s.id,
      position: s.position,
      name: s.name,
      state: s.state,
      finishedOn: s.finishedOn,
      description: inFull ? s.description : "",
      steps: s.milestones.length,
      stepsDone: s.milestones.filter((m) => m.status === "done").length,
      expectedStart,
      milestones:
        inFull || s.position === opened
          ? s.milestones.map((m) => customerMilestone(m, inFull && (m.status === "open" || closedOn(m) === view.today)))
          : null,
    };
  });

  const next = view.stages
    .filter((s) => s.state !== "upcoming")
    .flatMap((s) => s.milestones.map((m) => ({ m, stagePosition: s.position })))
    .filter(({ m }) => m.status === "open" && m.ownerSide === "customer")
    .sort((a, b) => compareDueOn(a.m.dueOn, b.m.dueOn))
    .slice(0, NEXT_STEPS_SHOWN)
    .map(({ m, stagePosition }) => ({ id: m.id, title: m.title, dueOn: m.dueOn, dueState: m.dueState, stagePosition }));

  return {
    account: { name: view.account.name, timezone: view.account.timezone, csmName: view.account.csmName },
    mentionable: view.mentionable,
    journey: { daysSinceStart: view.journey.daysSinceStart, completedAt: view.journey.completedAt },
    currentStage: { name: view.currentStage.name, position: current },
    progress: view.progress,
    stages,
    opened,
    next,
    goals: view.goals,
  };
}

/** The day a done step was done, in the account's timezone; a step marked not needed counts as closed before. */
function closedOnIn(timezone: string) {
  return (m: JourneyMilestoneView) => (m.completedAt ? todayIn(timezone, new Date(m.completedAt)) : null);
}

function customerMilestone(m: JourneyMilestoneView, full: boolean): ShownMilestone {
  return {
    id: m.id,
    title: m.title,
    description: full ? m.description : "",
    required: m.required,
    ownerSide: m.ownerSide,
    ownerLabel: m.ownerLabel,
    dueOn: m.dueOn,
    dueState: m.dueState,
    status: m.status,
    notApplicableReason: m.notApplicableReason,
    completedAt: m.completedAt,
    completedByName: m.completedByName,
    resources: full ? m.resources : [],
    goal: m.goal,
    // Comments show on the cards of the current stage only (ADR 033); a line has none.
    comments: full ? (m.comments ?? []) : null,
  };
}
