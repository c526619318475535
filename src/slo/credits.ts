/**
 * Service credits (docs/semantics.md §8): tiers `{ below, credit }` in percent. A period whose availability
 * is strictly below a tier's threshold earns at least that tier's credit; the tier that applies is the one
 * with the lowest threshold the availability is below. Availability exactly at a threshold is not below it.
 */
import type { CreditTier } from '../domain/service.ts';
import { BadArgumentError } from '../errors.ts';
import { allowedDowntime } from './availability.ts';

/** More tiers than this is no agreement anyone signs. */
export const MAX_CREDIT_TIERS = 10;

/** A percent as people typed it, without binary noise: 99.9, not 99.90000000000001. */
function snap(x: number): number {
  return Number(x.toPrecision(12));
}

/** `99.9%`. */
export function percentText(x: number): string {
  return `${snap(x)}%`;
}

/**
 * Checks tiers and returns them sorted by threshold, highest first: thresholds in (0, 100], credits in
 * (0, 100], no threshold twice, and a larger credit for each lower threshold.
 * @throws BadArgumentError naming the tier (or the pair of tiers) that is wrong.
 */
export function checkCredits(tiers: readonly CreditTier[]): CreditTier[] {
  if (tiers.length === 0) throw new BadArgumentError('Give at least one credit tier, e.g. --credits "99.9=10%,99=25%", or --credits off.');
  if (tiers.length > MAX_CREDIT_TIERS) throw new BadArgumentError(`At most ${MAX_CREDIT_TIERS} credit tiers (got ${tiers.length}).`);
  for (const t of tiers) {
    if (!(Number.isFinite(t.below) && t.below > 0 && t.below <= 100)) {
      throw new BadArgumentError(`A credit threshold is an availability percent above 0 and at most 100, e.g. 99.9 (got ${t.below}).`);
    }
    if (!(Number.isFinite(t.credit) && t.credit > 0 && t.credit <= 100)) {
      throw new BadArgumentError(`A credit is a percent above 0 and at most 100, e.g. 10% (got ${t.credit}% below ${percentText(t.below)}).`);
    }
  }
  const sorted = tiers.map((t) => ({ below: snap(t.below), credit: snap(t.credit) })).sort((a, b) => b.below - a.below);
  for (let i = 1; i < sorted.length; i++) {
    const higher = sorted[i - 1]!;
    const lower = sorted[i]!;
    if (lower.below === higher.below) throw new BadArgumentError(`The threshold ${percentText(lower.below)} is given twice: each credit tier needs its own threshold.`);
    if (lower.credit <= higher.credit) {
      throw new BadArgumentError(
        `Credits must grow as availability falls: below ${percentText(higher.below)} earns ${percentText(higher.credit)}, ` +
          `so below ${percentText(lower.below)} must earn more than ${percentText(higher.credit)} (got ${percentText(lower.credit)}).`,
      );
    }
  }
  return sorted;
}

/** The figures availability is computed from (see `sloStatus`): weighted downtime and the window length less maintenance. */
export type CreditFigures = { downtimeMs: number; measuredMs: number };

/**
 * Whether availability `1 − downtime ÷ measured` is strictly below `percent`. Decided as the error budget
 * decides "met" (docs/semantics.md §3): below `T` exactly when the downtime exceeds what `T` allows over
 * the same length, to the millisecond. So for a tier at the objective's target the credit and the ✓/✗
 * always agree, and float noise in `1 − downtime ÷ measured` never tips a tier. Below 100 % is any downtime.
 */
export function isBelowPercent(f: CreditFigures, percent: number): boolean {
  if (percent >= 100) return f.downtimeMs > 0;
  return f.downtimeMs > allowedDowntime(snap(percent / 100), f.measuredMs);
}

/**
 * The credit tier a period falls in: of the tiers whose threshold its availability is strictly below, the
 * one with the lowest threshold; null when it meets every tier or there are none.
 */
export function creditTier(f: CreditFigures, tiers: readonly CreditTier[] | null | undefined): CreditTier | null {
  let earned: CreditTier | null = null;
  for (const t of tiers ?? []) {
    if (isBelowPercent(f, t.below) && (earned === null || t.below < earned.below)) earned = t;
  }
  return earned;
}
