import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds per unit, largest first: the order units must be written in. */
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 7 * DAY],
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
];

/**
 * The longest duration accepted: 3650 days (about ten years). Anything longer is a typo (an extra zero),
 * and refusing it keeps later date arithmetic far from overflow.
 */
export const MAX_DURATION_MS = 3650 * DAY;

// Spellings people try, mapped to the unit we accept, so the error can say what to write instead.
const UNIT_HINTS: Readonly<Record<string, string>> = {
  sec: 's', secs: 's', second: 's', seconds: 's',
  min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  day: 'd', days: 'd',
  wk: 'w', wks: 'w', week: 'w', weeks: 'w',
};

const EXAMPLES = 'e.g. 90s, 15m, 4h, 2d, 1w or 1h30m';

/** Longer text is no duration anyone means (`521w6d23h59m59s` has 15 characters); refused before parsing. */
const MAX_DURATION_TEXT = 32;

/**
 * Parses a duration into milliseconds (docs/semantics.md §4): a number and a unit — `s`, `m` (minutes), `h`,
 * `d` (24 h), `w` (7 d) — or several, largest first, each unit once: `90s`, `15m`, `1h30m`, `1d2h`.
 * Case-insensitive. Days are counted hours (`2d` = 48 h), never calendar days; a business calendar then
 * counts only its working time.
 *
 * Throws `BadArgumentError` for empty input, a missing or unknown unit, zero, a negative or fractional
 * number, a repeated or out-of-order unit, spaces, or more than `MAX_DURATION_MS`.
 */
export function parseDuration(input: string): number {
  const s = input.trim().toLowerCase();
  const shown = echo(input);
  if (s === '') throw new BadArgumentError(`Missing duration: write one like 15m (${EXAMPLES}).`);
  if (s.length > MAX_DURATION_TEXT) throw new BadArgumentError(`"${shown}" is too long for a duration; write one ${EXAMPLES}.`);
  if (/\s/.test(s)) throw new BadArgumentError(`Write "${shown}" without spaces, ${EXAMPLES}.`);
  if (s.startsWith('-')) throw new BadArgumentError(`A duration can't be negative: "${shown}". Write e.g. 15m.`);
  if (/^\d+$/.test(s)) {
    if (Number(s) === 0) throw zero(shown);
    throw new BadArgumentError(`"${shown}" needs a unit: s, m, h, d or w — e.g. ${s}m or ${s}h.`);
  }
  if (/\d[.,]\d/.test(s)) {
    throw new BadArgumentError(`Use whole numbers in "${shown}": e.g. 1h30m instead of 1.5h.`);
  }
  if (/^[a-z]+\d+$/.test(s)) {
    const [, unit, num] = /^([a-z]+)(\d+)$/.exec(s) ?? [];
    throw new BadArgumentError(`Put the number before the unit: ${num}${unit}, not "${shown}".`);
  }
  if (/^(\d+[a-z]+)+\d+$/.test(s)) {
    throw new BadArgumentError(`"${shown}" ends in a number without a unit: e.g. 1h30m.`);
  }
  if (!/^(\d+[a-z]+)+$/.test(s)) throw new BadArgumentError(`"${shown}" is not a duration; write one ${EXAMPLES}.`);

  let total = 0;
  let lastRank = -1;
  const seen = new Set<string>();
  for (const [, digits = '', unit = ''] of s.matchAll(/(\d+)([a-z]+)/g)) {
    const rank = UNITS.findIndex(([u]) => u === unit);
    if (rank < 0) throw unknownUnit(unit, shown);
    if (seen.has(unit)) throw new BadArgumentError(`The unit "${unit}" appears twice in "${shown}"; use each unit once, e.g. 1h30m.`);
    if (rank < lastRank) {
      throw new BadArgumentError(`Write units from largest to smallest: e.g. 1h30m, not "${shown}".`);
    }
    seen.add(unit);
    lastRank = rank;
    // Past 15 digits the value is far beyond the maximum anyway, and Number would start rounding.
    total += digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits) * (UNITS[rank]?.[1] ?? 0);
  }
  if (total === 0) throw zero(shown);
  if (total > MAX_DURATION_MS) {
    throw new BadArgumentError(`"${shown}" is too long: the most is 3650d (about ten years).`);
  }
  return total;
}

function zero(shown: string): BadArgumentError {
  return new BadArgumentError(`A duration must be longer than zero ("${shown}"); write one ${EXAMPLES}.`);
}

function unknownUnit(unit: string, shown: string): BadArgumentError {
  const hint = UNIT_HINTS[unit];
  if (hint !== undefined) return new BadArgumentError(`Write "${unit}" as ${hint} in "${shown}", ${EXAMPLES}.`);
  if (unit === 'ms') return new BadArgumentError(`Milliseconds are too fine for SLAs: use s, m, h, d or w (${EXAMPLES}).`);
  return new BadArgumentError(`Unknown unit "${unit}" in "${shown}": use s, m, h, d or w, ${EXAMPLES}.`);
}
