import { incidentAt, optionalText, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import type { CommandSpec } from '../spec.ts';

/** `pause <id> [reason]`: stops the resolve clock while waiting on someone else. */
export const pauseCommand: CommandSpec = {
  name: 'pause',
  aliases: ['hold', 'wait'],
  usage: ['pause <id> [reason]'],
  summary: 'Pause the resolve clock while waiting on a customer or vendor; `resume` restarts it.',
  role: 'responder',
  args: { positionals: 1, rest: true },
  examples: ['pause INC-1 waiting on the card network'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const state = await ctx.deps.incidents.pause(incidentAt(words, 0), ctx.actor, optionalText(ctx.args));
    return incidentChanged(ctx, state, 'paused.');
  },
};
