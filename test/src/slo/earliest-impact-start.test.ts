/**
 * The earliest impact start an incident may be given (docs/semantics.md §3): one window length before now,
 * so a typo such as `--since 1970-01-01` cannot wipe out a budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earliestImpactStart, objectiveWindow, type SloWindow } from '../../../src/slo/window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const zoneArb = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata');
const nowArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((t) => new Date(t));
const windowArb: fc.Arbitrary<SloWindow> = fc.oneof(
  fc.integer({ min: 1, max: 366 }).map((days) => ({ kind: 'rolling' as const, days })),
  fc.constantFrom<SloWindow>({ kind: 'calendar', unit: 'month' }, { kind: 'calendar', unit: 'quarter' }),
);

describe('the earliest impact start (docs/semantics.md §3)', () => {
  it('is one window length before now: the window itself for rolling, the period\'s length for calendar, 366 days without an objective', () => {
    fc.assert(
      fc.property(nowArb, zoneArb, fc.option(windowArb), (now, zone, window) => {
        const earliest = earliestImpactStart(window, now, zone).getTime();
        if (window === null) expect(earliest).toBe(now.getTime() - 366 * DAY);
        else expect(earliest).toBe(now.getTime() - objectiveWindow(window, now, zone).lengthMs);
        // Never later than the window's own start: a start the status can count is never refused.
        if (window) expect(earliest).toBeLessThanOrEqual(objectiveWindow(window, now, zone).from.getTime());
      }),
    );
  });

  it('December: 31 days back; the first of March: February\'s length is not used, March\'s is', () => {
    const dec = new Date('2026-12-12T09:00:00Z');
    expect(earliestImpactStart({ kind: 'calendar', unit: 'month' }, dec, 'Europe/Berlin').toISOString()).toBe('2026-11-11T09:00:00.000Z');
    const march = new Date('2026-03-01T00:30:00Z');
    // March in Berlin is 743 h (spring forward): a real outage that began in late February is still accepted.
    expect(earliestImpactStart({ kind: 'calendar', unit: 'month' }, march, 'Europe/Berlin').getTime()).toBe(march.getTime() - 743 * HOUR);
    expect(earliestImpactStart({ kind: 'rolling', days: 30 }, dec, 'UTC').toISOString()).toBe('2026-11-12T09:00:00.000Z');
  });
});
