import { BadArgumentError } from '../errors.ts';
import { budgetFraction } from './availability.ts';
import { measureOf, type History } from './downtime.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How loudly a firing burn-rate rule calls for attention. */
export type BurnRateSeverity = 'page' | 'ticket';

/**
 * One multi-window burn-rate rule: it fires when the burn rate over both the long and the short lookback
 * exceeds the rate that would spend `budgetFraction` of the whole window's budget in the long lookback.
 * The short window (1/12 of the long one) makes the alert stop soon after the burning stops.
 */
export type BurnRateRule = {
  name: string;
  severity: BurnRateSeverity;
  longWindowMs: number;
  shortWindowMs: number;
  /** Share of the full window's error budget that, spent within the long window, fires the rule. */
  budgetFraction: number;
};

/**
 * The SRE Workbook's recommended multi-window, multi-burn-rate alerts (The Site Reliability Workbook,
 * ch. 5 "Alerting on SLOs", table 5-8): 2 % of the budget in 1 h (checked with 5 m) pages, 5 % in 6 h
 * (with 30 m) pages, 10 % in 3 d (with 6 h) opens a ticket. For a 30-day window the thresholds are
 * 14.4, 6 and 1.
 */
export const BURN_RATE_RULES: readonly BurnRateRule[] = Object.freeze(
  (
    [
      { name: 'page-1h', severity: 'page', longWindowMs: HOUR, shortWindowMs: 5 * MINUTE, budgetFraction: 0.02 },
      { name: 'page-6h', severity: 'page', longWindowMs: 6 * HOUR, shortWindowMs: 30 * MINUTE, budgetFraction: 0.05 },
      { name: 'ticket-3d', severity: 'ticket', longWindowMs: 3 * DAY, shortWindowMs: 6 * HOUR, budgetFraction: 0.1 },
    ] satisfies BurnRateRule[]
  ).map((rule) => Object.freeze(rule)),
);

/**
 * Burn rate over a lookback: `(downtime / lookback) / (1 − target)` (docs/semantics.md §3). 1 means spending the
 * budget exactly as fast as the window allows; 14.4 over 30 days means the whole budget would be gone in
 * 50 hours.
 * @throws BadArgumentError for a target outside (0, 1) or a non-positive lookback.
 */
export function burnRate(downtimeInLookbackMs: number, lookbackMs: number, target: number): number {
  if (!(lookbackMs > 0 && Number.isFinite(lookbackMs))) {
    throw new BadArgumentError(`a burn-rate lookback must be a positive number of ms, got ${lookbackMs}.`);
  }
  // One division of the downtime by the allowed-downtime rate, rather than two, keeps e.g. 51.84 s in 1 h
  // at 99.9 % at exactly 14.4 instead of 14.399999999999999.
  return downtimeInLookbackMs / (lookbackMs * budgetFraction(target));
}

/**
 * A rule's threshold for a window of length `P`: `budgetFraction × P / longWindow`. For the 30-day
 * window of the Workbook this gives its 14.4, 6 and 1; a 7-day window gives 3.36, 1.4 and 0.233….
 *
 * `P` is the length the error budget is taken over (docs/semantics.md §3, one denominator): the whole
 * window — the whole month for a calendar window — minus the maintenance declared in it, i.e.
 * `SloStatus.measuredMs`. Then a rule fires exactly when its long lookback has spent more than
 * `budgetFraction` of the budget the status shows: the rate exceeds `budgetFraction × P / L` when the
 * downtime in `L` exceeds `budgetFraction × (1 − target) × P`.
 * @throws BadArgumentError for a non-positive window length.
 */
export function burnRateThreshold(rule: BurnRateRule, windowLengthMs: number): number {
  if (!(windowLengthMs > 0 && Number.isFinite(windowLengthMs))) {
    throw new BadArgumentError(`a window length must be a positive number of ms, got ${windowLengthMs}.`);
  }
  return (rule.budgetFraction * windowLengthMs) / rule.longWindowMs;
}

/** Every rule of {@link BURN_RATE_RULES} with its threshold for a window of `windowLengthMs`. */
export function burnRateThresholds(windowLengthMs: number): Array<{ rule: BurnRateRule; threshold: number }> {
  return BURN_RATE_RULES.map((rule) => ({ rule, threshold: burnRateThreshold(rule, windowLengthMs) }));
}

/** One rule's evaluation at an instant. */
export type BurnRateRuleResult = {
  rule: BurnRateRule;
  longRate: number;
  shortRate: number;
  threshold: number;
  /** Both rates exceed the threshold. */
  firing: boolean;
};

/** The outcome of {@link evaluateBurnRate}: the loudest firing severity, and every rule's figures. */
export type BurnRateEvaluation = { severity: BurnRateSeverity | null; rules: BurnRateRuleResult[] };

/**
 * Evaluates every burn-rate rule at `now`, each lookback being `[now − L, now)`. `windowLengthMs` is the
 * budget's length, `SloStatus.measuredMs` (see {@link burnRateThreshold}).
 *
 * Downtime in a lookback excludes maintenance (as everywhere), but the lookback's length does not shrink
 * for it: docs/semantics.md §3 defines the rate over `L`, and dividing by `L − maintenance` would be undefined for a
 * 5-minute lookback inside a maintenance window. Maintenance therefore only ever lowers a burn rate.
 *
 * "Exceeds" is strict, with a relative tolerance of 1e-9 so that a rate that equals the threshold in
 * exact arithmetic never fires on floating-point noise. Downtime has millisecond resolution, which moves
 * a rate by far more than that, so no real excess is lost.
 * @throws BadArgumentError for a target outside (0, 1), a non-positive window length, or bad weights.
 */
export function evaluateBurnRate(input: History & { target: number; windowLengthMs: number; now: Date }): BurnRateEvaluation {
  const { target, windowLengthMs, now } = input;
  const measure = measureOf(input);
  const rateOver = (lookbackMs: number): number => {
    const lookbackStart = new Date(now.getTime() - lookbackMs);
    return burnRate(measure.downtime(lookbackStart, now, now), lookbackMs, target);
  };

  const rules = burnRateThresholds(windowLengthMs).map(({ rule, threshold }) => {
    const longRate = rateOver(rule.longWindowMs);
    const shortRate = rateOver(rule.shortWindowMs);
    const firing = exceeds(longRate, threshold) && exceeds(shortRate, threshold);
    return { rule, longRate, shortRate, threshold, firing };
  });

  const severity = rules.some((r) => r.firing && r.rule.severity === 'page')
    ? 'page'
    : rules.some((r) => r.firing && r.rule.severity === 'ticket')
      ? 'ticket'
      : null;
  return { severity, rules };
}

function exceeds(rate: number, threshold: number): boolean {
  return rate > threshold * (1 + 1e-9);
}
