/**
 * The soak run (issue 16, part 5): `npm run bench -- soak [--minutes N] [--rate R] [--seed S]
 * [--drain-seconds D] [--keep-logs]` (or SOAK_MINUTES, SOAK_RATE, …; default 30 minutes at 3 requests a
 * second, drain deadline 180 s). Long, so it runs only when named, never in a plain `npm run bench`. It
 * measures leaks and stability, not throughput. Replica logs are kept (the path is printed) when a
 * check fails or with --keep-logs.
 *
 * Two replicas — the real `bin/pacta.js start`, each a process of its own — on one throwaway PostgreSQL
 * database, both with Slack (HTTP mode, signed requests) and Teams (anonymous mode, from loopback),
 * against the tests' fake Slack Web API and fake Bot Connector on loopback. Between Pacta and each fake
 * sits a small proxy that answers 1 % of the posts and updates (chat.postMessage, chat.update; Teams
 * sends and updates, not command replies) with 429 and `Retry-After: 1` itself. Mixed traffic at a
 * steady rate, round-robin over the replicas as a load balancer would: slash commands (status, report,
 * incidents, open, ack, note, resolve), Teams mentions, reactions on cards (Slack `reaction_added`,
 * Teams `like`), card buttons, Alertmanager groups firing and resolving (every third notification sent
 * to both replicas, as an HA pair does), incidents breaching on a service with ack 1m / resolve 3m
 * clocks, and digests every 5 minutes (a cron set in the database: chat refuses schedules under an
 * hour). Every minute it samples each replica's RSS and heap (over IPC; the heap after a full GC, the
 * live size, is what the slope is fitted to), the client-side latency of every request, and the outbox
 * backlog (SQL; also every 5 s, for its maximum). Slack changes answered only when their 2 s delivery
 * wait ran out are named, with the replica that delivered what they queued (each replica calls Slack
 * through its own path prefix on the proxy). At the end it stops the traffic, waits for the backlog to
 * drain (with a deadline), stops both replicas with SIGTERM and checks that every notification was
 * delivered exactly once: every row sent with a message id, every post the fakes received recorded by a
 * row (a post no row records is a duplicate; the row with the same content is named), every row's post
 * received; and that no channel of paced alerts was posted to twice within a second, no log has errors.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { systemTime } from '../adapters/system-time.ts';
import { nodeHasher } from '../adapters/webhooks/auth.ts';
import { DrizzleStore } from '../db/store.ts';
import type { Actor } from '../src/domain/incident.ts';
import { AdminUseCases } from '../src/usecases/admin.ts';
import { IntegrationUseCases } from '../src/usecases/integrations.ts';
import { FakeSlackApi } from '../test/adapters/slack/fake-slack-api.ts';
import { buttonClick, reactionEvent, sendToSlackEndpoint, SIGNING_SECRET, slashCommand, type SlackRequest } from '../test/adapters/slack/slack-requests.ts';
import { ANA, BOB, CHANNEL_ID as TEAMS_CHANNEL, message as teamsMessage, reaction as teamsReaction, type Person } from '../test/adapters/teams/activities.ts';
import { startFakeConnector } from '../test/adapters/teams/fake-connector.ts';
import { CRASH, PACTA_BIN } from '../test/e2e/process.ts';
import { withBenchDatabase } from './database.ts';
import type { Memory } from './serve.ts';
import { serve } from './slack.ts';
import { ms, percentile } from './stats.ts';

export type SoakOptions = { minutes: number; rate: number; seed: number; drainSeconds: number; keepLogs: boolean };

/** `--minutes N`, `--rate R`, `--seed S`, `--keep-logs` from the command line, else SOAK_* from the environment. */
export function soakOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SoakOptions {
  const flag = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  };
  const num = (name: string, fallback: number): number => {
    const raw = flag(name) ?? env[`SOAK_${name.toUpperCase().replace(/-/g, '_')}`];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`soak: --${name} must be a positive number, not "${raw}"`);
    return n;
  };
  return { minutes: num('minutes', 30), rate: num('rate', 3), seed: num('seed', 1), drainSeconds: num('drain-seconds', 180), keepLogs: argv.includes('--keep-logs') || env.SOAK_KEEP_LOGS === '1' };
}

const OPS = 'C0SOAKOPS'; // where Slack commands run and Slack cards are posted
const ALERTS = 'C0SOAKALERTS'; // subscribed to every service: notices, warnings, breaches, digests
const SERVICES = ['payments', 'search', 'checkout', 'breachy', 'alerting'] as const;
const BREACHY = 'breachy'; // ack 1m, resolve 3m: its incidents breach unless someone is quick
const HOOK = 'soak-am';
const DIGEST_CRON = '*/5 * * * *';
const SLACK_USERS = Array.from({ length: 8 }, (_, i) => `U0SOAK${String(i + 1).padStart(2, '0')}`);
const TEAMS_PEOPLE: Person[] = [ANA, BOB];
const ADMIN: Actor = { platform: 'console', id: 'soak' };
/** Human-opened incidents kept open at most: beyond it, a request drawn as `open` is drawn again. */
const OPEN_CAP = 30;
/** Breachy incidents are left alone this long, so both their clocks breach first. */
const BREACH_AGE_S = 200;
const MAX_IN_FLIGHT = 16;
const RATE_LIMITED_SHARE = 0.01;
const INTERNAL_ERROR = /something went wrong on my side/i;

/** mulberry32: a seeded generator, so every run draws the same mix (its timing still varies). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ——— The rate-limiting proxy between Pacta and a fake ———

/** A call through the proxy: when, from which replica (Slack: the `/r<n>` prefix of its API URL), what, about which incident. */
type ProxiedCall = { at: number; replica: number | null; what: string | null; incident: number | null; limited: boolean };
type Limiter = { url: string; served: Map<string, number>; calls: ProxiedCall[]; close(): Promise<void> };

/**
 * Forwards everything to `target`, except that a `RATE_LIMITED_SHARE` of the calls `which` names get a
 * 429 with Retry-After 1 from the proxy itself. A path may start with `/r<n>` (the replica's own API
 * URL), which is taken off. Every call `which` names is recorded, with the first incident its body names.
 */
async function rateLimiting(target: string, which: (method: string, path: string) => string | null, refusal: unknown, random: () => number): Promise<Limiter> {
  const to = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const served = new Map<string, number>();
  const calls: ProxiedCall[] = [];
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const prefix = /^\/r(\d+)(\/.*)$/.exec(req.url ?? '');
    const path = prefix ? prefix[2]! : (req.url ?? '');
    const what = which(req.method ?? '', path.split('?', 1)[0]!);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const limited = what !== null && random() < RATE_LIMITED_SHARE;
      if (what !== null) {
        // `INC-42` is the same form-encoded (Slack) and in JSON (Teams).
        const incident = /INC-(\d+)/.exec(body.toString('utf8'));
        calls.push({ at, replica: prefix ? Number(prefix[1]) : null, what, incident: incident ? Number(incident[1]) : null, limited });
      }
      if (limited) {
        served.set(what, (served.get(what) ?? 0) + 1);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify(refusal));
        return;
      }
      const upstream = request({ host: to.hostname, port: to.port, method: req.method, path, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (err) => res.writeHead(502).end(String(err)));
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    served,
    calls,
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const slackWrites = (_method: string, path: string) => (/^\/api\/chat\.(postMessage|update)$/.test(path) ? `Slack ${path.slice(5)}` : null);
/** Teams posts (POST …/activities) and updates (PUT …/activities/{id}); command replies (POST …/activities/{id}) pass. */
const teamsWrites = (method: string, path: string) =>
  method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities\/?$/.test(path) ? 'Teams send' : method === 'PUT' && /^\/v3\/conversations\/[^/]+\/activities\/[^/]+$/.test(path) ? 'Teams update' : null;

// ——— Replicas: `bin/pacta.js start`, with memory over IPC ———

type MemorySample = Memory & { heapLiveMb: number };

/**
 * Loaded into each replica with `--import` before Pacta (a data: URL, so the process is `pacta start`
 * itself): answers `memory` on the IPC channel with process.memoryUsage(), and the heap again after a
 * full collection (`--expose-gc`), the live size a leak shows in. Without its soak run it stops itself.
 */
const MEMORY_PRELOAD = `data:text/javascript,${encodeURIComponent(`if (process.send) {
  const mb = (n) => Math.round(n / 104857.6) / 10;
  process.on('message', (m) => {
    if (m !== 'memory') return;
    const u = process.memoryUsage();
    globalThis.gc?.();
    const live = process.memoryUsage().heapUsed;
    process.send({ memory: { rssMb: mb(u.rss), heapUsedMb: mb(u.heapUsed), heapTotalMb: mb(u.heapTotal), externalMb: mb(u.external), arrayBuffersMb: mb(u.arrayBuffers), heapLiveMb: mb(live) } });
  });
  process.channel?.unref();
  // The soak run is gone (it crashed, or was killed): stop as a process manager would stop Pacta.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}`)}`;

/** A replica's log lines (pino JSON on stdout) written to a file and counted by level and message. */
class LogTally {
  warnings = new Map<string, number>();
  errors = new Map<string, number>();
  crashes: string[] = [];
  url: string | null = null;
  private partial = '';
  private readonly listening: Array<(url: string) => void> = [];

  constructor(private readonly file: WriteStream) {}

  feed(chunk: Buffer): void {
    this.file.write(chunk);
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (!line.trim()) return;
    let entry: { level?: number; msg?: string; url?: string; err?: { message?: string }; reason?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      if (CRASH.test(`\n${line}`)) this.crashes.push(line.slice(0, 300));
      return;
    }
    if (entry.url && /^listening on/.test(entry.msg ?? '')) {
      this.url = entry.url;
      for (const l of this.listening.splice(0)) l(entry.url);
    }
    const what = `${entry.msg ?? '?'}${entry.err?.message ? ` (${entry.err.message.slice(0, 120)})` : entry.reason ? ` (${String(entry.reason).slice(0, 120)})` : ''}`;
    // Said once at start-up, by design: anonymous mode is what this run uses.
    if (/anonymous mode/.test(entry.msg ?? '')) return;
    if ((entry.level ?? 0) >= 50) this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
    else if ((entry.level ?? 0) >= 40) this.warnings.set(what, (this.warnings.get(what) ?? 0) + 1);
  }

  whenListening(): Promise<string> {
    return this.url ? Promise.resolve(this.url) : new Promise((r) => this.listening.push(r));
  }

  close(): Promise<void> {
    return new Promise((r) => this.file.end(r));
  }
}

type Replica = { name: string; url: string; child: ChildProcess; log: LogTally; exited: Promise<number | null>; memory(): Promise<MemorySample> };

async function startReplica(name: string, dir: string, env: NodeJS.ProcessEnv): Promise<Replica> {
  const child = fork(PACTA_BIN, ['start'], { cwd: dir, env, execArgv: ['--expose-gc', '--import', MEMORY_PRELOAD], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const log = new LogTally(createWriteStream(join(dir, `${name}.log`)));
  child.stdout!.on('data', (c: Buffer) => log.feed(c));
  child.stderr!.on('data', (c: Buffer) => log.feed(c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await Promise.race([log.whenListening(), exited.then((code) => Promise.reject(new Error(`${name} exited (${code}) before listening; its log: ${join(dir, `${name}.log`)}`)))]);
  const memory = () =>
    new Promise<MemorySample>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no memory answer in 10 s`)), 10_000);
      const on = (m: unknown) => {
        if (typeof m !== 'object' || m === null || !('memory' in m)) return;
        clearTimeout(timer);
        child.off('message', on);
        resolve((m as { memory: MemorySample }).memory);
      };
      child.on('message', on);
      child.send('memory');
    });
  return { name, url, child, log, exited, memory };
}

/** SIGTERM, as a process manager stops it; SIGKILL after 30 s. */
async function stopReplica(r: Replica): Promise<{ code: number | null; ms: number }> {
  const t = performance.now();
  r.child.kill('SIGTERM');
  const timer = setTimeout(() => r.child.kill('SIGKILL'), 30_000);
  const code = await r.exited;
  clearTimeout(timer);
  return { code, ms: performance.now() - t };
}

// ——— Figures ———

type KindStats = { samples: number[]; errors: number; deferred: number; examples: string[] };

const isSlash = (kind: string) => /^slack (status|report|incidents|open|ack|note|resolve)$/.test(kind);

class Tally {
  readonly kinds = new Map<string, KindStats>();
  /** Since the last `minute()`: how many requests, and the slash commands' latencies. */
  private window = { requests: 0, slash: [] as number[] };
  minute(): { requests: number; slash: number[] } {
    const w = this.window;
    this.window = { requests: 0, slash: [] };
    return { requests: w.requests, slash: w.slash.sort((a, b) => a - b) };
  }
  record(kind: string, took: number, problem: 'error' | 'deferred' | null = null, detail = ''): void {
    this.window.requests++;
    if (isSlash(kind)) this.window.slash.push(took);
    let s = this.kinds.get(kind);
    if (!s) this.kinds.set(kind, (s = { samples: [], errors: 0, deferred: 0, examples: [] }));
    s.samples.push(took);
    if (problem === 'error') {
      s.errors++;
      if (s.examples.length < 3) s.examples.push(detail.slice(0, 200));
    }
    if (problem === 'deferred') s.deferred++;
  }
  /** Every sample of the kinds `pick` accepts, sorted. */
  samples(pick: (kind: string) => boolean): number[] {
    return [...this.kinds].filter(([k]) => pick(k)).flatMap(([, s]) => s.samples).sort((a, b) => a - b);
  }
}

const quantiles = (s: number[]) => (s.length ? `p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))}, p99 ${ms(percentile(s, 99))} (n=${s.length})` : 'no samples');

/** Least-squares slope of `y` over `t` (hours): MB per hour. */
function slopePerHour(points: Array<{ t: number; y: number }>): number {
  if (points.length < 2) return NaN;
  const tm = points.reduce((a, p) => a + p.t, 0) / points.length;
  const ym = points.reduce((a, p) => a + p.y, 0) / points.length;
  const num = points.reduce((a, p) => a + (p.t - tm) * (p.y - ym), 0);
  const den = points.reduce((a, p) => a + (p.t - tm) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

const signed = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}`);

// ——— Traffic ———

type Target = { number: number; status: string; service: string; age: number; by: string; slack_card: string | null; teams_card: string | null };
type Group = { name: string; severity: string; firing: boolean; startsAt: string; endsAt: string; instances: number };

const WEIGHTS: Array<[string, number]> = [
  ['slack status', 14],
  ['slack report', 4],
  ['slack incidents', 8],
  ['slack open', 7],
  ['slack ack', 5],
  ['slack note', 5],
  ['slack resolve', 6],
  ['slack reaction', 5],
  ['slack button', 5],
  ['teams status', 5],
  ['teams incidents', 3],
  ['teams open', 4],
  ['teams ack', 3],
  ['teams note', 3],
  ['teams resolve', 4],
  ['teams reaction', 2],
  ['webhook', 9],
];
const WEIGHT_SUM = WEIGHTS.reduce((a, [, w]) => a + w, 0);

class Traffic {
  readonly tally = new Tally();
  skipped = 0;
  private turn = 0;
  private targets: Target[] = [];
  private targetsAt = 0;
  private readonly groups: Group[] = Array.from({ length: 6 }, (_, g) => ({ name: `SoakAlert${g + 1}`, severity: g < 2 ? 'critical' : 'warning', firing: false, startsAt: '', endsAt: '', instances: 1 }));
  private seq = 0;
  /** Slack changes whose reply came only after the 2 s delivery wait ran out. */
  readonly fullWaits: Array<{ kind: string; at: number; took: number; replica: number; incident: number }> = [];

  constructor(
    private readonly replicas: Replica[],
    private readonly sql: postgres.Sql,
    private readonly api: FakeSlackApi,
    private readonly teamsUrl: string,
    private readonly hookSecret: string,
    private readonly random: () => number,
  ) {}

  private replica(): Replica {
    return this.replicas[this.turn++ % this.replicas.length]!;
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs.length ? xs[Math.floor(this.random() * xs.length)] : undefined;
  }

  /** Open incidents with their cards, read at most once a second. */
  private async openIncidents(): Promise<Target[]> {
    if (Date.now() - this.targetsAt < 1000) return this.targets;
    this.targetsAt = Date.now();
    this.targets = await this.sql<Target[]>`
      select i.number, i.status, i.service_key as service, extract(epoch from now() - i.opened_at)::float8 as age, i.opened_by->>'platform' as by,
        (select m.message_id from message_refs m where m.incident_number = i.number and m.kind = 'card' and m.platform = 'slack' order by m.id limit 1) as slack_card,
        (select m.message_id from message_refs m where m.incident_number = i.number and m.kind = 'card' and m.platform = 'teams' order by m.id limit 1) as teams_card
      from incidents i where i.status <> 'resolved'`;
    return this.targets;
  }

  /** One request of a kind drawn by weight; resolves when it is answered. */
  async one(): Promise<void> {
    let r = this.random() * WEIGHT_SUM;
    let kind = WEIGHTS[0]![0];
    for (const [k, w] of WEIGHTS) if ((r -= w) < 0) ((kind = k), (r = Infinity));
    const open = await this.openIncidents();
    const ready = (t: Target) => t.service !== BREACHY || t.age > BREACH_AGE_S;
    const human = (t: Target) => t.by === 'slack' || t.by === 'teams';
    const ackable = open.filter((t) => t.status === 'open' && ready(t));
    const resolvable = open.filter((t) => human(t) && ready(t));
    const [platform, action] = kind.split(' ') as [string, string];
    if (action === 'open' && open.filter(human).length >= OPEN_CAP) return this.one();
    const about = (list: Target[], words: (n: number) => string) => {
      const t = this.pick(list);
      return t ? words(t.number) : null;
    };
    const text = ((): string | null => {
      switch (action) {
        case 'status':
          return this.pick(['status', 'status', 'status payments'])!;
        case 'report':
          return this.pick(['report', 'report payments', `report ${BREACHY} --period 7d`])!;
        case 'incidents':
          return this.pick(['incidents', `incidents ${BREACHY}`])!;
        case 'open':
          return `open ${this.pick(['payments', 'search', 'checkout', BREACHY])} ${this.pick(['P1', 'P2', 'P3'])} Soak ${++this.seq} ${this.pick(['checkout errors', 'slow search', 'card declines', 'queue backlog'])}`;
        case 'ack':
          return about(ackable, (n) => `ack INC-${n}`);
        case 'note':
          return about(open.filter(ready), (n) => `note INC-${n} Soak note ${++this.seq}: still looking`);
        case 'resolve':
          return about(resolvable, (n) => `resolve INC-${n} fixed`);
        default:
          return null;
      }
    })();
    if (kind === 'webhook') return this.webhook();
    if (platform === 'slack' && action === 'reaction') return this.slackReaction(ackable, resolvable);
    if (platform === 'slack' && action === 'button') return this.slackButton(ackable, resolvable);
    if (platform === 'teams' && action === 'reaction') return this.teamsReaction(ackable);
    if (text === null) return platform === 'slack' ? this.slack('slack status', 'status') : this.teams('teams status', 'status');
    return platform === 'slack' ? this.slack(kind, text) : this.teams(kind, text);
  }

  private async timed(kind: string, run: () => Promise<{ problem: 'error' | 'deferred' | null; detail?: string }>): Promise<void> {
    const t = performance.now();
    let outcome: { problem: 'error' | 'deferred' | null; detail?: string };
    try {
      outcome = await run();
    } catch (err) {
      outcome = { problem: 'error', detail: String(err) };
    }
    this.tally.record(kind, performance.now() - t, outcome.problem, outcome.detail);
  }

  private slackRequest(kind: string, req: SlackRequest, check: (text: string) => 'error' | 'deferred' | null, incident: number | null = null): Promise<void> {
    const replica = this.replica();
    const url = `${replica.url}/slack/events`;
    return this.timed(kind, async () => {
      const at = Date.now();
      const res = await sendToSlackEndpoint(url, req);
      if (res.status !== 200) return { problem: 'error', detail: `HTTP ${res.status} ${res.text.slice(0, 120)}` };
      if (INTERNAL_ERROR.test(res.text)) return { problem: 'error', detail: res.text };
      // A change answered only when its delivery wait ran out: kept, to see who delivered what it queued.
      const number = incident ?? Number(/INC-(\d+)/.exec(res.text)?.[1] ?? NaN);
      if (Date.now() - at >= 1900 && /^slack (open|ack|note|resolve)$/.test(kind) && !Number.isNaN(number)) {
        this.fullWaits.push({ kind, at, took: Date.now() - at, replica: this.replicas.indexOf(replica) + 1, incident: number });
      }
      return { problem: check(res.text) };
    });
  }

  private slack(kind: string, text: string): Promise<void> {
    const req = slashCommand(text, { user: this.pick(SLACK_USERS)!, channel: OPS, responseUrl: this.api.responseUrl() });
    const incident = /INC-(\d+)/.exec(text);
    // An empty ack: the reply went to response_url, past Slack's 2.5 s budget.
    return this.slackRequest(kind, req, (body) => (body === '' ? 'deferred' : null), incident ? Number(incident[1]) : null);
  }

  private slackReaction(ackable: Target[], resolvable: Target[]): Promise<void> {
    const resolving = this.random() < 0.4;
    const t = this.pick((resolving ? resolvable : ackable).filter((x) => x.slack_card));
    if (!t) return this.slack('slack status', 'status');
    const req = reactionEvent('reaction_added', { user: this.pick(SLACK_USERS)!, reaction: resolving ? 'white_check_mark' : 'eyes', channel: OPS, ts: t.slack_card! });
    return this.slackRequest('slack reaction', req, () => null);
  }

  private slackButton(ackable: Target[], resolvable: Target[]): Promise<void> {
    const resolving = this.random() < 0.5;
    const t = this.pick((resolving ? resolvable : ackable).filter((x) => x.slack_card));
    if (!t) return this.slack('slack status', 'status');
    const req = buttonClick({ user: this.pick(SLACK_USERS)!, channel: OPS, messageTs: t.slack_card!, value: `${resolving ? 'resolve' : 'ack'} INC-${t.number}`, responseUrl: this.api.responseUrl() });
    return this.slackRequest('slack button', req, () => null);
  }

  private teamsPost(kind: string, activity: object): Promise<void> {
    const url = `${this.replica().url}/api/messages`;
    return this.timed(kind, async () => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      const body = await res.text();
      return res.status === 200 ? { problem: null } : { problem: 'error', detail: `HTTP ${res.status} ${body.slice(0, 120)}` };
    });
  }

  private teams(kind: string, text: string): Promise<void> {
    return this.teamsPost(kind, teamsMessage(this.teamsUrl, text, this.pick(TEAMS_PEOPLE)!));
  }

  private teamsReaction(ackable: Target[]): Promise<void> {
    const t = this.pick(ackable.filter((x) => x.teams_card));
    if (!t) return this.teams('teams status', 'status');
    return this.teamsPost('teams reaction', teamsReaction(this.teamsUrl, t.teams_card!, 'like', this.pick(TEAMS_PEOPLE)!));
  }

  /** A group fires (a new episode), is re-notified (unchanged, or one more instance firing) or resolves. */
  private webhook(): Promise<void> {
    const g = this.pick(this.groups)!;
    const now = new Date().toISOString();
    const r = this.random();
    if (!g.firing) Object.assign(g, { firing: true, startsAt: now, endsAt: '', instances: 1 });
    else if (r < 0.3) Object.assign(g, { firing: false, endsAt: now });
    else if (r < 0.5 && g.instances < 3) g.instances++;
    const status = g.firing ? 'firing' : 'resolved';
    const labels = { alertname: g.name, service: 'alerting', severity: g.severity };
    const body = JSON.stringify({
      version: '4',
      receiver: 'pacta',
      status,
      groupKey: `{}:{alertname="${g.name}"}`,
      groupLabels: { alertname: g.name },
      commonLabels: labels,
      commonAnnotations: { summary: `${g.name} firing on alerting` },
      externalURL: 'http://alertmanager.soak:9093',
      truncatedAlerts: 0,
      alerts: Array.from({ length: g.instances }, (_, i) => ({
        status,
        labels: { ...labels, instance: `node-${i + 1}` },
        annotations: { summary: `${g.name} firing on alerting` },
        startsAt: g.startsAt,
        endsAt: g.firing ? '0001-01-01T00:00:00Z' : g.endsAt,
        fingerprint: `${g.name}-${i + 1}`,
      })),
    });
    const send = (replica: Replica) =>
      this.timed('webhook', async () => {
        const res = await fetch(`${replica.url}/webhooks/${HOOK}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${this.hookSecret}` }, body });
        const text = await res.text();
        return res.status === 200 ? { problem: null } : { problem: 'error', detail: `HTTP ${res.status} ${text.slice(0, 160)}` };
      });
    // Every third notification also goes to the other replica, as an HA pair of Alertmanagers sends it.
    return this.random() < 1 / 3 ? Promise.all([send(this.replica()), send(this.replica())]).then(() => undefined) : send(this.replica());
  }

  /** What came back to people later that says Pacta failed: late replies, ephemerals (acks are checked as they come). */
  internalErrors(): string[] {
    const texts = [...this.api.responses.map((r) => JSON.stringify(r.body)), ...this.api.callsOf('chat.postEphemeral').map((c) => String(c.params.text))];
    return texts.filter((t) => INTERNAL_ERROR.test(t));
  }
}

// ——— The run ———

/** A minute's sample: memory, the outbox backlog, the requests and the Slack slash commands' latency (sorted) since the last one. */
type Sampled = { t: number; memory: MemorySample[]; backlog: number; requests: number; slash: number[] };

async function backlog(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from outbox where status in ('pending', 'sending')`;
  return row!.n;
}

function minuteLine(s: Sampled): string {
  const memory = s.memory.map((m, i) => `replica ${i + 1} RSS ${m.rssMb} MB, heap ${m.heapLiveMb} MB`).join('; ');
  const latency = s.slash.length ? `slash p50 ${ms(percentile(s.slash, 50))}, p99 ${ms(percentile(s.slash, 99))}` : 'no slash commands';
  return `${s.t.toFixed(1).padStart(5)} min: ${memory}; outbox backlog ${s.backlog}; ${s.requests} requests since the last sample, ${latency}`;
}

const sleep = (msTime: number) => new Promise<void>((r) => setTimeout(r, msTime));

export async function benchSoak(pgUrl: string | null, o: SoakOptions): Promise<string[]> {
  if (!pgUrl) return ['Soak: skipped (no PostgreSQL reachable; set BENCH_DATABASE_URL).'];
  return withBenchDatabase(pgUrl, 'soak', async (h, url) => {
    const wallStart = performance.now();
    const random = seeded(o.seed);
    const dir = mkdtempSync(join(tmpdir(), 'pacta-soak-'));
    const warmupMin = o.minutes >= 10 ? 2 : 1;
    const lines = [
      `Soak: 2 replicas (bin/pacta.js start) on one PostgreSQL; Slack (HTTP, signed) and Teams (anonymous) against fake APIs on loopback; ${RATE_LIMITED_SHARE * 100} % of posts and updates answered 429 Retry-After 1`,
    ];
    // The estate, written before the replicas start (as `pacta apply` would have).
    const store = new DrizzleStore(h.db);
    const admin = new AdminUseCases(store, systemTime);
    for (const key of SERVICES) {
      await admin.addService({ key, name: `Soak ${key}`, availabilityPercent: 99.9, window: '30d', ...(key === 'alerting' ? { channel: { platform: 'slack' as const, id: OPS } } : {}) });
      for (const priority of ['P1', 'P2', 'P3'] as const) {
        const [ackSeconds, resolveSeconds] = key === BREACHY ? [60, 180] : priority === 'P1' ? [900, 4 * 3600] : [1800, 8 * 3600];
        await admin.setPolicy({ serviceKey: key, priority, ackSeconds, resolveSeconds });
      }
    }
    await admin.subscribe({ channel: { platform: 'slack', id: ALERTS }, services: [], allServices: true, digestSpec: 'every 5 minutes (soak)', digestCron: DIGEST_CRON, timezone: 'UTC', createdBy: ADMIN });
    const { secret } = await new IntegrationUseCases(store, systemTime, nodeHasher).add({ name: HOOK, kind: 'alertmanager' }, ADMIN);

    const api = await new FakeSlackApi().start();
    const connector = await startFakeConnector();
    const slackProxy = await rateLimiting(api.url, slackWrites, { ok: false, error: 'ratelimited' }, seeded(o.seed + 1));
    const teamsProxy = await rateLimiting(connector.url, teamsWrites, { error: { code: 'Throttled', message: 'soak: 429' } }, seeded(o.seed + 2));
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      LANG: 'C.UTF-8',
      DATABASE_URL: url,
      PORT: '0',
      PACTA_HOST: '127.0.0.1',
      PACTA_TIMEZONE: 'Europe/Berlin',
      LOG_LEVEL: 'info',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-0000-soak',
      SLACK_BOT_ID: api.botId,
      SLACK_BOT_USER_ID: api.botUserId,
    };
    const bare = await serve('bare Bolt, ack only', 'bare', { SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const replicas: Replica[] = [];
    let ok = false;
    try {
      // Each replica calls Slack through its own path prefix, so the proxy knows who delivered what.
      replicas.push(...(await Promise.all([1, 2].map((n) => startReplica(`replica-${n}`, dir, { ...env, SLACK_API_URL: `${slackProxy.url}r${n}/api/` })))));
      const both = [...replicas];
      const traffic = new Traffic(replicas, sql, api, teamsProxy.url, secret, random);
      // Pacta learns the Teams channel from a first mention, then the channel subscribes (with its digest).
      await fetch(`${replicas[0]!.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(teamsMessage(teamsProxy.url, 'help', ANA)) });
      await admin.subscribe({ channel: { platform: 'teams', id: TEAMS_CHANNEL }, services: [BREACHY, 'alerting'], allServices: false, digestSpec: 'every 5 minutes (soak)', digestCron: DIGEST_CRON, timezone: 'UTC', createdBy: ADMIN });

      const started = performance.now();
      const minutes = () => (performance.now() - started) / 60_000;
      const sample = async (): Promise<Sampled> => ({ t: minutes(), memory: await Promise.all(replicas.map((r) => r.memory())), backlog: await backlog(sql), ...traffic.tally.minute() });
      const samples: Sampled[] = [await sample()];
      let backlogMax = { n: samples[0]!.backlog, t: 0 };
      const baseline = new Tally();
      const stopAt = started + o.minutes * 60_000;
      const loops: Array<Promise<void>> = [];
      /** Runs `fn` every `periodMs` (the first after `firstMs`) until the traffic stops; a failure is counted, not fatal. */
      const every = (periodMs: number, fn: () => Promise<void>, firstMs = 0) =>
        loops.push(
          (async () => {
            for (let next = performance.now() + firstMs; next < stopAt; next += periodMs) {
              await sleep(Math.max(0, next - performance.now()));
              if (performance.now() >= stopAt) break;
              await fn().catch((err: unknown) => traffic.tally.record('driver', 0, 'error', String(err)));
            }
          })(),
        );
      const inFlight = new Set<Promise<void>>();
      // Open loop: a request every 1/rate s whether or not the last one was answered (at most MAX_IN_FLIGHT).
      every(1000 / o.rate, async () => {
        if (inFlight.size >= MAX_IN_FLIGHT) return void traffic.skipped++;
        const p = traffic.one().catch((err: unknown) => traffic.tally.record('driver', 0, 'error', String(err)));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      });
      // The baseline, through the same client at the same time: a bare Bolt app that only acks, and /healthz.
      every(1000, async () => {
        const t = performance.now();
        const res = await sendToSlackEndpoint(bare.url, slashCommand('status', { user: SLACK_USERS[0]!, channel: OPS, responseUrl: api.responseUrl() }));
        baseline.record('bare Bolt', performance.now() - t, res.status === 200 ? null : 'error');
      });
      every(2000, async () => {
        const t = performance.now();
        const res = await fetch(`${replicas[Math.floor(random() * 2)]!.url}/healthz`);
        await res.text();
        baseline.record('/healthz', performance.now() - t, res.status === 200 ? null : 'error');
      });
      every(5000, async () => {
        const n = await backlog(sql);
        if (n > backlogMax.n) backlogMax = { n, t: minutes() };
      });
      every(
        60_000,
        async () => {
          const s = await sample();
          samples.push(s);
          console.log(`  soak ${minuteLine(s)}`);
        },
        60_000,
      );
      await Promise.all(loops);
      await Promise.all(inFlight);
      const trafficMinutes = minutes();
      samples.push(await sample());

      // Drain: the backlog back to zero, then both replicas stopped as a process manager stops them.
      const drainFrom = (await sql<Array<{ at: Date }>>`select now() as at`)[0]!.at;
      const drainStart = performance.now();
      let final = await backlog(sql);
      while (final > 0 && performance.now() - drainStart < o.drainSeconds * 1000) {
        await sleep(500);
        final = await backlog(sql);
      }
      const drainedMs = performance.now() - drainStart;
      const stops = [];
      for (const r of replicas) stops.push(await stopReplica(r));
      replicas.length = 0;

      // ——— Exactly once ———
      type Row = { id: number; key: string; platform: string; channel_id: string; type: string; status: string; attempts: number; message_id: string | null; last_error: string | null; created_at: Date };
      const rows = await sql<Row[]>`select id, key, platform, channel_id, payload->>'type' as type, status, attempts, message_id, last_error, created_at from outbox order by id`;
      // Clocks and digests go on after the traffic: what they queued after it stopped may be left pending by
      // the stop (handed back, for the next start). Anything else not sent is a problem.
      const after = rows.filter((r) => r.status === 'pending' && r.created_at >= drainFrom);
      const unsent = rows.filter((r) => r.status !== 'sent' && !after.includes(r));
      const sent = rows.filter((r) => r.status === 'sent');
      const noId = sent.filter((r) => !r.message_id && r.type !== 'card.update');
      const emptyRefresh = sent.filter((r) => !r.message_id && r.type === 'card.update');
      type Post = { platform: string; id: string; channel: string; thread: string; text: string; at: number };
      const slackPosts: Post[] = api
        .callsOf('chat.postMessage')
        .filter((c) => c.answer?.ok === true)
        .map((c) => ({ platform: 'slack', id: String(c.answer!.ts), channel: String(c.params.channel), thread: String(c.params.thread_ts ?? ''), text: String(c.params.text ?? ''), at: c.at }));
      const teamsPosts: Post[] = connector
        .of('send')
        .filter((c) => c.responseId)
        .map((c) => ({ platform: 'teams', id: c.responseId!, channel: c.conversationId.split(';')[0]!, thread: c.conversationId.split(';messageid=')[1] ?? '', text: JSON.stringify(c.body?.attachments ?? c.body?.text ?? ''), at: 0 }));
      const posts = [...slackPosts, ...teamsPosts];
      const postedIds = new Set(posts.map((p) => `${p.platform}:${p.id}`));
      const postRows = sent.filter((r) => r.type !== 'card.update' && r.message_id);
      const recorded = new Set(postRows.map((r) => `${r.platform}:${r.message_id}`));
      const orphans = posts.filter((p) => !recorded.has(`${p.platform}:${p.id}`));
      const neverReceived = postRows.filter((r) => !postedIds.has(`${r.platform}:${r.message_id}`));
      const updated = new Set([...api.callsOf('chat.update').filter((c) => c.answer?.ok).map((c) => `slack:${String(c.params.ts)}`), ...connector.of('update').map((c) => `teams:${c.targetId}`)]);
      const refreshLost = sent.filter((r) => r.type === 'card.update' && r.message_id && !updated.has(`${r.platform}:${r.message_id}`));
      const sameAs = (p: Post) => {
        const twin = posts.find((q) => q !== p && recorded.has(`${q.platform}:${q.id}`) && q.platform === p.platform && q.channel === p.channel && q.thread === p.thread && q.text === p.text);
        return twin ? rows.filter((r) => r.platform === twin.platform && r.message_id === twin.id).map((r) => r.key).join(', ') : 'no recorded post with the same content';
      };
      const alertsGaps = slackPosts.filter((p) => p.channel === ALERTS).map((p) => p.at).sort((a, b) => a - b).map((t, i, a) => (i ? t - a[i - 1]! : Infinity));
      const minGap = Math.min(...alertsGaps);
      const internal = [...traffic.internalErrors(), ...connector.of('reply').map((c) => JSON.stringify(c.body)).filter((t) => INTERNAL_ERROR.test(t))];
      const [inc] = await sql<Array<{ opened: number; slack: number; teams: number; monitoring: number; resolved: number; ack: number; resolve: number }>>`
        select count(*)::int as opened, count(*) filter (where opened_by->>'platform' = 'slack')::int as slack, count(*) filter (where opened_by->>'platform' = 'teams')::int as teams,
          count(*) filter (where opened_by->>'platform' = 'system')::int as monitoring, count(*) filter (where status = 'resolved')::int as resolved,
          (select count(*)::int from sla_clocks where kind = 'ack' and breached_at is not null) as ack, (select count(*)::int from sla_clocks where kind = 'resolve' and breached_at is not null) as resolve
        from incidents`;
      // Each change that waited the full 2 s: which replica took what it queued to Slack, and when.
      const waits = traffic.fullWaits.map((w) => {
        const c = slackProxy.calls.find((x) => x.incident === w.incident && !x.limited && x.at >= w.at && x.at <= w.at + w.took);
        return { ...w, by: c?.replica ?? null, after: c ? c.at - w.at : null };
      });
      const byOther = waits.filter((w) => w.by !== null && w.by !== w.replica);
      const bySelf = waits.filter((w) => w.by === w.replica);
      const slackChanges = traffic.tally.samples((k) => /^slack (open|ack|note|resolve)$/.test(k)).length;
      const byReplica = [1, 2].map((n) => slackProxy.calls.filter((c) => c.replica === n && !c.limited).length);
      const byType = new Map<string, number>();
      for (const r of rows) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);

      // ——— The report ———
      const tally = traffic.tally;
      const kinds = [...tally.kinds].sort(([a], [b]) => a.localeCompare(b));
      const total = kinds.reduce((a, [, s]) => a + s.samples.length, 0);
      const errors = kinds.reduce((a, [, s]) => a + s.errors, 0);
      const slash = tally.samples(isSlash);
      const p99 = percentile(slash, 99);
      lines.push(
        `  run: ${trafficMinutes.toFixed(1)} min of traffic at ${o.rate} req/s (seed ${o.seed}), then ${(drainedMs / 1000).toFixed(1)} s to drain; ${((performance.now() - wallStart) / 60_000).toFixed(1)} min in all with set-up and checks; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end (2 cores, shared)`,
        `  requests by kind (${total}, ${errors} errors${traffic.skipped ? `, ${traffic.skipped} skipped: ${MAX_IN_FLIGHT} already in flight` : ''}): ${kinds.map(([k, s]) => `${k} ${s.samples.length}${s.errors ? ` (${s.errors} errors)` : ''}${s.deferred ? ` (${s.deferred} past 2.5 s)` : ''}`).join(', ')}`,
        ...kinds.filter(([, s]) => s.examples.length).map(([k, s]) => `    ${k} errors, e.g.: ${s.examples.join(' | ')}`),
        `  command latency, Slack slash commands (client-side, signed, round-robin over both replicas): ${quantiles(slash)} — goal p99 < 100 ms: ${p99 < 100 ? 'met' : 'NOT met'}`,
        `    queries (status, report, incidents) ${quantiles(tally.samples((k) => /^slack (status|report|incidents)$/.test(k)))}`,
        `    changes (open, ack, note, resolve: the reply waits for the card's delivery, up to 2 s) ${quantiles(tally.samples((k) => /^slack (open|ack|note|resolve)$/.test(k)))}`,
        ...['status', 'report', 'incidents', 'open', 'ack', 'note', 'resolve'].map((c) => `    ${c.padEnd(10)} ${quantiles(tally.samples((k) => k === `slack ${c}`))}`),
        `    baseline, same client, same run: bare Bolt ack-only /sla status ${quantiles(baseline.samples((k) => k === 'bare Bolt'))}; GET /healthz ${quantiles(baseline.samples((k) => k === '/healthz'))}`,
        `  other requests: Slack reactions ${quantiles(tally.samples((k) => k === 'slack reaction'))}; Slack buttons ${quantiles(tally.samples((k) => k === 'slack button'))}`,
        `    Teams mentions (the turn, including the reply posted to the connector) ${quantiles(tally.samples((k) => k.startsWith('teams ') && k !== 'teams reaction'))}; Teams reactions ${quantiles(tally.samples((k) => k === 'teams reaction'))}`,
        `    Alertmanager webhooks ${quantiles(tally.samples((k) => k === 'webhook'))}`,
        `    Slack changes answered only when the 2 s delivery wait ran out: ${waits.length} of ${slackChanges}${waits.length ? `; what they queued reached Slack from the other replica in ${byOther.length}, from the same replica in ${bySelf.length}, not within the wait in ${waits.length - byOther.length - bySelf.length}` : ''}`,
        ...waits.slice(0, 4).map((w) => `      ${w.kind} INC-${w.incident} on replica ${w.replica}: answered after ${w.took} ms; ${w.by === null ? 'nothing about it reached Slack meanwhile' : `its card or refresh reached Slack from replica ${w.by} ${w.after} ms after the request`}`),
        `  incidents: ${inc!.opened} opened (Slack ${inc!.slack}, Teams ${inc!.teams}, monitoring ${inc!.monitoring}), ${inc!.resolved} resolved; clocks breached: ${inc!.ack} acknowledge, ${inc!.resolve} resolve`,
        `  memory (heap: used after a full GC, the live size; slope: least squares over the minute samples from ${warmupMin} min on, the first ${warmupMin} min being warm-up; ${samples.length} samples):`,
      );
      const warm = samples.filter((s) => s.t >= warmupMin - 0.01);
      if (warm.length < 6) lines.push(`    (only ${warm.length} samples after the warm-up: the slopes below are warm-up and growth of the data, not a trend; judge leaks on a run of 20 minutes or more)`);
      for (const [i] of samples[0]!.memory.entries()) {
        const [first, last] = [samples[0]!.memory[i]!, samples.at(-1)!.memory[i]!];
        const rss = slopePerHour(warm.map((s) => ({ t: s.t / 60, y: s.memory[i]!.rssMb })));
        const heap = slopePerHour(warm.map((s) => ({ t: s.t / 60, y: s.memory[i]!.heapLiveMb })));
        lines.push(
          `    replica ${i + 1}: RSS ${first.rssMb} → ${last.rssMb} MB (${signed(rss)} MB/h); heap ${first.heapLiveMb} → ${last.heapLiveMb} MB (${signed(heap)} MB/h); heap used before GC at the end ${last.heapUsedMb} of ${last.heapTotalMb} MB, external ${last.externalMb} MB`,
        );
      }
      lines.push(
        `    per minute:`,
        ...samples.map((s) => `      ${minuteLine(s)}`),
        `  outbox: backlog (pending or sending) max ${backlogMax.n} at ${backlogMax.t.toFixed(1)} min (sampled every 5 s), final ${final}${final ? ` — NOT drained within ${o.drainSeconds} s` : ` (drained ${(drainedMs / 1000).toFixed(1)} s after the traffic stopped)`}`,
        `    ${rows.length} rows: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}; ${rows.filter((r) => r.attempts > 1).length} needed more than one attempt (max ${Math.max(0, ...rows.map((r) => r.attempts))})`,
        `  delivered: ${sent.length} notifications sent, in ${slackPosts.length} Slack posts and ${teamsPosts.length} Teams posts (combined backlogs count once), and ${api.callsOf('chat.update').length} Slack / ${connector.of('update').length} Teams card updates`,
        `  exactly once: ${orphans.length} posts no outbox row records (duplicates); ${neverReceived.length} rows marked sent whose post never arrived; ${refreshLost.length} card refreshes marked sent and never received; ${noId.length} sent rows without a message id; ${unsent.length} rows not sent; ${after.length} queued by clocks or digests after the traffic stopped, left pending by the stop for the next start`,
        ...orphans.slice(0, 5).map((p) => `    duplicate? ${p.platform} ${p.channel}${p.thread ? ` thread ${p.thread}` : ''} id ${p.id}: "${p.text.slice(0, 100)}" — same as ${sameAs(p)}`),
        ...neverReceived.slice(0, 5).map((r) => `    never received: ${r.key} (${r.platform} ${r.message_id})`),
        ...unsent.slice(0, 8).map((r) => `    not sent: ${r.key} (${r.type}) ${r.status}, ${r.attempts} attempts, queued ${r.created_at.toISOString()}, last error: ${r.last_error ?? '—'}`),
        ...(emptyRefresh.length ? [`    (${emptyRefresh.length} card refreshes had no card in their channel to update: sent with no message id, as designed)`] : []),
        `  Slack posts and updates by replica: ${byReplica.map((n, i) => `replica ${i + 1} ${n}`).join(', ')}`,
        `  429s served: ${[...slackProxy.served, ...teamsProxy.served].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
        `  pacing: Slack ${ALERTS} (paced rows only), shortest gap between posts ${Number.isFinite(minGap) ? `${minGap} ms` : 'n/a'} (≥ 1,000 ms expected)`,
        `  replies saying Pacta failed ("something went wrong"): ${internal.length}${internal.length ? ` — e.g. ${internal[0]!.slice(0, 200)}` : ''}; Block Kit violations: ${api.violations.length}`,
      );
      for (const [i, r] of both.entries()) {
        const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([msg, n]) => `${n}× ${msg}`).join('; ');
        const count = (m: Map<string, number>) => [...m.values()].reduce((a, n) => a + n, 0);
        lines.push(
          `  ${r.name}: stopped by SIGTERM with exit code ${stops[i]!.code} in ${Math.round(stops[i]!.ms)} ms; log: ${count(r.log.errors)} errors${r.log.errors.size ? ` (${top(r.log.errors)})` : ''}, ${count(r.log.warnings)} warnings${r.log.warnings.size ? ` (${top(r.log.warnings)})` : ''}${r.log.crashes.length ? `, crash lines: ${r.log.crashes.slice(0, 2).join(' | ')}` : ''}`,
        );
        await r.log.close();
      }
      ok =
        orphans.length === 0 && neverReceived.length === 0 && refreshLost.length === 0 && noId.length === 0 && unsent.length === 0 && final === 0 && internal.length === 0 && errors === 0 &&
        stops.every((s) => s.code === 0) && both.every((r) => r.log.errors.size === 0 && r.log.crashes.length === 0);
      lines.push(`  verdict: ${ok ? 'every notification delivered exactly once, the backlog drained, no errors' : 'PROBLEMS above'}${o.keepLogs || !ok ? `; replica logs kept in ${dir}` : ''}`);
      if (!ok) process.exitCode = 1;
      return lines;
    } finally {
      for (const r of replicas) r.child.kill('SIGKILL');
      await bare.stop();
      await sql.end({ timeout: 2 });
      await slackProxy.close();
      await teamsProxy.close();
      await api.close();
      await connector.close();
      if (ok && !o.keepLogs) rmSync(dir, { recursive: true, force: true });
    }
  });
}
