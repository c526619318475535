/**
 * The prepared profile must answer exactly what the sweep answers, for any history, span and `now`:
 * the `status` fast path relies on it (docs/architecture.md, "Status at scale").
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DowntimeProfile } from '../../../src/slo/downtime-profile.ts';
import { maintenanceTime, weightedDowntime, type ImpactInterval, type TimeRange } from '../../../src/slo/downtime.ts';

const T0 = Date.UTC(2026, 5, 1);
const SPAN = 400;
const at = (ms: number) => new Date(T0 + ms);
// Any weight, 0.3 and its like included: exact equality must hold for non-dyadic weights too.
const weight = fc.oneof(fc.constantFrom(0, 0.5, 1, 0.3, 0.1), fc.double({ min: 0, max: 1, noNaN: true }));
const interval: fc.Arbitrary<ImpactInterval> = fc
  .record({ start: fc.integer({ min: -50, max: SPAN }), length: fc.integer({ min: -5, max: 200 }), ongoing: fc.boolean(), weight })
  .map(({ start, length, ongoing, weight: w }) => ({ start: at(start), end: ongoing ? null : at(start + length), weight: w }));
const range: fc.Arbitrary<TimeRange> = fc
  .record({ start: fc.integer({ min: -50, max: SPAN + 50 }), length: fc.integer({ min: 0, max: 120 }) })
  .map(({ start, length }) => ({ start: at(start), end: at(start + length) }));
const instant = fc.integer({ min: -60, max: SPAN + 60 }).map(at);

describe('DowntimeProfile', () => {
  it('measures downtime exactly as the sweep does, over any span and at any now', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 14 }), fc.array(range, { maxLength: 5 }), fc.array(fc.tuple(instant, instant, instant), { minLength: 1, maxLength: 8 }), (is, ms, spans) => {
        const profile = new DowntimeProfile(is, ms);
        for (const [from, to, now] of spans) {
          expect(profile.downtime(from, to, now)).toBe(weightedDowntime(is, ms, from, to, now));
          expect(profile.maintenance(from, to)).toBe(maintenanceTime(ms, from, to));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('says until when spans ending now measure the same: nothing changes before that instant', () => {
    const lookbacks = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 10 }), fc.array(range, { maxLength: 4 }), instant, lookbacks, lookbacks, fc.integer({ min: -60, max: 0 }), fc.double({ min: 0, max: 1, noNaN: true }), (is, ms, t, dl, ml, fixed, f) => {
        const profile = new DowntimeProfile(is, ms);
        const d = (epochMs: number) => new Date(epochMs);
        const t0 = t.getTime();
        const until = profile.steadyUntil(t0, [0, ...dl], [0, ...ml]);
        expect(until).toBeGreaterThanOrEqual(t0);
        if (until === t0) return;
        // Any instant before `until` (a whole ms), against t: every span measures the same.
        const x = Math.floor(t0 + f * (Math.min(until, t0 + 1000) - t0));
        const from = new Date(t0 + fixed); // a fixed start (a calendar window's) before t
        expect(profile.downtime(from, d(x), d(x))).toBe(profile.downtime(from, t, t));
        for (const l of dl) expect(profile.downtime(d(x - l), d(x), d(x))).toBe(profile.downtime(d(t0 - l), t, t));
        for (const l of ml) expect(profile.maintenance(d(x - l), d(x))).toBe(profile.maintenance(d(t0 - l), t));
        expect(profile.maintenance(from, d(x))).toBe(profile.maintenance(from, t));
      }),
      { numRuns: 500 },
    );
  });

  it('a year of history: one span is a few binary searches', () => {
    const DAY = 86_400_000;
    const is: ImpactInterval[] = Array.from({ length: 2000 }, (_, i) => ({ start: at(i * 4 * 3600_000), end: at(i * 4 * 3600_000 + 600_000 + (i % 7) * 60_000), weight: i % 3 === 0 ? 1 : 0.5 }));
    const ms: TimeRange[] = Array.from({ length: 50 }, (_, i) => ({ start: at(i * 7 * DAY), end: at(i * 7 * DAY + 3600_000) }));
    const profile = new DowntimeProfile(is, ms);
    const now = at(330 * DAY);
    expect(profile.downtime(at(300 * DAY), now, now)).toBe(weightedDowntime(is, ms, at(300 * DAY), now, now));
    expect(profile.maintenance(at(0), now)).toBe(maintenanceTime(ms, at(0), now));
  });
});
