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
  /** Takes back an acknowledgement or resolution moments after it (a reaction removed within 60 s). */
  'undone',
  /** Escalation held until `data.until` (docs/semantics.md §7); the SLA clocks do not stop. */
  'snoozed',
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
  /**
   * Its title may be shown on the public status page of a public service (`incident INC-7 --public`,
   * docs/dashboard.md); otherwise the page says "Service disruption". Absent: false.
   */
  public?: boolean;
};

/**
 * The timeline as it counts: an `undone` event removes the latest earlier event of the kind it names
 * (`data.of`), as if it had not happened. The stored timeline keeps both, for the record.
 */
export function effectiveEvents(events: readonly IncidentEvent[]): IncidentEvent[] {
  const out: IncidentEvent[] = [];
  for (const e of events) {
    if (e.kind !== 'undone') {
      out.push(e);
      continue;
    }
    for (let i = out.length - 1; i >= 0; i--) {
      if (out[i]!.kind === e.data?.of) {
        out.splice(i, 1);
        break;
      }
    }
  }
  return out;
}
