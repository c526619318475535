import { WEEKDAYS } from '../../src/calendar/types.ts';
import type { Handoff, IsoWeekday } from '../../src/domain/oncall.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

const FORMS = 'daily 09:00, weekly mon 09:00 or every 3 days 09:00';

/** The most days between hand-offs: four weeks. Longer rotations are a typo, or better written as weekly. */
export const MAX_HANDOFF_DAYS = 28;

/** Longer text is no hand-off anyone means (`every 28 days at 23:59` has 24 characters); refused before parsing. */
const MAX_HANDOFF_TEXT = 64;

const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Parses when a rota hands over (docs/semantics.md §7), in the rota's zone: `daily 09:00`,
 * `weekly mon 09:00` (a weekday as `mon`…`sun` or in full), or `every 3 days 09:00` (N from 1 to 28;
 * `every 1 day` is `daily`). Case-insensitive; `9:00` is read as `09:00`, and an `at` before the time
 * (`daily at 09:00`) is allowed.
 *
 * Throws `BadArgumentError` naming the faulty part and showing the accepted forms.
 */
export function parseHandoff(text: string): Handoff {
  const shown = echo(text);
  if (text.length > MAX_HANDOFF_TEXT) throw new BadArgumentError(`"${shown}" is too long for a hand-off: write ${FORMS}.`);
  const s = text.trim().replace(/\s+/g, ' ').toLowerCase().replace(/ at (?=\S+$)/, ' ');
  if (s === '') throw new BadArgumentError(`Missing hand-off: write when the rota hands over, e.g. ${FORMS}.`);
  const words = s.split(' ');
  const [first = '', ...rest] = words;

  if (first === 'daily' || first === 'everyday') {
    if (rest.length === 0) throw new BadArgumentError(`"${shown}" needs a time: e.g. daily 09:00.`);
    if (rest.length > 1) throw new BadArgumentError(`"${shown}" is not a hand-off: a daily one is written like daily 09:00.`);
    return { every: 'day', at: parseClock(rest[0] ?? '', shown, 'daily') };
  }

  if (first === 'weekly') {
    if (rest.length === 0) throw new BadArgumentError(`"${shown}" needs a weekday and a time: e.g. weekly mon 09:00.`);
    const [dayWord = '', clock, ...extra] = rest;
    if (looksLikeClock(dayWord)) {
      const named = clock === undefined ? undefined : weekdayOf(clock);
      const day = named === undefined ? 'mon' : WEEKDAYS[named - 1];
      throw new BadArgumentError(`Name the weekday first, then the time: e.g. weekly ${day} ${dayWord}, not "${shown}".`);
    }
    const weekday = weekdayOf(dayWord);
    if (weekday === undefined) {
      throw new BadArgumentError(`"${dayWord}" in "${shown}" is not a weekday: use mon, tue, wed, thu, fri, sat or sun, e.g. weekly mon 09:00.`);
    }
    const short = WEEKDAYS[weekday - 1] ?? 'mon';
    if (clock === undefined) throw new BadArgumentError(`"${shown}" needs a time: e.g. weekly ${short} 09:00.`);
    if (extra.length > 0) throw new BadArgumentError(`"${shown}" is not a hand-off: a weekly one is written like weekly ${short} 09:00.`);
    return { every: 'week', weekday, at: parseClock(clock, shown, `weekly ${short}`) };
  }

  if (first === 'every') return parseEvery(rest, shown);

  if (weekdayOf(first) !== undefined) {
    const short = WEEKDAYS[(weekdayOf(first) ?? 1) - 1] ?? 'mon';
    throw new BadArgumentError(`Write "weekly ${short} ${rest[0] ?? '09:00'}" for a hand-off every ${FULL_DAY_NAMES[(weekdayOf(first) ?? 1) - 1]}, not "${shown}".`);
  }
  if (looksLikeClock(first)) throw new BadArgumentError(`Say how often the rota hands over at ${first}: e.g. daily ${first} or weekly mon ${first}.`);
  if (/^(hourly|every ?hour|twice)/.test(s)) throw shorterThanADay(shown);
  if (first === 'fortnightly' || first === 'biweekly') {
    throw new BadArgumentError(`Write a two-week rotation as every 14 days ${rest[0] ?? '09:00'} (the first hand-off is on the day the rota is set).`);
  }
  if (first === 'monthly') throw new BadArgumentError(`Hand-offs are at most ${MAX_HANDOFF_DAYS} days apart: write e.g. every 28 days 09:00, or ${FORMS}.`);
  throw new BadArgumentError(`"${shown}" is not a hand-off: write ${FORMS}.`);
}

/** The hand-off as a user writes it; `parseHandoff` reads it back. `every 1 day` is written `daily`. */
export function formatHandoff(h: Handoff): string {
  switch (h.every) {
    case 'day':
      return `daily ${h.at}`;
    case 'week':
      return `weekly ${WEEKDAYS[h.weekday - 1] ?? 'mon'} ${h.at}`;
    case 'days':
      return h.days === 1 ? `daily ${h.at}` : `every ${h.days} days ${h.at}`;
  }
}

function parseEvery(rest: string[], shown: string): Handoff {
  const [count = '', unit = '', clock, ...extra] = rest;
  if (count === '') throw new BadArgumentError(`"${shown}" needs a number of days and a time: e.g. every 3 days 09:00.`);
  // `every day 09:00`, `every monday 09:00`: what people say aloud.
  if (count === 'day') return { every: 'day', at: parseClock(requireClock(unit, shown, 'daily'), shown, 'daily') };
  const weekday = weekdayOf(count);
  if (weekday !== undefined) {
    const short = WEEKDAYS[weekday - 1] ?? 'mon';
    return { every: 'week', weekday, at: parseClock(requireClock(unit, shown, `weekly ${short}`), shown, `weekly ${short}`) };
  }
  if (count === 'week') throw new BadArgumentError(`Write a weekly hand-off with its weekday: e.g. weekly mon ${unit || '09:00'}.`);
  if (/^\d+[.,]\d+$/.test(count)) throw new BadArgumentError(`Use a whole number of days in "${shown}": e.g. every 3 days 09:00.`);
  if (/^\d+[a-z]+$/.test(count)) {
    throw new BadArgumentError(`Write the number and the unit apart, with a time: e.g. every 3 days 09:00, not "${shown}".`);
  }
  if (!/^\d+$/.test(count)) throw new BadArgumentError(`"${shown}" is not a hand-off: write e.g. every 3 days 09:00, or ${FORMS}.`);
  const n = count.length > 6 ? Infinity : Number(count);
  if (unit === '' || looksLikeClock(unit)) {
    throw new BadArgumentError(`"${shown}" needs a unit: e.g. every ${count} days ${unit || '09:00'}.`);
  }
  const time = clock ?? '';
  if (/^(hours?|h|hrs?|minutes?|mins?|m)$/.test(unit)) throw shorterThanADay(shown);
  if (/^(weeks?|w|wks?)$/.test(unit)) {
    if (n === 1) throw new BadArgumentError(`Write a weekly hand-off with its weekday: e.g. weekly mon ${time || '09:00'}.`);
    if (n * 7 <= MAX_HANDOFF_DAYS) throw new BadArgumentError(`Write "every ${n * 7} days ${time || '09:00'}" for a hand-off every ${n} weeks.`);
    throw new BadArgumentError(`Hand-offs are at most ${MAX_HANDOFF_DAYS} days (four weeks) apart: e.g. every 14 days 09:00.`);
  }
  if (!/^(days?|d)$/.test(unit)) throw new BadArgumentError(`"${unit}" in "${shown}" is not a unit: hand-offs are counted in days, e.g. every 3 days 09:00.`);
  if (n < 1) throw new BadArgumentError(`Hand-offs need at least a day between them ("${shown}"): e.g. every 3 days 09:00, or daily 09:00.`);
  if (n > MAX_HANDOFF_DAYS) throw new BadArgumentError(`Hand-offs are at most ${MAX_HANDOFF_DAYS} days apart ("${shown}"): e.g. every 14 days 09:00.`);
  const example = n === 1 ? 'daily' : `every ${n} days`;
  if (clock === undefined) throw new BadArgumentError(`"${shown}" needs a time: e.g. ${example} 09:00.`);
  if (extra.length > 0) throw new BadArgumentError(`"${shown}" is not a hand-off: write it like ${example} 09:00.`);
  const at = parseClock(clock, shown, example);
  return n === 1 ? { every: 'day', at } : { every: 'days', days: n, at };
}

function requireClock(word: string, shown: string, example: string): string {
  if (word === '') throw new BadArgumentError(`"${shown}" needs a time: e.g. ${example} 09:00.`);
  return word;
}

function shorterThanADay(shown: string): BadArgumentError {
  return new BadArgumentError(`A rota hands over at most once a day ("${shown}"); write ${FORMS}.`);
}

function looksLikeClock(word: string): boolean {
  // `9`, a bare number, is a count (`every 9 days`), not a time.
  return /^\d{1,2}:\d{2}$/.test(word) || /^\d{1,2}(:\d{2})?(am|pm)$/.test(word);
}

/** `at` as zero-padded HH:MM, or a BadArgumentError saying how to write it. */
function parseClock(word: string, shown: string, example: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(word);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h <= 23 && min <= 59) return `${String(h).padStart(2, '0')}:${m[2]}`;
  }
  const ampm = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(word);
  if (ampm && Number(ampm[1]) >= 1 && Number(ampm[1]) <= 12 && Number(ampm[2] ?? 0) <= 59) {
    const h = (Number(ampm[1]) % 12) + (ampm[3] === 'pm' ? 12 : 0);
    throw new BadArgumentError(`Write the time in 24-hour form: ${example} ${String(h).padStart(2, '0')}:${ampm[2] ?? '00'}, not "${shown}".`);
  }
  if (/^\d{3,4}$/.test(word)) {
    const padded = word.padStart(4, '0');
    throw new BadArgumentError(`Write the time with a colon: ${example} ${padded.slice(0, 2)}:${padded.slice(2)}, not "${shown}".`);
  }
  throw new BadArgumentError(`"${word}" in "${shown}" is not a time of day: use HH:MM from 00:00 to 23:59, e.g. ${example} 09:00.`);
}

function weekdayOf(word: string): IsoWeekday | undefined {
  let i = WEEKDAYS.findIndex((d) => d === word);
  if (i < 0) i = FULL_DAY_NAMES.indexOf(word);
  return i < 0 ? undefined : ((i + 1) as IsoWeekday);
}
