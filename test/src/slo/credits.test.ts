import { describe, expect, it } from 'vitest';
import { checkCredits, creditTier, isBelowPercent } from '../../../src/slo/credits.ts';

const DAY = 24 * 3600 * 1000;
const MEASURED = 30 * DAY;
/** 99.9 % over 30 days allows exactly 43 min 12 s (docs/semantics.md §3). */
const AT_999 = 2_592_000;
const TIERS = [
  { below: 99.9, credit: 10 },
  { below: 99, credit: 25 },
  { below: 95, credit: 50 },
];
const at = (downtimeMs: number) => ({ downtimeMs, measuredMs: MEASURED });

describe('creditTier', () => {
  it('exactly at a threshold is not below it: no credit', () => {
    expect(isBelowPercent(at(AT_999), 99.9)).toBe(false);
    expect(creditTier(at(AT_999), TIERS)).toBeNull();
  });

  it('a millisecond below the threshold earns its credit', () => {
    expect(isBelowPercent(at(AT_999 + 1), 99.9)).toBe(true);
    expect(creditTier(at(AT_999 + 1), TIERS)).toEqual({ below: 99.9, credit: 10 });
    // Half a millisecond (a degraded weight of 0.5 on a whole ms) tips it too.
    expect(creditTier(at(AT_999 + 0.5), TIERS)).toEqual({ below: 99.9, credit: 10 });
  });

  it('between tiers: the lowest threshold the availability is below', () => {
    // 1 % of 30 days is 7 h 12 min: exactly 99 % still earns only the 99.9 % tier.
    expect(creditTier(at(0.01 * MEASURED), TIERS)).toEqual({ below: 99.9, credit: 10 });
    expect(creditTier(at(0.01 * MEASURED + 1), TIERS)).toEqual({ below: 99, credit: 25 });
    expect(creditTier(at(0.03 * MEASURED), TIERS)).toEqual({ below: 99, credit: 25 });
  });

  it('below every tier: the largest credit, in whatever order the tiers come', () => {
    expect(creditTier(at(0.2 * MEASURED), TIERS)).toEqual({ below: 95, credit: 50 });
    expect(creditTier(at(0.2 * MEASURED), [...TIERS].reverse())).toEqual({ below: 95, credit: 50 });
    expect(creditTier(at(MEASURED), TIERS)).toEqual({ below: 95, credit: 50 });
  });

  it('no credits, no downtime, or nothing measured: no tier', () => {
    expect(creditTier(at(AT_999 * 100), [])).toBeNull();
    expect(creditTier(at(AT_999 * 100), null)).toBeNull();
    expect(creditTier(at(AT_999 * 100), undefined)).toBeNull();
    expect(creditTier(at(0), TIERS)).toBeNull();
    expect(creditTier({ downtimeMs: 0, measuredMs: 0 }, TIERS)).toBeNull();
  });

  it('a 100 % tier is earned by any downtime at all', () => {
    expect(creditTier(at(0), [{ below: 100, credit: 5 }])).toBeNull();
    expect(creditTier(at(1), [{ below: 100, credit: 5 }])).toEqual({ below: 100, credit: 5 });
  });

  it('thresholds with many decimals are exact to the millisecond', () => {
    // 99.995 % of 30 days allows 2 min 9.6 s.
    expect(creditTier(at(129_600), [{ below: 99.995, credit: 5 }])).toBeNull();
    expect(creditTier(at(129_601), [{ below: 99.995, credit: 5 }])).toEqual({ below: 99.995, credit: 5 });
  });
});

describe('checkCredits', () => {
  it('sorts by threshold, highest first, and removes float noise', () => {
    expect(checkCredits([{ below: 95, credit: 50 }, { below: 99.9, credit: 10 }, { below: 99, credit: 25 }])).toEqual(TIERS);
    expect(checkCredits([{ below: 0.1 + 0.2, credit: 100 }])).toEqual([{ below: 0.3, credit: 100 }]);
    expect(checkCredits([{ below: 100, credit: 100 }])).toEqual([{ below: 100, credit: 100 }]);
  });

  it('refuses thresholds and credits outside (0, 100], repeats, and credits that do not grow', () => {
    expect(() => checkCredits([])).toThrow(/at least one credit tier/);
    expect(() => checkCredits([{ below: 0, credit: 10 }])).toThrow(/threshold is an availability percent above 0 and at most 100.*got 0/);
    expect(() => checkCredits([{ below: 100.1, credit: 10 }])).toThrow(/got 100.1/);
    expect(() => checkCredits([{ below: 99, credit: 0 }])).toThrow(/credit is a percent above 0 and at most 100.*got 0% below 99%/);
    expect(() => checkCredits([{ below: 99, credit: 101 }])).toThrow(/got 101%/);
    expect(() => checkCredits([{ below: 99, credit: 10 }, { below: 99, credit: 20 }])).toThrow(/threshold 99% is given twice/);
    expect(() => checkCredits([{ below: 99.9, credit: 25 }, { below: 99, credit: 10 }])).toThrow(
      'Credits must grow as availability falls: below 99.9% earns 25%, so below 99% must earn more than 25% (got 10%).',
    );
    expect(() => checkCredits([{ below: 99.9, credit: 10 }, { below: 99, credit: 10 }])).toThrow(/below 99% must earn more than 10% \(got 10%\)/);
  });
});
