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
