// The staff's control under a milestone on the account page: mark it not
// applicable with a reason, or bring it back. Its answer is announced here.
import { useFetcher } from "@remix-run/react";
import type { JourneyMilestoneView } from "~/modules/journeys/get-journey.server";
import { REASON_MAX } from "~/modules/journeys/milestone-forms";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "../ui/field-error";
import { FormAnswerNotice } from "../ui/form-answer-notice";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";

export function NotApplicableControl({ milestone: m }: { milestone: JourneyMilestoneView }) {
  const fetcher = useFetcher<FormAnswer>();
  const result = fetcher.data?.target === m.id ? fetcher.data : undefined;
  const busy = fetcher.state !== "idle";
  if (m.status === "done") return null;
  return (
    <div className="mt-2 text-sm">
      {m.status === "not_applicable" ? (
        <fetcher.Form method="post">
          <input type="hidden" name="milestoneId" value={m.id} />
          <input type="hidden" name="intent" value="applicable" />
          <button type="submit" className={button} disabled={busy}>
            It applies after all: bring "{m.title}" back
          </button>
        </fetcher.Form>
      ) : (
        <details className="rounded-md border border-slate-200 bg-slate-50 p-3">
          <summary className="cursor-pointer font-medium text-slate-700">Not applicable to this account?</summary>
          <fetcher.Form method="post" className="mt-2 space-y-1">
            <input type="hidden" name="milestoneId" value={m.id} />
            <input type="hidden" name="intent" value="not_applicable" />
            <label htmlFor={`reason-${m.id}`} className="block font-medium">
              Reason (the customer sees it)
            </label>
            <div className="flex flex-wrap gap-2">
              <input
                id={`reason-${m.id}`}
                name="reason"
                required
                maxLength={REASON_MAX}
                {...fieldAria(result, "reason", `reason-error-${m.id}`)}
                className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5"
              />
              <button type="submit" className={button} disabled={busy}>
                Mark not applicable
              </button>
            </div>
            <FieldError answer={result} name="reason" id={`reason-error-${m.id}`} className="text-red-700" />
          </fetcher.Form>
        </details>
      )}
      <FormAnswerNotice answer={result} look="inline" className="mt-1" fieldErrorsApart />
    </div>
  );
}
