import type { Calendar } from '../calendar/types.ts';
import { CALENDAR_24X7, CALENDAR_24X7_NAME } from '../calendar/types.ts';
import { NotFoundError } from '../errors.ts';
import type { CalendarRepository } from '../ports/store.ts';

/** Resolves a calendar name (null → the built-in 24x7) to the calendar itself. */
export async function resolveCalendar(calendars: CalendarRepository, name: string | null): Promise<Calendar> {
  if (name === null || name === CALENDAR_24X7_NAME) return CALENDAR_24X7;
  const c = await calendars.get(name);
  if (!c) throw new NotFoundError(`There is no calendar named "${name}". \`calendar list\` shows the calendars.`);
  return c;
}

/** Memoises calendar look-ups within one use case (many clocks share few calendars). */
export function calendarCache(calendars: CalendarRepository): (name: string | null) => Promise<Calendar> {
  const seen = new Map<string, Promise<Calendar>>();
  return (name) => {
    const k = name ?? CALENDAR_24X7_NAME;
    let p = seen.get(k);
    if (!p) {
      p = resolveCalendar(calendars, name);
      seen.set(k, p);
    }
    return p;
  };
}
