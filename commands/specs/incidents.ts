import { incidentsList } from '../../src/messages/views/lists.ts';
import { positionals, serviceAt } from '../arguments.ts';
import type { CommandSpec } from '../spec.ts';

/** `incidents [service] [--all]`: open incidents (or the most recent of any status) with their clocks. */
export const incidentsCommand: CommandSpec = {
  name: 'incidents',
  aliases: ['ls', 'list'],
  usage: ['incidents [service] [--all]'],
  summary: 'Open incidents, newest first, with their clocks; --all includes resolved ones.',
  role: 'viewer',
  args: { booleanFlags: ['all'] },
  examples: ['incidents', 'incidents payments --all'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service'], 1);
    const key = words.length ? serviceAt(words, 0) : null;
    const all = ctx.args.flags.has('all');
    const data = await ctx.deps.queries.incidents(key, all);
    return { message: incidentsList(data, { timezone: ctx.timezone, all, serviceKey: key }) };
  },
};
