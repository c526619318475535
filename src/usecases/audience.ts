/**
 * Who hears about what: the one function that decides the channels a notification goes to
 * (docs/semantics.md §5). Every source of change — commands, buttons, reactions, the sweep, burn-rate
 * checks — asks it, so a channel never hears about an incident one way and misses it another.
 */
import { channelKey, type ChannelRef } from '../domain/channel.ts';
import type { Subscription } from '../ports/store.ts';

/**
 * What the channels are wanted for:
 * - `card`: the incident card — posted in the channel the incident was opened from, refreshed wherever
 *   a card of it stands;
 * - `opened`: the new-incident notice — every subscribed channel except the one that got the card;
 * - `alert`: warnings and breach alerts — every subscribed channel, and the card's channel (the alert
 *   threads under the card there);
 * - `service`: service-wide news (burn-rate alerts and recoveries) — every subscribed channel.
 */
export type Purpose = 'card' | 'opened' | 'alert' | 'service';

export type Subject = {
  serviceKey: string;
  /** The channel the incident was opened from (its card's channel), if any. */
  origin?: ChannelRef | null;
  /** Channels that hold a card of the incident already (for `card`). */
  cards?: readonly ChannelRef[];
};

/** The channels, each once, in a stable order: the card's channel first, then subscriptions by id. */
export function recipients(purpose: Purpose, subject: Subject, subscriptions: readonly Subscription[]): ChannelRef[] {
  const out = new Map<string, ChannelRef>();
  const add = (c: ChannelRef) => {
    if (!out.has(channelKey(c))) out.set(channelKey(c), c);
  };
  const origin = subject.origin ?? null;
  if (purpose === 'card') {
    if (origin) add(origin);
    for (const c of subject.cards ?? []) add(c);
    return [...out.values()];
  }
  if (purpose === 'alert' && origin) add(origin);
  for (const s of subscriptions) {
    if (!(s.allServices || s.services.includes(subject.serviceKey))) continue;
    if (purpose === 'opened' && origin && channelKey(s.channel) === channelKey(origin)) continue;
    add(s.channel);
  }
  return [...out.values()];
}
