/**
 * Incident ids, in one place: the bound on the numbers, how Pacta writes them (`INC-42`) and how it
 * reads them back — strictly from what it wrote itself (button values), leniently from what people type.
 * Every adapter, codec and parser goes through here, so all of them accept exactly the same numbers.
 */

/**
 * The largest incident number Pacta can issue and store: `incidents.number` (and every column that
 * refers to it) is a PostgreSQL `integer`, whose largest value is 2³¹ − 1.
 */
export const MAX_INCIDENT_NUMBER = 2_147_483_647;

/** True for incident numbers Pacta can have issued: whole numbers from 1 to {@link MAX_INCIDENT_NUMBER}. */
export function isIncidentNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_INCIDENT_NUMBER;
}

/**
 * Formats an incident number the way people see it: 42 → `INC-42`. A number that cannot be an incident
 * is a programming error, not a user's, and throws a `RangeError`.
 */
export function formatIncidentRef(n: number): string {
  if (!isIncidentNumber(n)) throw new RangeError(`Not an incident number: ${n}`);
  return `INC-${n}`;
}

// Exactly what formatIncidentRef writes: no leading zeros, at most as many digits as the bound has.
const REF = /^INC-([1-9][0-9]{0,9})$/;

/** Reads back exactly what {@link formatIncidentRef} writes (`INC-42` → 42); null for anything else. */
export function parseIncidentRef(s: string): number | null {
  const m = REF.exec(s);
  const n = m ? Number(m[1]) : Number.NaN;
  return isIncidentNumber(n) ? n : null;
}

// People write `INC-42`, `inc-42`, `INC42`, `#42` or `42`, sometimes with leading zeros. Twelve digits at
// most keeps the cost of a long line bounded; anything longer is past the bound anyway.
const WRITTEN = /^(?:inc-?|#)?(\d{1,12})$/i;

/**
 * Reads an incident id as people write it — `INC-42`, `inc-42`, `INC42`, `#42`, `42`, `INC-007`, with
 * spaces around — into its number; null for anything else, including 0 and numbers past the bound.
 */
export function readIncidentId(input: string): number | null {
  const m = WRITTEN.exec(input.trim());
  const n = m ? Number(m[1]) : Number.NaN;
  return isIncidentNumber(n) ? n : null;
}
