/**
 * The command router: one line of text in, one reply out. It finds the command (by name or alias, with
 * a "did you mean" for typos), checks the actor's role, parses the arguments by the command's spec and
 * runs it. It never throws: a user's mistake becomes a reply saying what was wrong with the usage, and
 * anything else is logged with an error id and answered with an apology quoting it.
 */
import { randomUUID } from 'node:crypto';
import { UnavailableError, UserError } from '../src/errors.ts';
import type { Message } from '../src/messages/message.ts';
import { truncateText } from '../src/messages/text-fit.ts';
import { pickZone } from '../src/messages/time-text.ts';
import { splitArgs } from './parse/args.ts';
import { closestMatch } from './parse/suggest.ts';
import { stripCommandWord, tokenize, type Token } from './parse/tokenize.ts';
import { COMMANDS } from './registry.ts';
import { apology, errorReply, unavailableReply } from './replies.ts';
import { findByName, isGroup, namesOf, usageOf, type CommandContext, type CommandEntry, type CommandSpec } from './spec.ts';
import type { CommandDeps, CommandInvocation, CommandOutcome, CommandRouter, CommandStatus } from './types.ts';

/** A command found in a line: the spec to run, its full name, and the words after the command. */
type Resolved = { spec: CommandSpec; name: string; rest: Token[] } | { problem: string; usage: readonly string[] };

/**
 * Creates the router over the registered commands (or `commands`, for tests of the router itself).
 * Usage: `const router = createRouter(deps); const outcome = await router.run({ text, actor, channel })`.
 */
export function createRouter(deps: CommandDeps, commands: readonly CommandEntry[] = COMMANDS): CommandRouter {
  return { run: (invocation) => runCommand(deps, commands, invocation) };
}

async function runCommand(deps: CommandDeps, commands: readonly CommandEntry[], invocation: CommandInvocation): Promise<CommandOutcome> {
  let changed = false;
  let usage: readonly string[] = [];
  // The registry's name of what the line asks for, as far as it was read (never the typed word itself).
  let command: string | null = null;
  try {
    const line = invocation.text ?? '';
    if (line.length > MAX_LINE_LENGTH) return reply(lineTooLong(commands, line), false, null, 'refused');
    const text = stripCommandWord(cleanInput(line));
    let tokens: Token[];
    try {
      tokens = tokenize(text);
    } catch (err) {
      // An unclosed quote: the command word, if it is one, still tells which usage to show.
      const first = findByName(commands, text.split(/\s+/)[0] ?? '');
      if (first) {
        usage = usageOf(first);
        command = first.name;
      }
      throw err;
    }
    // Empty input is a request for help (a bare `/sla`).
    if (tokens.length === 0) tokens = tokenize('help');
    const found = resolve(commands, tokens);
    if ('problem' in found) return reply(errorReply(found.problem, found.usage), false, findByName(commands, tokens[0]!.value)?.name ?? null, 'refused');
    const { spec, name } = found;
    usage = spec.usage;
    command = name;
    await deps.roles.require(invocation.actor, spec.role, `\`${name}\``);
    const args = splitArgs(found.rest, spec.args);
    const ctx: CommandContext = {
      deps,
      invocation,
      actor: invocation.actor,
      channel: invocation.channel,
      timezone: pickZone(invocation.timezone, deps.timezone),
      now: deps.time.now(),
      args,
      commandName: name,
      registry: commands,
      markChanged: () => {
        changed = true;
      },
    };
    const result = await spec.run(ctx);
    return {
      reply: { visibility: result.visibility ?? 'ephemeral', message: result.message, ...(result.files?.length ? { files: result.files } : {}) },
      followUps: result.followUps ?? [],
      changed,
      command,
      status: 'ok',
    };
  } catch (err) {
    if (err instanceof UserError) return reply(errorReply(err.message, usage), changed, command, 'refused');
    if (err instanceof UnavailableError) return unavailable(deps, invocation, err, changed, command);
    const errorId = randomUUID().slice(0, 8);
    try {
      deps.log.error({ err, errorId, text: invocation.text, actor: invocation.actor }, 'command failed');
    } catch {
      // A broken logger must not turn an apology into a crash.
    }
    return reply(apology(errorId), changed, command, 'error');
  }
}

/**
 * The longest line the router reads, in UTF-16 code units (docs/semantics.md §4). No command needs more:
 * a title has at most 200 characters and a note at most 2,000, and Slack itself cuts command text at
 * about 4,000; Teams would pass on messages of about 28 KB. A longer line is answered at once, before any
 * of it is read, so a pasted megabyte costs nothing; every parser is linear in its input anyway, and
 * "did you mean" bounds its own work (see suggest.ts).
 */
export const MAX_LINE_LENGTH = 8000;

/** The reply to a line over {@link MAX_LINE_LENGTH}, with the usage of the command it starts with, if any. */
function lineTooLong(commands: readonly CommandEntry[], line: string): Message {
  // Only the head is looked at: the command word is in the first few characters or not at all.
  const first = stripCommandWord(line.slice(0, 64)).split(/\s+/)[0] ?? '';
  const entry = findByName(commands, first);
  const size = line.length.toLocaleString('en-US');
  return errorReply(
    `That is ${size} characters, more than I read in one command (${MAX_LINE_LENGTH.toLocaleString('en-US')}). ` +
      'A title has at most 200 characters and a note at most 2,000: shorten it and send it again.',
    entry ? usageOf(entry) : [],
  );
}

// PostgreSQL text cannot hold NUL or unpaired UTF-16 surrogates, and no chat client sends them on
// purpose: a pasted binary blob would otherwise fail deep in a write. Other control characters (bar tab
// and line breaks) are invisible in chat and only confuse matching, so they go too.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The typed line with characters no command can mean removed (see above). */
function cleanInput(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd');
}

function reply(message: Message, changed: boolean, command: string | null, status: CommandStatus): CommandOutcome {
  return { reply: { visibility: 'ephemeral', message }, followUps: [], changed, command, status };
}

/** Finds the command a line names: a top-level command, or a group and one of its subcommands. */
function resolve(commands: readonly CommandEntry[], tokens: Token[]): Resolved {
  const [first, second] = tokens;
  const word = first?.value ?? '';
  const entry = findByName(commands, word);
  if (!entry) return { problem: unknownCommand(word, commands), usage: [] };
  if (!isGroup(entry)) return { spec: entry, name: entry.name, rest: tokens.slice(1) };
  const subNames = entry.subcommands.map((s) => s.name).join(', ');
  if (!second) {
    const fallback = entry.defaultSubcommand ? findByName(entry.subcommands, entry.defaultSubcommand) : undefined;
    if (fallback) return { spec: fallback, name: `${entry.name} ${fallback.name}`, rest: [] };
    return { problem: `\`${entry.name}\` needs one of: ${subNames}.`, usage: usageOf(entry) };
  }
  const sub = findByName(entry.subcommands, second.value);
  if (!sub) {
    const guess = closestMatch(second.value, namesOf(entry.subcommands));
    const hint = guess ? ` Did you mean \`${entry.name} ${findByName(entry.subcommands, guess)?.name}\`?` : '';
    return { problem: `\`${entry.name}\` has no \`${shorten(second.value)}\`: use one of ${subNames}.${hint}`, usage: usageOf(entry) };
  }
  return { spec: sub, name: `${entry.name} ${sub.name}`, rest: tokens.slice(2) };
}

function unknownCommand(word: string, commands: readonly CommandEntry[]): string {
  const guess = closestMatch(word, namesOf(commands));
  const name = guess ? findByName(commands, guess)?.name : undefined;
  const hint = name ? ` Did you mean \`${name}\`?` : '';
  return `I don't know the command \`${shorten(word)}\`.${hint} \`help\` lists the commands.`;
}

// Echoing a pasted essay back would bury the useful part of the reply; backticks would break the code span.
function shorten(word: string): string {
  return truncateText(word.replace(/`/g, "'"), 40);
}

/** The database is down or overloaded: not a bug, so no error id and no stack in the log; trying again is the remedy. */
function unavailable(deps: CommandDeps, invocation: CommandInvocation, err: UnavailableError, changed: boolean, command: string | null): CommandOutcome {
  try {
    deps.log.info?.({ reason: err.message, text: invocation.text, actor: invocation.actor }, 'command not run: the database is unavailable');
  } catch {
    // As above: a broken logger changes no reply.
  }
  return reply(unavailableReply(), changed, command, 'unavailable');
}
