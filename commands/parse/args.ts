import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';
import { closestMatch } from './suggest.ts';
import { tokenize, type Token } from './tokenize.ts';

/**
 * Says whether the word `next` continues a value that spans two or more unquoted words, given the value
 * so far: `2026-11-25` + `10:05`, `15m` + `ago`, `weekly@mon` + `09:00`. See `timeContinues` and
 * `digestScheduleContinues`. Continued words are joined with one space.
 */
export type Continues = (valueSoFar: string, next: string) => boolean;

/** The flags a command accepts, named without the leading `--`. */
export interface FlagSpec {
  /** Switches: present or absent (`--all`). */
  readonly booleanFlags?: readonly string[];
  /** Flags that take one value: `--impact outage` or `--impact=outage`. */
  readonly valueFlags?: readonly string[];
}

/** How a command's arguments are laid out. */
export interface ArgSpec extends FlagSpec {
  /**
   * With `rest`: how many leading words are positional; every later non-flag word belongs to `rest`.
   * Without `rest` every non-flag word is positional, and checking their number is the command's job
   * (it knows its usage line).
   */
  readonly positionals?: number;
  /** Collect the words after the positionals as free text (title, note, reason). */
  readonly rest?: boolean;
  /** Per value flag: whether its value may run on into the following words. */
  readonly flagContinues?: Readonly<Partial<Record<string, Continues>>>;
  /** Per positional slot (by index): whether that argument may run on into the following words. */
  readonly positionalContinues?: ReadonlyArray<Continues | undefined>;
}

/** Arguments sorted by role. */
export interface ParsedArgs {
  readonly positional: string[];
  /**
   * The free text after the positionals (only with `spec.rest`), as typed: quotes, spacing and line
   * breaks kept, because a note may quote someone. A rest that is a single word is unquoted instead, so
   * `"Card payments failing"` gives `Card payments failing`. Stretches separated by flags are joined by
   * one space. Empty when there is none.
   */
  readonly rest: string;
  /** Flag name (no `--`, lower case) → its value, or `true` for a switch. */
  readonly flags: Map<string, string | true>;
}

const FLAG_WORD = /^--[a-z]/i;
// macOS/iOS smart punctuation turns a typed `--` into an em dash (`—impact`), and some keyboards into an
// en dash. Such a word is read as a flag only when it names a known flag, since a dash in prose is text.
const DASH_WORD = /^[—–](?=[a-z])/i;

/** Splits tokens into positionals, free text and flags according to `spec`.  */
export function splitArgs(tokens: readonly Token[], spec: ArgSpec = {}): ParsedArgs {
  const switches = new Set(spec.booleanFlags ?? []);
  const valued = new Set(spec.valueFlags ?? []);
  const known = [...switches, ...valued];
  const limit = spec.rest ? (spec.positionals ?? 0) : Number.POSITIVE_INFINITY;

  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const restRuns: Token[][] = [];
  let endOfFlags = false;
  let lastRestIndex = -2;

  // A flag word's text as `--name[=value]`, or undefined when the token is not a flag here.
  const flagText = (t: Token | undefined): string | undefined => {
    if (t === undefined || t.quoted || endOfFlags) return undefined;
    if (FLAG_WORD.test(t.value)) return t.value;
    if (DASH_WORD.test(t.value)) {
      const text = `--${t.value.slice(1)}`;
      return known.includes(nameOf(text)) ? text : undefined;
    }
    return undefined;
  };
  const isSeparator = (t: Token | undefined): boolean => !!t && !t.quoted && !endOfFlags && t.value === '--';
  const isPlainWord = (t: Token | undefined): t is Token => !!t && flagText(t) === undefined && !isSeparator(t);

  // Appends following words to `value` while `continues` accepts them; returns the value and last index.
  const extend = (value: string, i: number, continues: Continues | undefined): [string, number] => {
    let v = value;
    let j = i;
    while (continues) {
      const next = tokens[j + 1];
      if (!isPlainWord(next) || !continues(v, next.value)) break;
      v = `${v} ${next.value}`;
      j++;
    }
    return [v, j];
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (isSeparator(t)) {
      endOfFlags = true;
      continue;
    }
    const text = flagText(t);
    if (text !== undefined) {
      const name = nameOf(text);
      const eq = text.indexOf('=');
      const inline = eq >= 0 ? text.slice(eq + 1) : undefined;
      if (flags.has(name)) throw new BadArgumentError(`--${name} is given twice; give it once.`);
      if (switches.has(name)) {
        if (inline !== undefined) {
          throw new BadArgumentError(`--${name} is a switch and takes no value: write just --${name}.`);
        }
        flags.set(name, true);
      } else if (valued.has(name)) {
        let value = inline;
        if (value === undefined) {
          const next = tokens[i + 1];
          if (!isPlainWord(next)) throw missingValue(name);
          value = next.value;
          i++;
        }
        [value, i] = extend(value, i, spec.flagContinues?.[name]);
        if (value === '') throw missingValue(name);
        flags.set(name, value);
      } else {
        throw unknownFlag(text, known);
      }
      continue;
    }
    if (positional.length < limit) {
      const [value, j] = extend(t.value, i, spec.positionalContinues?.[positional.length]);
      positional.push(value);
      i = j;
      continue;
    }
    const run = restRuns[restRuns.length - 1];
    if (run && lastRestIndex === i - 1) run.push(t);
    else restRuns.push([t]);
    lastRestIndex = i;
  }
  return { positional, rest: restText(restRuns), flags };
}

function nameOf(flagText: string): string {
  const eq = flagText.indexOf('=');
  return (eq >= 0 ? flagText.slice(2, eq) : flagText.slice(2)).toLowerCase();
}

function restText(runs: readonly Token[][]): string {
  const only = runs.length === 1 ? runs[0] : undefined;
  if (only?.length === 1 && only[0]) return only[0].value;
  return runs.map((run) => run.map((t, k) => (k === 0 ? t.raw : t.space + t.raw)).join('')).join(' ');
}

function missingValue(name: string): BadArgumentError {
  return new BadArgumentError(`--${name} needs a value, e.g. --${name} <value> or --${name}=<value>.`);
}

function unknownFlag(text: string, known: readonly string[]): BadArgumentError {
  const name = nameOf(text);
  const eq = text.indexOf('=');
  const shown = echo(eq >= 0 ? text.slice(0, eq) : text);
  const guess = closestMatch(name, known);
  const hint =
    guess !== undefined
      ? `Did you mean --${guess}?`
      : known.length > 0
        ? `Options here: ${known.map((k) => `--${k}`).join(', ')}.`
        : 'This command takes no options.';
  return new BadArgumentError(`Unknown option ${shown}. ${hint} (To use it as text, put it in quotes.)`);
}
