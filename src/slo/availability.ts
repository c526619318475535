import { BadArgumentError } from '../errors.ts';
import { maintenanceTime, weightedDowntime, type ImpactInterval, type TimeRange } from './downtime.ts';

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

/** Inputs of {@link sloStatus}. */
export type SloStatusInput = {
  /** The objective as a fraction, e.g. 0.999. */
  target: number;
  /** Start of the window (for a calendar window, the local start of the month/quarter). */
  windowFrom: Date;
  /** End of the elapsed part of the window, normally `now`; later instants are cut back to `now`. */
  windowTo: Date;
  /** Length of the FULL window starting at `windowFrom` (see `windowLength`). */
  windowLengthMs: number;
  intervals: readonly ImpactInterval[];
  maintenance: readonly TimeRange[];
  now: Date;
};

/** Where a service stands against its availability objective. All durations in ms. */
export type SloStatus = {
  /** Availability so far, 0..1, over the elapsed window minus maintenance. */
  availability: number;
  /** Weighted downtime in the elapsed window, maintenance excluded. */
  downtimeMs: number;
  /** Elapsed window minus maintenance in it: the denominator of `availability`. */
  measuredMs: number;
  /** Error budget over the FULL window minus all maintenance declared in it. */
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
 * Two different spans are used, on purpose:
 * - Availability is measured over the ELAPSED part of the window, `[windowFrom, min(windowTo, now))`
 *   minus maintenance: on the 10th of the month it is "availability so far this month". Dividing by the
 *   whole month would report 99.95 % on day 1 after a 20-minute outage that is in fact 98.6 % of the day.
 *   For a rolling window the elapsed part is the whole window.
 * - The error budget is over the FULL window, `[windowFrom, windowFrom + windowLengthMs)` minus every
 *   maintenance window declared in it (including maintenance scheduled later this month): the contract
 *   allows that much downtime for the whole month, and the question "how much is left?" is about it.
 * So remaining budget is what can still be lost this month without missing the target.
 *
 * When the budget rounds to 0 ms but there is downtime (only in windows under a second), the consumed
 * fraction is `Infinity`; with no downtime it is 0.
 * @throws BadArgumentError for a target outside (0, 1), a non-positive window length, or bad weights.
 */
export function sloStatus(input: SloStatusInput): SloStatus {
  const { target, windowFrom, windowLengthMs, intervals, maintenance, now } = input;
  if (!(windowLengthMs > 0 && Number.isFinite(windowLengthMs))) {
    throw new BadArgumentError(`a window length must be a positive number of ms, got ${windowLengthMs}.`);
  }
  const from = windowFrom.getTime();
  const elapsedEnd = new Date(Math.max(from, Math.min(input.windowTo.getTime(), now.getTime())));

  const downtimeMs = weightedDowntime(intervals, maintenance, windowFrom, elapsedEnd, now);
  const elapsedMaintenance = maintenanceTime(maintenance, windowFrom, elapsedEnd);
  const measuredMs = elapsedEnd.getTime() - from - elapsedMaintenance;

  const fullMaintenance = maintenanceTime(maintenance, windowFrom, new Date(from + windowLengthMs));
  const budgetMs = allowedDowntime(target, Math.max(0, windowLengthMs - fullMaintenance));
  const remainingMs = budgetMs - downtimeMs;
  const consumedFraction = budgetMs > 0 ? downtimeMs / budgetMs : downtimeMs > 0 ? Infinity : 0;

  return {
    availability: availability({
      windowMs: elapsedEnd.getTime() - from,
      maintenanceMs: elapsedMaintenance,
      downtimeMs,
    }),
    downtimeMs,
    measuredMs,
    budgetMs,
    remainingMs,
    remainingFraction: 1 - consumedFraction,
    consumedFraction,
  };
}
