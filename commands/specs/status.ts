import { serviceStatus } from '../../src/messages/views/service-status.ts';
import { statusOverview } from '../../src/messages/views/status-overview.ts';
import type { Message } from '../../src/messages/message.ts';
import type { StatusOverview } from '../../src/model/status.ts';
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
      return { message: overviewMessage(overview, ctx.timezone) };
    }
    const status = await ctx.deps.queries.service(serviceAt(words, 0));
    return { message: serviceStatus(status, { timezone: ctx.timezone, now: ctx.now }) };
  },
};

// Callers that shared one overview computation (see SingleFlight) and read in the same zone get the very
// same message: the view is a pure function of both, and building it for dozens of services is the
// costliest part of a `status` once the database work is shared.
const rendered = new WeakMap<StatusOverview, Map<string, Message>>();

function overviewMessage(overview: StatusOverview, timezone: string): Message {
  let byZone = rendered.get(overview);
  if (!byZone) rendered.set(overview, (byZone = new Map()));
  let message = byZone.get(timezone);
  if (!message) byZone.set(timezone, (message = statusOverview(overview, { timezone })));
  return message;
}
