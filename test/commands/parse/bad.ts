import { BadArgumentError } from '../../../src/errors.ts';

/** Runs `f`, expecting a BadArgumentError; returns it so a test can check what the user is told. */
export function bad(f: () => unknown): BadArgumentError {
  try {
    f();
  } catch (e) {
    if (e instanceof BadArgumentError) return e;
    throw e;
  }
  throw new Error('expected a BadArgumentError, but nothing was thrown');
}

/** Calls `f`; anything thrown must be a BadArgumentError (used by the never-crash properties). */
export function onlyBadArgument(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof BadArgumentError)) throw e;
    if (e.message.trim() === '') throw new Error('BadArgumentError with an empty message');
  }
}
