// The staff's forms under a milestone on the account page: change its owner or
// due date, or add a note; each answer shows beside the field it is about.
import { useFetcher } from "@remix-run/react";
import type { OwnerCandidate } from "~/modules/accounts/list-owner-candidates.server";
import type { JourneyMilestoneView } from "~/modules/journeys/get-journey.server";
import { NOTE_MAX } from "~/modules/journeys/milestone-forms";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "../ui/field-error";
import { FormAnswerNotice } from "../ui/form-answer-notice";

function OwnerSelect({
  milestone,
  owners,
  result,
}: {
  milestone: JourneyMilestoneView;
  owners: OwnerCandidate[];
  result: FormAnswer | undefined;
}) {
  const id = milestone.id;
  return (
    <select
      id={`owner-${id}`}
      name="ownerId"
      {...fieldAria(result, "ownerId", `ownerId-error-${id}`)}
      defaultValue={milestone.ownerUserId ?? ""}
      className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5"
    >
      <option value="" disabled>
        Choose an owner
      </option>
      <optgroup label="Customer contacts">
        {owners
          .filter((o) => o.side === "customer")
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.label})
            </option>
          ))}
      </optgroup>
      <optgroup label="Our team">
        {owners
          .filter((o) => o.side === "vendor")
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.label})
            </option>
          ))}
      </optgroup>
    </select>
  );
}

export function MilestoneStaffControls({
  milestone,
  owners,
}: {
  milestone: JourneyMilestoneView;
  owners: OwnerCandidate[];
}) {
  const fetcher = useFetcher<FormAnswer>();
  const result = fetcher.data;
  const id = milestone.id;
  return (
    <details className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-700">Change owner, due date or add a note</summary>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <fetcher.Form method="post" className="space-y-1">
          <input type="hidden" name="milestoneId" value={id} />
          <input type="hidden" name="intent" value="owner" />
          <label htmlFor={`owner-${id}`} className="block font-medium">
            Owner
          </label>
          <div className="flex gap-2">
            <OwnerSelect milestone={milestone} owners={owners} result={result} />
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100"
            >
              Save
            </button>
          </div>
          <FieldError answer={result} name="ownerId" id={`ownerId-error-${id}`} className="text-red-700" />
        </fetcher.Form>
        <fetcher.Form method="post" className="space-y-1">
          <input type="hidden" name="milestoneId" value={id} />
          <input type="hidden" name="intent" value="due" />
          <label htmlFor={`due-${id}`} className="block font-medium">
            Due date
          </label>
          <div className="flex gap-2">
            <input
              id={`due-${id}`}
              type="date"
              name="dueOn"
              {...fieldAria(result, "dueOn", `dueOn-error-${id}`)}
              defaultValue={milestone.dueOn}
              required
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5"
            />
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100"
            >
              Save
            </button>
          </div>
          <FieldError answer={result} name="dueOn" id={`dueOn-error-${id}`} className="text-red-700" />
        </fetcher.Form>
        <fetcher.Form method="post" className="space-y-1 sm:col-span-2">
          <input type="hidden" name="milestoneId" value={id} />
          <input type="hidden" name="intent" value="note" />
          <label htmlFor={`note-${id}`} className="block font-medium">
            Note
          </label>
          <textarea
            id={`note-${id}`}
            name="note"
            {...fieldAria(result, "note", `note-error-${id}`)}
            rows={2}
            maxLength={NOTE_MAX}
            required
            className="block w-full rounded-md border border-slate-300 px-2 py-1.5"
          />
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            Add note
          </button>
          <FieldError answer={result} name="note" id={`note-error-${id}`} className="text-red-700" />
        </fetcher.Form>
      </div>
      <FormAnswerNotice answer={result} look="inline" className="mt-2" fieldErrorsApart />
    </details>
  );
}
