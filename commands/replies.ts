/**
 * Reply messages the router and the commands share: errors with usage, apologies with an id, and short
 * confirmations. Every reply has a fallback that makes sense alone.
 */
import { UNAVAILABLE_TEXT } from '../src/errors.ts';
import type { Message, Span, Text } from '../src/messages/message.ts';
import { plain, withCode } from '../src/messages/views/plain.ts';

/**
 * A one-paragraph reply (plus optional small print). Plain strings may name commands in backticks;
 * they become code spans. The fallback is the same text with times written out.
 */
/** A lead line, a bulleted list, and optional small print; the fallback has one line per item. */
export function listReply(lead: Text, items: Text[], context?: Text): Message {
  const blocks: Message['blocks'] = [{ type: 'text', text: lead }];
  if (items.length) blocks.push({ type: 'list', items });
  if (context !== undefined) blocks.push({ type: 'context', text: context });
  return { fallback: [plain(lead), ...items.map((i) => plain(i))].join('\n'), blocks };
}

export function say(text: Text, context?: Text): Message {
  const blocks: Message['blocks'] = [{ type: 'text', text: codeSpans(text) }];
  if (context !== undefined) blocks.push({ type: 'context', text: codeSpans(context) });
  return { fallback: plain(context === undefined ? text : [...asSpans(text), ' ', ...asSpans(context)]), blocks };
}

/** What was wrong and how the command is typed. */
export function errorReply(problem: string, usage: readonly string[]): Message {
  const blocks: Message['blocks'] = [{ type: 'text', text: withCode(problem) }];
  if (usage.length) {
    const spans: Span[] = ['Usage: '];
    usage.forEach((u, i) => spans.push(...(i ? [' · ' as Span] : []), { code: u }));
    blocks.push({ type: 'context', text: spans });
  }
  const fallback = usage.length ? `${problem}\nUsage: ${usage.join(' · ')}` : problem;
  return { fallback, blocks };
}

/** The reply to a bug: no details (they are in the log), an id to quote to whoever runs Pacta. */
export function apology(errorId: string): Message {
  const text = `Sorry, something went wrong on my side. If it keeps happening, tell whoever runs Pacta and quote error id ${errorId}.`;
  return { fallback: text, blocks: [{ type: 'text', text }] };
}

/** The reply when the database cannot be reached (src/errors.ts `UnavailableError`): no error id, just try again. */
export function unavailableReply(): Message {
  return { fallback: UNAVAILABLE_TEXT, blocks: [{ type: 'text', text: UNAVAILABLE_TEXT }] };
}

function asSpans(t: Text): Span[] {
  return Array.isArray(t) ? t : [t];
}

function codeSpans(t: Text): Span[] {
  return asSpans(t).flatMap((s) => (typeof s === 'string' ? withCode(s) : [s]));
}
