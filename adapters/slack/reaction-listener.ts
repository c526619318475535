/**
 * Acknowledge and resolve by reaction (docs/semantics.md §4), Slack side: `reaction_added` / `reaction_removed`
 * on a message become the platform-neutral reaction use case, which decides (configured reaction, known
 * card or alert, responder role, 60 s undo window) and dedupes retried deliveries by `event_id` in the
 * same transaction as the change — across replicas too. Only a change touches Slack: the incident's
 * cards are refreshed and a note in the thread says who did what.
 */
import type { App as BoltApp } from '@slack/bolt';
import { channelKey } from '../../src/domain/channel.ts';
import { formatIncidentRef, type Actor } from '../../src/domain/incident.ts';
import type { Message, Span } from '../../src/messages/message.ts';
import { plain } from '../../src/messages/views/plain.ts';
import type { MessageRef } from '../../src/ports/chat.ts';
import type { StoredMessageRef } from '../../src/ports/store.ts';
import { normalizeReaction, type ReactionAction } from '../../src/usecases/reactions.ts';
import type { ListenerDeps } from './listener-deps.ts';

/** The fields of a reaction event Pacta reads (`item` may also be a file, which Pacta ignores). */
type ReactionEvent = { user: string; reaction: string; item: { type: string; channel?: string; ts?: string }; event_ts: string };

export function registerReactionListeners(bolt: BoltApp, deps: ListenerDeps): void {
  bolt.event('reaction_added', async ({ event, body, context }) => {
    await onReaction(deps, event, body.event_id, true, context.botUserId);
  });
  bolt.event('reaction_removed', async ({ event, body, context }) => {
    await onReaction(deps, event, body.event_id, false, context.botUserId);
  });
}

async function onReaction(deps: ListenerDeps, event: ReactionEvent, eventId: string | undefined, added: boolean, botUserId: string | undefined): Promise<void> {
  const { item } = event;
  if (item.type !== 'message' || !item.channel || !item.ts) return;
  // Bolt's ignoreSelf drops these already; kept explicit because acting on its own reaction would loop.
  if (botUserId && event.user === botUserId) return;
  const reaction = normalizeReaction(event.reaction);
  const configured = [...deps.app.config.reactions.ack.slack, ...deps.app.config.reactions.resolve.slack].map(normalizeReaction);
  if (!configured.includes(reaction)) return;
  const channel = { platform: 'slack' as const, id: item.channel };
  const profile = await deps.users.lookup(event.user);
  const actor: Actor = { platform: 'slack', id: event.user, ...(profile.name ? { name: profile.name } : {}) };
  // Slack always sends event_id; the fallback is still stable across retries of the same reaction.
  const eventKey = `slack:${eventId ?? `${item.channel}:${item.ts}:${event.user}:${reaction}:${added ? '+' : '-'}:${event.event_ts}`}`;
  const outcome = await deps.app.reactions.handle({ channel, messageId: item.ts, reaction: event.reaction, actor, added, eventKey });
  if (outcome.kind !== 'changed') {
    deps.log.debug({ reason: outcome.reason, detail: outcome.detail, eventKey }, 'reaction changed nothing');
    return;
  }
  const n = outcome.state.incident.number;
  try {
    await deps.app.cards.refresh(n, outcome.state);
  } catch (err) {
    deps.log.error({ err, incident: n }, 'could not refresh the incident card after a reaction');
  }
  try {
    await deps.port.post(channel, reactionNote(outcome.action, actor, n, reaction), await noteThread(deps, outcome.message));
  } catch (err) {
    deps.log.error({ err, incident: n }, 'could not post the reaction note in the thread');
  }
}

/**
 * Where the note goes: the thread of the reacted message — except an alert that is itself a reply in the
 * thread of its incident's card (breach alerts land there when the card is in their channel); the note
 * then joins that thread: Slack asks for a thread's parent ts, never a reply's.
 */
async function noteThread(deps: ListenerDeps, reacted: StoredMessageRef): Promise<MessageRef> {
  if (reacted.kind === 'alert' && reacted.incidentNumber !== null) {
    const cards = await deps.app.store.read.messages.forIncident(reacted.incidentNumber, 'card');
    const card = cards.find((c) => channelKey(c.channel) === channelKey(reacted.channel));
    if (card) return { channel: reacted.channel, id: card.messageId };
  }
  return { channel: reacted.channel, id: reacted.messageId };
}

/** `@alice acknowledged INC-1 with :eyes:` — the thread's record of who did what by reaction. */
export function reactionNote(action: ReactionAction, actor: Actor, incident: number, reaction: string): Message {
  const ref = formatIncidentRef(incident);
  const what: Record<ReactionAction, string> = {
    acknowledged: ` acknowledged ${ref} with :${reaction}:`,
    resolved: ` resolved ${ref} with :${reaction}:`,
    'ack-undone': ` took back the acknowledgement of ${ref} (removed :${reaction}:)`,
    'resolve-undone': ` took back the resolution of ${ref} (removed :${reaction}:); it is open again`,
  };
  const text: Span[] = [{ user: actor }, what[action]];
  return { fallback: plain(text), blocks: [{ type: 'text', text }] };
}
