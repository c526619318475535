/**
 * Where imported holidays come from (docs/semantics.md §1, "Imported holidays"): an iCalendar file's
 * all-day events and a country's public holidays. The parsers are library-specific and live in
 * adapters/calendar/; the core gets plain local dates from them.
 */

/** Dates found, and what was left out, by reason (`timed event`, …), for the reply. */
export type ParsedHolidays = {
  /** Local dates `YYYY-MM-DD`, sorted, without repeats. */
  dates: string[];
  skipped: Array<{ reason: string; count: number }>;
};

/** The dates a recurring event is expanded over, inclusive, as local dates `YYYY-MM-DD`. */
export type DateSpan = { from: string; to: string };

/** Reads an iCalendar (.ics) text. */
export interface IcsHolidayParser {
  /**
   * All-day events as dates (a multi-day event gives every day before its exclusive end), recurring ones
   * expanded over `span`, EXDATEs honoured. Throws BadArgumentError when the text is not iCalendar.
   */
  parse(text: string, span: DateSpan): ParsedHolidays;
}

/** Public holidays by country (ISO 3166-1, e.g. `DE`) and optional region (ISO 3166-2 suffix, e.g. `BY`). */
export interface CountryHolidays {
  /**
   * The public holidays (whole days only) of the years `from`–`to`, as the country's local dates.
   * Throws BadArgumentError for an unknown country or region, saying how to find the codes.
   */
  publicHolidays(country: string, region: string | null, years: { from: number; to: number }): ParsedHolidays;
}
