import { type FetcherWithComponents, useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import { DueOn } from "~/components/journey/due-on";
import { GOAL_RESULT_MAX } from "~/modules/goals/goal-forms";
import type { ShownMilestone } from "~/modules/journeys/get-journey.server";
import { formatDateTime } from "~/utils/dates";
import type { FormAnswer } from "~/utils/form-answer";
import { Badge } from "../ui/badge";
import { FormAnswerNotice } from "../ui/form-answer-notice";
import { DueBadge } from "./due-badge";
import { NotNeededNote } from "./not-needed-note";

export interface MilestoneItemProps {
  milestone: ShownMilestone;
  timezone: string;
  canToggle: boolean;
  readOnlyReason?: string;
  children?: ReactNode;
}

const KIND_LABEL: Record<string, string> = {
  guide: "Guide",
  video: "Video",
  webinar: "Webinar",
  course: "Course",
};

const BOX = "mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md border-2 text-sm";
const DONE_BOX = `${BOX} border-emerald-600 bg-emerald-600 text-white`;

/**
 * The step's check box. Its name says what pressing it does ("Mark … as done",
 * "Reopen …"); no aria-pressed on top, which would say the state twice.
 * Reopening undoes work, so it only opens a question whose button reopens.
 */
export function DoneToggle({
  milestone: m,
  done,
  fetcher,
  canToggle,
}: {
  milestone: Pick<ShownMilestone, "id" | "title" | "goal">;
  done: boolean;
  fetcher: FetcherWithComponents<FormAnswer>;
  canToggle: boolean;
}) {
  if (!canToggle) {
    // Someone else's step: the box is decoration; its state and why it cannot
    // be checked here are written beside the title (ReadOnlyNote).
    return (
      <span className={done ? DONE_BOX : `${BOX} border-dashed border-slate-300 bg-slate-50`} aria-hidden="true">
        {done ? "✓" : ""}
      </span>
    );
  }
  if (done) {
    return (
      <details className="relative shrink-0">
        <summary className={`${DONE_BOX} cursor-pointer list-none`} aria-label={`Reopen "${m.title}"`}>
          ✓
        </summary>
        <fetcher.Form
          method="post"
          className="absolute left-0 top-9 z-10 w-60 space-y-2 rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg"
        >
          <input type="hidden" name="milestoneId" value={m.id} />
          <input type="hidden" name="intent" value="reopen" />
          {/* The action refuses a reopen without it: one click never undoes a step. */}
          <input type="hidden" name="confirm" value="yes" />
          <p className="text-slate-800">Reopen "{m.title}"? It will show as not done again.</p>
          <button
            type="submit"
            className="rounded-md border border-slate-400 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
          >
            Yes, reopen
          </button>
        </fetcher.Form>
      </details>
    );
  }
  if (m.goal) {
    // A step that reaches a goal asks for the goal's result as it is done (optional).
    return (
      <details className="relative shrink-0">
        <summary
          className={`${BOX} cursor-pointer list-none border-slate-400 bg-white hover:border-brand-600`}
          aria-label={`Mark "${m.title}" as done`}
        />
        <fetcher.Form
          method="post"
          className="absolute left-0 top-9 z-10 w-64 max-w-[calc(100vw-3rem)] space-y-2 rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg"
        >
          <input type="hidden" name="milestoneId" value={m.id} />
          <input type="hidden" name="intent" value="complete" />
          <label htmlFor={`result-${m.id}`} className="block text-slate-800">
            This step reaches the goal "{m.goal.title}". What was the result?{" "}
            <span className="text-slate-600">(optional)</span>
          </label>
          <textarea
            id={`result-${m.id}`}
            name="result"
            rows={3}
            maxLength={GOAL_RESULT_MAX}
            className="block w-full rounded-md border border-slate-300 px-2 py-1"
          />
          <button
            type="submit"
            className="rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700"
          >
            Mark as done
          </button>
        </fetcher.Form>
      </details>
    );
  }
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="milestoneId" value={m.id} />
      <input type="hidden" name="intent" value="complete" />
      <button
        type="submit"
        aria-label={`Mark "${m.title}" as done`}
        className={`${BOX} border-slate-400 bg-white hover:border-brand-600`}
      />
    </fetcher.Form>
  );
}

function MilestoneFacts({
  milestone: m,
  owner,
  timezone,
}: {
  milestone: ShownMilestone;
  owner: string;
  timezone: string;
}) {
  return (
    <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
      <div className="flex gap-1">
        <dt className="text-slate-500">Owner:</dt>
        <dd className="font-medium text-slate-800">{owner}</dd>
      </div>
      <div className="flex gap-1">
        <dt className="text-slate-500">Due:</dt>
        <dd className={m.dueState === "overdue" ? "font-medium text-red-700" : "text-slate-800"}>
          <DueOn dueOn={m.dueOn} />
        </dd>
      </div>
      {m.status === "done" && m.completedAt && (
        <div className="flex gap-1 sm:col-span-2">
          <dt className="text-slate-500">Done:</dt>
          <dd className="text-slate-800">
            by {m.completedByName ?? "a former user"} on {formatDateTime(m.completedAt, timezone)}
          </dd>
        </div>
      )}
    </dl>
  );
}

export function ResourceList({ resources }: { resources: ShownMilestone["resources"] }) {
  if (resources.length === 0) return null;
  return (
    <div className="mt-3">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Resources</h4>
      <ul className="mt-1 space-y-1">
        {resources
          .filter((r) => /^https?:\/\//i.test(r.url))
          .map((r) => (
            <li key={r.id} className="text-sm">
              <a
                href={r.url}
                className="text-brand-700 underline hover:text-brand-900"
                target="_blank"
                rel="noreferrer"
              >
                {r.title}
              </a>{" "}
              <span className="text-slate-500">
                ({KIND_LABEL[r.kind] ?? r.kind}, {r.minutes} min)
              </span>
            </li>
          ))}
      </ul>
    </div>
  );
}

export function MilestoneItem({ milestone: m, timezone, canToggle, readOnlyReason, children }: MilestoneItemProps) {
  const fetcher = useFetcher<FormAnswer>();
  const pendingIntent = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : null;
  const done = pendingIntent ? pendingIntent === "complete" : m.status === "done";
  const owner = m.ownerLabel;

  return (
    <li
      id={`milestone-${m.id}`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="milestone"
    >
      <div className="flex items-start gap-3">
        <DoneToggle milestone={m} done={done} fetcher={fetcher} canToggle={canToggle} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className={`font-semibold ${done ? "text-slate-500 line-through decoration-slate-400" : ""}`}>
              {m.title}
            </h3>
            {!m.required && <Badge>Optional</Badge>}
            <DueBadge state={m.dueState} />
          </div>
          {!canToggle && m.status !== "not_applicable" && (
            <p className="mt-1 text-sm font-medium text-slate-700">
              {done ? "Done" : "Open"}
              {readOnlyReason ? ` · ${readOnlyReason}` : ""}
            </p>
          )}
          <NotNeededNote milestone={m} />
          {m.goal && <p className="mt-1 text-sm text-slate-700">Reaches the goal "{m.goal.title}"</p>}
          {m.description && <p className="mt-1 text-sm text-slate-600">{m.description}</p>}
          <MilestoneFacts milestone={m} owner={owner} timezone={timezone} />
          <ResourceList resources={m.resources} />
          {/* A step that reaches a goal also says the goal is achieved; others show refusals only. */}
          <FormAnswerNotice
            answer={fetcher.data}
            target={m.id}
            refusalsOnly={!m.goal}
            look="inline"
            className="mt-2 text-sm font-medium"
          />
          {children}
        </div>
      </div>
    </li>
  );
}
