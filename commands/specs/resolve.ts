import { incidentAt, optionalText, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import type { CommandSpec } from '../spec.ts';

/** `resolve <id> [note]`: resolves an incident, stopping its clocks. */
export const resolveCommand: CommandSpec = {
  name: 'resolve',
  aliases: ['close', 'fixed', 'done'],
  usage: ['resolve <id> [note]'],
  summary: 'Resolve an incident, with an optional note; its clocks stop.',
  role: 'responder',
  args: { positionals: 1, rest: true },
  examples: ['resolve INC-1 rolled back the release'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const state = await ctx.deps.incidents.resolve(incidentAt(words, 0), ctx.actor, optionalText(ctx.args));
    return incidentChanged(ctx, state, 'resolved.');
  },
};
