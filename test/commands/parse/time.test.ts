import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseFutureTime, parseTime, timeContinues } from '../../../commands/parse/time.ts';
import { bad, onlyBadArgument } from './bad.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const iso = (d: Date): string => d.toISOString();
// 2026-11-25 13:00 in Berlin (CET, UTC+1).
const NOW = new Date('2026-11-25T12:00:00Z');
const past = (s: string, now = NOW, timezone = BERLIN) => iso(parseTime(s, { now, timezone }));
const future = (s: string, now = NOW, timezone = BERLIN) => iso(parseFutureTime(s, { now, timezone }));

describe('parseTime', () => {
  it('reads now and relative past times', () => {
    expect(past('now')).toBe('2026-11-25T12:00:00.000Z');
    expect(past('NOW')).toBe('2026-11-25T12:00:00.000Z');
    expect(past('-15m')).toBe('2026-11-25T11:45:00.000Z');
    expect(past('-2h')).toBe('2026-11-25T10:00:00.000Z');
    expect(past('-1h30m')).toBe('2026-11-25T10:30:00.000Z');
    expect(past('15m ago')).toBe('2026-11-25T11:45:00.000Z');
    expect(past(' 2D   AGO ')).toBe('2026-11-23T12:00:00.000Z');
  });

  it('reads HH:MM as the most recent such time in the zone: today, or yesterday if still ahead', () => {
    expect(past('10:05')).toBe('2026-11-25T09:05:00.000Z');
    expect(past('9:05')).toBe('2026-11-25T08:05:00.000Z');
    expect(past('13:00')).toBe('2026-11-25T12:00:00.000Z'); // exactly now is today
    expect(past('13:01')).toBe('2026-11-24T12:01:00.000Z');
    expect(past('23:59:30')).toBe('2026-11-24T22:59:30.000Z');
    expect(past('00:00')).toBe('2026-11-24T23:00:00.000Z');
    // The zone decides the date: at 20:00Z it is 21:00 on the 25th in Berlin but 05:00 on the 26th in Tokyo.
    const evening = new Date('2026-11-25T20:00:00Z');
    expect(past('04:00', evening)).toBe('2026-11-25T03:00:00.000Z');
    expect(past('04:00', evening, 'Asia/Tokyo')).toBe('2026-11-25T19:00:00.000Z');
  });

  it('reads local dates and date-times in the zone', () => {
    expect(past('2026-11-25 10:05')).toBe('2026-11-25T09:05:00.000Z');
    expect(past('2026-11-25T10:05')).toBe('2026-11-25T09:05:00.000Z');
    expect(past('2026-11-25t10:05:30')).toBe('2026-11-25T09:05:30.000Z');
    expect(past('2026-11-25')).toBe('2026-11-24T23:00:00.000Z');
    expect(past('2026-07-01 10:05')).toBe('2026-07-01T08:05:00.000Z'); // summer time
    expect(past('2026-11-25 10:05', NOW, NEW_YORK)).toBe('2026-11-25T15:05:00.000Z');
    // Absolute times are returned as given, even ahead of now: the command decides.
    expect(past('2027-01-01')).toBe('2026-12-31T23:00:00.000Z');
  });

  it('reads ISO times with Z or an offset, ignoring the zone', () => {
    expect(past('2026-11-25T10:05:00Z')).toBe('2026-11-25T10:05:00.000Z');
    expect(past('2026-11-25T10:05Z', NOW, NEW_YORK)).toBe('2026-11-25T10:05:00.000Z');
    expect(past('2026-11-25T10:05:00+01:00')).toBe('2026-11-25T09:05:00.000Z');
    expect(past('2026-11-25T10:05-0500')).toBe('2026-11-25T15:05:00.000Z');
    expect(past('2026-11-25 10:05:00.250z')).toBe('2026-11-25T10:05:00.250Z');
  });

  it.each([
    ['+2h', /in the future, but a past time is needed here: e\.g\. -2h or 2h ago/],
    ['in 2h', /in the future.*-2h or 2h ago/],
    ['15m', /is a duration, not a time: write -15m or 15m ago/],
    ['-5', /needs a unit/],
    ['5x ago', /Unknown unit "x"/],
    ['', /is not a time I understand; write one e\.g\. 10:05, 2026-11-25 10:05/],
    ['yesterday', /is not a time I understand/],
    ['24:00', /not a time of day \(00:00 to 23:59\)/],
    ['10:60', /not a time of day/],
    ['10:05:60', /not a time of day/],
    ['10', /is not a time I understand/],
    ['10.05', /is not a time I understand/],
    ['2026-02-30', /2026-02-30 is not a date on the calendar/],
    ['2026-13-01 10:00', /2026-13-01 is not a date on the calendar/],
    ['2026-11-25 25:00', /not a time of day/],
    ['2026-11-25T25:00Z', /not a valid date and time/],
    ['25/11/2026', /is not a time I understand/],
  ])('rejects %j with a message that shows examples', (input, message) => {
    expect(bad(() => parseTime(input, { now: NOW, timezone: BERLIN })).message).toMatch(message);
  });

  it('rejects an unknown zone as a user error', () => {
    expect(bad(() => parseTime('10:05', { now: NOW, timezone: 'Mars/Olympus' })).message).toMatch(/not a time zone/);
  });
});

describe('parseFutureTime', () => {
  it('reads HH:MM as the next such time: today, or tomorrow once passed', () => {
    expect(future('14:00')).toBe('2026-11-25T13:00:00.000Z');
    expect(future('13:00')).toBe('2026-11-25T12:00:00.000Z'); // exactly now is today
    expect(future('10:05')).toBe('2026-11-26T09:05:00.000Z');
  });

  it('reads forward relative times and absolute times', () => {
    expect(future('+2h')).toBe('2026-11-25T14:00:00.000Z');
    expect(future('in 2h')).toBe('2026-11-25T14:00:00.000Z');
    expect(future('IN 1h30m')).toBe('2026-11-25T13:30:00.000Z');
    expect(future('now')).toBe('2026-11-25T12:00:00.000Z');
    expect(future('2026-11-26 22:00')).toBe('2026-11-26T21:00:00.000Z');
  });

  it.each([
    ['-15m', /in the past, but a time ahead is needed here: e\.g\. \+15m or in 15m/],
    ['15m ago', /in the past.*\+15m or in 15m/],
    ['2h', /is a duration, not a time: write \+2h or in 2h/],
    ['soon', /not a time I understand; write one e\.g\. 22:00/],
  ])('rejects %j', (input, message) => {
    expect(bad(() => parseFutureTime(input, { now: NOW, timezone: BERLIN })).message).toMatch(message);
  });
});

describe('time zones with daylight saving (docs/semantics.md §1 rules)', () => {
  it('Europe/Berlin spring forward (2026-03-29 02:00 → 03:00): a time in the gap moves forward', () => {
    expect(past('2026-03-29 01:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(past('2026-03-29 02:30')).toBe('2026-03-29T01:30:00.000Z'); // = 03:30 CEST
    expect(past('2026-03-29 03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(past('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
  });

  it('Europe/Berlin fall back (2026-10-25 03:00 → 02:00): an ambiguous time is its first occurrence', () => {
    expect(past('2026-10-25 01:59')).toBe('2026-10-24T23:59:00.000Z');
    expect(past('2026-10-25 02:00')).toBe('2026-10-25T00:00:00.000Z'); // CEST, not CET
    expect(past('2026-10-25 02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(past('2026-10-25 03:00')).toBe('2026-10-25T02:00:00.000Z');
    // HH:MM on that day, asked at 04:00 CET: 02:30 is the first (CEST) one.
    expect(past('02:30', new Date('2026-10-25T03:00:00Z'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('America/New_York spring forward (2026-03-08) and fall back (2026-11-01)', () => {
    const ny = (s: string) => past(s, NOW, NEW_YORK);
    expect(ny('2026-03-08 01:59')).toBe('2026-03-08T06:59:00.000Z');
    expect(ny('2026-03-08 02:30')).toBe('2026-03-08T07:30:00.000Z'); // = 03:30 EDT
    expect(ny('2026-03-08 03:00')).toBe('2026-03-08T07:00:00.000Z');
    expect(ny('2026-11-01 00:59')).toBe('2026-11-01T04:59:00.000Z');
    expect(ny('2026-11-01 01:30')).toBe('2026-11-01T05:30:00.000Z'); // EDT, the first 01:30
    expect(ny('2026-11-01 02:00')).toBe('2026-11-01T07:00:00.000Z');
  });

  it('HH:MM across a transition uses that day\'s offset', () => {
    // Berlin 2026-03-29 14:00 CEST: 10:05 today is CEST, 01:30 today was still CET.
    const spring = new Date('2026-03-29T12:00:00Z');
    expect(past('10:05', spring)).toBe('2026-03-29T08:05:00.000Z');
    expect(past('01:30', spring)).toBe('2026-03-29T00:30:00.000Z');
    // At 01:30 CET on the 29th, 10:05 is yesterday's (CET).
    expect(past('10:05', new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-28T09:05:00.000Z');
    // At 21:00 CET on the 28th, the next 10:05 is tomorrow's, in CEST.
    expect(future('10:05', new Date('2026-03-28T20:00:00Z'))).toBe('2026-03-29T08:05:00.000Z');
    // New York, the evening before fall back: the next 01:30 is the EDT one.
    expect(future('01:30', new Date('2026-11-01T02:00:00Z'), NEW_YORK)).toBe('2026-11-01T05:30:00.000Z');
  });

  it('relative times are real elapsed time, whatever the zone', () => {
    expect(past('-2h', new Date('2026-03-29T01:30:00Z'))).toBe('2026-03-28T23:30:00.000Z');
    expect(future('in 24h', new Date('2026-10-24T12:00:00Z'))).toBe('2026-10-25T12:00:00.000Z');
  });

  for (const zone of [BERLIN, NEW_YORK]) {
    it(`HH:MM lands within a day of now, on that wall time, all through 2026 in ${zone} (property)`, () => {
      const start = Date.UTC(2026, 0, 1);
      const end = Date.UTC(2027, 0, 1);
      fc.assert(
        fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (ms, h, m) => {
          const now = new Date(ms);
          const text = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const before = parseTime(text, { now, timezone: zone }).getTime();
          const after = parseFutureTime(text, { now, timezone: zone }).getTime();
          expect(before).toBeLessThanOrEqual(ms);
          expect(after).toBeGreaterThanOrEqual(ms);
          // 24 h, plus one more on a day with a transition.
          expect(ms - before).toBeLessThan(25 * 3_600_000);
          expect(after - ms).toBeLessThan(25 * 3_600_000);
          for (const t of [before, after]) {
            const local = DateTime.fromMillis(t, { zone });
            const shift = local.hour * 60 + local.minute - (h * 60 + m);
            // Exactly the wall time asked for, or an hour later when it fell in a spring-forward gap.
            expect(shift === 0 || (shift === 60 && local.offset > local.minus({ hours: 2 }).offset)).toBe(true);
          }
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('never throws anything but BadArgumentError (property)', () => {
    const words = fc.constantFrom('now', 'ago', 'in', '+', '-', '15m', '10:05', '2026-11-25', 'T', 'Z', '+01:00', ':', '99', ' ');
    const input = fc.oneof(fc.string({ maxLength: 30 }), fc.array(words, { maxLength: 5 }).map((w) => w.join('')));
    fc.assert(
      fc.property(input, fc.boolean(), (s, ahead) =>
        onlyBadArgument(() => (ahead ? parseFutureTime : parseTime)(s, { now: NOW, timezone: BERLIN })),
      ),
      { numRuns: 3000 },
    );
  });
});

describe('timeContinues', () => {
  it('joins a date with a clock time, a duration with ago, and in with a duration', () => {
    expect(timeContinues('2026-11-25', '10:05')).toBe(true);
    expect(timeContinues('2026-11-25', '10:05:00Z')).toBe(true);
    expect(timeContinues('15m', 'ago')).toBe(true);
    expect(timeContinues('1h30m', 'AGO')).toBe(true);
    expect(timeContinues('in', '2h')).toBe(true);
  });
  it('joins nothing else', () => {
    expect(timeContinues('10:05', 'card')).toBe(false);
    expect(timeContinues('2026-11-25', 'payments')).toBe(false);
    expect(timeContinues('2026-11-25 10:05', '10:06')).toBe(false);
    expect(timeContinues('15m ago', 'ago')).toBe(false);
    expect(timeContinues('in', 'the')).toBe(false);
    expect(timeContinues('now', '10:05')).toBe(false);
  });
});
