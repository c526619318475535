/**
 * Issue 4 figures: signed `/sla status` requests through Pacta's HTTP server and the real Bolt app, at 1,
 * 10 and 50 concurrent clients on loopback — p50, p99 and requests per second — beside a bare Bolt app
 * measured in the same run: the same signature check on the same kind of server, a `/sla` listener that
 * only acks. Bolt's stock HTTPReceiver is measured too, to show Pacta's receiver costs nothing extra.
 * The estate: a few dozen services with history and open incidents, on in-memory PGlite (and on
 * PostgreSQL when reachable). Bounded request counts; everything stops by itself.
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp } from '@slack/bolt';
import { createApp } from '../adapters/root/app.ts';
import { loadConfig } from '../adapters/config.ts';
import { HttpServer } from '../adapters/http/server.ts';
import { silentLogger } from '../adapters/logger.ts';
import { SlackHttpReceiver } from '../adapters/slack/http-receiver.ts';
import { startSlack } from '../adapters/slack/slack-app.ts';
import { signSlackRequest } from '../adapters/slack/signature.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { withBenchDatabase } from './database.ts';
import { seedEstate, type EstateSize } from './seed-estate.ts';
import { ms, percentile } from './stats.ts';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const SIZE: EstateSize = { services: 36, incidents: 3000, open: 24, days: 90 };
const NOW = new Date('2026-11-25T12:00:00Z');
const LEVELS = [
  { clients: 1, requests: 300 },
  { clients: 10, requests: 1500 },
  { clients: 50, requests: 3000 },
];
const USERS = Array.from({ length: 20 }, (_, i) => `U0BENCH${String(i + 1).padStart(2, '0')}`);
const log = silentLogger();

export type Target = { name: string; url: string; stop(): Promise<void> };
type Run = { clients: number; requests: number; p50: number; p99: number; rps: number; deferred: number };
/** `ok`: the expected answer in the ack; `deferred`: an empty ack (Pacta's reply went to response_url, past the 2.5 s budget). */
type Check = (text: string) => 'ok' | 'deferred' | 'bad';

/** users.info and auth.test on loopback: Pacta looks each user's zone up once, then serves it from its cache. */
async function fakeSlackApi(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const body = method === 'users.info' ? { ok: true, user: { id: 'U', name: 'bench', tz: 'Europe/Berlin', profile: { display_name: 'bench' } } } : { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

async function pactaTarget(name: string, db: DatabaseHandle, apiUrl: string): Promise<Target> {
  const config = loadConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: apiUrl, SLACK_BOT_ID: 'B0BOT', SLACK_BOT_USER_ID: 'U0BOT', PACTA_TIMEZONE: 'Europe/Berlin' });
  const app = await createApp({ config, db, time: { now: () => NOW }, log });
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: () => app.db.ping(), log });
  const slack = await startSlack({ inbound: app.inbound, reactions: app.reactionsFor('slack') }, server, config.slack, log);
  if (slack) app.chat.register('slack', slack.port);
  const { port } = await server.listen();
  return {
    name,
    url: `http://127.0.0.1:${port}/slack/events`,
    stop: async () => {
      await server.stop();
      await slack?.stop();
    },
  };
}

/** The baseline: Bolt with the same receiver on the same server class; `/sla` only acks. */
export async function bareBolt(): Promise<Target> {
  const receiver = new SlackHttpReceiver({ signingSecret: SECRET, log });
  const bolt = new BoltApp({ receiver, authorize: async () => ({ botToken: TOKEN, botId: 'B0BOT', botUserId: 'U0BOT' }), logger: quiet() });
  bolt.command('/sla', async ({ ack }) => ack());
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log });
  server.route('/slack/events', receiver.handle);
  const { port } = await server.listen();
  return { name: 'bare Bolt, ack only', url: `http://127.0.0.1:${port}/slack/events`, stop: () => server.stop() };
}

/** Bolt's stock HTTPReceiver (its own server and signature check); `/sla` only acks. */
async function stockBolt(): Promise<Target> {
  const bolt = new BoltApp({ signingSecret: SECRET, token: TOKEN, botId: 'B0BOT', botUserId: 'U0BOT', logger: quiet() });
  bolt.command('/sla', async ({ ack }) => ack());
  const server = (await bolt.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return { name: 'stock Bolt HTTPReceiver, ack only', url: `http://127.0.0.1:${port}/slack/events`, stop: async () => void (await bolt.stop()) };
}

function quiet() {
  const noop = () => {};
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => 'error' as never, setName: noop };
}

function slashBody(n: number): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'incidents',
    user_id: USERS[n % USERS.length]!,
    user_name: 'bench',
    command: '/sla',
    text: 'status',
    api_app_id: 'A0BENCH',
    response_url: 'http://127.0.0.1:9/never-used',
    trigger_id: `${n}.bench`,
  }).toString();
}

/** One signed POST; resolves with the status code and body. */
export function post(url: URL, agent: Agent, body: string): Promise<{ status: number; text: string }> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signSlackRequest(SECRET, ts, body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `requests` signed `/sla status` requests from `clients` concurrent keep-alive clients. */
async function load(target: Target, clients: number, requests: number, check: Check): Promise<Run> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const samples: number[] = [];
  let next = 0;
  let bad = 0;
  let deferred = 0;
  // Connections are opened (and used once) before the clock starts, as load tools do: the figures are
  // about requests, not about 50 TCP handshakes at once.
  await Promise.all(Array.from({ length: clients }, (_, i) => post(url, agent, slashBody(i))));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        const n = next++;
        const t = performance.now();
        const res = await post(url, agent, slashBody(n));
        samples.push(performance.now() - t);
        const verdict = res.status === 200 ? check(res.text) : 'bad';
        if (verdict === 'bad') bad++;
        if (verdict === 'deferred') deferred++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  if (bad) throw new Error(`${target.name}: ${bad} of ${requests} answers were not the expected reply`);
  samples.sort((a, b) => a - b);
  return { clients, requests, p50: percentile(samples, 50), p99: percentile(samples, 99), rps: requests / seconds, deferred };
}

const isStatus: Check = (text) => (text === '' ? 'deferred' : text.includes('svc-0001') && text.includes('"response_type":"ephemeral"') ? 'ok' : 'bad');
const isEmptyAck: Check = (text) => (text === '' ? 'ok' : 'bad');

function row(name: string, r: Run): string {
  const late = r.deferred ? `  (${r.deferred} past 2.5 s, answered via response_url)` : '';
  return `  ${name.padEnd(38)} ${String(r.clients).padStart(3)} clients  p50 ${ms(r.p50).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  ${Math.round(r.rps).toLocaleString('en').padStart(6)} req/s${late}`;
}

async function measure(targets: Array<{ target: Target; check: Check }>): Promise<Map<string, Run[]>> {
  const out = new Map<string, Run[]>();
  for (const { target, check } of targets) {
    // Warm-up: JIT, connection set-up, every bench user's zone cached.
    await load(target, 10, 200, check);
    const runs: Run[] = [];
    for (const level of LEVELS) runs.push(await load(target, level.clients, level.requests, check));
    out.set(target.name, runs);
  }
  return out;
}

function verdict(pacta: Run[], bare: Run[]): string[] {
  const lines: string[] = [];
  const at50 = pacta.find((r) => r.clients === 50)!;
  lines.push(`    goal p99 < 100 ms at 50 clients: ${ms(at50.p99)} — ${at50.p99 < 100 ? 'met' : 'NOT met'}`);
  const ratios = pacta.map((r, i) => `${r.clients}: ${(r.p50 / bare[i]!.p50).toFixed(1)}×`);
  const worst = Math.max(...pacta.map((r, i) => r.p50 / bare[i]!.p50));
  lines.push(`    goal p50 ≤ 2× bare Bolt: ${ratios.join(', ')} — ${worst <= 2 ? 'met' : 'NOT met'} (clients: ratio)`);
  return lines;
}

export async function benchSlack(postgresUrl: string | null = null): Promise<string[]> {
  const lines = [
    `Slack: signed /sla status through Pacta's HTTP server and Bolt, loopback, keep-alive clients`,
    `  estate: ${SIZE.services} services, ${SIZE.incidents.toLocaleString('en')} incidents (${SIZE.open} open); requests per level: ${LEVELS.map((l) => `${l.clients}→${l.requests}`).join(', ')}`,
  ];
  const api = await fakeSlackApi();
  const baselines = [await bareBolt(), await stockBolt()];
  try {
    const base = await measure(baselines.map((target) => ({ target, check: isEmptyAck })));
    const bare = base.get(baselines[0]!.name)!;
    for (const [name, runs] of base) for (const r of runs) lines.push(row(name, r));
    // Seeds `db`, serves it through Pacta and measures it beside the bare app.
    const measurePacta = async (label: string, db: DatabaseHandle): Promise<void> => {
      await seedEstate(db, NOW, SIZE);
      const target = await pactaTarget(label, db, api.url);
      try {
        const runs = (await measure([{ target, check: isStatus }])).get(target.name)!;
        for (const r of runs) lines.push(row(target.name, r));
        lines.push(...verdict(runs, bare));
      } finally {
        await target.stop();
      }
    };
    const lite = await openDatabase();
    try {
      await measurePacta('Pacta /sla status, PGlite', lite);
    } finally {
      await lite.close();
    }
    if (postgresUrl) {
      await withBenchDatabase(postgresUrl, 'slack', (pg) => measurePacta('Pacta /sla status, PostgreSQL', pg));
    } else lines.push('  PostgreSQL: skipped (no database reachable)');
  } finally {
    for (const b of baselines) await b.stop();
    api.server.closeAllConnections();
    await new Promise<void>((r) => api.server.close(() => r()));
  }
  return lines;
}
