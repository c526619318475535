import { formatIncidentRef } from '../../src/domain/incident-id.ts';
import { storedText } from '../../src/messages/stored-text.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { flagValue, positionals, serviceAt } from '../arguments.ts';
import { clocksLine } from '../incident-reply.ts';
import { parseImpact } from '../parse/impact.ts';
import { parsePriority } from '../parse/priority.ts';
import { parseTime, timeContinues } from '../parse/time.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';

/** `open <service> <P1-P4> <title> [--impact …] [--since <time>]`: opens an incident and starts its clocks. */
export const openCommand: CommandSpec = {
  name: 'open',
  aliases: ['new', 'declare', 'raise'],
  usage: ['open <service> <P1-P4> <title> [--impact outage|degraded|none] [--since <time>]'],
  summary: 'Open an incident: its SLA clocks start and its card is posted in this channel.',
  role: 'responder',
  args: { positionals: 2, rest: true, valueFlags: ['impact', 'since'], flagContinues: { since: timeContinues } },
  examples: ['open payments P1 Card payments failing --impact outage', 'open search P2 "Slow results" --impact degraded --since 10:05'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service', 'priority (P1 to P4)']);
    const serviceKey = serviceAt(words, 0);
    const priority = parsePriority(words[1] ?? '');
    const title = ctx.args.rest.trim();
    if (!title) throw new BadArgumentError(`The incident needs a title after the priority, e.g. \`open ${serviceKey} ${priority} Card payments failing\`.`);
    const impactText = flagValue(ctx.args, 'impact');
    const sinceText = flagValue(ctx.args, 'since');
    const state = await ctx.deps.incidents.open({
      serviceKey,
      priority,
      title,
      actor: ctx.actor,
      channel: ctx.channel,
      ...(impactText !== undefined ? { impact: parseImpact(impactText) } : {}),
      ...(sinceText !== undefined ? { impactStart: parseTime(sinceText, { now: ctx.now, timezone: ctx.timezone }) } : {}),
    });
    ctx.markChanged();
    const ref = formatIncidentRef(state.incident.number);
    return {
      // The title as stored: a person named in it is a mention (docs/semantics.md §4).
      message: say([{ bold: ref }, ` opened: ${state.incident.serviceKey} ${priority}, ${state.incident.impact} — `, ...storedText(state.incident.title, state.incident.openedBy), '.'], clocksLine(state, ctx.timezone)),
      followUps: state.followUps ?? [],
    };
  },
};
