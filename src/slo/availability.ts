import { BadArgumentError } from '../errors.ts';
import { measureOf, type History } from './downtime.ts';

/**
 * The error-budget fraction `1 − target`, with binary floating-point noise removed.
 *
 * `1 − 0.999` is `0.0010000000000000009` in doubles; multiplied by a 30-day window that is 2.3 ns too
 * much, and such noise can tip a rounding or a threshold comparison. Targets are decimal figures people
 * typed (99.9 %, 99.95 %), so the fraction is snapped to 12 decimal places, far finer than any real
 * target and far coarser than the noise.
 * @throws BadArgumentError unless `0 < target < 1`: a 100 % objective has no budget (and burn rate would
 *   divide by zero); a target written as a percentage (99.9) is caught here too.
 */
export function budgetFraction(target: number): number {
  if (!(target > 0 && target < 1)) {
    throw new BadArgumentError(
      `an availability target must be a fraction strictly between 0 and 1 (0.999 for 99.9%), got ${target}.`,
    );
  }
  return Math.round((1 - target) * 1e12) / 1e12;
}

/**
 * Downtime in ms that `target` allows over `windowMs`: `(1 − target) × windowMs`, rounded to the nearest
 * millisecond. 99.9 % over 30 days is exactly 43 min 12 s (2 592 000 ms), over 7 days 10 min 4.8 s,
 * over 1 day 1 min 26.4 s, over 365 days 8 h 45 min 36 s.
 * @throws BadArgumentError for a target outside (0, 1) or a negative or non-finite window.
 */
export function allowedDowntime(target: number, windowMs: number): number {
  if (!(windowMs >= 0 && Number.isFinite(windowMs))) {
    throw new BadArgumentError(`a window length must be a non-negative number of ms, got ${windowMs}.`);
  }
  return Math.round(budgetFraction(target) * windowMs);
}

/**
 * Availability = 1 − downtime / (window − maintenance), within [0, 1] (docs/semantics.md §3).
 * A window with no measured time (it just started, or is all maintenance) had no chance to fail: 1.
 */
export function availability(input: { windowMs: number; maintenanceMs: number; downtimeMs: number }): number {
  const measured = input.windowMs - input.maintenanceMs;
  if (!(measured > 0)) return 1;
  return Math.min(1, Math.max(0, 1 - input.downtimeMs / measured));
}

/** Inputs of {@link sloStatus}: the objective, the window and the service's {@link History}. */
export type SloStatusInput = History & {
  /** The objective as a fraction, e.g. 0.999. */
  target: number;
  /** Start of the window (for a calendar window, the local start of the month/quarter). */
  windowFrom: Date;
  /**
   * Length of the WHOLE window from `windowFrom` (see `objectiveWindow`): for a rolling window the last
   * `days` × 24 h, for a calendar window the whole month/quarter even mid-period. The one denominator.
   */
  windowLengthMs: number;
  now: Date;
};

/** Where a service stands against its availability objective. All durations in ms. */
export type SloStatus = {
  /**
   * `1 − downtimeMs / measuredMs`, 0..1. For a calendar window mid-period: the period's attainment if
   * nothing else goes down. `availability >= target` holds exactly when `remainingMs >= 0`.
   */
  availability: number;
  /** Weighted downtime in the window up to now, maintenance excluded. */
  downtimeMs: number;
  /** The window's length minus the maintenance declared in it: the one denominator of availability and budget. */
  measuredMs: number;
  /** Error budget: `(1 − target) × measuredMs`, to the ms. */
  budgetMs: number;
  /** `budgetMs − downtimeMs`; negative once the budget is overspent. */
  remainingMs: number;
  /** `remainingMs / budgetMs`: 1 untouched, 0 spent, negative overspent. */
  remainingFraction: number;
  /** `downtimeMs / budgetMs`: 0 untouched, 1 spent, above 1 overspent. */
  consumedFraction: number;
};

/**
 * Availability and error budget of one service (docs/semantics.md §3).
 *
 * One denominator: both are taken over the whole window `[windowFrom, windowFrom + windowLengthMs)` minus
 * every maintenance window declared in it (including maintenance scheduled later this month), so
 * "availability ≥ target" holds exactly when "budget left ≥ 0". Downtime counts up to `now`: on the 10th
 * of the month, availability is the month's figure if nothing else goes down, and the budget left is what
 * can still be lost this month without missing the target. Showing month-to-date availability beside a
 * whole-month budget would say "98.45 % of 99.5 %" next to "87 % budget left" — two answers to one question.
 *
 * Exactness: the budget is rounded to a whole ms and downtime is weighted, so `1 − downtime / measured`
 * can land a hair on the wrong side of the target when downtime is within half a millisecond of the
 * budget (or in floating-point noise). The budget decides; availability is then moved to the target, or
 * to the largest double below it — a change of at most 0.5 ms / measured, far below anything shown.
 *
 * When the budget rounds to 0 ms but there is downtime (only in windows under a second), the consumed
 * fraction is `Infinity`; with no downtime it is 0. A window that is all maintenance measures nothing:
 * availability 1, budget 0.
 * @throws BadArgumentError for a target outside (0, 1), a non-positive window length, or bad weights.
 */
export function sloStatus(input: SloStatusInput): SloStatus {
  const { target, windowFrom, windowLengthMs, now } = input;
  const measure = measureOf(input);
  if (!(windowLengthMs > 0 && Number.isFinite(windowLengthMs))) {
    throw new BadArgumentError(`a window length must be a positive number of ms, got ${windowLengthMs}.`);
  }
  const windowEnd = new Date(windowFrom.getTime() + windowLengthMs);
  // weightedDowntime clips to now: nothing counts in the future.
  const downtimeMs = measure.downtime(windowFrom, windowEnd, now);
  const measuredMs = Math.max(0, windowLengthMs - measure.maintenance(windowFrom, windowEnd));
  const budgetMs = allowedDowntime(target, measuredMs);
  const remainingMs = budgetMs - downtimeMs;
  const consumedFraction = budgetMs > 0 ? downtimeMs / budgetMs : downtimeMs > 0 ? Infinity : 0;
  const raw = availability({ windowMs: measuredMs, maintenanceMs: 0, downtimeMs });
  return {
    availability: onSide(raw, target, remainingMs >= 0),
    downtimeMs,
    measuredMs,
    budgetMs,
    remainingMs,
    remainingFraction: 1 - consumedFraction,
    consumedFraction,
  };
}

/**
 * `value` if it is on the side of `target` that `met` says, else the nearest double that is: `target`
 * itself when met, the largest double below it when missed.
 */
export function onSide(value: number, target: number, met: boolean): number {
  if (met) return value >= target ? value : target;
  return value < target ? value : doubleBelow(target);
}

/** The largest double below `x`, for finite `x > 0`. */
function doubleBelow(x: number): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0]! -= 1n;
  return f[0]!;
}
