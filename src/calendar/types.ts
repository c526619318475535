/** Days of the week as calendars name them. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * A business-hours calendar (docs/semantics.md §1).
 * - `weekly`: per weekday, local wall-clock intervals `[start, end)` as `"HH:MM"`; `end` may be `"24:00"`;
 *   an interval whose end is before its start runs overnight and belongs to the day it starts on.
 * - `holidays`: local dates `"YYYY-MM-DD"` in the calendar's zone; that day's intervals do not count.
 */
export type Calendar = {
  timezone: string;
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  holidays?: string[];
};

/** The built-in calendar that counts all time. */
export const CALENDAR_24X7: Calendar = {
  timezone: 'UTC',
  weekly: {
    mon: [['00:00', '24:00']],
    tue: [['00:00', '24:00']],
    wed: [['00:00', '24:00']],
    thu: [['00:00', '24:00']],
    fri: [['00:00', '24:00']],
    sat: [['00:00', '24:00']],
    sun: [['00:00', '24:00']],
  },
};

export const CALENDAR_24X7_NAME = '24x7';
