// A password field named after what it holds, tied to the form answer that may
// refuse it, and telling password managers whether to fill or to suggest.
import type { InputHTMLAttributes } from "react";
import type { FormAnswer } from "~/utils/form-answer";
import { fieldAria } from "./field-error";

export function PasswordInput({
  name,
  autoComplete,
  answer,
  answerId,
  ...rest
}: {
  name: string;
  autoComplete: "current-password" | "new-password";
  answer: FormAnswer | undefined;
  /** Id of the line that explains a refused password. */
  answerId: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type" | "autoComplete">) {
  return (
    <input
      id={name}
      name={name}
      type="password"
      autoComplete={autoComplete}
      {...fieldAria(answer, name, answerId)}
      {...rest}
    />
  );
}
