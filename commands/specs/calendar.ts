/**
 * `calendar add|holiday|show|list`: business-hours calendars that SLA clocks and objectives count on
 * (docs/semantics.md §1).
 */
import { parseWeeklyHours } from '../../src/calendar/validate.ts';
import { CALENDAR_24X7, CALENDAR_24X7_NAME } from '../../src/calendar/types.ts';
import { BadArgumentError, NotFoundError } from '../../src/errors.ts';
import { calendarDetail, calendarsList, formatWeeklyHours } from '../../src/messages/views/lists.ts';
import { flagValue, noPositionals, positionals } from '../arguments.ts';
import type { Continues } from '../parse/args.ts';
import { echo } from '../parse/echo.ts';
import { parseTimeZone } from '../parse/time-zone.ts';
import { say } from '../replies.ts';
import type { CommandGroup, CommandSpec } from '../spec.ts';

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
  usage: ['calendar holiday <name> <YYYY-MM-DD> [more dates…]'],
  summary: "Declare holidays: those local dates' hours do not count.",
  role: 'admin',
  examples: ['calendar holiday business 2026-12-25 2026-12-26'],
  async run(ctx) {
    const [name = '', ...dates] = ctx.args.positional;
    if (!name) throw new BadArgumentError('Missing the calendar name.');
    if (dates.length === 0) throw new BadArgumentError(`Name at least one date, e.g. \`calendar holiday ${name} 2026-12-25\`.`);
    const list = dates.flatMap((d) => d.split(',')).filter((d) => d !== '');
    const bad = list.find((d) => !DATE.test(d));
    if (bad !== undefined) throw new BadArgumentError(`"${echo(bad)}" is not a date: write YYYY-MM-DD, e.g. 2026-12-25.`);
    if (name === CALENDAR_24X7_NAME) throw new BadArgumentError('`24x7` counts every hour and has no holidays; define a calendar with `calendar add`.');
    const saved = await ctx.deps.admin.addHolidays(name, list);
    ctx.markChanged();
    return { message: say(`Calendar ${saved.name} now has ${saved.holidays?.length ?? 0} holidays: ${list.join(', ')} added.`) };
  },
};

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
  subcommands: [add, holiday, show, list],
};
