import { type FetcherWithComponents, useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { JourneyMilestoneView } from "~/modules/journeys/get-journey.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import type { FormAnswer } from "~/utils/form-answer";
import { Badge } from "../ui/badge";
import { FormAnswerNotice } from "../ui/form-answer-notice";
import { NotNeededNote } from "./not-needed-note";

export interface MilestoneItemProps {
  milestone: JourneyMilestoneView;
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

function DoneToggle({
  milestone: m,
  done,
  fetcher,
  canToggle,
  readOnlyReason,
}: {
  milestone: JourneyMilestoneView;
  done: boolean;
  fetcher: FetcherWithComponents<FormAnswer>;
  canToggle: boolean;
  readOnlyReason?: string;
}) {
  if (!canToggle) {
    return (
      <span
        className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md border-2 text-sm ${
          done ? "border-emerald-600 bg-emerald-600 text-white" : "border-dashed border-slate-300 bg-slate-50"
        }`}
        title={readOnlyReason}
        aria-label={done ? "Done" : m.status === "not_applicable" ? "Not needed" : "Open"}
        role="img"
      >
        {done ? "✓" : ""}
      </span>
    );
  }
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="milestoneId" value={m.id} />
      <input type="hidden" name="intent" value={done ? "reopen" : "complete"} />
      <button
        type="submit"
        aria-label={done ? `Reopen "${m.title}"` : `Mark "${m.title}" as done`}
        aria-pressed={done}
        className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md border-2 text-sm ${
          done ? "border-emerald-600 bg-emerald-600 text-white" : "border-slate-400 bg-white hover:border-brand-600"
        }`}
      >
        {done ? "✓" : ""}
      </button>
    </fetcher.Form>
  );
}

function MilestoneFacts({
  milestone: m,
  owner,
  timezone,
}: {
  milestone: JourneyMilestoneView;
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
          <time dateTime={m.dueOn}>{formatDate(m.dueOn)}</time>
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

function ResourceList({ resources }: { resources: JourneyMilestoneView["resources"] }) {
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
        <DoneToggle milestone={m} done={done} fetcher={fetcher} canToggle={canToggle} readOnlyReason={readOnlyReason} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className={`font-semibold ${done ? "text-slate-500 line-through decoration-slate-400" : ""}`}>
              {m.title}
            </h3>
            {!m.required && <Badge>Optional</Badge>}
            {m.dueState === "overdue" && <Badge tone="red">Overdue</Badge>}
            {m.dueState === "due-soon" && <Badge tone="amber">Due soon</Badge>}
          </div>
          <NotNeededNote milestone={m} />
          {m.description && <p className="mt-1 text-sm text-slate-600">{m.description}</p>}
          <MilestoneFacts milestone={m} owner={owner} timezone={timezone} />
          <ResourceList resources={m.resources} />
          <FormAnswerNotice
            answer={fetcher.data}
            target={m.id}
            refusalsOnly
            look="inline"
            className="mt-2 text-sm font-medium"
          />
          {children}
        </div>
      </div>
    </li>
  );
}
