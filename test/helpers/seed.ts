import { parseWeeklyHours } from '../../src/calendar/validate.ts';
import type { Actor } from '../../src/domain/incident.ts';
import type { Store } from '../../src/ports/store.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import type { TimeSource } from '../../src/time-source.ts';

export const ALICE: Actor = { platform: 'slack', id: 'U0ALICE', name: 'alice' };
export const BOB: Actor = { platform: 'slack', id: 'U0BOB', name: 'bob' };

/** The estate docs/semantics.md §4's examples assume: a Berlin business calendar and two services. */
export async function seedEstate(store: Store, time: TimeSource): Promise<AdminUseCases> {
  const admin = new AdminUseCases(store, time);
  await admin.addCalendar('business', { timezone: 'Europe/Berlin', weekly: parseWeeklyHours('mon-fri 09:00-17:00') });
  await admin.addHolidays('business', ['2026-12-25', '2026-12-26']);
  await admin.addService({ key: 'payments', name: 'Payments API', availabilityPercent: 99.9, window: '30d', calendar: 'business' });
  await admin.setPolicy({ serviceKey: 'payments', priority: 'P1', ackSeconds: 15 * 60, resolveSeconds: 4 * 3600 });
  await admin.addService({ key: 'search', name: 'Search', availabilityPercent: 99.5, window: 'month' });
  await admin.setPolicy({ serviceKey: 'search', priority: 'P2', ackSeconds: 30 * 60, resolveSeconds: 8 * 3600 });
  return admin;
}
