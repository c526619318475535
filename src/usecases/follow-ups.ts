/**
 * What follows a change to an incident, decided once for every source of change (a command, a button,
 * a reaction, and later monitoring webhooks and escalations): the incident card posted or refreshed, a
 * note in the card's thread, new-incident notices. Each is an outbox row written in the transaction of
 * the change, so it is delivered exactly once, with the outbox's retries and pacing, or not at all if
 * the change rolls back. Adapters never refresh cards or post notes themselves.
 */
import type { Actor, Incident } from '../domain/incident.ts';
import type { ReactionAction } from '../ports/inbound.ts';
import type { OutboxEntry, Repositories, StoredMessageRef } from '../ports/store.ts';
import { recipients } from './audience.ts';
import { outboxKeys } from './outbox-keys.ts';

/** A change made by reacting to a message: the thread of that message hears who did what. */
export type ReactionVia = { action: ReactionAction; reaction: string; actor: Actor; message: StoredMessageRef; delivery: string };

export type Change =
  | { kind: 'opened' }
  /** `version`: the timeline's length after the change (unique per change of one incident). */
  | { kind: 'changed'; version: number; via?: ReactionVia | undefined; snoozed?: { actor: Actor; until: string } | undefined };

/**
 * Queues what `change` calls for. Returns the keys of the rows that go at once (the card, its refresh,
 * a thread note): the person who made the change may wait for those. Notices to other channels wait
 * for their channels' pacing slots, so nobody waits for them.
 */
export async function queueFollowUps(tx: Repositories, incident: Incident, change: Change, now: Date): Promise<string[]> {
  const n = incident.number;
  const subject = { serviceKey: incident.serviceKey, origin: incident.channel };
  const entries: OutboxEntry[] = [];
  // Cards, refreshes and thread notes answer one person's action: they go at once, unpaced.
  const row = (key: string, channel: OutboxEntry['channel'], payload: OutboxEntry['payload']): OutboxEntry => ({
    key,
    channel,
    incidentNumber: n,
    payload,
    notBefore: now,
    ...(payload.type === 'incident.opened' ? {} : { paced: false }),
  });
  if (change.kind === 'opened') {
    for (const c of recipients('card', subject, [])) entries.push(row(outboxKeys.cardPost(n, c), c, { type: 'card.post', incident: n }));
    const subscriptions = await tx.subscriptions.forService(incident.serviceKey);
    for (const c of recipients('opened', subject, subscriptions)) entries.push(row(outboxKeys.opened(n, c), c, { type: 'incident.opened', incident: n }));
  } else {
    for (const c of recipients('card', subject, [])) entries.push(row(outboxKeys.cardUpdate(n, change.version, c), c, { type: 'card.update', incident: n }));
    if (change.snoozed) {
      for (const c of recipients('card', subject, [])) {
        entries.push(row(outboxKeys.snoozed(n, change.version, c), c, { type: 'escalation.snoozed', incident: n, actor: change.snoozed.actor, until: change.snoozed.until }));
      }
    }
    const via = change.via;
    if (via) {
      const c = via.message.channel;
      entries.push(
        row(outboxKeys.threadNote(n, via.delivery, c), c, {
          type: 'thread.note',
          incident: n,
          note: { action: via.action, actor: via.actor, reaction: via.reaction },
          reacted: { messageId: via.message.messageId, kind: via.message.kind },
        }),
      );
    }
  }
  await tx.outbox.enqueueMany(entries, now);
  return entries.filter((e) => e.paced === false).map((e) => e.key);
}
