import { truncateText } from '../../src/messages/text-fit.ts';

/** The most characters of a user's input an error message quotes back. */
export const MAX_ECHO = 60;

/**
 * A user's input as an error message quotes it back: trimmed and cut to {@link MAX_ECHO} characters
 * (ending in `…`), so a pasted essay in place of `15m` does not bury the useful part of the reply.
 */
export function echo(input: string, max = MAX_ECHO): string {
  return truncateText(input.trim(), max);
}
