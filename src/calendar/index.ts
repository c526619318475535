/**
 * The business-calendar engine (docs/semantics.md §1): calendars, their validation, and business-time math.
 * Calendars are treated as immutable values: compiled forms are cached per object and per meaning.
 */
export { CALENDAR_24X7, CALENDAR_24X7_NAME, WEEKDAYS, type Calendar, type Weekday } from './types.ts';
export { parseWeeklyHours, validateCalendar } from './validate.ts';
export { addBusinessTime, businessTimeBetween } from './business-time.ts';
