// Shows a form's answer in one place: a green status or a red alert, both
// live regions, so a screen reader hears the answer without moving focus.
import type { FormAnswer } from "~/utils/form-answer";

const TONE = {
  banner: {
    ok: "rounded-md bg-green-50 p-3 text-sm text-green-800",
    refused: "rounded-md bg-red-50 p-3 text-sm text-red-800",
  },
  inline: { ok: "text-emerald-700", refused: "text-red-700" },
} as const;

export interface FormAnswerNoticeProps {
  answer: FormAnswer | undefined;
  /** A boxed line above a form, or plain coloured text inside a small form. */
  look?: keyof typeof TONE;
  /** Where the line sits (margins, weight). */
  className?: string;
  /** Id of the line, for fields to point at with aria-describedby. */
  id?: string;
  /** Show only answers about this thing (one milestone among many). */
  target?: string;
  /** Refusals only: the page shows success its own way (or not at all). */
  refusalsOnly?: boolean;
  /** The page shows field errors next to their fields; the line stays silent then. */
  fieldErrorsApart?: boolean;
}

export function FormAnswerNotice({
  answer,
  look = "banner",
  className = "",
  id,
  target,
  refusalsOnly = false,
  fieldErrorsApart = false,
}: FormAnswerNoticeProps) {
  if (!answer?.message) return null;
  if (target !== undefined && answer.target !== target) return null;
  if (answer.ok && refusalsOnly) return null;
  if (!answer.ok && fieldErrorsApart && Object.keys(answer.fieldErrors ?? {}).length > 0) return null;
  const tone = TONE[look][answer.ok ? "ok" : "refused"];
  return (
    <p id={id} role={answer.ok ? "status" : "alert"} className={`${className} ${tone}`.trim()}>
      {answer.message}
    </p>
  );
}
