import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BadArgumentError } from '../../../src/errors.ts';
import { allowedDowntime } from '../../../src/slo/availability.ts';
import {
  BURN_RATE_RULES,
  burnRate,
  burnRateThreshold,
  burnRateThresholds,
  evaluateBurnRate,
} from '../../../src/slo/burn-rate.ts';
import type { ImpactInterval, TimeRange } from '../../../src/slo/downtime.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WORKBOOK = "The Site Reliability Workbook, ch. 5 'Alerting on SLOs', table 5-8";

const now = new Date('2026-06-30T12:00:00Z');
const ago = (ms: number): Date => new Date(now.getTime() - ms);
const impact = (startAgo: number, endAgo: number | null, weight = 1): ImpactInterval => ({
  start: ago(startAgo),
  end: endAgo === null ? null : ago(endAgo),
  weight,
});
const evaluate30d = (intervals: ImpactInterval[], maintenance: TimeRange[] = []) =>
  evaluateBurnRate({ target: 0.999, windowLengthMs: 30 * DAY, intervals, maintenance, now });
const rule = (evaluation: ReturnType<typeof evaluate30d>, name: string) => {
  const found = evaluation.rules.find((r) => r.rule.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};

describe('burnRate', () => {
  it('is (downtime / lookback) / (1 − target)', () => {
    expect(burnRate(0, HOUR, 0.999)).toBe(0);
    expect(burnRate(HOUR, HOUR, 0.999)).toBe(1000); // a full outage burns 1000× at 99.9 %
    expect(burnRate(3.6 * SEC, HOUR, 0.999)).toBe(1); // exactly the allowed rate
    expect(burnRate(51.84 * SEC, HOUR, 0.999)).toBe(14.4);
    expect(burnRate(HOUR, 6 * HOUR, 0.99)).toBeCloseTo(100 / 6, 12);
  });

  it('burn rate 1 spends exactly the budget over the window; 1000 spends 30 days of budget in 43 min 12 s', () => {
    const budget = allowedDowntime(0.999, 30 * DAY);
    expect(burnRate(budget, 30 * DAY, 0.999)).toBe(1);
    expect((30 * DAY) / burnRate(HOUR, HOUR, 0.999)).toBe(43 * MIN + 12 * SEC);
  });

  it('rejects a non-positive lookback or a target outside (0, 1)', () => {
    expect(() => burnRate(0, 0, 0.999)).toThrow(BadArgumentError);
    expect(() => burnRate(0, HOUR, 1)).toThrow(BadArgumentError);
  });
});

describe(`BURN_RATE_RULES (${WORKBOOK})`, () => {
  it('page on 2 % in 1 h (5 m), page on 5 % in 6 h (30 m), ticket on 10 % in 3 d (6 h)', () => {
    expect(BURN_RATE_RULES.map((r) => [r.severity, r.longWindowMs, r.shortWindowMs, r.budgetFraction])).toEqual([
      ['page', HOUR, 5 * MIN, 0.02],
      ['page', 6 * HOUR, 30 * MIN, 0.05],
      ['ticket', 3 * DAY, 6 * HOUR, 0.1],
    ]);
  });

  it('each short window is 1/12 of its long window', () => {
    for (const r of BURN_RATE_RULES) expect(r.longWindowMs / r.shortWindowMs).toBe(12);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(BURN_RATE_RULES)).toBe(true);
    expect(Object.isFrozen(BURN_RATE_RULES[0])).toBe(true);
  });
});

describe('burnRateThresholds', () => {
  it(`30-day window: 14.4, 6 and 1 (${WORKBOOK})`, () => {
    expect(burnRateThresholds(30 * DAY).map((t) => t.threshold)).toEqual([14.4, 6, 1]);
  });

  it('scales as budget fraction × P / long window for other windows', () => {
    const sevenDays = burnRateThresholds(7 * DAY).map((t) => t.threshold);
    expect(sevenDays[0]).toBeCloseTo(3.36, 12); // 0.02 × 168 h / 1 h
    expect(sevenDays[1]).toBeCloseTo(1.4, 12); // 0.05 × 168 h / 6 h
    expect(sevenDays[2]).toBeCloseTo(0.7 / 3, 12); // 0.10 × 168 h / 72 h
    expect(burnRateThresholds(28 * DAY).map((t) => t.threshold)[0]).toBeCloseTo(13.44, 12);
    expect(burnRateThresholds(745 * HOUR).map((t) => t.threshold)[1]).toBeCloseTo(0.05 * 745 / 6, 12);
  });

  it('a threshold burn held for the long window spends exactly the rule’s budget fraction (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 366 }), fc.constantFrom(...BURN_RATE_RULES), (days, r) => {
        const windowMs = days * DAY;
        const threshold = burnRateThreshold(r, windowMs);
        const spent = threshold * r.longWindowMs * 0.001; // downtime at that rate, 99.9 %
        expect(spent / (windowMs * 0.001)).toBeCloseTo(r.budgetFraction, 12);
      }),
    );
  });

  it('rejects a non-positive window', () => {
    expect(() => burnRateThresholds(0)).toThrow(BadArgumentError);
  });
});

describe(`evaluateBurnRate, 99.9 % over 30 days (${WORKBOOK})`, () => {
  it('no incidents: nothing fires, every rate is 0', () => {
    const e = evaluate30d([]);
    expect(e.severity).toBeNull();
    expect(e.rules.map((r) => [r.longRate, r.shortRate, r.firing])).toEqual([
      [0, 0, false],
      [0, 0, false],
      [0, 0, false],
    ]);
  });

  it('a full outage for the last 10 minutes pages on both page rules', () => {
    const e = evaluate30d([impact(10 * MIN, null)]);
    expect(e.severity).toBe('page');
    const fast = rule(e, 'page-1h');
    expect(fast.longRate).toBeCloseTo(1000 / 6, 9);
    expect(fast.shortRate).toBe(1000);
    expect(fast.firing).toBe(true);
    expect(rule(e, 'page-6h').firing).toBe(true);
    expect(rule(e, 'ticket-3d').firing).toBe(true);
  });

  it('exactly 2 % of the budget in the last hour (rate 14.4) does not page: the threshold must be exceeded', () => {
    const e = evaluate30d([impact(51.84 * SEC, null)]);
    expect(rule(e, 'page-1h').longRate).toBe(14.4);
    expect(rule(e, 'page-1h').threshold).toBe(14.4);
    expect(rule(e, 'page-1h').firing).toBe(false);
  });

  it('one second more than 2 % in the last hour pages', () => {
    const e = evaluate30d([impact(52.84 * SEC, null)]);
    expect(rule(e, 'page-1h').firing).toBe(true);
    expect(e.severity).toBe('page');
  });

  it('the short window stops the page soon after the burning stops; the ticket stays', () => {
    // a 50-minute outage that ended 40 minutes ago
    const e = evaluate30d([impact(90 * MIN, 40 * MIN)]);
    expect(rule(e, 'page-1h').longRate).toBeGreaterThan(14.4);
    expect(rule(e, 'page-1h').shortRate).toBe(0);
    expect(rule(e, 'page-1h').firing).toBe(false);
    expect(rule(e, 'page-6h').longRate).toBeGreaterThan(6);
    expect(rule(e, 'page-6h').shortRate).toBe(0);
    expect(rule(e, 'page-6h').firing).toBe(false);
    expect(rule(e, 'ticket-3d').firing).toBe(true);
    expect(e.severity).toBe('ticket');
  });

  it('a slow steady burn at rate 3 opens a ticket but does not page', () => {
    // A light degradation weighing 0.003 for four days burns at 3 in every lookback.
    const e = evaluate30d([impact(4 * DAY, null, 0.003)]);
    for (const r of e.rules) {
      expect(r.longRate).toBeCloseTo(3, 9);
      expect(r.shortRate).toBeCloseTo(3, 9);
    }
    expect(e.severity).toBe('ticket');
  });

  it('a steady burn at exactly 6 does not fire the 6 h page; slightly above does', () => {
    expect(rule(evaluate30d([impact(4 * DAY, null, 0.006)]), 'page-6h').firing).toBe(false);
    const above = evaluate30d([impact(4 * DAY, null, 0.0061)]);
    expect(rule(above, 'page-6h').firing).toBe(true);
    expect(rule(above, 'page-1h').firing).toBe(false);
    expect(above.severity).toBe('page');
  });

  it('overlapping incidents burn once', () => {
    const single = evaluate30d([impact(10 * MIN, null)]);
    const doubled = evaluate30d([impact(10 * MIN, null), impact(10 * MIN, null), impact(5 * MIN, null, 0.5)]);
    expect(doubled.rules).toEqual(single.rules);
  });

  it('an outage inside a maintenance window burns nothing', () => {
    const e = evaluate30d([impact(20 * MIN, null)], [{ start: ago(HOUR), end: new Date(now.getTime() + HOUR) }]);
    expect(e.severity).toBeNull();
    expect(e.rules.every((r) => r.longRate === 0 && r.shortRate === 0)).toBe(true);
  });

  it('maintenance lowers the rate but does not shorten the lookback', () => {
    // 10 min outage, half of it in maintenance: 5 min over the full hour
    const e = evaluate30d([impact(10 * MIN, null)], [{ start: ago(10 * MIN), end: ago(5 * MIN) }]);
    expect(rule(e, 'page-1h').longRate).toBeCloseTo(5 / 60 / 0.001, 9);
  });
});

describe('evaluateBurnRate for other windows', () => {
  it('a 7-day window pages at a lower burn rate (3.36 over 1 h)', () => {
    // 20 s of outage in the last hour at 99.9 % is rate 5.56: above 3.36 (7 d) but below 14.4 (30 d).
    const intervals = [impact(20 * SEC, null)];
    const seven = evaluateBurnRate({ target: 0.999, windowLengthMs: 7 * DAY, intervals, maintenance: [], now });
    const thirty = evaluateBurnRate({ target: 0.999, windowLengthMs: 30 * DAY, intervals, maintenance: [], now });
    expect(seven.rules[0]!.longRate).toBeCloseTo(20 / 3600 / 0.001, 9);
    expect(seven.rules[0]!.firing).toBe(true);
    expect(thirty.rules[0]!.firing).toBe(false);
  });

  it('severity is page whenever any page rule fires, else ticket if the ticket rule fires (property)', () => {
    const intervalArb = fc
      .record({
        start: fc.integer({ min: 0, max: 4 * DAY }),
        length: fc.integer({ min: 0, max: 12 * HOUR }),
        weight: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ start, length, weight }) => impact(start, Math.max(0, start - length), weight));
    fc.assert(
      fc.property(fc.array(intervalArb, { maxLength: 8 }), fc.integer({ min: 1, max: 90 }), (intervals, days) => {
        const e = evaluateBurnRate({ target: 0.999, windowLengthMs: days * DAY, intervals, maintenance: [], now });
        const fires = (sev: string) => e.rules.some((r) => r.firing && r.rule.severity === sev);
        expect(e.severity).toBe(fires('page') ? 'page' : fires('ticket') ? 'ticket' : null);
        for (const r of e.rules) {
          expect(r.firing).toBe(r.longRate > r.threshold * (1 + 1e-9) && r.shortRate > r.threshold * (1 + 1e-9));
          expect(r.longRate).toBeLessThanOrEqual(1000 + 1e-9);
        }
      }),
    );
  });
});
