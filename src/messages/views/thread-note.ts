/**
 * A note in an incident card's thread saying who did what outside a command: acknowledged or resolved
 * by reaction, or took that back. One wording on every platform; the reaction shows as the platform
 * shows it (`:eyes:` in Slack, `like` in Teams).
 */
import { formatIncidentRef } from '../../domain/incident-id.ts';
import type { ThreadNote } from '../../ports/store.ts';
import type { Message, Span } from '../message.ts';
import { plain } from './plain.ts';

/** `@alice acknowledged INC-1 with the :eyes: reaction.` */
export function threadNoteView(note: ThreadNote, incident: number): Message {
  const who: Span = { user: note.actor };
  const ref: Span = { bold: formatIncidentRef(incident) };
  const emoji: Span = { emoji: note.reaction };
  const text: Span[] =
    note.action === 'acknowledged'
      ? [who, ' acknowledged ', ref, ' with the ', emoji, ' reaction.']
      : note.action === 'resolved'
        ? [who, ' resolved ', ref, ' with the ', emoji, ' reaction.']
        : note.action === 'ack-undone'
          ? [who, ' took back the acknowledgement of ', ref, ' (removed the ', emoji, ' reaction).']
          : [who, ' took back the resolution of ', ref, ' (removed the ', emoji, ' reaction); it is open again.'];
  return { fallback: plain(text), blocks: [{ type: 'text', text }] };
}
