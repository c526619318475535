/**
 * The storm guard over HTTP (docs/semantics.md §6, "Storms"): "Once an integration has opened 20
 * incidents within 10 minutes, new keys of a service join that service's newest open incident as notes
 * (outcome *storm*), and the channel is told once per 10-minute period. The count is taken under a lock
 * on the integration, so it holds across replicas."
 *
 * 500 distinct alert groups for one service arrive within one minute (a manual clock, inside one
 * 10-minute period), ten at a time, at one Alertmanager integration with the default limit (20 per
 * 600 s). Exactly 20 incidents open; the other 480 keys are answered 2xx with outcome 'storm', recorded
 * as 'storm' deliveries of the newest open incident, noted on its timeline, and the channel gets one
 * storm notice.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { nodeHasher } from '../../../adapters/webhooks/auth.ts';
import { WEBHOOK_PREFIX, webhookRoute } from '../../../adapters/webhooks/route.ts';
import { alertDeliveries, alertKeys, outbox } from '../../../db/schema.ts';
import { IntegrationUseCases } from '../../../src/usecases/integrations.ts';
import { MonitoringUseCases } from '../../../src/usecases/monitoring.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const GROUPS = 500;
const CONCURRENCY = 10;
/** 10:16:00–10:17:00: one minute, inside the 10:10–10:20 storm period. */
const START = '2026-03-02T10:16:00Z';
const template = JSON.parse(readFileSync(new URL('../../fixtures/webhooks/alertmanager-group-1-firing.json', import.meta.url), 'utf8')) as Record<string, any>;

/** Group `i`: its own group key, fingerprint and summary, for the payments service. */
function group(i: number, at: Date): string {
  const b = structuredClone(template);
  const name = `Storm${i}`;
  b.groupKey = `{}/{severity="critical"}:{alertname="${name}", service="payments"}`;
  b.groupLabels = { alertname: name, service: 'payments' };
  b.commonLabels = { ...b.commonLabels, alertname: name };
  b.commonAnnotations = { ...b.commonAnnotations, summary: `Storm group ${i}` };
  b.alerts[0].labels = { ...b.alerts[0].labels, alertname: name };
  b.alerts[0].annotations = { ...b.alerts[0].annotations, summary: `Storm group ${i}` };
  b.alerts[0].fingerprint = `f${i.toString(16).padStart(15, '0')}`;
  b.alerts[0].startsAt = new Date(at.getTime() - 30_000).toISOString();
  return JSON.stringify(b);
}

type Result = { key: string; outcome: string; incident: number | null; service: string | null };

describeEachDatabase('webhook storm guard', (db) => {
  let server: HttpServer;
  let port = 0;
  let agent: Agent;
  let time: ManualTime;
  let secret = '';

  beforeAll(async () => {
    time = new ManualTime(START);
    const store = db().store;
    server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log: silentLogger() });
    server.routePrefix(WEBHOOK_PREFIX, webhookRoute({ store, monitoring: new MonitoringUseCases(store, time, nodeHasher), time, log: silentLogger(), deliver: () => {} }));
    port = (await server.listen()).port;
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  });
  afterAll(async () => {
    agent?.destroy();
    await server?.stop();
  });
  beforeEach(async () => {
    time.set(START);
    const admin = await seedEstate(db().store, time);
    await admin.setService({ key: 'payments', channel: { platform: 'slack', id: 'CPAY' } });
    secret = (await new IntegrationUseCases(db().store, time, nodeHasher).add({ name: 'am', kind: 'alertmanager' }, ALICE)).secret;
  });

  const post = (text: string): Promise<{ status: number; body: { results?: Result[] } }> =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(text);
      const req = request(
        { agent, host: '127.0.0.1', port, method: 'POST', path: `${WEBHOOK_PREFIX}am`, headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${secret}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results?: Result[] } }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it(`${GROUPS} new groups within a minute: exactly the storm limit opens, the rest join the newest open incident, one notice`, async () => {
    const integration = (await db().store.read.integrations.get('am'))!;
    // The defaults (db/schema.ts, IntegrationUseCases.add): 20 per 600 s.
    expect([integration.stormLimit, integration.stormWindowSeconds]).toEqual([20, 600]);
    const limit = integration.stormLimit;

    // 500 groups over one manual minute (120 ms apart), ten requests in flight at a time.
    const step = 60_000 / GROUPS;
    const answers: Array<{ status: number; results: Result[] }> = new Array(GROUPS);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < GROUPS) {
          const i = next++;
          const at = time.advance(step);
          const a = await post(group(i, at));
          answers[i] = { status: a.status, results: a.body.results ?? [] };
        }
      }),
    );
    expect(time.now().getTime() - new Date(START).getTime()).toBeLessThanOrEqual(60_000);

    // Every answer is a 2xx and names one key and what it did.
    expect(answers.filter((a) => a.status < 200 || a.status > 299)).toEqual([]);
    expect(answers.every((a) => a.results.length === 1)).toBe(true);
    const results = answers.map((a) => a.results[0]!);
    const opened = results.filter((r) => r.outcome === 'opened');
    const storm = results.filter((r) => r.outcome === 'storm');
    expect(opened).toHaveLength(limit);
    expect(storm).toHaveLength(GROUPS - limit);

    // Exactly `limit` incidents, all open, all the service's; the newest is where the rest joined.
    const incidents = await db().store.read.incidents.list({});
    expect(incidents).toHaveLength(limit);
    expect(incidents.every((i) => i.status !== 'resolved' && i.serviceKey === 'payments')).toBe(true);
    expect(new Set(opened.map((r) => r.incident)).size).toBe(limit);
    const newest = Math.max(...incidents.map((i) => i.number));
    expect(storm.every((r) => r.incident === newest && r.service === 'payments')).toBe(true);
    // Each opened incident is its own group's.
    const titles = new Set(incidents.map((i) => i.title));
    expect(titles.size).toBe(limit);

    // The newest incident's timeline has one storm note per held-back key, naming it.
    const notes = (await db().store.read.incidents.events(newest)).filter((e) => e.kind === 'note' && /^Storm: /.test(e.text ?? ''));
    expect(notes).toHaveLength(GROUPS - limit);
    const noted = new Set(notes.map((n) => /Storm group (\d+)/.exec(n.text ?? '')?.[1]));
    const heldBack = answers.flatMap((a, i) => (a.results[0]!.outcome === 'storm' ? [String(i)] : []));
    expect([...noted].sort()).toEqual([...heldBack].sort());
    // No other incident got a storm note.
    for (const i of incidents.filter((x) => x.number !== newest)) expect((await db().store.read.incidents.events(i.number)).some((e) => /^Storm: /.test(e.text ?? ''))).toBe(false);

    // The deliveries record: `limit` opened, the rest 'storm' on the newest incident; every key is
    // attached to its incident.
    const d = db().handle.db;
    const recorded = await d.select().from(alertDeliveries).where(eq(alertDeliveries.integration, 'am'));
    expect(recorded).toHaveLength(GROUPS);
    expect(recorded.filter((r) => r.outcome === 'opened')).toHaveLength(limit);
    const stormRows = recorded.filter((r) => r.outcome === 'storm');
    expect(stormRows).toHaveLength(GROUPS - limit);
    expect(stormRows.every((r) => r.incidentNumber === newest && r.serviceKey === 'payments' && r.applied)).toBe(true);
    expect(new Set(stormRows.map((r) => r.key))).toEqual(new Set(storm.map((r) => r.key)));
    const keys = await d.select().from(alertKeys).where(eq(alertKeys.integration, 'am'));
    expect(keys).toHaveLength(GROUPS);
    expect(keys.filter((k) => k.incidentNumber === newest)).toHaveLength(GROUPS - limit + 1);
    expect(keys.every((k) => k.firing && k.incidentNumber !== null)).toBe(true);
    // And what `alerts am` lists says 'storm' for the held-back ones (newest first, 20 at most).
    const listed = await new IntegrationUseCases(db().store, time, nodeHasher).deliveries({ integration: 'am' });
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((r) => r.outcome === 'storm')).toBe(true);

    // The channel is told once in the period: one 'alert.storm' notice, to the service's channel.
    const notices = (await d.select().from(outbox)).filter((r) => (r.payload as { type?: string }).type === 'alert.storm');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ platform: 'slack', channelId: 'CPAY', incidentNumber: newest });
    expect(notices[0]!.payload).toEqual({ type: 'alert.storm', integration: 'am', service: 'payments', incident: newest, limit: 20, windowSeconds: 600 });
  });
});
