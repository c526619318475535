import { parseChannelKey } from '../../src/domain/channel.ts';
import type { Actor, Impact, Incident, IncidentEvent, IncidentEventKind, IncidentStatus, Priority } from '../../src/domain/incident.ts';
import type { incidentEvents, incidents, StoredActor } from '../schema.ts';

export function toStoredActor(a: Actor): StoredActor {
  return a.name ? { platform: a.platform, id: a.id, name: a.name } : { platform: a.platform, id: a.id };
}

export function fromStoredActor(a: StoredActor): Actor;
export function fromStoredActor(a: StoredActor | null): Actor | null;
export function fromStoredActor(a: StoredActor | null): Actor | null {
  if (!a) return null;
  const platform = a.platform as Actor['platform'];
  return a.name ? { platform, id: a.id, name: a.name } : { platform, id: a.id };
}

type IncidentRow = typeof incidents.$inferSelect;
type EventRow = typeof incidentEvents.$inferSelect;

export function toIncident(r: IncidentRow): Incident {
  return {
    number: r.number,
    serviceKey: r.serviceKey,
    priority: r.priority as Priority,
    title: r.title,
    impact: r.impact as Impact,
    impactStart: r.impactStart,
    status: r.status as IncidentStatus,
    openedAt: r.openedAt,
    openedBy: fromStoredActor(r.openedBy),
    acknowledgedAt: r.acknowledgedAt,
    acknowledgedBy: fromStoredActor(r.acknowledgedBy),
    resolvedAt: r.resolvedAt,
    resolvedBy: fromStoredActor(r.resolvedBy),
    channel: r.originChannel ? parseChannelKey(r.originChannel) : null,
    // Only when set, so an incident reads back as it was opened (the flag is absent: not public).
    ...(r.public ? { public: true } : {}),
  };
}

export function toEvent(r: EventRow): IncidentEvent {
  return { kind: r.kind as IncidentEventKind, at: r.at, actor: fromStoredActor(r.actor), text: r.text, data: r.data };
}

/** Rows of `db.execute`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
