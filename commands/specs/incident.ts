import { formatIncidentRef } from '../../src/domain/incident-id.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { incidentDetail } from '../../src/messages/views/incident-detail.ts';
import { incidentAt, positionals } from '../arguments.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';

/**
 * `incident <id>`: both clocks explained and the whole timeline. `--public` / `--no-public` (responders)
 * say whether the public status page may show its title (docs/dashboard.md).
 */
export const incidentCommand: CommandSpec = {
  name: 'incident',
  aliases: ['inc', 'show'],
  usage: ['incident <id> [--public|--no-public]'],
  summary: 'One incident in full: both clocks explained (why one paused, when it restarted) and the timeline.',
  role: 'viewer',
  args: { booleanFlags: ['public', 'no-public'] },
  examples: ['incident INC-1', 'incident INC-1 --public   (the public status page shows its title, if its service is public)'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)']);
    const number = incidentAt(words, 0);
    const on = ctx.args.flags.has('public');
    const off = ctx.args.flags.has('no-public');
    if (on && off) throw new BadArgumentError('Give --public or --no-public, not both.');
    if (on || off) {
      // Looking is for viewers; publishing a title is a responder's call.
      await ctx.deps.roles.require(ctx.actor, 'responder', `\`incident ${on ? '--public' : '--no-public'}\``);
      const { incident, changed } = await ctx.deps.incidents.setPublic(number, on);
      if (changed) ctx.markChanged();
      const ref = formatIncidentRef(incident.number);
      const text = on
        ? `${ref}'s title is public: the status page shows it while ${incident.serviceKey} is public (\`service set ${incident.serviceKey} --public\`).`
        : `${ref}'s title is not public: the status page calls it "Service disruption".`;
      return { message: say(changed ? text : `Nothing changed: ${text}`) };
    }
    const state = await ctx.deps.incidents.get(number);
    return { message: incidentDetail(state, { timezone: ctx.timezone }) };
  },
};
