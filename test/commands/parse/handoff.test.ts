import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHandoff, parseHandoff } from '../../../commands/parse/handoff.ts';
import type { Handoff, IsoWeekday } from '../../../src/domain/oncall.ts';
import { bad, onlyBadArgument } from './bad.ts';

describe('parseHandoff: the documented forms (docs/semantics.md §7)', () => {
  it.each<[string, Handoff]>([
    ['daily 09:00', { every: 'day', at: '09:00' }],
    ['DAILY 9:00', { every: 'day', at: '09:00' }],
    ['daily 00:00', { every: 'day', at: '00:00' }],
    ['daily 23:59', { every: 'day', at: '23:59' }],
    ['daily at 09:00', { every: 'day', at: '09:00' }],
    ['weekly mon 09:00', { every: 'week', weekday: 1, at: '09:00' }],
    ['weekly Monday 09:00', { every: 'week', weekday: 1, at: '09:00' }],
    ['Weekly SUN   23:30', { every: 'week', weekday: 7, at: '23:30' }],
    ['weekly thursday 8:15', { every: 'week', weekday: 4, at: '08:15' }],
    ['every 3 days 09:00', { every: 'days', days: 3, at: '09:00' }],
    ['every 28 days 09:00', { every: 'days', days: 28, at: '09:00' }],
    ['every 7 days 18:00', { every: 'days', days: 7, at: '18:00' }],
    ['every 1 day 09:00', { every: 'day', at: '09:00' }],
    ['every 1 days 09:00', { every: 'day', at: '09:00' }],
    ['every day 09:00', { every: 'day', at: '09:00' }],
    ['every monday 09:00', { every: 'week', weekday: 1, at: '09:00' }],
    [' every 2 days at 7:05 ', { every: 'days', days: 2, at: '07:05' }],
  ])('reads %j', (input, want) => {
    expect(parseHandoff(input)).toEqual(want);
  });

  it.each<[string, RegExp]>([
    ['', /Missing hand-off: .*daily 09:00, weekly mon 09:00 or every 3 days 09:00/],
    ['   ', /Missing hand-off/],
    ['daily', /"daily" needs a time: e\.g\. daily 09:00\./],
    ['daily 25:00', /"25:00" in "daily 25:00" is not a time of day: use HH:MM from 00:00 to 23:59, e\.g\. daily 09:00\./],
    ['daily 09:60', /not a time of day/],
    ['daily 9am', /24-hour form: daily 09:00/],
    ['daily 9:30pm', /24-hour form: daily 21:30/],
    ['daily 0900', /with a colon: daily 09:00/],
    ['daily 09:00 10:00', /written like daily 09:00/],
    ['weekly', /needs a weekday and a time: e\.g\. weekly mon 09:00/],
    ['weekly mon', /"weekly mon" needs a time: e\.g\. weekly mon 09:00/],
    ['weekly 09:00', /weekday first, then the time: e\.g\. weekly mon 09:00/],
    ['weekly 09:00 fri', /weekday first, then the time: e\.g\. weekly fri 09:00/],
    ['weekly funday 09:00', /"funday" in "weekly funday 09:00" is not a weekday: use mon, tue/],
    ['mon 09:00', /Write "weekly mon 09:00" for a hand-off every monday/],
    ['09:00', /Say how often the rota hands over at 09:00: e\.g\. daily 09:00 or weekly mon 09:00/],
    ['every', /needs a number of days and a time/],
    ['every 3 days', /"every 3 days" needs a time: e\.g\. every 3 days 09:00/],
    ['every 3 09:00', /needs a unit: e\.g\. every 3 days 09:00/],
    ['every 3d 09:00', /number and the unit apart/],
    ['every 0 days 09:00', /at least a day between them/],
    ['every 29 days 09:00', /at most 28 days apart/],
    ['every 99999999999 days 09:00', /at most 28 days apart/],
    ['every 1.5 days 09:00', /whole number of days/],
    ['every 2 weeks 09:00', /Write "every 14 days 09:00" for a hand-off every 2 weeks/],
    ['every 1 week 09:00', /weekly mon 09:00/],
    ['every 5 weeks 09:00', /at most 28 days \(four weeks\) apart/],
    ['every week 09:00', /weekly mon 09:00/],
    ['every 8 hours', /at most once a day/],
    ['hourly', /at most once a day/],
    ['fortnightly 09:00', /every 14 days 09:00/],
    ['monthly', /at most 28 days apart/],
    ['every 3 fortnights 09:00', /"fortnights" in .* is not a unit: hand-offs are counted in days/],
    ['tomorrow', /"tomorrow" is not a hand-off: write daily 09:00, weekly mon 09:00 or every 3 days 09:00\./],
  ])('refuses %j', (input, message) => {
    expect(bad(() => parseHandoff(input)).message).toMatch(message);
  });

  it('quotes long input back cut short', () => {
    const e = bad(() => parseHandoff(`daily ${'x'.repeat(200)}`));
    expect(e.message).toMatch(/too long for a hand-off/);
    expect(e.message.length).toBeLessThan(200);
  });
});

describe('formatHandoff', () => {
  it('gives the canonical text', () => {
    expect(formatHandoff({ every: 'day', at: '09:00' })).toBe('daily 09:00');
    expect(formatHandoff({ every: 'week', weekday: 1, at: '09:00' })).toBe('weekly mon 09:00');
    expect(formatHandoff({ every: 'week', weekday: 7, at: '23:30' })).toBe('weekly sun 23:30');
    expect(formatHandoff({ every: 'days', days: 3, at: '09:00' })).toBe('every 3 days 09:00');
    // every 1 day is daily (the parser reads it so).
    expect(formatHandoff({ every: 'days', days: 1, at: '09:00' })).toBe('daily 09:00');
  });

  const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const handoff: fc.Arbitrary<Handoff> = fc.oneof(
    clock.map((at): Handoff => ({ every: 'day', at })),
    fc.tuple(fc.integer({ min: 1, max: 7 }), clock).map(([weekday, at]): Handoff => ({ every: 'week', weekday: weekday as IsoWeekday, at })),
    fc.tuple(fc.integer({ min: 2, max: 28 }), clock).map(([days, at]): Handoff => ({ every: 'days', days, at })),
  );

  it('round-trips: parseHandoff(formatHandoff(h)) is h', () => {
    fc.assert(
      fc.property(handoff, (h) => {
        expect(parseHandoff(formatHandoff(h))).toEqual(h);
      }),
    );
  });

  it('never crashes: anything else is a BadArgumentError with a message', () => {
    const words = fc.constantFrom('daily', 'weekly', 'every', 'day', 'days', 'mon', 'sunday', 'at', '3', '0', '29', '09:00', '9:5', '24:00', 'x', '', 'weeks');
    fc.assert(fc.property(fc.array(words, { maxLength: 5 }), (ws) => onlyBadArgument(() => parseHandoff(ws.join(' ')))));
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => onlyBadArgument(() => parseHandoff(s))));
  });
});
