/**
 * Human durations for chat: `43m 12s`, `10m 4.8s`, `8h 45m 36s`, `2d 3h`, `0s`, `-5m`.
 * Units are days, hours, minutes and seconds; a day is 24 h (durations are elapsed time, not calendar
 * days). There are no weeks or months: `365d` reads unambiguously, "1y" would not.
 */

/** `precise`: every non-zero unit, seconds to the millisecond. `compact`: at most two adjacent units, rounded. */
export type DurationStyle = 'precise' | 'compact';

/** Options of {@link formatDuration}. */
export type FormatDurationOptions = { style?: DurationStyle };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
  [SECOND, 's'],
];

/**
 * Formats a duration in ms.
 * - `precise` (default): all non-zero units, fractional seconds kept to the ms (`10m 4.8s`,
 *   `8h 45m 36s`, `1d 0.001s`). Exact reference figures must survive formatting.
 * - `compact`: the largest unit and the next one, rounded half up to that next unit, for chat lines
 *   (`8h 46m`, `2h 5m`, `2d 3h`); a zero second unit is left out (`2d`). Below one minute it shows whole
 *   seconds (`27s`).
 * Negative durations (an overspent budget) get a leading minus: `-5m`. A duration that rounds to zero
 * is `0s`, never `-0s`. Non-finite input does not throw, because a formatter must not break a reply:
 * `∞`, `-∞`, `n/a` (NaN).
 */
export function formatDuration(ms: number, opts: FormatDurationOptions = {}): string {
  if (Number.isNaN(ms)) return 'n/a';
  if (!Number.isFinite(ms)) return ms > 0 ? '∞' : '-∞';
  const body = opts.style === 'compact' ? compact(Math.abs(ms)) : precise(Math.abs(ms));
  return ms < 0 && body !== '0s' ? `-${body}` : body;
}

function precise(abs: number): string {
  let rest = Math.round(abs);
  const parts: string[] = [];
  for (const [size, label] of UNITS) {
    if (size === SECOND) {
      // toFixed(3) then trimming keeps exactly the ms the value has: 4800 ms → "4.8", 12000 ms → "12".
      if (rest > 0) parts.push(`${(rest / SECOND).toFixed(3).replace(/\.?0+$/, '')}${label}`);
    } else {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (count > 0) parts.push(`${count}${label}`);
    }
  }
  return parts.length === 0 ? '0s' : parts.join(' ');
}

function compact(abs: number): string {
  // Round first to the smaller of the two units that will show, then split: rounding can carry into the
  // larger unit (59m 59.6s → 1h), and splitting afterwards keeps the carry visible.
  const found = UNITS.findIndex(([size]) => abs >= size);
  const lead = found === -1 ? UNITS.length - 1 : found;
  const step = UNITS[Math.min(lead + 1, UNITS.length - 1)]![0];
  const rounded = Math.round(abs / step) * step;
  if (rounded === 0) return '0s';
  const first = UNITS.findIndex(([size]) => rounded >= size);
  const [bigSize, bigLabel] = UNITS[first]!;
  const big = Math.floor(rounded / bigSize);
  const parts = [`${big}${bigLabel}`];
  const next = UNITS[first + 1];
  if (next) {
    const small = Math.round((rounded - big * bigSize) / next[0]);
    if (small > 0) parts.push(`${small}${next[1]}`);
  }
  return parts.join(' ');
}
