/**
 * Neutral text as the Markdown subset Teams renders in Adaptive Card `TextBlock`s and `FactSet`s
 * (`**bold**`, `_italic_`, `[label](url)`, `- ` lists), plus `<at>` mentions and `DATE()`/`TIME()`
 * functions. Mentions need entries in the card's `msteams.entities`; a {@link MarkdownWriter} collects
 * them as it writes.
 */
import type { Span, Text } from '../../src/messages/message.ts';
import { stripControlChars } from '../../src/messages/text-fit.ts';
import { isoSeconds } from '../../src/messages/time-text.ts';

/** A Teams mention entity, as Teams expects it in `msteams.entities`. */
export type MentionEntity = { type: 'mention'; text: string; mentioned: { id: string; name: string } };

/** Renders text to Teams Markdown and remembers which users it mentioned. */
export class MarkdownWriter {
  private readonly mentions = new Map<string, MentionEntity>();

  /** Mention entities for every `<at>` written so far, one per user. */
  entities(): MentionEntity[] {
    return [...this.mentions.values()];
  }

  /**
   * Renders `text`. `lineBreaks: 'paragraph'` doubles line breaks, because Teams joins single ones
   * into a space outside lists; `'space'` flattens them, for list items and one-line cells.
   */
  write(text: Text, lineBreaks: 'paragraph' | 'space' = 'paragraph'): string {
    const out = (Array.isArray(text) ? text : [text]).map((s) => this.span(s)).join('');
    return lineBreaks === 'space' ? out.replace(/\s*\n\s*/g, ' ') : out.replace(/\n+/g, '\n\n');
  }

  private span(s: Span): string {
    if (typeof s === 'string') return escapeMarkdown(s);
    if ('bold' in s) return wrap('**', escapeMarkdown(s.bold));
    if ('italic' in s) return wrap('_', escapeMarkdown(s.italic));
    // Teams has no inline code; the text is shown plainly rather than with stray backticks.
    if ('code' in s) return escapeMarkdown(s.code);
    if ('link' in s) {
      const url = s.url.trim().replace(/[()<> ]/g, (c) => encodeURIComponent(c));
      const label = escapeMarkdown(s.link).replace(/\n/g, ' ');
      return label.trim() === '' ? escapeMarkdown(s.url) : `[${label}](${url})`;
    }
    if ('emoji' in s) return escapeMarkdown(s.emoji);
    if ('group' in s) return escapeMarkdown(`@${(s.handle ?? s.group).replace(/^@/, '')}`);
    if ('user' in s) {
      const u = s.user;
      const name = stripControlChars(u.name ?? u.id).replace(/[<>\n]/g, '').trim();
      if (u.platform !== 'teams' || name === '') return escapeMarkdown(u.name ?? u.id);
      const text = `<at>${name}</at>`;
      if (!this.mentions.has(u.id)) this.mentions.set(u.id, { type: 'mention', text, mentioned: { id: u.id, name } });
      return text;
    }
    // Teams fills these in with each reader's own date and time settings. They only work with a UTC
    // instant without milliseconds; anything else is shown raw.
    if (Number.isNaN(s.time.getTime())) return 'n/a';
    const iso = isoSeconds(s.time);
    return s.style === 'time' ? `{{TIME(${iso})}}` : `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
  }
}

/** Wraps in a Markdown delimiter, keeping outer whitespace outside (`** x**` is not bold). */
function wrap(delim: string, inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] === '' ? inner : `${m[1]}${delim}${m[2]}${delim}${m[3]}`;
}

/**
 * Backslash-escapes user text so Markdown shows it as typed: `*`, `[`, `]`, `` ` ``, `\`, `<`, `>`
 * always; `_` only where it could open or close emphasis (never inside `card_payments_eu`); `&` only
 * before something that reads as an HTML entity; list and heading markers at the start of a line. Only
 * characters that need it are escaped, so ordinary text (`Q&A`, `snake_case`) arrives unchanged.
 * A typed `<at>` is broken with a zero-width space so it can never become a mention.
 */
export function escapeMarkdown(s: string): string {
  return inertMentions(stripControlChars(s))
    .replace(/[\\*[\]`<>]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/(^|\n)([ \t]*)([-+#]|\d+\.)(?=\s|$)/g, (_m, nl: string, ws: string, marker: string) => {
      return `${nl}${ws}${marker.endsWith('.') ? `${marker.slice(0, -1)}\\.` : `\\${marker}`}`;
    });
}

/**
 * Breaks every `<at>` / `</at>` in text with a zero-width space: only {@link MarkdownWriter} writes a
 * mention, for a person span, with its entity; text typed by someone never becomes one
 * (docs/semantics.md §4). For plain-text fields too (fallback text, notification summary).
 */
export function inertMentions(s: string): string {
  return s.replace(/<(\/?at\b)/gi, '<\u200b$1');
}

/**
 * Cuts Markdown written by {@link MarkdownWriter} to at most `max` chars, ending in `…` when cut, never
 * inside an `<at>…</at>` mention, a `{{…}}` function or a link, and never right after an escaping
 * backslash.
 */
export function truncateMarkdown(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - 1);
  for (const [open, close] of [
    ['<at>', '</at>'],
    ['{{', '}}'],
    ['[', ')'],
  ] as const) {
    const start = lastUnescaped(s, open, cut - 1);
    if (start === -1) continue;
    const end = s.indexOf(close, start);
    if (end === -1 || end + close.length > cut) cut = Math.min(cut, start);
  }
  let slashes = 0;
  while (cut - slashes - 1 >= 0 && s[cut - slashes - 1] === '\\') slashes++;
  if (slashes % 2 === 1) cut -= 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return s.slice(0, cut).trimEnd() + '…';
}

/** Last index of `token` at or before `from` that is not backslash-escaped (escaped ones are text). */
function lastUnescaped(s: string, token: string, from: number): number {
  let i = s.lastIndexOf(token, from);
  while (i > 0 && s[i - 1] === '\\') i = s.lastIndexOf(token, i - 1);
  return i;
}
