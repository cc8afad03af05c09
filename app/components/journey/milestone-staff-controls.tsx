// The staff's forms under a milestone on the account page: change its owner or
// due date, or add a note; each answer shows beside the field it is about.
import { type FetcherWithComponents, useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { OwnerCandidate } from "~/modules/accounts/list-owner-candidates.server";
import type { JourneyMilestoneView } from "~/modules/journeys/get-journey.server";
import { NOTE_MAX } from "~/modules/journeys/milestone-forms";
import { teamFunctionLabel } from "~/modules/playbooks/owner-label";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "../ui/field-error";
import { FormAnswerNotice } from "../ui/form-answer-notice";

function OwnerGroup({ label, owners }: { label: string; owners: OwnerCandidate[] }) {
  return (
    <optgroup label={label}>
      {owners.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name} ({o.label})
        </option>
      ))}
    </optgroup>
  );
}

/** Our team grouped by what each person does, so a step lands with someone in the right role. */
function staffByFunction(owners: OwnerCandidate[]): { label: string; owners: OwnerCandidate[] }[] {
  const groups = new Map<string, OwnerCandidate[]>();
  for (const o of owners.filter((x) => x.side === "vendor")) {
    const label = o.teamFunction ? `Our team · ${teamFunctionLabel(o.teamFunction)}` : "Our team";
    groups.set(label, [...(groups.get(label) ?? []), o]);
  }
  return [...groups].map(([label, list]) => ({ label, owners: list })).sort((a, b) => a.label.localeCompare(b.label));
}

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
      <OwnerGroup label="Customer contacts" owners={owners.filter((o) => o.side === "customer")} />
      {staffByFunction(owners).map((g) => (
        <OwnerGroup key={g.label} label={g.label} owners={g.owners} />
      ))}
    </select>
  );
}

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";

// One form per change: the milestone, what to change, a label and the error under it.
function ControlForm({
  fetcher,
  milestoneId: id,
  intent,
  inputId,
  label,
  field,
  wide,
  children,
}: {
  fetcher: FetcherWithComponents<FormAnswer>;
  milestoneId: string;
  intent: string;
  inputId: string;
  label: string;
  field: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <fetcher.Form method="post" className={wide ? "space-y-1 sm:col-span-2" : "space-y-1"}>
      <input type="hidden" name="milestoneId" value={id} />
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={`${inputId}-${id}`} className="block font-medium">
        {label}
      </label>
      {children}
      <FieldError answer={fetcher.data} name={field} id={`${field}-error-${id}`} className="text-red-700" />
    </fetcher.Form>
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
        <ControlForm fetcher={fetcher} milestoneId={id} intent="owner" inputId="owner" label="Owner" field="ownerId">
          <div className="flex gap-2">
            <OwnerSelect milestone={milestone} owners={owners} result={result} />
            <button type="submit" className={button}>
              Save
            </button>
          </div>
        </ControlForm>
        <ControlForm fetcher={fetcher} milestoneId={id} intent="due" inputId="due" label="Due date" field="dueOn">
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
            <button type="submit" className={button}>
              Save
            </button>
          </div>
        </ControlForm>
        <ControlForm fetcher={fetcher} milestoneId={id} intent="note" inputId="note" label="Note" field="note" wide>
          <textarea
            id={`note-${id}`}
            name="note"
            {...fieldAria(result, "note", `note-error-${id}`)}
            rows={2}
            maxLength={NOTE_MAX}
            required
            className="block w-full rounded-md border border-slate-300 px-2 py-1.5"
          />
          <button type="submit" className={button}>
            Add note
          </button>
        </ControlForm>
      </div>
      <FormAnswerNotice answer={result} look="inline" className="mt-2" fieldErrorsApart />
    </details>
  );
}
