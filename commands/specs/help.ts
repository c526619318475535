import { BadArgumentError } from '../../src/errors.ts';
import type { Block, Message, Text } from '../../src/messages/message.ts';
import { listMessage } from '../../src/messages/views/lists.ts';
import { withCode } from '../../src/messages/views/plain.ts';
import { positionals } from '../arguments.ts';
import { closestMatch } from '../parse/suggest.ts';
import { findByName, isGroup, namesOf, type CommandEntry, type CommandSpec } from '../spec.ts';

/** `help [command]`: generated from the command specs, so it cannot drift from what the parser accepts. */
export const helpCommand: CommandSpec = {
  name: 'help',
  aliases: ['?', 'commands', 'h'],
  usage: ['help [command]'],
  summary: 'List the commands, or explain one.',
  role: 'viewer',
  examples: ['help', 'help open', 'help service add'],
  async run(ctx) {
    const words = positionals(ctx.args, ['command', 'subcommand'], 2);
    if (words.length === 0) return { message: overview(ctx.registry) };
    const entry = findByName(ctx.registry, words[0] ?? '');
    if (!entry) throw new BadArgumentError(unknownTopic(words[0] ?? '', ctx.registry));
    if (!isGroup(entry)) return { message: detail(entry, entry.name) };
    if (words[1] === undefined) return { message: groupDetail(entry) };
    const sub = findByName(entry.subcommands, words[1]);
    if (!sub) throw new BadArgumentError(`\`${entry.name}\` has no \`${words[1]}\`: use one of ${entry.subcommands.map((s) => s.name).join(', ')}.`);
    return { message: detail(sub, `${entry.name} ${sub.name}`) };
  },
};

function line(spec: CommandSpec): Text {
  return [{ code: spec.usage[0] ?? spec.name }, ` — ${spec.summary}`];
}

function overview(registry: readonly CommandEntry[]): Message {
  const items = registry.flatMap((e) => (isGroup(e) ? e.subcommands.map(line) : [line(e)]));
  return listMessage('Pacta commands', items, {
    empty: 'No commands.',
    footer: withCode('`help <command>` explains one, with examples. In Slack type `/sla <command>`; in Teams mention Pacta.'),
  });
}

function detail(spec: CommandSpec, name: string): Message {
  const blocks: Block[] = [
    { type: 'header', text: name },
    { type: 'text', text: spec.summary },
    { type: 'list', items: spec.usage.map((u): Text => ({ code: u })) },
  ];
  const small: string[] = [`Needs the ${spec.role} role.`];
  if (spec.aliases.length) small.push(`Also: ${spec.aliases.join(', ')}.`);
  if (spec.examples?.length) blocks.push({ type: 'text', text: 'Examples:' }, { type: 'list', items: spec.examples.map((x): Text => ({ code: x })) });
  blocks.push({ type: 'context', text: small.join(' ') });
  const fallback = [`${name}: ${spec.summary}`, ...spec.usage.map((u) => `  ${u}`), ...(spec.examples ?? []).map((x) => `  e.g. ${x}`), small.join(' ')].join('\n');
  return { fallback, blocks };
}

function groupDetail(group: Extract<CommandEntry, { subcommands: unknown }>): Message {
  const msg = listMessage(group.name, group.subcommands.map(line), { empty: 'No subcommands.', footer: withCode(`\`help ${group.name} <subcommand>\` explains one.`) });
  msg.blocks.splice(1, 0, { type: 'text', text: group.summary });
  return msg;
}

function unknownTopic(word: string, registry: readonly CommandEntry[]): string {
  const guess = closestMatch(word, namesOf(registry));
  const name = guess ? findByName(registry, guess)?.name : undefined;
  return `There is no command \`${word.slice(0, 40)}\`.${name ? ` Did you mean \`help ${name}\`?` : ''} \`help\` lists them all.`;
}
