import { BadArgumentError } from '../../src/errors.ts';

/**
 * One word of a command line.
 *
 * `raw` and `space` let free text (titles, notes, reasons) be rebuilt exactly as the user typed it,
 * line breaks and quotation marks included; `value` is the word as meant.
 */
export interface Token {
  /** The word as meant: quotes removed, escapes applied. */
  readonly value: string;
  /** The word exactly as typed, quotes included. */
  readonly raw: string;
  /** The whitespace typed before the word. */
  readonly space: string;
  /** The word began with a quote, so it is literal text: never a flag and never `--`. */
  readonly quoted: boolean;
  /** Offset of the word's first character in the line (UTF-16 units), for error messages. */
  readonly start: number;
}

// Chat clients and macOS/iOS "smart punctuation" replace straight quotes with typographic ones, and not
// always in matching pairs, so any double-quote form closes any other; same for single quotes. `„` is the
// German opener. A word-initial `’` is not an opener: it is an apostrophe (`’90s`, `’em`).
const DOUBLE_OPEN = '"“”„';
const DOUBLE_CLOSE = '"“”';
const SINGLE_OPEN = "'‘";
const SINGLE_CLOSE = "'’‘";

const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

/**
 * Splits a command line into words.
 *
 * - Words are separated by any whitespace (including the no-break spaces chat clients insert).
 * - A quote opens only at the start of a word or right after `=` (`--hours="mon-fri 09:00-17:00"`), and
 *   closes only when followed by whitespace or the end of the line. So apostrophes in free text
 *   (`customer's`, `don’t`) are plain letters and never start an unterminated quote.
 * - Double quotes `"…"`, `“…”`: a backslash escapes a quote mark or a backslash (`"say \"hi\""`); any
 *   other backslash is kept as typed (`"C:\temp"`). Single quotes `'…'`, `‘…’`: no escapes at all.
 * - Outside quotes a backslash is an ordinary character: chat users do not expect shell escaping.
 *
 * Throws `BadArgumentError` for a quote that is never closed.
 */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    const spaceStart = i;
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return tokens;
    const start = i;
    let value = '';
    let quoted = false;
    let afterEquals = false;
    while (i < n && !isSpace(line[i])) {
      const ch = line[i] as string;
      const canOpen = i === start || afterEquals;
      afterEquals = false;
      if (canOpen && (DOUBLE_OPEN.includes(ch) || SINGLE_OPEN.includes(ch))) {
        if (i === start) quoted = true;
        const q = readQuoted(line, i);
        value += q.text;
        i = q.end;
        continue;
      }
      if (ch === '=') afterEquals = true;
      value += ch;
      i++;
    }
    tokens.push({ value, raw: line.slice(start, i), space: line.slice(spaceStart, start), quoted, start });
  }
}

/** Reads a quoted section opening at `open`; returns its text and the index after the closing quote. */
function readQuoted(line: string, open: number): { text: string; end: number } {
  const opener = line[open] as string;
  const isDouble = DOUBLE_OPEN.includes(opener);
  const closers = isDouble ? DOUBLE_CLOSE : SINGLE_CLOSE;
  let text = '';
  let j = open + 1;
  while (j < line.length) {
    const ch = line[j] as string;
    const next = line[j + 1];
    if (isDouble && ch === '\\' && next !== undefined && (next === '\\' || DOUBLE_CLOSE.includes(next))) {
      text += next;
      j += 2;
      continue;
    }
    if (closers.includes(ch) && (next === undefined || isSpace(next))) return { text, end: j + 1 };
    text += ch;
    j++;
  }
  const example = isDouble ? '"Card payments failing"' : "'Card payments failing'";
  throw new BadArgumentError(
    `The quote ${opener} at character ${open + 1} is never closed. ` +
      `Put a matching quote at the end of the text, e.g. ${example}.`,
  );
}

/**
 * Removes a leading `/sla` command word, so the console accepts lines with or without it
 * (docs/semantics.md §4). Slack strips the slash command itself and adapters strip bot mentions; this only
 * handles the literal text. Returns the rest of the line, trimmed.
 */
export function stripCommandWord(line: string): string {
  return line.replace(/^\s*\/sla(?=\s|$)/i, '').trim();
}
