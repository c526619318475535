/**
 * `sla document <service>` (docs/semantics.md §8): gathers what a service's agreement says — hours and
 * holidays, targets, objective, maintenance, escalation and credits — as plain data for the renderer
 * (src/messages/views/agreement.ts). A fixed handful of reads, none per item.
 */
import { CALENDAR_24X7_NAME } from '../calendar/types.ts';
import type { NamedCalendar } from '../domain/service.ts';
import { NotFoundError } from '../errors.ts';
import { AGREEMENT_MAINTENANCE_CAP, type Agreement } from '../model/agreement.ts';
import type { Repositories } from '../ports/store.ts';

/** How far ahead a document looks for maintenance: a year. */
const MAINTENANCE_AHEAD_MS = 366 * 24 * 3600 * 1000;

/** The agreement of service `key` as it stands at `now`; `zone` cuts calendar windows of a service without a calendar. */
export async function gatherAgreement(r: Repositories, key: string, now: Date, zone: string): Promise<Agreement> {
  const service = await r.services.get(key);
  if (!service) throw new NotFoundError(`There is no service "${key}". \`service list\` shows the services.`);
  const [policies, escalations, windows] = await Promise.all([
    r.policies.list(key),
    r.escalations.policies(key),
    r.maintenance.overlapping([key], now, new Date(now.getTime() + MAINTENANCE_AHEAD_MS)),
  ]);
  const names = [...new Set([service.calendar, ...policies.map((p) => p.calendar)].filter((n): n is string => n !== null && n !== CALENDAR_24X7_NAME))];
  const calendars = new Map<string, NamedCalendar>();
  for (const c of await Promise.all(names.map((n) => r.calendars.get(n)))) if (c) calendars.set(c.name, c);
  const calendar = service.calendar ? (calendars.get(service.calendar) ?? null) : null;
  const upcoming = windows.filter((w) => w.end.getTime() > now.getTime());
  return {
    service,
    calendar,
    policyCalendars: [...calendars.values()].filter((c) => c.name !== service.calendar).sort((a, b) => a.name.localeCompare(b.name)),
    policies: [...policies].sort((a, b) => a.priority.localeCompare(b.priority)),
    windowZone: calendar?.timezone ?? zone,
    maintenance: upcoming.slice(0, AGREEMENT_MAINTENANCE_CAP),
    moreMaintenance: Math.max(0, upcoming.length - AGREEMENT_MAINTENANCE_CAP),
    escalations,
    asOf: now,
  };
}
