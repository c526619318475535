/**
 * Acknowledge and resolve by reaction in Teams (docs/semantics.md §4): a `messageReaction` activity names the
 * reacted message in `replyToId`; a configured reaction on an incident card or alert acts as the
 * reacting person through the platform-neutral {@link ReactionUseCase}, which also ignores other
 * messages, people without the responder role, and redeliveries. A change queues the refresh of the
 * incident's card and a one-line note in the card's thread saying who did what.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Actor } from '../../src/domain/incident.ts';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { textMessage } from '../../src/messages/message.ts';
import { namedActor } from './actors.ts';
import { replyActivity } from './card-activity.ts';
import { channelOf, scopeOf } from './conversations.ts';
import type { TeamsHost } from './pacta-bot.ts';
import { matchReaction } from './reaction-names.ts';

export type ReactionDeps = { host: TeamsHost; log: Logger };

export async function handleMessageReactions(deps: ReactionDeps, context: TurnContext): Promise<void> {
  const { host, log } = deps;
  const activity = context.activity;
  const messageId = activity.replyToId;
  if (!messageId) return;
  const channel = channelOf(activity);
  const configured = [...host.reactions.ack, ...host.reactions.resolve];
  const changes = [
    ...(activity.reactionsAdded ?? []).map((r) => ({ type: r.type, added: true })),
    ...(activity.reactionsRemoved ?? []).map((r) => ({ type: r.type, added: false })),
  ];
  // Without an id a redelivery cannot be recognised; such a reaction still acts, once per delivery.
  const delivery = activity.id ?? randomUUID();
  let actor: Actor | null = null;
  for (const { type, added } of changes) {
    const name = typeof type === 'string' ? matchReaction(type, configured) : null;
    if (!name) continue;
    // Only now is the name worth a member lookup: it goes on the card and in the timeline.
    actor ??= await namedActor(context);
    let outcome;
    try {
      outcome = await host.inbound.reaction({
        channel,
        messageId,
        reaction: name,
        actor,
        added,
        eventKey: `teams:${channel.id}:${delivery}:${added ? 'added' : 'removed'}:${type}`,
      });
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      // Teams cannot show a message to one person in a channel: the reply goes to the conversation the
      // reaction came from, once for the whole activity, so the reaction is not taken for done.
      log.warn({ reason: err.message, messageId }, 'Teams: reaction not acted on: the database is unavailable');
      await context.sendActivity(replyActivity({ visibility: 'ephemeral', message: textMessage(UNAVAILABLE_TEXT) }, scopeOf(activity.conversation)));
      return;
    }
    if (outcome.kind === 'ignored') {
      log.debug({ reaction: type, added, reason: outcome.reason, detail: outcome.detail, messageId }, 'Teams: reaction changed nothing');
      continue;
    }
    log.info({ incident: outcome.incident, action: outcome.action, actor: actor.id }, 'Teams: reaction acted on an incident');
  }
}
