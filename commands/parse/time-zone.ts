import { isIanaZoneName, zonesForAbbreviation } from '../../src/calendar/zone-name.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

/**
 * Parses a time zone a user typed (`--tz Europe/Berlin`): an IANA name, case-insensitively, returned in
 * its canonical spelling (`europe/berlin` → `Europe/Berlin`) so stored zones compare equal. `UTC` is
 * accepted. Every command that takes a zone reads it here.
 *
 * Throws `BadArgumentError` for an unknown zone, and for an abbreviation such as `EST` or `CET` even
 * where the runtime knows one (it would take `EST` for Panama, which never observes daylight saving
 * time), suggesting the zones it usually stands for (docs/semantics.md §1).
 */
export function parseTimeZone(input: string): string {
  const s = input.trim();
  const meant = zonesForAbbreviation(s);
  if (meant !== undefined) {
    const examples = meant.length ? meant.join(' or ') : 'Europe/Berlin, America/New_York or Asia/Tokyo';
    throw new BadArgumentError(
      `"${echo(s)}" is an abbreviation, not a time zone: it names no place, so it cannot say when daylight saving time applies. ` +
        `Use the IANA name of a place, e.g. ${examples} (or UTC).`,
    );
  }
  return canonicalTimeZone(s);
}

/**
 * The canonical spelling of an IANA zone name (`europe/berlin` → `Europe/Berlin`), for zones that come
 * from configuration or a chat platform rather than from the user's typing (they are not checked for
 * abbreviations). Throws `BadArgumentError` for an unknown zone.
 */
export function canonicalTimeZone(input: string): string {
  const s = input.trim();
  if (s !== '' && isIanaZoneName(s)) {
    // Intl knows the canonical casing; Luxon only validates.
    return new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
  }
  const shown = s === '' ? 'An empty time zone' : `"${echo(s)}"`;
  throw new BadArgumentError(
    `${shown} is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
  );
}
