/**
 * Monitoring ingestion against docs/semantics.md §6, on both databases: a real Alertmanager group that
 * grows, shrinks and resolves; duplicates; out-of-order deliveries; flapping; a person's reopen;
 * maintenance; the storm guard; unrouted alerts; and two replicas given the same notification at once.
 */
import { readFileSync } from 'node:fs';
import { nodeHasher } from '../../../adapters/webhooks/auth.ts';
import { expect, it } from 'vitest';
import { parseAlertmanager } from '../../../adapters/webhooks/alertmanager.ts';
import { parseGeneric } from '../../../adapters/webhooks/generic.ts';
import { DrizzleStore } from '../../../db/store.ts';
import { openDatabase } from '../../../db/client.ts';
import type { AlertDelivery } from '../../../src/ports/alerts.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { IntegrationUseCases } from '../../../src/usecases/integrations.ts';
import { MonitoringUseCases, severityOf } from '../../../src/usecases/monitoring.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const MIN = 60_000;
const fixture = (name: string): AlertDelivery => parseAlertmanager(JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8')));
const generic = (body: Record<string, unknown>): AlertDelivery => parseGeneric(body);

it('maps severities by default, by the integration and by priority/impact labels', () => {
  expect(severityOf({ severity: 'critical' }, {})).toEqual({ priority: 'P1', impact: 'outage' });
  expect(severityOf({ severity: 'High' }, {})).toEqual({ priority: 'P2', impact: 'degraded' });
  expect(severityOf({ severity: 'info' }, {})).toEqual({ priority: 'P4', impact: 'none' });
  expect(severityOf({}, {})).toEqual({ priority: 'P3', impact: 'none' });
  expect(severityOf({ severity: 'warning' }, { warning: 'P2' })).toEqual({ priority: 'P2', impact: 'degraded' });
  expect(severityOf({ severity: 'page' }, { page: 'P1/degraded' })).toEqual({ priority: 'P1', impact: 'degraded' });
  expect(severityOf({ severity: 'warning', priority: 'P1' }, {})).toEqual({ priority: 'P1', impact: 'outage' });
  expect(severityOf({ severity: 'critical', impact: 'none' }, {})).toEqual({ priority: 'P1', impact: 'none' });
});

describeEachDatabase('monitoring ingestion', (db) => {
  const setup = async (at = '2026-03-02T10:16:00Z', opts: { perAlert?: boolean; defaultService?: string } = {}) => {
    const time = new ManualTime(at);
    const admin = await seedEstate(db().store, time);
    const integrations = new IntegrationUseCases(db().store, time, nodeHasher);
    const issued = await integrations.add({ name: 'am', kind: 'alertmanager', ...opts }, ALICE);
    const monitoring = new MonitoringUseCases(db().store, time, nodeHasher, 'Europe/Berlin');
    const incidents = new IncidentUseCases(db().store, time, 'Europe/Berlin');
    const ingest = async (d: AlertDelivery) => monitoring.ingest((await integrations.get('am'))!, d, null);
    return { time, admin, integrations, monitoring, incidents, ingest, issued };
  };
  const events = async (n: number) => (await db().store.read.incidents.events(n)).map((e) => e.kind);

  it('a group that fires, grows, shrinks and resolves drives one incident; the card knows its source', async () => {
    const { time, ingest, incidents } = await setup();
    const first = await ingest(fixture('alertmanager-group-1-firing'));
    expect(first.outcomes).toMatchObject([{ outcome: 'opened', incident: 1, service: 'payments' }]);
    const opened = await incidents.get(1);
    expect(opened.incident).toMatchObject({ priority: 'P1', impact: 'outage', status: 'open', title: 'Payments API error rate above 5%' });
    // Impact from the alert's start (to the second); clocks from when Pacta received it.
    expect(opened.incident.impactStart.toISOString()).toBe('2026-03-02T10:15:30.000Z');
    expect(opened.incident.openedAt.toISOString()).toBe('2026-03-02T10:16:00.000Z');
    expect(opened.source).toMatchObject({ integration: 'am', kind: 'alertmanager', firing: 1 });
    expect(opened.source?.labels[0]).toEqual(['alertname', 'HighErrorRate']);

    time.advance(2 * MIN);
    expect((await ingest(fixture('alertmanager-group-2-grows'))).outcomes[0]!.outcome).toBe('attached');
    expect((await incidents.get(1)).source?.firing).toBe(2);
    time.advance(15 * MIN);
    expect((await ingest(fixture('alertmanager-group-3-shrinks'))).outcomes[0]!.outcome).toBe('unchanged');
    expect((await incidents.get(1)).source?.firing).toBe(1);
    time.advance(10 * MIN);
    expect((await ingest(fixture('alertmanager-group-4-resolved'))).outcomes[0]!.outcome).toBe('resolved');
    const done = await incidents.get(1);
    expect(done.incident.status).toBe('resolved');
    expect(done.incident.resolvedBy).toMatchObject({ platform: 'system', id: 'integration:am' });
    expect(await events(1)).toEqual(['opened', 'note', 'resolved']);
    expect((await db().store.read.incidents.list({})).length).toBe(1);
  });

  it('the same notification twice changes nothing the second time (HA pairs)', async () => {
    const { ingest } = await setup();
    await ingest(fixture('alertmanager-group-1-firing'));
    const again = await ingest(fixture('alertmanager-group-1-firing'));
    expect(again.outcomes[0]!.outcome).toBe('duplicate');
    expect(await events(1)).toEqual(['opened']);
    const log = await db().store.read.alerts.deliveries({ limit: 10 });
    expect(log.map((d) => d.outcome)).toEqual(['duplicate', 'opened']);
  });

  it('a resolve that arrives before its firing opens nothing, and the late firing stays stale', async () => {
    const { ingest } = await setup('2026-03-02T10:45:00Z');
    expect((await ingest(fixture('alertmanager-group-4-resolved'))).outcomes[0]!.outcome).toBe('unchanged');
    expect((await ingest(fixture('alertmanager-group-2-grows'))).outcomes[0]!.outcome).toBe('stale');
    expect(await db().store.read.incidents.list({})).toEqual([]);
  });

  it('fires again within the reopen window: the same incident reopens; after it, a new one opens', async () => {
    const { time, ingest } = await setup('2026-03-02T10:45:00Z');
    const fire = (key: string, startsAt: string) => generic({ dedup_key: key, status: 'firing', summary: 'Disk full', service: 'payments', severity: 'critical', details: { startsAt } });
    const resolve = (key: string) => generic({ dedup_key: key, status: 'resolved', summary: 'Disk full', service: 'payments' });
    await ingest(fire('disk', 'a'));
    await ingest(resolve('disk'));
    time.advance(10 * MIN);
    expect((await ingest(fire('disk', 'b'))).outcomes[0]).toMatchObject({ outcome: 'reopened', incident: 1 });
    await ingest(resolve('disk'));
    time.advance(31 * MIN);
    expect((await ingest(fire('disk', 'c'))).outcomes[0]).toMatchObject({ outcome: 'opened', incident: 2 });
  });

  it('a person reopened it since the automatic resolve: the next resolve only notes', async () => {
    const { time, ingest, incidents } = await setup('2026-03-02T10:45:00Z');
    await ingest(generic({ dedup_key: 'k', status: 'firing', summary: 's', service: 'payments', severity: 'critical' }));
    await ingest(generic({ dedup_key: 'k', status: 'resolved', summary: 's', service: 'payments' }));
    time.advance(MIN);
    await incidents.reopen(1, ALICE, 'not fixed');
    time.advance(MIN);
    await ingest(generic({ dedup_key: 'k', status: 'firing', summary: 's', service: 'payments', severity: 'critical' }));
    const r = await ingest(generic({ dedup_key: 'k', status: 'resolved', summary: 's', service: 'payments' }));
    expect(r.outcomes[0]!.outcome).toBe('noted');
    expect((await incidents.get(1)).incident.status).not.toBe('resolved');
  });

  it('a worse severity raises the priority, a milder one never lowers it', async () => {
    const { ingest, incidents } = await setup('2026-03-02T10:45:00Z');
    await ingest(generic({ dedup_key: 'k', status: 'firing', summary: 's', service: 'payments', severity: 'warning' }));
    expect((await incidents.get(1)).incident).toMatchObject({ priority: 'P3', impact: 'none' });
    await ingest(generic({ dedup_key: 'k', status: 'firing', summary: 's', service: 'payments', severity: 'critical' }));
    expect((await incidents.get(1)).incident).toMatchObject({ priority: 'P1', impact: 'outage' });
    await ingest(generic({ dedup_key: 'k', status: 'firing', summary: 's', service: 'payments', severity: 'info' }));
    expect((await incidents.get(1)).incident).toMatchObject({ priority: 'P1', impact: 'outage' });
  });

  it('inside maintenance: suppressed, and the incident opens when the window ends while it still fires', async () => {
    const { time, ingest, admin, monitoring } = await setup('2026-03-02T10:16:00Z');
    await admin.addMaintenance('payments', new Date('2026-03-02T10:00:00Z'), 60 * MIN, 'db upgrade', ALICE);
    expect((await ingest(fixture('alertmanager-group-1-firing'))).outcomes[0]!.outcome).toBe('suppressed');
    expect(await db().store.read.incidents.list({})).toEqual([]);
    expect((await monitoring.releaseSuppressed()).opened).toBe(0);
    time.set('2026-03-02T11:00:05Z');
    expect((await monitoring.releaseSuppressed()).opened).toBe(1);
    expect((await db().store.read.incidents.list({})).map((i) => i.number)).toEqual([1]);
    expect((await monitoring.releaseSuppressed()).opened).toBe(0);
  });

  it('past the storm limit new keys join the newest open incident, and the channel is told once', async () => {
    const { ingest, admin } = await setup('2026-03-02T10:45:00Z');
    await admin.setService({ key: 'payments', channel: { platform: 'slack', id: 'CPAY' } });
    const outcomes: string[] = [];
    for (let i = 0; i < 25; i++) outcomes.push((await ingest(generic({ dedup_key: `k${i}`, status: 'firing', summary: `s${i}`, service: 'payments', severity: 'critical' }))).outcomes[0]!.outcome);
    expect(outcomes.filter((o) => o === 'opened').length).toBe(20);
    expect(outcomes.slice(20)).toEqual(['storm', 'storm', 'storm', 'storm', 'storm']);
    expect((await db().store.read.incidents.list({})).length).toBe(20);
    const rows = await db().handle.db.execute(`select key from outbox where payload->>'type' = 'alert.storm'`);
    expect((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length).toBe(1);
    // Cards go to the service's channel.
    expect((await db().store.read.incidents.get(1))?.channel).toEqual({ platform: 'slack', id: 'CPAY' });
  });

  it('an alert that routes nowhere is recorded as unrouted, never dropped; a default service catches it', async () => {
    const { ingest, integrations } = await setup('2026-03-02T10:45:00Z');
    const r = await ingest(generic({ dedup_key: 'x', status: 'firing', summary: 's', service: 'nope' }));
    expect(r.outcomes[0]).toMatchObject({ outcome: 'unrouted', service: null });
    expect((await integrations.deliveries({ unrouted: true })).map((d) => d.outcome)).toEqual(['unrouted']);
    await integrations.add({ name: 'fallback', kind: 'generic', defaultService: 'search' }, ALICE);
    const m = new MonitoringUseCases(db().store, new ManualTime('2026-03-02T10:45:00Z'), nodeHasher);
    const r2 = await m.ingest((await integrations.get('fallback'))!, generic({ dedup_key: 'x', status: 'firing', summary: 's', service: 'nope' }), null);
    expect(r2.outcomes[0]).toMatchObject({ outcome: 'opened', service: 'search' });
  });

  it('per-alert integrations open one incident per fingerprint', async () => {
    const { ingest } = await setup('2026-03-02T10:18:00Z', { perAlert: true });
    const r = await ingest(fixture('alertmanager-group-2-grows'));
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['opened', 'opened']);
  });

  it('two replicas given the same notification at once: one incident, one card', async () => {
    if (db().name !== 'postgres') return;
    const { time, integrations } = await setup();
    await new IntegrationUseCases(db().store, time, nodeHasher).get('am');
    const other = await openDatabase({ url: db().url! });
    try {
      const a = new MonitoringUseCases(db().store, time, nodeHasher);
      const b = new MonitoringUseCases(new DrizzleStore(other.db), time, nodeHasher);
      const integration = (await integrations.get('am'))!;
      const results = await Promise.all([a.ingest(integration, fixture('alertmanager-group-1-firing'), null), b.ingest(integration, fixture('alertmanager-group-1-firing'), null)]);
      expect(results.map((r) => r.outcomes[0]!.outcome).sort()).toEqual(['duplicate', 'opened']);
      expect((await db().store.read.incidents.list({})).length).toBe(1);
      const rows = await db().handle.db.execute(`select key from outbox where payload->>'type' = 'card.post'`);
      expect((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length).toBeLessThanOrEqual(1);
    } finally {
      await other.close();
    }
  });
});
