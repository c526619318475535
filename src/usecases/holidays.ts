/**
 * Holidays of a calendar and where each came from (docs/semantics.md §1, "Imported holidays"): typed by
 * hand (`manual`), imported from an iCalendar file (`ics:<file name>`) or a country's public holidays
 * (`country:DE-BY`). Adding is idempotent: a date already declared keeps its first source, and nothing
 * is ever removed by an import. Each change validates fully before it writes, in one transaction.
 */
import { MANUAL_SOURCE, sourcesOf } from '../calendar/holiday-sources.ts';
import { CALENDAR_24X7_NAME } from '../calendar/types.ts';
import { validateCalendar } from '../calendar/validate.ts';
import type { NamedCalendar } from '../domain/service.ts';
import { BadArgumentError, NotFoundError } from '../errors.ts';
import type { CountryHolidays, DateSpan, IcsHolidayParser, ParsedHolidays } from '../ports/holidays.ts';
import type { Store } from '../ports/store.ts';
import type { TimeSource } from '../time-source.ts';

/** Recurring events of a file are expanded from this many years before today … */
export const ICS_YEARS_BACK = 1;
/** … to this many years after. */
export const ICS_YEARS_AHEAD = 3;
/** The widest year span one country import may cover. */
export const MAX_COUNTRY_YEARS = 10;

/** A file the console read: its base name (the source is `ics:<name>`) and its text. */
export type HolidayFile = { name: string; text: string };

/** What one addition did. */
export type HolidayChange = {
  calendar: NamedCalendar;
  /** `manual`, `ics:<file>`, `country:DE-BY`. */
  source: string;
  /** The dates the source gave, sorted. */
  found: string[];
  /** Those the calendar did not have before, sorted. */
  added: string[];
  /** What the parser left out, by reason (timed events, half-days, …). */
  skipped: ParsedHolidays['skipped'];
  /** For a file: the span its recurring events were expanded over. */
  span?: DateSpan;
};

export type HolidayParsers = { ics: IcsHolidayParser; countries: CountryHolidays };

export class HolidayUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    private readonly parsers: HolidayParsers,
  ) {}

  /** `calendar holiday <name> <dates…>`: dates typed by hand. */
  addManual(name: string, dates: readonly string[]): Promise<HolidayChange> {
    if (dates.length === 0) throw new BadArgumentError('Name at least one date, e.g. `calendar holiday business 2026-12-25`.');
    return this.add(name, MANUAL_SOURCE, { dates: [...new Set(dates)].sort(), skipped: [] });
  }

  /** `calendar import <name> <file.ics>`: a file's all-day events (recurring ones over a bounded span). */
  async importIcs(name: string, file: HolidayFile): Promise<HolidayChange> {
    await this.existing(name);
    const span = icsSpan(this.time.now());
    const parsed = this.parsers.ics.parse(file.text, span);
    if (parsed.dates.length === 0) {
      const left = parsed.skipped.map((s) => `${s.count} ${s.reason}${s.count === 1 ? '' : 's'}`).join(', ');
      throw new BadArgumentError(`${file.name} has no all-day events to import${left ? ` (left out: ${left})` : ''}; holidays are all-day events. Nothing was imported.`);
    }
    return { ...(await this.add(name, `ics:${file.name}`, parsed)), span };
  }

  /** `calendar holiday <name> --country DE [--region BY] --years 2026-2028`: public holidays. */
  async importCountry(name: string, country: string, region: string | null, years: { from: number; to: number }): Promise<HolidayChange> {
    if (!/^[a-z]{2}$/i.test(country)) throw new BadArgumentError(`"${country}" is not a country code: use the two letters of ISO 3166-1, e.g. --country DE.`);
    if (region !== null && !/^[a-z0-9]{1,3}$/i.test(region)) throw new BadArgumentError(`"${region}" is not a region code: use the part after the dash of ISO 3166-2, e.g. --region BY for DE-BY.`);
    if (!Number.isInteger(years.from) || !Number.isInteger(years.to) || years.from > years.to) throw new BadArgumentError('Give the years as a span from the earlier, e.g. --years 2026-2028.');
    if (years.from < 1900 || years.to > 2199) throw new BadArgumentError('Give years between 1900 and 2199.');
    if (years.to - years.from + 1 > MAX_COUNTRY_YEARS) throw new BadArgumentError(`At most ${MAX_COUNTRY_YEARS} years at a time: ${years.from}-${years.to} is ${years.to - years.from + 1}.`);
    await this.existing(name);
    const parsed = this.parsers.countries.publicHolidays(country.toUpperCase(), region?.toUpperCase() ?? null, years);
    const label = `${country.toUpperCase()}${region ? `-${region.toUpperCase()}` : ''}`;
    if (parsed.dates.length === 0) throw new BadArgumentError(`date-holidays knows no public holidays for ${label} in ${years.from}-${years.to}. Nothing was added.`);
    return this.add(name, `country:${label}`, parsed);
  }

  private async existing(name: string): Promise<NamedCalendar> {
    if (name === CALENDAR_24X7_NAME) throw new BadArgumentError('`24x7` counts every hour and has no holidays; define a calendar with `calendar add`.');
    const c = await this.store.read.calendars.get(name);
    if (!c) throw new NotFoundError(`There is no calendar named "${name}". \`calendar list\` shows the calendars.`);
    return c;
  }

  private add(name: string, source: string, parsed: ParsedHolidays): Promise<HolidayChange> {
    if (name === CALENDAR_24X7_NAME) throw new BadArgumentError('`24x7` counts every hour and has no holidays; define a calendar with `calendar add`.');
    return this.store.transaction(async (tx) => {
      const c = await tx.calendars.get(name);
      if (!c) throw new NotFoundError(`There is no calendar named "${name}". \`calendar list\` shows the calendars.`);
      const had = new Set(c.holidays ?? []);
      const added = parsed.dates.filter((d) => !had.has(d));
      const sources = { ...sourcesOf(c) };
      for (const d of added) sources[d] = source;
      const next: NamedCalendar = { ...c, holidays: [...had, ...added].sort(), holidaySources: sources };
      validateCalendar(next);
      if (added.length > 0) await tx.calendars.save(next);
      return { calendar: next, source, found: parsed.dates, added, skipped: parsed.skipped };
    });
  }
}

/** From a year before `now` to three years after, as UTC dates (a day either way does not matter). */
export function icsSpan(now: Date): DateSpan {
  const iso = now.toISOString().slice(0, 10);
  const year = now.getUTCFullYear();
  const at = (y: number) => `${String(y).padStart(4, '0')}${iso.slice(4)}`.replace(/-02-29$/, '-02-28');
  return { from: at(year - ICS_YEARS_BACK), to: at(year + ICS_YEARS_AHEAD) };
}
