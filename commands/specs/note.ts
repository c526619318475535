import { formatIncidentRef } from '../../src/domain/incident-id.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { incidentAt, optionalText, positionals } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import type { CommandSpec } from '../spec.ts';

/** `note <id> <text>`: adds a note to the timeline. */
export const noteCommand: CommandSpec = {
  name: 'note',
  aliases: ['comment', 'update'],
  usage: ['note <id> <text>'],
  summary: "Add a note to an incident's timeline.",
  role: 'responder',
  args: { positionals: 1, rest: true },
  examples: ['note INC-1 rollback started', 'note INC-1 -- customers see --retry errors'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const number = incidentAt(words, 0);
    const text = optionalText(ctx.args);
    if (text === null) throw new BadArgumentError(`The note needs some text, e.g. \`note ${formatIncidentRef(number)} rollback started\`.`);
    const state = await ctx.deps.incidents.addNote(number, ctx.actor, text);
    return incidentChanged(ctx, state, 'note added.');
  },
};
