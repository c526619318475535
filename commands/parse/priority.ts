import { PRIORITIES, type Priority } from '../../src/domain/incident.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

export { PRIORITIES, type Priority };

/**
 * Parses a priority: `P1`..`P4` in any case, or the bare digit `1`..`4`.
 * Throws `BadArgumentError` otherwise.
 */
export function parsePriority(input: string): Priority {
  const m = /^p?([1-4])$/i.exec(input.trim());
  if (m) return `P${m[1]}` as Priority;
  const shown = input.trim() === '' ? 'an empty priority' : `"${echo(input)}"`;
  throw new BadArgumentError(`${shown} is not a priority: use P1 (most urgent), P2, P3 or P4, e.g. P2.`);
}
