/**
 * Monitoring webhook ingestion on PostgreSQL, through Pacta's real server (`pacta start` in a process of
 * its own, bench/serve.ts): (1) 20 concurrent senders POSTing Alertmanager v4 payloads to
 * `/webhooks/<name>` — distinct group keys, identical re-sends (duplicates) and firing→resolved pairs —
 * deliveries/s and p50/p99 answer latency, beside a raw 20-way `insert` of as many rows into a plain
 * table (postgres.js); (2) webhook received → incident card handed to the chat API: from sending the POST
 * to a fake Slack Web API on loopback receiving `chat.postMessage` for that incident, p50/p99. The
 * integration's rate limit and storm limit are raised so neither 429 nor the storm guard shapes the
 * figures. BENCH_QUICK=1 halves the counts.
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { systemTime } from '../adapters/system-time.ts';
import { nodeHasher } from '../adapters/webhooks/auth.ts';
import { DrizzleStore } from '../db/store.ts';
import { AdminUseCases } from '../src/usecases/admin.ts';
import { IntegrationUseCases } from '../src/usecases/integrations.ts';
import { withBenchDatabase } from './database.ts';
import { seedEstate } from './seed-estate.ts';
import { serve, SECRET } from './slack.ts';
import { ms, percentile } from './stats.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SENDERS = 20;
const PER_SENDER = QUICK ? 100 : 200;
const CARDS = QUICK ? 50 : 100;
const CARD_CHANNEL = 'C0WEBHOOK';
const ADMIN = { platform: 'console' as const, id: 'bench' };

type Waiter = { text: string; resolve: () => void };

/** Answers every Web API method with ok; tells `waiters` when a chat.postMessage carrying their text arrives. */
async function fakeSlackApi(waiters: Set<Waiter>): Promise<{ url: string; server: Server }> {
  let ts = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
      if (method === 'chat.postMessage') {
        const decoded = decodeURIComponent(body.replace(/\+/g, ' '));
        for (const w of waiters) if (decoded.includes(w.text)) (waiters.delete(w), w.resolve());
      }
      const answer =
        method === 'users.info'
          ? { ok: true, user: { id: 'U', name: 'bench', tz: 'Europe/Berlin', profile: { display_name: 'bench' } } }
          : { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', channel: CARD_CHANNEL, ts: `1700000000.${String(++ts).padStart(6, '0')}` };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

/** An Alertmanager v4 group notification shaped like test/fixtures/webhooks/alertmanager-group-1-firing.json, with `instances` firing alerts. */
function alertmanager(service: string, alertname: string, status: 'firing' | 'resolved', startsAt: string, summary: string, instances = 1): string {
  const common = { alertname, job: `${service}-api`, service, severity: 'critical' };
  const annotations = { summary, description: '5xx rate over 5m', runbook_url: 'https://runbooks.example.com/high-error-rate' };
  const alerts = Array.from({ length: instances }, (_, i) => ({
    status,
    labels: { ...common, instance: `api-${i + 1}:8080` },
    annotations,
    startsAt,
    endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.com:9090/graph',
    fingerprint: `${service}-${alertname}-${i}`,
  }));
  return JSON.stringify({
    receiver: 'pacta',
    status,
    alerts,
    notification_reason: 'first notification',
    groupLabels: { alertname, service },
    commonLabels: common,
    commonAnnotations: annotations,
    routeLabels: { severity: 'critical' },
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: `{}/{severity="critical"}:{alertname="${alertname}", service="${service}"}`,
    truncatedAlerts: 0,
  });
}

/** POSTs `body`; resolves with the status and the first key's outcome from Pacta's answer. */
function postJson(url: URL, agent: Agent, secret: string, body: string): Promise<{ status: number; outcome: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${secret}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let outcome = '?';
        try {
          outcome = (JSON.parse(text) as { results?: Array<{ outcome: string }> }).results?.[0]?.outcome ?? '?';
        } catch {
          // not JSON: counted under '?'
        }
        resolve({ status: res.statusCode ?? 0, outcome });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const GROUPS_PER_SENDER = 10;
const serviceOf = (s: number) => `svc-${String(2 + (s % 19)).padStart(4, '0')}`;

/**
 * Steady state of a watched estate: sender `s` owns GROUPS_PER_SENDER alert groups, each already firing
 * with one alert. It re-notifies them round-robin as Alertmanager does (repeat_interval, group_interval);
 * every fifth notification of a group carries one more firing instance (the incident gets an "attached"
 * note), the rest repeat the last content (deduplicated). Every notification is delivered twice, as an HA
 * pair of Alertmanagers does: the second copy is a duplicate. So about nine in ten deliveries dedupe.
 */
function steadyBodies(s: number, count: number, startsAt: string): string[] {
  const out: string[] = [];
  const instances = Array.from({ length: GROUPS_PER_SENDER }, () => 1);
  for (let n = 0; out.length < count; n++) {
    const g = n % GROUPS_PER_SENDER;
    if (Math.floor(n / GROUPS_PER_SENDER) % 5 === 4) instances[g]! += 1;
    const body = alertmanager(serviceOf(s), `Steady${s}_${g}`, 'firing', startsAt, `Steady ${s}/${g} error rate above 5%`, instances[g]);
    out.push(body, body);
  }
  return out.slice(0, count);
}

/** The first notification of each of sender `s`'s groups: each opens an incident. */
function openingBodies(s: number, startsAt: string): string[] {
  return Array.from({ length: GROUPS_PER_SENDER }, (_, g) => alertmanager(serviceOf(s), `Steady${s}_${g}`, 'firing', startsAt, `Steady ${s}/${g} error rate above 5%`));
}

type Run = { seconds: number; samples: number[]; codes: string; byOutcome: Map<string, number[]> };

/** Each sender posts its list in order, one request at a time; all senders at once. */
async function drive(hook: URL, agent: Agent, secret: string, lists: string[][]): Promise<Run> {
  const samples: number[] = [];
  const statuses = new Map<number, number>();
  const byOutcome = new Map<string, number[]>();
  const t0 = performance.now();
  await Promise.all(
    lists.map(async (list) => {
      for (const b of list) {
        const t = performance.now();
        const { status, outcome } = await postJson(hook, agent, secret, b);
        const took = performance.now() - t;
        samples.push(took);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), took]);
      }
    }),
  );
  samples.sort((a, b) => a - b);
  for (const s of byOutcome.values()) s.sort((a, b) => a - b);
  return { seconds: (performance.now() - t0) / 1000, samples, codes: [...statuses].map(([c, n]) => `${n}× ${c}`).join(', '), byOutcome };
}

export async function benchWebhooks(pgUrl: string | null): Promise<string[]> {
  if (!pgUrl) return ['Webhook ingestion: skipped (no PostgreSQL).'];
  return withBenchDatabase(pgUrl, 'webhooks', async (h, url) => {
    const lines = [`Webhook ingestion on PostgreSQL (Alertmanager v4, real server, ${SENDERS} concurrent senders; rate limit and storm limit raised to 1,000,000 so neither 429 nor the storm guard applies)`];
    await seedEstate(h, new Date(), { services: 20, incidents: 0, open: 0, days: 1 });
    const store = new DrizzleStore(h.db);
    await new AdminUseCases(store, systemTime).setService({ key: 'svc-0001', channel: { platform: 'slack', id: CARD_CHANNEL } });
    const { secret, integration } = await new IntegrationUseCases(store, systemTime, nodeHasher).add({ name: 'am-bench', kind: 'alertmanager' }, ADMIN);
    await store.transaction((tx) => tx.integrations.update({ ...integration, ratePerMinute: 1_000_000, stormLimit: 1_000_000 }));

    const waiters = new Set<Waiter>();
    const api = await fakeSlackApi(waiters);
    const target = await serve('pacta', 'pacta', {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: api.url,
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
      PACTA_TIMEZONE: 'Europe/Berlin',
      PORT: '0',
      PACTA_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
    }, process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);
    const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
    try {
      const hook = new URL(target.url.replace(/\/slack\/events$/, '/webhooks/am-bench'));
      // Warm-up: a few deliveries so the first connections and prepared statements are not measured.
      for (const b of openingBodies(99, new Date().toISOString())) await postJson(hook, agent, secret, b);

      const startsAt = new Date(Date.now() - 60_000).toISOString();
      // Opening: the first notification of every group, each one a new incident (SENDERS × GROUPS_PER_SENDER).
      const opening = await drive(hook, agent, secret, Array.from({ length: SENDERS }, (_, s) => openingBodies(s, startsAt)));
      // (1) Sustained ingestion with dedup over those open groups.
      const bodies = Array.from({ length: SENDERS }, (_, s) => steadyBodies(s, PER_SENDER, startsAt));
      const steady = await drive(hook, agent, secret, bodies);
      const { seconds, samples, codes } = steady;
      const total = SENDERS * PER_SENDER;

      // Baseline: a raw insert of as many rows, 20-way, into a plain table.
      const raw = postgres(url, { max: SENDERS, onnotice: () => {} });
      await raw`create table bench_raw_webhooks (id bigserial primary key, body jsonb not null, received_at timestamptz not null default now())`;
      const rawSamples: number[] = [];
      const r0 = performance.now();
      await Promise.all(
        bodies.map(async (list) => {
          for (const b of list) {
            const t = performance.now();
            await raw`insert into bench_raw_webhooks (body) values (${b}::jsonb)`;
            rawSamples.push(performance.now() - t);
          }
        }),
      );
      const rawSeconds = (performance.now() - r0) / 1000;
      rawSamples.sort((a, b) => a - b);
      await raw.end({ timeout: 1 });
      lines.push(
        `  sustained ingestion with dedup, ${total} deliveries over ${SENDERS * GROUPS_PER_SENDER} firing groups (every notification twice as from an HA pair; one in five changes the group): ${Math.round(total / seconds)} deliveries/s, p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))} (answers: ${codes})`,
        `  baseline, raw insert of ${total} rows, 20-way (postgres.js): ${Math.round(total / rawSeconds)} rows/s, p50 ${ms(percentile(rawSamples, 50))}, p99 ${ms(percentile(rawSamples, 99))}`,
        ...[...steady.byOutcome].map(([o, s]) => `    of which ${s.length} ${o}: p50 ${ms(percentile(s, 50))}, p99 ${ms(percentile(s, 99))}`),
        `  goal (issue): ≥ 1,000 deliveries/s, p99 < 50 ms`,
        `  opening, ${SENDERS * GROUPS_PER_SENDER} new groups at once (each opens an incident: card, clocks, timeline): ${Math.round((SENDERS * GROUPS_PER_SENDER) / opening.seconds)} incidents/s, p50 ${ms(percentile(opening.samples, 50))}, p99 ${ms(percentile(opening.samples, 99))} (answers: ${opening.codes})`,
      );

      // (2) Received → card handed to chat.postMessage, one incident at a time.
      const cardSamples: number[] = [];
      let missed = 0;
      for (let i = 0; i < CARDS; i++) {
        const text = `bench-card-${i}-${process.pid}`;
        const arrived = new Promise<void>((resolve) => waiters.add({ text, resolve }));
        const t = performance.now();
        await postJson(hook, agent, secret, alertmanager('svc-0001', `Card${i}`, 'firing', new Date().toISOString(), text));
        const ok = await Promise.race([arrived.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
        if (ok) cardSamples.push(performance.now() - t);
        else missed++;
      }
      cardSamples.sort((a, b) => a - b);
      lines.push(
        `  received → incident card at chat.postMessage (fake Slack API on loopback), ${CARDS} incidents: p50 ${ms(percentile(cardSamples, 50))}, p99 ${ms(percentile(cardSamples, 99))}${missed ? ` (${missed} cards did not arrive within 5 s)` : ''}`,
      );
      return lines;
    } finally {
      agent.destroy();
      await target.stop();
      await new Promise<void>((r) => api.server.close(() => r()));
    }
  });
}
