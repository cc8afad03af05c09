// How a form action answers over HTTP: the one answer shape with its status,
// and the one mapping of domain errors to 400, 403 and 404.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import type { FieldErrors, FormAnswer } from "~/utils/form-answer";
import { readForm } from "./request.server";

/** A form answer with its HTTP status (200 unless said otherwise). */
export function answer(body: FormAnswer, status = 200) {
  return data<FormAnswer>(body, { status });
}

/** The answer when the body is not a readable form. */
export function unreadableForm(target?: string) {
  return answer({ ok: false, message: "The form could not be read.", target }, 400);
}

/** The first message the form's schema gave for each field. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.path.length) fieldErrors[String(issue.path[0])] ??= issue.message;
  }
  return fieldErrors;
}

/** A 400 for input the form's schema refused: its first message, and the first message per field. */
export function invalidForm(error: z.ZodError, target?: string) {
  const fieldErrors = fieldErrorsOf(error);
  return answer({ ok: false, message: error.issues[0]?.message ?? "Invalid input.", fieldErrors, target }, 400);
}

/** The request's form parsed by its schema, or the 400 answer to give when it cannot be read or is refused. */
export async function parseForm<T>(
  request: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; input: T } | { ok: false; answer: ReturnType<typeof answer> }> {
  const form = await readForm(request);
  if (!form) return { ok: false, answer: unreadableForm() };
  const parsed = schema.safeParse(form);
  if (!parsed.success) return { ok: false, answer: invalidForm(parsed.error) };
  return { ok: true, input: parsed.data };
}

/** The status and words for a domain error, or null for anything else (rethrow it). */
export function refusal(e: unknown): { status: 400 | 403 | 404; message: string; field?: string } | null {
  if (e instanceof NotFoundError) return { status: 404, message: e.message };
  if (e instanceof ForbiddenError) return { status: 403, message: e.message };
  if (e instanceof InputError) return { status: 400, message: e.message, field: e.field };
  return null;
}

/** The form answer for a domain error: 404, 403 or 400 with its message and field. Anything else is rethrown. */
export function refuse(e: unknown, target?: string) {
  const refused = refusal(e);
  if (!refused) throw e;
  const fieldErrors = refused.field ? { [refused.field]: refused.message } : undefined;
  return answer({ ok: false, message: refused.message, fieldErrors, target }, refused.status);
}
