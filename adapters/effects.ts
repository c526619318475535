/**
 * What happens after a command besides its reply: incident cards posted and refreshed in chat. Shared by
 * every adapter through `App.handle`, so a card looks and updates the same whichever platform acted.
 */
import type { CommandEffect, CommandLogger } from '../commands/types.ts';
import type { ChannelRef } from '../src/domain/channel.ts';
import type { ChatPort } from '../src/ports/chat.ts';
import type { IncidentCards } from '../src/usecases/cards.ts';

/**
 * Applies `effects` of a command run in `channel`. A chat failure is logged, not thrown: the change is
 * already committed, and turning a success into an error reply would invite a retry that fails as a
 * duplicate.
 */
export async function applyEffects(
  effects: readonly CommandEffect[],
  channel: ChannelRef,
  cards: Pick<IncidentCards, 'post' | 'refresh'>,
  log: CommandLogger,
): Promise<void> {
  for (const effect of effects) {
    const incident = effect.state.incident.number;
    try {
      if (effect.kind === 'incident-opened') await cards.post(effect.state, channel);
      else await cards.refresh(incident, effect.state);
    } catch (err) {
      log.error({ err, effect: effect.kind, incident, channel }, 'could not post or update an incident card');
    }
  }
}

/** Chat ports by platform. Adapters register theirs as they start; a platform without one is skipped. */
export class ChatPortRegistry {
  private readonly ports = new Map<ChannelRef['platform'], ChatPort>();

  register(platform: ChannelRef['platform'], port: ChatPort): void {
    this.ports.set(platform, port);
  }

  get(platform: ChannelRef['platform']): ChatPort | null {
    return this.ports.get(platform) ?? null;
  }

  /** The lookup function `IncidentCards` takes. */
  readonly lookup = (platform: ChannelRef['platform']): ChatPort | null => this.get(platform);
}
