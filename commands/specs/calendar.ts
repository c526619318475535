/**
 * `calendar add|holiday|import|show|list`: business-hours calendars that SLA clocks and objectives count on
 * (docs/semantics.md §1).
 */
import { parseWeeklyHours } from '../../src/calendar/validate.ts';
import { CALENDAR_24X7, CALENDAR_24X7_NAME } from '../../src/calendar/types.ts';
import { BadArgumentError, NotFoundError } from '../../src/errors.ts';
import { calendarDetail, calendarsList, formatWeeklyHours } from '../../src/messages/views/lists.ts';
import { count } from '../../src/messages/views/plain.ts';
import type { HolidayChange } from '../../src/usecases/holidays.ts';
import { flagValue, noPositionals, positionals } from '../arguments.ts';
import type { Continues } from '../parse/args.ts';
import { echo } from '../parse/echo.ts';
import { parseTimeZone } from '../parse/time-zone.ts';
import { say } from '../replies.ts';
import type { CommandContext, CommandGroup, CommandResult, CommandSpec } from '../spec.ts';

// `--hours mon-fri 09:00-17:00` typed without quotes arrives as several words; join the ones that read
// as days or time ranges, so the quotes are optional.
const HOURS_WORD = /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:[-–,](?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*|[\d:,;\-–]+);?$/i;
const hoursContinues: Continues = (_soFar, next) => HOURS_WORD.test(next) && /\d|^[a-z]/i.test(next);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const add: CommandSpec = {
  name: 'add',
  aliases: ['set', 'define', 'create'],
  usage: ['calendar add <name> --tz <zone> --hours "<days hh:mm-hh:mm; …>"'],
  summary: 'Define (or redefine) a business-hours calendar in a time zone; holidays already declared are kept.',
  role: 'admin',
  args: { valueFlags: ['tz', 'hours'], flagContinues: { hours: hoursContinues } },
  examples: ['calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"', 'calendar add support --tz America/New_York --hours "mon-fri 08:00-12:00,13:00-18:00; sat 10:00-14:00"'],
  async run(ctx) {
    const [name = ''] = positionals(ctx.args, ['calendar name (e.g. business)']);
    const tz = flagValue(ctx.args, 'tz');
    const hours = flagValue(ctx.args, 'hours');
    if (tz === undefined) throw new BadArgumentError('Give the time zone its hours are in, e.g. --tz Europe/Berlin.');
    if (hours === undefined) throw new BadArgumentError('Give the working hours, e.g. --hours "mon-fri 09:00-17:00".');
    const saved = await ctx.deps.admin.addCalendar(name, { timezone: parseTimeZone(tz), weekly: parseWeeklyHours(hours) });
    ctx.markChanged();
    const holidays = saved.holidays?.length ? `, ${saved.holidays.length} holidays kept` : '';
    return { message: say(`Calendar ${saved.name}: ${formatWeeklyHours(saved.weekly)} in ${saved.timezone}${holidays}.`, `Use it with \`service set <service> --calendar ${saved.name}\` or \`policy set … calendar=${saved.name}\`.`) };
  },
};

const holiday: CommandSpec = {
  name: 'holiday',
  aliases: ['holidays'],
  usage: ['calendar holiday <name> <YYYY-MM-DD> [more dates…] | --country <CC> [--region <code>] [--years <YYYY>-<YYYY>]'],
  summary: "Declare holidays by date, or a country's public holidays: those local dates' hours do not count.",
  role: 'admin',
  args: { valueFlags: ['country', 'region', 'years'] },
  examples: ['calendar holiday business 2026-12-25 2026-12-26', 'calendar holiday business --country DE --region BY --years 2026-2028'],
  async run(ctx) {
    const [name = '', ...dates] = ctx.args.positional;
    if (!name) throw new BadArgumentError('Missing the calendar name.');
    const country = flagValue(ctx.args, 'country');
    if (country !== undefined) return countryHolidays(ctx, name, country, dates);
    if (flagValue(ctx.args, 'region') !== undefined || flagValue(ctx.args, 'years') !== undefined) {
      throw new BadArgumentError(`--region and --years go with --country, e.g. \`calendar holiday ${name} --country DE --region BY --years 2026-2028\`.`);
    }
    if (dates.length === 0) throw new BadArgumentError(`Name at least one date, e.g. \`calendar holiday ${name} 2026-12-25\`, or a country: \`calendar holiday ${name} --country DE\`.`);
    const list = dates.flatMap((d) => d.split(',')).filter((d) => d !== '');
    const bad = list.find((d) => !DATE.test(d));
    if (bad !== undefined) throw new BadArgumentError(`"${echo(bad)}" is not a date: write YYYY-MM-DD, e.g. 2026-12-25.`);
    if (name === CALENDAR_24X7_NAME) throw new BadArgumentError('`24x7` counts every hour and has no holidays; define a calendar with `calendar add`.');
    const change = await ctx.deps.holidays.addManual(name, list);
    if (change.added.length) ctx.markChanged();
    const already = change.found.length - change.added.length;
    const what = change.added.length ? `${change.added.join(', ')} added` : 'nothing new';
    return { message: say(`Calendar ${change.calendar.name} now has ${change.calendar.holidays?.length ?? 0} holidays: ${what}${already ? ` (${already} already there)` : ''}.`) };
  },
};

async function countryHolidays(ctx: CommandContext, name: string, country: string, extra: readonly string[]): Promise<CommandResult> {
  if (extra.length) throw new BadArgumentError(`With --country, give only the calendar name ("${echo(extra[0] ?? '')}" was not expected); add dates by hand in a separate \`calendar holiday ${name} <YYYY-MM-DD>\`.`);
  // `--country DE-BY` is read as `--country DE --region BY`.
  const dash = /^([a-z]{2})-([a-z0-9]{1,3})$/i.exec(country);
  const regionFlag = flagValue(ctx.args, 'region');
  if (dash && regionFlag !== undefined) throw new BadArgumentError(`Give the region once: --country ${dash[1]} --region ${dash[2]}, or --country ${country}.`);
  const cc = dash ? dash[1]! : country;
  const region = dash ? dash[2]! : (regionFlag ?? null);
  const years = parseYears(flagValue(ctx.args, 'years'), localYear(ctx.now, ctx.deps.timezone));
  const change = await ctx.deps.holidays.importCountry(name, cc, region, years);
  if (change.added.length) ctx.markChanged();
  const label = change.source.replace(/^country:/, '');
  const span = years.from === years.to ? `${years.from}` : `${years.from}–${years.to}`;
  return {
    message: say(
      `Calendar ${change.calendar.name}: ${count(change.found.length, 'public holiday')} of ${label} in ${span}, ${newCount(change)}; ${count(change.calendar.holidays?.length ?? 0, 'holiday')} in all.`,
      [
        ...(change.skipped.length ? [`Left out: ${skippedText(change.skipped)}.`] : []),
        'Public holidays only (no bank or school holidays, no observances), from date-holidays.',
        `\`calendar show ${change.calendar.name}\` lists them by source.`,
      ].join(' '),
    ),
  };
}

const importCommand: CommandSpec = {
  name: 'import',
  aliases: [],
  usage: ['calendar import <name> <file.ics>'],
  summary: "Import holidays from an iCalendar (.ics) file's all-day events (console only: the file is read where Pacta runs).",
  role: 'admin',
  examples: ['calendar import business holidays/bavaria.ics'],
  async run(ctx) {
    const [name = '', path = ''] = positionals(ctx.args, ['calendar name', 'file to import (an .ics file)']);
    if (name === CALENDAR_24X7_NAME) throw new BadArgumentError('`24x7` counts every hour and has no holidays; define a calendar with `calendar add`.');
    if (!ctx.deps.files) {
      throw new BadArgumentError(
        `Holiday files are imported from the console, on the machine Pacta runs on: \`pacta console\`, then \`calendar import ${name} ${echo(path)}\` (or \`echo 'calendar import ${name} ${echo(path)}' | pacta console\`). ` +
          `From here, \`calendar holiday ${name} --country DE --region BY --years 2026-2028\` adds a country's public holidays.`,
      );
    }
    const file = await ctx.deps.files.read(path);
    const change = await ctx.deps.holidays.importIcs(name, file);
    if (change.added.length) ctx.markChanged();
    return {
      message: say(
        `Calendar ${change.calendar.name}: ${count(change.found.length, 'holiday')} from ${file.name}, ${newCount(change)}; ${count(change.calendar.holidays?.length ?? 0, 'holiday')} in all.`,
        [
          ...(change.skipped.length ? [`Left out: ${skippedText(change.skipped)} (holidays are all-day events).`] : []),
          ...(change.span ? [`Recurring events were expanded from ${change.span.from} to ${change.span.to}.`] : []),
          `\`calendar show ${change.calendar.name}\` lists them by source.`,
        ].join(' '),
      ),
    };
  },
};

function newCount(change: HolidayChange): string {
  const already = change.found.length - change.added.length;
  if (change.added.length === 0) return 'none new (all already there)';
  return `${change.added.length} new${already ? ` (${already} already there)` : ''}`;
}

function skippedText(skipped: HolidayChange['skipped']): string {
  return skipped.map((s) => count(s.count, s.reason)).join(', ');
}

/** `2026-2028`, `2026–2028` or `2026`; absent: this year and the next two. */
function parseYears(text: string | undefined, thisYear: number): { from: number; to: number } {
  if (text === undefined) return { from: thisYear, to: thisYear + 2 };
  const m = /^(\d{4})(?:\s*(?:-|–|\.\.)\s*(\d{4}))?$/.exec(text.trim());
  if (!m) throw new BadArgumentError(`"${echo(text)}" is not a year span: write --years 2026-2028 (or one year, --years 2026).`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw new BadArgumentError(`--years ${echo(text)} runs backwards: write the earlier year first, e.g. --years ${to}-${from}.`);
  return { from, to };
}

function localYear(now: Date, zone: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric' }).format(now));
}

const show: CommandSpec = {
  name: 'show',
  aliases: ['get'],
  usage: ['calendar show <name>'],
  summary: "Show a calendar's zone, hours, holidays and what uses it.",
  role: 'viewer',
  examples: ['calendar show business'],
  async run(ctx) {
    const [name = ''] = positionals(ctx.args, ['calendar name']);
    if (name === CALENDAR_24X7_NAME) return { message: calendarDetail({ ...CALENDAR_24X7, name }, ['every service and policy without a calendar']) };
    const found = await ctx.deps.admin.calendar(name);
    if (!found) throw new NotFoundError(`There is no calendar named "${echo(name)}". \`calendar list\` shows the calendars.`);
    return { message: calendarDetail(found.calendar, found.usedBy) };
  },
};

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  usage: ['calendar list'],
  summary: 'List the calendars.',
  role: 'viewer',
  async run(ctx) {
    noPositionals(ctx.args);
    return { message: calendarsList(await ctx.deps.admin.calendars()) };
  },
};

/** The `calendar` group. */
export const calendarCommand: CommandGroup = {
  name: 'calendar',
  aliases: ['calendars', 'cal'],
  summary: 'Business-hours calendars with holidays, for clocks and objectives.',
  defaultSubcommand: 'list',
  subcommands: [add, holiday, importCommand, show, list],
};
