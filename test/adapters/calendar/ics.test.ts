/**
 * iCalendar files → holiday dates (adapters/calendar/ics.ts, docs/semantics.md §1 "Imported holidays").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_ICS_DATES, parseIcsHolidays } from '../../../adapters/calendar/ics.ts';
import { BadArgumentError } from '../../../src/errors.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/holidays/${name}`, import.meta.url), 'utf8');
const SPAN = { from: '2025-11-23', to: '2029-11-23' };

function refusal(text: string): BadArgumentError {
  try {
    parseIcsHolidays(text, SPAN);
  } catch (err) {
    expect(err).toBeInstanceOf(BadArgumentError);
    return err as BadArgumentError;
  }
  throw new Error('not refused');
}

const lines = (...l: string[]) => l.join('\r\n') + '\r\n';

describe('parseIcsHolidays', () => {
  it('reads all-day, multi-day and yearly events, honours EXDATE and leaves out timed events', () => {
    expect(parseIcsHolidays(fixture('office-berlin.ics'), SPAN)).toEqual({
      dates: [
        '2026-03-02', // a single all-day event
        '2026-03-29', // the spring-forward Sunday in Berlin, the same local date
        '2026-06-12', // founders day, yearly …
        '2026-10-25', // the fall-back Sunday …
        '2026-10-26', // … and the Monday after (DTEND 2026-10-27 is exclusive)
        '2026-12-28', // winter break, DTEND 2027-01-02 exclusive
        '2026-12-29',
        '2026-12-30',
        '2026-12-31',
        '2027-01-01',
        // founders day 2027-06-12 is an EXDATE
        '2028-06-12',
        '2029-06-12', // the last inside the span
      ],
      skipped: [{ reason: 'timed event', count: 1 }],
    });
  });

  it('expands recurring events over the span only, a single event whatever its date', () => {
    const text = lines('BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20200101', 'RRULE:FREQ=YEARLY', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:b', 'DTSTART;VALUE=DATE:20350505', 'END:VEVENT', 'END:VCALENDAR');
    expect(parseIcsHolidays(text, { from: '2026-03-01', to: '2028-03-01' }).dates).toEqual(['2027-01-01', '2028-01-01', '2035-05-05']);
  });

  it('moves and cancels single occurrences (RECURRENCE-ID) and skips cancelled events', () => {
    expect(parseIcsHolidays(fixture('overrides.ics'), SPAN)).toEqual({
      // First Mondays Jan–Apr 2026: February's moved to the Tuesday, March's cancelled.
      dates: ['2026-01-05', '2026-02-03', '2026-04-06'],
      skipped: [{ reason: 'cancelled event', count: 1 }],
    });
  });

  it('keeps all-day dates as written whatever the TZID or the daylight-saving change around them', () => {
    const text = lines('BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:dst', 'DTSTART;TZID=Europe/Berlin;VALUE=DATE:20270328', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:oct', 'DTSTART;VALUE=DATE:20271031', 'DURATION:P1D', 'END:VEVENT', 'END:VCALENDAR');
    // The last Sundays of March 2027, 2028 and 2029; 31 Oct 2027 is the fall-back Sunday.
    expect(parseIcsHolidays(text, SPAN).dates).toEqual(['2027-03-28', '2027-10-31', '2028-03-26', '2029-03-25']);
  });

  it('refuses what is not a readable iCalendar file, with a clear message', () => {
    expect(refusal(fixture('truncated.ics')).message).toMatch(/This iCalendar file cannot be read: .*Nothing was imported/);
    expect(refusal('Date,Name\n2026-12-25,Christmas\n').message).toMatch(/not an iCalendar file: it should begin with BEGIN:VCALENDAR/);
    expect(refusal(lines('BEGIN:VCALENDAR', 'VERSION:2.0', 'END:VCALENDAR')).message).toMatch(/no events \(no VEVENT\)/);
    expect(refusal(lines('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:2026XX', 'END:VEVENT', 'END:VCALENDAR')).message).toMatch(/start cannot be read/);
    expect(refusal(lines('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=SOMETIMES', 'END:VEVENT', 'END:VCALENDAR')).message).toMatch(/invalid frequency/);
  });

  it('refuses a file with more than a holiday calendar of dates (a daily rule)', () => {
    const text = lines('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:d', 'DTSTART;VALUE=DATE:19900101', 'RRULE:FREQ=DAILY', 'END:VEVENT', 'END:VCALENDAR');
    expect(refusal(text).message).toContain(`more than ${MAX_ICS_DATES} holiday dates`);
  });
});
