/**
 * Several notifications for one channel in one post. When alerts pile up faster than a channel may be
 * posted to (about one message a second), the backlog goes out as one message listing them, rather
 * than a minutes-long trickle that floods the channel.
 */
import type { Block, Message } from './message.ts';

/** At most this many notifications are listed in full; the rest are counted. */
const SHOWN = 12;

export function combineMessages(messages: readonly Message[]): Message {
  if (messages.length === 1) return messages[0]!;
  const header = `${messages.length} notifications`;
  const blocks: Block[] = [{ type: 'header', text: header, tone: messages.some((m) => m.blocks.some((b) => b.type === 'header' && b.tone === 'danger')) ? 'danger' : 'warning' }];
  for (const m of messages.slice(0, SHOWN)) {
    const head = m.blocks.find((b) => b.type === 'header');
    const body = m.blocks.find((b) => b.type === 'text');
    blocks.push({ type: 'divider' });
    if (head?.type === 'header') blocks.push({ type: 'text', text: { bold: head.text } });
    if (body?.type === 'text') blocks.push({ type: 'text', text: body.text });
  }
  if (messages.length > SHOWN) blocks.push({ type: 'context', text: `…and ${messages.length - SHOWN} more.` });
  blocks.push({ type: 'context', text: 'Acknowledge with `ack INC-n`, or from the incident card.' });
  return { fallback: `${header}: ${messages.map((m) => m.fallback).join(' | ').slice(0, 1500)}`, blocks };
}
