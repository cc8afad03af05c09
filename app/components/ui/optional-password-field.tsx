// "Choose a password (optional)": the first admin and an invited person may
// leave it empty and sign in with links emailed to them instead.
import type { ReactNode } from "react";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError } from "./field-error";
import { PasswordInput } from "./password-input";
import { PUBLIC_PAGE_LOOK } from "./text-field";

export function OptionalPasswordField({
  answer,
  hint,
  answerId,
  minLength,
}: {
  answer: FormAnswer | undefined;
  /** What happens without a password, under the field. */
  hint: ReactNode;
  /** The line that explains a refused password when the page has one (its answer line); else one under the field. */
  answerId?: string;
  minLength?: number;
}) {
  return (
    <div>
      <label htmlFor="password" className={PUBLIC_PAGE_LOOK.labelClassName}>
        Choose a password <span className="font-normal text-slate-500">(optional)</span>
      </label>
      <PasswordInput
        name="password"
        autoComplete="new-password"
        answer={answer}
        answerId={answerId ?? "password-error"}
        minLength={minLength}
        className={PUBLIC_PAGE_LOOK.inputClassName}
      />
      {answerId ? null : <FieldError answer={answer} name="password" id="password-error" />}
      <p className="mt-1 text-slate-500">{hint}</p>
    </div>
  );
}
