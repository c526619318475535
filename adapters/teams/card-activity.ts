/**
 * Outgoing Teams messages: every message Pacta sends is an Adaptive Card rendered from the neutral
 * model — the same card whether it answers a command, announces an incident or welcomes a team — so
 * mentions, times in the reader's zone and buttons work everywhere.
 */
import type { Activity } from 'botbuilder';
import { withFilesInline, type Message, type Reply } from '../../src/messages/message.ts';
import { truncateText } from '../../src/messages/text-fit.ts';
import { compactCard, type CompactCardJson } from './compact-card.ts';
import type { ConversationScope } from './conversations.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderCard, type AdaptiveCardJson } from './render-card.ts';

/** Notification previews show this much of a message. */
const SUMMARY_MAX = 200;

/** A message activity carrying `card`; `summary` is what notifications show instead of "Card". */
export function cardActivity(card: AdaptiveCardJson | CompactCardJson): Partial<Activity> {
  return {
    type: 'message',
    summary: truncateText(card.fallbackText.replace(/\s+/g, ' ').trim(), SUMMARY_MAX),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}

/** A neutral message as a message activity. */
export function messageActivity(message: Message): Partial<Activity> {
  return cardActivity(renderCard(message));
}

/**
 * The reply to a command. Teams cannot show a message to one person in a channel or group chat, so an
 * answer meant for the asker alone (docs/semantics.md §4: ephemeral) goes in the thread of the question — the turn
 * context replies there — and is folded to a few lines; in a 1:1 chat it is shown whole.
 */
export function replyActivity(reply: Reply, scope: ConversationScope): Partial<Activity> {
  const card = renderCard(withFilesInline(reply));
  return cardActivity(reply.visibility === 'ephemeral' && scope !== 'personal' ? compactCard(card) : card);
}
