// One success goal as customers and staff read it: its title and status, how it
// is measured, the target date, the step that reaches it, and the result once
// recorded. The staff's page puts its edit form underneath (children).
import type { ReactNode } from "react";
import { GOAL_STATUS_LABEL, type GoalStatus } from "~/modules/goals/goal-forms";
import type { GoalView } from "~/modules/goals/list-goals.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { Badge, type BadgeTone } from "../ui/badge";

const TONE: Record<GoalStatus, BadgeTone> = {
  not_started: "gray",
  on_track: "blue",
  at_risk: "amber",
  achieved: "green",
  missed: "red",
};

export function GoalStatusBadge({ status }: { status: GoalStatus }) {
  return <Badge tone={TONE[status]}>{GOAL_STATUS_LABEL[status]}</Badge>;
}

export function GoalCard({
  goal: g,
  timezone,
  headingLevel = 3,
  children,
}: {
  goal: GoalView;
  timezone: string;
  headingLevel?: 2 | 3;
  children?: ReactNode;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li id={`goal-${g.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="goal">
      <div className="flex flex-wrap items-center gap-2">
        <Heading className="break-words font-semibold">{g.title}</Heading>
        <GoalStatusBadge status={g.status} />
      </div>
      <GoalFacts goal={g} timezone={timezone} />
      {children}
    </li>
  );
}

/** How the goal is measured, by when, the step that reaches it, and the result once recorded. */
function GoalFacts({ goal: g, timezone }: { goal: GoalView; timezone: string }) {
  return (
    <dl className="mt-2 grid gap-y-1 text-sm">
      <div className="flex flex-wrap gap-x-1">
        <dt className="text-slate-600">Measure:</dt>
        <dd className="break-words text-slate-800">{g.measure}</dd>
      </div>
      <div className="flex flex-wrap gap-x-1">
        <dt className="text-slate-600">Target date:</dt>
        <dd className="text-slate-800">
          <time dateTime={g.targetOn}>{formatDate(g.targetOn)}</time>
        </dd>
      </div>
      {g.steps.length > 0 && (
        <div className="flex flex-wrap gap-x-1">
          <dt className="text-slate-600">Reached by the step:</dt>
          <dd className="break-words text-slate-800">{g.steps.map((s) => s.title).join(", ")}</dd>
        </div>
      )}
      {g.result !== null && (
        <div className="mt-1 rounded-md bg-emerald-50 p-2">
          <dt className="font-medium text-emerald-900">Result</dt>
          <dd className="whitespace-pre-line break-words text-slate-800" data-testid="goal-result">
            {g.result}
          </dd>
          {g.resultAt ? (
            <dd className="mt-1 text-xs text-slate-600">
              Recorded by {g.resultByName ?? "a former user"} on {formatDateTime(g.resultAt, timezone)}
            </dd>
          ) : null}
        </div>
      )}
    </dl>
  );
}

/**
 * A goal as one line on the customer's journey, so the current stage stays near the top of a
 * phone's screen: the title and status, opened for the measure, target date and result.
 */
export function GoalLine({
  goal: g,
  timezone,
  children,
}: {
  goal: GoalView;
  timezone: string;
  /** The goal's comments, under its facts. */
  children?: ReactNode;
}) {
  return (
    <li id={`goal-${g.id}`} data-testid="goal">
      <details className="rounded-lg border border-slate-200 bg-white px-3 py-2">
        <summary className="cursor-pointer text-sm">
          <span className="font-medium break-words">{g.title}</span> <GoalStatusBadge status={g.status} />
          {g.result !== null ? <span className="text-slate-600"> · result recorded</span> : null}
          {g.comments.length ? (
            <span className="text-slate-600">
              {" "}
              · {g.comments.length} {g.comments.length === 1 ? "comment" : "comments"}
            </span>
          ) : null}
        </summary>
        <GoalFacts goal={g} timezone={timezone} />
        {children}
      </details>
    </li>
  );
}
