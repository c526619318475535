import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BadArgumentError } from '../../../src/errors.ts';
import {
  parseSloWindow,
  periodRange,
  windowLength,
  windowRange,
  type SloWindow,
} from '../../../src/slo/window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): Date => new Date(iso);

describe('parseSloWindow', () => {
  it.each([
    ['30d', 30],
    ['28d', 28],
    ['7d', 7],
    ['1d', 1],
    ['365d', 365],
    ['4w', 28],
    ['1w', 7],
  ])('parses rolling %s as %i days', (text, days) => {
    expect(parseSloWindow(text)).toEqual({ kind: 'rolling', days });
  });

  it('parses calendar windows', () => {
    expect(parseSloWindow('month')).toEqual({ kind: 'calendar', unit: 'month' });
    expect(parseSloWindow('quarter')).toEqual({ kind: 'calendar', unit: 'quarter' });
  });

  it('ignores case and surrounding blanks', () => {
    expect(parseSloWindow('  30D ')).toEqual({ kind: 'rolling', days: 30 });
    expect(parseSloWindow('Month')).toEqual({ kind: 'calendar', unit: 'month' });
  });

  it.each(['', '30', 'd', '0d', '0w', '367d', '53w', '1.5d', '-7d', '30h', '30 d', 'year', 'months', '1m'])(
    'rejects %j with a BadArgumentError that shows the accepted forms',
    (text) => {
      expect(() => parseSloWindow(text)).toThrow(BadArgumentError);
    },
  );

  it('names the accepted forms in the error', () => {
    expect(() => parseSloWindow('weekly')).toThrow(/30d.*month, quarter/);
    expect(() => parseSloWindow('400d')).toThrow(/1 to 366 days/);
  });
});

describe('windowRange', () => {
  it('rolling: [now − days × 24 h, now)', () => {
    const now = at('2026-05-20T12:34:56.789Z');
    const r = windowRange({ kind: 'rolling', days: 30 }, now, 'Europe/Berlin');
    expect(r.to.getTime()).toBe(now.getTime());
    expect(r.from.getTime()).toBe(now.getTime() - 30 * DAY);
  });

  it('rolling: a DST change inside the window does not change its length', () => {
    // 2026-03-29 is spring-forward day in Berlin; a rolling day is still 24 real hours.
    const now = at('2026-03-29T12:00:00Z');
    const r = windowRange({ kind: 'rolling', days: 1 }, now, 'Europe/Berlin');
    expect(r.to.getTime() - r.from.getTime()).toBe(DAY);
  });

  it('calendar month: from the local start of the month to now', () => {
    const now = at('2026-10-15T10:00:00Z');
    const r = windowRange({ kind: 'calendar', unit: 'month' }, now, 'Europe/Berlin');
    expect(r.from.toISOString()).toBe('2026-09-30T22:00:00.000Z'); // 1 Oct 00:00 CEST
    expect(r.to.getTime()).toBe(now.getTime());
  });

  it('calendar month: the month is the one in the given zone, not in UTC', () => {
    // 31 Oct 23:30 UTC is already 1 Nov 00:30 in Berlin.
    const now = at('2026-10-31T23:30:00Z');
    expect(windowRange({ kind: 'calendar', unit: 'month' }, now, 'Europe/Berlin').from.toISOString()).toBe(
      '2026-10-31T23:00:00.000Z',
    );
    expect(windowRange({ kind: 'calendar', unit: 'month' }, now, 'UTC').from.toISOString()).toBe(
      '2026-10-01T00:00:00.000Z',
    );
  });

  it('calendar month: at the exact start of a month the elapsed range is empty', () => {
    const now = at('2026-10-31T23:00:00Z'); // 1 Nov 00:00 CET
    const r = windowRange({ kind: 'calendar', unit: 'month' }, now, 'Europe/Berlin');
    expect(r.from.getTime()).toBe(now.getTime());
  });

  it('calendar quarter: from the local start of the quarter', () => {
    const now = at('2026-11-20T08:00:00Z');
    const r = windowRange({ kind: 'calendar', unit: 'quarter' }, now, 'Europe/Berlin');
    expect(r.from.toISOString()).toBe('2026-09-30T22:00:00.000Z');
  });

  it('rejects an unknown time zone, for rolling windows too', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(() => windowRange({ kind: 'calendar', unit: 'month' }, now, 'Mars/Olympus')).toThrow(BadArgumentError);
    expect(() => windowRange({ kind: 'rolling', days: 30 }, now, 'Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });
});

describe('windowLength', () => {
  it('rolling: days × 24 h', () => {
    expect(windowLength({ kind: 'rolling', days: 30 }, at('2026-10-15T00:00:00Z'), 'Europe/Berlin')).toBe(30 * DAY);
    expect(windowLength({ kind: 'rolling', days: 365 }, at('2026-10-15T00:00:00Z'), 'UTC')).toBe(365 * DAY);
  });

  it('October in Europe/Berlin has 745 hours (fall-back)', () => {
    expect(windowLength({ kind: 'calendar', unit: 'month' }, at('2026-10-15T10:00:00Z'), 'Europe/Berlin')).toBe(
      745 * HOUR,
    );
  });

  it('March in Europe/Berlin has 743 hours (spring-forward)', () => {
    expect(windowLength({ kind: 'calendar', unit: 'month' }, at('2026-03-10T10:00:00Z'), 'Europe/Berlin')).toBe(
      743 * HOUR,
    );
  });

  it('the same October in UTC has 744 hours; February 2026 has 672', () => {
    expect(windowLength({ kind: 'calendar', unit: 'month' }, at('2026-10-15T10:00:00Z'), 'UTC')).toBe(744 * HOUR);
    expect(windowLength({ kind: 'calendar', unit: 'month' }, at('2026-02-10T10:00:00Z'), 'Europe/Berlin')).toBe(
      672 * HOUR,
    );
  });

  it('November in America/New_York has 721 hours', () => {
    expect(windowLength({ kind: 'calendar', unit: 'month' }, at('2026-11-15T12:00:00Z'), 'America/New_York')).toBe(
      721 * HOUR,
    );
  });

  it('the last instant of October still measures October', () => {
    // 31 Oct 23:59:59.999 CET
    expect(windowLength({ kind: 'calendar', unit: 'month' }, at('2026-10-31T22:59:59.999Z'), 'Europe/Berlin')).toBe(
      745 * HOUR,
    );
  });

  it('a quarter containing both transitions nets out: Q1 2026 in Berlin is 90 days − 1 h', () => {
    expect(windowLength({ kind: 'calendar', unit: 'quarter' }, at('2026-02-01T00:00:00Z'), 'Europe/Berlin')).toBe(
      90 * DAY - HOUR,
    );
    expect(windowLength({ kind: 'calendar', unit: 'quarter' }, at('2026-11-01T00:00:00Z'), 'Europe/Berlin')).toBe(
      92 * DAY + HOUR,
    );
  });

  it('the elapsed part of a calendar window always lies inside the full window (property)', () => {
    const zones = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC', 'Asia/Kolkata');
    const nows = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((t) => new Date(t));
    const units = fc.constantFrom<'month' | 'quarter'>('month', 'quarter');
    fc.assert(
      fc.property(zones, nows, units, (zone, now, unit) => {
        const w: SloWindow = { kind: 'calendar', unit };
        const { from, to } = windowRange(w, now, zone);
        expect(from.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(to.getTime()).toBeLessThan(from.getTime() + windowLength(w, now, zone));
      }),
    );
  });
});

describe('periodRange', () => {
  const now = at('2026-10-15T10:00:00Z');

  it('7d and 30d are rolling', () => {
    expect(periodRange('7d', now, 'Europe/Berlin')).toEqual({ from: new Date(now.getTime() - 7 * DAY), to: now });
    expect(periodRange('30d', now, 'Europe/Berlin')).toEqual({ from: new Date(now.getTime() - 30 * DAY), to: now });
  });

  it('month and quarter run from their local start to now', () => {
    expect(periodRange('month', now, 'Europe/Berlin').from.toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(periodRange('quarter', at('2026-08-15T10:00:00Z'), 'Europe/Berlin').from.toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
  });

  it('rejects other text with the report periods in the message', () => {
    expect(() => periodRange('year', now, 'UTC')).toThrow(BadArgumentError);
    expect(() => periodRange('year', now, 'UTC')).toThrow(/7d, 30d, month, quarter/);
  });
});
