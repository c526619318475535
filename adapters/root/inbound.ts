/**
 * The door behind `Inbound` (src/ports/inbound.ts): commands through the command router, buttons and
 * reactions through their use cases. What a change queued (its card, a thread note) is handed to the
 * dispatcher right after the commit; the person who acted waits a moment for it, so a card the platform
 * refused is named in their reply — the same way on every platform.
 */
import type { CommandRouter } from '../../commands/types.ts';
import { withConnectionWait } from '../../db/pool-gate.ts';
import type { TimeSource } from '../../src/time-source.ts';
import type { Message } from '../../src/messages/message.ts';
import { deliveryNotesMessage, withDeliveryNotes } from '../../src/messages/views/delivery-notes.ts';
import type { ButtonAnswer, ButtonClick, CommandAnswer, CommandInvocation, Inbound, ReactionAnswer, ReactionInput } from '../../src/ports/inbound.ts';
import type { Store } from '../../src/ports/store.ts';
import type { ButtonUseCase } from '../../src/usecases/buttons.ts';
import type { DeliveryOutcome, Dispatcher } from '../../src/usecases/dispatch.ts';
import type { IncidentState } from '../../src/model/incident-state.ts';
import type { IncidentUseCases } from '../../src/usecases/incidents.ts';
import type { ReactionUseCase } from '../../src/usecases/reactions.ts';

export type InboundDeps = {
  store: Store;
  time: TimeSource;
  router: CommandRouter;
  buttons: ButtonUseCase;
  reactions: ReactionUseCase;
  incidents: IncidentUseCases;
  dispatcher: Dispatcher;
  /** The incident card, as every channel sees it. */
  card: (state: IncidentState) => Message;
  /**
   * How long a person's request waits for the card or note it queued before answering without news of
   * it (default 2 s: inside Slack's 3-second acknowledgement, with room for the command itself).
   */
  deliveryWaitMs?: number;
};

export class PactaInbound implements Inbound {
  constructor(private readonly deps: InboundDeps) {}

  async command(invocation: CommandInvocation): Promise<CommandAnswer> {
    const outcome = await this.deps.router.run(invocation);
    const problems = await this.deliver(outcome.followUps);
    const reply = problems.length === 0 ? outcome.reply : { ...outcome.reply, message: withDeliveryNotes(outcome.reply.message, problems) };
    return { reply, changed: outcome.changed, ...(outcome.command !== undefined ? { command: outcome.command } : {}), ...(outcome.status ? { outcome: outcome.status } : {}) };
  }

  async button(click: ButtonClick): Promise<ButtonAnswer> {
    const outcome = await this.deps.buttons.click(click.action, click.actor, click.eventKey);
    if (outcome.kind === 'refused') return { kind: 'refused', reply: { visibility: 'ephemeral', message: say(outcome.reason) } };
    if (outcome.kind === 'duplicate') {
      const state = await this.deps.incidents.get(click.action.incident).catch(() => null);
      return { kind: 'duplicate', card: state ? this.deps.card(state) : null };
    }
    const { state } = outcome;
    const problems = await this.deliver(state.followUps ?? []);
    return {
      kind: 'changed',
      incident: state.incident.number,
      card: this.deps.card(state),
      problems: problems.length === 0 ? null : { visibility: 'ephemeral', message: deliveryNotesMessage(problems) },
    };
  }

  async reaction(input: ReactionInput): Promise<ReactionAnswer> {
    const outcome = await this.deps.reactions.handle(input);
    if (outcome.kind !== 'changed') return outcome;
    // The card refresh and the thread note go out now; the platform was answered before this runs, so
    // the wait holds no one up, and what the platform refuses is the outbox's to retry and report.
    await this.deliver(outcome.state.followUps ?? []);
    return { kind: 'changed', action: outcome.action, incident: outcome.state.incident.number };
  }

  firstDelivery(key: string): Promise<boolean> {
    return this.deps.store.read.processed.markProcessed(key, this.deps.time.now());
  }

  /** Delivers what a change queued at once; returns what the platform refused (or is retrying). */
  private async deliver(keys: readonly string[]): Promise<DeliveryOutcome[]> {
    if (keys.length === 0) return [];
    const waiting = this.deps.dispatcher.settled(keys, this.deps.deliveryWaitMs ?? 2000);
    this.deps.dispatcher.wake();
    return (await waiting).filter((o) => o.status !== 'sent');
  }
}

function say(text: string): Message {
  return { fallback: text, blocks: [{ type: 'text', text }] };
}

/**
 * The door with every database statement behind it waiting at most `ms` for a pooled connection
 * (db/pool-gate.ts): a person waits on each of these, and Slack on them for 3 s, so a pool held by
 * slow work is answered "cannot reach its database right now" at once rather than late.
 */
export function personWaiting(inbound: Inbound, ms: number): Inbound {
  return {
    command: (invocation) => withConnectionWait(ms, () => inbound.command(invocation)),
    button: (click) => withConnectionWait(ms, () => inbound.button(click)),
    reaction: (input) => withConnectionWait(ms, () => inbound.reaction(input)),
    firstDelivery: (key) => withConnectionWait(ms, () => inbound.firstDelivery(key)),
  };
}
