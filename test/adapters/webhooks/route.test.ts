/**
 * `POST /webhooks/<name>` through the real HTTP server (docs/semantics.md §6): the answers for good,
 * forged, missing and rotated secrets, unknown integrations, malformed and oversized bodies, the request
 * rate, Grafana's HMAC, and a database that is gone — and that nothing is written unless the answer is 2xx.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { nodeHasher } from '../../../adapters/webhooks/auth.ts';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { webhookRoute, WEBHOOK_PREFIX } from '../../../adapters/webhooks/route.ts';
import { IntegrationUseCases } from '../../../src/usecases/integrations.ts';
import { MonitoringUseCases } from '../../../src/usecases/monitoring.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';
import type { Store } from '../../../src/ports/store.ts';

const body = readFileSync(new URL('../../fixtures/webhooks/alertmanager-group-1-firing.json', import.meta.url), 'utf8');

describeEachDatabase('webhook route', (db) => {
  let server: HttpServer;
  let base = '';
  let time: ManualTime;
  let integrations: IntegrationUseCases;
  let secret = '';
  let broken = false;
  const delivered: string[] = [];

  beforeAll(async () => {
    time = new ManualTime('2026-03-02T10:16:00Z');
    // A store that can be made to fail like a database that went away.
    const store: Store = {
      get read() {
        return db().store.read;
      },
      get commits() {
        return db().store.commits;
      },
      transaction: (fn) => (broken ? Promise.reject(new Error('connection refused')) : db().store.transaction(fn)),
    };
    server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log: silentLogger() });
    server.routePrefix(WEBHOOK_PREFIX, webhookRoute({ store, monitoring: new MonitoringUseCases(store, time, nodeHasher), time, log: silentLogger(), deliver: (k) => delivered.push(...k) }));
    const a = await server.listen();
    base = `http://127.0.0.1:${a.port}`;
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    broken = false;
    const admin = await seedEstate(db().store, time);
    await admin.setService({ key: 'payments', channel: { platform: 'slack', id: 'CPAY' } });
    integrations = new IntegrationUseCases(db().store, time, nodeHasher);
    secret = (await integrations.add({ name: 'am', kind: 'alertmanager' }, ALICE)).secret;
  });

  const post = (path: string, text: string, headers: Record<string, string> = { authorization: `Bearer ${secret}` }) =>
    fetch(`${base}${path}`, { method: 'POST', body: text, headers: { 'content-type': 'application/json', ...headers } });
  const incidents = async () => (await db().store.read.incidents.list({})).length;
  const deliveries = async () => (await db().store.read.alerts.deliveries({ limit: 100 })).length;

  it('a good delivery is committed, then answered 200 with what it did, and its card handed over', async () => {
    const res = await post('/webhooks/am', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', results: [{ outcome: 'opened', incident: 1, service: 'payments' }] });
    expect(await incidents()).toBe(1);
    expect(delivered.length).toBeGreaterThan(0);
    // Basic auth works too (any user name).
    const basic = await post('/webhooks/am', body, { authorization: `Basic ${Buffer.from(`pacta:${secret}`).toString('base64')}` });
    expect(basic.status).toBe(200);
    expect(await basic.json()).toMatchObject({ results: [{ outcome: 'duplicate' }] });
  });

  it('forged, missing and unknown: the same 401, nothing written', async () => {
    const answers = await Promise.all([
      post('/webhooks/am', body, { authorization: 'Bearer nope' }),
      post('/webhooks/am', body, {}),
      post('/webhooks/nobody', body),
      post('/webhooks/am', body, { authorization: `Bearer ${secret}x` }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(texts).size).toBe(1);
    expect([await incidents(), await deliveries()]).toEqual([0, 0]);
  });

  it('after rotate, the old secret works within the grace and not after; without grace, at once not', async () => {
    const old = secret;
    const fresh = (await integrations.rotate('am', 3600)).secret;
    expect((await post('/webhooks/am', body, { authorization: `Bearer ${old}` })).status).toBe(200);
    time.advance(3601_000);
    expect((await post('/webhooks/am', body, { authorization: `Bearer ${old}` })).status).toBe(401);
    expect((await post('/webhooks/am', body, { authorization: `Bearer ${fresh}` })).status).toBe(200);
    const next = (await integrations.rotate('am', 0)).secret;
    expect((await post('/webhooks/am', body, { authorization: `Bearer ${fresh}` })).status).toBe(401);
    expect((await post('/webhooks/am', body, { authorization: `Bearer ${next}` })).status).toBe(200);
    time.set('2026-03-02T10:16:00Z');
  });

  it('malformed bodies get 400 naming the problem; oversized 413; neither writes', async () => {
    const bad = await post('/webhooks/am', '{"version":"4","status":"firing"');
    expect(bad.status).toBe(400);
    const wrong = await post('/webhooks/am', JSON.stringify({ ...JSON.parse(body), alerts: [{ status: 'firing' }] }));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/alerts\[0\]/);
    const big = await post('/webhooks/am', `{"pad":"${'x'.repeat(1024 * 1024)}"}`);
    expect(big.status).toBe(413);
    expect([await incidents(), await deliveries()]).toEqual([0, 0]);
  });

  it('over the request rate: 429 with Retry-After', async () => {
    await integrations.add({ name: 'slow', kind: 'generic', defaultService: 'payments' }, ALICE).then(async (s) => {
      const row = (await integrations.get('slow'))!;
      await db().store.transaction((tx) => tx.integrations.update({ ...row, ratePerMinute: 2 }));
      const send = () => post('/webhooks/slow', JSON.stringify({ dedup_key: 'k', status: 'firing', summary: 's' }), { authorization: `Bearer ${s.secret}` });
      const statuses = [(await send()).status, (await send()).status];
      const third = await send();
      expect(statuses).toEqual([200, 200]);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  it('Grafana HMAC over timestamp:body is accepted with --hmac; a bad signature is 401', async () => {
    const g = await integrations.add({ name: 'graf', kind: 'grafana', defaultService: 'payments', hmac: true }, ALICE);
    const grafana = readFileSync(new URL('../../fixtures/webhooks/grafana-docs-example.json', import.meta.url), 'utf8');
    const ts = String(Math.floor(time.now().getTime() / 1000));
    const sig = createHmac('sha256', g.hmacKey!).update(`${ts}:${grafana}`).digest('hex');
    const ok = await post('/webhooks/graf', grafana, { 'x-grafana-alerting-signature': sig, 'x-grafana-alerting-timestamp': ts });
    expect(ok.status).toBe(200);
    const forged = await post('/webhooks/graf', grafana, { 'x-grafana-alerting-signature': sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')), 'x-grafana-alerting-timestamp': ts });
    expect(forged.status).toBe(401);
  });

  it('database unavailable: 503 with Retry-After, nothing applied; the retry then applies it', async () => {
    broken = true;
    const res = await post('/webhooks/am', body);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    broken = false;
    expect([await incidents(), await deliveries()]).toEqual([0, 0]);
    expect((await post('/webhooks/am', body)).status).toBe(200);
    expect(await incidents()).toBe(1);
  });
});
