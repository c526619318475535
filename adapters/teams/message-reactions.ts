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
import { namedActor } from './actors.ts';
import { channelOf } from './conversations.ts';
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
    const outcome = await host.inbound.reaction({
      channel,
      messageId,
      reaction: name,
      actor,
      added,
      eventKey: `teams:${channel.id}:${delivery}:${added ? 'added' : 'removed'}:${type}`,
    });
    if (outcome.kind === 'ignored') {
      log.debug({ reaction: type, added, reason: outcome.reason, detail: outcome.detail, messageId }, 'Teams: reaction changed nothing');
      continue;
    }
    log.info({ incident: outcome.incident, action: outcome.action, actor: actor.id }, 'Teams: reaction acted on an incident');
  }
}
