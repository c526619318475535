import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS } from '../../../src/calendar/types.ts';
import {
  digestScheduleContinues,
  formatDigestSchedule,
  parseDigestSchedule,
  toCron,
  type DigestSchedule,
} from '../../../commands/parse/digest-schedule.ts';
import { bad, onlyBadArgument } from './bad.ts';

describe('parseDigestSchedule: the documented forms (docs/semantics.md §4)', () => {
  it.each<[string, DigestSchedule]>([
    ['daily@09:00', { kind: 'daily', time: '09:00' }],
    ['DAILY@9:00', { kind: 'daily', time: '09:00' }],
    ['daily@00:00', { kind: 'daily', time: '00:00' }],
    ['weekdays@17:30', { kind: 'weekdays', time: '17:30' }],
    ['weekly@mon 09:00', { kind: 'weekly', weekday: 'mon', time: '09:00' }],
    ['weekly@Monday 09:00', { kind: 'weekly', weekday: 'mon', time: '09:00' }],
    ['weekly@SUN   23:59', { kind: 'weekly', weekday: 'sun', time: '23:59' }],
    [' weekly@fri 8:15 ', { kind: 'weekly', weekday: 'fri', time: '08:15' }],
  ])('reads %j', (input, want) => {
    expect(parseDigestSchedule(input)).toEqual(want);
  });

  it.each([
    ['', /Missing digest schedule/],
    ['daily', /needs a time: e\.g\. daily@09:00/],
    ['weekly', /needs a time: e\.g\. weekly@mon 09:00/],
    ['daily@', /is not a digest schedule/],
    ['daily@9', /"9" in "daily@9" is not a time of day: use HH:MM/],
    ['daily@24:00', /not a time of day/],
    ['weekdays@09:60', /not a time of day/],
    ['weekly@mon', /needs a time: e\.g\. weekly@mon 09:00/],
    ['weekly@funday 09:00', /"funday" .* is not a weekday: use mon, tue/],
    ['weekly@mon 9', /"9" .* is not a time of day/],
    ['weekly@mon@09:00', /is not a digest schedule: use daily@09:00, weekdays@09:00, weekly@mon 09:00/],
    ['hourly@09:00', /is not a digest schedule/],
    ['@daily', /is not a digest schedule/],
  ])('rejects %j', (input, message) => {
    expect(bad(() => parseDigestSchedule(input)).message).toMatch(message);
  });
});

describe('parseDigestSchedule: cron', () => {
  it.each([
    ['0 9 * * 1-5', '0 9 * * 1-5'],
    ['0 */2 * * *', '0 */2 * * *'],
    ['0 9 1,15 * *', '0 9 1,15 * *'],
    ['0  9 *  * MON-FRI', '0 9 * * mon-fri'],
    ['0 9 * JAN-MAR,oct mon', '0 9 * jan-mar,oct mon'],
    ['30 8 * * sat-sun', '30 8 * * sat-sun'],
    ['0 9 * * 0,7', '0 9 * * 0,7'],
    ['5 8-18/2 * * *', '5 8-18/2 * * *'],
    ['0 0 29 2 *', '0 0 29 2 *'],
    ['0 9 31 * *', '0 9 31 * *'],
    ['0 9 30 2 mon', '0 9 30 2 mon'], // day of week given: cron fires on Mondays in February
  ])('accepts %j', (input, expr) => {
    expect(parseDigestSchedule(input)).toEqual({ kind: 'cron', expr });
  });

  it.each([
    ['0 9 * *', /5 fields .* has 4/],
    ['0 0 9 * * *', /has 6 \(a seconds field is not supported\)/],
    ['60 * * * *', /minute field "60" has 60, outside 0-59/],
    ['0 24 * * *', /hour field "24" has 24, outside 0-23/],
    ['0 9 0 * *', /day of month field "0" has 0, outside 1-31/],
    ['0 9 * 13 *', /month field "13" has 13, outside 1-12/],
    ['0 9 * * 8', /day of week field "8" has 8, outside 0-7/],
    ['0 9 * * fri-mon', /runs backwards \(fri-mon\)/],
    ['0 17-9 * * *', /runs backwards/],
    ['*/0 * * * *', /step out of range/],
    ['*/90 * * * *', /step out of range \(1 to 59\)/],
    ['0 9 ? * mon', /Quartz syntax/],
    ['0 9 L * *', /Quartz syntax/],
    ['0 9 * * mon#2', /Quartz syntax/],
    ['0 9 15W * *', /Quartz syntax/],
    ['0 9 30 2 *', /never runs/],
    ['0 9 31 4,6,9,11 *', /never runs/],
    ['0 9 * * funday', /unknown name "funday"/],
    ['0 9 * mon *', /unknown name "mon"/],
    ['a 9 * * *', /"a", which is not a number/],
    ['0 9 * * 1-5,', /invalid part ""/],
    ['0 9 * * 1--5', /invalid part/],
  ])('rejects %j', (input, message) => {
    const e = bad(() => parseDigestSchedule(input));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/daily@09:00/);
  });
});

describe('toCron and formatDigestSchedule', () => {
  it('turns each form into a 5-field cron expression (Sunday = 0)', () => {
    expect(toCron(parseDigestSchedule('daily@09:00'))).toBe('0 9 * * *');
    expect(toCron(parseDigestSchedule('weekdays@17:30'))).toBe('30 17 * * 1-5');
    expect(toCron(parseDigestSchedule('weekly@mon 09:00'))).toBe('0 9 * * 1');
    expect(toCron(parseDigestSchedule('weekly@sat 06:05'))).toBe('5 6 * * 6');
    expect(toCron(parseDigestSchedule('weekly@sun 00:00'))).toBe('0 0 * * 0');
    expect(toCron(parseDigestSchedule('0 9 * * MON-FRI'))).toBe('0 9 * * mon-fri');
  });

  it('formats schedules as users write them', () => {
    expect(formatDigestSchedule({ kind: 'daily', time: '09:00' })).toBe('daily@09:00');
    expect(formatDigestSchedule({ kind: 'weekdays', time: '09:00' })).toBe('weekdays@09:00');
    expect(formatDigestSchedule({ kind: 'weekly', weekday: 'mon', time: '09:00' })).toBe('weekly@mon 09:00');
    expect(formatDigestSchedule({ kind: 'cron', expr: '0 9 * * 1-5' })).toBe('0 9 * * 1-5');
  });

  const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const schedule: fc.Arbitrary<DigestSchedule> = fc.oneof(
    hhmm.map((time) => ({ kind: 'daily', time }) as const),
    hhmm.map((time) => ({ kind: 'weekdays', time }) as const),
    fc.tuple(fc.constantFrom(...WEEKDAYS), hhmm).map(([weekday, time]) => ({ kind: 'weekly', weekday, time }) as const),
  );

  it('format → parse gives the same schedule, and toCron output is itself a valid schedule (property)', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        expect(parseDigestSchedule(formatDigestSchedule(s))).toEqual(s);
        const cron = toCron(s);
        expect(parseDigestSchedule(cron)).toEqual({ kind: 'cron', expr: cron });
        expect(toCron(parseDigestSchedule(cron))).toBe(cron);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but BadArgumentError (property)', () => {
    const part = fc.constantFrom('0', '9', '59', '*', '*/5', '1-5', 'mon', 'jan', ',', '-', '/', ' ', '@', 'daily', 'weekly', '09:00', '?', 'x');
    const input = fc.oneof(fc.string({ maxLength: 30 }), fc.array(part, { maxLength: 9 }).map((p) => p.join('')));
    fc.assert(fc.property(input, (s) => onlyBadArgument(() => parseDigestSchedule(s))), { numRuns: 3000 });
  });
});

describe('digestScheduleContinues', () => {
  it('joins weekly@day with a time, and the words of a cron expression up to five', () => {
    expect(digestScheduleContinues('weekly@mon', '09:00')).toBe(true);
    expect(digestScheduleContinues('0', '9')).toBe(true);
    expect(digestScheduleContinues('0 9 * *', 'mon-fri')).toBe(true);
    expect(digestScheduleContinues('*/15', '*')).toBe(true);
  });
  it('never extends a value that is complete, or into a non-cron word', () => {
    expect(digestScheduleContinues('daily@09:00', '10:00')).toBe(false);
    expect(digestScheduleContinues('weekly@mon 09:00', '10:00')).toBe(false);
    expect(digestScheduleContinues('weekly@mon', 'payments')).toBe(false);
    expect(digestScheduleContinues('0 9 * * 1-5', 'payments')).toBe(false);
    expect(digestScheduleContinues('0 9', '"quoted"')).toBe(false);
    expect(digestScheduleContinues('payments', '9')).toBe(false);
  });
});
