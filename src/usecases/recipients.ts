import { channelKey, type ChannelRef } from '../domain/channel.ts';
import type { Incident } from '../domain/incident.ts';
import type { Repositories } from '../ports/store.ts';

/**
 * Channels that hear about an incident's alerts: every channel subscribed to its service, and the
 * channel it was opened from (its card lives there, and the alert threads under it). Each channel once.
 */
export async function alertRecipients(tx: Repositories, incident: Incident): Promise<ChannelRef[]> {
  const seen = new Map<string, ChannelRef>();
  if (incident.channel) seen.set(channelKey(incident.channel), incident.channel);
  for (const s of await tx.subscriptions.forService(incident.serviceKey)) seen.set(channelKey(s.channel), s.channel);
  return [...seen.values()];
}
