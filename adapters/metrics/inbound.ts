/**
 * The door (src/ports/inbound.ts), counted: every command, button click and reaction from every
 * platform passes here, so this is where Pacta sees how many there were, how they ended and how long the
 * person waited — the figure Slack's 3-second acknowledgement is held to.
 */
import { UnavailableError } from '../../src/errors.ts';
import type { ButtonAnswer, ButtonClick, CommandAnswer, CommandInvocation, Inbound, ReactionAnswer, ReactionInput } from '../../src/ports/inbound.ts';
import type { InteractionOutcome, PactaMetrics } from './metrics.ts';

type DoorMetrics = Pick<PactaMetrics, 'command' | 'interaction'>;

/** `inner`, recording each call in `metrics`; answers and errors pass through unchanged. */
export function meteredInbound(inner: Inbound, metrics: DoorMetrics): Inbound {
  const seconds = (started: number) => (performance.now() - started) / 1000;
  return {
    async command(invocation: CommandInvocation): Promise<CommandAnswer> {
      const started = performance.now();
      const platform = invocation.channel.platform;
      try {
        const answer = await inner.command(invocation);
        metrics.command(platform, answer.command, answer.outcome ?? 'ok', seconds(started));
        return answer;
      } catch (err) {
        metrics.command(platform, null, failure(err), seconds(started));
        throw err;
      }
    },
    async button(click: ButtonClick): Promise<ButtonAnswer> {
      const started = performance.now();
      try {
        const answer = await inner.button(click);
        metrics.interaction(click.channel.platform, 'button', answer.kind === 'changed' ? 'ok' : answer.kind, seconds(started));
        return answer;
      } catch (err) {
        metrics.interaction(click.channel.platform, 'button', failure(err), seconds(started));
        throw err;
      }
    },
    async reaction(input: ReactionInput): Promise<ReactionAnswer> {
      const started = performance.now();
      try {
        const answer = await inner.reaction(input);
        metrics.interaction(input.channel.platform, 'reaction', reactionOutcome(answer), seconds(started));
        return answer;
      } catch (err) {
        metrics.interaction(input.channel.platform, 'reaction', failure(err), seconds(started));
        throw err;
      }
    },
    firstDelivery: (key) => inner.firstDelivery(key),
  };
}

/** A database outage is `unavailable` (the person was told to try again); anything else an `error`. */
function failure(err: unknown): 'unavailable' | 'error' {
  return err instanceof UnavailableError ? 'unavailable' : 'error';
}

/** Most reactions mean nothing (`ignored`); a viewer's is `refused`; a retried event is a `duplicate`. */
function reactionOutcome(answer: ReactionAnswer): InteractionOutcome {
  if (answer.kind === 'changed') return 'ok';
  if (answer.reason === 'forbidden') return 'refused';
  if (answer.reason === 'duplicate') return 'duplicate';
  return 'ignored';
}
