// The staff's form that adds a step to this account's journey only: title,
// stage, owner, due date, required or optional. Its answer is announced here.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { OwnerCandidate } from "~/modules/accounts/list-owner-candidates.server";
import type { JourneyStageView } from "~/modules/journeys/get-journey.server";
import { TITLE_MAX } from "~/modules/journeys/milestone-forms";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "../ui/field-error";
import { FormAnswerNotice } from "../ui/form-answer-notice";

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2";

export function AddMilestoneForm({
  accountId,
  stages,
  owners,
  today,
}: {
  accountId: string;
  /** Only stages the journey has not left behind take new steps. */
  stages: Pick<JourneyStageView, "id" | "name" | "position" | "state">[];
  owners: OwnerCandidate[];
  today: string;
}) {
  const fetcher = useFetcher<FormAnswer>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.data;
  const open = stages.filter((s) => s.state !== "done");
  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) form.current?.reset();
  }, [fetcher.state, result]);
  if (open.length === 0) return null;
  const err = (name: string) => `add-${name}-error`;
  return (
    <section aria-labelledby="add-milestone-h" className="mb-8 rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="add-milestone-h" className="text-lg font-semibold">
        Add a step to this journey
      </h2>
      <p className="mt-1 text-sm text-slate-600">Only this account gets it; the playbook stays as it is.</p>
      <fetcher.Form
        ref={form}
        method="post"
        action={`/csm/accounts/${accountId}/milestones`}
        className="mt-3 grid gap-3 sm:grid-cols-2"
      >
        <div className="sm:col-span-2">
          <label htmlFor="add-title" className="block text-sm font-medium">
            Title
          </label>
          <input
            id="add-title"
            name="title"
            required
            maxLength={TITLE_MAX}
            {...fieldAria(result, "title", err("title"))}
            className={INPUT}
          />
          <FieldError answer={result} name="title" id={err("title")} />
        </div>
        <div>
          <label htmlFor="add-stage" className="block text-sm font-medium">
            Stage
          </label>
          <select id="add-stage" name="stageId" {...fieldAria(result, "stageId", err("stageId"))} className={INPUT}>
            {open.map((s) => (
              <option key={s.id} value={s.id}>
                {s.position}. {s.name}
              </option>
            ))}
          </select>
          <FieldError answer={result} name="stageId" id={err("stageId")} />
        </div>
        <div>
          <label htmlFor="add-owner" className="block text-sm font-medium">
            Owner
          </label>
          <select
            id="add-owner"
            name="ownerId"
            required
            defaultValue=""
            {...fieldAria(result, "ownerId", err("ownerId"))}
            className={INPUT}
          >
            <option value="" disabled>
              Choose an owner
            </option>
            {(["customer", "vendor"] as const).map((side) => (
              <optgroup key={side} label={side === "customer" ? "Customer contacts" : "Our team"}>
                {owners
                  .filter((o) => o.side === side)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.label})
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          <FieldError answer={result} name="ownerId" id={err("ownerId")} />
        </div>
        <div>
          <label htmlFor="add-due" className="block text-sm font-medium">
            Due date
          </label>
          <input
            id="add-due"
            name="dueOn"
            type="date"
            required
            defaultValue={today}
            {...fieldAria(result, "dueOn", err("dueOn"))}
            className={INPUT}
          />
          <FieldError answer={result} name="dueOn" id={err("dueOn")} />
        </div>
        <div className="flex items-center gap-2 sm:mt-7">
          <input id="add-required" name="required" type="checkbox" defaultChecked className="h-4 w-4" />
          <label htmlFor="add-required" className="text-sm font-medium">
            Required (holds the stage until it is done)
          </label>
        </div>
        <button
          type="submit"
          disabled={fetcher.state !== "idle"}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 sm:justify-self-start"
        >
          Add step
        </button>
      </fetcher.Form>
      <FormAnswerNotice answer={result} look="inline" className="mt-2 text-sm" fieldErrorsApart />
    </section>
  );
}
