import { serviceStatus } from '../../src/messages/views/service-status.ts';
import { statusOverview } from '../../src/messages/views/status-overview.ts';
import { positionals, serviceAt } from '../arguments.ts';
import type { CommandSpec } from '../spec.ts';

/** `status [service]`: every service worst first, or one service with its budget and clocks. */
export const statusCommand: CommandSpec = {
  name: 'status',
  aliases: ['st', 'overview'],
  usage: ['status [service]'],
  summary: 'How services stand: availability, error budget, open incidents and the next breach.',
  role: 'viewer',
  examples: ['status', 'status payments'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service'], 1);
    if (words.length === 0) {
      const overview = await ctx.deps.queries.overview();
      return { message: statusOverview(overview, { timezone: ctx.timezone }) };
    }
    const status = await ctx.deps.queries.service(serviceAt(words, 0));
    return { message: serviceStatus(status, { timezone: ctx.timezone, now: ctx.now }) };
  },
};
