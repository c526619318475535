import { incidentAt, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import { parseImpact } from '../parse/impact.ts';
import type { CommandSpec } from '../spec.ts';

/** `impact <id> <outage|degraded|none>`: changes how the incident weighs on availability from now on. */
export const impactCommand: CommandSpec = {
  name: 'impact',
  aliases: [],
  usage: ['impact <id> <outage|degraded|none>'],
  summary: 'Change how an incident counts against availability from now on (outage 1, degraded partly, none 0).',
  role: 'responder',
  examples: ['impact INC-1 degraded'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)', 'impact (outage, degraded or none)']);
    const number = incidentAt(words, 0);
    const state = await ctx.deps.incidents.changeImpact(number, ctx.actor, parseImpact(words[1] ?? ''));
    return incidentChanged(ctx, state, `impact now ${state.incident.impact}.`);
  },
};
