/**
 * Acknowledge and resolve by reaction (docs/semantics.md §4), Slack side: `reaction_added` / `reaction_removed`
 * on a message become the platform-neutral reaction use case, which decides (configured reaction, known
 * card or alert, responder role, 60 s undo window) and dedupes retried deliveries by `event_id` in the
 * same transaction as the change — across replicas too. A change queues the card refresh and a note in
 * the thread saying who did what (delivered through the outbox, like every other post).
 */
import type { App as BoltApp } from '@slack/bolt';
import type { Actor } from '../../src/domain/incident.ts';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { textMessage } from '../../src/messages/message.ts';
import { normalizeReaction } from '../../src/usecases/reactions.ts';
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
  const configured = [...deps.app.reactions.ack, ...deps.app.reactions.resolve].map(normalizeReaction);
  if (!configured.includes(reaction)) return;
  const channel = { platform: 'slack' as const, id: item.channel };
  const profile = await deps.users.lookup(event.user);
  const actor: Actor = { platform: 'slack', id: event.user, ...(profile.name ? { name: profile.name } : {}) };
  // Slack always sends event_id; the fallback is still stable across retries of the same reaction.
  const eventKey = `slack:${eventId ?? `${item.channel}:${item.ts}:${event.user}:${reaction}:${added ? '+' : '-'}:${event.event_ts}`}`;
  let outcome;
  try {
    outcome = await deps.app.inbound.reaction({ channel, messageId: item.ts, reaction: event.reaction, actor, added, eventKey });
  } catch (err) {
    if (!(err instanceof UnavailableError)) throw err;
    // Slack does not redeliver an event it got a 200 for: the reaction did nothing, and only its author
    // hears so (an ephemeral message in the channel), so they can react again in a moment.
    deps.log.warn({ reason: err.message, eventKey }, 'reaction not acted on: the database is unavailable');
    await deps.port.tell(item.channel, event.user, textMessage(UNAVAILABLE_TEXT)).catch((e: unknown) => deps.log.warn({ err: e, user: event.user }, 'could not tell the Slack user their reaction did nothing'));
    return;
  }
  if (outcome.kind !== 'changed') {
    deps.log.debug({ reason: outcome.reason, detail: outcome.detail, eventKey }, 'reaction changed nothing');
    return;
  }
  deps.log.info({ incident: outcome.incident, action: outcome.action, user: event.user }, 'reaction acted on an incident');
}
