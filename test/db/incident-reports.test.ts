/**
 * The reporting reads over incidents (`IncidentReportRepository`), on PGlite and on PostgreSQL. Rows
 * are written through the incident repository, as the use cases write them.
 */
import { expect, it } from 'vitest';
import type { Actor, Incident, IncidentEvent } from '../../src/domain/incident.ts';
import type { Repositories } from '../../src/ports/store.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const ALICE: Actor = { platform: 'slack', id: 'U0ALICE', name: 'alice' };
const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);

function incident(number: number, serviceKey: string, openedAt: Date, over: Partial<Incident> = {}): Incident {
  return {
    number, serviceKey, priority: 'P1', title: `t${number}`, impact: 'outage', impactStart: openedAt, status: 'open', openedAt, openedBy: ALICE,
    acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, channel: null, ...over,
  };
}

async function write(tx: Repositories, i: Incident, events: IncidentEvent[] = []): Promise<void> {
  await tx.incidents.insert(i);
  await tx.incidents.appendEvent(i.number, { kind: 'opened', at: i.openedAt, actor: ALICE, data: { impact: i.impact } });
  for (const e of events) await tx.incidents.appendEvent(i.number, e);
}

/** Two services: payments with INC-1 open (outage since 09:00), INC-2 resolved 09:30–10:00, INC-3 reopened; search with INC-4 open, no impact. */
async function seed(tx: Repositories): Promise<void> {
  for (const key of ['payments', 'search']) await tx.services.add({ key, name: key, calendar: null, objective: null, degradedWeight: 0.5 });
  await write(tx, incident(1, 'payments', at('09:00')));
  await write(tx, incident(2, 'payments', at('09:30'), { status: 'resolved', resolvedAt: at('10:00'), resolvedBy: ALICE }), [{ kind: 'resolved', at: at('10:00'), actor: ALICE }]);
  await write(tx, incident(3, 'payments', at('08:00'), { status: 'open', impact: 'degraded' }), [
    { kind: 'resolved', at: at('08:10'), actor: ALICE },
    { kind: 'reopened', at: at('08:40'), actor: ALICE },
  ]);
  await write(tx, incident(4, 'search', at('11:00'), { impact: 'none' }));
  await tx.incidents.setClockSummary(1, { dueAt: at('09:15'), dueClock: 'ack', breachAt: at('09:15') });
  await tx.incidents.setClockSummary(3, { dueAt: at('12:00'), dueClock: 'resolve', breachAt: at('12:00') });
  await tx.incidents.setClockSummary(4, { dueAt: at('11:30'), dueClock: 'ack', breachAt: at('11:30') });
}

describeEachDatabase('incident reports', (db) => {
  it('counts open incidents per service', async () => {
    await db().store.transaction(seed);
    expect(await db().store.read.reports.countOpenByService()).toEqual(new Map([['payments', 2], ['search', 1]]));
  });

  it('finds incidents opened or resolved in a period, oldest number first', async () => {
    await db().store.transaction(seed);
    const numbers = async (keys: string[] | null, from: string, to: string) => (await db().store.read.reports.inPeriod(keys, at(from), at(to))).map((i) => i.number);
    expect(await numbers(null, '09:00', '10:01')).toEqual([1, 2]);
    expect(await numbers(null, '09:45', '10:01')).toEqual([2]); // resolved in it
    expect(await numbers(['search'], '00:00', '23:59')).toEqual([4]);
    expect(await numbers(null, '12:00', '13:00')).toEqual([]);
  });

  it('gives impact spans overlapping a window, one per unresolved stretch of a reopened incident', async () => {
    await db().store.transaction(seed);
    const spans = await db().store.read.reports.impactSpans(['payments'], at('00:00'), at('23:00'));
    expect(spans.sort((a, b) => a.start.getTime() - b.start.getTime())).toEqual([
      { incidentNumber: 3, serviceKey: 'payments', impact: 'degraded', start: at('08:00'), end: at('08:10') },
      { incidentNumber: 3, serviceKey: 'payments', impact: 'degraded', start: at('08:40'), end: null },
      { incidentNumber: 1, serviceKey: 'payments', impact: 'outage', start: at('09:00'), end: null },
      { incidentNumber: 2, serviceKey: 'payments', impact: 'outage', start: at('09:30'), end: at('10:00') },
    ]);
    // A window after INC-2 ended leaves it out; an incident without impact (INC-4) has no span.
    expect((await db().store.read.reports.impactSpans(null, at('10:30'), at('23:00'))).map((s) => s.incidentNumber).sort()).toEqual([1, 3]);
  });

  it('reads the same inside a transaction', async () => {
    await db().store.transaction(seed);
    expect(await db().store.transaction((tx) => tx.reports.countOpenByService())).toEqual(new Map([['payments', 2], ['search', 1]]));
  });
});
