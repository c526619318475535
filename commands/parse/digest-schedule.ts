import { WEEKDAYS, type Weekday } from '../../src/calendar/types.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

/**
 * When a subscription's digest is posted, in the subscription's time zone (docs/semantics.md §5). `time` is
 * `HH:MM`, 24-hour, zero-padded. A cron expression is kept as five fields separated by single spaces,
 * lower case.
 */
export type DigestSchedule =
  | { readonly kind: 'daily'; readonly time: string }
  | { readonly kind: 'weekdays'; readonly time: string }
  | { readonly kind: 'weekly'; readonly weekday: Weekday; readonly time: string }
  | { readonly kind: 'cron'; readonly expr: string };

const FORMS = 'daily@09:00, weekdays@09:00, weekly@mon 09:00 or a cron expression like "0 9 * * 1-5"';

/** Longer text is no schedule anyone means (every minute of an hour listed is 170 characters); refused before parsing. */
const MAX_SCHEDULE_TEXT = 200;

const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Cron numbers days of the week from Sunday = 0 (7 is Sunday too).
const CRON_DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for values `min`, `min + 1`, …. */
  readonly names?: readonly string[];
}

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 7, names: CRON_DAY_NAMES },
];

/**
 * Parses a digest schedule: `daily@09:00`, `weekdays@09:00` (Mon–Fri), `weekly@mon 09:00` (a weekday as
 * `mon`…`sun` or in full), or a standard 5-field cron expression (`0 9 * * 1-5`: minute, hour, day of
 * month, month, day of week; lists, ranges, `*`, `/step`, and names `jan`–`dec`, `sun`–`sat`). A cron
 * schedule may run at most hourly: its minute field names one minute.
 * Case-insensitive; `9:00` is read as `09:00`.
 *
 * Unquoted, `--digest weekly@mon 09:00` and `--digest 0 9 * * 1-5` reach the parser as several words:
 * give `digestScheduleContinues` to `splitArgs` for that flag and they are joined before parsing.
 *
 * Throws `BadArgumentError` naming the faulty part and showing the accepted forms.
 */
export function parseDigestSchedule(input: string): DigestSchedule {
  const shown = echo(input);
  if (input.length > MAX_SCHEDULE_TEXT) throw new BadArgumentError(`"${shown}" is too long for a digest schedule: use ${FORMS}.`);
  const s = input.trim().replace(/\s+/g, ' ').toLowerCase();
  if (s === '') throw new BadArgumentError(`Missing digest schedule: use ${FORMS}.`);

  const simple = /^(daily|weekdays)@(\S+)$/.exec(s);
  if (simple) return { kind: simple[1] === 'daily' ? 'daily' : 'weekdays', time: parseClock(simple[2] ?? '', shown) };

  const weekly = /^weekly@([a-z]+)(?: (\S+))?$/.exec(s);
  if (weekly) {
    const weekday = parseWeekday(weekly[1] ?? '', shown);
    if (weekly[2] === undefined) {
      throw new BadArgumentError(`"${shown}" needs a time: e.g. weekly@${weekday} 09:00.`);
    }
    return { kind: 'weekly', weekday, time: parseClock(weekly[2], shown) };
  }

  if (/^(daily|weekdays|weekly)$/.test(s)) {
    throw new BadArgumentError(`"${shown}" needs a time: e.g. ${s === 'weekly' ? 'weekly@mon 09:00' : `${s}@09:00`}.`);
  }
  if (s.includes('@')) throw new BadArgumentError(`"${shown}" is not a digest schedule: use ${FORMS}.`);

  const fields = s.split(' ');
  if (fields.length !== 5) {
    const extra = fields.length === 6 ? ' (a seconds field is not supported)' : '';
    throw new BadArgumentError(
      `A cron schedule has 5 fields (minute hour day month weekday), "${shown}" has ${fields.length}${extra}. ` +
        `Use ${FORMS}.`,
    );
  }
  const values = fields.map((f, i) => parseCronField(f, CRON_FIELDS[i] as CronField, shown));
  // At most hourly (docs/semantics.md §5): one minute of the hour. A digest summarises a period; sent more
  // often it repeats itself and buries the channel's alerts, which arrive as they happen anyway.
  const perHour = values[0]?.size ?? 0;
  if (perHour > 1) {
    throw new BadArgumentError(
      `"${shown}" would post a digest ${perHour === 60 ? 'every minute' : `${perHour} times an hour`}; a digest goes out at most once an hour, ` +
        `since alerts already arrive as they happen. Give the minute one value, e.g. "0 * * * *" for hourly, or use ${FORMS}.`,
    );
  }
  // With day of week "*", cron fires only on the listed days of month: Feb 30 alone would never fire.
  const [, , days, months] = values;
  if (fields[4] === '*' && days && months && ![...months].some((mo) => Math.min(...days) <= (MONTH_DAYS[mo - 1] ?? 0))) {
    throw new BadArgumentError(`"${shown}" never runs: those months have no such day. Use ${FORMS}.`);
  }
  return { kind: 'cron', expr: fields.join(' ') };
}

/** The schedule as a 5-field cron expression, for the scheduler. */
export function toCron(schedule: DigestSchedule): string {
  if (schedule.kind === 'cron') return schedule.expr;
  const [h, m] = schedule.time.split(':').map(Number);
  // WEEKDAYS runs mon..sun; cron counts sun = 0, mon = 1, ….
  const day =
    schedule.kind === 'daily' ? '*' : schedule.kind === 'weekdays' ? '1-5' : String((WEEKDAYS.indexOf(schedule.weekday) + 1) % 7);
  return `${m} ${h} * * ${day}`;
}

/** The schedule as a user writes it; `parseDigestSchedule` reads it back unchanged. */
export function formatDigestSchedule(schedule: DigestSchedule): string {
  switch (schedule.kind) {
    case 'daily':
    case 'weekdays':
      return `${schedule.kind}@${schedule.time}`;
    case 'weekly':
      return `weekly@${schedule.weekday} ${schedule.time}`;
    case 'cron':
      return schedule.expr;
  }
}

/**
 * A `Continues` for `splitArgs`: joins `weekly@mon` + `09:00`, and the five words of an unquoted cron
 * expression (`--digest 0 9 * * 1-5`). It only ever extends a value that would be invalid on its own.
 */
export function digestScheduleContinues(valueSoFar: string, next: string): boolean {
  if (/^weekly@[a-z]+$/i.test(valueSoFar)) return /^\d{1,2}:\d{2}$/.test(next);
  const fields = valueSoFar.split(' ');
  const cronWord = /^[0-9a-z*,/-]+$/i;
  return fields.length < 5 && /^[0-9*]/.test(valueSoFar) && fields.every((f) => cronWord.test(f)) && cronWord.test(next);
}

function parseClock(text: string, shown: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || h > 23 || min > 59) {
    throw new BadArgumentError(`"${text}" in "${shown}" is not a time of day: use HH:MM from 00:00 to 23:59, e.g. daily@09:00.`);
  }
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

function parseWeekday(text: string, shown: string): Weekday {
  const short = WEEKDAYS.find((d) => d === text);
  const index = FULL_DAY_NAMES.indexOf(text);
  const day = short ?? WEEKDAYS[index];
  if (day === undefined) {
    throw new BadArgumentError(`"${text}" in "${shown}" is not a weekday: use mon, tue, wed, thu, fri, sat or sun, e.g. weekly@mon 09:00.`);
  }
  return day;
}

/** The values a cron field selects; throws for syntax cron does not accept or values out of range. */
function parseCronField(text: string, field: CronField, shown: string): Set<number> {
  const fail = (why: string): BadArgumentError =>
    new BadArgumentError(`In "${shown}", the ${field.name} field "${text}" ${why}. Use ${FORMS}.`);
  const selected = new Set<number>();
  for (const item of text.split(',')) {
    // Quartz (Java) extensions that cron, and so the scheduler, does not understand.
    if (/^(\?|l|lw|\d*l|\d+w|.*#.*)$/.test(item)) throw fail('uses Quartz syntax (? L W #), which is not supported');
    const m = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw fail(`has an invalid part "${item}"`);
    const [, star, from, to, stepText] = m;
    const lo = star ? field.min : value(from ?? '', field, fail, false);
    // `a/n` means a through the end in steps of n, as in Vixie cron. `sat-sun` is allowed: sun is 7 there.
    const hi = star || (to === undefined && stepText !== undefined) ? field.max : to === undefined ? lo : value(to, field, fail, true);
    if (hi < lo) throw fail(`runs backwards (${from}-${to}); list it in two parts instead`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > field.max - field.min) throw fail(`has a step out of range (1 to ${field.max - field.min})`);
    for (let v = lo; v <= hi; v += step) selected.add(v);
  }
  return selected;
}

function value(text: string, field: CronField, fail: (why: string) => BadArgumentError, rangeEnd: boolean): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < field.min || n > field.max) throw fail(`has ${text}, outside ${field.min}-${field.max}`);
    return n;
  }
  const index = field.names?.indexOf(text) ?? -1;
  if (index < 0) throw fail(field.names ? `has an unknown name "${text}"` : `has "${text}", which is not a number`);
  const n = field.min + index;
  // Sunday closes a range as 7 (`sat-sun`, `mon-sun`) so the range does not run backwards.
  return rangeEnd && field.names === CRON_DAY_NAMES && n === 0 ? 7 : n;
}
