/**
 * Acknowledge and resolve by reaction (docs/semantics.md §4), the same on every platform: a configured reaction
 * on an incident card or alert acts as the reacting user; removing it within 60 s takes it back.
 * Reactions on other messages, by people without the responder role, or delivered twice, change nothing.
 */
import type { ChannelRef } from '../domain/channel.ts';
import { ConflictError } from '../errors.ts';
import type { ReactionAction, ReactionInput } from '../ports/inbound.ts';
import type { Store, StoredMessageRef } from '../ports/store.ts';
import type { IncidentState } from '../model/incident-state.ts';
import { DuplicateEventError, type IncidentUseCases } from './incidents.ts';
import type { RolePolicy } from './roles.ts';

export type ReactionOutcome =
  | { kind: 'ignored'; reason: 'not-configured' | 'unknown-message' | 'forbidden' | 'duplicate' | 'no-effect'; detail?: string }
  | { kind: 'changed'; action: ReactionAction; state: IncidentState; message: StoredMessageRef };

/** Reaction names per platform, as configured (PACTA_ACK_REACTIONS, PACTA_RESOLVE_REACTIONS). */
export type ReactionConfig = (platform: ChannelRef['platform']) => { ack: readonly string[]; resolve: readonly string[] };

/** Slack adds skin tones (`+1::skin-tone-3`); Teams may vary case. Neither changes what the reaction means. */
export function normalizeReaction(name: string): string {
  return name.replace(/::skin-tone-\d$/, '').replace(/^:|:$/g, '').toLowerCase();
}

export class ReactionUseCase {
  constructor(
    private readonly store: Store,
    private readonly incidents: IncidentUseCases,
    private readonly roles: RolePolicy,
    private readonly config: ReactionConfig,
  ) {}

  async handle(input: ReactionInput): Promise<ReactionOutcome> {
    const name = normalizeReaction(input.reaction);
    const { ack, resolve } = this.config(input.channel.platform);
    const what = ack.map(normalizeReaction).includes(name) ? 'acknowledged' : resolve.map(normalizeReaction).includes(name) ? 'resolved' : null;
    if (!what) return { kind: 'ignored', reason: 'not-configured' };
    const message = await this.store.read.messages.find(input.channel, input.messageId);
    if (!message || message.incidentNumber === null || (message.kind !== 'card' && message.kind !== 'alert')) return { kind: 'ignored', reason: 'unknown-message' };
    if (!(await this.roles.allows(input.actor, 'responder'))) return { kind: 'ignored', reason: 'forbidden' };
    const n = message.incidentNumber;
    const action: ReactionAction = input.added ? what : what === 'acknowledged' ? 'ack-undone' : 'resolve-undone';
    // The change queues the card refresh and a note in the reacted message's thread saying who did what.
    const opts = { dedupeKey: input.eventKey, via: { action, reaction: name, actor: input.actor, message } };
    try {
      let state: IncidentState;
      if (input.added && what === 'acknowledged') state = await this.incidents.acknowledge(n, input.actor, opts);
      else if (input.added) state = await this.incidents.resolve(n, input.actor, `resolved with a :${name}: reaction`, opts);
      else state = await this.incidents.undo(n, input.actor, what, opts);
      return { kind: 'changed', action, state, message };
    } catch (err) {
      if (err instanceof DuplicateEventError) return { kind: 'ignored', reason: 'duplicate' };
      // Already acknowledged, already resolved, too late to take back: the reaction changes nothing.
      if (err instanceof ConflictError) return { kind: 'ignored', reason: 'no-effect', detail: err.message };
      throw err;
    }
  }
}
