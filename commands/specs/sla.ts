/**
 * `sla document <service>`: the service's agreement as a Markdown document (docs/semantics.md §8) — hours
 * and holidays, targets, objective, maintenance and exclusion rules, escalation and service credits.
 * In the console the reply is the document itself; in Slack and Teams it is the key facts with the
 * document in a code block below them.
 */
import { agreementDocument, agreementMarkdown, agreementMessage } from '../../src/messages/views/agreement.ts';
import { positionals, serviceAt } from '../arguments.ts';
import type { CommandGroup, CommandSpec } from '../spec.ts';

const document: CommandSpec = {
  name: 'document',
  aliases: ['doc', 'docs', 'markdown', 'md'],
  usage: ['sla document <service>'],
  summary: "A service's agreement as a Markdown document: hours, targets, objective, maintenance, escalation and credits.",
  role: 'viewer',
  examples: ['sla document payments'],
  async run(ctx) {
    const key = serviceAt(positionals(ctx.args, ['service']), 0);
    const agreement = await ctx.deps.queries.agreement(key);
    const opts = { timezone: ctx.timezone };
    const plainText = ctx.invocation.channel.platform === 'console' || ctx.actor.platform === 'console' || ctx.actor.platform === 'system';
    if (plainText) return { message: agreementDocument(agreement, opts) };
    // In chat: the key facts, and the agreement as a Markdown file for the asker.
    return { message: agreementMessage(agreement, opts), files: [{ name: `${key}-sla.md`, title: `Service level agreement: ${agreement.service.name}`, text: agreementMarkdown(agreement, opts) }] };
  },
};

/** The `sla` group. */
export const slaCommand: CommandGroup = {
  name: 'sla',
  aliases: ['agreement'],
  summary: 'Service level agreements as documents.',
  subcommands: [document],
};
