/**
 * Errors a user caused and can fix. Adapters turn these into a friendly (ephemeral) reply with usage;
 * anything that is not a UserError is a bug, logged with context and answered with an apology.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** The input is malformed or out of range. */
export class BadArgumentError extends UserError {
  override readonly name = 'BadArgumentError';
}

/** The thing named does not exist. */
export class NotFoundError extends UserError {
  override readonly name = 'NotFoundError';
}

/** The actor lacks the role the action needs. */
export class ForbiddenError extends UserError {
  override readonly name = 'ForbiddenError';
}

/** The action is not allowed in the current state (e.g. acknowledging a resolved incident). */
export class ConflictError extends UserError {
  override readonly name = 'ConflictError';
}
