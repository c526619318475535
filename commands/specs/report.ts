/**
 * `report [service|all] [--period 7d|30d|month|quarter] [--chart|--csv]`: attainment, breaches, MTTA and
 * MTTR over a period (docs/semantics.md §2, §3), as a message (with `--chart`, its charts too, §9), or with
 * `--csv` the rows behind it as a file (§10). `pacta report` on the command line takes the same words (adapters/root/report-cli.ts).
 */
import { chartAlt } from '../../src/charts/alt.ts';
import { BadArgumentError, UserError } from '../../src/errors.ts';
import type { ReportTable } from '../../src/model/report-rows.ts';
import { reportCsv, reportCsvName } from '../../src/messages/views/report-csv.ts';
import { periodText, reportView } from '../../src/messages/views/report.ts';
import { count } from '../../src/messages/views/plain.ts';
import type { ReplyFile } from '../../src/messages/message.ts';
import { REPORT_PERIODS } from '../../src/slo/window.ts';
import type { QueryUseCases } from '../../src/usecases/queries.ts';
import { flagValue, positionals, serviceAt } from '../arguments.ts';
import { echo } from '../parse/echo.ts';
import type { ParsedArgs } from '../parse/args.ts';
import { say } from '../replies.ts';
import type { CommandContext, CommandResult, CommandSpec } from '../spec.ts';

/** What a report is asked for: one service or every one (null), over which period, read where. */
export type ReportRequest = { serviceKey: string | null; period: string; timezone: string; now: Date };

/**
 * The request from the words typed: the service word (`all`, or none, means every service: the key `all`
 * is reserved for that, see parse/service-key.ts) and `--period` (default `30d`).
 * @throws BadArgumentError for a malformed key or a period that is not a report period.
 */
export function reportRequest(word: string | undefined, period: string | undefined, timezone: string, now: Date): ReportRequest {
  const serviceKey = word === undefined || word.trim().toLowerCase() === 'all' ? null : serviceAt([word], 0);
  const p = (period ?? '30d').toLowerCase();
  if (!(REPORT_PERIODS as readonly string[]).includes(p)) {
    throw new BadArgumentError(`"${echo(p)}" is not a report period: use ${REPORT_PERIODS.join(', ')}.`);
  }
  return { serviceKey, period: p, timezone, now };
}

/** The report's rows as a CSV file, and the table they came from. */
export async function reportCsvFile(queries: QueryUseCases, req: ReportRequest): Promise<{ file: ReplyFile; table: ReportTable }> {
  const table = await queries.reportTable(req.serviceKey, req.period, req.timezone);
  const name = reportCsvName(req.serviceKey, table.report, req.now, req.timezone);
  const title = `Pacta report data: ${req.serviceKey ?? 'all services'}, ${periodText(table.report.period, table.report.calendar)}`;
  return { file: { name, title, text: reportCsv(table.rows) }, table };
}

/** One way to answer: what the command context and the request give. */
type ReportOutput = (ctx: CommandContext, req: ReportRequest) => Promise<CommandResult>;

/** The reply without an output flag: the figures as a message. */
const text: ReportOutput = async (ctx, req) => ({ message: reportView(await ctx.deps.queries.report(req.serviceKey, req.period, req.timezone), { timezone: req.timezone }) });

/**
 * The forms a report can take besides the message, each named by its flag. The one place output flags
 * are read: another form is one more entry here (and its flag is then accepted).
 */
const OUTPUTS = {
  csv: async (ctx, req) => {
    const { file, table } = await reportCsvFile(ctx.deps.queries, req);
    const earlier = table.rows.filter((r) => !r.inPeriod).length;
    const opened = table.rows.length - earlier;
    const scope = req.serviceKey ?? 'all services';
    const lead = `Report data for ${scope}, ${periodText(table.report.period, table.report.calendar)}: ${count(table.rows.length, 'row')} in ${file.name}`;
    const why = earlier ? ` (${count(opened, 'incident')} opened in the period and ${count(earlier, 'earlier one')} counted for ${earlier === 1 ? 'its' : 'their'} downtime)` : '';
    return {
      message: say(`${lead}${why}.`, 'One row per incident, instants in UTC, durations in seconds; `in_period` no marks a row counted only for its downtime.'),
      files: [file],
    };
  },
  // The message, then its charts (docs/semantics.md §9): each platform draws them (Slack files, Teams card
  // images, the console PNG files), with their alt text wherever a picture cannot go.
  chart: async (ctx, req) => {
    const { message } = await text(ctx, req);
    if (!ctx.deps.charts) throw new UserError('Charts are not available here; `report` without --chart gives the figures.');
    const charts = await ctx.deps.charts.forReport(req.serviceKey, req.period, req.timezone);
    const images = charts.map((chart) => ({ type: 'image' as const, chart, alt: chartAlt(chart, req.timezone) }));
    return { message: { fallback: message.fallback, blocks: [...message.blocks, ...images] } };
  },
} satisfies Record<string, ReportOutput>;

type OutputFlag = keyof typeof OUTPUTS;
const OUTPUT_FLAGS = Object.keys(OUTPUTS) as OutputFlag[];

/** The output the flags ask for: the message without one; two at once are refused. */
function outputOf(args: ParsedArgs): ReportOutput {
  const asked = OUTPUT_FLAGS.filter((f) => args.flags.has(f));
  if (asked.length > 1) throw new BadArgumentError(`Choose one of ${asked.map((f) => `--${f}`).join(', ')}.`);
  return asked[0] ? OUTPUTS[asked[0]] : text;
}

export const reportCommand: CommandSpec = {
  name: 'report',
  aliases: ['rep'],
  usage: ['report [service|all] [--period 7d|30d|month|quarter] [--chart|--csv]'],
  summary: 'Attainment against target, breaches, MTTA and MTTR over a period, per service and overall; --chart adds the charts, --csv sends the rows behind them as a file.',
  role: 'viewer',
  args: { valueFlags: ['period'], booleanFlags: OUTPUT_FLAGS },
  examples: ['report', 'report payments --period 30d', 'report --period month', 'report payments --chart', 'report payments --period quarter --csv', 'report all --csv'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service'], 1);
    const req = reportRequest(words[0], flagValue(ctx.args, 'period'), ctx.timezone, ctx.now);
    return outputOf(ctx.args)(ctx, req);
  },
};
