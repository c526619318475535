/** The incident number bound (src/domain/incident-id.ts) is the largest number the database stores. */
import { expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident.ts';
import { MAX_INCIDENT_NUMBER } from '../../src/domain/incident-id.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const incident = (number: number): Incident => ({
  number, serviceKey: 'payments', priority: 'P1', title: 't', impact: 'outage', impactStart: new Date('2026-11-23T09:00:00Z'), status: 'open',
  openedAt: new Date('2026-11-23T09:00:00Z'), openedBy: { platform: 'slack', id: 'U1' }, acknowledgedAt: null, acknowledgedBy: null,
  resolvedAt: null, resolvedBy: null, channel: null,
});

describeEachDatabase('incident number bound', (db) => {
  it('stores the largest incident number and refuses the next', async () => {
    const store = db().store;
    await store.read.services.add({ key: 'payments', name: 'Payments', calendar: null, objective: null, degradedWeight: 0.5 });
    await store.transaction((tx) => tx.incidents.insert(incident(MAX_INCIDENT_NUMBER)));
    expect((await store.read.incidents.get(MAX_INCIDENT_NUMBER))?.number).toBe(MAX_INCIDENT_NUMBER);
    await expect(store.transaction((tx) => tx.incidents.insert(incident(MAX_INCIDENT_NUMBER + 1)))).rejects.toThrow();
  });
});
