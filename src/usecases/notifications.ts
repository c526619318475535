/**
 * Turns a queued notification into the message to post, from the state at delivery time (an alert
 * shows the clock as it stands when it goes out, not when it was queued), and decides where it goes:
 * breach alerts thread under the incident card when the card is in that channel.
 */
import type { ChannelRef } from '../domain/channel.ts';
import { channelKey } from '../domain/channel.ts';
import type { Message } from '../messages/message.ts';
import { breachAlert, burnAlert, burnRecovered, newIncidentNotice, warningAlert } from '../messages/views/alerts.ts';
import type { MessageRef } from '../ports/chat.ts';
import type { ClaimedNotification, MessageKind, Store } from '../ports/store.ts';
import type { IncidentUseCases } from './incidents.ts';
import type { QueryUseCases } from './queries.ts';

export type RenderedNotification = { message: Message; threadOf?: MessageRef; kind: MessageKind };

/** Renders digests; supplied by the digest use case. */
export type DigestRenderer = (subscription: number, period: string, late: boolean) => Promise<Message | null>;

export class NotificationRenderer {
  constructor(
    private readonly store: Store,
    private readonly incidents: IncidentUseCases,
    private readonly queries: QueryUseCases,
    /** Zone for times in notifications: the subscription's, else the deployment's. */
    private readonly zoneOf: (channel: ChannelRef) => Promise<string>,
    private readonly digest: DigestRenderer | null = null,
  ) {}

  /** Null when there is nothing left to say (the incident or service is gone). */
  async render(n: ClaimedNotification): Promise<RenderedNotification | null> {
    const timezone = await this.zoneOf(n.channel);
    const p = n.payload;
    switch (p.type) {
      case 'incident.opened': {
        const state = await this.incidents.get(p.incident);
        return { message: newIncidentNotice(state, { timezone }), kind: 'alert' };
      }
      case 'clock.warning':
      case 'clock.breached': {
        const state = await this.incidents.get(p.incident);
        const message = p.type === 'clock.warning' ? warningAlert(state, p.clock, p.threshold, { timezone }) : breachAlert(state, p.clock, { timezone });
        const card = (await this.store.read.messages.forIncident(p.incident, 'card')).find((r) => channelKey(r.channel) === channelKey(n.channel));
        return { message, kind: 'alert', ...(card ? { threadOf: { channel: card.channel, id: card.messageId } } : {}) };
      }
      case 'burn.alert':
      case 'burn.recovered': {
        const status = await this.queries.service(p.service).catch(() => null);
        if (!status) return null;
        return { message: p.type === 'burn.alert' ? burnAlert(status, p.severity, { timezone }) : burnRecovered(status, { timezone }), kind: 'notice' };
      }
      case 'digest': {
        const message = this.digest ? await this.digest(p.subscription, p.period, p.late) : null;
        return message ? { message, kind: 'digest' } : null;
      }
    }
  }
}
