import { DateTime } from 'luxon';
import { BadArgumentError } from '../../src/errors.ts';
import { parseDuration } from './duration.ts';
import { echo } from './echo.ts';
import { canonicalTimeZone } from './time-zone.ts';

/** What a time is relative to: the current instant and the reader's zone for wall-clock input. */
export interface TimeContext {
  readonly now: Date;
  /** IANA zone in which `10:05` and `2026-11-25 10:05` are read. */
  readonly timezone: string;
}

type Direction = 'past' | 'future';

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:z|[+-]\d{2}(?::?\d{2})?)$/;
const WEEKDAY_NAMES = [
  ['mon', 'monday'],
  ['tue', 'tues', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thur', 'thurs', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
];
const WEEKDAY_TIME = new RegExp(`^(${WEEKDAY_NAMES.flat().join('|')})(?: (\\d{1,2}):(\\d{2}))?$`);
const DURATION_WORD = /^\d+[a-z]+(?:\d+[a-z]+)*$/i;
/** Longer text is no time anyone means (`2026-11-25T10:05:00.123456789+01:00` has 35 characters). */
const MAX_TIME_TEXT = 64;

const PAST_EXAMPLES = 'e.g. 10:05, 2026-11-25 10:05, 2026-11-25, 2026-11-25T10:05:00Z, -15m, 15m ago or now';
const FUTURE_EXAMPLES = 'e.g. 22:00, fri 18:00, 2026-11-25 22:00, 2026-11-25, 2026-11-25T22:00:00Z, +2h, in 2h or now';

/**
 * Parses a time that refers to the past or present, such as `--since`:
 * - `now`;
 * - `-15m`, `-1h30m`, `15m ago` (any duration `parseDuration` accepts);
 * - `10:05` or `10:05:30` — the most recent such wall-clock time in `timezone`: today, or yesterday when
 *   today's is still ahead, because "since 10:05" typed at 09:00 means yesterday's 10:05;
 * - `2026-11-25 10:05`, `2026-11-25T10:05`, `2026-11-25` (midnight) — wall-clock time in `timezone`;
 * - ISO 8601 with `Z` or an offset (`2026-11-25T10:05:00Z`, `…+01:00`) — the zone is then ignored.
 * Absolute times are returned as given even if in the future: whether that is allowed is the command's
 * call. Forward-looking relative forms (`+2h`, `in 2h`) are refused, as a sign mistake.
 *
 * Wall-clock times follow docs/semantics.md §1: one that does not exist (spring-forward gap) moves forward by
 * the gap; an ambiguous one (fall-back) is its first occurrence. Case-insensitive. Throws
 * `BadArgumentError` with examples for anything else, and for an unknown zone.
 *
 * Tokens `2026-11-25` `10:05` and `15m` `ago` arrive as two words; `timeContinues` lets `splitArgs`
 * join them.
 */
export function parseTime(input: string, ctx: TimeContext): Date {
  return parseIn(input, ctx, 'past');
}

/**
 * Like `parseTime`, for times that start something ahead, such as a maintenance window: `22:00` is the
 * next such wall-clock time (today, or tomorrow when today's has passed), and `+2h` / `in 2h` are
 * allowed while `-15m` / `15m ago` are refused.
 */
export function parseFutureTime(input: string, ctx: TimeContext): Date {
  return parseIn(input, ctx, 'future');
}

/**
 * A `Continues` for `splitArgs`: joins `2026-11-25` + `10:05`, `15m` + `ago` and `in` + `2h`, so
 * `--since 2026-11-25 10:05` works without quotes.
 */
export function timeContinues(valueSoFar: string, next: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(valueSoFar)) {
    return /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:z|[+-]\d{2}(?::?\d{2})?)?$/i.test(next);
  }
  if (DURATION_WORD.test(valueSoFar)) return next.toLowerCase() === 'ago';
  if (WEEKDAY_TIME.test(valueSoFar.toLowerCase()) && !valueSoFar.includes(' ')) return /^\d{1,2}:\d{2}$/.test(next);
  return valueSoFar.toLowerCase() === 'in' && DURATION_WORD.test(next);
}

function parseIn(input: string, ctx: TimeContext, direction: Direction): Date {
  const s = input.trim().replace(/\s+/g, ' ').toLowerCase();
  const zone = canonicalTimeZone(ctx.timezone);
  const now = ctx.now;
  if (Number.isNaN(now.getTime())) throw new RangeError('TimeContext.now is an invalid Date');
  const examples = direction === 'past' ? PAST_EXAMPLES : FUTURE_EXAMPLES;
  const shown = echo(input);
  if (s.length > MAX_TIME_TEXT) throw new BadArgumentError(`"${shown}" is too long for a time; write one ${examples}.`);

  if (s === 'now') return new Date(now.getTime());

  const relative = /^([+-])(\S+)$/.exec(s) ?? /^(in) (\S+)$/.exec(s) ?? /^(\S+) (ago)$/.exec(s);
  if (relative) {
    const [, a = '', b = ''] = relative;
    const ago = b === 'ago';
    const sign = a === '-' || ago ? -1 : 1;
    const amount = parseDuration(ago ? a : b);
    if (direction === 'past' && sign > 0) {
      throw new BadArgumentError(`"${shown}" is in the future, but a past time is needed here: e.g. -${b} or ${b} ago.`);
    }
    if (direction === 'future' && sign < 0) {
      const d = ago ? a : b;
      throw new BadArgumentError(`"${shown}" is in the past, but a time ahead is needed here: e.g. +${d} or in ${d}.`);
    }
    return new Date(now.getTime() + sign * amount);
  }
  if (DURATION_WORD.test(s) && !/^\d+$/.test(s)) {
    const hint = direction === 'past' ? `-${s} or ${s} ago` : `+${s} or in ${s}`;
    throw new BadArgumentError(`"${shown}" is a duration, not a time: write ${hint}.`);
  }

  const timeOfDay = TIME_OF_DAY.exec(s);
  if (timeOfDay) {
    const [h, m, sec] = checkTimeOfDay(timeOfDay[1], timeOfDay[2], timeOfDay[3], shown, examples);
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    let at = wallTime(today, h, m, sec, shown);
    if (direction === 'past' && at.toMillis() > now.getTime()) at = wallTime(today.minus({ days: 1 }), h, m, sec, shown);
    if (direction === 'future' && at.toMillis() < now.getTime()) at = wallTime(today.plus({ days: 1 }), h, m, sec, shown);
    return at.toJSDate();
  }

  // `fri 18:00`, `friday`: the next (or, for a past time, the latest) such weekday and wall-clock time;
  // today counts when the time is still ahead (or, for the past, already behind).
  const weekday = WEEKDAY_TIME.exec(s);
  if (weekday) {
    const dow = WEEKDAY_NAMES.findIndex((names) => names.includes(weekday[1]!)) + 1;
    const [h, m] = weekday[2] === undefined ? [0, 0] : checkTimeOfDay(weekday[2], weekday[3], undefined, shown, examples);
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    const step = direction === 'future' ? 1 : -1;
    for (let i = 0; i <= 7; i++) {
      const day = today.plus({ days: step * i });
      if (day.weekday !== dow) continue;
      const at = wallTime(day, h, m, 0, shown);
      if (direction === 'future' ? at.toMillis() >= now.getTime() : at.toMillis() <= now.getTime()) return at.toJSDate();
    }
  }

  if (WITH_OFFSET.test(s)) {
    const dt = DateTime.fromISO(s.replace(' ', 'T').toUpperCase(), { setZone: true });
    if (!dt.isValid) throw new BadArgumentError(`"${shown}" is not a valid date and time, ${examples}.`);
    return dt.toJSDate();
  }

  const local = LOCAL.exec(s);
  if (local) {
    const [, y, mo, d, hh, mm, ss] = local;
    const [h, m, sec] = hh === undefined ? [0, 0, 0] : checkTimeOfDay(hh, mm, ss, shown, examples);
    const day = DateTime.fromObject({ year: Number(y), month: Number(mo), day: Number(d) }, { zone });
    if (!day.isValid) throw new BadArgumentError(`${y}-${mo}-${d} is not a date on the calendar, ${examples}.`);
    return wallTime(day, h, m, sec, shown).toJSDate();
  }

  throw new BadArgumentError(`"${shown}" is not a time I understand; write one ${examples}.`);
}

function checkTimeOfDay(
  h: string | undefined,
  m: string | undefined,
  s: string | undefined,
  shown: string,
  examples: string,
): [number, number, number] {
  const hour = Number(h);
  const minute = Number(m);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) {
    throw new BadArgumentError(`"${shown}" is not a time of day (00:00 to 23:59), ${examples}.`);
  }
  return [hour, minute, second];
}

/**
 * The instant of wall-clock time h:m:s on `day`'s local date in `day`'s zone. Luxon already moves a time
 * in a spring-forward gap forward by the gap; for a fall-back time it picks the later occurrence, and
 * docs/semantics.md §1 wants the first, so this looks one offset back.
 */
function wallTime(day: DateTime, hour: number, minute: number, second: number, shown: string): DateTime {
  const dt = day.set({ hour, minute, second, millisecond: 0 });
  if (!dt.isValid) throw new BadArgumentError(`"${shown}" is not a valid time.`);
  // Offsets are in minutes. Six hours back is before any transition that could make this time ambiguous.
  const offsetBefore = DateTime.fromMillis(dt.toMillis() - 6 * 3_600_000, { zone: dt.zone }).offset;
  if (offsetBefore <= dt.offset) return dt;
  const earlier = DateTime.fromMillis(dt.toMillis() - (offsetBefore - dt.offset) * 60_000, { zone: dt.zone });
  const same = earlier.hour === hour && earlier.minute === minute && earlier.day === dt.day;
  return same ? earlier : dt;
}
