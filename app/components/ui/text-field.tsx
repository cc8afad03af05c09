// A labelled one-line input with its error beside it, tied together for
// screen readers: the sign-in and first-run pages ask for the same kind of field.
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "./field-error";

/** The public pages' fields (setup, invitations) read at the page's own text size. */
export const PUBLIC_PAGE_LOOK = {
  labelClassName: "block font-medium text-slate-800",
  inputClassName: "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2",
};

export function TextField({
  name,
  label,
  type,
  autoComplete,
  required,
  answer,
  labelClassName = "block text-sm font-medium text-slate-800",
  inputClassName = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600",
}: {
  name: string;
  label: string;
  type: string;
  autoComplete: string;
  required?: boolean;
  answer: FormAnswer | undefined;
  labelClassName?: string;
  inputClassName?: string;
}) {
  return (
    <div>
      <label htmlFor={name} className={labelClassName}>
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        {...fieldAria(answer, name, `${name}-error`)}
        className={inputClassName}
      />
      <FieldError answer={answer} name={name} id={`${name}-error`} />
    </div>
  );
}
