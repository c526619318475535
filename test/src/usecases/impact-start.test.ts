/**
 * The bound on an incident's impact start (docs/semantics.md §3), in the use case every source goes through
 * (commands now, monitoring webhooks later): not in the future, not more than the service's window back.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../src/domain/service.ts';
import { BadArgumentError, UserError } from '../../../src/errors.ts';
import { IncidentUseCases, checkImpactStart } from '../../../src/usecases/incidents.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const service = (window: string | null, calendar: string | null = null): Service => ({
  key: 'svc',
  name: 'Svc',
  calendar,
  objective: window ? { target: 0.999, window } : null,
  degradedWeight: 0.5,
});

describe('checkImpactStart', () => {
  const now = new Date('2026-12-12T09:00:00Z'); // Sat 12 Dec 10:00 in Berlin

  it('rolling: back to the window\'s start and no further', () => {
    expect(() => checkImpactStart(service('30d'), new Date(now.getTime() - 30 * DAY), now, 'UTC')).not.toThrow();
    expect(() => checkImpactStart(service('30d'), new Date(now.getTime() - 30 * DAY - 1000), now, 'UTC')).toThrow(BadArgumentError);
    expect(() => checkImpactStart(service('7d'), new Date(now.getTime() - 8 * DAY), now, 'UTC')).toThrow(/the last 7 days.*Sat 5 Dec 2026 09:00 UTC/);
  });

  it('calendar month: one month\'s length back (31 days in December), in the zone given', () => {
    expect(() => checkImpactStart(service('month'), new Date('2026-11-11T09:00:00Z'), now, 'Europe/Berlin')).not.toThrow();
    expect(() => checkImpactStart(service('month'), new Date('2026-11-11T08:59:59Z'), now, 'Europe/Berlin')).toThrow(/a calendar month.*Wed 11 Nov 2026 10:00 CET/);
    // A quarter: Q4 is 92 days (and an hour, for the fall-back in October).
    expect(() => checkImpactStart(service('quarter'), new Date(now.getTime() - 92 * DAY), now, 'Europe/Berlin')).not.toThrow();
    expect(() => checkImpactStart(service('quarter'), new Date(now.getTime() - 92 * DAY - 2 * HOUR), now, 'Europe/Berlin')).toThrow(BadArgumentError);
  });

  it('no objective: up to 366 days back', () => {
    expect(() => checkImpactStart(service(null), new Date(now.getTime() - 366 * DAY), now, 'UTC')).not.toThrow();
    expect(() => checkImpactStart(service(null), new Date('1970-01-01T00:00:00Z'), now, 'UTC')).toThrow(/at most 366 days before now, Thu 11 Dec 2025 09:00 UTC/);
  });

  it('the refusal is a UserError that names both instants with their year', () => {
    let err: unknown;
    try {
      checkImpactStart(service('30d'), new Date('1970-01-01T00:00:00Z'), now, 'Europe/Berlin');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      'The impact start Thu 1 Jan 1970 01:00 CET is too far back: svc measures availability over the last 30 days, so an impact can start no earlier than one window before now, Thu 12 Nov 2026 10:00 CET. Check the date given with `--since`.',
    );
  });
});

describeEachDatabase('opening an incident with an impact start', (db) => {
  const setup = async (zone?: string) => {
    const time = new ManualTime('2026-12-12T09:00:00Z');
    await seedEstate(db().store, time);
    return { time, incidents: new IncidentUseCases(db().store, time, zone) };
  };

  it('refuses 1970 without using an incident number or writing anything', async () => {
    const { incidents } = await setup();
    await expect(incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'x', impactStart: new Date('1970-01-01T00:00:00Z'), actor: ALICE })).rejects.toThrow(
      /too far back: payments measures availability over the last 30 days.*Thu 12 Nov 2026 10:00 CET/,
    );
    expect(await db().store.read.incidents.list({})).toEqual([]);
    const ok = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'x', actor: ALICE });
    expect(ok.incident.number).toBe(1);
  });

  it('refuses a start in the future, even by a second', async () => {
    const { time, incidents } = await setup();
    await expect(incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'x', impactStart: new Date(time.now().getTime() + 1000), actor: ALICE })).rejects.toBeInstanceOf(BadArgumentError);
  });

  it('a month window without a calendar is cut in the deployment zone the use case is given', async () => {
    const { incidents } = await setup('Europe/Berlin');
    // search: 99.5 % per month, no calendar. 31 days before Sat 12 Dec 10:00 CET.
    await expect(incidents.open({ serviceKey: 'search', priority: 'P2', title: 'x', impactStart: new Date('2026-11-11T08:59:59Z'), actor: ALICE })).rejects.toThrow(/Wed 11 Nov 2026 10:00 CET/);
    const s = await incidents.open({ serviceKey: 'search', priority: 'P2', title: 'x', impactStart: new Date('2026-11-11T09:00:00Z'), actor: ALICE });
    expect(s.incident.impactStart.toISOString()).toBe('2026-11-11T09:00:00.000Z');
  });
});
