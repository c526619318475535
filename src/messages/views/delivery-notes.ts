/**
 * What a person hears when the platform refused the card or note their change queued: which one, why,
 * and what to do (the platform adapter's advice). The change itself is saved either way; the outbox
 * keeps retrying what can succeed later. The same words on every platform.
 */
import type { Block, Message, Span } from '../message.ts';
import { plainText } from '../message.ts';
import { withCode } from './plain.ts';

/** A refused delivery: what it was (a notification payload type) and the adapter's words, if any. */
export type DeliveryProblem = { payload: string; error?: string | undefined; advice?: string | undefined };

const WHAT: Record<string, string> = {
  'card.post': 'post the incident card here',
  'card.update': 'update the incident card',
  'thread.note': 'post the note in the incident’s thread',
};

/** One sentence per distinct problem: `I could not update the incident card: <advice>`. */
export function deliveryNotes(problems: readonly DeliveryProblem[]): Span[][] {
  const seen = new Set<string>();
  const notes: Span[][] = [];
  for (const p of problems) {
    const what = WHAT[p.payload] ?? 'deliver a notification of this change';
    const why = p.advice ?? `${p.error ?? 'the chat platform refused it'}. The change itself is saved.`;
    const sentence = `I could not ${what}: ${why}`;
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    notes.push(withCode(sentence));
  }
  return notes;
}

/** `message` with a warning paragraph per note (and the notes in its fallback). */
export function withDeliveryNotes(message: Message, problems: readonly DeliveryProblem[]): Message {
  const notes = deliveryNotes(problems);
  if (notes.length === 0) return message;
  const blocks: Block[] = [...message.blocks, ...notes.map((text): Block => ({ type: 'text', text: ['⚠️ ', ...text] }))];
  return { fallback: [message.fallback, ...notes.map((n) => plainText(n))].filter(Boolean).join('\n'), blocks };
}

/** The notes alone, as a message (for a button click, whose success shows in the card itself). */
export function deliveryNotesMessage(problems: readonly DeliveryProblem[]): Message {
  return withDeliveryNotes({ fallback: '', blocks: [] }, problems);
}
