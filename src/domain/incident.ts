export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const IMPACTS = ['outage', 'degraded', 'none'] as const;
export type Impact = (typeof IMPACTS)[number];

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'paused', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Who did something: a platform user, or Pacta itself (scheduler, seeding). */
export type Actor = {
  platform: 'slack' | 'teams' | 'console' | 'system';
  id: string;
  /** Display name when the adapter knows it. */
  name?: string;
};

export const SYSTEM_ACTOR: Actor = { platform: 'system', id: 'pacta', name: 'Pacta' };

/** Timeline event kinds. The SLA clocks are a pure function of these events. */
export const EVENT_KINDS = [
  'opened',
  'acknowledged',
  'paused',
  'resumed',
  'resolved',
  'reopened',
  'priority_changed',
  'impact_changed',
  'note',
] as const;
export type IncidentEventKind = (typeof EVENT_KINDS)[number];

export type IncidentEvent = {
  kind: IncidentEventKind;
  at: Date;
  actor: Actor;
  /** Free text: resolve note, pause reason, note body. */
  text?: string | null;
  /** Kind-specific data, e.g. `{ from: 'P2', to: 'P1' }` for priority changes. */
  data?: Record<string, string> | null;
};

import type { ChannelRef } from './channel.ts';

export type Incident = {
  /** Human number: INC-<number>. */
  number: number;
  serviceKey: string;
  priority: Priority;
  title: string;
  impact: Impact;
  impactStart: Date;
  status: IncidentStatus;
  openedAt: Date;
  openedBy: Actor;
  acknowledgedAt: Date | null;
  acknowledgedBy: Actor | null;
  resolvedAt: Date | null;
  resolvedBy: Actor | null;
  /** The channel it was opened from, where its card lives; null when opened elsewhere (API, seed). */
  channel: ChannelRef | null;
};

export function formatIncidentRef(n: number): string {
  return `INC-${n}`;
}
