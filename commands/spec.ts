/**
 * What a command is: its name, how it is typed, who may run it and what it does. Each file in
 * `commands/specs/` exports one of these; `help` is generated from them, so the usage a user sees on an
 * error and in `help` is the usage the parser enforces.
 */
import type { ChannelRef } from '../src/domain/channel.ts';
import type { Actor } from '../src/domain/incident.ts';
import type { Message, ReplyFile, Visibility } from '../src/messages/message.ts';
import type { ArgSpec, ParsedArgs } from './parse/args.ts';
import type { CommandDeps, CommandInvocation, Role } from './types.ts';

/** Everything a handler gets: the parsed arguments, who asked, where, and the use cases. */
export type CommandContext = {
  readonly deps: CommandDeps;
  readonly invocation: CommandInvocation;
  readonly actor: Actor;
  readonly channel: ChannelRef;
  /** The reader's zone: times typed without a zone are read in it, and times are shown in it. */
  readonly timezone: string;
  /** The instant the command runs at, from `deps.time`. */
  readonly now: Date;
  /** Arguments after the command word(s), split by the spec's `args`. */
  readonly args: ParsedArgs;
  /** The full command name as typed in help and errors, e.g. `service add`. */
  readonly commandName: string;
  /** Every registered command, for `help`. */
  readonly registry: readonly CommandEntry[];
  /**
   * Handlers call this right after a write succeeds, so the outcome says `changed: true` even if
   * rendering the reply fails afterwards (the fuzz test holds the router to it).
   */
  markChanged(): void;
};

/** What a handler returns; the router turns it into a `CommandOutcome`. */
export type CommandResult = {
  message: Message;
  /** Default `ephemeral`: replies are for the asker (docs/semantics.md §4). */
  visibility?: Visibility;
  /** Files that come with the reply, for the asker alone. */
  files?: ReplyFile[];
  /** Outbox keys the change queued (from the use case's state), so the door can deliver them at once. */
  followUps?: readonly string[];
};

/** A command a user can type, e.g. `ack` or (inside a group) `add` of `service add`. */
export type CommandSpec = {
  readonly name: string;
  readonly aliases: readonly string[];
  /** One line per form, as in help: `ack <id>`. Shown on every error of this command. */
  readonly usage: readonly string[];
  /** One sentence for the help list. */
  readonly summary: string;
  /** The least role that may run it. */
  readonly role: Role;
  /** How its arguments are laid out; default: every word positional, no flags. */
  readonly args?: ArgSpec;
  /** Lines shown by `help <command>`. */
  readonly examples?: readonly string[];
  run(ctx: CommandContext): Promise<CommandResult>;
};

/** A word that groups related commands: `service add|set|remove|list`. */
export type CommandGroup = {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly subcommands: readonly CommandSpec[];
  /** Run when the group word is typed alone (`service` → `service list`); without it, the usage is shown. */
  readonly defaultSubcommand?: string;
};

export type CommandEntry = CommandSpec | CommandGroup;

/** True for a group entry. */
export function isGroup(entry: CommandEntry): entry is CommandGroup {
  return 'subcommands' in entry;
}

/** Usage lines of an entry; a group's are its subcommands' lines. */
export function usageOf(entry: CommandEntry): readonly string[] {
  return isGroup(entry) ? entry.subcommands.flatMap((s) => s.usage) : entry.usage;
}

/** The entry (or subcommand) called `word` by name or alias, case-insensitively. */
export function findByName<T extends { name: string; aliases: readonly string[] }>(entries: readonly T[], word: string): T | undefined {
  const w = word.toLowerCase();
  return entries.find((e) => e.name === w || e.aliases.includes(w));
}

/** Every name and alias, for "did you mean" suggestions. */
export function namesOf(entries: readonly { name: string; aliases: readonly string[] }[]): string[] {
  return entries.flatMap((e) => [e.name, ...e.aliases]);
}
