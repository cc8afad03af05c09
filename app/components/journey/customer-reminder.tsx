// "Remind the customer" in the account page's edit panel (issue 12 §5, ADR 038): what pressing
// would do (who gets it, and when it goes out), or why it cannot; the answer in a live region.
import { useActionData, useFetcher } from "@remix-run/react";
import type { ReminderNote } from "~/modules/journeys/reminder-words";
import type { FormAnswer } from "~/utils/form-answer";

export type { ReminderNote };

export function CustomerReminder({ milestoneId, note }: { milestoneId: string; note: ReminderNote }) {
  const fetcher = useFetcher<FormAnswer>();
  // Without script the page's own answer comes back; it is ours when it names this step's reminder.
  const posted = useActionData<FormAnswer>();
  const fromPage =
    posted && posted.target === milestoneId && (posted.ok ? posted.intent === "remind" : !posted.fieldErrors)
      ? posted
      : undefined;
  const answer = fetcher.data ?? fromPage;
  const busy = fetcher.state !== "idle";
  return (
    <div className="mt-3 rounded-md border border-slate-200 bg-white p-3" data-testid="reminder">
      <h5 className="font-medium text-slate-900">Remind the customer</h5>
      <p className="mt-1 text-slate-700" data-testid="reminder-note">
        {note.text}
      </p>
      {note.canRemind ? (
        <fetcher.Form method="post" className="mt-2">
          <input type="hidden" name="intent" value="remind" />
          <input type="hidden" name="milestoneId" value={milestoneId} />
          <button
            type="submit"
            disabled={busy}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
          >
            Remind the customer
          </button>
        </fetcher.Form>
      ) : null}
      {/* Always in the page, so a screen reader hears the answer when it changes. */}
      <p role="status" className="mt-2 font-medium text-emerald-700">
        {answer?.ok ? answer.message : ""}
      </p>
      {answer && !answer.ok ? (
        <p role="alert" className="mt-1 font-medium text-red-700">
          {answer.message}
        </p>
      ) : null}
    </div>
  );
}
