import { DateTime } from 'luxon';
import { BadArgumentError } from '../errors.ts';

/**
 * The window an availability objective is measured over (docs/semantics.md §3).
 * - `rolling`: the last `days` × 24 h before now. A fixed length in real time, so a DST change inside it
 *   does not make it longer or shorter.
 * - `calendar`: the current month or quarter in the service's time zone, DST-correct (October in
 *   Europe/Berlin has 745 hours).
 */
export type SloWindow = { kind: 'rolling'; days: number } | { kind: 'calendar'; unit: 'month' | 'quarter' };

/** A half-open span of instants `[from, to)`. */
export type WindowRange = { from: Date; to: Date };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Longest rolling window accepted. Longer ones are almost always typos (`3000d`), and an error budget
 * over several years says nothing a chat reader can act on.
 */
export const MAX_ROLLING_DAYS = 366;

const WINDOW_USAGE =
  'use a rolling window like 30d, 28d, 7d, 1d, 365d or 4w, or a calendar window: month, quarter';

/**
 * Parses an objective window: `<n>d` or `<n>w` (rolling, `4w` = 28 days), `month` or `quarter` (calendar).
 * Case and surrounding blanks are ignored.
 * @throws BadArgumentError for anything else, or a rolling length outside 1..366 days.
 */
export function parseSloWindow(s: string): SloWindow {
  const text = s.trim().toLowerCase();
  if (text === 'month' || text === 'quarter') return { kind: 'calendar', unit: text };
  const match = /^(\d{1,4})([dw])$/.exec(text);
  if (!match) throw new BadArgumentError(`"${s}" is not an objective window: ${WINDOW_USAGE}.`);
  const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
  if (days < 1 || days > MAX_ROLLING_DAYS) {
    throw new BadArgumentError(`"${s}" is out of range: a rolling window is 1 to ${MAX_ROLLING_DAYS} days.`);
  }
  return { kind: 'rolling', days };
}

/**
 * The part of the window that has elapsed at `now`, `[from, now)`.
 * Rolling: `[now − days × 24 h, now)`, the whole window. Calendar: from the local start of the current
 * month/quarter in `timezone` to `now`. This is where downtime can have happened so far; availability and
 * budget are NOT taken over it for a calendar window (see {@link objectiveWindow}).
 * @throws BadArgumentError for an unknown time zone.
 */
export function windowRange(w: SloWindow, now: Date, timezone: string): WindowRange {
  // The zone is checked for rolling windows too, so a misconfigured service fails the same way for both kinds.
  const local = zoned(now, timezone);
  const to = new Date(now.getTime());
  if (w.kind === 'rolling') return { from: new Date(now.getTime() - w.days * DAY_MS), to };
  return { from: local.startOf(w.unit).toJSDate(), to };
}

/**
 * Length in ms of the FULL window that contains `now`: `days × 24 h` for a rolling window; for a calendar
 * window the whole month/quarter from its local start to the next one's, in real elapsed time (so a
 * month with a DST change is an hour longer or shorter).
 * @throws BadArgumentError for an unknown time zone.
 */
export function windowLength(w: SloWindow, now: Date, timezone: string): number {
  const local = zoned(now, timezone);
  if (w.kind === 'rolling') return w.days * DAY_MS;
  const start = local.startOf(w.unit);
  // Luxon adds calendar months in local time, so the difference of the two instants counts the DST hour.
  const end = start.plus({ months: w.unit === 'month' ? 1 : 3 });
  return end.toMillis() - start.toMillis();
}

/** Where `now` stands in a calendar period, for labels such as "December, 12 days in". */
export type CalendarPeriod = {
  unit: 'month' | 'quarter';
  /** The period in words, in English: `December`, `Q4 (Oct–Dec)`. */
  name: string;
  /** The local day of the period `now` falls on, counting from 1: 12 on 12 December. */
  day: number;
  /** Local days in the whole period: 31 for December, 92 for Q4. */
  days: number;
};

/**
 * The window an objective is measured over at `now`: the one span that both availability and the error
 * budget are taken over (docs/semantics.md §3, "one denominator"), so that "availability ≥ target" holds
 * exactly when "budget left ≥ 0".
 * - Rolling: the last `days` × 24 h, always full: `[now − days × 24 h, now)`.
 * - Calendar: the WHOLE current month/quarter in `timezone`, `[local start, start of the next one)`, even
 *   mid-period. Downtime can only have happened up to now, so mid-month availability is the month's
 *   attainment if nothing else goes down; `period` says how far in it is, for the label.
 */
export type ObjectiveWindow = {
  from: Date;
  /** End of the window: `now` for a rolling window, the start of the next period for a calendar one. */
  to: Date;
  /** `to − from`, in real elapsed ms (a calendar month with a DST change is an hour longer or shorter). */
  lengthMs: number;
  /** Calendar windows: the period and the day of it; null for rolling windows. */
  period: CalendarPeriod | null;
};

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The window in force at `now` (see {@link ObjectiveWindow}).
 * @throws BadArgumentError for an unknown time zone.
 */
export function objectiveWindow(w: SloWindow, now: Date, timezone: string): ObjectiveWindow {
  const local = zoned(now, timezone);
  if (w.kind === 'rolling') {
    const lengthMs = w.days * DAY_MS;
    return { from: new Date(now.getTime() - lengthMs), to: new Date(now.getTime()), lengthMs, period: null };
  }
  const start = local.startOf(w.unit);
  const end = start.plus({ months: w.unit === 'month' ? 1 : 3 });
  // Local calendar days, so a DST day (23 or 25 h) is still one day.
  const dayOf = (t: DateTime) => Math.round(t.startOf('day').diff(start, 'days').days);
  const quarter = Math.floor((start.month - 1) / 3) + 1;
  const name =
    w.unit === 'month'
      ? start.setLocale('en-GB').toFormat('LLLL')
      : `Q${quarter} (${MONTH_ABBR[start.month - 1]}–${MONTH_ABBR[start.month + 1]})`;
  return {
    from: start.toJSDate(),
    to: end.toJSDate(),
    lengthMs: end.toMillis() - start.toMillis(),
    period: { unit: w.unit, name, day: dayOf(local) + 1, days: dayOf(end) },
  };
}

/** The end of the local day `now` falls on in `timezone`: when a calendar period's day count turns. */
export function localDayEnd(now: Date, timezone: string): Date {
  return zoned(now, timezone).startOf('day').plus({ days: 1 }).toJSDate();
}

/**
 * The earliest impact start an incident of a service with window `w` may be given at `now`
 * (docs/semantics.md §3): one window length before now. An earlier start is refused, so that a typo such as
 * `--since 1970-01-01` cannot wipe out a budget.
 * - Rolling: `now − days × 24 h`, the start of the window itself.
 * - Calendar: `now −` the length of the current period (31 days in December). The period's own start
 *   would be a tighter bound, but it would turn away a real outage that began at 23:50 on the last day
 *   of the previous month and is reported at 00:10; one window length back keeps it (its downtime
 *   counts for the period it fell in) and still catches every typo of that kind.
 * - No objective (`null`): nothing is measured, but a bound still catches the typo before an objective
 *   is added; the longest window an objective may have, {@link MAX_ROLLING_DAYS} days.
 * @throws BadArgumentError for an unknown time zone.
 */
export function earliestImpactStart(w: SloWindow | null, now: Date, timezone: string): Date {
  const back = w === null ? MAX_ROLLING_DAYS * DAY_MS : windowLength(w, now, timezone);
  return new Date(now.getTime() - back);
}

/** The report periods the `report --period` grammar advertises. */
export const REPORT_PERIODS = ['7d', '30d', 'month', 'quarter'] as const;

/**
 * The span whose incidents a report counts at `now`: `7d` and `30d` are the last 7/30 × 24 h; `month` and
 * `quarter` are the current calendar month/quarter in `timezone` up to `now` (incidents can only have
 * happened so far). Availability in the report is taken over {@link objectiveWindow} of the same text:
 * for `month`, the whole month. Any other window that {@link parseSloWindow} accepts (e.g. `14d`) works
 * too, so reports can follow a service's own window.
 * @throws BadArgumentError for an unparseable period or an unknown time zone.
 */
export function periodRange(period: string, now: Date, timezone: string): WindowRange {
  return windowRange(parseReportPeriod(period), now, timezone);
}

/**
 * A report period's text as a window: what {@link parseSloWindow} accepts.
 * @throws BadArgumentError naming the report periods for anything else.
 */
export function parseReportPeriod(period: string): SloWindow {
  try {
    return parseSloWindow(period);
  } catch (e) {
    if (e instanceof BadArgumentError) {
      throw new BadArgumentError(`"${period}" is not a report period: use ${REPORT_PERIODS.join(', ')}.`);
    }
    throw e;
  }
}

function zoned(now: Date, timezone: string): DateTime {
  if (Number.isNaN(now.getTime())) throw new BadArgumentError('the current time is not a valid date.');
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (!local.isValid) {
    throw new BadArgumentError(`"${timezone}" is not a known time zone (use an IANA name like Europe/Berlin).`);
  }
  return local;
}
