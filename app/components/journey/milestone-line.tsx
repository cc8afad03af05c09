// A milestone as one line inside a folded stage: the done box, its title, and when it
// was done or is due. The full card (description, guides, owner) is for the stages in view;
// a line costs a fraction of it to render and to send.

import { useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import { DueOn } from "~/components/journey/due-on";
import type { ShownMilestone } from "~/modules/journeys/get-journey.server";
import { formatDate, todayIn } from "~/utils/dates";
import type { FormAnswer } from "~/utils/form-answer";
import { Badge } from "../ui/badge";
import { FormAnswerNotice } from "../ui/form-answer-notice";
import { DueBadge } from "./due-badge";
import { DoneToggle } from "./milestone-item";
import { NotNeededNote } from "./not-needed-note";

export function MilestoneLine({
  milestone: m,
  timezone,
  canToggle,
  readOnlyReason,
  children,
}: {
  milestone: ShownMilestone;
  timezone: string;
  canToggle: boolean;
  readOnlyReason?: string;
  /** Under the line: the staff's controls on the account page. */
  children?: ReactNode;
}) {
  const fetcher = useFetcher<FormAnswer>();
  const pendingIntent = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : null;
  const done = pendingIntent ? pendingIntent === "complete" : m.status === "done";
  return (
    <li id={`milestone-${m.id}`} className="flex items-start gap-3" data-testid="milestone-line">
      <DoneToggle milestone={m} done={done} fetcher={fetcher} canToggle={canToggle} />
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className={`font-medium ${done ? "text-slate-500 line-through decoration-slate-400" : ""}`}>{m.title}</h3>
          {!m.required && <Badge>Optional</Badge>}
          {!done && <DueBadge state={m.dueState} />}
        </div>
        <NotNeededNote milestone={m} />
        {!canToggle && m.status !== "not_applicable" && (
          <p className="font-medium text-slate-700">
            {done ? "Done" : "Open"}
            {readOnlyReason ? ` · ${readOnlyReason}` : ""}
          </p>
        )}
        <p className="text-slate-600">
          {m.status === "done" && m.completedAt ? (
            <>
              Done by {m.completedByName ?? "a former user"} on{" "}
              <time dateTime={m.completedAt}>{formatDate(todayIn(timezone, new Date(m.completedAt)))}</time>
            </>
          ) : (
            <>
              Due <DueOn dueOn={m.dueOn} /> · {m.ownerLabel}
            </>
          )}
        </p>
        <FormAnswerNotice answer={fetcher.data} target={m.id} refusalsOnly look="inline" className="mt-1 font-medium" />
        {children}
      </div>
    </li>
  );
}
