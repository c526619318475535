/**
 * Checks on positional arguments shared by the commands, so that every command words "missing" and
 * "too many" the same way. The router adds the command's usage to these messages.
 */
import { BadArgumentError } from '../src/errors.ts';
import type { ParsedArgs } from './parse/args.ts';
import { echo } from './parse/echo.ts';
import { parseIncidentId } from './parse/incident-id.ts';
import { parseServiceKey } from './parse/service-key.ts';

/**
 * Requires between `names.length - optional` and `names.length` positionals. `names` describe each slot
 * (`incident id`), in order, for the "missing" message.
 */
export function positionals(args: ParsedArgs, names: readonly string[], optional = 0): string[] {
  const got = args.positional;
  const required = names.length - optional;
  if (got.length < required) throw new BadArgumentError(`Missing the ${names[got.length]}.`);
  if (got.length > names.length) {
    // Quote the first few extra words only: a pasted paragraph would bury the hint.
    const extras = got.slice(names.length);
    const shown = extras.slice(0, 3).map((w) => `"${echo(w)}"`).join(' ') + (extras.length > 3 ? ` and ${extras.length - 3} more` : '');
    throw new BadArgumentError(`Too many arguments: ${shown} ${extras.length > 1 ? 'were' : 'was'} not expected. (Text with spaces goes in quotes.)`);
  }
  return got;
}

/** Requires no positionals at all (commands that take only flags). */
export function noPositionals(args: ParsedArgs): void {
  positionals(args, []);
}

/** The incident id at `index` (already known to be present). */
export function incidentAt(words: readonly string[], index: number): number {
  return parseIncidentId(words[index] ?? '');
}

/** The service key at `index` (already known to be present). */
export function serviceAt(words: readonly string[], index: number): string {
  return parseServiceKey(words[index] ?? '');
}

/** The value of a flag that takes one, or undefined when absent. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Free text after the positionals, or null when there is none (optional notes and reasons). */
export function optionalText(args: ParsedArgs): string | null {
  const t = args.rest.trim();
  return t === '' ? null : t;
}

/** Reads a number like `99.9`, `99.9%` or `0.5`; throws naming the option otherwise. */
export function parseNumber(input: string, what: string, example: string): number {
  const s = input.trim().replace(/%$/, '').replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(s)) throw new BadArgumentError(`${what} must be a number, e.g. ${example}, not "${echo(input)}".`);
  return Number(s);
}
