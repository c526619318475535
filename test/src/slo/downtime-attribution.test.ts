/**
 * Each moment of downtime goes to one incident (docs/semantics.md §10): the heaviest, then the one whose
 * stretch began first, then the lower number; the shares add up to what weightedDowntime counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeDowntime, type OwnedInterval } from '../../../src/slo/downtime-attribution.ts';
import { weightedDowntime, type TimeRange } from '../../../src/slo/downtime.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1);
const t = (minutes: number): Date => new Date(T0 + minutes * MIN);
const own = (owner: number, start: number, end: number | null, weight = 1): OwnedInterval => ({ owner, start: t(start), end: end === null ? null : t(end), weight });
const mw = (start: number, end: number): TimeRange => ({ start: t(start), end: t(end) });
const shares = (m: ReturnType<typeof attributeDowntime>) => Object.fromEntries([...m].map(([n, d]) => [n, d.downtimeMs / MIN]));

describe('attributeDowntime', () => {
  it('gives overlapping time to the heaviest, then to the one that began first, and takes maintenance off', () => {
    const intervals = [
      own(1, 0, 60, 0.5), // degraded for an hour
      own(2, 20, 40), // an outage inside it wins its 20 minutes
      own(3, 30, 50), // a later outage: only what 2 does not cover, 40–50
      own(4, 55, 70, 0.5), // degraded like 1 but began later: 1 keeps 55–60, 4 gets 60–70
    ];
    const m = attributeDowntime(intervals, [mw(45, 48)], t(0), t(120), t(120));
    // 1: 0–20 and 50–60 at 0.5; 2: 20–40; 3: 40–50 less the maintenance 45–48; 4: 60–70 at 0.5.
    expect(shares(m)).toEqual({ 1: 15, 2: 20, 3: 7, 4: 5 });
    expect([...m.values()].reduce((s, d) => s + d.downtimeMs, 0)).toBe(weightedDowntime(intervals, [mw(45, 48)], t(0), t(120), t(120)));
  });

  it('breaks a tie of weight and start by the lower owner, clips to the window and to now, and skips weight 0', () => {
    const m = attributeDowntime([own(7, -30, null), own(5, -30, 10), own(9, 0, 100, 0)], [], t(0), t(60), t(40));
    expect(shares(m)).toEqual({ 5: 10, 7: 30 });
    // Began earlier wins even when its start is before the window (clipped to the same instant).
    expect(shares(attributeDowntime([own(2, -5, 20), own(1, 0, 20)], [], t(0), t(60), t(60)))).toEqual({ 2: 20 });
    expect(attributeDowntime([own(1, 0, 10)], [], t(0), t(60), t(0)).size).toBe(0);
  });

  it('matches a minute-by-minute reading of the rule, and adds up to weightedDowntime (property)', () => {
    const weight = fc.constantFrom(0, 0.25, 0.5, 1, 0.3);
    const interval = fc.record({ owner: fc.integer({ min: 1, max: 6 }), start: fc.integer({ min: -50, max: 200 }), len: fc.option(fc.integer({ min: 0, max: 120 })), weight });
    const window = fc.record({ start: fc.integer({ min: -100, max: 250 }), len: fc.integer({ min: 0, max: 120 }) });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 12 }), fc.array(window, { maxLength: 4 }), fc.integer({ min: 0, max: 250 }), (raw, maint, nowMin) => {
        const intervals = raw.map((r) => own(r.owner, r.start, r.len === null ? null : r.start + r.len, r.weight));
        const maintenance = maint.map((w) => mw(w.start, w.start + w.len));
        const m = attributeDowntime(intervals, maintenance, t(0), t(180), t(nowMin));
        // Every minute of the window up to now, outside maintenance, to the best active interval.
        const expected = new Map<number, number>();
        for (let x = 0; x < Math.min(180, nowMin); x++) {
          if (maint.some((w) => w.start <= x && x < w.start + w.len)) continue;
          const active = raw.filter((r) => r.weight > 0 && r.start <= x && (r.len === null || x < r.start + r.len));
          const best = active.sort((a, b) => b.weight - a.weight || a.start - b.start || a.owner - b.owner)[0];
          if (best) expected.set(best.owner, (expected.get(best.owner) ?? 0) + best.weight);
        }
        expect(Object.keys(shares(m)).sort()).toEqual([...expected.keys()].map(String).sort());
        for (const [owner, minutes] of expected) expect(shares(m)[owner]).toBeCloseTo(minutes, 9);
        const total = [...m.values()].reduce((sum, d) => sum + d.downtimeMs, 0);
        expect(total).toBeCloseTo(weightedDowntime(intervals, maintenance, t(0), t(180), t(nowMin)), 6);
      }),
      { numRuns: 500 },
    );
  });
});
