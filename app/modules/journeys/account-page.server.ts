// What the staff's account page sends (ADR 032): every step as a compact line (title, owner, due
// date, state), the one step being edited in full, and the newest part of the timeline. The edit
// forms, with their owner lists, exist for that one step only.

import type { JourneyMilestoneView, JourneyStageView, JourneyView } from "./get-journey.server";
import type { TimelineEntry } from "./get-timeline.server";

/** How many timeline entries the page shows unless asked for all (`?events=all`). */
export const TIMELINE_SHOWN = 20;

/** A step as its line on the account page: no description, guides or owner ids. */
export type AccountStep = Pick<
  JourneyMilestoneView,
  | "id"
  | "title"
  | "required"
  | "ownerLabel"
  | "dueOn"
  | "dueState"
  | "status"
  | "notApplicableReason"
  | "completedAt"
  | "completedByName"
  | "goal"
  | "comments"
>;

export interface AccountStage extends Pick<JourneyStageView, "id" | "position" | "name" | "state" | "finishedOn"> {
  steps: number;
  /**
   * Its steps as lines; null for a stage finished before today, which the page shows as its one
   * line with a link that opens it (`?stage=`), as the customer's page does (ADR 019). The stage
   * asked for, and the one holding the step being edited, come with their steps.
   */
  milestones: AccountStep[] | null;
  /** For the one-line summary's shape (shared with the customer's page); staff see no forecast. */
  expectedStart: null;
}

export interface AccountPage {
  account: JourneyView["account"];
  journey: JourneyView["journey"];
  today: string;
  currentStage: JourneyView["currentStage"];
  progress: JourneyView["progress"];
  stages: AccountStage[];
  /** The stage opened by `?stage=`, if it is one of the journey's; null otherwise. */
  opened: number | null;
  /** The step whose edit panel is open (`?edit=`), in full; null when none is. */
  editing: JourneyMilestoneView | null;
  timeline: TimelineEntry[];
  /** True when the timeline has more entries than it shows. */
  timelineCut: boolean;
  /** The account's success goals (the page links to them with a summary). */
  goals: JourneyView["goals"];
  /** Who comments may mention. */
  mentionable: JourneyView["mentionable"];
}

export interface AccountPageAsk {
  /** A milestone of this journey to edit. */
  edit?: string;
  /** "all": every timeline entry, not only the newest. */
  events?: "all";
  /** A finished stage to show with its steps, by its number on the page. */
  stage?: number;
  /** A step to show (links from emails): the stage that holds it opens. */
  step?: string;
}

/** How many timeline entries to read for `ask`: one more than shown tells whether there are more. */
export function timelineLimit(ask: AccountPageAsk): number | null {
  return ask.events === "all" ? null : TIMELINE_SHOWN + 1;
}

/**
 * The page's data from the journey and the timeline read with `timelineLimit(ask)`. `editing` is null
 * when `ask.edit` names no step of this journey; the route answers 404 then.
 */
export function accountPage(view: JourneyView, timeline: TimelineEntry[], ask: AccountPageAsk): AccountPage {
  const editing = ask.edit ? (view.stages.flatMap((s) => s.milestones).find((m) => m.id === ask.edit) ?? null) : null;
  const cut = ask.events !== "all" && timeline.length > TIMELINE_SHOWN;
  return {
    account: view.account,
    journey: view.journey,
    today: view.today,
    currentStage: view.currentStage,
    progress: view.progress,
    stages: view.stages.map((s) => ({
      id: s.id,
      position: s.position,
      name: s.name,
      state: s.state,
      finishedOn: s.finishedOn,
      steps: s.milestones.length,
      milestones: foldedToOneLine(s, view.today, ask) ? null : s.milestones.map(accountStep),
      expectedStart: null,
    })),
    opened: view.stages.some((s) => s.position === ask.stage) ? (ask.stage ?? null) : null,
    editing,
    timeline: cut ? timeline.slice(0, TIMELINE_SHOWN) : timeline,
    timelineCut: cut,
    goals: view.goals,
    mentionable: view.mentionable,
  };
}

/**
 * A stage finished before today is one line: the CSM reads history on demand, and the page sends
 * and renders only what it shows. One finished today keeps its steps, so a stage the CSM has just
 * finished stays open on their screen.
 */
function foldedToOneLine(s: JourneyStageView, today: string, ask: AccountPageAsk): boolean {
  if (s.state !== "done" || s.finishedOn === null || s.finishedOn >= today) return false;
  return s.position !== ask.stage && !s.milestones.some((m) => m.id === ask.edit || m.id === ask.step);
}

function accountStep(m: JourneyMilestoneView): AccountStep {
  return {
    id: m.id,
    title: m.title,
    required: m.required,
    ownerLabel: m.ownerLabel,
    dueOn: m.dueOn,
    dueState: m.dueState,
    status: m.status,
    notApplicableReason: m.notApplicableReason,
    completedAt: m.completedAt,
    completedByName: m.completedByName,
    goal: m.goal,
    comments: m.comments,
  };
}
