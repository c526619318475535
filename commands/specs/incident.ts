import { incidentDetail } from '../../src/messages/views/incident-detail.ts';
import { incidentAt, positionals } from '../arguments.ts';
import type { CommandSpec } from '../spec.ts';

/** `incident <id>`: both clocks explained and the whole timeline. */
export const incidentCommand: CommandSpec = {
  name: 'incident',
  aliases: ['inc', 'show'],
  usage: ['incident <id>'],
  summary: 'One incident in full: both clocks explained (why one paused, when it restarted) and the timeline.',
  role: 'viewer',
  examples: ['incident INC-1'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const state = await ctx.deps.incidents.get(incidentAt(words, 0));
    return { message: incidentDetail(state, { timezone: ctx.timezone }) };
  },
};
