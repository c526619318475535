import { BadArgumentError } from '../../src/errors.ts';
import { reportView } from '../../src/messages/views/report.ts';
import { REPORT_PERIODS } from '../../src/slo/window.ts';
import { flagValue, positionals, serviceAt } from '../arguments.ts';
import { echo } from '../parse/echo.ts';
import type { CommandSpec } from '../spec.ts';

/** `report [service] [--period 7d|30d|month|quarter]`: attainment, breaches, MTTA and MTTR. */
export const reportCommand: CommandSpec = {
  name: 'report',
  aliases: ['rep'],
  usage: ['report [service] [--period 7d|30d|month|quarter]'],
  summary: 'Attainment against target, breaches, MTTA and MTTR over a period, per service and overall.',
  role: 'viewer',
  args: { valueFlags: ['period'] },
  examples: ['report', 'report payments --period 30d', 'report --period month'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service'], 1);
    const key = words.length ? serviceAt(words, 0) : null;
    const period = (flagValue(ctx.args, 'period') ?? '30d').toLowerCase();
    if (!(REPORT_PERIODS as readonly string[]).includes(period)) {
      throw new BadArgumentError(`"${echo(period)}" is not a report period: use ${REPORT_PERIODS.join(', ')}.`);
    }
    const report = await ctx.deps.queries.report(key, period, ctx.timezone);
    return { message: reportView(report, { timezone: ctx.timezone }) };
  },
};
