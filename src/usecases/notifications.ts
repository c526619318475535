/**
 * Turns a queued notification into the message to post, from the state at delivery time (an alert
 * shows the clock as it stands when it goes out, not when it was queued; a card shows the incident as it
 * is now, however many changes queued a refresh), and decides where it goes: breach alerts and thread
 * notes go in the thread of the incident card when the card is in that channel; a card refresh updates
 * the card messages of that channel in place.
 */
import type { ChannelRef } from '../domain/channel.ts';
import { channelKey } from '../domain/channel.ts';
import { formatIncidentRef } from '../domain/incident-id.ts';
import type { Message } from '../messages/message.ts';
import { breachAlert, burnAlert, burnRecovered, newIncidentNotice, warningAlert } from '../messages/views/alerts.ts';
import type { MessageRef } from '../ports/chat.ts';
import type { ClaimedNotification, MessageKind, Store } from '../ports/store.ts';
import { threadNoteView } from '../messages/views/thread-note.ts';
import { escalationDirect, escalationPage, escalationSnoozed } from '../messages/views/escalation.ts';
import type { IncidentState } from '../model/incident-state.ts';
import type { IncidentUseCases } from './incidents.ts';
import type { QueryUseCases } from './queries.ts';

/**
 * What to do with a notification: post `message` (in the thread of `threadOf`), or, with `update`,
 * replace those earlier messages by it (an empty list: there is nothing to update here any more).
 */
export type RenderedNotification = {
  message: Message;
  threadOf?: MessageRef;
  kind: MessageKind;
  update?: MessageRef[];
  /**
   * After a card is posted: the card again if the incident changed while it was being posted (a refresh
   * queued meanwhile found no card to update yet), else null.
   */
  refresh?: () => Promise<Message | null>;
};

/** Renders an incident card: the same message for every channel that holds one. */
export type CardRenderer = (state: IncidentState) => Message;

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
    private readonly card: CardRenderer | null = null,
  ) {}

  /** Null when there is nothing left to say (the incident or service is gone). */
  async render(n: ClaimedNotification): Promise<RenderedNotification | null> {
    const timezone = await this.zoneOf(n.channel);
    const p = n.payload;
    switch (p.type) {
      case 'card.post':
      case 'card.update': {
        if (!this.card) return null;
        const state = await this.incidents.get(p.incident).catch(() => null);
        if (!state) return null;
        const message = this.card(state);
        if (p.type === 'card.post') {
          const version = state.events.length;
          const refresh = async () => {
            const now = await this.incidents.get(p.incident).catch(() => null);
            return now && now.events.length !== version && this.card ? this.card(now) : null;
          };
          return { message, kind: 'card', refresh };
        }
        const cards = (await this.store.read.messages.forIncident(p.incident, 'card')).filter((r) => channelKey(r.channel) === channelKey(n.channel));
        return { message, kind: 'card', update: cards.map((r) => ({ channel: r.channel, id: r.messageId })) };
      }
      case 'thread.note': {
        const card = await this.cardIn(p.incident, n.channel);
        const root = card ?? { channel: n.channel, id: p.reacted.messageId };
        return { message: threadNoteView(p.note, p.incident), kind: 'notice', threadOf: root };
      }
      case 'incident.opened': {
        const state = await this.incidents.get(p.incident);
        return { message: newIncidentNotice(state, { timezone }), kind: 'alert' };
      }
      case 'clock.warning':
      case 'clock.breached': {
        const state = await this.incidents.get(p.incident);
        const message = p.type === 'clock.warning' ? warningAlert(state, p.clock, p.threshold, { timezone }) : breachAlert(state, p.clock, { timezone });
        const card = await this.cardIn(p.incident, n.channel);
        return { message, kind: 'alert', ...(card ? { threadOf: card } : {}) };
      }
      case 'burn.alert':
      case 'burn.recovered': {
        const status = await this.queries.service(p.service).catch(() => null);
        if (!status) return null;
        return { message: p.type === 'burn.alert' ? burnAlert(status, p.severity, { timezone }) : burnRecovered(status, { timezone }), kind: 'notice' };
      }
      case 'alert.storm': {
        const minutes = Math.round(p.windowSeconds / 60);
        const text = `Alert storm on ${p.service}: ${p.integration} opened ${p.limit} incidents within ${minutes} min. New alerts of ${p.service} now join ${formatIncidentRef(p.incident)} as notes until the storm passes.`;
        return { message: { fallback: text, blocks: [{ type: 'text', text }] }, kind: 'notice' };
      }
      case 'escalation.page':
      case 'escalation.direct': {
        const state = await this.incidents.get(p.incident).catch(() => null);
        if (!state) return null;
        if (p.type === 'escalation.direct') return { message: escalationDirect(state, p, { timezone }), kind: 'alert' };
        const card = await this.cardIn(p.incident, n.channel);
        return { message: escalationPage(state, p, { timezone }), kind: 'alert', ...(card ? { threadOf: card } : {}) };
      }
      case 'escalation.snoozed': {
        const card = await this.cardIn(p.incident, n.channel);
        return { message: escalationSnoozed(p, { timezone }), kind: 'notice', ...(card ? { threadOf: card } : {}) };
      }
      case 'digest': {
        const message = this.digest ? await this.digest(p.subscription, p.period, p.late) : null;
        return message ? { message, kind: 'digest' } : null;
      }
    }
  }

  /** The incident's card in `channel`, if it has one there. */
  private async cardIn(incident: number, channel: ChannelRef): Promise<MessageRef | null> {
    const card = (await this.store.read.messages.forIncident(incident, 'card')).find((r) => channelKey(r.channel) === channelKey(channel));
    return card ? { channel: card.channel, id: card.messageId } : null;
  }
}
