import { isIanaZoneName } from '../../src/calendar/zone-name.ts';
import { BadArgumentError } from '../../src/errors.ts';

/**
 * Parses an IANA time-zone name (`--tz Europe/Berlin`), case-insensitively, and returns its canonical
 * spelling (`europe/berlin` → `Europe/Berlin`) so stored zones compare equal. `UTC` is accepted.
 * Throws `BadArgumentError` for an unknown zone.
 */
export function parseTimeZone(input: string): string {
  const s = input.trim();
  if (s !== '' && isIanaZoneName(s)) {
    // Intl knows the canonical casing; Luxon only validates.
    return new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
  }
  const shown = s === '' ? 'An empty time zone' : `"${s}"`;
  throw new BadArgumentError(
    `${shown} is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
  );
}
