import { incidentAt, optionalText, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import type { CommandSpec } from '../spec.ts';

/** `reopen <id> [reason]`: a resolved incident is back; its resolve clock resumes with its time kept. */
export const reopenCommand: CommandSpec = {
  name: 'reopen',
  aliases: [],
  usage: ['reopen <id> [reason]'],
  summary: 'Reopen a resolved incident; its resolve clock continues from where it stopped.',
  role: 'responder',
  args: { positionals: 1, rest: true },
  examples: ['reopen INC-1 errors are back'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const state = await ctx.deps.incidents.reopen(incidentAt(words, 0), ctx.actor, optionalText(ctx.args));
    return incidentChanged(ctx, state, 'reopened.');
  },
};
