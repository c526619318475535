import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

// Ids are stored as Postgres `integer`; a larger number cannot be an incident, and saying so here beats a
// database error later.
const MAX_INCIDENT_NUMBER = 2_147_483_647;

/**
 * Parses an incident id as people write it: `INC-42`, `inc-42`, `INC42`, `#42` or `42` → 42.
 * Throws `BadArgumentError` for anything else, including 0.
 */
export function parseIncidentId(input: string): number {
  const s = input.trim();
  const m = /^(?:inc-?|#)?(\d{1,12})$/i.exec(s);
  const n = m ? Number(m[1]) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_INCIDENT_NUMBER) return n;
  const shown = s === '' ? 'An empty id' : `"${echo(s)}"`;
  throw new BadArgumentError(`${shown} is not an incident id: write it like INC-42 (or just 42).`);
}

/** Formats an incident number the way people see it: 42 → `INC-42`. */
export function formatIncidentId(n: number): string {
  // A non-positive or fractional number here is a programming error, not a user's.
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Not an incident number: ${n}`);
  return `INC-${n}`;
}
