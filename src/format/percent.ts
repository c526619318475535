import { BadArgumentError } from '../errors.ts';

/** How {@link formatPercent} drops digits. */
export type PercentRounding = 'nearest' | 'down';

/**
 * Formats a fraction as a percentage with a fixed number of decimals and no space: `0.9995` → `99.95%`.
 *
 * `rounding: 'down'` (toward −∞) is for figures compared with a target: 0.99895 must not print as
 * `99.90%` next to a 99.9 % objective it misses, nor 0.99999 as `100.00%`. `'nearest'` (default) rounds
 * half away from zero.
 *
 * Binary noise is removed before rounding (0.57 × 100 is 56.99999999999999 in doubles), so decimal
 * inputs format as written. Non-finite input gives `∞%`, `-∞%` or `n/a` rather than throwing.
 * @throws BadArgumentError if `digits` is not an integer from 0 to 10.
 */
export function formatPercent(x: number, digits = 2, opts: { rounding?: PercentRounding } = {}): string {
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 10)) {
    throw new BadArgumentError(`percent digits must be an integer from 0 to 10, got ${digits}.`);
  }
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞%' : '-∞%';

  const scale = 10 ** digits;
  let scaled = x * 100 * scale;
  // Snap to 1e-6 of the last digit: far below anything meaningful, far above double rounding error.
  if (Math.abs(scaled) < 1e9) scaled = Math.round(scaled * 1e6) / 1e6;
  const units = opts.rounding === 'down' ? Math.floor(scaled) : Math.sign(scaled) * Math.round(Math.abs(scaled));
  // `|| 0` turns -0 into 0, so nothing prints as "-0.00%".
  return `${(units / scale || 0).toFixed(digits)}%`;
}
