/**
 * Every outbox key Pacta builds, in one place. A key names one notification to one channel; inserting
 * a second row with the same key is a no-op, which is what makes each notification exactly-once across
 * retries, restarts and replicas (docs/semantics.md §5). So a key must say exactly what makes the
 * notification distinct — no more (or a retry would queue it again), no less (or two different
 * notifications would collapse into one).
 */
import { channelKey, type ChannelRef } from '../domain/channel.ts';
import { formatIncidentRef } from '../domain/incident-id.ts';
import type { Person } from '../domain/oncall.ts';
import type { ClockKind } from '../sla/clock.ts';

const to = (channel: ChannelRef): string => channelKey(channel);
const inc = (n: number): string => formatIncidentRef(n);

export const outboxKeys = {
  /** The incident card, posted once in the channel the incident was opened from. */
  cardPost: (incident: number, channel: ChannelRef): string => `card:${inc(incident)}:post:${to(channel)}`,
  /**
   * A refresh of the incident's card after a change. `version` is the length of the timeline after the
   * change (unique per change, since changes to one incident are serialised) or the name of what the
   * sweep saw (`breach-ack`), so each change refreshes the card once.
   */
  cardUpdate: (incident: number, version: number | string, channel: ChannelRef): string => `card:${inc(incident)}:update:${version}:${to(channel)}`,
  /** A note in the card's thread saying who did what (e.g. by reaction); `delivery` is the inbound event's key. */
  threadNote: (incident: number, delivery: string, channel: ChannelRef): string => `note:${inc(incident)}:${delivery}:${to(channel)}`,
  /** New-incident notice to a subscribed channel. */
  opened: (incident: number, channel: ChannelRef): string => `opened:${inc(incident)}:${to(channel)}`,
  /** Pre-breach warning of one clock at one threshold. */
  warning: (incident: number, clock: ClockKind, threshold: number, channel: ChannelRef): string => `warn:${inc(incident)}:${clock}:${threshold}:${to(channel)}`,
  /** Breach alert of one clock. */
  breach: (incident: number, clock: ClockKind, channel: ChannelRef): string => `breach:${inc(incident)}:${clock}:${to(channel)}`,
  /** Burn-rate alert or recovery of one episode (`label`: the severity, or `recovered`). */
  burn: (service: string, episode: number, label: string, channel: ChannelRef): string => `burn:${service}:${episode}:${label}:${to(channel)}`,
  /** An escalation level of one round, in one channel (the card's thread or a target channel). */
  escalation: (incident: number, level: number, round: number, channel: ChannelRef): string => `escalate:${inc(incident)}:${level}:${round}:${to(channel)}`,
  /** The same level as a direct message to one person. */
  escalationDirect: (incident: number, level: number, round: number, person: Person): string => `escalate:${inc(incident)}:${level}:${round}:dm:${person.platform}:${person.id}`,
  /** A snooze said in the card's thread; `version` is the timeline's length after it. */
  snoozed: (incident: number, version: number, channel: ChannelRef): string => `snooze:${inc(incident)}:${version}:${to(channel)}`,
  /** The digest of one subscription for one period (a subscription has one channel). */
  digest: (subscription: number, period: string): string => `digest:${subscription}:${period}`,
} as const;
