/**
 * `/sla status` at a real estate's size (issue 11): signed requests through Pacta's real server (`pacta
 * start`, the HTTP server and the Bolt app) at 1, 10 and 50 concurrent clients on loopback — p50, p99
 * and requests per second — beside a bare Bolt app that only verifies and acks, measured in the same run
 * the same way. Each server runs in a process of its own (bench/serve.ts): its memory is its own, and it
 * does not share an event loop with the clients. The estate: 300 services (half on a business calendar,
 * all 99.9 % over 30 days) and 900 incidents (600 resolved), on PGlite in a data directory and on
 * PostgreSQL when reachable. The server runs on the system clock, so seconds tick during the load as
 * they do in production. Bounded request counts; everything stops by itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signSlackRequest } from '../adapters/slack/signature.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { withBenchDatabase } from './database.ts';
import type { Memory, ServeMessage } from './serve.ts';
import { seedEstate, type EstateSize } from './seed-estate.ts';
import { ms, percentile } from './stats.ts';

export const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const SIZE: EstateSize = { services: 300, incidents: 900, open: 300, days: 30, shape: 'uniform' };
const LEVELS = [
  { clients: 1, requests: 300 },
  { clients: 10, requests: 1500 },
  { clients: 50, requests: 3000 },
];
const USERS = Array.from({ length: 20 }, (_, i) => `U0BENCH${String(i + 1).padStart(2, '0')}`);

type Target = { name: string; url: string; memory(): Promise<Memory>; stop(): Promise<void> };
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

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));

/** Starts bench/serve.ts in `mode` with `env`; resolves once it listens. */
/** `execArgv`: Node flags for the server, e.g. `--cpu-prof` when profiling. */
export async function serve(name: string, mode: 'pacta' | 'bare', env: Record<string, string>, execArgv: string[] = []): Promise<Target> {
  const child: ChildProcess = fork(RUN_TS, [SERVE, mode], { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = <T>(pick: (m: ServeMessage) => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: ServeMessage) => {
        const v = pick(m);
        if (v === undefined) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(v);
      };
      const onExit = (code: number | null) => reject(new Error(`${name}: the server exited (${code}) before answering`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const url = await next((m) => ('url' in m ? m.url : undefined));
  return {
    name,
    url: `${url}/slack/events`,
    memory: () => {
      const answer = next((m) => ('memory' in m ? m.memory : undefined));
      child.send('memory');
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

function pactaEnv(apiUrl: string, db: { dataDir: string } | { url: string }): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: apiUrl,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    PACTA_TIMEZONE: 'Europe/Berlin',
    PORT: '0',
    PACTA_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...('url' in db ? { DATABASE_URL: db.url } : { PACTA_DATA_DIR: db.dataDir }),
  };
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

const isStatus: Check = (text) => (text === '' ? 'deferred' : text.includes('Status · ') && text.includes('"response_type":"ephemeral"') ? 'ok' : 'bad');
const isEmptyAck: Check = (text) => (text === '' ? 'ok' : 'bad');

function row(name: string, r: Run): string {
  const late = r.deferred ? `  (${r.deferred} past 2.5 s, answered via response_url)` : '';
  return `  ${name.padEnd(38)} ${String(r.clients).padStart(3)} clients  p50 ${ms(r.p50).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  ${Math.round(r.rps).toLocaleString('en').padStart(6)} req/s${late}`;
}

async function measure(target: Target, check: Check): Promise<Run[]> {
  // Warm-up: JIT, connection set-up, every bench user's zone cached.
  await load(target, 10, 200, check);
  const runs: Run[] = [];
  for (const level of LEVELS) runs.push(await load(target, level.clients, level.requests, check));
  return runs;
}

function memoryLine(m: Memory): string {
  return `    server memory after the load: RSS ${m.rssMb} MB — JS heap used ${m.heapUsedMb} MB (of ${m.heapTotalMb} MB), external ${m.externalMb} MB (PGlite's WebAssembly memory is here), array buffers ${m.arrayBuffersMb} MB`;
}

/** The goals of issue 11: at 50 clients p99 < 100 ms and p50 ≤ 2× the bare app's; at 1 client p50 < 10 ms. */
function verdict(pacta: Run[], bare: Run[]): string[] {
  const at = (runs: Run[], clients: number) => runs.find((r) => r.clients === clients)!;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const [p50, p1, b50] = [at(pacta, 50), at(pacta, 1), at(bare, 50)];
  const ratio = p50.p50 / b50.p50;
  return [
    `    goals: 50 clients p99 < 100 ms: ${ms(p50.p99)} — ${met(p50.p99 < 100)}; 50 clients p50 ≤ 2× bare Bolt: ${ratio.toFixed(2)}× — ${met(ratio <= 2)}; 1 client p50 < 10 ms: ${ms(p1.p50)} — ${met(p1.p50 < 10)}`,
  ];
}

export async function benchSlack(postgresUrl: string | null = null): Promise<string[]> {
  const lines = [
    `Slack: signed /sla status through Pacta's server (pacta start) and Bolt, each server in its own process, loopback, keep-alive clients`,
    `  estate: ${SIZE.services} services (half on a business calendar, all 99.9 % over 30 d), ${SIZE.incidents.toLocaleString('en')} incidents (${SIZE.incidents - SIZE.open} resolved); requests per level: ${LEVELS.map((l) => `${l.clients}→${l.requests}`).join(', ')}`,
  ];
  const api = await fakeSlackApi();
  const bareTarget = await serve('bare Bolt, ack only', 'bare', { SLACK_SIGNING_SECRET: SECRET });
  const dir = mkdtempSync(join(tmpdir(), 'pacta-bench-'));
  try {
    const bare = await measure(bareTarget, isEmptyAck);
    for (const r of bare) lines.push(row(bareTarget.name, r));
    const measurePacta = async (label: string, env: Record<string, string>): Promise<void> => {
      const target = await serve(label, 'pacta', env);
      try {
        const runs = await measure(target, isStatus);
        for (const r of runs) lines.push(row(target.name, r));
        lines.push(...verdict(runs, bare));
        lines.push(memoryLine(await target.memory()));
      } finally {
        await target.stop();
      }
    };
    const seed = async (db: DatabaseHandle) => seedEstate(db, new Date(), SIZE);
    const lite = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      await seed(lite);
    } finally {
      await lite.close();
    }
    await measurePacta('Pacta /sla status, PGlite', pactaEnv(api.url, { dataDir: join(dir, 'data') }));
    if (postgresUrl) {
      await withBenchDatabase(postgresUrl, 'slack', async (pg, url) => {
        await seed(pg);
        await measurePacta('Pacta /sla status, PostgreSQL', pactaEnv(api.url, { url }));
      });
    } else lines.push('  PostgreSQL: skipped (no database reachable)');
  } finally {
    await bareTarget.stop();
    rmSync(dir, { recursive: true, force: true });
    api.server.closeAllConnections();
    await new Promise<void>((r) => api.server.close(() => r()));
  }
  return lines;
}
