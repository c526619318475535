/**
 * A country's public holidays, with date-holidays (docs/semantics.md §1, "Imported holidays").
 *
 * Only holidays of type `public` count (bank holidays, school holidays, observances such as Rosenmontag
 * or, in Bavaria, Mariä Himmelfahrt — a holiday in some municipalities only — do not), and only whole
 * days: a public half-day (starting at noon) is left out and counted. Dates are the country's own local
 * dates, taken as dates in the calendar's zone.
 */
import Holidays from 'date-holidays';
import { BadArgumentError } from '../../src/errors.ts';
import type { CountryHolidays, ParsedHolidays } from '../../src/ports/holidays.ts';

const CODES = 'https://github.com/commenthol/date-holidays#supported-countries-states-regions';

export const countryHolidays: CountryHolidays = { publicHolidays };

export function publicHolidays(country: string, region: string | null, years: { from: number; to: number }): ParsedHolidays {
  const cc = country.toUpperCase();
  const catalogue = new Holidays();
  const countries = catalogue.getCountries('en') ?? {};
  if (!Object.hasOwn(countries, cc)) {
    throw new BadArgumentError(`"${cc}" is not a country date-holidays knows: use an ISO 3166-1 code such as DE, AT, CH, FR, GB or US (all codes: ${CODES}).`);
  }
  const rc = region?.toUpperCase() ?? null;
  if (rc !== null) {
    const states = catalogue.getStates(cc, 'en') ?? {};
    if (!Object.hasOwn(states, rc)) {
      const known = Object.keys(states);
      throw new BadArgumentError(
        known.length === 0
          ? `${countries[cc]} (${cc}) has no regions in date-holidays: leave out --region.`
          : `"${rc}" is not a region of ${countries[cc]} (${cc}): use one of ${known.slice(0, 60).join(', ')}${known.length > 60 ? ', …' : ''} (the ISO 3166-2 code without "${cc}-"; list: ${CODES}).`,
      );
    }
  }
  const hd = rc === null ? new Holidays(cc, { types: ['public'] }) : new Holidays(cc, rc, { types: ['public'] });
  const dates = new Set<string>();
  let halfDays = 0;
  for (let year = years.from; year <= years.to; year++) {
    for (const h of hd.getHolidays(year) || []) {
      if (h.type !== 'public') continue;
      // `date` is "YYYY-MM-DD hh:mm:ss" in the country's zone; a holiday from noon is a half-day.
      if (!/ 00:00:00/.test(h.date)) {
        halfDays++;
        continue;
      }
      // A holiday spanning several days (rare) counts each of them.
      const first = h.date.slice(0, 10);
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      const d = new Date(`${first}T00:00:00Z`);
      for (let i = 0; i < Math.min(days, 14); i++) {
        dates.add(d.toISOString().slice(0, 10));
        d.setUTCDate(d.getUTCDate() + 1);
      }
    }
  }
  return { dates: [...dates].sort(), skipped: halfDays ? [{ reason: 'public half-day', count: halfDays }] : [] };
}
