/**
 * Acknowledge and resolve by reaction in Teams (docs/semantics.md §4): a `messageReaction` activity names the
 * reacted message in `replyToId`; a configured reaction on an incident card or alert acts as the
 * reacting person through the platform-neutral {@link ReactionUseCase}, which also ignores other
 * messages, people without the responder role, and redeliveries. A change refreshes the incident's
 * cards and leaves a one-line note in the card's thread saying who did what.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { formatIncidentRef, type Actor } from '../../src/domain/incident.ts';
import type { Message, Span } from '../../src/messages/message.ts';
import type { ReactionAction } from '../../src/usecases/reactions.ts';
import type { App } from '../app.ts';
import { namedActor } from './actors.ts';
import { channelOf } from './conversations.ts';
import { matchReaction } from './reaction-names.ts';
import type { TeamsChatPort } from './teams-chat-port.ts';

export type ReactionDeps = { app: App; chat: TeamsChatPort; log: Logger };

const THREAD_ROOT = /;messageid=([^;]+)$/i;

export async function handleMessageReactions(deps: ReactionDeps, context: TurnContext): Promise<void> {
  const { app, log } = deps;
  const activity = context.activity;
  const messageId = activity.replyToId;
  if (!messageId) return;
  const channel = channelOf(activity);
  const configured = [...app.config.reactions.ack.teams, ...app.config.reactions.resolve.teams];
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
    const outcome = await app.reactions.handle({
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
    const incident = outcome.state.incident.number;
    log.info({ incident, action: outcome.action, actor: actor.id }, 'Teams: reaction acted on an incident');
    // The change is committed: a chat failure from here on is logged, never turned into a retry.
    try {
      await app.cards.refresh(incident, outcome.state);
    } catch (err) {
      log.error({ err, incident }, 'Teams: could not refresh the incident cards after a reaction');
    }
    try {
      const root = THREAD_ROOT.exec(activity.conversation.id)?.[1] ?? messageId;
      await deps.chat.post(channel, reactionNote(outcome.action, incident, actor, name), { channel, id: root });
    } catch (err) {
      log.error({ err, incident }, 'Teams: could not post the reaction note');
    }
  }
}

/** `INC-4 acknowledged by @Ana with a like reaction.` */
export function reactionNote(action: ReactionAction, incident: number, actor: Actor, reaction: string): Message {
  const ref: Span = { bold: formatIncidentRef(incident) };
  const who: Span = { user: actor };
  const text: Span[] =
    action === 'acknowledged'
      ? [ref, ' acknowledged by ', who, ` with a ${reaction} reaction.`]
      : action === 'resolved'
        ? [ref, ' resolved by ', who, ` with a ${reaction} reaction.`]
        : action === 'ack-undone'
          ? [who, ' took back the acknowledgement of ', ref, ` (${reaction} reaction removed).`]
          : [who, ' took back the resolution of ', ref, ` (${reaction} reaction removed).`];
  const fallback = text.map((s) => (typeof s === 'string' ? s : 'bold' in s ? s.bold : 'user' in s ? (s.user.name ?? s.user.id) : '')).join('');
  return { fallback, blocks: [{ type: 'text', text }] };
}
