// A step on the staff's account page (ADR 032): one compact line (the done box, title, owner, due
// date or who did it), a link that opens its edit panel, and, for the one step being edited, the
// panel itself with the owner, due date, note and not-applicable forms.

import { Link, useFetcher } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { DueOn } from "~/components/journey/due-on";
import type { OwnerCandidate } from "~/modules/accounts/list-owner-candidates.server";
import type { AccountStep } from "~/modules/journeys/account-page.server";
import type { JourneyMilestoneView } from "~/modules/journeys/get-journey.server";
import { formatDate, todayIn } from "~/utils/dates";
import type { FormAnswer } from "~/utils/form-answer";
import { Badge } from "../ui/badge";
import { FormAnswerNotice } from "../ui/form-answer-notice";
import { CustomerReminder, type ReminderNote } from "./customer-reminder";
import { DueBadge } from "./due-badge";
import { DoneToggle, ResourceList } from "./milestone-item";
import { MilestoneStaffControls } from "./milestone-staff-controls";
import { NotApplicableControl } from "./not-applicable-control";
import { NotNeededNote } from "./not-needed-note";

export function AccountStepLine({
  step: m,
  timezone,
  canToggle,
  editHref,
  testId,
  children,
}: {
  step: AccountStep;
  timezone: string;
  canToggle: boolean;
  /** Where the step's edit link goes; null when the viewer may not edit, or it is open below. */
  editHref: string | null;
  testId: "milestone" | "milestone-line";
  /** The edit panel, when this is the step being edited. */
  children?: ReactNode;
}) {
  const fetcher = useFetcher<FormAnswer>();
  const pendingIntent = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : null;
  const done = pendingIntent ? pendingIntent === "complete" : m.status === "done";
  return (
    <li id={`milestone-${m.id}`} className="rounded-lg border border-slate-200 bg-white p-3" data-testid={testId}>
      <div className="flex items-start gap-3">
        <DoneToggle milestone={m} done={done} fetcher={fetcher} canToggle={canToggle} />
        <div className="min-w-0 flex-1 text-sm">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 className={`font-semibold ${done ? "text-slate-500 line-through decoration-slate-400" : ""}`}>
              {m.title}
            </h3>
            {!m.required && <Badge>Optional</Badge>}
            {!done && <DueBadge state={m.dueState} />}
          </div>
          <NotNeededNote milestone={m} />
          {!canToggle && m.status !== "not_applicable" && (
            <p className="font-medium text-slate-700">{done ? "Done" : "Open"}</p>
          )}
          <p className="text-slate-600">
            {m.status === "done" && m.completedAt ? (
              <>
                Done by {m.completedByName ?? "a former user"} on{" "}
                <time dateTime={m.completedAt}>{formatDate(todayIn(timezone, new Date(m.completedAt)))}</time>
              </>
            ) : (
              <>
                Due <DueOn dueOn={m.dueOn} className={m.dueState === "overdue" ? "font-medium text-red-700" : ""} /> ·{" "}
                {m.ownerLabel}
              </>
            )}
            {editHref && (
              <>
                {" · "}
                <Link to={editHref} className="font-medium text-brand-700 underline" preventScrollReset>
                  Edit<span className="sr-only"> "{m.title}"</span>
                </Link>
              </>
            )}
          </p>
          <FormAnswerNotice
            answer={fetcher.data}
            target={m.id}
            refusalsOnly
            look="inline"
            className="mt-1 font-medium"
          />
        </div>
      </div>
      {children}
    </li>
  );
}

/**
 * The one edit panel on the page, under its step's line. Opening it (a link, so it works without
 * script) moves focus to its heading, so a screen reader lands where the forms are.
 */
export function StepEditPanel({
  milestone: m,
  owners,
  closeHref,
  reminder,
}: {
  milestone: JourneyMilestoneView;
  owners: OwnerCandidate[];
  closeHref: string;
  /** For an open step the customer owns: whether it may be reminded by hand, and when it would go. */
  reminder: ReminderNote | null;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section
      aria-labelledby="edit-panel-h"
      className="mt-3 rounded-md border border-slate-300 bg-slate-50 p-3 text-sm"
      data-testid="edit-panel"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 id="edit-panel-h" ref={heading} tabIndex={-1} className="font-semibold text-slate-900">
          Edit "{m.title}"
        </h4>
        <Link to={closeHref} className="font-medium text-brand-700 underline" preventScrollReset>
          Close<span className="sr-only"> the edit panel</span>
        </Link>
      </div>
      {m.description && <p className="mt-1 text-slate-600">{m.description}</p>}
      <ResourceList resources={m.resources} />
      <div className="mt-3">
        <MilestoneStaffControls milestone={m} owners={owners} />
      </div>
      {reminder ? <CustomerReminder milestoneId={m.id} note={reminder} /> : null}
      <NotApplicableControl milestone={m} />
    </section>
  );
}
