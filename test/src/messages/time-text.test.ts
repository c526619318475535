import { describe, expect, it } from 'vitest';
import { renderText } from '../../../adapters/console/render-text.ts';
import type { Message, Span } from '../../../src/messages/message.ts';
import { formatInstant, setYearTime, zoneAbbreviation } from '../../../src/messages/time-text.ts';
import { plain } from '../../../src/messages/views/plain.ts';

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

describe('formatInstant: the year when it is not the current one', () => {
  const at = (iso: string) => new Date(iso);
  const NOW_2026 = at('2026-11-25T13:05:00Z');

  it('shows the year of a date in another year, before or after, and not of one in this year', () => {
    expect(formatInstant(at('2068-10-09T15:00:00Z'), 'Europe/Berlin', 'datetime', NOW_2026)).toBe('Tue 9 Oct 2068 17:00 CEST');
    expect(formatInstant(at('2025-03-01T08:00:00Z'), 'UTC', 'datetime', NOW_2026)).toBe('Sat 1 Mar 2025 08:00 UTC');
    expect(formatInstant(at('2026-01-01T00:00:00Z'), 'UTC', 'datetime', NOW_2026)).toBe('Thu 1 Jan 00:00 UTC');
    // A time of day leaves the date to the words around it.
    expect(formatInstant(at('2068-10-09T15:00:00Z'), 'Europe/Berlin', 'time', NOW_2026)).toBe('17:00 CEST');
  });

  it("reads both years in the reader's zone", () => {
    // 23:30 UTC on New Year's Eve is already 2027 in Berlin, still 2026 in New York.
    const newYear = at('2026-12-31T23:30:00Z');
    const eve = at('2026-12-31T12:00:00Z');
    expect(formatInstant(newYear, 'Europe/Berlin', 'datetime', eve)).toBe('Fri 1 Jan 2027 00:30 CET');
    expect(formatInstant(newYear, 'America/New_York', 'datetime', eve)).toBe('Thu 31 Dec 18:30 EST');
    expect(formatInstant(newYear, 'UTC', 'datetime', eve)).toBe('Thu 31 Dec 23:30 UTC');
    // Once it is 2027 in Berlin, the same instant is this year there.
    expect(formatInstant(newYear, 'Europe/Berlin', 'datetime', at('2026-12-31T23:45:00Z'))).toBe('Fri 1 Jan 00:30 CET');
  });

  it('without a now, takes the current year from the year time source, and shows the year when none is set', () => {
    const far = at('2068-10-09T15:00:00Z');
    try {
      setYearTime({ now: () => at('2068-01-01T12:00:00Z') });
      expect(formatInstant(far, 'Europe/Berlin')).toBe('Tue 9 Oct 17:00 CEST');
      expect(formatInstant(NOW_2026, 'Europe/Berlin')).toBe('Wed 25 Nov 2026 14:05 CET');
      setYearTime(null);
      expect(formatInstant(far, 'Europe/Berlin')).toBe('Tue 9 Oct 2068 17:00 CEST');
      expect(formatInstant(NOW_2026, 'Europe/Berlin')).toBe('Wed 25 Nov 2026 14:05 CET');
      expect(formatInstant(NOW_2026, 'Europe/Berlin', 'datetime', NOW_2026)).toBe('Wed 25 Nov 14:05 CET');
    } finally {
      setYearTime({ now: () => at('2026-11-23T09:00:00Z') }); // as test/helpers/year-time.ts pins it
    }
  });

  it('reaches fallback text and the console alike', () => {
    const due: Span[] = ['due ', { time: at('2068-10-09T15:00:00Z'), zone: 'Europe/Berlin' }];
    expect(plain(due)).toBe('due Tue 9 Oct 2068 17:00 CEST');
    const message: Message = { fallback: plain(due), blocks: [{ type: 'text', text: due }] };
    expect(renderText(message, { timezone: 'Europe/Berlin', now: NOW_2026 })).toBe('due Tue 9 Oct 2068 17:00 CEST');
    expect(renderText(message, { timezone: 'Europe/Berlin', now: at('2068-05-01T00:00:00Z') })).toBe('due Tue 9 Oct 17:00 CEST');
  });
});
