// The staff's forms in the account page's edit panel (one step at a time): change its
// owner or due date, or add a note; each answer shows beside the field it is about.
import { type FetcherWithComponents, useActionData, useFetcher } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
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

/**
 * This form's answer: its own fetcher's, or, after a post without JavaScript,
 * the page's action answer when it is about this milestone and this form.
 */
function useFormAnswer(fetcher: FetcherWithComponents<FormAnswer>, milestoneId: string, intent: string) {
  const posted = useActionData<FormAnswer>();
  if (fetcher.data) return fetcher.data;
  if (posted?.target !== milestoneId) return undefined;
  // A refusal names the field it is about; a success names its form.
  const mine = posted.ok ? posted.intent === intent : posted.fieldErrors?.[FIELD[intent]] !== undefined;
  return mine ? posted : undefined;
}

const FIELD: Record<string, string> = { owner: "ownerId", due: "dueOn", note: "note" };

// One form per change, each with its own fetcher: the milestone, what to
// change, a label, and the answer (error or what was saved) under it.
function ControlForm({
  milestoneId: id,
  intent,
  inputId,
  label,
  wide,
  clearOnSuccess,
  children,
}: {
  milestoneId: string;
  intent: "owner" | "due" | "note";
  inputId: string;
  label: string;
  wide?: boolean;
  /** Empty the form once saved (a note, not a choice that stays true). */
  clearOnSuccess?: boolean;
  children: (result: FormAnswer | undefined) => ReactNode;
}) {
  const fetcher = useFetcher<FormAnswer>();
  const result = useFormAnswer(fetcher, id, intent);
  const form = useRef<HTMLFormElement>(null);
  const field = FIELD[intent];
  // Each answer is a new object: empty the box as soon as it says saved.
  useEffect(() => {
    if (clearOnSuccess && fetcher.data?.ok) form.current?.reset();
  }, [clearOnSuccess, fetcher.data]);
  return (
    <fetcher.Form ref={form} method="post" className={wide ? "min-w-0 space-y-1 sm:col-span-2" : "min-w-0 space-y-1"}>
      <input type="hidden" name="milestoneId" value={id} />
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={`${inputId}-${id}`} className="block font-medium">
        {label}
      </label>
      {children(result)}
      <FieldError answer={result} name={field} id={`${field}-error-${id}`} className="text-red-700" />
      <FormAnswerNotice answer={result} look="inline" fieldErrorsApart />
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
  const id = milestone.id;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
      <ControlForm milestoneId={id} intent="owner" inputId="owner" label="Owner">
        {(result) => (
          <div className="flex gap-2">
            <OwnerSelect milestone={milestone} owners={owners} result={result} />
            <button type="submit" className={button}>
              Save
            </button>
          </div>
        )}
      </ControlForm>
      <ControlForm milestoneId={id} intent="due" inputId="due" label="Due date">
        {(result) => (
          <div className="flex gap-2">
            <input
              id={`due-${id}`}
              type="date"
              name="dueOn"
              {...fieldAria(result, "dueOn", `dueOn-error-${id}`)}
              defaultValue={milestone.dueOn ?? undefined}
              required
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5"
            />
            <button type="submit" className={button}>
              Save
            </button>
          </div>
        )}
      </ControlForm>
      <ControlForm milestoneId={id} intent="note" inputId="note" label="Note" wide clearOnSuccess>
        {(result) => (
          <>
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
          </>
        )}
      </ControlForm>
    </div>
  );
}
