import { readIncidentId } from '../../src/domain/incident-id.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

/**
 * Parses an incident id as people write it: `INC-42`, `inc-42`, `INC42`, `#42` or `42` → 42. Throws
 * `BadArgumentError` for anything else, including 0 and numbers past the bound Pacta can store (saying
 * so here beats a database error later); the reading and the bound are `src/domain/incident-id.ts`'s.
 */
export function parseIncidentId(input: string): number {
  const n = readIncidentId(input);
  if (n !== null) return n;
  const s = input.trim();
  const shown = s === '' ? 'An empty id' : `"${echo(s)}"`;
  throw new BadArgumentError(`${shown} is not an incident id: write it like INC-42 (or just 42).`);
}
