// A labelled form field with its error beside it, tied together for screen
// readers: the caller draws the control from the attributes it is given.
import type { ReactNode } from "react";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "./field-error";

/** The text inputs and selects of the account forms. */
export const FIELD_INPUT = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2";

export function Field({
  name,
  label,
  answer,
  children,
  hint,
}: {
  name: string;
  label: string;
  answer: FormAnswer | undefined;
  children: (aria: ReturnType<typeof fieldAria> & { id: string; name: string }) => ReactNode;
  hint?: string;
}) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
        {hint ? <span className="font-normal text-slate-600"> ({hint})</span> : null}
      </label>
      {children({ id: name, name, ...fieldAria(answer, name, `${name}-error`) })}
      <FieldError answer={answer} name={name} id={`${name}-error`} />
    </div>
  );
}
