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

/**
 * The database cannot be reached right now (down, restarting, refusing connections, every connection
 * busy past the wait, a statement over its time limit). Not the user's mistake and not a bug: nothing
 * was done, or what was done is unknown, and trying again in a moment is the remedy. The database layer
 * turns its drivers' connection failures into this (db/unavailable.ts); adapters answer it with
 * {@link UNAVAILABLE_TEXT} instead of an apology with an error id.
 */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
}

/** What a person hears when their command, click or reaction met an {@link UnavailableError}. */
export const UNAVAILABLE_TEXT = 'Pacta cannot reach its database right now. Try again in a moment.';
