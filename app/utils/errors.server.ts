// Domain errors, which the edge (app/server/form-answer.server.ts) turns into HTTP answers:
// not found never says whether the thing exists for someone else; forbidden is for what the caller can see but not change.
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
