import { incidentAt, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import { parsePriority } from '../parse/priority.ts';
import type { CommandSpec } from '../spec.ts';

/** `priority <id> <P1-P4>`: changes the priority; both clocks are recomputed from the opening. */
export const priorityCommand: CommandSpec = {
  name: 'priority',
  aliases: ['prio', 'sev', 'severity'],
  usage: ['priority <id> <P1-P4>'],
  summary: "Change an incident's priority: both clocks are recomputed from the opening with the new targets.",
  role: 'responder',
  examples: ['priority INC-1 P2'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)', 'priority (P1 to P4)']);
    const number = incidentAt(words, 0);
    const state = await ctx.deps.incidents.changePriority(number, ctx.actor, parsePriority(words[1] ?? ''));
    return incidentChanged(ctx, state, `now ${state.incident.priority}; clocks recomputed from the opening.`);
  },
};
