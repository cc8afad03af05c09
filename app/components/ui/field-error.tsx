// A form answer's error for one field, shown next to that field, and the
// attributes that tie the field to it for screen readers.
import { type FormAnswer, fieldError } from "~/utils/form-answer";

/** aria-invalid and aria-describedby for a field; `describedBy` is the id of the line that explains it. */
export function fieldAria(answer: FormAnswer | undefined, name: string, describedBy: string) {
  const invalid = Boolean(fieldError(answer, name));
  return { "aria-invalid": invalid || undefined, "aria-describedby": invalid ? describedBy : undefined };
}

export function FieldError({
  answer,
  name,
  id,
  className = "mt-1 text-sm text-red-700",
}: {
  answer: FormAnswer | undefined;
  name: string;
  id: string;
  className?: string;
}) {
  const message = fieldError(answer, name);
  if (!message) return null;
  return (
    <p id={id} className={className}>
      {message}
    </p>
  );
}
