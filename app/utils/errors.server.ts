// Domain errors that routes turn into HTTP answers: 404 never says whether the
// thing exists for someone else; 403 is for what the caller can see but not change.
export class NotFoundError extends Error {
  constructor(message = "Not found") {
    super(message);
  }
}

export class ForbiddenError extends Error {}

export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** How a route answers a domain error: its status, message and field; null for anything else (rethrow it). */
export function refusal(e: unknown): { status: 400 | 403 | 404; message: string; field?: string } | null {
  if (e instanceof NotFoundError) return { status: 404, message: e.message };
  if (e instanceof ForbiddenError) return { status: 403, message: e.message };
  if (e instanceof InputError) return { status: 400, message: e.message, field: e.field };
  return null;
}
