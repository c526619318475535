/**
 * Issue 10 figure: a command's card refresh, through the one pipeline. A signed `/sla ack INC-n` goes
 * through Pacta's HTTP server and Bolt; the acknowledgement queues the card refresh in the outbox in the
 * same transaction, and the dispatcher, woken right after the commit, hands `chat.update` to the Slack
 * Web API. Measured: from sending the command to the fake Web API receiving that `chat.update`. Beside
 * it, in the same run, a bare Bolt app that verifies and acks the same signed command. PostgreSQL and
 * PGlite; bounded counts; everything stops by itself.
 */
import { createServer, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../adapters/config.ts';
import { HttpServer } from '../adapters/http/server.ts';
import { silentLogger } from '../adapters/logger.ts';
import { createApp } from '../adapters/root/app.ts';
import { mountSlack } from '../adapters/root/server.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { withBenchDatabase } from './database.ts';
import { post, SECRET, serve } from './slack.ts';
import { ms, percentile } from './stats.ts';

const INCIDENTS = 200;
const CHANNEL = 'C0BENCH';
const log = silentLogger();

/** A Slack Web API on loopback that answers posts with a fresh ts and reports each chat.update's ts as it arrives. */
async function fakeWebApi(onUpdate: (ts: string) => void): Promise<{ url: string; server: Server }> {
  let seq = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      let answer: object = { ok: true };
      if (method === 'chat.postMessage') answer = { ok: true, channel: CHANNEL, ts: `1700000000.${String(++seq).padStart(6, '0')}` };
      else if (method === 'chat.update') {
        const ts = new URLSearchParams(body).get('ts') ?? (JSON.parse(body || '{}') as { ts?: string }).ts ?? '';
        onUpdate(ts);
        answer = { ok: true, channel: CHANNEL, ts };
      } else if (method === 'users.info') answer = { ok: true, user: { id: 'U', name: 'bench', tz: 'Europe/Berlin', profile: { display_name: 'bench' } } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

function slash(text: string, n: number): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'T0BENCH',
    channel_id: CHANNEL,
    user_id: `U0BENCH${n % 20}`,
    user_name: 'bench',
    command: '/sla',
    text,
    api_app_id: 'A0BENCH',
    response_url: 'http://127.0.0.1:9/never-used',
    trigger_id: `${n}.bench`,
  }).toString();
}

/** Opens INCIDENTS incidents (their cards posted), then acks each and times command → chat.update. */
async function measureCards(db: DatabaseHandle): Promise<number[]> {
  const waiting = new Map<string, () => void>();
  const api = await fakeWebApi((ts) => waiting.get(ts)?.());
  const config = loadConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: api.url, SLACK_BOT_ID: 'B0BOT', SLACK_BOT_USER_ID: 'U0BOT', PACTA_TIMEZONE: 'Europe/Berlin' });
  const app = await createApp({ config, db, log });
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: () => app.db.ping(), log });
  const slack = await mountSlack(app, server, log);
  const { port } = await server.listen();
  const url = new URL(`http://127.0.0.1:${port}/slack/events`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await app.admin.addService({ key: 'payments', name: 'Payments API', availabilityPercent: 99.9, window: '30d' });
    await app.admin.setPolicy({ serviceKey: 'payments', priority: 'P1', ackSeconds: 15 * 60, resolveSeconds: 4 * 3600 });
    for (let i = 0; i < INCIDENTS; i++) await post(url, agent, slash(`open payments P1 Bench incident ${i}`, i));
    const cards = new Map<number, string>();
    for (const ref of await Promise.all(Array.from({ length: INCIDENTS }, (_, i) => app.store.read.messages.forIncident(i + 1, 'card')))) {
      if (ref[0]) cards.set(ref[0].incidentNumber!, ref[0].messageId);
    }
    if (cards.size !== INCIDENTS) throw new Error(`only ${cards.size} of ${INCIDENTS} cards were posted`);
    const samples: number[] = [];
    for (let n = 1; n <= INCIDENTS; n++) {
      const ts = cards.get(n)!;
      const updated = new Promise<void>((resolve) => waiting.set(ts, resolve));
      const t = performance.now();
      const res = await post(url, agent, slash(`ack INC-${n}`, n));
      if (res.status !== 200) throw new Error(`ack INC-${n}: HTTP ${res.status}`);
      await updated;
      samples.push(performance.now() - t);
      waiting.delete(ts);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    agent.destroy();
    await server.stop();
    await slack?.stop();
    api.server.closeAllConnections();
    await new Promise<void>((r) => api.server.close(() => r()));
  }
}

/** The baseline: the same signed command to a Bolt app that only acks, one client. */
async function measureBare(): Promise<number[]> {
  const target = await serve('bare Bolt, ack only', 'bare', { SLACK_SIGNING_SECRET: SECRET });
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const samples: number[] = [];
    for (let n = 0; n < 50; n++) await post(url, agent, slash('ack INC-1', n));
    for (let n = 1; n <= INCIDENTS; n++) {
      const t = performance.now();
      await post(url, agent, slash(`ack INC-${n}`, n));
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    agent.destroy();
    await target.stop();
  }
}

export async function benchCardUpdate(postgresUrl: string | null): Promise<string[]> {
  const lines = [`Card refresh through the outbox: signed /sla ack → chat.update handed to the Web API (${INCIDENTS} acks, one client, loopback)`];
  const row = (name: string, s: number[]) => `  ${name.padEnd(40)} p50 ${ms(percentile(s, 50)).padStart(9)}  p99 ${ms(percentile(s, 99)).padStart(9)}`;
  const bare = await measureBare();
  lines.push(row('bare Bolt, ack only (baseline)', bare));
  if (postgresUrl) {
    const pg = await withBenchDatabase(postgresUrl, 'cards', (db) => measureCards(db));
    lines.push(row('Pacta, PostgreSQL', pg));
    lines.push(`    goal p99 < 300 ms on PostgreSQL: ${ms(percentile(pg, 99))} — ${percentile(pg, 99) < 300 ? 'met' : 'NOT met'}`);
  } else lines.push('  PostgreSQL: skipped (no database reachable)');
  const lite = await openDatabase();
  try {
    lines.push(row('Pacta, PGlite', await measureCards(lite)));
  } finally {
    await lite.close();
  }
  return lines;
}
