// The one shape every form action answers with, read by the action that sends
// it and by the page that shows it (so it stays free of server-only code).

/** Messages keyed by the name of the form field they are about. */
export type FieldErrors = Record<string, string>;

/**
 * What a form action answers. `message` is the one line shown above the form,
 * `fieldErrors` the lines shown next to fields, and `target` the id of the
 * thing the answer is about when a page holds many forms of one kind (a milestone);
 * `intent` which of a thing's forms it answers, so the answer shows beside that form.
 */
export type FormAnswer =
  | { ok: true; message?: string; target?: string; intent?: string }
  | { ok: false; message?: string; fieldErrors?: FieldErrors; target?: string };

/** The error for one field, if the answer has one. */
export function fieldError(answer: FormAnswer | undefined, name: string): string | undefined {
  return answer && !answer.ok ? answer.fieldErrors?.[name] : undefined;
}
