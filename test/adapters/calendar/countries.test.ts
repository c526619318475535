/**
 * A country's public holidays (adapters/calendar/countries.ts, docs/semantics.md §1 "Imported holidays").
 */
import { describe, expect, it } from 'vitest';
import { publicHolidays } from '../../../adapters/calendar/countries.ts';

describe('publicHolidays', () => {
  it('DE-BY 2026–2028: the public holidays only, as local dates', () => {
    const { dates, skipped } = publicHolidays('DE', 'BY', { from: 2026, to: 2028 });
    expect(skipped).toEqual([]);
    // Epiphany is a public holiday in Bavaria; German Unity Day everywhere; Corpus Christi in Bavaria.
    for (const d of ['2026-01-01', '2026-01-06', '2026-04-03', '2026-06-04', '2026-10-03', '2026-11-01', '2026-12-25', '2027-01-06', '2028-10-03']) expect(dates).toContain(d);
    // Not public: Rosenmontag and Valentine's Day (observances), Mariä Himmelfahrt (only in some
    // Bavarian municipalities), Christmas Eve and New Year's Eve (bank), Buß- und Bettag (school), Easter Sunday.
    for (const d of ['2026-02-16', '2026-02-14', '2026-08-15', '2026-12-24', '2026-12-31', '2026-11-18', '2026-04-05']) expect(dates).not.toContain(d);
    expect(dates.filter((d) => d.startsWith('2026'))).toHaveLength(12);
    expect(dates.every((d) => d >= '2026-01-01' && d <= '2028-12-31')).toBe(true);
  });

  it('the country alone has no regional holidays; codes are case-insensitive', () => {
    const de = publicHolidays('de', null, { from: 2026, to: 2026 }).dates;
    expect(de).toContain('2026-10-03');
    expect(de).not.toContain('2026-01-06');
  });

  it('public half-days are left out and counted', () => {
    const cn = publicHolidays('CN', null, { from: 2026, to: 2026 });
    expect(cn.dates).toContain('2026-10-01');
    expect(cn.skipped).toEqual([{ reason: 'public half-day', count: 3 }]);
  });

  it('unknown countries and regions are refused, saying where the codes are', () => {
    expect(() => publicHolidays('XX', null, { from: 2026, to: 2026 })).toThrow(/"XX" is not a country date-holidays knows: use an ISO 3166-1 code such as DE.*github\.com\/commenthol\/date-holidays/);
    expect(() => publicHolidays('DE', 'ZZ', { from: 2026, to: 2026 })).toThrow(/"ZZ" is not a region of Germany \(DE\): use one of BB, BE, BW, BY,.*TH/);
    expect(() => publicHolidays('SG', 'X', { from: 2026, to: 2026 })).toThrow(/Singapore \(SG\) has no regions/);
  });
});
