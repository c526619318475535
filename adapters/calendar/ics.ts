/**
 * iCalendar (.ics) files → holiday dates, with ical.js (docs/semantics.md §1, "Imported holidays").
 *
 * - An all-day event (`DTSTART;VALUE=DATE`) is its date; one with a later `DTEND` (exclusive, RFC 5545)
 *   or a `DURATION` of days is every date before the end.
 * - A recurring all-day event (RRULE, RDATE) is expanded over the span it is given, its EXDATEs left
 *   out and its overridden occurrences (RECURRENCE-ID) moved where the override says.
 * - An all-day date is a date, not an instant: it is read as written, with no time zone arithmetic, so
 *   it stays the same local date in the calendar's zone whatever the offsets around it (daylight saving).
 * - Timed events (a date and a time) are left out and counted: a two-hour meeting does not void a
 *   day. So are cancelled events and events over 60 days (a season, not a holiday).
 * - At most 500 dates per file: more is not a holiday calendar (a daily rule), and is refused.
 */
import ICAL from 'ical.js';
import { BadArgumentError } from '../../src/errors.ts';
import type { DateSpan, IcsHolidayParser, ParsedHolidays } from '../../src/ports/holidays.ts';

type Component = InstanceType<typeof ICAL.Component>;
type Event = InstanceType<typeof ICAL.Event>;
type Time = InstanceType<typeof ICAL.Time>;

/** More than this many dates from one file is not a holiday calendar (a year has a few dozen). */
export const MAX_ICS_DATES = 500;
/** A single event longer than this many days is a season, not a holiday; it is left out. */
const MAX_EVENT_DAYS = 60;
/** Occurrences stepped through per recurring event, before and inside the span (a daily rule from 1990). */
const MAX_STEPS = 20_000;

export const icsHolidayParser: IcsHolidayParser = { parse: parseIcsHolidays };

export function parseIcsHolidays(text: string, span: DateSpan): ParsedHolidays {
  const root = parseCalendar(text);
  const events = root.getAllSubcomponents('vevent');
  if (events.length === 0) throw new BadArgumentError('The file has no events (no VEVENT): nothing to import.');

  const dates = new Set<string>();
  const skipped = new Map<string, number>();
  const skip = (reason: string, n = 1) => skipped.set(reason, (skipped.get(reason) ?? 0) + n);
  const add = (d: string) => {
    dates.add(d);
    if (dates.size > MAX_ICS_DATES) {
      throw new BadArgumentError(`The file gives more than ${MAX_ICS_DATES} holiday dates (between ${span.from} and ${span.to} for recurring events): that is not a holiday calendar. Split it, or check its recurring events.`);
    }
  };

  // Overrides of single occurrences (RECURRENCE-ID) belong to the recurring event with their UID.
  const masters = new Map<string, Event>();
  const overrides: Event[] = [];
  for (const component of events) {
    const event = new ICAL.Event(component);
    if (event.isRecurrenceException()) overrides.push(event);
    else if (event.uid && event.isRecurring()) masters.set(event.uid, event);
    else masters.set(event.uid || `#${masters.size}`, event);
  }
  for (const o of overrides) {
    const master = masters.get(o.uid);
    if (master?.isRecurring()) master.relateException(o);
    else masters.set(`${o.uid}#${o.recurrenceId?.toString() ?? ''}`, o);
  }

  for (const event of masters.values()) {
    try {
      const start = startOf(event);
      if (!start) {
        skip('undated event');
        continue;
      }
      if (!start.isDate) {
        skip('timed event');
        continue;
      }
      if (isCancelled(event.component)) {
        skip('cancelled event');
        continue;
      }
      if (!event.isRecurring()) {
        const days = daysOf(start, event.endDate);
        if (days.length > MAX_EVENT_DAYS) skip('over-long event');
        else days.forEach(add);
        continue;
      }
      const it = event.iterator();
      for (let step = 0; ; step++) {
        if (step === MAX_STEPS) {
          skip('recurring event cut short');
          break;
        }
        const next = it.next();
        if (!next) break;
        const first = isoDate(next);
        if (first > span.to) break;
        const occurrence = event.getOccurrenceDetails(next);
        if (isCancelled(occurrence.item.component)) continue;
        if (!occurrence.startDate.isDate) {
          skip('timed occurrence');
          continue;
        }
        const days = daysOf(occurrence.startDate, occurrence.endDate);
        if (days.length > MAX_EVENT_DAYS) {
          skip('over-long event');
          break;
        }
        for (const d of days) if (d >= span.from && d <= span.to) add(d);
      }
    } catch (err) {
      if (err instanceof BadArgumentError) throw err;
      throw new BadArgumentError(`The event "${summaryOf(event)}" cannot be read (${reason(err)}). Nothing was imported.`);
    }
  }
  return { dates: [...dates].sort(), skipped: [...skipped].map(([reason, count]) => ({ reason, count })) };
}

function parseCalendar(text: string): Component {
  const body = text.replace(/^\uFEFF/, '');
  if (!/^\s*BEGIN:VCALENDAR/i.test(body)) throw new BadArgumentError('This is not an iCalendar file: it should begin with BEGIN:VCALENDAR (export the calendar as .ics).');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(body);
  } catch (err) {
    throw new BadArgumentError(`This iCalendar file cannot be read: ${reason(err)}. Nothing was imported.`);
  }
  const list = Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : (parsed as unknown[]);
  const first = list[0];
  if (!Array.isArray(first)) throw new BadArgumentError('This iCalendar file has no VCALENDAR: nothing to import.');
  const root = new ICAL.Component(first as ConstructorParameters<typeof ICAL.Component>[0]);
  if (root.name !== 'vcalendar') throw new BadArgumentError(`This iCalendar file holds a ${root.name.toUpperCase()}, not a VCALENDAR: nothing to import.`);
  return root;
}

function startOf(event: Event): Time | null {
  try {
    return event.component.hasProperty('dtstart') ? event.startDate : null;
  } catch (err) {
    throw new BadArgumentError(`An event's start cannot be read (${reason(err)}). Nothing was imported.`);
  }
}

function summaryOf(event: Event): string {
  return (event.summary || event.uid || 'without a name').slice(0, 80);
}

function isCancelled(component: Component): boolean {
  const status = component.getFirstPropertyValue('status');
  return typeof status === 'string' && status.toUpperCase() === 'CANCELLED';
}

/** The dates from `start` up to the exclusive `end` (at least `start` itself). */
function daysOf(start: Time, end: Time | null | undefined): string[] {
  const first = isoDate(start);
  const last = end && end.isDate ? isoDate(end) : null;
  const out = [first];
  if (last === null || last <= first) return out;
  const d = new Date(`${first}T00:00:00Z`);
  for (let i = 0; i <= MAX_EVENT_DAYS; i++) {
    d.setUTCDate(d.getUTCDate() + 1);
    const iso = d.toISOString().slice(0, 10);
    if (iso >= last) break;
    out.push(iso);
  }
  return out;
}

/** The local date an iCalendar date (or date-time) is written as, with no zone conversion. */
function isoDate(t: Time): string {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 200);
}
