import { incidentAt, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import type { CommandSpec } from '../spec.ts';

/** `resume <id>`: restarts a paused resolve clock. */
export const resumeCommand: CommandSpec = {
  name: 'resume',
  aliases: ['unpause', 'continue'],
  usage: ['resume <id>'],
  summary: 'Resume a paused incident: its resolve clock counts again.',
  role: 'responder',
  examples: ['resume INC-1'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const state = await ctx.deps.incidents.resume(incidentAt(words, 0), ctx.actor);
    return incidentChanged(ctx, state, 'resumed.');
  },
};
