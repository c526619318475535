import { describe, expect, it } from 'vitest';
import { formatInstant, zoneAbbreviation } from '../../../src/messages/time-text.ts';

describe('zoneAbbreviation (remembered per zone and quarter hour)', () => {
  const at = (iso: string) => new Date(iso);

  it('switches exactly at DST transitions, asked in any order', () => {
    // Berlin springs forward at 01:00 UTC; New York falls back at 06:00 UTC; Lord Howe moves by 30 min.
    const cases: Array<[string, string, string]> = [
      ['Europe/Berlin', '2026-03-29T00:59:59Z', 'CET'],
      ['Europe/Berlin', '2026-03-29T01:00:00Z', 'CEST'],
      ['America/New_York', '2026-11-01T05:59:59Z', 'EDT'],
      ['America/New_York', '2026-11-01T06:00:00Z', 'EST'],
      ['Australia/Lord_Howe', '2026-04-04T14:59:59Z', 'LHDT'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 'LHST'],
    ];
    for (const order of [cases, [...cases].reverse()]) {
      for (const [zone, iso, name] of order) expect(zoneAbbreviation(at(iso), zone), `${zone} ${iso}`).toBe(name);
    }
  });

  it('names the zone in formatted times', () => {
    expect(formatInstant(at('2026-11-25T13:05:00Z'), 'Europe/Berlin')).toBe('Wed 25 Nov 14:05 CET');
    expect(formatInstant(at('2026-07-01T13:05:00Z'), 'Asia/Tokyo', 'time')).toBe('22:05 UTC+9');
  });
});
