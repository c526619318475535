/**
 * Fallback text for the views. Fallbacks are what notifications, screen readers and block-less
 * platforms show, so times in them are written out in the reader's zone with the zone named, the same
 * way the console renders a time span.
 */
import { formatInstant } from '../time-text.ts';
import { plainText, type Span, type Text } from '../message.ts';

/** Plain text of `text`, with time spans formatted in their own zone. */
export function plain(text: Text): string {
  return plainText(text, plainSpan);
}

function plainSpan(s: Span): string {
  if (typeof s === 'object' && 'time' in s) return formatInstant(s.time, s.zone, s.style ?? 'datetime');
  return plainText(s);
}

/** A time span in the reader's zone (the renderer shows the zone's name beside it). */
export function at(time: Date, zone: string, style: 'datetime' | 'time' = 'datetime'): Span {
  return { time, zone, style };
}

/** `n thing` / `n things`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Joins non-empty parts of a line with a middle dot, the separator every view uses. */
export function joinParts(parts: ReadonlyArray<Text | null | undefined | false>): Span[] {
  const out: Span[] = [];
  for (const p of parts) {
    if (p === null || p === undefined || p === false || (typeof p === 'string' && p === '')) continue;
    if (out.length) out.push(' · ');
    if (Array.isArray(p)) out.push(...p);
    else out.push(p);
  }
  return out;
}

/** `spans` with neighbouring strings joined into one: the same text, as few spans as it needs. */
export function mergeText(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out.length - 1;
    if (typeof s === 'string' && typeof out[last] === 'string') out[last] += s;
    else if (s !== '') out.push(s);
  }
  return out;
}

/**
 * Turns `` `help` ``-style command names in a sentence into code spans, so messages written as plain
 * strings (use-case errors, hints) render as code on every platform instead of showing backticks.
 * Only matched pairs on one line count; a stray backtick stays text.
 */
export function withCode(text: string): Span[] {
  const out: Span[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    out.push({ code: m[1] ?? '' });
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
