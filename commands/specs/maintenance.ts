import { formatDuration } from '../../src/format/duration.ts';
import { at } from '../../src/messages/views/plain.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { optionalText, positionals, serviceAt } from '../arguments.ts';
import { parseDuration } from '../parse/duration.ts';
import { parseFutureTime, parseTime, timeContinues, type TimeContext } from '../parse/time.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';

/**
 * A maintenance start: usually ahead (`22:00` is the next 22:00, `+2h`, `in 2h`), but a window already
 * under way may be declared after the fact (`-30m`, `30m ago`, an absolute time in the past).
 */
function parseStart(text: string, ctx: TimeContext): Date {
  try {
    return parseFutureTime(text, ctx);
  } catch (future) {
    if (!(future instanceof BadArgumentError)) throw future;
    try {
      return parseTime(text, ctx);
    } catch {
      throw future;
    }
  }
}

/** `maintenance <service> <start> <duration> [reason]`: declared downtime that does not count. */
export const maintenanceCommand: CommandSpec = {
  name: 'maintenance',
  aliases: ['maint', 'mw'],
  usage: ['maintenance <service> <start> <duration> [reason]'],
  summary: "Declare a maintenance window: downtime in it does not count against the service's availability.",
  role: 'admin',
  args: { positionals: 3, rest: true, positionalContinues: [undefined, timeContinues] },
  examples: ['maintenance payments 22:00 2h database upgrade', 'maintenance payments 2026-11-28 06:00 90m', 'maintenance payments -30m 1h emergency patch'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service', 'start time (e.g. 22:00 or 2026-11-28 06:00)', 'duration (e.g. 2h)']);
    const key = serviceAt(words, 0);
    const start = parseStart(words[1] ?? '', { now: ctx.now, timezone: ctx.timezone });
    const durationMs = parseDuration(words[2] ?? '');
    const window = await ctx.deps.admin.addMaintenance(key, start, durationMs, optionalText(ctx.args), ctx.actor);
    ctx.markChanged();
    const reason = window.reason ? ` — ${window.reason}` : '';
    return {
      message: say([`Maintenance for ${key} from `, at(window.start, ctx.timezone), ' to ', at(window.end, ctx.timezone), ` (${formatDuration(durationMs, { style: 'compact' })})${reason}.`], 'Downtime in it does not count against availability or the error budget.'),
    };
  },
};
