import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INCIDENTS, DEMO_SERVICES } from '../../../adapters/demo/estate.ts';
import { germanHolidays, seedDemo } from '../../../adapters/demo/seed.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';

describe('demo estate', () => {
  let db: TestDatabase;
  // A Wednesday afternoon in Berlin: the open P1's acknowledge clock is running.
  const time = new ManualTime('2026-11-25T14:00:00Z');
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await db.close();
  });

  it('seeds services, a business calendar with holidays, a month of incidents and two open ones', async () => {
    const result = await seedDemo(db.store, time.now());
    expect(result).toEqual({ seeded: true, services: DEMO_SERVICES.length, incidents: DEMO_INCIDENTS.length, open: 2 });

    const r = db.store.read;
    const calendar = await r.calendars.get('business');
    expect(calendar?.timezone).toBe('Europe/Berlin');
    expect(calendar?.holidays).toContain('2026-12-25');
    expect(await r.policies.list('payments')).toHaveLength(3);

    const open = await r.incidents.list({ openOnly: true });
    expect(open.map((i) => [i.serviceKey, i.priority, i.status]).sort()).toEqual([
      ['checkout', 'P3', 'paused'],
      ['search', 'P1', 'open'],
    ]);
    const all = await r.incidents.list({ limit: 100 });
    // Numbers follow time: INC-1 is the oldest, the open P1 the newest.
    const byNumber = [...all].sort((a, b) => a.number - b.number);
    expect(byNumber.map((i) => i.openedAt.getTime())).toEqual([...byNumber].map((i) => i.openedAt.getTime()).sort((a, b) => a - b));
    expect(byNumber.at(-1)?.title).toBe('Search API timing out');
    expect(all.every((i) => i.openedAt <= time.now() && (i.resolvedAt ?? time.now()) <= time.now())).toBe(true);

    // Timelines went through the real use cases: pauses, resumes, a priority change, notes.
    const paused = all.find((i) => i.title === 'Settlement file arrived late')!;
    expect((await r.incidents.events(paused.number)).map((e) => e.kind)).toEqual(['opened', 'acknowledged', 'paused', 'resumed', 'resolved']);
    const reprioritised = all.find((i) => i.title === 'Order confirmation emails delayed')!;
    expect(reprioritised.priority).toBe('P2');
  });

  it('gives status and report something to show: every health, breaches, MTTA', async () => {
    const queries = new QueryUseCases(db.store, time, 'Europe/Berlin');
    const overview = await queries.overview();
    expect(overview.services).toHaveLength(DEMO_SERVICES.length);
    expect(overview.counts.breached).toBeGreaterThanOrEqual(1);
    expect(overview.counts.at_risk).toBeGreaterThanOrEqual(1);
    expect(overview.counts.healthy).toBeGreaterThanOrEqual(1);
    const identity = overview.services.find((s) => s.service.key === 'identity')!;
    expect(identity.health).toBe('breached');
    expect(identity.objective!.remainingMs).toBeLessThan(0);
    const payments = overview.services.find((s) => s.service.key === 'payments')!;
    // 35 weighted minutes of a 43 min 12 s budget; the hour of maintenance leaves the window's length.
    expect(payments.objective!.availability).toBeCloseTo(1 - (35 * 60) / (30 * 86_400 - 3600), 9);
    expect(payments.health).toBe('at_risk');

    const report = await queries.report(null, '30d');
    expect(report.overall.breachedClocks).toBeGreaterThan(0);
    expect(report.services.find((s) => s.service.key === 'payments')!.stats).toMatchObject({ opened: 7 });
  });

  it('is idempotent: a second seed changes nothing', async () => {
    const before = (await db.store.read.incidents.list({ limit: 100 })).length;
    expect(await seedDemo(db.store, time.now())).toEqual({ seeded: false, services: 0, incidents: 0, open: 0 });
    expect((await db.store.read.incidents.list({ limit: 100 })).length).toBe(before);
  });
});

describe('germanHolidays', () => {
  it('knows the moving feasts (Easter 2026 is 5 April)', () => {
    const h = germanHolidays(new Date('2026-06-01T00:00:00Z'));
    expect(h).toEqual(expect.arrayContaining(['2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2026-12-25', '2027-03-26', '2025-04-18']));
    expect(new Set(h).size).toBe(h.length);
  });
});
