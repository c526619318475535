/**
 * Incident cards: the message posted in the channel an incident was opened from, kept up to date in
 * place on every change (status, who acknowledged, clocks), wherever the change came from.
 */
import type { ChannelRef } from '../domain/channel.ts';
import type { Message } from '../messages/message.ts';
import type { ChatPort, MessageRef } from '../ports/chat.ts';
import type { Store } from '../ports/store.ts';
import type { IncidentState, IncidentUseCases } from './incidents.ts';

/** Finds the chat port of a platform; null when that platform is not enabled. */
export type ChatPorts = (platform: ChannelRef['platform']) => ChatPort | null;

export class IncidentCards {
  constructor(
    private readonly store: Store,
    private readonly incidents: IncidentUseCases,
    private readonly chat: ChatPorts,
    private readonly render: (state: IncidentState) => Message,
  ) {}

  /** Posts the card of a newly opened incident in `channel` and remembers it. */
  async post(state: IncidentState, channel: ChannelRef): Promise<MessageRef | null> {
    const port = this.chat(channel.platform);
    if (!port) return null;
    const ref = await port.post(channel, this.render(state));
    await this.store.read.messages.record({ channel, messageId: ref.id, incidentNumber: state.incident.number, kind: 'card' });
    return ref;
  }

  /** Re-renders every card of the incident from its current state. */
  async refresh(incidentNumber: number, state?: IncidentState): Promise<number> {
    const refs = await this.store.read.messages.forIncident(incidentNumber, 'card');
    if (refs.length === 0) return 0;
    const current = state ?? (await this.incidents.get(incidentNumber));
    const message = this.render(current);
    let updated = 0;
    for (const r of refs) {
      const port = this.chat(r.channel.platform);
      if (!port) continue;
      await port.update({ channel: r.channel, id: r.messageId }, message);
      updated++;
    }
    return updated;
  }
}
