import { incidentAt, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import type { CommandSpec } from '../spec.ts';

/** `ack <id>`: acknowledges an incident, stopping its acknowledge clock. */
export const ackCommand: CommandSpec = {
  name: 'ack',
  aliases: ['acknowledge', 'a'],
  usage: ['ack <id>'],
  summary: 'Acknowledge an incident: you have it; its acknowledge clock stops.',
  role: 'responder',
  examples: ['ack INC-1'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const state = await ctx.deps.incidents.acknowledge(incidentAt(words, 0), ctx.actor);
    return incidentChanged(ctx, state, 'acknowledged.');
  },
};
